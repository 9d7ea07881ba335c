using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using static TorchSharp.torch;

namespace Verifier.NumericBridge.Models;

/// <summary>
/// An expression compiled to tensor operations on a batch <c>[B, n]</c> (x_i is column i - 1), giving <c>[B, 1]</c>.
/// Kinks follow the exact differentiation's defaults (<see cref="KinkConvention.Default"/>): relu'(0) = 0,
/// leaky_relu'(0) = alpha, abs'(0) = 0, step' = 0, and the first maximal (minimal) argument of a max (min) in the
/// expression's canonical order takes the gradient.
/// </summary>
internal sealed class TorchExpression : TorchLayer
{
    private readonly Func<Tensor, Tensor> _f;

    /// <summary>Compiles <paramref name="expression"/> in the variables x1..x<paramref name="dimension"/>.</summary>
    /// <exception cref="ArgumentException">The expression uses t or a variable beyond <paramref name="dimension"/>.</exception>
    /// <exception cref="NotSupportedException">A node has no tensor form.</exception>
    public TorchExpression(Expr expression, int dimension)
    {
        Expression = expression;
        _f = Build(expression, dimension);
    }

    public Expr Expression { get; }

    public override Tensor Forward(Tensor x) => _f(x).unsqueeze(1);

    public override (Tensor S, Tensor Piece)? SplitPoints(Tensor values) =>
        throw new NotSupportedException("an expression model has no exact-line split points (it is not built from a network)");

    private static Func<Tensor, Tensor> Build(Expr e, int dimension)
    {
        Func<Tensor, Tensor> Kid(Expr c) => Build(c, dimension);
        Func<Tensor, Tensor> Unary(Expr arg, Func<Tensor, Tensor> op) { var a = Kid(arg); return x => op(a(x)); }
        Func<Tensor, Tensor> Fold(IEnumerable<Expr> items, Func<Tensor, Tensor, Tensor> op)
        {
            var parts = items.Select(Kid).ToArray();
            return x => parts.Skip(1).Aggregate(parts[0](x), (acc, p) => op(acc, p(x)));
        }
        return e switch
        {
            Constant c => Const(c.Value.ToDouble()),
            Variable { Index: 0 } => throw new ArgumentException("the expression uses the path parameter t; a model's inputs are x1..xn", nameof(e)),
            Variable v when v.Index > dimension =>
                throw new ArgumentException($"the expression uses {v.Name} but the model has {dimension} inputs", nameof(e)),
            Variable v => x => x.select(1, v.Index - 1),
            Sum s => Fold(s.Terms, (a, b) => a + b),
            Product p => Fold(p.Factors, (a, b) => a * b),
            Power w => Unary(w.Base, a => a.pow(w.Exponent)),
            Relu r => Unary(r.Arg, a => nn.functional.relu(a)),
            LeakyRelu l => Unary(l.Arg, a => where(a > 0, a, a * l.Alpha.ToDouble())), // leaky'(0) = alpha, as H(0) = 0
            Abs a => Unary(a.Arg, t => t.abs()),
            Exp x => Unary(x.Arg, a => a.exp()),
            Log g => Unary(g.Arg, a => a.log()),
            Sigmoid s => Unary(s.Arg, a => a.sigmoid()),
            Tanh t => Unary(t.Arg, a => a.tanh()),
            Softplus s => Unary(s.Arg, a => logaddexp(zeros_like(a), a)), // log(1 + e^a) without overflow; softplus'(0) = 1/2
            Heaviside h => Unary(h.Arg, a => (a > 0).to_type(a.dtype) + (a == 0).to_type(a.dtype) * h.AtZero.ToDouble()),
            Max m => Fold(m.Args, (acc, b) => where(b > acc, b, acc)), // strict: the first maximal argument keeps the gradient
            Min m => Fold(m.Args, (acc, b) => where(b < acc, b, acc)),
            _ => throw new NotSupportedException($"an expression node of type {e.GetType().Name} has no tensor form"),
        };
    }

    private static Func<Tensor, Tensor> Const(double value) => x => full([x.shape[0]], value, x.dtype);
}
