using System.Collections.Immutable;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Onnx;

internal static partial class OnnxOpBuilder
{
    private static BuiltOp Flatten(NodeContext n)
    {
        n.Inputs(1, 1);
        var x = n.Shape(0);
        long a = n.Int("axis", 1);
        if (a < 0) a += x.Length;
        if (a < 0 || a > x.Length) throw n.Error($"axis {n.Int("axis", 1)} is out of range for rank {x.Length}");
        int axis = (int)a;
        int outer = 1, inner = 1;
        for (int i = 0; i < x.Length; i++)
            if (i < axis) outer *= x[i]; else inner *= x[i];
        return One(n, new ReshapeOp(), [outer, inner], n.InputName(0));
    }

    private static BuiltOp Reshape(NodeContext n)
    {
        n.Inputs(2, 2);
        var x = n.Shape(0);
        long[] target;
        try { target = n.Constant(1, "shape").ToInt64(); }
        catch (InvalidDataException e) { throw n.Error($"its shape is not a list of integers: {e.Message}"); }
        bool allowZero = n.Int("allowzero", 0) != 0;
        var shape = new int[target.Length];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < target.Length; i++)
        {
            long d = target[i];
            if (d == -1)
            {
                if (inferred >= 0) throw n.Error("its shape has two -1 entries");
                inferred = i;
                continue;
            }
            if (d == 0 && !allowZero)
            {
                if (i >= x.Length) throw n.Error($"its shape copies dimension {i} (0) of an input of rank {x.Length}");
                d = x[i];
            }
            if (d < 0) throw n.Error($"its shape has the entry {d}");
            shape[i] = (int)d;
            known *= d;
        }
        long count = ExactTensor.ElementCount(x);
        if (inferred >= 0)
        {
            if (known == 0 || count % known != 0) throw n.Error($"cannot reshape {ShapeMath.Text(x)} to [{string.Join(", ", target)}]");
            shape[inferred] = (int)(count / known);
        }
        else if (known != count) throw n.Error($"cannot reshape {ShapeMath.Text(x)} ({count} elements) to {ShapeMath.Text(shape)}");
        return One(n, new ReshapeOp(), [.. shape], n.InputName(0));
    }

    private static BuiltOp Squeeze(NodeContext n)
    {
        n.Inputs(1, 2);
        var x = n.Shape(0);
        var axes = n.IntsFromAttributeOrInput("axes", 1, 13);
        var drop = axes is null
            ? Enumerable.Range(0, x.Length).Where(i => x[i] == 1).ToHashSet()
            : axes.Select(a => ShapeMath.Axis(n.Name, a, x.Length)).ToHashSet();
        foreach (int a in drop)
            if (x[a] != 1) throw n.Error($"cannot squeeze axis {a} of {ShapeMath.Text(x)}: its size is {x[a]}");
        return One(n, new ReshapeOp(), [.. x.Where((_, i) => !drop.Contains(i))], n.InputName(0));
    }

    private static BuiltOp Unsqueeze(NodeContext n)
    {
        n.Inputs(1, 2);
        var x = n.Shape(0);
        var axes = n.IntsFromAttributeOrInput("axes", 1, 13) ?? throw n.Error("its axes are missing");
        int rank = x.Length + axes.Length;
        var inserted = axes.Select(a => ShapeMath.Axis(n.Name, a, rank)).ToHashSet();
        if (inserted.Count != axes.Length) throw n.Error("its axes repeat an axis");
        var shape = new List<int>(rank);
        int k = 0;
        for (int i = 0; i < rank; i++) shape.Add(inserted.Contains(i) ? 1 : x[k++]);
        return One(n, new ReshapeOp(), [.. shape], n.InputName(0));
    }

    private static BuiltOp Transpose(NodeContext n)
    {
        n.Inputs(1, 1);
        var x = n.Shape(0);
        var perm = n.Ints("perm")?.Select(p => (int)p).ToArray() ?? [.. Enumerable.Range(0, x.Length).Reverse()];
        if (perm.Length != x.Length || !perm.Order().SequenceEqual(Enumerable.Range(0, x.Length)))
            throw n.Error($"perm [{string.Join(", ", perm)}] is not a permutation of the {x.Length} axes");
        return One(n, new TransposeOp([.. perm]), [.. perm.Select(p => x[p])], n.InputName(0));
    }

    private static BuiltOp Concat(NodeContext n)
    {
        if (n.InputCount < 1) throw n.Error("expects at least one input");
        var first = n.Shape(0);
        int axis = ShapeMath.Axis(n.Name, n.HasAttribute("axis") ? n.Int("axis", 0) : throw n.Error("its axis is missing"), Math.Max(1, first.Length));
        var parts = ImmutableArray.CreateBuilder<ExactTensor?>();
        var computed = new List<string>();
        int total = 0;
        for (int i = 0; i < n.InputCount; i++)
        {
            var s = n.Shape(i);
            if (s.Length != first.Length || Enumerable.Range(0, s.Length).Any(d => d != axis && s[d] != first[d]))
                throw n.Error($"cannot concatenate {ShapeMath.Text(first)} and {ShapeMath.Text(s)} along axis {axis}");
            total += s[axis];
            if (n.IsConstant(i)) parts.Add(n.Constant(i, "operand"));
            else { parts.Add(null); computed.Add(n.InputName(i)); }
        }
        var shape = first.ToArray();
        shape[axis] = total;
        return One(n, new ConcatOp(axis, parts.ToImmutable()), [.. shape], [.. computed]);
    }

    private static BuiltOp Pad(NodeContext n)
    {
        var x = n.Shape(0);
        string mode = n.String("mode", "constant");
        if (mode != "constant") throw n.Error($"mode '{mode}' is not supported; only constant padding is");
        long[] pads;
        Rational value;
        var axes = Enumerable.Range(0, x.Length).ToArray();
        if (n.Opset < 11)
        {
            n.Inputs(1, 1);
            pads = n.Ints("pads") ?? throw n.Error("its pads are missing");
            value = n.Float("value", 0f);
        }
        else
        {
            n.Inputs(2, 4);
            pads = n.IntsFromAttributeOrInput("pads", 1, 11) ?? throw n.Error("its pads are missing");
            value = n.Has(2) ? Scalar(n, 2, "constant_value") : Rational.Zero;
            if (n.Has(3)) axes = [.. n.Constant(3, "axes").ToInt64().Select(a => ShapeMath.Axis(n.Name, a, x.Length))];
        }
        if (pads.Length != 2 * axes.Length) throw n.Error($"pads has {pads.Length} entries for {axes.Length} axes");
        if (pads.Any(p => p < 0)) throw n.Error("negative pads (cropping) are not supported");
        var begin = new int[x.Length];
        var end = new int[x.Length];
        for (int i = 0; i < axes.Length; i++)
        {
            begin[axes[i]] = (int)pads[i];
            end[axes[i]] = (int)pads[axes.Length + i];
        }
        return One(n, new PadOp([.. begin], [.. end], value), [.. x.Select((d, i) => d + begin[i] + end[i])], n.InputName(0));
    }

    private static BuiltOp Gather(NodeContext n)
    {
        n.Inputs(2, 2);
        var x = n.Shape(0);
        int axis = ShapeMath.Axis(n.Name, n.Int("axis", 0), x.Length);
        var indices = n.Constant(1, "indices");
        long[] raw;
        try { raw = indices.ToInt64(); }
        catch (InvalidDataException e) { throw n.Error($"its indices are not integers: {e.Message}"); }
        var fixedIndices = new Rational[raw.Length];
        for (int i = 0; i < raw.Length; i++)
        {
            long v = raw[i] < 0 ? raw[i] + x[axis] : raw[i];
            if (v < 0 || v >= x[axis]) throw n.Error($"index {raw[i]} is out of range for axis {axis} of size {x[axis]}");
            fixedIndices[i] = v;
        }
        var shape = new List<int>(x.Take(axis));
        shape.AddRange(indices.Shape);
        shape.AddRange(x.Skip(axis + 1));
        return One(n, new GatherOp(axis, ExactTensor.Own(indices.Shape, fixedIndices, OnnxElementType.Int64)), [.. shape], n.InputName(0));
    }

    private static BuiltOp ReduceMax(NodeContext n)
    {
        n.Inputs(1, 2);
        var x = n.Shape(0);
        var axes = n.IntsFromAttributeOrInput("axes", 1, 18);
        bool keep = n.Int("keepdims", 1) != 0;
        int[] reduced;
        if (axes is null || axes.Length == 0)
        {
            if (n.Opset >= 18 && n.Int("noop_with_empty_axes", 0) != 0) throw n.Error("noop_with_empty_axes = 1 is not supported");
            reduced = [.. Enumerable.Range(0, x.Length)];
        }
        else reduced = [.. axes.Select(a => ShapeMath.Axis(n.Name, a, x.Length)).Distinct().Order()];
        var shape = new List<int>();
        for (int i = 0; i < x.Length; i++)
        {
            if (!reduced.Contains(i)) shape.Add(x[i]);
            else if (keep) shape.Add(1);
        }
        return One(n, new ReduceMaxOp([.. reduced], keep), [.. shape], n.InputName(0));
    }
}
