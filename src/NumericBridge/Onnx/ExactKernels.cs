using System.Collections.Immutable;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Onnx;

/// <summary>
/// Tensor operations on <see cref="ExactTensor"/> in exact rational arithmetic, with ONNX's semantics (numpy broadcasting and
/// matmul, C order). They serve the exact forward pass and constant folding; they are plain loops, meant for small models.
/// </summary>
internal static partial class ExactKernels
{
    /// <summary>f applied to every element.</summary>
    public static ExactTensor Map(ExactTensor x, Func<Rational, Rational> f)
    {
        var v = x.Values;
        var r = new Rational[v.Length];
        for (int i = 0; i < r.Length; i++) r[i] = f(v[i]);
        return ExactTensor.Own(x.Shape, r, x.ElementType);
    }

    /// <summary>f applied element-wise with numpy broadcasting; the result has <paramref name="a"/>'s element type.</summary>
    public static ExactTensor Binary(ExactTensor a, ExactTensor b, Func<Rational, Rational, Rational> f)
    {
        var shape = ShapeMath.Broadcast("broadcast", a.Shape, b.Shape);
        var ia = BroadcastIndex(a.Shape, shape);
        var ib = BroadcastIndex(b.Shape, shape);
        var va = a.Values;
        var vb = b.Values;
        var r = new Rational[ia.Length];
        for (int i = 0; i < r.Length; i++) r[i] = f(va[ia[i]], vb[ib[i]]);
        return ExactTensor.Own(shape, r, a.ElementType);
    }

