using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using MaxNode = Verifier.Symbolic.Expressions.Max;
using MinNode = Verifier.Symbolic.Expressions.Min;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Smt;

public sealed partial class SmtWriter
{
    /// <summary>A piecewise-linear expression at the input terms (x_i is <c>inputs[i - 1]</c>).</summary>
    /// <exception cref="NotPiecewiseLinearException">The expression is not piecewise linear; the message names the offending sub-expression.</exception>
    /// <exception cref="ArgumentException">There are fewer input terms than the expression's largest variable index.</exception>
    public LinearTerm Value(Expr f, IReadOnlyList<LinearTerm> inputs)
    {
        ArgumentNullException.ThrowIfNull(f);
        NotPiecewiseLinearException.ThrowIfNotPiecewiseLinear(f);
        CheckCovers(f, inputs, nameof(inputs));
        Comment($"value of {f}");
        return new ExprEncoder(this, inputs, null).Encode(f).Value;
    }

    /// <summary>The directional derivative of a piecewise-linear expression along <paramref name="direction"/> at the
    /// input terms (see <see cref="Directional(Subject, IReadOnlyList{LinearTerm}, IReadOnlyList{LinearTerm})"/>).</summary>
    /// <exception cref="NotPiecewiseLinearException">The expression is not piecewise linear.</exception>
    /// <exception cref="ArgumentException">Too few input or direction terms.</exception>
    public LinearTerm Directional(Expr f, IReadOnlyList<LinearTerm> inputs, IReadOnlyList<LinearTerm> direction)
    {
        ArgumentNullException.ThrowIfNull(f);
        NotPiecewiseLinearException.ThrowIfNotPiecewiseLinear(f);
        CheckCovers(f, inputs, nameof(inputs));
        CheckCovers(f, direction, nameof(direction));
        Comment($"directional derivative of {f}");
        return new ExprEncoder(this, inputs, direction).Encode(f).Tangent!;
    }

    private static void CheckCovers(Expr f, IReadOnlyList<LinearTerm> terms, string parameter)
    {
        ArgumentNullException.ThrowIfNull(terms, parameter);
        if (terms.Count < f.MaxVariableIndex)
            throw new ArgumentException($"the function uses x{f.MaxVariableIndex} but {terms.Count} terms were given", parameter);
    }

    /// <summary>Encodes one expression tree, value and (optionally) tangent, sharing equal sub-expressions.</summary>
    private sealed class ExprEncoder(SmtWriter writer, IReadOnlyList<LinearTerm> inputs, IReadOnlyList<LinearTerm>? direction)
    {
        private readonly Dictionary<Expr, (LinearTerm Value, LinearTerm? Tangent)> _memo = [];
        private bool WithTangent => direction is not null;

        public (LinearTerm Value, LinearTerm? Tangent) Encode(Expr e)
        {
            if (_memo.TryGetValue(e, out var done)) return done;
            var result = EncodeNode(e);
            _memo[e] = result;
            return result;
        }

        private (LinearTerm, LinearTerm?) EncodeNode(Expr e)
        {
            switch (e)
            {
                case Constant c:
                    return (c.Value, Zero());
                case Variable { Index: > 0 } v:
                    return (inputs[v.Index - 1], direction?[v.Index - 1]);
                case Sum s:
                {
                    LinearTerm value = LinearTerm.Zero, tangent = LinearTerm.Zero;
                    foreach (var term in s.Terms)
                    {
                        var (tv, tt) = Encode(term);
                        value += tv;
                        if (WithTangent) tangent += tt!; // (a + b)' = a' + b'
                    }
                    return (value, WithTangent ? tangent : null);
                }
                case Product p:
                {
                    // At most one factor with variables (checked): (c a)' = c a'. Constancy is the expression's, not the
                    // encoded value's: at a constant input point x1 has a constant value but still a tangent.
                    Rational coefficient = Rational.One;
                    (LinearTerm, LinearTerm?)? variable = null;
                    foreach (var factor in p.Factors)
                    {
                        var encoded = Encode(factor);
                        if (factor.IsConstant && encoded.Item1.IsConstant) coefficient *= encoded.Item1.Constant;
                        else if (variable is null) variable = encoded;
                        else throw new NotPiecewiseLinearException(e, $"'{e}' multiplies two non-constant factors (not piecewise linear)");
                    }
                    if (variable is not { } v) return (coefficient, Zero());
                    return (coefficient * v.Item1, WithTangent ? coefficient * v.Item2! : null);
                }
                case Power pw:
                {
                    var (b, _) = Encode(pw.Base);
                    if (!pw.Base.IsConstant || !b.IsConstant) throw new NotPiecewiseLinearException(e, $"'{e}' is a power of a non-constant (not piecewise linear)");
                    return (b.Constant.Pow(pw.Exponent), Zero());
                }
                case Relu r:
                {
                    var (u, du) = Encode(r.Arg);
                    return (writer.Relu(u), WithTangent ? writer.Select(u, du!, LinearTerm.Zero) : null); // relu(a)' = [a > 0] a'
                }
                case LeakyRelu l:
                {
                    var (u, du) = Encode(l.Arg);
                    return (writer.LeakyRelu(u, l.Alpha), WithTangent ? writer.Select(u, du!, l.Alpha * du!) : null); // 1 or alpha
                }
                case Abs a:
                {
                    var (u, du) = Encode(a.Arg);
                    return (writer.Abs(u), WithTangent ? writer.Select(u, du!, writer.Select(-u, -du!, LinearTerm.Zero)) : null); // sign(a) a'
                }
                case MaxNode or MinNode:
                {
                    bool isMax = e is MaxNode;
                    var (m, dm) = Encode(e.Children[0]);
                    for (int i = 1; i < e.Children.Count; i++)
                    {
                        var (a, da) = Encode(e.Children[i]);
                        (m, dm) = writer.Extremum(m, dm, a, da, isMax); // the first extremal argument wins a tie
                    }
                    return (m, dm);
                }
                default:
                    throw new NotPiecewiseLinearException(e, $"'{e}' is not piecewise linear (only affine forms, relu, leaky_relu, abs, max and min are)");
            }
        }

        private LinearTerm? Zero() => WithTangent ? LinearTerm.Zero : null;
    }
}
