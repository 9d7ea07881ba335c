using System.Collections.Immutable;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// Max pooling over arbitrary groups: output k is the maximum of the inputs listed in <see cref="Groups"/>[k]
/// (0-based indices into the layer's input; groups may overlap and need not cover every input).
/// </summary>
/// <remarks>
/// A spatial max-pool of a convolutional model is this layer with one group per window. At a tie the gradient
/// goes to the first maximal input in the order its group lists them (PyTorch's CPU kernel does the same); see
/// <see cref="KinkConvention"/>.
/// </remarks>
public sealed record MaxPoolLayer : Layer
{
    /// <summary>A max-pool layer over the given groups; the arrays are copied.</summary>
    /// <exception cref="NetworkFormatException">There are no groups, a group is empty, or an index is negative.</exception>
    public MaxPoolLayer(IReadOnlyList<IReadOnlyList<int>> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count == 0) throw new NetworkFormatException("maxpool layer: there are no groups");
        var built = ImmutableArray.CreateBuilder<ImmutableArray<int>>(groups.Count);
        for (int k = 0; k < groups.Count; k++)
        {
            if (groups[k].Count == 0) throw new NetworkFormatException($"maxpool layer: group {k} is empty");
            foreach (int i in groups[k])
                if (i < 0) throw new NetworkFormatException($"maxpool layer: group {k} lists the negative index {i}");
            built.Add([.. groups[k]]);
        }
        Groups = built.MoveToImmutable();
    }

    /// <summary>The groups: <c>Groups[k]</c> lists the 0-based inputs whose maximum is output k.</summary>
    public ImmutableArray<ImmutableArray<int>> Groups { get; }

    /// <inheritdoc />
    public override string TypeName => "maxpool";

    /// <inheritdoc />
    public override int OutputWidth(int inputWidth) => Groups.Length;

    /// <inheritdoc />
    public override string? ShapeProblem(int inputWidth)
    {
        for (int k = 0; k < Groups.Length; k++)
            foreach (int i in Groups[k])
                if (i >= inputWidth) return $"group {k} lists input {i} but the layer receives {NetworkFormatException.Count(inputWidth, "input")}";
        return null;
    }

    /// <summary>The position in <paramref name="input"/> of the first maximal entry of group <paramref name="k"/>.</summary>
    internal int ArgMax(ReadOnlySpan<Rational> input, int k)
    {
        var group = Groups[k].AsSpan();
        int best = group[0];
        for (int m = 1; m < group.Length; m++)
            if (input[group[m]] > input[best]) best = group[m];
        return best;
    }

    /// <inheritdoc />
    public override TResult Accept<TResult>(ILayerVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitMaxPool(this);
    }

    internal override int[] Pattern(ReadOnlySpan<Rational> input)
    {
        var pattern = new int[Groups.Length];
        for (int k = 0; k < Groups.Length; k++) pattern[k] = ArgMax(input, k);
        return pattern;
    }

    internal override void Forward(ReadOnlySpan<Rational> input, Span<Rational> output)
    {
        for (int k = 0; k < Groups.Length; k++) output[k] = input[ArgMax(input, k)];
    }

    internal override void Backward(ReadOnlySpan<Rational> input, ReadOnlySpan<Rational> gradOutput, Span<Rational> gradInput, KinkConvention convention)
    {
        // d max_k / d x_i = 1 for the first maximal i of group k, 0 for the others
        gradInput.Clear();
        for (int k = 0; k < Groups.Length; k++)
        {
            int i = ArgMax(input, k);
            gradInput[i] += gradOutput[k];
        }
    }

    /// <summary>Structural equality: the same groups in the same order.</summary>
    public bool Equals(MaxPoolLayer? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other.Groups.Length != Groups.Length) return false;
        for (int k = 0; k < Groups.Length; k++)
            if (!Groups[k].AsSpan().SequenceEqual(other.Groups[k].AsSpan())) return false;
        return true;
    }

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var g in Groups) { h.Add(g.Length); foreach (int i in g) h.Add(i); }
        return h.ToHashCode();
    }

    /// <summary>For people: <c>maxpool [[0, 1], [2, 3]]</c>.</summary>
    public override string ToString() => "maxpool [" + string.Join(", ", Groups.Select(g => "[" + string.Join(", ", g) + "]")) + "]";
}
