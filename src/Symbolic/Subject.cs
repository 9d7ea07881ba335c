using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic;

/// <summary>
/// A function F attributed by a method: a closed-form expression in x1..xn (with its dimension n, which may exceed the
/// largest variable it uses: the extra features are dummies), or a piecewise-linear network.
/// </summary>
/// <remarks>An <see cref="Expr"/> or a <see cref="Networks.Network"/> converts to a subject implicitly (an expression with
/// the dimension of its largest variable index, see <see cref="Of(Expr)"/>); <see cref="WithDimension"/> widens an
/// expression to points with more coordinates.</remarks>
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
    /// <exception cref="ArgumentException">n is smaller than the largest variable index, or below 1; or the function
    /// contains the path parameter t.</exception>
    public static Subject Of(Expr function, int dimension)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (dimension < 1) throw new ArgumentException($"the dimension must be at least 1, got {dimension}", nameof(dimension));
        if (dimension < function.MaxVariableIndex)
            throw new ArgumentException($"dimension {dimension} but the function uses x{function.MaxVariableIndex}", nameof(dimension));
        if (function.Contains(0)) throw new ArgumentException("the function must not contain t; t is the path parameter");
        return new Subject(function, null, dimension);
    }

    /// <summary>An expression; its dimension is the largest variable index it uses (at least 1).</summary>
    /// <exception cref="ArgumentException">The function contains the path parameter t.</exception>
    public static Subject Of(Expr function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return Of(function, Math.Max(1, function.Dimension));
    }

    /// <summary>A network.</summary>
    public static Subject Of(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new Subject(null, network, network.Inputs);
    }

    /// <summary>An expression as a subject, with <see cref="Of(Expr)"/>.</summary>
    /// <exception cref="ArgumentException">The function contains the path parameter t.</exception>
    public static implicit operator Subject(Expr function) => Of(function);

    /// <summary>A network as a subject, with <see cref="Of(Network)"/>.</summary>
    public static implicit operator Subject(Network network) => Of(network);

    /// <summary>
    /// F as a function of <paramref name="dimension"/> features, for points of that many coordinates: an expression
    /// accepts any dimension that covers its largest variable index (the features beyond it are dummies); a network
    /// only its input count. Returns this subject when the dimension is already its own.
    /// </summary>
    /// <exception cref="ArgumentException">The dimension does not fit F; the message names both.</exception>
    public Subject WithDimension(int dimension)
    {
        if (dimension == Dimension) return this;
        if (Network is { } net)
            throw new ArgumentException($"the network has {net.Inputs} input{Plural(net.Inputs)} but the point has {dimension} coordinate{Plural(dimension)}");
        if (dimension < 1) throw new ArgumentException($"the dimension must be at least 1, got {dimension}", nameof(dimension));
        if (dimension < Function!.Dimension)
            throw new ArgumentException($"the function uses x{Function.Dimension} but the point has {dimension} coordinate{Plural(dimension)}");
        return new Subject(Function, null, dimension);
    }

    /// <summary>F as an expression (a network is converted with <see cref="NetworkToExpr.ToExpr"/>).</summary>
    public Expr ToExpr() => Function ?? Network!.ToExpr();

    /// <summary>The network, for a method defined on networks only.</summary>
    /// <param name="method">The method's name, for the message.</param>
    /// <exception cref="NetworkRequiredException">F is an expression.</exception>
    public Network RequireNetwork(string method) => Network ?? throw new NetworkRequiredException(method);

    /// <summary>F(x), exactly (a rational, or a closed form with a certified enclosure).</summary>
    /// <exception cref="ArgumentException">x does not have <see cref="Dimension"/> coordinates.</exception>
    public ExactResult ValueAt(IReadOnlyList<Rational> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Count != Dimension) throw new ArgumentException($"the point has {x.Count} coordinates, F has {Dimension} inputs", nameof(x));
        if (Network is { } net) return ExactResult.FromRational(net.Evaluate(x));
        return Evaluate.Exactly(Function!, x);
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

    private static string Plural(int n) => n == 1 ? "" : "s";
}
