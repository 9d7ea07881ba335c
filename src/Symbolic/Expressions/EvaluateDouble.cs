namespace Verifier.Symbolic.Expressions;

public abstract partial record Expr
{
    /// <summary>
    /// Fast approximate evaluation in <see cref="double"/>. <paramref name="values"/>[i] is the value of the
    /// variable with index i (so values[0] is t and values[i] is x_i).
    /// </summary>
    public abstract double EvalDouble(ReadOnlySpan<double> values);

    /// <summary>Approximate value at x1..xn (<paramref name="x"/>[0] is x1).</summary>
    public double EvalAt(params double[] x)
    {
        Span<double> v = x.Length < 64 ? stackalloc double[x.Length + 1] : new double[x.Length + 1];
        x.CopyTo(v[1..]);
        return EvalDouble(v);
    }
}

public sealed partial record Constant
{
    /// <inheritdoc />
    public override double EvalDouble(ReadOnlySpan<double> values) => Value.ToDouble();
}

public sealed partial record Variable
{
    /// <inheritdoc />
    public override double EvalDouble(ReadOnlySpan<double> values) =>
        Index < values.Length ? values[Index] : throw new ArgumentException($"no value given for {Name}");
}

public sealed partial record Sum
{
    /// <inheritdoc />
    public override double EvalDouble(ReadOnlySpan<double> values)
    {
        double s = 0;
        foreach (var t in Terms) s += t.EvalDouble(values);
        return s;
    }
}

public sealed partial record Product
{
    /// <inheritdoc />
    public override double EvalDouble(ReadOnlySpan<double> values)
    {
        double p = 1;
        foreach (var f in Factors) p *= f.EvalDouble(values);
        return p;
    }
}

public sealed partial record Power
{
    /// <inheritdoc />
    public override double EvalDouble(ReadOnlySpan<double> values) => Math.Pow(Base.EvalDouble(values), Exponent);
}

public sealed partial record Relu
{
    /// <inheritdoc />
    public override double EvalDouble(ReadOnlySpan<double> values) => Math.Max(0, Arg.EvalDouble(values));
}

public sealed partial record LeakyRelu
{
    /// <inheritdoc />
    public override double EvalDouble(ReadOnlySpan<double> values)
    {
        double a = Arg.EvalDouble(values);
        return a >= 0 ? a : Alpha.ToDouble() * a;
    }
}

public sealed partial record Abs
{
    /// <inheritdoc />
    public override double EvalDouble(ReadOnlySpan<double> values) => Math.Abs(Arg.EvalDouble(values));
}

public sealed partial record Exp
{
    /// <inheritdoc />
    public override double EvalDouble(ReadOnlySpan<double> values) => Math.Exp(Arg.EvalDouble(values));
}

public sealed partial record Log
{
    /// <inheritdoc />
    public override double EvalDouble(ReadOnlySpan<double> values) => Math.Log(Arg.EvalDouble(values));
}

public sealed partial record Sigmoid
{
    /// <inheritdoc />
    public override double EvalDouble(ReadOnlySpan<double> values) => Numbers.Interval.SigmoidD(Arg.EvalDouble(values));
}

public sealed partial record Tanh
{
    /// <inheritdoc />
    public override double EvalDouble(ReadOnlySpan<double> values) => Math.Tanh(Arg.EvalDouble(values));
}

public sealed partial record Softplus
{
    /// <inheritdoc />
    public override double EvalDouble(ReadOnlySpan<double> values) => Numbers.Interval.SoftplusD(Arg.EvalDouble(values));
}

public sealed partial record Heaviside
{
    /// <inheritdoc />
    public override double EvalDouble(ReadOnlySpan<double> values)
    {
        double a = Arg.EvalDouble(values);
        return a > 0 ? 1 : a < 0 ? 0 : AtZero.ToDouble();
    }
}

public sealed partial record Max
{
    /// <inheritdoc />
    public override double EvalDouble(ReadOnlySpan<double> values)
    {
        double m = double.NegativeInfinity;
        foreach (var a in Args) m = Math.Max(m, a.EvalDouble(values));
        return m;
    }
}

public sealed partial record Min
{
    /// <inheritdoc />
    public override double EvalDouble(ReadOnlySpan<double> values)
    {
        double m = double.PositiveInfinity;
        foreach (var a in Args) m = Math.Min(m, a.EvalDouble(values));
        return m;
    }
}
