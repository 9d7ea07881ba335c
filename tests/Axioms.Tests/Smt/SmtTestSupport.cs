using System.Diagnostics;
using Verifier.Axioms.Smt;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Tests.Smt;

/// <summary>A fact that skips itself when cvc5 is not on the PATH.</summary>
public sealed class Cvc5FactAttribute : FactAttribute
{
    public Cvc5FactAttribute()
    {
        if (!SolverLocator.IsAvailable("cvc5")) Skip = "cvc5 is not installed (apt-get install cvc5)";
    }
}

/// <summary>A temporary directory, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("verifier-smt-test-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>A factory that starts real solver processes and records their ids.</summary>
internal sealed class RecordingFactory : ISmtSolverFactory
{
    public List<int> ProcessIds { get; } = [];

    public ISmtSolver Create(SmtOptions options)
    {
        var process = SmtProcess.Start(options);
        ProcessIds.Add(process.ProcessId);
        return process;
    }
}

internal static class SmtTestSupport
{
    public static Rational Q(string text) => Rational.Parse(text);

    public static Rational[] Point(params string[] coordinates) => coordinates.Select(Q).ToArray();

    /// <summary>True when a process with this id is still running (zombies count as gone).</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            if (p.HasExited) return false;
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            int close = stat.LastIndexOf(')');
            return close < 0 || stat.Length < close + 3 || stat[close + 2] != 'Z';
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
        catch (IOException) { return false; }
    }

    /// <summary>Waits up to two seconds for the process to be gone.</summary>
    public static bool IsGone(int pid)
    {
        for (int i = 0; i < 40; i++)
        {
            if (!IsRunning(pid)) return true;
            Thread.Sleep(50);
        }
        return false;
    }

    /// <summary>An executable shell script in <paramref name="dir"/>.</summary>
    public static string ShellScript(TempDirectory dir, string body)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the fake solvers are shell scripts");
        var path = Path.Combine(dir.Path, "fake-solver.sh");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>Dense layer from rows and bias.</summary>
    public static DenseLayer Dense(Rational[][] rows, Rational[] bias) => new(rows, bias);

    /// <summary>The rows of a dense layer, as mutable arrays.</summary>
    public static Rational[][] Rows(DenseLayer d) => d.Weights.Select(r => r.ToArray()).ToArray();

    /// <summary>A random one-hidden-layer relu network n -> h -> 1.</summary>
    public static Network TwoLayer(int seed, int inputs, int hidden) => RandomNetworks.Create(new Random(seed), [inputs, hidden, 1]);

    /// <summary>
    /// A function-preserving rewrite of a one-hidden-layer relu network: every hidden neuron is split into two neurons
    /// with pre-activations z/3 and 2z/3 (same outgoing weight: relu(z/3) + relu(2z/3) = relu(z)), the split neurons are
    /// listed in reverse order, and the output y is replaced by relu(y) - relu(-y).
    /// </summary>
    public static Network SplitReverseAndPair(Network net)
    {
        var first = (DenseLayer)net.Layers[0];
        var last = (DenseLayer)net.Layers[2];
        var w = Rows(first);
        int h = w.Length;
        var rows = new List<Rational[]>();
        var bias = new List<Rational>();
        var outgoing = new List<Rational>();
        for (int j = h - 1; j >= 0; j--)
        {
            foreach (var part in new[] { new Rational(1, 3), new Rational(2, 3) })
            {
                rows.Add(w[j].Select(x => part * x).ToArray());
                bias.Add(part * first.Bias[j]);
                outgoing.Add(last.Weights[net.Output][j]);
            }
        }
        var layers = new List<Layer>
        {
            new DenseLayer(rows.ToArray(), bias.ToArray()),
            new ReluLayer(),
            new DenseLayer([outgoing.ToArray()], [last.Bias[net.Output]]),
            new DenseLayer([[Rational.One], [Rational.MinusOne]], [Rational.Zero, Rational.Zero]),
            new ReluLayer(),
            new DenseLayer([[Rational.One, Rational.MinusOne]], [Rational.Zero]),
        };
        return new Network(net.Inputs, layers);
    }

    /// <summary>The network with output weight of hidden neuron j changed by delta.</summary>
    public static Network WithOutputWeight(Network net, int j, Rational delta)
    {
        var last = (DenseLayer)net.Layers[2];
        var rows = Rows(last);
        rows[net.Output][j] += delta;
        return new Network(net.Inputs, [net.Layers[0], net.Layers[1], new DenseLayer(rows, [.. last.Bias])], net.Output);
    }

    /// <summary>The network with first-layer weight (j, i) changed by delta.</summary>
    public static Network WithFirstWeight(Network net, int j, int i, Rational delta)
    {
        var first = (DenseLayer)net.Layers[0];
        var rows = Rows(first);
        rows[j][i] += delta;
        return new Network(net.Inputs, [new DenseLayer(rows, [.. first.Bias]), net.Layers[1], net.Layers[2]], net.Output);
    }

    /// <summary>
    /// Two equal networks whose equality needs a case split per neuron: sum_j v_j relu(relu(z_j) - 1) against
    /// sum_j v_j relu(z_j - 1) (relu(relu(z) - 1) = relu(z - 1), but the atoms differ).
    /// </summary>
    public static (Network Deep, Network Shallow) HardPair(int hidden, int seed = 5)
    {
        var net = TwoLayer(seed, 4, hidden);
        var first = (DenseLayer)net.Layers[0];
        var last = (DenseLayer)net.Layers[2];
        var identity = Enumerable.Range(0, hidden).Select(j => Enumerable.Range(0, hidden).Select(k => k == j ? Rational.One : Rational.Zero).ToArray()).ToArray();
        var deep = new Network(4, [first, new ReluLayer(), new DenseLayer(identity, Enumerable.Repeat(Rational.MinusOne, hidden).ToArray()), new ReluLayer(), last]);
        var shifted = new DenseLayer(Rows(first), first.Bias.Select(b => b - 1).ToArray());
        var shallow = new Network(4, [shifted, new ReluLayer(), last]);
        return (deep, shallow);
    }
}
