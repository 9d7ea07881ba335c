using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Smt;

/// <summary>
/// The questions the toolkit asks an SMT solver about piecewise-linear functions on a box. Each writes a complete,
/// standalone script (declarations, assertions, <c>(check-sat)</c>, <c>(get-value ...)</c>, with the seed, resource
/// limit and timeout of the <see cref="SmtOptions"/>), runs it, and re-checks every model exactly before calling it a
/// counterexample.
/// </summary>
/// <remarks>
/// Encodings are exact in linear real arithmetic: relu atoms shared across scaled pre-activations
/// (<see cref="SmtWriter.Relu"/>), and gradients by forward-mode tangent propagation (<see cref="SmtWriter.Select"/>),
/// with PyTorch's kink conventions (relu'(0) = 0). The approach follows Reluplex-style SMT encodings of relu networks
/// (Katz et al., CAV 2017) with the solver's own arithmetic deciding the cases.
/// </remarks>
public static partial class SmtQueries
{
    /// <summary>Runs a script written with <see cref="SmtWriter"/> and maps the answer (<see cref="SmtAnswer.Run"/>).</summary>
    /// <exception cref="SolverNotFoundException">The solver cannot be found or started.</exception>
    public static SmtResult Run(SmtScript script, SmtOptions? options = null, CancellationToken cancellationToken = default) =>
        SmtAnswer.Run(script, options ?? SmtOptions.Default, cancellationToken);

    /// <summary>
    /// Functional equivalence of two piecewise-linear functions or networks on a box: proved when the solver finds no x in
    /// the box with F(x) != G(x) (unsat); violated with an x where the exact values differ.
    /// </summary>
    /// <remarks>
    /// The two encodings share relu atoms, so a function-preserving rewrite (a neuron split into scaled halves,
    /// <c>relu(z) - relu(-z)</c> in place of z, abs or max through relu) is proved by linear arithmetic alone. A model whose
    /// exact values agree (which would be a solver or encoding error) gives undetermined with that reason.
    /// </remarks>
    /// <exception cref="ArgumentException">The dimensions of F, G and the box differ.</exception>
    /// <exception cref="NotPiecewiseLinearException">F or G is an expression that is not piecewise linear.</exception>
    /// <exception cref="SolverNotFoundException">The solver cannot be found or started.</exception>
    public static EquivalenceResult Equivalent(Subject a, Subject b, InputBox box, SmtOptions? options = null,
                                               CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(box);
        CheckDimension(a, box);
        CheckDimension(b, box);
        SmtRecheck.RequirePiecewiseLinear(a);
        SmtRecheck.RequirePiecewiseLinear(b);
        options ??= SmtOptions.Default;

        var w = new SmtWriter(options, title:
            $"verifier: equivalence of F and G on the box {box}\nF = {SmtRecheck.Describe(a)}\nG = {SmtRecheck.Describe(b)}\n" +
            "sat: a point x with F(x) != G(x); unsat: F = G on the box", cancellationToken: cancellationToken);
        var x = w.DeclareInputs("x", box.Dimension);
        w.AssertBox(x, box);
        var fa = w.Define("F", w.Value(a, x));
        var fb = w.Define("G", w.Value(b, x));
        w.Assert(w.Compare("distinct", fa, fb));
        var run = Run(w.Finish(), options, cancellationToken);

        if (run.Status != SmtStatus.Violated) return new EquivalenceResult(run.Status, run, run.Reason);
        var point = run.Point(InputNames("x", box.Dimension));
        if (!box.Contains(point))
            return new EquivalenceResult(SmtStatus.Undetermined, run, $"the solver's point {SmtRecheck.Point(point)} is outside the box", point);
        var va = SmtRecheck.Value(a, point);
        var vb = SmtRecheck.Value(b, point);
        if (va == vb)
            return new EquivalenceResult(SmtStatus.Undetermined, run,
                $"the solver's point x = {SmtRecheck.Point(point)} does not re-check: F(x) = G(x) = {va}", point, va, vb);
        return new EquivalenceResult(SmtStatus.Violated, run, null, point, va, vb)
        {
            Detail = $"F(x) = {va} != G(x) = {vb} at x = {SmtRecheck.Point(point)}",
        };
    }

    /// <summary>x1..xn style names.</summary>
    internal static string[] InputNames(string prefix, int count) =>
        Enumerable.Range(1, count).Select(i => prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    internal static void CheckDimension(Subject f, InputBox box)
    {
        if (f.Dimension != box.Dimension)
            throw new ArgumentException($"the function has {f.Dimension} inputs but the box has {box.Dimension} coordinates", nameof(box));
    }

    internal static void CheckPoint(Subject f, IReadOnlyList<Rational> point, string parameter)
    {
        ArgumentNullException.ThrowIfNull(point, parameter);
        if (point.Count != f.Dimension)
            throw new ArgumentException($"the function has {f.Dimension} inputs but the point has {point.Count} coordinates", parameter);
    }
}
