using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Expressions;

public abstract partial record Expr
{
    /// <summary>
    /// A certified enclosure with rational endpoints of a variable-free expression, computed with about
    /// <paramref name="bits"/> significant binary digits per operation (see <see cref="Elementary"/>); unlike
    /// <see cref="Enclose"/>, whose endpoints are doubles, the width shrinks without limit as bits grows.
    /// </summary>
    /// <param name="bits">Working precision in bits, at least 8.</param>
    /// <exception cref="ArgumentException">The expression contains a variable.</exception>
    /// <exception cref="SymbolicDomainException">log of a non-positive value, or a negative power of zero.</exception>
    /// <exception cref="SymbolicLimitException">exp of an argument above <see cref="Elementary.MaxExpArgument"/>.</exception>
    public abstract RationalInterval EncloseRational(int bits);

    /// <summary>
    /// A certified enclosure of a variable-free expression of width at most <paramref name="width"/>: evaluates
    /// <see cref="EncloseRational"/> at <paramref name="startBits"/> bits, then doubles the precision until the width is
    /// reached.
    /// </summary>
    /// <param name="width">The requested width, positive.</param>
    /// <param name="maxBits">The largest precision to try.</param>
    /// <param name="startBits">The first precision to try (e.g. from an estimate of the magnitude); at least 8.</param>
    /// <exception cref="SymbolicLimitException">The width is not reached at <paramref name="maxBits"/>, e.g. for a step
    /// function of a constant that equals 0 but is not recognisably 0 (its enclosure never leaves [0, 1]).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The width is not positive.</exception>
    public RationalInterval EncloseToWidth(Rational width, int maxBits = 20000, int startBits = 64)
    {
        if (width.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(width), width, "the requested width must be positive");
        int bits = Math.Min(Math.Max(8, startBits), Math.Max(8, maxBits));
        while (true)
        {
            var r = EncloseRational(bits);
            if (r.Width <= width) return r;
            if (bits >= maxBits)
                throw new SymbolicLimitException(
                    $"could not enclose {this} to width {width.ToDouble():G3} within {maxBits} bits (the enclosure at {bits} bits is " +
                    $"[{r.Lo.ToDouble():G17}, {r.Hi.ToDouble():G17}], width {r.Width.ToDouble():G3}); a step or kink of a constant that is exactly at its breakpoint cannot be narrowed");
            bits = (int)Math.Min(2L * bits, maxBits);
        }
    }
}

public sealed partial record Constant
{
    /// <inheritdoc />
    public override RationalInterval EncloseRational(int bits) => RationalInterval.Point(Value); // exact
}

public sealed partial record Variable
{
    /// <inheritdoc />
    public override RationalInterval EncloseRational(int bits) =>
        throw new ArgumentException($"{Name} is not a constant: EncloseRational needs a variable-free expression");
}

public sealed partial record Sum
{
    /// <inheritdoc />
    public override RationalInterval EncloseRational(int bits)
    {
        // [a] + [b] = [a.Lo + b.Lo, a.Hi + b.Hi]
        var s = RationalInterval.Point(Rational.Zero);
        foreach (var t in Terms) s += t.EncloseRational(bits);
        return s.RoundOutwardRelative(bits);
    }
}

public sealed partial record Product
{
    /// <inheritdoc />
    public override RationalInterval EncloseRational(int bits)
    {
        // [a] [b] = hull of the endpoint products
        var p = RationalInterval.Point(Rational.One);
        foreach (var f in Factors) p = (p * f.EncloseRational(bits)).RoundOutwardRelative(bits);
        return p;
    }
}

public sealed partial record Power
{
    /// <inheritdoc />
    public override RationalInterval EncloseRational(int bits) => Elementary.Pow(Base.EncloseRational(bits), Exponent, bits); // [a]^n, tight for even n
}

public sealed partial record Relu
{
    /// <inheritdoc />
    public override RationalInterval EncloseRational(int bits)
    {
        // relu is increasing: relu([a]) = [relu(a.Lo), relu(a.Hi)]
        var a = Arg.EncloseRational(bits);
        return new(Rational.Max(a.Lo, Rational.Zero), Rational.Max(a.Hi, Rational.Zero));
    }
}

