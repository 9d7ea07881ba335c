using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Smt;

public static partial class SmtQueries
{
    /// <summary>
    /// Sensitivity(a) of the plain gradient, searched on a box: is there an input x and a baseline x' in the box that
    /// differ in one feature i only, with F(x) != F(x') but attribution ∂_i F(x) = 0? Proved (unsat) means the gradient
    /// satisfies sensitivity(a) for every such pair in the box; violated gives the pair, re-checked exactly.
    /// </summary>
    /// <remarks>
    /// The choice of i is encoded as a disjunction over the features, so one script answers for all of them. The gradient
    /// is the forward-mode tangent with seed e_i (<see cref="SmtWriter.Directional(Subject, IReadOnlyList{LinearTerm}, IReadOnlyList{LinearTerm})"/>),
    /// with relu'(0) = 0 (PyTorch's convention): the attribution a framework would report. Sundararajan, Taly, Yan 2017,
    /// section 2.1: F(x) = 1 - relu(1 - x) with x = 2, x' = 0 has F(x) - F(x') = 1 and gradient 0 at x.
    /// </remarks>
    /// <exception cref="ArgumentException">The dimensions of F and the box differ.</exception>
    /// <exception cref="NotPiecewiseLinearException">F is an expression that is not piecewise linear.</exception>
    /// <exception cref="SolverNotFoundException">The solver cannot be found or started.</exception>
    public static SensitivityResult GradientSensitivityA(Subject f, InputBox box, SmtOptions? options = null,
                                                         CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(box);
        CheckDimension(f, box);
        SmtRecheck.RequirePiecewiseLinear(f);
        options ??= SmtOptions.Default;
        int n = box.Dimension;

        var w = new SmtWriter(options, title:
            $"verifier: sensitivity(a) of the gradient on the box {box}\nF = {SmtRecheck.Describe(f)}\n" +
            "x and xp (the baseline x') differ in one feature i only, F(x) != F(xp), and dF/dx_i(x) = 0 (relu'(0) = 0)\n" +
            "sat: a violating pair; unsat: sensitivity(a) holds on the box", cancellationToken: cancellationToken);
        var x = w.DeclareInputs("x", n);
        var xp = w.DeclareInputs("xp", n);
        w.AssertBox(x, box);
        w.AssertBox(xp, box);
        var fx = w.Define("F", w.Value(f, x));
        var fxp = w.Define("Fp", w.Value(f, xp));
        w.Assert(w.Compare("distinct", fx, fxp));
        var cases = new List<string>(n);
        for (int i = 0; i < n; i++)
        {
            var seed = Enumerable.Range(0, n).Select(j => j == i ? LinearTerm.Const(Rational.One) : LinearTerm.Zero).ToArray();
            var partial = w.Define("g" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), w.Directional(f, x, seed));
            var conditions = Enumerable.Range(0, n).Where(j => j != i).Select(j => w.Compare("=", x[j], xp[j])).ToList();
            conditions.Add(w.Compare("=", partial, LinearTerm.Zero));
            cases.Add(SmtWriter.And(conditions));
        }
        w.Assert(SmtWriter.Or(cases));
        var run = Run(w.Finish(), options, cancellationToken);

        if (run.Status != SmtStatus.Violated) return new SensitivityResult(run.Status, run, run.Reason);
        var input = run.Point(InputNames("x", n));
        var baseline = run.Point(InputNames("xp", n));
        var differing = Enumerable.Range(0, n).Where(j => input[j] != baseline[j]).ToList();
        string at = $"x = {SmtRecheck.Point(input)}, x' = {SmtRecheck.Point(baseline)}";
        if (!box.Contains(input) || !box.Contains(baseline))
            return new SensitivityResult(SmtStatus.Undetermined, run, $"the solver's points {at} leave the box", input, baseline);
        if (differing.Count != 1)
            return new SensitivityResult(SmtStatus.Undetermined, run,
                $"the solver's points {at} differ in {differing.Count} features, not one", input, baseline);
        int feature = differing[0];
        var fIn = SmtRecheck.Value(f, input);
        var fBase = SmtRecheck.Value(f, baseline);
        var partialAt = SmtRecheck.Gradient(f, input)[feature];
        if (fIn == fBase || !partialAt.IsZero)
            return new SensitivityResult(SmtStatus.Undetermined, run,
                $"the solver's points {at} do not re-check: F(x) = {fIn}, F(x') = {fBase}, dF/dx{feature + 1}(x) = {partialAt}",
                input, baseline, feature + 1, fIn, fBase, partialAt);
        return new SensitivityResult(SmtStatus.Violated, run, null, input, baseline, feature + 1, fIn, fBase, partialAt)
        {
            Detail = $"x and x' differ only in x{feature + 1}, F(x) = {fIn} != F(x') = {fBase}, but dF/dx{feature + 1}(x) = 0 ({at})",
        };
    }
}
