using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Expressions;

/// <summary>
/// An immutable expression in canonical form. Build expressions only through <see cref="Ex"/> (or the C#
/// operators, which delegate to it): construction flattens, sorts, folds constants and merges like terms, so
/// two equal polynomials are equal objects.
/// </summary>
/// <remarks>
/// Variables are numbered as in the papers: <c>x1 ... xn</c> have indices 1..n; index 0 is the path
/// parameter <c>t</c> of univariate restrictions. Operations live one per file (Differentiate.cs,
/// Substitute.cs, EvaluateDouble.cs, Enclose.cs), each an abstract member overridden on every node.
/// </remarks>
public abstract partial record Expr
{
    private protected Expr(int maxVariableIndex, bool hasKinks)
    {
        MaxVariableIndex = maxVariableIndex;
        HasKinks = hasKinks;
    }

    /// <summary>The largest variable index used (0 for t only), or -1 when there is none; computed at construction.</summary>
    public int MaxVariableIndex { get; }

    /// <summary>True when the expression contains a kink (relu, leaky_relu, abs, max, min or a step); computed at construction.</summary>
    public bool HasKinks { get; }

    /// <summary>The largest variable index over a list of children.</summary>
    private protected static int MaxIndex(ExprList items)
    {
        int m = -1;
        foreach (var e in items) m = Math.Max(m, e.MaxVariableIndex);
        return m;
    }

    /// <summary>True when any child has a kink.</summary>
    private protected static bool AnyKinks(ExprList items)
    {
        foreach (var e in items) if (e.HasKinks) return true;
        return false;
    }

    /// <summary>The direct children, in canonical order.</summary>
    public abstract IReadOnlyList<Expr> Children { get; }

    /// <summary>Rebuilds this node from (possibly new) children through the canonicalising factory.</summary>
    public abstract Expr WithChildren(IReadOnlyList<Expr> children);

    /// <summary>The plain-text form, which parses back to an equal expression.</summary>
    public sealed override string ToString() => Printing.PlainPrinter.Print(this);

    /// <summary>Sum.</summary>
    public static Expr operator +(Expr a, Expr b) => Ex.Sum(a, b);
    /// <summary>Difference.</summary>
    public static Expr operator -(Expr a, Expr b) => Ex.Sum(a, Ex.Negate(b));
    /// <summary>Negation.</summary>
    public static Expr operator -(Expr a) => Ex.Negate(a);
    /// <summary>Product.</summary>
    public static Expr operator *(Expr a, Expr b) => Ex.Product(a, b);
    /// <summary>Quotient.</summary>
    public static Expr operator /(Expr a, Expr b) => Ex.Divide(a, b);
    /// <summary>A rational constant.</summary>
    public static implicit operator Expr(Rational value) => Ex.Const(value);
    /// <summary>An integer constant.</summary>
    public static implicit operator Expr(int value) => Ex.Const(value);
}

/// <summary>A rational constant.</summary>
public sealed partial record Constant(Rational Value) : Expr(-1, false)
{
    /// <inheritdoc />
    public override IReadOnlyList<Expr> Children => [];
    /// <inheritdoc />
    public override Expr WithChildren(IReadOnlyList<Expr> children) => this;
}

