using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Onnx;

/// <summary>An affine form c + sum_k a_k v[i_k] over the current vector v of a chain conversion; indices ascending, no zero coefficients.</summary>
internal sealed class AffineForm(int[] index, Rational[] coefficients, Rational constant)
{
    public int[] Index { get; } = index;
    public Rational[] Coefficients { get; } = coefficients;
    public Rational Constant { get; } = constant;

    public static AffineForm Unit(int i) => new([i], [Rational.One], Rational.Zero);

    public static AffineForm Of(Rational c) => new([], [], c);

    /// <summary>True for v[i] itself.</summary>
    public bool IsUnit(int i) => Index.Length == 1 && Index[0] == i && Coefficients[0].IsOne && Constant.IsZero;

    /// <summary>The index when the form is one entry of v unchanged, else -1.</summary>
    public int Selected => Index.Length == 1 && Coefficients[0].IsOne && Constant.IsZero ? Index[0] : -1;

    public AffineForm Shift(int offset) => offset == 0 ? this : new([.. Index.Select(i => i + offset)], Coefficients, Constant);

    /// <summary>The same form without zero coefficients.</summary>
    public AffineForm Trim()
    {
        if (Coefficients.All(c => !c.IsZero)) return this;
        var keep = Enumerable.Range(0, Index.Length).Where(k => !Coefficients[k].IsZero).ToArray();
        return new([.. keep.Select(k => Index[k])], [.. keep.Select(k => Coefficients[k])], Constant);
    }

    public AffineForm Negate() => new(Index, [.. Coefficients.Select(c => -c)], -Constant);

    /// <summary>The dense row of weights over a vector of <paramref name="width"/> entries.</summary>
    public Rational[] Row(int width)
    {
        var row = new Rational[width];
        for (int k = 0; k < Index.Length; k++) row[Index[k]] = Coefficients[k];
        return row;
    }
}

/// <summary>Sums scaled affine forms over a vector of fixed width (a dense scratch row and the list of touched entries).</summary>
internal sealed class FormAccumulator(int width)
{
    private readonly Rational[] _sum = new Rational[width];
    private readonly bool[] _touched = new bool[width];
    private readonly List<int> _indices = [];
    private Rational _constant;

    public void Add(AffineForm form, Rational scale)
    {
        if (scale.IsZero) return;
        _constant += form.Constant * scale;
        for (int k = 0; k < form.Index.Length; k++)
        {
            int i = form.Index[k];
            if (!_touched[i]) { _touched[i] = true; _indices.Add(i); }
            _sum[i] += form.Coefficients[k] * scale;
        }
    }

    public void AddConstant(Rational c) => _constant += c;

    /// <summary>The accumulated form; the accumulator is empty afterwards.</summary>
    public AffineForm Take()
    {
        _indices.Sort();
        var index = new List<int>(_indices.Count);
        var coefficients = new List<Rational>(_indices.Count);
        foreach (int i in _indices)
        {
            if (!_sum[i].IsZero) { index.Add(i); coefficients.Add(_sum[i]); }
            _sum[i] = Rational.Zero;
            _touched[i] = false;
        }
        _indices.Clear();
        var form = new AffineForm([.. index], [.. coefficients], _constant);
        _constant = Rational.Zero;
        return form;
    }
}
