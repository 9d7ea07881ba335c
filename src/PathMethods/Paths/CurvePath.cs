using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Restriction;
using Verifier.Symbolic.Roots;

namespace Verifier.PathMethods.Paths;

/// <summary>
/// A curve gamma_i(t) = x'_i + (x_i - x'_i) h_i(t), each h_i an expression in t (variable index 0) with
/// h_i(0) = 0 and h_i(1) = 1, checked exactly.
/// </summary>
/// <remarks>Seed 004, section 2: the general path method A_i = integral_0^1 dF/dx_i(gamma(t)) gamma_i'(t) dt.</remarks>
public sealed class CurvePath : AttributionPath
{
    private readonly Expr[] _h;

    /// <summary>Builds the curve from one h_i per feature.</summary>
    /// <exception cref="ArgumentException">The number of h_i differs from the dimension, an h_i contains x_j, or
    /// h_i(0) != 0 or h_i(1) != 1 (the message names i and the value).</exception>
    public CurvePath(IReadOnlyList<Rational> baseline, IReadOnlyList<Rational> input, IReadOnlyList<Expr> h)
        : base(baseline, input)
    {
        ArgumentNullException.ThrowIfNull(h);
        if (h.Count != Dimension)
            throw new ArgumentException($"the curve has {h.Count} functions h_i but the baseline and input have {Dimension} coordinates");
        for (int i = 0; i < h.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(h[i]);
            if (h[i].MaxVariableIndex > 0)
                throw new ArgumentException($"h_{i + 1} = {h[i]} must be a function of t only");
            CheckEnd(h[i], i, Rational.Zero);
            CheckEnd(h[i], i, Rational.One);
        }
        _h = [.. h];
        Gamma = Enumerable.Range(0, Dimension)
            .Select(i => Ex.Sum(Ex.Const(Baseline[i]), Ex.Product(Ex.Const(Input[i] - Baseline[i]), _h[i])))
            .ToArray();
    }

    /// <summary>The functions h_1..h_n of t.</summary>
    public IReadOnlyList<Expr> H => _h;

    /// <summary>The coordinates gamma_i(t) = x'_i + (x_i - x'_i) h_i(t) as expressions in t.</summary>
    public IReadOnlyList<Expr> Gamma { get; }

    /// <inheritdoc />
    public override string Spec => "curve:" + string.Join(";", _h.Select(e => e.ToString()));

    /// <summary>
    /// Decided exactly where every moving coordinate's h_i is a polynomial (monotone iff h_i' keeps one sign on
    /// (0, 1), judged between its isolated real roots); null when some h_i is not a polynomial.
    /// </summary>
    public override bool? IsMonotone
    {
        get
        {
            bool unknown = false;
            for (int i = 0; i < Dimension; i++)
            {
                if (Input[i] == Baseline[i]) continue; // gamma_i is constant
                var p = UnivariatePolynomial.FromExpr(_h[i], 0);
                if (p is null) { unknown = true; continue; }
                if (!HasOneSign(p.Derivative())) return false;
            }
            return unknown ? null : true;
        }
    }

    private static bool HasOneSign(UnivariatePolynomial derivative)
    {
        if (derivative.Degree <= 0) return true;
        var bounds = new List<Breakpoint> { Breakpoint.At(Rational.Zero) };
        foreach (var root in RealRoots.Isolate(derivative, Rational.Zero, Rational.One))
        {
            var b = Breakpoint.FromRoot(root, derivative);
            if (b.CompareTo(bounds[^1]) > 0 && b.CompareTo(Breakpoint.At(Rational.One)) < 0) bounds.Add(b);
        }
        bounds.Add(Breakpoint.At(Rational.One));
        int sign = 0;
        for (int j = 0; j + 1 < bounds.Count; j++)
        {
            int s = derivative.Evaluate(Breakpoint.Between(bounds[j], bounds[j + 1])).Sign;
            if (s == 0) continue;
            if (sign != 0 && s != sign) return false;
            sign = s;
        }
        return true;
    }

    private static void CheckEnd(Expr h, int i, Rational t)
    {
        var value = h.Substitute(new Dictionary<int, Expr> { [0] = Ex.Const(t) });
        if (value is not Constant c)
            throw new ArgumentException($"h_{i + 1}({t}) = {value} could not be shown to equal {t} exactly; h_{i + 1}(0) must be 0 and h_{i + 1}(1) must be 1");
        if (c.Value != t)
            throw new ArgumentException($"h_{i + 1}({t}) = {c.Value}, but h_{i + 1}(0) must be 0 and h_{i + 1}(1) must be 1");
    }
}
