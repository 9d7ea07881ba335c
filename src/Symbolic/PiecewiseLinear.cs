using Verifier.Symbolic.Expressions;

namespace Verifier.Symbolic;

/// <summary>Recognises the piecewise-linear expressions: affine forms combined by sums, constant multiples, relu,
/// leaky relu, abs, max and min. These are the closed-form functions the SMT layer can encode exactly.</summary>
public static class PiecewiseLinear
{
    /// <summary>Null when <paramref name="f"/> is piecewise linear, otherwise a one-line reason naming the first
    /// offending sub-expression.</summary>
    public static string? Check(Expr f)
    {
        ArgumentNullException.ThrowIfNull(f);
        switch (f)
        {
            case Constant: return null;
            case Variable v: return v.Index == 0 ? "the path parameter t is not a feature" : null;
            case Sum s:
                foreach (var term in s.Terms) if (Check(term) is { } r) return r;
                return null;
            case Product p:
                int nonConstant = p.Factors.Count(x => !x.IsConstant);
                if (nonConstant > 1) return $"'{f}' multiplies two non-constant factors (not piecewise linear)";
                foreach (var factor in p.Factors)
                    if (factor.IsConstant ? factor is not Constant : Check(factor) is not null)
                        return factor.IsConstant ? $"'{factor}' is not a rational constant" : Check(factor);
                return null;
            case Relu or LeakyRelu or Abs:
                return Check(((UnaryFunction)f).Arg);
            case Max or Min:
                foreach (var a in f.Children) if (Check(a) is { } r) return r;
                return null;
            default:
                return $"'{f}' is not piecewise linear (only affine forms, relu, leaky_relu, abs, max and min are)";
        }
    }
}