/// <summary>A variable: <c>x_i</c> for <see cref="Index"/> i &gt;= 1, the path parameter <c>t</c> for index 0.</summary>
public sealed partial record Variable(int Index) : Expr(Index, false)
{
    /// <inheritdoc />
    public override IReadOnlyList<Expr> Children => [];
    /// <inheritdoc />
    public override Expr WithChildren(IReadOnlyList<Expr> children) => this;
    /// <summary>The name: <c>t</c> or <c>x1</c>, <c>x2</c>, ...</summary>
    public string Name => Index == 0 ? "t" : "x" + Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>An n-ary sum (n &gt;= 2) of distinct monomial terms, sorted, with the constant term (if non-zero) last.</summary>
public sealed partial record Sum(ExprList Terms) : Expr(MaxIndex(Terms), AnyKinks(Terms))
{
    /// <inheritdoc />
    public override IReadOnlyList<Expr> Children => Terms;
    /// <inheritdoc />
    public override Expr WithChildren(IReadOnlyList<Expr> children) => Ex.Sum(children);
}

/// <summary>An n-ary product (n &gt;= 2): an optional rational coefficient first, then distinct sorted bases.</summary>
public sealed partial record Product(ExprList Factors) : Expr(MaxIndex(Factors), AnyKinks(Factors))
{
    /// <inheritdoc />
    public override IReadOnlyList<Expr> Children => Factors;
    /// <inheritdoc />
    public override Expr WithChildren(IReadOnlyList<Expr> children) => Ex.Product(children);
}

/// <summary>An integer power (exponent not 0 or 1) of a non-constant base that is not a product or power.</summary>
public sealed partial record Power(Expr Base, int Exponent) : Expr(Base.MaxVariableIndex, Base.HasKinks)
{
    /// <inheritdoc />
    public override IReadOnlyList<Expr> Children => [Base];
    /// <inheritdoc />
    public override Expr WithChildren(IReadOnlyList<Expr> children) => Ex.Pow(children[0], Exponent);
}

/// <summary>Base class of the one-argument function nodes; <paramref name="IsKink"/> marks relu, leaky_relu, abs and step.</summary>
public abstract partial record UnaryFunction(Expr Arg, bool IsKink) : Expr(Arg.MaxVariableIndex, IsKink || Arg.HasKinks)
{
    /// <summary>The function's name in the text syntax.</summary>
    public abstract string Name { get; }
    /// <inheritdoc />
    public override IReadOnlyList<Expr> Children => [Arg];
}

/// <summary><c>relu(a) = max(0, a)</c>.</summary>
public sealed partial record Relu(Expr Arg) : UnaryFunction(Arg, true)
{
    /// <inheritdoc />
    public override string Name => "relu";
    /// <inheritdoc />
    public override Expr WithChildren(IReadOnlyList<Expr> children) => Ex.Relu(children[0]);
}

/// <summary><c>leaky_relu(a, alpha)</c>: a for a &gt;= 0, alpha * a otherwise.</summary>
public sealed partial record LeakyRelu(Expr Arg, Rational Alpha) : UnaryFunction(Arg, true)
{
    /// <inheritdoc />
    public override string Name => "leaky_relu";
    /// <inheritdoc />
    public override Expr WithChildren(IReadOnlyList<Expr> children) => Ex.LeakyRelu(children[0], Alpha);
}

/// <summary><c>abs(a)</c>.</summary>
public sealed partial record Abs(Expr Arg) : UnaryFunction(Arg, true)
{
    /// <inheritdoc />
    public override string Name => "abs";
    /// <inheritdoc />
    public override Expr WithChildren(IReadOnlyList<Expr> children) => Ex.Abs(children[0]);
}

/// <summary><c>exp(a)</c>.</summary>
public sealed partial record Exp(Expr Arg) : UnaryFunction(Arg, false)
{
    /// <inheritdoc />
    public override string Name => "exp";
    /// <inheritdoc />
    public override Expr WithChildren(IReadOnlyList<Expr> children) => Ex.Exp(children[0]);
}

/// <summary>Natural logarithm <c>log(a)</c>.</summary>
public sealed partial record Log(Expr Arg) : UnaryFunction(Arg, false)
{
    /// <inheritdoc />
    public override string Name => "log";
    /// <inheritdoc />
    public override Expr WithChildren(IReadOnlyList<Expr> children) => Ex.Log(children[0]);
}

/// <summary><c>sigmoid(a) = 1 / (1 + exp(-a))</c>.</summary>
public sealed partial record Sigmoid(Expr Arg) : UnaryFunction(Arg, false)
{
    /// <inheritdoc />
    public override string Name => "sigmoid";
    /// <inheritdoc />
    public override Expr WithChildren(IReadOnlyList<Expr> children) => Ex.Sigmoid(children[0]);
}

/// <summary><c>tanh(a)</c>.</summary>
public sealed partial record Tanh(Expr Arg) : UnaryFunction(Arg, false)
{
    /// <inheritdoc />
    public override string Name => "tanh";
    /// <inheritdoc />
    public override Expr WithChildren(IReadOnlyList<Expr> children) => Ex.Tanh(children[0]);
}

/// <summary><c>softplus(a) = log(1 + exp(a))</c>.</summary>
public sealed partial record Softplus(Expr Arg) : UnaryFunction(Arg, false)
{
    /// <inheritdoc />
    public override string Name => "softplus";
    /// <inheritdoc />
    public override Expr WithChildren(IReadOnlyList<Expr> children) => Ex.Softplus(children[0]);
}

/// <summary>
/// Heaviside step: 1 for a &gt; 0, 0 for a &lt; 0, and <see cref="AtZero"/> at a = 0 (an explicit convention;
/// derivatives use <see cref="KinkConvention.ReluGradientAtZero"/>, default 0 as PyTorch's relu'(0)).
/// </summary>
public sealed partial record Heaviside(Expr Arg, Rational AtZero) : UnaryFunction(Arg, true)
{
    /// <inheritdoc />
    public override string Name => "step";
    /// <inheritdoc />
    public override Expr WithChildren(IReadOnlyList<Expr> children) => Ex.Step(children[0], AtZero);
}

/// <summary><c>max(a, b, ...)</c> over at least two distinct sorted arguments.</summary>
public sealed partial record Max(ExprList Args) : Expr(MaxIndex(Args), true)
{
    /// <inheritdoc />
    public override IReadOnlyList<Expr> Children => Args;
    /// <inheritdoc />
    public override Expr WithChildren(IReadOnlyList<Expr> children) => Ex.Max(children);
}

/// <summary><c>min(a, b, ...)</c> over at least two distinct sorted arguments.</summary>
public sealed partial record Min(ExprList Args) : Expr(MaxIndex(Args), true)
{
    /// <inheritdoc />
    public override IReadOnlyList<Expr> Children => Args;
    /// <inheritdoc />
    public override Expr WithChildren(IReadOnlyList<Expr> children) => Ex.Min(children);
}
