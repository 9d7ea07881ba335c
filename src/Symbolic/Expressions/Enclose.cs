using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Expressions;

public abstract partial record Expr
{
    /// <summary>
    /// A certified enclosure of the expression's range when each variable with index i ranges over
    /// <paramref name="boxes"/>[i] (boxes[0] is t). For a constant expression pass an empty span.
    /// </summary>
    /// <exception cref="ArithmeticException">log of an interval with no positive part.</exception>
    public abstract Interval Enclose(ReadOnlySpan<Interval> boxes);
}

public sealed partial record Constant
{
    /// <inheritdoc />
    public override Interval Enclose(ReadOnlySpan<Interval> boxes) => Interval.FromRational(Value);
}

public sealed partial record Variable
{
    /// <inheritdoc />
    public override Interval Enclose(ReadOnlySpan<Interval> boxes) =>
        Index < boxes.Length ? boxes[Index] : throw new ArgumentException($"no interval given for {Name}");
}

public sealed partial record Sum
{
    /// <inheritdoc />
    public override Interval Enclose(ReadOnlySpan<Interval> boxes)
    {
        var s = Interval.Point(0);
        foreach (var t in Terms) s += t.Enclose(boxes);
        return s;
    }
}

public sealed partial record Product
{
    /// <inheritdoc />
    public override Interval Enclose(ReadOnlySpan<Interval> boxes)
    {
        var p = Interval.Point(1);
        foreach (var f in Factors) p *= f.Enclose(boxes);
        return p;
    }
}

public sealed partial record Power
{
    /// <inheritdoc />
    public override Interval Enclose(ReadOnlySpan<Interval> boxes) => Base.Enclose(boxes).Pow(Exponent);
}

public sealed partial record Relu
{
    /// <inheritdoc />
    public override Interval Enclose(ReadOnlySpan<Interval> boxes) => Arg.Enclose(boxes).Relu();
}

public sealed partial record LeakyRelu
{
    /// <inheritdoc />
    public override Interval Enclose(ReadOnlySpan<Interval> boxes)
    {
        // leaky(a) = relu(a) + alpha * min(a, 0) = relu(a) - alpha * relu(-a), monotone for alpha >= 0
        var a = Arg.Enclose(boxes);
        var alpha = Interval.FromRational(Alpha);
        return a.Relu() - alpha * (-a).Relu();
    }
}

public sealed partial record Abs
{
    /// <inheritdoc />
    public override Interval Enclose(ReadOnlySpan<Interval> boxes) => Arg.Enclose(boxes).Abs();
}

public sealed partial record Exp
{
    /// <inheritdoc />
    public override Interval Enclose(ReadOnlySpan<Interval> boxes) => Arg.Enclose(boxes).Exp();
}

public sealed partial record Log
{
    /// <inheritdoc />
    public override Interval Enclose(ReadOnlySpan<Interval> boxes) => Arg.Enclose(boxes).Log();
}

public sealed partial record Sigmoid
{
    /// <inheritdoc />
    public override Interval Enclose(ReadOnlySpan<Interval> boxes) => Arg.Enclose(boxes).Sigmoid();
}

public sealed partial record Tanh
{
    /// <inheritdoc />
    public override Interval Enclose(ReadOnlySpan<Interval> boxes) => Arg.Enclose(boxes).Tanh();
}

public sealed partial record Softplus
{
    /// <inheritdoc />
    public override Interval Enclose(ReadOnlySpan<Interval> boxes) => Arg.Enclose(boxes).Softplus();
}

public sealed partial record Heaviside
{
    /// <inheritdoc />
    public override Interval Enclose(ReadOnlySpan<Interval> boxes)
    {
        var a = Arg.Enclose(boxes);
        if (a.IsPositive) return Interval.Point(1);
        if (a.IsNegative) return Interval.Point(0);
        var z = Interval.FromRational(AtZero);
        double lo = a.Lo < 0 ? 0 : 1, hi = a.Hi > 0 ? 1 : 0;
        if (a.Lo <= 0 && a.Hi >= 0) { lo = Math.Min(lo, z.Lo); hi = Math.Max(hi, z.Hi); }
        return new Interval(Math.Min(lo, hi), Math.Max(lo, hi));
    }
}

public sealed partial record Max
{
    /// <inheritdoc />
    public override Interval Enclose(ReadOnlySpan<Interval> boxes)
    {
        var m = Args[0].Enclose(boxes);
        for (int i = 1; i < Args.Count; i++) m = Interval.Max(m, Args[i].Enclose(boxes));
        return m;
    }
}

public sealed partial record Min
{
    /// <inheritdoc />
    public override Interval Enclose(ReadOnlySpan<Interval> boxes)
    {
        var m = Args[0].Enclose(boxes);
        for (int i = 1; i < Args.Count; i++) m = Interval.Min(m, Args[i].Enclose(boxes));
        return m;
    }
}
