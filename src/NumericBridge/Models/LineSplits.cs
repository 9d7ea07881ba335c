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

    /// <summary>The same with the groups' members built once (<see cref="WinnerPairs.Of"/>).</summary>
    /// <remarks>
    /// Walks each group's upper envelope instead of testing every pair of members: on a piece every member is affine in
    /// t, so the maximum is convex and its winners follow one another in order of increasing slope, each at most once. A
    /// group whose winner (the first maximal member) is the same at both ends of a piece keeps it on the whole piece; for
    /// the others, starting from the winner just after the piece's start, the next winner is the member that overtakes the
    /// current one first (the steepest among simultaneous ones), until none does before the piece's end. The cost is the
    /// groups' members at every point (one argmax) plus a few passes over the groups that change, not every pair at every
    /// point (the MNIST conv net's float64 exact line: 13 s, nearly all of it in the pair test, before this).
    /// </remarks>
    public static (Tensor S, Tensor Piece) WinnerChanges(Tensor z, WinnerPairs pairs)
    {
        var none = (empty(0, ScalarType.Float64, device: z.device), empty(0, ScalarType.Int64, device: z.device));
        if (pairs.Members is not { } members || z.shape[0] < 2) return none;
        long points = z.shape[0], groups = members.shape[0], size = members.shape[1];
        var w = z.to_type(ScalarType.Float64).index_select(1, members.reshape(-1)).reshape(points, groups, size); // [P+1, G, S]
        var winner = w.argmax(2); // [P+1, G]: the first maximal member
        var change = (winner[..^1] != winner[1..]).nonzero(); // [K, 2]: piece, group
        if (change.shape[0] == 0) return none;
        var piece = change.select(1, 0);
        var group = change.select(1, 1);
        var rows = w.reshape(points * groups, size);
        var va = rows.index_select(0, piece * groups + group); // [K, S]: the members at the piece's start
        var vb = rows.index_select(0, (piece + 1) * groups + group); // and at its end
        var slope = vb - va;
        var scale = va.abs().amax(1).maximum(vb.abs().amax(1)).clamp_min(1.0).unsqueeze(1); // [K, 1]
        // The winner just after the start: among the members maximal there (within rounding), the steepest.
        var top = va.amax([1L], keepdim: true);
        var current = where(va >= top - 1e-12 * scale, slope, full_like(slope, double.NegativeInfinity)).argmax(1); // [K]
        var at = zeros(change.shape[0], ScalarType.Float64, device: z.device);
        var found = new List<(Tensor S, Tensor Piece)>();
        for (long step = 0; step < size; step++)
        {
            var ca = va.gather(1, current.unsqueeze(1));
            var cb = vb.gather(1, current.unsqueeze(1));
            var da = va - ca; // member minus the current winner, at the piece's start and end
            var relative = (vb - cb) - da;
            // where each member rises through the current winner: d(s) = da + s (db - da) = 0 with db - da > 0, after `at`
            var cross = where(relative > 1e-15 * scale, -da / relative, full_like(da, double.PositiveInfinity));
            cross = where(cross > at.unsqueeze(1) + 1e-12, cross, full_like(cross, double.PositiveInfinity));
            var first = cross.amin([1L]); // [K]
            var moves = first < 1 - 1e-12; // a change strictly inside the piece
            if (!moves.any().item<bool>()) break;
            var keep = moves.nonzero().squeeze(1);
            found.Add((first.index_select(0, keep), piece.index_select(0, keep)));
            // the next winner: among the members crossing first, the steepest
            var tied = cross <= first.unsqueeze(1) + 1e-12;
            var next = where(tied, relative, full_like(relative, double.NegativeInfinity)).argmax(1);
            current = where(moves, next, current);
            at = where(moves, first, full_like(first, double.PositiveInfinity)); // a group that stopped stays stopped
        }
        if (found.Count == 0) return none;
        return (cat([.. found.Select(f => f.S)]), cat([.. found.Select(f => f.Piece)]));
    }
}

/// <summary>The members of each max group as one index tensor <c>[groups, size]</c> (rows padded by repeating their first
/// index), built once per max operation; null members when no group has two distinct members.</summary>
internal sealed class WinnerPairs : IDisposable
{
    private WinnerPairs(Tensor? members) => Members = members;

    /// <summary>The groups' padded members, <c>[groups, size]</c>.</summary>
    public Tensor? Members { get; }

    /// <summary>The groups given as rows of <paramref name="groupSize"/> indices (padded by repeating the first).</summary>
    public static WinnerPairs Of(long[] index, int groups, int groupSize, Device device)
    {
        bool any = false;
        for (int k = 0; k < groups && !any; k++) any = index.Skip(k * groupSize).Take(groupSize).Distinct().Count() > 1;
        return new(any ? tensor(index, [groups, groupSize], ScalarType.Int64, device: device).DetachFromDisposeScope() : null);
    }

    public void Dispose() => Members?.Dispose();
}