public sealed partial record LeakyRelu
{
    /// <inheritdoc />
    public override RationalInterval EncloseRational(int bits)
    {
        // leaky(a) = relu(a) - alpha relu(-a)
        var a = Arg.EncloseRational(bits);
        var pos = new RationalInterval(Rational.Max(a.Lo, Rational.Zero), Rational.Max(a.Hi, Rational.Zero));
        var neg = new RationalInterval(Rational.Max(-a.Hi, Rational.Zero), Rational.Max(-a.Lo, Rational.Zero));
        return pos - RationalInterval.Point(Alpha) * neg;
    }
}

public sealed partial record Abs
{
    /// <inheritdoc />
    public override RationalInterval EncloseRational(int bits)
    {
        // |[a]| = [0, max(-a.Lo, a.Hi)] when it contains 0, else [a] or -[a]
        var a = Arg.EncloseRational(bits);
        if (a.ContainsZero) return new(Rational.Zero, Rational.Max(-a.Lo, a.Hi));
        return a.IsPositive ? a : -a;
    }
}

public sealed partial record Exp
{
    /// <inheritdoc />
    public override RationalInterval EncloseRational(int bits) => Elementary.Exp(Arg.EncloseRational(bits), bits); // increasing
}

public sealed partial record Log
{
    /// <inheritdoc />
    public override RationalInterval EncloseRational(int bits) => Elementary.Log(Arg.EncloseRational(bits), bits); // increasing on (0, inf)
}

public sealed partial record Sigmoid
{
    /// <inheritdoc />
    public override RationalInterval EncloseRational(int bits) => Elementary.Sigmoid(Arg.EncloseRational(bits), bits); // increasing
}

public sealed partial record Tanh
{
    /// <inheritdoc />
    public override RationalInterval EncloseRational(int bits) => Elementary.Tanh(Arg.EncloseRational(bits), bits); // tanh(a) = 2 sigmoid(2a) - 1
}

public sealed partial record Softplus
{
    /// <inheritdoc />
    public override RationalInterval EncloseRational(int bits) => Elementary.Softplus(Arg.EncloseRational(bits), bits); // increasing
}

public sealed partial record Heaviside
{
    /// <inheritdoc />
    public override RationalInterval EncloseRational(int bits)
    {
        // step([a]) = {1} if a > 0, {0} if a < 0, else the hull of the values taken: 0 (a.Lo < 0), 1 (a.Hi > 0), AtZero
        var a = Arg.EncloseRational(bits);
        if (a.IsPositive) return RationalInterval.Point(Rational.One);
        if (a.IsNegative) return RationalInterval.Point(Rational.Zero);
        var h = RationalInterval.Point(AtZero);
        if (a.Lo.Sign < 0) h = RationalInterval.Hull(h, RationalInterval.Point(Rational.Zero));
        if (a.Hi.Sign > 0) h = RationalInterval.Hull(h, RationalInterval.Point(Rational.One));
        return h;
    }
}

public sealed partial record Max
{
    /// <inheritdoc />
    public override RationalInterval EncloseRational(int bits)
    {
        // max is increasing in each argument
        var m = Args[0].EncloseRational(bits);
        for (int i = 1; i < Args.Count; i++)
        {
            var b = Args[i].EncloseRational(bits);
            m = new(Rational.Max(m.Lo, b.Lo), Rational.Max(m.Hi, b.Hi));
        }
        return m;
    }
}

public sealed partial record Min
{
    /// <inheritdoc />
    public override RationalInterval EncloseRational(int bits)
    {
        // min is increasing in each argument
        var m = Args[0].EncloseRational(bits);
        for (int i = 1; i < Args.Count; i++)
        {
            var b = Args[i].EncloseRational(bits);
            m = new(Rational.Min(m.Lo, b.Lo), Rational.Min(m.Hi, b.Hi));
        }
        return m;
    }
}
