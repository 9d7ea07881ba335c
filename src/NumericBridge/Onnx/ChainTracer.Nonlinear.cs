using System.Collections.Immutable;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Onnx;

internal sealed partial class ChainTracer
{
    private static readonly ReluLayer Relu = new();

    /// <summary>An activation or max-like operation as a pending layer over its operands' affine forms.</summary>
    private Pending Nonlinear(OnnxOperation op, Traced[] inputs, ImmutableArray<int>[] shapes)
    {
        if (!op.Op.IsPiecewiseLinear) throw NotChain(op, "it is not piecewise linear");
        if (inputs.Any(v => v is Pending))
        {
            if (inputs.Length > 1) throw NotChain(op, "it combines a pending activation with other values");
            inputs = [Materialize((Pending)inputs[0])];
        }
        var affine = inputs.Cast<Affine>().ToArray();
        var x = affine[0].Elements;
        bool product = affine.Any(a => a.HasProduct);
        int n = x.Length;
        var units = Enumerable.Range(0, n).Select(AffineForm.Unit).ToArray();
        switch (op.Op)
        {
            case ActivationOp a:
                ActivationLayer layer = a.Kind switch
                {
                    ActivationKind.Relu => Relu,
                    ActivationKind.Abs => new AbsLayer(),
                    _ => a.Alpha.IsOne ? new IdentityLayer() : new LeakyReluLayer(a.Alpha),
                };
                return new Pending(_generation, units, layer, x, null, product);
            case PReluOp p:
            {
                // prelu(z) = relu(z) - s relu(-z)
                var slope = ExactKernels.BroadcastIndex(p.Slope.Shape, op.OutputShape);
                var post = Enumerable.Range(0, n).Select(i => new AffineForm([i, n + i], [Rational.One, -p.Slope[slope[i]]], Rational.Zero).Trim()).ToArray();
                return new Pending(_generation, post, Relu, [.. x, .. x.Select(f => f.Negate())], null, product);
            }
            case ClipOp c:
                return Clip(c, x, product);
            case ExtremumOp e:
            {
                // max(a, b, ...) over the operands broadcast to the output; min(a, ...) = -max(-a, ...)
                int outputs = (int)ExactTensor.ElementCount(op.OutputShape);
                var pre = new List<AffineForm>();
                var operands = affine.Select((v, k) => (Forms: v.Elements, Shape: shapes[k])).ToList();
                if (e.Constant is not null) operands.Add(([.. e.Constant.Values.ToArray().Select(AffineForm.Of)], e.Constant.Shape));
                foreach (var (forms, shape) in operands)
                {
                    var index = ExactKernels.BroadcastIndex(shape, op.OutputShape);
                    pre.AddRange(index.Select(i => e.IsMax ? forms[i] : forms[i].Negate()));
                }
                var groups = Enumerable.Range(0, outputs).Select(i => Enumerable.Range(0, operands.Count).Select(k => k * outputs + i).ToArray()).ToArray();
                var post = Enumerable.Range(0, outputs).Select(i => e.IsMax ? AffineForm.Unit(i) : AffineForm.Unit(i).Negate()).ToArray();
                return new Pending(_generation, post, null, [.. pre], groups, product);
            }
            case MaxPoolOp m:
            {
                var xs = shapes[0];
                var taps = ExactKernels.Taps([.. xs.Skip(2)], [.. op.OutputShape.Skip(2)], m.Kernel, m.Strides, m.PadsBegin, m.PadsEnd, m.Dilations);
                int maps = xs[0] * xs[1], inMap = (int)ExactTensor.ElementCount([.. xs.Skip(2)]);
                var groups = new List<int[]>();
                for (int map = 0; map < maps; map++)
                    foreach (var row in taps) groups.Add([.. row.Where(t => t >= 0).Select(t => map * inMap + t)]);
                if (groups.Any(g => g.Length == 0)) throw NotChain(op, "a window lies entirely in the padding");
                return new Pending(_generation, [.. Enumerable.Range(0, groups.Count).Select(AffineForm.Unit)], null, x, [.. groups], product, affine[0].Source);
            }
            case ReduceMaxOp r:
            {
                var groups = ExactKernels.ReduceGroups(shapes[0], r.Axes);
                return new Pending(_generation, [.. Enumerable.Range(0, groups.Length).Select(AffineForm.Unit)], null, x, groups, product, affine[0].Source);
            }
            default:
                throw NotChain(op, "it has no network form");
        }
    }

    /// <summary>clip(z) = lo + relu(z - lo) - relu(z - hi); with one bound, lo + relu(z - lo) or hi - relu(hi - z).</summary>
    private Pending Clip(ClipOp c, AffineForm[] x, bool product)
    {
        int n = x.Length;
        var shifted = (AffineForm f, Rational by) => new AffineForm(f.Index, f.Coefficients, f.Constant - by);
        if (c.Min is { } lo && c.Max is { } hi)
        {
            var post = Enumerable.Range(0, n).Select(i => new AffineForm([i, n + i], [Rational.One, Rational.MinusOne], lo)).ToArray();
            return new Pending(_generation, post, Relu, [.. x.Select(f => shifted(f, lo)), .. x.Select(f => shifted(f, hi))], null, product);
        }
        if (c.Min is { } low)
            return new Pending(_generation, [.. Enumerable.Range(0, n).Select(i => new AffineForm([i], [Rational.One], low))], Relu, [.. x.Select(f => shifted(f, low))], null, product);
        if (c.Max is { } high)
            return new Pending(_generation, [.. Enumerable.Range(0, n).Select(i => new AffineForm([i], [Rational.MinusOne], high))], Relu, [.. x.Select(f => shifted(f, high).Negate())], null, product);
        return new Pending(_generation, [.. Enumerable.Range(0, n).Select(AffineForm.Unit)], new IdentityLayer(), x, null, product);
    }
}
