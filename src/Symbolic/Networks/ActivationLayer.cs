using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// A layer that applies one scalar piecewise-linear function to every entry; its output width equals its input width.
/// The function is described once by <see cref="Function"/>; value, derivative, kinks and the back ends' forms derive
/// from it. The kinds are the entries of the <see cref="ActivationCatalogue"/>.
/// </summary>
public abstract record ActivationLayer : Layer
{
    private protected ActivationLayer(ActivationFunction function) => Function = function;

    /// <summary>The scalar function as <c>c0 + c1 z + sum_i w_i relu(s_i (z - k_i))</c>.</summary>
    public ActivationFunction Function { get; }

    /// <summary>The catalogue entry of this layer's kind (its name and parameters).</summary>
    public abstract ActivationKind Kind { get; }

    /// <summary>The parameter values, in the order of <see cref="ActivationKind.ParameterNames"/>.</summary>
    public abstract IReadOnlyList<Rational> Parameters { get; }

    /// <inheritdoc />
    public sealed override string TypeName => Kind.Name;

    /// <summary>The scalar function at <paramref name="z"/>.</summary>
    public Rational Apply(Rational z) => Function.Apply(z);

    /// <summary>The scalar function's derivative at <paramref name="z"/>, with <paramref name="convention"/> at its kinks.</summary>
    public Rational Derivative(Rational z, KinkConvention convention) => Function.Derivative(z, convention);

    /// <summary>
    /// The scalar function applied to the expression <paramref name="z"/>: the relu form of <see cref="Function"/>, or
    /// the expression core's own node where it has one (<c>leaky_relu</c>, <c>abs</c>), which has the same value.
    /// </summary>
    public virtual Expr ToExpr(Expr z) => Function.ToExpr(z);

    /// <inheritdoc />
    public sealed override int OutputWidth(int inputWidth) => inputWidth;

    /// <inheritdoc />
    public sealed override TResult Accept<TResult>(ILayerVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitActivation(this);
    }

    internal sealed override void Forward(ReadOnlySpan<Rational> input, Span<Rational> output)
    {
        for (int i = 0; i < input.Length; i++) output[i] = Function.Apply(input[i]);
    }

    internal sealed override void Backward(ReadOnlySpan<Rational> input, ReadOnlySpan<Rational> gradOutput, Span<Rational> gradInput, KinkConvention convention)
    {
        for (int i = 0; i < input.Length; i++) gradInput[i] = gradOutput[i].IsZero ? Rational.Zero : gradOutput[i] * Function.Derivative(input[i], convention);
    }

    internal sealed override int[] Pattern(ReadOnlySpan<Rational> input)
    {
        if (Function.Kinks.IsEmpty) return [];
        var pattern = new int[input.Length];
        for (int j = 0; j < input.Length; j++) pattern[j] = Function.Region(input[j]);
        return pattern;
    }

    /// <summary>For people: the name and the parameters, e.g. <c>relu</c>, <c>leaky_relu(alpha = 1/10)</c>.</summary>
    public sealed override string ToString() => Parameters.Count == 0 ? TypeName
        : $"{TypeName}({string.Join(", ", Kind.ParameterNames.Select((name, i) => $"{name} = {Parameters[i]}"))})";
}

/// <summary><c>relu(z) = max(0, z)</c> on every entry.</summary>
public sealed record ReluLayer() : ActivationLayer(ActivationFunction.Relu)
{
    /// <summary>The catalogue entry: <c>relu</c>, no parameters.</summary>
    public static ActivationKind Definition { get; } = new("relu", "relu(z) = max(0, z)", [], _ => null, _ => new ReluLayer(), shrinkCost: 2);

    /// <inheritdoc />
    public override ActivationKind Kind => Definition;

    /// <inheritdoc />
    public override IReadOnlyList<Rational> Parameters => [];
}

/// <summary><c>leaky_relu(z) = z</c> for z &gt;= 0 and <c>alpha z</c> for z &lt; 0, on every entry: <c>alpha z + (1 - alpha) relu(z)</c>.</summary>
/// <param name="Alpha">The slope on the negative side (PyTorch's <c>negative_slope</c>); any rational.</param>
public sealed record LeakyReluLayer(Rational Alpha)
    : ActivationLayer(new ActivationFunction(Rational.Zero, Alpha, [new ReluTerm(Rational.One - Alpha, 1, Rational.Zero)]))
{
    /// <summary>The catalogue entry: <c>leaky_relu</c> with the parameter <c>alpha</c> (any rational).</summary>
    public static ActivationKind Definition { get; } = new("leaky_relu", "leaky_relu(z, alpha) = alpha z + (1 - alpha) relu(z)", ["alpha"],
        _ => null, p => new LeakyReluLayer(p[0]), simpler: ReluLayer.Definition, shrinkParameters: false);

    /// <summary>The slope on the negative side.</summary>
    public Rational Alpha { get; } = Alpha;

    /// <inheritdoc />
    public override ActivationKind Kind => Definition;

    /// <inheritdoc />
    public override IReadOnlyList<Rational> Parameters => [Alpha];

    /// <inheritdoc />
    public override Expr ToExpr(Expr z) => Ex.LeakyRelu(z, Alpha);
}

/// <summary><c>abs(z) = |z| = relu(z) + relu(-z)</c> on every entry; abs'(0) = 0 whatever the convention.</summary>
public sealed record AbsLayer() : ActivationLayer(new ActivationFunction(Rational.Zero, Rational.Zero,
    [new ReluTerm(Rational.One, 1, Rational.Zero), new ReluTerm(Rational.One, -1, Rational.Zero)]))
{
    /// <summary>The catalogue entry: <c>abs</c>, no parameters.</summary>
    public static ActivationKind Definition { get; } = new("abs", "abs(z) = relu(z) + relu(-z)", [], _ => null, _ => new AbsLayer(),
        shrinkCost: 6, simpler: ReluLayer.Definition);

    /// <inheritdoc />
    public override ActivationKind Kind => Definition;

    /// <inheritdoc />
    public override IReadOnlyList<Rational> Parameters => [];

    /// <inheritdoc />
    public override Expr ToExpr(Expr z) => Ex.Abs(z);
}

/// <summary>The identity on every entry (a no-op, kept so that exported models keep their layer numbering).</summary>
public sealed record IdentityLayer() : ActivationLayer(ActivationFunction.Identity)
{
    /// <summary>The catalogue entry: <c>identity</c>, no parameters.</summary>
    public static ActivationKind Definition { get; } = new("identity", "identity(z) = z", [], _ => null, _ => new IdentityLayer());

    /// <inheritdoc />
    public override ActivationKind Kind => Definition;

    /// <inheritdoc />
    public override IReadOnlyList<Rational> Parameters => [];
}
