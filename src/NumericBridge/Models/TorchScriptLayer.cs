using static TorchSharp.torch;

namespace Verifier.NumericBridge.Models;

/// <summary>A loaded TorchScript module applied to a batch <c>[B, n]</c>; a 1-D output <c>[B]</c> is read as <c>[B, 1]</c>.</summary>
internal sealed class TorchScriptLayer(jit.ScriptModule<Tensor, Tensor> module) : TorchLayer
{
    public override Tensor Forward(Tensor x)
    {
        var y = module.call(x);
        return y.dim() == 1 ? y.unsqueeze(1) : y;
    }

    public override (Tensor S, Tensor Piece)? SplitPoints(Tensor values) =>
        throw new NotSupportedException("a TorchScript model has no exact-line split points (it is not built from a network)");

    public override void Dispose() => module.Dispose();
}
