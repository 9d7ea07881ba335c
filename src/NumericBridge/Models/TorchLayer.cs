using Verifier.Symbolic.Networks;
using static TorchSharp.torch;

namespace Verifier.NumericBridge.Models;

/// <summary>One layer of a <see cref="TorchModel"/> as tensor operations on a batch <c>[B, width]</c>.</summary>
internal abstract class TorchLayer : IDisposable
{
    /// <summary>The layer applied to a batch of row vectors.</summary>
    public abstract Tensor Forward(Tensor x);

    /// <summary>
    /// For exact-line IG: the points at which the layer stops being affine along a sorted list of points whose rows
    /// are <paramref name="values"/> (<c>[m+1, width]</c>, affine between neighbours), as fractions s in (0, 1) of the
    /// pieces and the piece indices; null when the layer is affine.
    /// </summary>
    /// <exception cref="NotSupportedException">The layer is not piecewise linear.</exception>
    public abstract (Tensor S, Tensor Piece)? SplitPoints(Tensor values);

    /// <summary>Releases the layer's tensors.</summary>
    public virtual void Dispose() { }

    /// <summary>A host tensor moved to <paramref name="device"/>; the same tensor when that is null or the CPU.</summary>
    protected static Tensor Place(Tensor t, Device? device) =>
        device is null || device.type == TorchSharp.DeviceType.CPU ? t : t.to(device);

    /// <summary>
    /// The tensor form of an exact layer; weights rounded to the nearest value of <paramref name="dtype"/>, placed on
    /// <paramref name="device"/> (the CPU when null).
    /// </summary>
    public static TorchLayer From(Layer layer, ScalarType dtype, Device? device = null) => layer.Match<TorchLayer>(
        dense: d => new TorchDense(d, dtype, device),
        activation: a => new TorchActivation(a.TypeName, a.Function),
        maxPool: m => new TorchMaxPool(m, device),
        sparse: s => new TorchSparse(s, dtype, device));
}

/// <summary>
/// <c>y = A x + b</c> with A in compressed sparse rows, as dense tensor operations that autograd differentiates on the CPU
/// and on CUDA alike: the products <c>x[:, column_k] * value_k</c> of every stored entry (an <c>index_select</c>), summed
/// into their rows by <c>index_add</c>. A batch takes batch x entries elements (a convolution's im2col buffer, in effect), and
/// no dense matrix is ever built.
/// </summary>
internal sealed class TorchSparse : TorchLayer
{
    public TorchSparse(SparseLayer layer, ScalarType dtype, Device? device = null)
    {
        var rows = new long[layer.EntryCount];
        for (int i = 0; i < layer.OutputCount; i++)
            for (int k = layer.RowStarts[i]; k < layer.RowStarts[i + 1]; k++) rows[k] = i;
        Outputs = layer.OutputCount;
        Entries = layer.EntryCount;
        Rows = Place(tensor(rows, [rows.Length], ScalarType.Int64), device).DetachFromDisposeScope();
        Columns = Place(tensor(layer.Columns.Select(c => (long)c).ToArray(), [rows.Length], ScalarType.Int64), device).DetachFromDisposeScope();
        Values = Place(tensor(layer.Values.Select(v => v.ToDouble()).ToArray(), [rows.Length], ScalarType.Float64).to_type(dtype), device).DetachFromDisposeScope();
        Bias = Place(tensor(layer.Bias.Select(v => v.ToDouble()).ToArray(), [layer.OutputCount], ScalarType.Float64).to_type(dtype), device).DetachFromDisposeScope();
    }

    public int Outputs { get; }
    public int Entries { get; }
    public Tensor Rows { get; }
    public Tensor Columns { get; }
    public Tensor Values { get; }
    public Tensor Bias { get; }

    public override Tensor Forward(Tensor x)
    {
        var products = x.index_select(1, Columns) * Values;
        return (Bias.unsqueeze(0).expand(x.shape[0], Outputs).contiguous()).index_add(1, Rows, products, 1.0);
    }

    public override (Tensor S, Tensor Piece)? SplitPoints(Tensor values) => null;

    public override void Dispose()
    {
        Rows.Dispose();
        Columns.Dispose();
        Values.Dispose();
        Bias.Dispose();
    }
}

/// <summary><c>y = x W^T + b</c> with <c>W[out, in]</c> as in <c>nn.Linear</c>.</summary>
internal sealed class TorchDense : TorchLayer
{
    public TorchDense(DenseLayer layer, ScalarType dtype, Device? device = null)
    {
        var w = new double[layer.OutputCount * layer.InputCount];
        for (int i = 0; i < layer.OutputCount; i++)
            for (int j = 0; j < layer.InputCount; j++) w[i * layer.InputCount + j] = layer.Weights[i][j].ToDouble();
        var b = layer.Bias.Select(r => r.ToDouble()).ToArray();
        // Built in float64 from the exact values, then rounded once to the model's type (on the host), then moved.
        Weight = Place(tensor(w, [layer.OutputCount, layer.InputCount], ScalarType.Float64).to_type(dtype), device).DetachFromDisposeScope();
        Bias = Place(tensor(b, [layer.OutputCount], ScalarType.Float64).to_type(dtype), device).DetachFromDisposeScope();
    }

