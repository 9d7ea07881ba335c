using static TorchSharp.torch;

namespace Verifier.NumericBridge.Models;

/// <summary>The split points of exact-line IG on tensors: where a column crosses 0, or where a max-pool group's winner changes.</summary>
internal static class LineSplits
{
    /// <summary>
    /// Where a column of <paramref name="z"/> (<c>[m+1, w]</c>, values at the current points) changes sign strictly
    /// inside a piece: the fractions s in (0, 1) of the piece and the piece indices.
    /// </summary>
    public static (Tensor S, Tensor Piece) SignChanges(Tensor z)
    {
        var za = z[..^1];
        var zb = z[1..];
        var cross = (za * zb) < 0;
        var at = cross.nonzero(); // [K, 2]: piece, column
        var piece = at.select(1, 0);
        var column = at.select(1, 1);
        var a = za.index([piece, column]);
        var b = zb.index([piece, column]);
        return (a / (a - b), piece);
    }

    /// <summary>
    /// Where the maximum of a max-pool group changes hands inside a piece: the crossings of two members of a group
    /// at which both are maximal in the group (other crossings are not kinks of the max and are dropped).
    /// </summary>
    public static (Tensor S, Tensor Piece) WinnerChanges(Tensor z, TorchMaxPool pool) =>
        WinnerChanges(z, pool.IndexValues, pool.Groups, pool.GroupSize);

    /// <summary>
    /// The same for groups given as <paramref name="groups"/> rows of <paramref name="groupSize"/> column indices
    /// (<paramref name="index"/>, each row padded by repeating its first index).
    /// </summary>
    public static (Tensor S, Tensor Piece) WinnerChanges(Tensor z, long[] index, int groups, int groupSize)
    {
        using var pairs = WinnerPairs.Of(index, groups, groupSize, z.device);
        return WinnerChanges(z, pairs);
    }

    /// <summary>The same with the pairs of group members built once (<see cref="WinnerPairs.Of"/>).</summary>
    /// <remarks>
    /// Only the members of the crossing pair's own group are interpolated at a crossing (gathered by flat index), so a
    /// crossing costs the group's size, not the layer's width.
    /// </remarks>
    public static (Tensor S, Tensor Piece) WinnerChanges(Tensor z, WinnerPairs pairs)
    {
        if (pairs.First is null) return (empty(0, ScalarType.Float64, device: z.device), empty(0, ScalarType.Int64, device: z.device));
        var (pi, pj, pg) = (pairs.First, pairs.Second!, pairs.Group!);
        var d = z.index_select(1, pi) - z.index_select(1, pj); // [m+1, pairs]
        var (s, piece) = SignChanges(d);
        if (s.shape[0] == 0) return (s, piece);
        var pair = ((d[..^1] * d[1..]) < 0).nonzero().select(1, 1);
        // The crossing group's members at each crossing; keep it when the crossing members reach the group's maximum.
        long width = z.shape[1];
        var flat = z.reshape(-1);
        Tensor At(Tensor columns) // [K, c] columns at each crossing's point, interpolated
        {
            var a = flat.index_select(0, (piece.unsqueeze(1) * width + columns).reshape(-1)).reshape(columns.shape);
            var b = flat.index_select(0, ((piece + 1).unsqueeze(1) * width + columns).reshape(-1)).reshape(columns.shape);
            return a + s.unsqueeze(1) * (b - a);
        }
        var groupMax = At(pairs.Members!.index_select(0, pg.index_select(0, pair))).max(1).values;
        var member = At(pi.index_select(0, pair).unsqueeze(1)).squeeze(1);
        var scale = groupMax.abs().clamp_min(1.0);
        var keep = (member >= groupMax - 1e-12 * scale).nonzero().squeeze(1);
        return (s.index_select(0, keep), piece.index_select(0, keep));
    }
}

/// <summary>Every pair of distinct members of each max group (first, second, group), as index tensors; null when no group has two members.</summary>
internal sealed class WinnerPairs : IDisposable
{
    private WinnerPairs(Tensor? first, Tensor? second, Tensor? group, Tensor? members) =>
        (First, Second, Group, Members) = (first, second, group, members);

    public Tensor? First { get; }
    public Tensor? Second { get; }
    public Tensor? Group { get; }

    /// <summary>The groups' padded members, <c>[groups, size]</c>.</summary>
    public Tensor? Members { get; }

    /// <summary>The pairs of groups given as rows of <paramref name="groupSize"/> indices (padded by repeating the first).</summary>
    public static WinnerPairs Of(long[] index, int groups, int groupSize, Device device)
    {
        var first = new List<long>();
        var second = new List<long>();
        var group = new List<long>();
        for (int k = 0; k < groups; k++)
        {
            var members = index.Skip(k * groupSize).Take(groupSize).Distinct().ToArray();
            for (int i = 0; i < members.Length; i++)
                for (int j = i + 1; j < members.Length; j++) { first.Add(members[i]); second.Add(members[j]); group.Add(k); }
        }
        if (first.Count == 0) return new(null, null, null, null);
        return new(tensor(first.ToArray(), ScalarType.Int64, device: device).DetachFromDisposeScope(),
            tensor(second.ToArray(), ScalarType.Int64, device: device).DetachFromDisposeScope(),
            tensor(group.ToArray(), ScalarType.Int64, device: device).DetachFromDisposeScope(),
            tensor(index, [groups, groupSize], ScalarType.Int64, device: device).DetachFromDisposeScope());
    }

    public void Dispose()
    {
        First?.Dispose();
        Second?.Dispose();
        Group?.Dispose();
        Members?.Dispose();
    }
}
