using System.Collections.Immutable;
using System.Text;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// An affine layer <c>y = W x + b</c> with exact rational weights, <c>W[out][in]</c> as in PyTorch's
/// <c>nn.Linear.weight</c>. Equality compares every weight and bias entry.
/// </summary>
public sealed record DenseLayer : Layer
{
    /// <summary>A dense layer from rows of weights (<c>weights[out][in]</c>) and a bias per output; the arrays are copied.</summary>
    /// <exception cref="NetworkFormatException">There are no rows, the rows differ in length, or the bias length is not the number of rows.</exception>
    public DenseLayer(IReadOnlyList<IReadOnlyList<Rational>> weights, IReadOnlyList<Rational> bias)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        if (weights.Count == 0) throw new NetworkFormatException("dense layer: weights have no rows");
        int columns = weights[0].Count;
        var rows = ImmutableArray.CreateBuilder<ImmutableArray<Rational>>(weights.Count);
        for (int i = 0; i < weights.Count; i++)
        {
            if (weights[i].Count != columns)
                throw new NetworkFormatException($"dense layer: weights row {i} has {NetworkFormatException.Count(weights[i].Count, "entry", "entries")} but row 0 has {columns}");
            rows.Add([.. weights[i]]);
        }
        if (bias.Count != weights.Count)
            throw new NetworkFormatException($"dense layer: bias has {NetworkFormatException.Count(bias.Count, "entry", "entries")} but weights have {NetworkFormatException.Count(weights.Count, "row")}");
        Weights = rows.MoveToImmutable();
        Bias = [.. bias];
    }

    /// <summary>A dense layer from a rectangular weight matrix (<c>weights[out, in]</c>) and a bias per output.</summary>
    /// <exception cref="NetworkFormatException">There are no rows or the bias length is not the number of rows.</exception>
    public DenseLayer(Rational[,] weights, IReadOnlyList<Rational> bias) : this(Rows(weights), bias) { }

    /// <summary>The weights, <c>Weights[out][in]</c>; every row has <see cref="InputCount"/> entries.</summary>
    public ImmutableArray<ImmutableArray<Rational>> Weights { get; }

    /// <summary>The bias, one entry per output.</summary>
    public ImmutableArray<Rational> Bias { get; }

    /// <summary>The number of outputs (rows of <see cref="Weights"/>).</summary>
    public int OutputCount => Weights.Length;

    /// <summary>The number of inputs the layer expects (columns of <see cref="Weights"/>).</summary>
    public int InputCount => Weights[0].Length;

    /// <inheritdoc />
    public override string TypeName => "dense";

    /// <inheritdoc />
    public override int OutputWidth(int inputWidth) => OutputCount;

    /// <inheritdoc />
    public override string? ShapeProblem(int inputWidth) =>
        InputCount == inputWidth ? null
        : $"weights have {NetworkFormatException.Count(InputCount, "column")} but the layer receives {NetworkFormatException.Count(inputWidth, "input")}";

    /// <inheritdoc />
    public override TResult Accept<TResult>(ILayerVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitDense(this);
    }

    internal override int[] Pattern(ReadOnlySpan<Rational> input) => [];

    internal override void Forward(ReadOnlySpan<Rational> input, Span<Rational> output)
    {
        for (int i = 0; i < Weights.Length; i++)
        {
            var row = Weights[i].AsSpan();
            var acc = Bias[i];
            for (int j = 0; j < row.Length; j++)
                if (!row[j].IsZero && !input[j].IsZero) acc += row[j] * input[j];
            output[i] = acc;
        }
    }

    internal override void Backward(ReadOnlySpan<Rational> input, ReadOnlySpan<Rational> gradOutput, Span<Rational> gradInput, KinkConvention convention)
    {
        // d/dx_j of sum_i g_i (W x + b)_i = sum_i g_i W[i][j]
        gradInput.Clear();
        for (int i = 0; i < Weights.Length; i++)
        {
            if (gradOutput[i].IsZero) continue;
            var row = Weights[i].AsSpan();
            for (int j = 0; j < row.Length; j++)
                if (!row[j].IsZero) gradInput[j] += gradOutput[i] * row[j];
        }
    }

    /// <summary>Structural equality: same shape and equal entries.</summary>
    public bool Equals(DenseLayer? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other.Weights.Length != Weights.Length || other.InputCount != InputCount) return false;
        if (!Bias.AsSpan().SequenceEqual(other.Bias.AsSpan())) return false;
        for (int i = 0; i < Weights.Length; i++)
            if (!Weights[i].AsSpan().SequenceEqual(other.Weights[i].AsSpan())) return false;
        return true;
    }

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(OutputCount);
        h.Add(InputCount);
        foreach (var b in Bias) h.Add(b);
        foreach (var w in Weights[0]) h.Add(w);
        return h.ToHashCode();
    }

    /// <summary>For people: <c>dense 3x2 [[1, 0], [0, 1], [1, -1]] + [0, 0, -1]</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder($"dense {OutputCount}x{InputCount} [");
        for (int i = 0; i < Weights.Length; i++)
            sb.Append(i == 0 ? "[" : ", [").AppendJoin(", ", Weights[i]).Append(']');
        return sb.Append("] + [").AppendJoin(", ", Bias).Append(']').ToString();
    }

    private static Rational[][] Rows(Rational[,] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var rows = new Rational[weights.GetLength(0)][];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = new Rational[weights.GetLength(1)];
            for (int j = 0; j < rows[i].Length; j++) rows[i][j] = weights[i, j];
        }
        return rows;
    }
}
