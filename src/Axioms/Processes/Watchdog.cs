using System.Diagnostics;

namespace Verifier.Axioms.Processes;

/// <summary>
/// Kills a child process (a solver, an external method) when an armed deadline passes. It runs on a dedicated thread,
/// not on the thread pool, so that a busy pool (many blocked callers, as in a parallel test run) cannot delay the
/// wall-clock backstop.
/// </summary>
internal sealed class Watchdog : IDisposable
{
    private readonly object _gate = new();
    private readonly Action<string> _kill;
    private long? _deadline; // a Stopwatch timestamp
    private string _reason = "";
    private int _generation;
    private bool _stopped;

    /// <summary>A watchdog that calls <paramref name="kill"/> with the armed reason when a deadline passes.</summary>
    public Watchdog(Action<string> kill, string name)
    {
        _kill = kill;
        new Thread(Loop) { IsBackground = true, Name = name }.Start();
    }

    /// <summary>Arms the deadline <paramref name="limit"/> from now; disposing the result disarms it.</summary>
    public IDisposable Arm(TimeSpan limit, string reason)
    {
        lock (_gate)
        {
            _deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
            _reason = reason;
            int generation = ++_generation;
            Monitor.Pulse(_gate);
            return new Arming(this, generation);
        }
    }

    /// <summary>Stops the thread.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            Monitor.Pulse(_gate);
        }
    }

    private void Disarm(int generation)
    {
        lock (_gate)
        {
            if (generation != _generation) return;
            _deadline = null;
            Monitor.Pulse(_gate);
        }
    }

    private void Loop()
    {
        while (true)
        {
            string fire;
            lock (_gate)
            {
                if (_stopped) return;
                if (_deadline is not { } deadline) { Monitor.Wait(_gate); continue; }
                var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                if (remaining > TimeSpan.Zero)
                {
                    Monitor.Wait(_gate, remaining < TimeSpan.FromDays(1) ? remaining : TimeSpan.FromDays(1));
                    continue;
                }
                fire = _reason;
                _deadline = null;
            }
            _kill(fire);
        }
    }

    private sealed class Arming(Watchdog owner, int generation) : IDisposable
    {
        public void Dispose() => owner.Disarm(generation);
    }
}
