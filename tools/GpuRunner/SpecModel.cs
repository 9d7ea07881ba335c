using TorchSharp;
using Verifier.NumericBridge;
using Verifier.NumericBridge.Models;
using Verifier.NumericBridge.Runtime;
using static TorchSharp.torch;

namespace Verifier.GpuRunner;

/// <summary>
/// A <see cref="NetSpec"/> run on TorchSharp functional operations on a device, as an <see cref="INumericModel"/>, so
/// that the toolkit's own <c>NumericAttribute.IntegratedGradients</c> (its generic path: points formed on the host,
/// gradients in batches through <see cref="Gradients"/>) runs on it. Used for the ResNet-18-size network.
/// </summary>
internal sealed class SpecModel : INumericModel, IDisposable
{
    private readonly NetSpec _spec;
    private readonly Tensor[] _tensors;
    private readonly Device _device;
    private readonly ScalarType _dtype;

    public SpecModel(NetSpec spec, NumericPrecision precision, string device)
    {
        _spec = spec;
        _device = new Device(device);
        _dtype = precision == NumericPrecision.Float64 ? ScalarType.Float64 : ScalarType.Float32;
        _tensors = [.. spec.Tensors.Select(t => tensor(t.Values, t.Shape, ScalarType.Float64).to_type(_dtype).to(_device).DetachFromDisposeScope())];
    }

    public int Inputs => _spec.Inputs;

    public double Evaluate(IReadOnlyList<double> x) => EvaluateBatch(Row(x))[0];

    public double[] Gradient(IReadOnlyList<double> x)
    {
        var g = Gradients(Row(x));
        return [.. Enumerable.Range(0, Inputs).Select(j => g[0, j])];
    }

    public double[] EvaluateBatch(double[,] points)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return Forward(ToTensor(points)).select(1, _spec.Output).to_type(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
    }

    public double[,] Gradients(double[,] points)
    {
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        var x = ToTensor(points).requires_grad_(true);
        var y = Forward(x).select(1, _spec.Output).sum();
        var g = autograd.grad([y], [x])[0].reshape(points.GetLength(0), Inputs).to_type(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
        var result = new double[points.GetLength(0), Inputs];
        Buffer.BlockCopy(g, 0, result, 0, g.Length * sizeof(double));
        return result;
    }

    private Tensor ToTensor(double[,] points)
    {
        var flat = new double[points.Length];
        Buffer.BlockCopy(points, 0, flat, 0, flat.Length * sizeof(double));
        long[] shape = [points.GetLength(0), .. _spec.InputShape.Select(v => (long)v)];
        return tensor(flat, shape, ScalarType.Float64).to_type(_dtype).to(_device);
    }

    private static double[,] Row(IReadOnlyList<double> x)
    {
        var row = new double[1, x.Count];
        for (int i = 0; i < x.Count; i++) row[0, i] = x[i];
        return row;
    }

    private Tensor Forward(Tensor x)
    {
        Tensor? saved = null;
        foreach (var op in _spec.Ops)
        {
            switch (op.Kind)
            {
                case "dense": x = nn.functional.linear(x, _tensors[op.Weight], _tensors[op.Bias]); break;
                case "relu": x = nn.functional.relu(x); break;
                case "conv2d": x = Conv(x, op); break;
                case "maxpool2d": x = nn.functional.max_pool2d(x, op.Kernel, op.Stride, op.Padding); break;
                case "flatten": x = x.flatten(1); break;
                case "save": saved = x; break;
                case "add_saved":
                    var skip = saved ?? throw new InvalidOperationException("add_saved without save");
                    x = x + (op.Projection is null ? skip : Conv(skip, op.Projection));
                    break;
                case "avgpool": x = x.mean([2L, 3L]); break;
                default: throw new NotSupportedException($"op {op.Kind}");
            }
        }
        return x;
    }

    private Tensor Conv(Tensor x, Op op) =>
        nn.functional.conv2d(x, _tensors[op.Weight], _tensors[op.Bias], strides: [op.Stride, op.Stride], padding: [op.Padding, op.Padding]);

    public void Dispose()
    {
        foreach (var t in _tensors) t.Dispose();
    }
}
