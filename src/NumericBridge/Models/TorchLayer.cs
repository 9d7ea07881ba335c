using Verifier.Symbolic.Networks;
using static TorchSharp.torch;

namespace Verifier.NumericBridge.Models;

/// <summary>One layer of a <see cref="TorchModel"/> as tensor operations on a batch <c>[B, width]</c>.</summary>
internal abstract class TorchLayer : IDisposable
{
    /// <summary>The layer applied to a batch of row vectors.</summary>
    public abstract Tensor Forward(Tensor x);

    /// <summary>Releases the layer's tensors.</summary>
    public virtual void Dispose() { }

    /// <summary>A host tensor moved to <paramref name="device"/>; the same tensor when that is null or the CPU.</summary>
    protected static Tensor Place(Tensor t, Device? device) =>
        device is null || device.type == TorchSharp.DeviceType.CPU ? t : t.to(device);

    /// <summary>
    /// The tensor form of an exact layer; weights rounded to the nearest value of <paramref name="dtype"/>, placed on
    /// <paramref name="device"/> (the CPU when null).
    /// </summary>
    public static TorchLayer From(Layer layer, ScalarType dtype, Device? device = null) => layer switch
    {
        DenseLayer d => new TorchDense(d, dtype, device),
        ReluLayer => new TorchElementwise(layer.TypeName, t => nn.functional.relu(t)),
        LeakyReluLayer l => new TorchLeakyRelu(l.Alpha.ToDouble()),
        AbsLayer => new TorchElementwise(layer.TypeName, t => t.abs()),
        IdentityLayer => new TorchElementwise(layer.TypeName, t => t),
        MaxPoolLayer m => new TorchMaxPool(m, device),
        _ => throw new NotSupportedException($"layer type '{layer.TypeName}' has no tensor form"),
    };
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

    public override void Dispose()
    {
        Weight.Dispose();
        Bias.Dispose();
    }
}

/// <summary>An element-wise activation without parameters (relu, abs, identity).</summary>
internal sealed class TorchElementwise(string name, Func<Tensor, Tensor> apply) : TorchLayer
{
    public string Name { get; } = name;
    public override Tensor Forward(Tensor x) => apply(x);
}

/// <summary>
/// <c>leaky_relu(z) = z</c> for z &gt; 0, <c>alpha z</c> otherwise; written with <c>where</c> so any alpha works. The strict
/// comparison gives leaky_relu'(0) = alpha, as PyTorch's <c>leaky_relu_backward</c> (<c>self &gt; 0 ? grad : grad * alpha</c>).
/// </summary>
internal sealed class TorchLeakyRelu(double alpha) : TorchLayer
{
    public double Alpha { get; } = alpha;
    public override Tensor Forward(Tensor x) => where(x > 0, x, x * Alpha);
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

    public override void Dispose() => Index.Dispose();
}
