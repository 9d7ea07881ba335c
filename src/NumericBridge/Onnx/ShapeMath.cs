using System.Collections.Immutable;

namespace Verifier.NumericBridge.Onnx;

/// <summary>Shape rules of ONNX (numpy broadcasting, matmul, pooling windows); a mismatch is an <see cref="OnnxModelException"/>.</summary>
internal static class ShapeMath
{
    /// <summary>Multidirectional (numpy) broadcasting of several shapes.</summary>
    public static ImmutableArray<int> Broadcast(string node, params IReadOnlyList<int>[] shapes)
    {
        int rank = shapes.Max(s => s.Count);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int d = 1;
            foreach (var s in shapes)
            {
                int k = i - (rank - s.Count);
                if (k < 0) continue;
                int e = s[k];
                if (e == d || e == 1) continue;
                if (d != 1) throw new OnnxModelException(node, $"shapes {string.Join(" and ", shapes.Select(Text))} do not broadcast");
                d = e;
            }
            result[i] = d;
        }
        return [.. result];
    }

    /// <summary>The shape of numpy's <c>matmul(a, b)</c>.</summary>
    public static ImmutableArray<int> MatMul(string node, IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        if (a.Count == 0 || b.Count == 0) throw new OnnxModelException(node, "MatMul of a scalar");
        var pa = a.Count == 1 ? new[] { 1, a[0] } : a.ToArray();
        var pb = b.Count == 1 ? new[] { b[0], 1 } : b.ToArray();
        if (pa[^1] != pb[^2])
            throw new OnnxModelException(node, $"MatMul of {Text(a)} and {Text(b)}: inner dimensions {pa[^1]} and {pb[^2]} differ");
        var batch = Broadcast(node, pa[..^2], pb[..^2]);
        var result = new List<int>(batch);
        if (a.Count > 1) result.Add(pa[^2]);
        if (b.Count > 1) result.Add(pb[^1]);
        return [.. result];
    }

    /// <summary>An axis in [-rank, rank) made non-negative.</summary>
    public static int Axis(string node, long axis, int rank, string what = "axis")
    {
        if (axis < -rank || axis >= rank) throw new OnnxModelException(node, $"{what} {axis} is out of range for rank {rank}");
        return (int)(axis < 0 ? axis + rank : axis);
    }

    /// <summary>
    /// The output size of a sliding window along one dimension, and the extra end positions <c>ceil_mode</c> adds:
    /// floor or ceil of (in + pads - ((k - 1) d + 1)) / s, plus 1; with ceil_mode a window that would start inside the end
    /// padding is dropped (ONNX and PyTorch).
    /// </summary>
    public static (int Size, int Extra) Window(string node, int input, int kernel, int stride, int padBegin, int padEnd, int dilation, bool ceil)
    {
        if (kernel < 1 || stride < 1 || dilation < 1 || padBegin < 0 || padEnd < 0)
            throw new OnnxModelException(node, $"kernel {kernel}, stride {stride}, dilation {dilation} and pads {padBegin}, {padEnd} must be positive (pads non-negative)");
        int span = (kernel - 1) * dilation + 1;
        int room = input + padBegin + padEnd - span;
        if (room < 0) throw new OnnxModelException(node, $"a window of {span} does not fit a dimension of {input} padded by {padBegin} and {padEnd}");
        int size = (ceil ? (room + stride - 1) / stride : room / stride) + 1;
        if (ceil && (size - 1) * stride >= input + padBegin) size--;
        int extra = Math.Max(0, (size - 1) * stride + span - (input + padBegin + padEnd));
        return (size, extra);
    }

    /// <summary>The pads of <c>auto_pad</c> SAME_UPPER / SAME_LOWER for one dimension (output ceil(in / s)).</summary>
    public static (int Begin, int End) SamePads(int input, int kernel, int stride, int dilation, bool upper)
    {
        int output = (input + stride - 1) / stride;
        int total = Math.Max(0, (output - 1) * stride + (kernel - 1) * dilation + 1 - input);
        int small = total / 2, large = total - small;
        return upper ? (small, large) : (large, small);
    }

    /// <summary><c>[1, 2, 3]</c>.</summary>
    public static string Text(IReadOnlyList<int> shape) => "[" + string.Join(", ", shape) + "]";
}
