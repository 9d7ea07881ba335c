using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms;

/// <summary>
/// A function F attributed by a method: a closed-form expression in x1..xn (with its dimension n, which may exceed the
/// largest variable it uses: the extra features are dummies), or a piecewise-linear network.
/// </summary>
public sealed class Subject : IEquatable<Subject>
{
    private Subject(Expr? function, Network? network, int dimension)
    {
        Function = function;
        Network = network;
        Dimension = dimension;
    }

    /// <summary>The expression, or null for a network.</summary>
    public Expr? Function { get; }

    /// <summary>The network, or null for an expression.</summary>
    public Network? Network { get; }

    /// <summary>The number of input features n.</summary>
    public int Dimension { get; }

    /// <summary>True for a network.</summary>
    public bool IsNetwork => Network is not null;

    /// <summary>An expression as a function of n features.</summary>
    /// <exception cref="ArgumentException">n is smaller than the largest variable index, or below 1.</exception>
    public static Subject Of(Expr function, int dimension)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (dimension < 1) throw new ArgumentException($"the dimension must be at least 1, got {dimension}", nameof(dimension));
        if (dimension < function.MaxVariableIndex)
            throw new ArgumentException($"dimension {dimension} but the function uses x{function.MaxVariableIndex}", nameof(dimension));
        if (function.Contains(0))
            throw new ArgumentException("the function uses t, which is reserved for paths", nameof(function));
        return new Subject(function, null, dimension);
    }

    /// <summary>An expression; its dimension is the largest variable index it uses (at least 1).</summary>
    public static Subject Of(Expr function) => Of(function, Math.Max(1, function.Dimension));

    /// <summary>A network.</summary>
    public static Subject Of(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new Subject(null, network, network.Inputs);
    }

    /// <summary>F as an expression (a network is converted with <see cref="NetworkToExpr.ToExpr"/>).</summary>
    public Expr ToExpr() => Function ?? Network!.ToExpr();

    /// <summary>F(x), exactly (a rational, or a closed form with a certified enclosure).</summary>
    public ExactResult ValueAt(IReadOnlyList<Rational> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Count != Dimension) throw new ArgumentException($"the point has {x.Count} coordinates, F has {Dimension} inputs", nameof(x));
        if (Network is { } net) return ExactResult.FromRational(net.Evaluate(x));
        return Verifier.Symbolic.Evaluate.Exactly(Function!, x);
    }

    /// <summary>True when F is piecewise linear: a network, or an expression built from affine forms, relu, leaky relu,
    /// abs, max and min only (what the SMT layer accepts).</summary>
    public bool IsPiecewiseLinear => Network is not null || PiecewiseLinear.Check(Function!) is null;

    /// <summary>The plain-text function, or the network's JSON on one line.</summary>
    public override string ToString()
    {
        if (Function is { } f) return f.ToString();
        using var stream = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(stream, new System.Text.Json.JsonWriterOptions { Indented = false }))
            NetworkJson.Write(Network!, writer);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <inheritdoc />
    public bool Equals(Subject? other) =>
        other is not null && Dimension == other.Dimension && Equals(Function, other.Function) && Equals(Network, other.Network);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Subject s && Equals(s);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Function, Network, Dimension);
}