    /// <summary>For every element of <paramref name="to"/> (C order), the flat index of the element of a tensor of shape <paramref name="from"/> broadcast to it.</summary>
    public static int[] BroadcastIndex(IReadOnlyList<int> from, IReadOnlyList<int> to)
    {
        int rank = to.Count, offset = rank - from.Count;
        var fromStrides = ExactTensor.Strides(from);
        var strides = new int[rank];
        for (int d = 0; d < rank; d++)
            strides[d] = d >= offset && from[d - offset] != 1 ? fromStrides[d - offset] : 0;
        var result = new int[ExactTensor.ElementCount(to)];
        var index = new int[rank];
        int flat = 0;
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = flat;
            for (int d = rank - 1; d >= 0; d--)
            {
                index[d]++;
                flat += strides[d];
                if (index[d] < to[d]) break;
                flat -= strides[d] * index[d];
                index[d] = 0;
            }
        }
        return result;
    }

    /// <summary>Output axis i is input axis perm[i].</summary>
    public static ExactTensor Transpose(ExactTensor x, IReadOnlyList<int> perm) => Gathered(x, PermutationIndex(x.Shape, perm), [.. perm.Select(p => x.Shape[p])]);

    /// <summary>For every element of the transposed tensor, the flat index of its source.</summary>
    public static int[] PermutationIndex(IReadOnlyList<int> shape, IReadOnlyList<int> perm)
    {
        var outShape = perm.Select(p => shape[p]).ToArray();
        var inStrides = ExactTensor.Strides(shape);
        var permutedStrides = perm.Select(p => inStrides[p]).ToArray();
        return StridedIndex(outShape, permutedStrides, 0);
    }

    /// <summary>Flat indices offset + sum_d index_d stride_d for every multi-index of <paramref name="shape"/> in C order.</summary>
    public static int[] StridedIndex(IReadOnlyList<int> shape, IReadOnlyList<int> strides, int offset)
    {
        var result = new int[ExactTensor.ElementCount(shape)];
        var index = new int[shape.Count];
        int flat = offset;
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = flat;
            for (int d = shape.Count - 1; d >= 0; d--)
            {
                index[d]++;
                flat += strides[d];
                if (index[d] < shape[d]) break;
                flat -= strides[d] * index[d];
                index[d] = 0;
            }
        }
        return result;
    }

    /// <summary>A tensor of shape <paramref name="shape"/> whose element i is x's element index[i].</summary>
    public static ExactTensor Gathered(ExactTensor x, int[] index, ImmutableArray<int> shape)
    {
        var v = x.Values;
        var r = new Rational[index.Length];
        for (int i = 0; i < r.Length; i++) r[i] = v[index[i]];
        return ExactTensor.Own(shape, r, x.ElementType);
    }

    /// <summary>numpy's matmul (1-D operands promoted and the added axis removed, leading axes broadcast).</summary>
    public static ExactTensor MatMul(ExactTensor a, ExactTensor b)
    {
        var shape = ShapeMath.MatMul("MatMul", a.Shape, b.Shape);
        int[] sa = a.Rank == 1 ? [1, a.Shape[0]] : [.. a.Shape];
        int[] sb = b.Rank == 1 ? [b.Shape[0], 1] : [.. b.Shape];
        int n = sa[^2], k = sa[^1], m = sb[^1];
        var batch = ShapeMath.Broadcast("MatMul", sa[..^2], sb[..^2]);
        var ia = BroadcastIndex(sa[..^2], batch);
        var ib = BroadcastIndex(sb[..^2], batch);
        var va = a.Values;
        var vb = b.Values;
        var r = new Rational[ia.Length * n * m];
        for (int t = 0; t < ia.Length; t++)
        {
            int oa = ia[t] * n * k, ob = ib[t] * k * m, or = t * n * m;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < m; j++)
                {
                    var acc = Rational.Zero;
                    for (int p = 0; p < k; p++)
                    {
                        var x = va[oa + i * k + p];
                        var y = vb[ob + p * m + j];
                        if (!x.IsZero && !y.IsZero) acc += x * y;
                    }
                    r[or + i * m + j] = acc;
                }
        }
        return ExactTensor.Own(shape, r, a.ElementType);
    }

    /// <summary>Concatenation along <paramref name="axis"/>.</summary>
    public static ExactTensor Concat(IReadOnlyList<ExactTensor> parts, int axis)
    {
        var shape = parts[0].Shape.ToArray();
        shape[axis] = parts.Sum(p => p.Shape[axis]);
        var sources = ConcatSources([.. parts.Select(p => p.Shape)], axis);
        var r = new Rational[sources.Length];
        for (int i = 0; i < r.Length; i++) r[i] = parts[sources[i].Part][sources[i].Index];
        return ExactTensor.Own([.. shape], r, parts[0].ElementType);
    }

    /// <summary>For every element of a concatenation (C order), the part and the flat index in it that it comes from.</summary>
    public static (int Part, int Index)[] ConcatSources(IReadOnlyList<ImmutableArray<int>> shapes, int axis)
    {
        int outer = 1;
        for (int d = 0; d < axis; d++) outer *= shapes[0][d];
        var result = new List<(int, int)>();
        for (int o = 0; o < outer; o++)
            for (int p = 0; p < shapes.Count; p++)
            {
                int block = (int)(ExactTensor.ElementCount(shapes[p]) / Math.Max(1, outer));
                for (int j = 0; j < block; j++) result.Add((p, o * block + j));
            }
        return [.. result];
    }

    /// <summary>Constant padding.</summary>
    public static ExactTensor Pad(ExactTensor x, IReadOnlyList<int> begin, IReadOnlyList<int> end, Rational value)
    {
        var shape = x.Shape.Select((d, i) => d + begin[i] + end[i]).ToArray();
        var r = new Rational[ExactTensor.ElementCount(shape)];
        Array.Fill(r, value);
        var outStrides = ExactTensor.Strides(shape);
        int offset = 0;
        for (int d = 0; d < shape.Length; d++) offset += begin[d] * outStrides[d];
        var target = StridedIndex(x.Shape, outStrides, offset);
        var v = x.Values;
        for (int i = 0; i < target.Length; i++) r[target[i]] = v[i];
        return ExactTensor.Own([.. shape], r, x.ElementType);
    }

    /// <summary>Gather along <paramref name="axis"/> with non-negative indices.</summary>
    public static ExactTensor Gather(ExactTensor x, int axis, ExactTensor indices, ImmutableArray<int> shape) =>
        Gathered(x, GatherIndex(x.Shape, axis, indices.ToInt64()), shape);

    /// <summary>For every element of a Gather's output (C order), the flat index of the data element it takes.</summary>
    public static int[] GatherIndex(IReadOnlyList<int> shape, int axis, long[] indices)
    {
        int outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) outer *= shape[d];
        for (int d = axis + 1; d < shape.Count; d++) inner *= shape[d];
        int size = shape[axis];
        var index = new int[outer * indices.Length * inner];
        int k = 0;
        for (int o = 0; o < outer; o++)
            foreach (long i in indices)
                for (int j = 0; j < inner; j++) index[k++] = (o * size + (int)i) * inner + j;
        return index;
    }

    /// <summary>The groups of flat indices that ReduceMax over <paramref name="axes"/> takes the maximum of, one per output element in C order.</summary>
    public static int[][] ReduceGroups(IReadOnlyList<int> shape, IReadOnlyList<int> axes)
    {
        var strides = ExactTensor.Strides(shape);
        var keptShape = Enumerable.Range(0, shape.Count).Where(d => !axes.Contains(d)).Select(d => shape[d]).ToArray();
        var keptStrides = Enumerable.Range(0, shape.Count).Where(d => !axes.Contains(d)).Select(d => strides[d]).ToArray();
        var groupShape = axes.Select(d => shape[d]).ToArray();
        var groupStrides = axes.Select(d => strides[d]).ToArray();
        var member = StridedIndex(groupShape, groupStrides, 0);
        return [.. StridedIndex(keptShape, keptStrides, 0).Select(start => member.Select(m => start + m).ToArray())];
    }

    /// <summary>The maximum of each group (the first maximal element wins).</summary>
    public static ExactTensor MaxOfGroups(ExactTensor x, int[][] groups, ImmutableArray<int> shape)
    {
        var v = x.Values;
        var r = new Rational[groups.Length];
        for (int g = 0; g < groups.Length; g++)
        {
            var best = v[groups[g][0]];
            foreach (int i in groups[g]) if (v[i] > best) best = v[i];
            r[g] = best;
        }
        return ExactTensor.Own(shape, r, x.ElementType);
    }
}
