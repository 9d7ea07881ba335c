using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Expressions;

/// <summary>Conventions of differentiation at kinks.</summary>
/// <param name="StepAtZero">The value of the Heaviside step at 0, i.e. relu'(0); default 0 as in PyTorch.
/// abs'(0) is always 0 (PyTorch's sign(0)); leaky_relu'(0) = alpha + (1 - alpha) * StepAtZero.
/// For max and min, at ties the first maximal (minimal) argument in canonical order takes the derivative.</param>
public sealed record DiffOptions(Rational StepAtZero = default)
{
    /// <summary>The default conventions (relu'(0) = 0).</summary>
    public static readonly DiffOptions Default = new();
}

public abstract partial record Expr
{
    /// <summary>The exact partial derivative with respect to variable <paramref name="variable"/> (0 = t).</summary>
    public Expr Differentiate(int variable) => Differentiate(variable, DiffOptions.Default);

    /// <summary>The exact partial derivative, with explicit kink conventions.</summary>
    public abstract Expr Differentiate(int variable, DiffOptions options);

    /// <summary>The gradient (d/dx1 ... d/dxn).</summary>
    public Expr[] Gradient(int dimension, DiffOptions? options = null)
    {
        var g = new Expr[dimension];
        for (int i = 0; i < dimension; i++) g[i] = Differentiate(i + 1, options ?? DiffOptions.Default);
        return g;
    }
}

public sealed partial record Constant
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, DiffOptions options) => Ex.Zero; // c' = 0
}

public sealed partial record Variable
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, DiffOptions options) => Index == variable ? Ex.One : Ex.Zero; // dx_i/dx_j = [i = j]
}

public sealed partial record Sum
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, DiffOptions options) =>
        Ex.Sum(Terms.Select(t => t.Differentiate(variable, options))); // (f + g)' = f' + g'
}

public sealed partial record Product
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, DiffOptions options)
    {
        // (f g h)' = f' g h + f g' h + f g h'
        var terms = new List<Expr>();
        for (int i = 0; i < Factors.Count; i++)
        {
            var d = Factors[i].Differentiate(variable, options);
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
    public override Expr Differentiate(int variable, DiffOptions options) =>
        Ex.Product(Ex.Const(Exponent), Ex.Pow(Base, Exponent - 1), Base.Differentiate(variable, options)); // (b^n)' = n b^(n-1) b'
}

public sealed partial record Relu
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, DiffOptions options) =>
        Ex.Product(Ex.Step(Arg, options.StepAtZero), Arg.Differentiate(variable, options)); // relu(a)' = H(a) a'
}

public sealed partial record LeakyRelu
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, DiffOptions options) =>
        // leaky(a)' = (alpha + (1 - alpha) H(a)) a'
        Ex.Product(Ex.Sum(Ex.Const(Alpha), Ex.Product(Ex.Const(Rational.One - Alpha), Ex.Step(Arg, options.StepAtZero))),
                   Arg.Differentiate(variable, options));
}

public sealed partial record Abs
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, DiffOptions options) =>
        // |a|' = (H(a) - H(-a)) a', which is 0 at a = 0 whatever the step convention
        Ex.Product(Ex.Sum(Ex.Step(Arg, options.StepAtZero), Ex.Negate(Ex.Step(Ex.Negate(Arg), options.StepAtZero))),
                   Arg.Differentiate(variable, options));
}

public sealed partial record Exp
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, DiffOptions options) =>
        Ex.Product(this, Arg.Differentiate(variable, options)); // exp(a)' = exp(a) a'
}

public sealed partial record Log
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, DiffOptions options) =>
        Ex.Divide(Arg.Differentiate(variable, options), Arg); // log(a)' = a' / a
}

public sealed partial record Sigmoid
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, DiffOptions options) =>
        // sigmoid(a)' = sigmoid(a) (1 - sigmoid(a)) a'
        Ex.Product(Ex.Sum(this, Ex.Negate(Ex.Pow(this, 2))), Arg.Differentiate(variable, options));
}

public sealed partial record Tanh
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, DiffOptions options) =>
        Ex.Product(Ex.Sum(Ex.One, Ex.Negate(Ex.Pow(this, 2))), Arg.Differentiate(variable, options)); // tanh(a)' = (1 - tanh(a)^2) a'
}

public sealed partial record Softplus
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, DiffOptions options) =>
        Ex.Product(Ex.Sigmoid(Arg), Arg.Differentiate(variable, options)); // softplus(a)' = sigmoid(a) a'
}

public sealed partial record Heaviside
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, DiffOptions options) => Ex.Zero; // H(a)' = 0 almost everywhere
}

public sealed partial record Max
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, DiffOptions options) => Extremum.Derivative(Args, variable, options, isMax: true);
}

public sealed partial record Min
{
    /// <inheritdoc />
    public override Expr Differentiate(int variable, DiffOptions options) => Extremum.Derivative(Args, variable, options, isMax: false);
}

/// <summary>Shared derivative of max and min.</summary>
internal static class Extremum
{
    // max(a_1..a_n)' = sum_i [a_i is the first maximal argument] a_i', where "first maximal" is
    // a_i > a_j for j < i and a_i >= a_j for j > i (for min, the inequalities reversed).
    public static Expr Derivative(ExprList args, int variable, DiffOptions options, bool isMax)
    {
        var terms = new List<Expr>();
        for (int i = 0; i < args.Count; i++)
        {
            var d = args[i].Differentiate(variable, options);
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
