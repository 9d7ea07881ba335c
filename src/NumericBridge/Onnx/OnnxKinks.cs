using System.Collections.Immutable;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Onnx;

/// <summary>How an operation's kinks are found along a line.</summary>
public enum KinkKind
{
    /// <summary>Where an input element crosses one of <see cref="OnnxKink.Points"/> (relu, leaky relu, prelu and abs at 0; clip at its bounds).</summary>
    Crossing,
    /// <summary>Where the maximal (or minimal) operand of a group changes (max pooling, ReduceMax, Max, Min).</summary>
    Winner,
}

/// <summary>
/// One piecewise-linear operation of an imported graph and where it bends: what a float64 exact-line pass needs to split a
/// straight path into the pieces on which the model is affine.
/// </summary>
/// <param name="Operation">The index of the operation in <see cref="OnnxGraph.Operations"/>.</param>
/// <param name="Node">The node's description.</param>
/// <param name="Kind">Crossings of fixed points, or changes of a winner.</param>
/// <param name="Points">For <see cref="KinkKind.Crossing"/>, the input values where the function bends; empty otherwise.</param>
public sealed record OnnxKink(int Operation, string Node, KinkKind Kind, ImmutableArray<Rational> Points);

public sealed partial class OnnxGraph
{
    /// <summary>The kinks of every piecewise-linear nonlinear operation, in graph order (affine operations have none).</summary>
    public IReadOnlyList<OnnxKink> Kinks()
    {
        var result = new List<OnnxKink>();
        for (int i = 0; i < Operations.Length; i++)
        {
            var op = Operations[i];
            OnnxKink? kink = op.Op switch
            {
                ActivationOp { IsPiecewiseLinear: true } => new(i, op.Name, KinkKind.Crossing, [Rational.Zero]),
                PReluOp => new(i, op.Name, KinkKind.Crossing, [Rational.Zero]),
                ClipOp c => new(i, op.Name, KinkKind.Crossing, [.. new[] { c.Min, c.Max }.Where(v => v is not null).Select(v => v!.Value)]),
                ExtremumOp or MaxPoolOp or ReduceMaxOp => new(i, op.Name, KinkKind.Winner, []),
                _ => null,
            };
            if (kink is not null) result.Add(kink);
        }
        return result;
    }
}
