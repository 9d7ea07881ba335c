using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Expressions;

public abstract partial record Expr
{
    /// <summary>The exact partial derivative with respect to variable <paramref name="variable"/> (0 = t), under
    /// PyTorch's kink convention (<see cref="KinkConvention.Default"/>: relu'(0) = 0).</summary>
    public Expr Differentiate(int variable) => Differentiate(variable, KinkConvention.Default);

    /// <summary>The exact partial derivative under an explicit kink convention: the Heaviside step that relu' and
    /// leaky_relu' produce takes <see cref="KinkConvention.ReluGradientAtZero"/> at 0; abs'(0) = 0 always, and at ties of
    /// max and min the first maximal (minimal) argument in canonical order takes the derivative.</summary>
    public abstract Expr Differentiate(int variable, KinkConvention convention);

    /// <summary>The gradient (d/dx1 ... d/dxn) under <paramref name="convention"/> (default PyTorch's).</summary>
    public Expr[] Gradient(int dimension, KinkConvention? convention = null)
    {
        var g = new Expr[dimension];
        for (int i = 0; i < dimension; i++) g[i] = Differentiate(i + 1, convention ?? KinkConvention.Default);
        return g;
    }
}

public sealed partial record Constant
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, KinkConvention convention) => Ex.Zero; // c' = 0
}

public sealed partial record Variable
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, KinkConvention convention) => Index == variable ? Ex.One : Ex.Zero; // dx_i/dx_j = [i = j]
}

public sealed partial record Sum
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, KinkConvention convention) =>
        Ex.Sum(Terms.Select(t => t.Differentiate(variable, convention))); // (f + g)' = f' + g'
}

public sealed partial record Product
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, KinkConvention convention)
    {
        // (f g h)' = f' g h + f g' h + f g h'
        var terms = new List<Expr>();
        for (int i = 0; i < Factors.Count; i++)
        {
            var d = Factors[i].Differentiate(variable, convention);
            if (d is Constant { Value.IsZero: true }) continue;
            var fs = new Expr[Factors.Count];
            for (int j = 0; j < fs.Length; j++) fs[j] = i == j ? d : Factors[j];
            terms.Add(Ex.Product(fs));
        }
        return Ex.Sum(terms);
    }
}

public sealed partial record Power
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, KinkConvention convention) =>
        Ex.Product(Ex.Const(Exponent), Ex.Pow(Base, Exponent - 1), Base.Differentiate(variable, convention)); // (b^n)' = n b^(n-1) b'
}

public sealed partial record Relu
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, KinkConvention convention) =>
        Ex.Product(Ex.Step(Arg, convention.ReluGradientAtZero), Arg.Differentiate(variable, convention)); // relu(a)' = H(a) a'
}

public sealed partial record LeakyRelu
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, KinkConvention convention) =>
        // leaky(a)' = (alpha + (1 - alpha) H(a)) a'
        Ex.Product(Ex.Sum(Ex.Const(Alpha), Ex.Product(Ex.Const(Rational.One - Alpha), Ex.Step(Arg, convention.ReluGradientAtZero))),
                   Arg.Differentiate(variable, convention));
}

public sealed partial record Abs
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, KinkConvention convention) =>
        // |a|' = (H(a) - H(-a)) a', which is 0 at a = 0 whatever the step convention
        Ex.Product(Ex.Sum(Ex.Step(Arg, convention.ReluGradientAtZero), Ex.Negate(Ex.Step(Ex.Negate(Arg), convention.ReluGradientAtZero))),
                   Arg.Differentiate(variable, convention));
}

public sealed partial record Exp
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, KinkConvention convention) =>
        Ex.Product(this, Arg.Differentiate(variable, convention)); // exp(a)' = exp(a) a'
}

public sealed partial record Log
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, KinkConvention convention) =>
        Ex.Divide(Arg.Differentiate(variable, convention), Arg); // log(a)' = a' / a
}

public sealed partial record Sigmoid
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, KinkConvention convention) =>
        // sigmoid(a)' = sigmoid(a) (1 - sigmoid(a)) a'
        Ex.Product(Ex.Sum(this, Ex.Negate(Ex.Pow(this, 2))), Arg.Differentiate(variable, convention));
}

public sealed partial record Tanh
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, KinkConvention convention) =>
        Ex.Product(Ex.Sum(Ex.One, Ex.Negate(Ex.Pow(this, 2))), Arg.Differentiate(variable, convention)); // tanh(a)' = (1 - tanh(a)^2) a'
}

public sealed partial record Softplus
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, KinkConvention convention) =>
        Ex.Product(Ex.Sigmoid(Arg), Arg.Differentiate(variable, convention)); // softplus(a)' = sigmoid(a) a'
}

public sealed partial record Heaviside
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, KinkConvention convention) => Ex.Zero; // H(a)' = 0 almost everywhere
}

public sealed partial record Max
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, KinkConvention convention) => Extremum.Derivative(Args, variable, convention, isMax: true);
}

public sealed partial record Min
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, KinkConvention convention) => Extremum.Derivative(Args, variable, convention, isMax: false);
}

/// <summary>Shared derivative of max and min.</summary>
internal static class Extremum
{
    // max(a_1..a_n)' = sum_i [a_i is the first maximal argument] a_i', where "first maximal" is
    // a_i > a_j for j < i and a_i >= a_j for j > i (for min, the inequalities reversed).
    public static Expr Derivative(ExprList args, int variable, KinkConvention convention, bool isMax)
    {
        var terms = new List<Expr>();
        for (int i = 0; i < args.Count; i++)
        {
            var d = args[i].Differentiate(variable, convention);
            if (d is Constant { Value.IsZero: true }) continue;
            var factors = new List<Expr> { d };
            for (int j = 0; j < args.Count; j++)
            {
                if (j == i) continue;
                var gap = isMax ? args[i] - args[j] : args[j] - args[i];
                factors.Add(Ex.Step(gap, j < i ? Rational.Zero : Rational.One));
            }
            terms.Add(Ex.Product(factors));
        }
        return Ex.Sum(terms);
    }
}
