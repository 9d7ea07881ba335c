using Verifier.NumericBridge.Models;
using Verifier.NumericBridge.Runtime;
using static TorchSharp.torch;

namespace Verifier.NumericBridge.Tests.Models;

/// <summary>The winner changes of max groups along a segment, by walking each group's upper envelope.</summary>
public class LineSplitsTests
{
    public LineSplitsTests() => TorchRuntime.EnsureInitialized();

    private static double[] Changes(double[,] values, long[] index, int groups, int size)
    {
        using var scope = NewDisposeScope();
        var z = tensor(values.Cast<double>().ToArray(), [values.GetLength(0), values.GetLength(1)], ScalarType.Float64);
        using var pairs = WinnerPairs.Of(index, groups, size, z.device);
        var (s, _) = LineSplits.WinnerChanges(z, pairs);
        return [.. s.data<double>().ToArray().Order()];
    }

    [Fact]
    public void WinnerChanges_ThreeMembersOnePiece_FindsBothChangesAndNotTheCrossingBelowTheMax()
    {
        // a = 1 - 2t, c = 1/2, b = -1 + 2t on [0, 1]: a hands over to c at 1/4, c to b at 3/4; a and b cross at 1/2 under c.
        var changes = Changes(new double[,] { { 1, -1, 0.5 }, { -1, 1, 0.5 } }, [0, 1, 2], 1, 3);
        Assert.Equal([0.25, 0.75], changes);
    }

    [Fact]
    public void WinnerChanges_SameWinnerAtBothEnds_NoChange()
    {
        Assert.Empty(Changes(new double[,] { { 2, 1, 0 }, { 3, -1, 2.5 } }, [0, 1, 2], 1, 3));
    }

    [Fact]
    public void WinnerChanges_TieAtTheStart_TheSteeperMemberWinsWithoutANewPoint()
    {
        // a = 1, b = 1 + t: tied at t = 0, b wins on the whole piece; c = 2 - 3t is above both until it falls under b at 1/4.
        var changes = Changes(new double[,] { { 1, 1, 2 }, { 1, 2, -1 } }, [0, 1, 2], 1, 3);
        Assert.Equal([0.25], changes);
    }

    [Fact]
    public void WinnerChanges_TwoGroupsAndPaddedMembers_EachGroupOnItsOwn()
    {
        // group 0: columns 0, 1 (padded with 0) cross at 1/2; group 1: columns 2, 3, 4 never change (column 2 on top).
        var changes = Changes(new double[,] { { 1, 0, 5, 0, 1 }, { 0, 1, 6, 1, 2 } }, [0, 1, 0, 2, 3, 4], 2, 3);
        Assert.Equal([0.5], changes);
    }
}
