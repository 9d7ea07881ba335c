using System.Globalization;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Smt;

public static partial class SmtQueries
{
    /// <summary>
    /// Non-decreasing positivity over convex combinations of monomials: given the attributions of each monomial
    /// (<c>M[i][alpha]</c> = attribution of feature i for the monomial alpha, computed by the caller with exact path
    /// integrals), is there c &gt;= 0 with sum c = 1 such that F = sum_alpha c_alpha m_alpha gets a negative attribution
    /// <c>A_i = sum_alpha c_alpha M[i][alpha] &lt; 0</c>? Proved (unsat): no convex combination does; violated: c, re-checked exactly.
    /// </summary>
    /// <param name="attributions">The matrix M, one row per feature, one column per monomial.</param>
    /// <param name="monomialNames">Optional names of the monomials for the script's comments.</param>
    /// <param name="options">Solver options.</param>
    /// <param name="cancellationToken">Cancels the solver run.</param>
    /// <remarks>Linear real arithmetic (an LP feasibility question). Lundstrom, Huang, Razaviyayn, ICML 2022, on
    /// non-decreasing positivity of path methods.</remarks>
    /// <exception cref="ArgumentException">The matrix is empty or ragged, or the names do not match its columns.</exception>
    /// <exception cref="SolverNotFoundException">The solver cannot be found or started.</exception>
    public static PositivityResult NonDecreasingPositivityViolation(IReadOnlyList<IReadOnlyList<Rational>> attributions,
        IReadOnlyList<string>? monomialNames = null, SmtOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attributions);
        if (attributions.Count == 0 || attributions[0] is null || attributions[0].Count == 0)
            throw new ArgumentException("the attribution matrix needs at least one feature row and one monomial column", nameof(attributions));
        int features = attributions.Count, monomials = attributions[0].Count;
        for (int i = 0; i < features; i++)
            if (attributions[i] is null || attributions[i].Count != monomials)
                throw new ArgumentException($"row {i} of the attribution matrix has {attributions[i]?.Count ?? 0} entries, row 0 has {monomials}", nameof(attributions));
        if (monomialNames is not null && monomialNames.Count != monomials)
            throw new ArgumentException($"{monomialNames.Count} monomial names for {monomials} columns", nameof(monomialNames));
        options ??= SmtOptions.Default;

        var w = new SmtWriter(options, title:
            "verifier: non-decreasing positivity over convex combinations of monomials\n" +
            "c_alpha >= 0, sum c = 1, and some attribution A_i = sum_alpha c_alpha M[i][alpha] < 0\n" +
            "sat: such coefficients; unsat: every convex combination has non-negative attributions", cancellationToken: cancellationToken);
        if (monomialNames is not null)
            for (int a = 0; a < monomials; a++) w.Comment($"c{(a + 1).ToString(CultureInfo.InvariantCulture)}: {monomialNames[a]}");
        var c = w.DeclareInputs("c", monomials);
        var total = LinearTerm.Zero;
        foreach (var ca in c)
        {
            w.Assert(w.Compare(">=", ca, LinearTerm.Zero));
            total += ca;
        }
        w.Assert(w.Compare("=", total, LinearTerm.Const(Rational.One)));
        var negative = new List<string>(features);
        for (int i = 0; i < features; i++)
        {
            var ai = LinearTerm.Zero;
            for (int a = 0; a < monomials; a++) ai += attributions[i][a] * c[a];
            var named = w.Define("A" + (i + 1).ToString(CultureInfo.InvariantCulture), ai);
            negative.Add(w.Compare("<", named, LinearTerm.Zero));
        }
        w.Assert(SmtWriter.Or(negative));
        var run = Run(w.Finish(), options, cancellationToken);

        if (run.Status != SmtStatus.Violated) return new PositivityResult(run.Status, run, run.Reason);
        var coefficients = run.Point(InputNames("c", monomials));
        var values = new Rational[features];
        for (int i = 0; i < features; i++)
            for (int a = 0; a < monomials; a++) values[i] += coefficients[a] * attributions[i][a];
        int feature = Array.FindIndex(values, v => v.Sign < 0);
        bool convex = coefficients.All(x => x.Sign >= 0) && coefficients.Aggregate(Rational.Zero, (s, x) => s + x) == Rational.One;
        if (feature < 0 || !convex)
            return new PositivityResult(SmtStatus.Undetermined, run,
                $"the solver's coefficients {SmtRecheck.Point(coefficients)} do not re-check: attributions {SmtRecheck.Point(values)}",
                coefficients, values);
        return new PositivityResult(SmtStatus.Violated, run, null, coefficients, values, feature + 1)
        {
            Detail = $"c = {SmtRecheck.Point(coefficients)} gives A{feature + 1} = {values[feature]} < 0",
        };
    }
}