    public Tensor Weight { get; }
    public Tensor Bias { get; }

    public override Tensor Forward(Tensor x) => nn.functional.linear(x, Weight, Bias);

    public override (Tensor S, Tensor Piece)? SplitPoints(Tensor values) => null;

    public override void Dispose()
    {
        Weight.Dispose();
        Bias.Dispose();
    }
}

/// <summary>
/// An element-wise activation <c>c0 + c1 z + sum_i w_i relu(s_i (z - k_i))</c> (<see cref="ActivationFunction"/>), built
/// from <c>relu</c> so that autograd's relu'(0) = 0 gives the exact side's default convention at every kink (leaky_relu'(0)
/// = alpha, abs'(0) = 0, clip'(lo) = 0, clip'(hi) = 1). Relu itself is <c>relu</c>, the identity a no-op. Parameters are
/// rounded to double once.
/// </summary>
internal sealed class TorchActivation : TorchLayer
{
    private readonly double _constant, _slope;
    private readonly (double Weight, bool Negated, double Kink)[] _terms;

    public TorchActivation(string name, ActivationFunction function)
    {
        Name = name;
        Function = function;
        _constant = function.Constant.ToDouble();
        _slope = function.Slope.ToDouble();
        _terms = [.. function.Terms.Select(t => (t.Weight.ToDouble(), t.Sign < 0, t.Kink.ToDouble()))];
        Kinks = [.. function.Kinks.Select(k => k.ToDouble())];
    }

    /// <summary>The layer's type name (<c>relu</c>, <c>clip</c>, ...).</summary>
    public string Name { get; }

    /// <summary>The exact function.</summary>
    public ActivationFunction Function { get; }

    /// <summary>The kinks as doubles, in increasing order.</summary>
    public double[] Kinks { get; }

    public override Tensor Forward(Tensor x)
    {
        if (Function.IsRelu) return nn.functional.relu(x);
        if (Function.IsIdentity) return x;
        Tensor? acc = null;
        void Add(Tensor t) => acc = acc is null ? t : acc + t;
        if (_slope != 0) Add(_slope == 1 ? x : x * _slope);
        foreach (var (weight, negated, kink) in _terms)
        {
            var shifted = kink == 0 ? x : x - kink;
            var r = nn.functional.relu(negated ? -shifted : shifted);
            Add(weight == 1 ? r : r * weight);
        }
        if (acc is null) return zeros_like(x) + _constant;
        return _constant == 0 ? acc : acc + _constant;
    }

    public override (Tensor S, Tensor Piece)? SplitPoints(Tensor values)
    {
        if (Kinks.Length == 0) return null;
        if (Kinks.Length == 1) return LineSplits.SignChanges(Kinks[0] == 0 ? values : values - Kinks[0]);
        var parts = Kinks.Select(k => LineSplits.SignChanges(k == 0 ? values : values - k)).ToArray();
        return (cat(parts.Select(p => p.S).ToArray()), cat(parts.Select(p => p.Piece).ToArray()));
    }
}

/// <summary>
/// Max over arbitrary groups of inputs. Groups are padded to a common size by repeating their first index, which
/// changes neither the maximum nor which position wins a tie (the first maximal one, as in the exact layer).
/// </summary>
internal sealed class TorchMaxPool : TorchLayer
{
    public TorchMaxPool(MaxPoolLayer layer, Device? device = null)
    {
        int size = layer.Groups.Max(g => g.Length);
        var index = new long[layer.Groups.Length * size];
        for (int k = 0; k < layer.Groups.Length; k++)
            for (int m = 0; m < size; m++)
                index[k * size + m] = layer.Groups[k][m < layer.Groups[k].Length ? m : 0];
        Groups = layer.Groups.Length;
        GroupSize = size;
        IndexValues = index;
        Index = Place(tensor(index, [index.Length], ScalarType.Int64), device).DetachFromDisposeScope();
    }

    public int Groups { get; }
    public int GroupSize { get; }
    public Tensor Index { get; }

    /// <summary>The padded groups on the host, <see cref="Groups"/> rows of <see cref="GroupSize"/> input indices.</summary>
    public long[] IndexValues { get; }

    public override Tensor Forward(Tensor x)
    {
        var gathered = x.index_select(1, Index).reshape(x.shape[0], Groups, GroupSize);
        return gathered.max(2).values;
    }

    public override (Tensor S, Tensor Piece)? SplitPoints(Tensor values) => LineSplits.WinnerChanges(values, this);

    public override void Dispose() => Index.Dispose();
}
