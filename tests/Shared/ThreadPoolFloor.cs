using System.Runtime.CompilerServices;

namespace Verifier.Tests.Shared;

/// <summary>
/// Raises the thread pool's minimum when a test assembly loads. xunit runs test classes in parallel, and many of these
/// tests block a pool thread while a child process runs; the pool then adds threads only about one per half second, so a
/// timer callback (a CancellationTokenSource's timeout) or an async read's completion can wait seconds for a thread. Tests
/// that bound how soon a cancellation or a signal takes effect then fail for the test host's sake, not the code's: two CI
/// runs on the 2-core machine saw 4.4 s and 6.6 s where the code under test had acted within a second.
/// </summary>
internal static class ThreadPoolFloor
{
    [ModuleInitializer]
    internal static void Raise()
    {
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
    }
}
