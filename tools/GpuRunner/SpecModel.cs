using TorchSharp;
using Verifier.NumericBridge;
using Verifier.NumericBridge.Models;
using Verifier.NumericBridge.Runtime;
using static TorchSharp.torch;

namespace Verifier.GpuRunner;

/// <summary>
/// A <see cref="NetSpec"/> run on TorchSharp functional operations on a device, as a <see cref="TensorModel"/>, so that the
/// toolkit's own <c>NumericAttribute.IntegratedGradients</c> runs on it as on every tensor model: path points formed on the
/// model's device, the weighted gradient sum accumulated there. Used for the ResNet-18-size network.
/// </summary>
internal sealed class SpecModel : TensorModel
{
    private readonly NetSpec _spec;
    private readonly Tensor[] _tensors;

    public SpecModel(NetSpec spec, NumericPrecision precision, string device)
    {
        _spec = spec;
        Precision = precision;
        Device = ComputeDevice.Parse(device);
        _tensors = [.. spec.Tensors.Select(t => tensor(t.Values, t.Shape, ScalarType.Float64).to_type(DType).to(TorchDevice).DetachFromDisposeScope())];
    }

    public override int Inputs => _spec.Inputs;

    public override int Output => _spec.Output;

    public override int OutputWidth => (int)_spec.Tensors[_spec.Ops.Last(o => o.Kind == "dense").Bias].Shape[0]; // the last dense layer's width

    public override NumericPrecision Precision { get; }

    public override ComputeDevice Device { get; }

    public override long? ActivationElementsPerPoint => null; // the bench gives the batch (GpuBatchPolicy)

    public override bool IsPiecewiseLinear => false; // average pooling and residual sums: Riemann IG only

    /// <inheritdoc/>

    protected override string NotPiecewiseLinearReason => "the runner's spec models run Riemann IG only";

    protected override Tensor ForwardAll(Tensor rows) => Forward(rows.reshape([-1, .. _spec.InputShape.Select(v => (long)v)]));

    private Tensor Forward(Tensor x)
    {
        ThrowIfDisposed();
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

    protected override void ReleaseTensors()
    {
        foreach (var t in _tensors) t.Dispose();
    }
}
