using System.Collections.Concurrent;
using System.Text;
using Verifier.Axioms.Processes;

namespace Verifier.Axioms.External;

/// <summary>
/// One run of an external method's process: its <see cref="ChildProcess"/> and its standard output cut into lines at
/// <c>\n</c> only (JSON Lines; a <c>\r</c> before it is JSON whitespace). A line longer than the limit kills the process.
/// </summary>
internal sealed class MethodProcess : IDisposable
{
    private readonly BlockingCollection<string> _lines = new();
    private readonly StringBuilder _partial = new();
    private readonly int _maxLine;
    private ChildProcess _child = null!; // set by Start
    private MethodFault? _killed;

    private MethodProcess(int maxLine) => _maxLine = maxLine;

    /// <summary>The process.</summary>
    public ChildProcess Child => _child;

    /// <summary>Why the process was killed (a timeout, a cancellation, an over-long line), or null.</summary>
    public MethodFault? Killed => Volatile.Read(ref _killed);

    /// <summary>Starts the command.</summary>
    /// <exception cref="ChildProcessStartException">It cannot be started.</exception>
    public static MethodProcess Start(IReadOnlyList<string> command, ExternalMethodOptions options)
    {
        var run = new MethodProcess(options.MaxLineLength);
        var start = new ChildProcessStart(command[0], command.Skip(1).ToArray())
        {
            WorkingDirectory = options.WorkingDirectory,
            Environment = options.Environment,
        };
        run._child = ChildProcess.Start(start, run.OnOutput, run.OnOutputEnd);
        return run;
    }

    /// <summary>The next non-blank line, or null when the output ended (exit, kill). Blocks until one of them.</summary>
    public string? NextLine()
    {
        while (true)
        {
            string line;
            try
            {
                if (!_lines.TryTake(out line!, Timeout.Infinite)) return null;
            }
            catch (ObjectDisposedException) { return null; }
            if (!string.IsNullOrWhiteSpace(line)) return line;
        }
    }

    /// <summary>Kills the process group for the given fault (the first fault wins) and ends the output.</summary>
    public void Kill(MethodFault fault)
    {
        Interlocked.CompareExchange(ref _killed, fault, null);
        _child.Kill(fault.Reason);
    }

    /// <summary>Closes standard input, waits at most <paramref name="grace"/> for the process to exit, then kills what is left.</summary>
    public void Stop(TimeSpan grace)
    {
        _child.Stop(grace);
        _lines.Dispose();
    }

    /// <summary>Kills the process group at once.</summary>
    public void Dispose() => Stop(TimeSpan.Zero);

    private void OnOutput(char[] buffer, int count)
    {
        var span = buffer.AsSpan(0, count);
        while (span.Length > 0)
        {
            int nl = span.IndexOf('\n');
            var piece = nl < 0 ? span : span[..nl];
            if (_partial.Length + piece.Length > _maxLine)
            {
                _partial.Clear();
                Kill(new MethodFault(MethodFaultKind.Garbage, $"a line longer than {_maxLine} characters; the method process was killed"));
                return;
            }
            _partial.Append(piece);
            if (nl < 0) return;
            Add(_partial.ToString());
            _partial.Clear();
            span = span[(nl + 1)..];
        }
    }

    private void OnOutputEnd()
    {
        if (_partial.Length > 0) Add(_partial.ToString()); // a last line without its line break
        _partial.Clear();
        try { _lines.CompleteAdding(); }
        catch (ObjectDisposedException) { }
    }

    private void Add(string line)
    {
        try { _lines.Add(line); }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException) { }
    }
}
