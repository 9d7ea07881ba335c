using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Integration;

/// <summary>An affine argument u = a + b t with variable-free a and b, and b of certified non-zero sign.</summary>
internal sealed record AffineArg(Expr U, Expr Slope)
{
    /// <summary>The affine argument t itself.</summary>
    public static readonly AffineArg T = new(Ex.T, Ex.One);

    /// <summary>u as an affine argument, or null when u is not affine in t (or its slope's sign is unknown).</summary>
    public static AffineArg? TryCreate(Expr u)
    {
        if (u.MaxVariableIndex != 0) return null;
        Expr slope;
        try { slope = u.Differentiate(0); }
        catch (ArithmeticException) { return null; }
        if (!slope.IsConstant || Ex.KnownSign(slope) is null or 0) return null;
        return new AffineArg(u, slope);
    }

    /// <summary>u at a rational t, as a (canonical) variable-free expression.</summary>
    public Expr At(Rational t, ExactOptions? options) => U.Substitute(new Dictionary<int, Expr> { [0] = Ex.Const(t) }, options);

    /// <summary>The root -a/b, printed exactly when rational and approximately otherwise.</summary>
    public string DescribeRoot()
    {
        var root = Ex.Divide(Ex.Negate(At(Rational.Zero, null)), Slope);
        return root is Constant c ? c.Value.ToString() : "≈ " + root.EvalDouble([]).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// An antiderivative F of g split by how it is evaluated: a smooth part (an ordinary expression), terms
/// c log|u| (from u^-1) and c u log u (from log u) with u affine, and the conditions under which F is an
/// antiderivative on an interval: the arguments in <see cref="NonZero"/> must not vanish there (poles), those in
/// <see cref="NonNegative"/> must be positive inside it (domain of log).
/// </summary>
internal sealed class AntiderivativeParts
{
    /// <summary>Terms of F that are ordinary expressions in t.</summary>
    public List<Expr> Smooth { get; } = [];
    /// <summary>Terms coefficient * log|u|.</summary>
    public List<(Expr Coefficient, AffineArg U)> LogAbs { get; } = [];
    /// <summary>Terms coefficient * u log u (0 where u = 0).</summary>
    public List<(Expr Coefficient, AffineArg U)> XLogX { get; } = [];
    /// <summary>Arguments with negative powers in g: g has a pole where one vanishes.</summary>
    public List<AffineArg> NonZero { get; } = [];
    /// <summary>Arguments of logarithms in g: g is undefined where one is negative.</summary>
    public List<AffineArg> NonNegative { get; } = [];

    /// <summary>Appends the parts of another antiderivative (linearity).</summary>
    public void AddRange(AntiderivativeParts other)
    {
        Smooth.AddRange(other.Smooth);
        LogAbs.AddRange(other.LogAbs);
        XLogX.AddRange(other.XLogX);
        NonZero.AddRange(other.NonZero);
        NonNegative.AddRange(other.NonNegative);
    }

    /// <summary>F as one expression, valid where every log argument is positive; null when F needs log|u|.</summary>
    public Expr? AsExpression() =>
        LogAbs.Count > 0 ? null : Ex.Sum(Smooth.Concat(XLogX.Select(x => Ex.Product(x.Coefficient, x.U.U, Ex.Log(x.U.U)))));

    /// <summary>
    /// F as one expression valid on an interval where each u in <see cref="LogAbs"/> has the given sign
    /// (log|u| = log(sign * u)) and each log argument is positive.
    /// </summary>
    public Expr WithSigns(IReadOnlyList<int> logAbsSigns) =>
        Ex.Sum(Smooth
            .Concat(LogAbs.Select((x, i) => Ex.Product(x.Coefficient, Ex.Log(logAbsSigns[i] < 0 ? Ex.Negate(x.U.U) : x.U.U))))
            .Concat(XLogX.Select(x => Ex.Product(x.Coefficient, x.U.U, Ex.Log(x.U.U)))));

    /// <summary>
    /// F at a rational t as a canonical variable-free expression. The caller has checked that no argument in
    /// <see cref="NonZero"/> vanishes and no log argument is negative at t.
    /// </summary>
    public Expr ValueAt(Rational t, ExactOptions options)
    {
        var map = new Dictionary<int, Expr> { [0] = Ex.Const(t) };
        var terms = new List<Expr> { Ex.Sum(Smooth).Substitute(map, options) };
        foreach (var (c, u) in LogAbs)
        {
            var v = u.At(t, options);
            terms.Add(Ex.Product(c, Ex.Log(Ex.KnownSign(v) < 0 ? Ex.Negate(v) : v))); // c log|u(t)|
        }
        foreach (var (c, u) in XLogX)
        {
            var v = u.At(t, options);
            if (v is Constant { Value.IsZero: true }) continue; // u log u -> 0 as u -> 0+
            terms.Add(Ex.Product(c, v, Ex.Log(v)));
        }
        return Ex.Sum(terms);
    }
}
