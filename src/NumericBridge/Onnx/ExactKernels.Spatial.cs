using System.Collections.Immutable;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Onnx;

internal static partial class ExactKernels
{
    /// <summary>A tap of a window inside the declared padding.</summary>
    public const int PadTap = -1;

    /// <summary>A tap of a window beyond the declared padding (added by <c>ceil_mode</c>).</summary>
    public const int ExtraTap = -2;

    /// <summary>
    /// The sliding windows over one feature map: for every output position (C order) and every kernel offset (C order),
    /// the flat index of the input position it reads, or <see cref="PadTap"/> / <see cref="ExtraTap"/> outside the input.
    /// </summary>
    public static int[][] Taps(IReadOnlyList<int> input, IReadOnlyList<int> output, IReadOnlyList<int> kernel, IReadOnlyList<int> strides,
        IReadOnlyList<int> padsBegin, IReadOnlyList<int> padsEnd, IReadOnlyList<int> dilations)
    {
        int dims = input.Count;
        var inStrides = ExactTensor.Strides(input);
        var outPositions = StridedIndex(output, ExactTensor.Strides(output), 0).Length;
        var kernelCount = (int)ExactTensor.ElementCount(kernel);
        var taps = new int[outPositions][];
        var o = new int[dims];
        for (int p = 0; p < outPositions; p++)
        {
            var row = new int[kernelCount];
            var q = new int[dims];
            for (int t = 0; t < kernelCount; t++)
            {
                int flat = 0, code = 0;
                for (int d = 0; d < dims; d++)
                {
                    int u = o[d] * strides[d] + q[d] * dilations[d] - padsBegin[d];
                    if (u >= 0 && u < input[d]) { flat += u * inStrides[d]; continue; }
                    if (u >= input[d] + padsEnd[d]) code = ExtraTap;
                    else if (code == 0) code = PadTap;
                }
                row[t] = code < 0 ? code : flat;
                Increment(q, kernel);
            }
            taps[p] = row;
            Increment(o, output);
        }
        return taps;
    }

    private static void Increment(int[] index, IReadOnlyList<int> shape)
    {
        for (int d = index.Length - 1; d >= 0; d--)
        {
            if (++index[d] < shape[d]) return;
            index[d] = 0;
        }
    }

    /// <summary>A convolution of <c>[N, C, spatial...]</c> (see <see cref="ConvOp"/>).</summary>
    public static ExactTensor Conv(ExactTensor x, ConvOp op, ImmutableArray<int> outShape)
    {
        var w = op.Weight;
        int n = x.Shape[0], c = x.Shape[1], m = w.Shape[0], cg = w.Shape[1], mg = m / op.Group;
        var inSpatial = x.Shape.Skip(2).ToArray();
        var outSpatial = outShape.Skip(2).ToArray();
        var taps = Taps(inSpatial, outSpatial, [.. w.Shape.Skip(2)], op.Strides, op.PadsBegin, op.PadsEnd, op.Dilations);
        int inMap = (int)ExactTensor.ElementCount(inSpatial), outMap = taps.Length, k = taps.Length == 0 ? 0 : taps[0].Length;
        var xv = x.Values;
        var wv = w.Values;
        var r = new Rational[n * m * outMap];
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < m; oc++)
            {
                int g = oc / mg;
                var bias = op.Bias is null ? Rational.Zero : op.Bias[oc];
                for (int p = 0; p < outMap; p++)
                {
                    var acc = bias;
                    for (int ic = 0; ic < cg; ic++)
                    {
                        int xBase = (b * c + g * cg + ic) * inMap, wBase = (oc * cg + ic) * k;
                        for (int t = 0; t < k; t++)
                        {
                            int tap = taps[p][t];
                            if (tap < 0) continue;
                            var wt = wv[wBase + t];
                            var xt = xv[xBase + tap];
                            if (!wt.IsZero && !xt.IsZero) acc += wt * xt;
                        }
                    }
                    r[(b * m + oc) * outMap + p] = acc;
                }
            }
        return ExactTensor.Own(outShape, r, x.ElementType);
    }

    /// <summary>Max pooling (padded positions never win; the first maximal tap wins).</summary>
    public static ExactTensor MaxPool(ExactTensor x, MaxPoolOp op, ImmutableArray<int> outShape)
    {
        var taps = Taps([.. x.Shape.Skip(2)], [.. outShape.Skip(2)], op.Kernel, op.Strides, op.PadsBegin, op.PadsEnd, op.Dilations);
        return PerMap(x, outShape, taps, (v, b, row, _) =>
        {
            Rational? best = null;
            foreach (int t in row)
                if (t >= 0 && (best is null || v[b + t] > best.Value)) best = v[b + t];
            return best ?? throw new OnnxModelException("a max-pool window lies entirely in the padding");
        });
    }

    /// <summary>The divisor of every window of an average pooling, one per output position.</summary>
    public static int[] AverageCounts(int[][] taps, bool countIncludePad) =>
        [.. taps.Select(row => row.Count(t => t >= 0 || (countIncludePad && t == PadTap)))];

    /// <summary>Average pooling (see <see cref="AveragePoolOp"/>).</summary>
    public static ExactTensor AveragePool(ExactTensor x, AveragePoolOp op, ImmutableArray<int> outShape)
    {
        var taps = Taps([.. x.Shape.Skip(2)], [.. outShape.Skip(2)], op.Kernel, op.Strides, op.PadsBegin, op.PadsEnd, [.. op.Kernel.Select(_ => 1)]);
        var counts = AverageCounts(taps, op.CountIncludePad);
        return PerMap(x, outShape, taps, (v, b, row, p) =>
        {
            var sum = Rational.Zero;
            foreach (int t in row) if (t >= 0) sum += v[b + t];
            int count = counts[p];
            return count == 0 ? Rational.Zero : sum / count;
        });
    }

    private delegate Rational WindowReduce(ReadOnlySpan<Rational> values, int mapBase, int[] taps, int position);

    private static ExactTensor PerMap(ExactTensor x, ImmutableArray<int> outShape, int[][] taps, WindowReduce reduce)
    {
        int maps = x.Shape[0] * x.Shape[1];
        int inMap = (int)ExactTensor.ElementCount(x.Shape.Skip(2).ToArray());
        var r = new Rational[maps * taps.Length];
        for (int mIndex = 0; mIndex < maps; mIndex++)
            for (int p = 0; p < taps.Length; p++) r[mIndex * taps.Length + p] = reduce(x.Values, mIndex * inMap, taps[p], p);
        return ExactTensor.Own(outShape, r, x.ElementType);
    }
}
