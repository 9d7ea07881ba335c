using System.Numerics;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// Exact restriction of a piecewise-linear network to a line segment (ExactLine), and what it gives: the
/// gradient on each affine piece and the exact integral of the output along the segment.
/// </summary>
/// <remarks>
/// Sotoudeh and Thakur, "Computing Linear Restrictions of Neural Networks", NeurIPS 2019. The segment is
/// gamma(t) = p0 + t (p1 - p0), t in [0, 1]. Vectors are propagated layer by layer at a sorted list of points
/// in t; before every activation and max-pool layer, the points where some neuron's pre-activation crosses one of
/// the activation's kinks strictly (0 for relu, lo and hi for clip; <see cref="ActivationFunction.Kinks"/>), or some
/// group's maximum switches, are inserted, their vectors interpolated exactly. The arithmetic runs on integer
/// numerators over a common denominator, in long while it fits, then Int128, then BigInteger; the result does
/// not depend on which. A network that is a graph (residual connections, concatenations) runs through the piece kernel
/// instead, which keeps every value as an affine function of t per piece and applies each node along the whole segment;
/// it gives the same partition for a chain (tested), and is what <see cref="IntegratedGradients"/> uses.
/// </remarks>
public static class NetworkLine
{
    /// <summary>The breakpoints of g(t) = F(p0 + t (p1 - p0)) on [0, 1] and g at each of them, exactly.</summary>
    /// <param name="network">F, a chain or a graph.</param>
    /// <param name="p0">The segment's start (t = 0).</param>
    /// <param name="p1">The segment's end (t = 1).</param>
    /// <param name="options">The budget <see cref="ExactOptions.MaxPieces"/> (default one million pieces).</param>
    /// <exception cref="ArgumentException">A point does not have <see cref="Network.Inputs"/> coordinates.</exception>
    /// <exception cref="SymbolicLimitException">The partition would have more than <see cref="ExactOptions.MaxPieces"/>
    /// pieces: the kernel stops as soon as the count passes it, before the memory grows further.</exception>
    public static LinePartition Restrict(Network network, IReadOnlyList<Rational> p0, IReadOnlyList<Rational> p1, ExactOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.CheckDimension(p0, nameof(p0));
        network.CheckDimension(p1, nameof(p1));
        if (!network.IsChain) return PieceLine(network, p0, p1, options, null).Partition;
        int maxPieces = (options ?? ExactOptions.Current).MaxPieces;
        var (breakpoints, values) = TryRun<long>(network, p0, p1, maxPieces)
            ?? TryRun<Int128>(network, p0, p1, maxPieces)
            ?? LineKernel<BigInteger>.Run(IntegerNetwork<BigInteger>.For(network)!, network.Output, p0, p1, maxPieces);
        return new LinePartition(breakpoints, values);
    }

    /// <summary>
    /// The restriction of F to the segment from <paramref name="p0"/> to <paramref name="p1"/> and the integral of its
    /// gradient along it: A_i = (p1 - p0)_i times the integral over t in [0, 1] of dF/dx_i(p0 + t (p1 - p0)), exactly.
    /// With p0 = x' and p1 = x this is Integrated Gradients. Works on chains and graphs.
    /// </summary>
    /// <remarks>
    /// The gradient on each piece is <see cref="GradientOnPiece"/>'s (the midpoint's under <paramref name="convention"/>),
    /// but no piece gets a backward pass of its own: the piece kernel records which units change state at each breakpoint,
    /// and the backward vectors are updated there through the units that changed only (a rank-one update when one unit
    /// flips). The sum over pieces is kept at the outputs of the network's first affine layers when they are narrower than
    /// the input, and mapped back once at the end.
    /// </remarks>
    /// <param name="network">F, a chain or a graph.</param>
    /// <param name="p0">The segment's start (the baseline x' for IG).</param>
    /// <param name="p1">The segment's end (the input x for IG).</param>
    /// <param name="convention">The kink convention for gradients on pieces where a unit sits on its kink (default PyTorch's).</param>
    /// <param name="options">The budget <see cref="ExactOptions.MaxPieces"/>.</param>
    /// <exception cref="ArgumentException">A point does not have <see cref="Network.Inputs"/> coordinates.</exception>
    /// <exception cref="SymbolicLimitException">The partition would have more than <see cref="ExactOptions.MaxPieces"/> pieces.</exception>
    public static LineIntegral IntegratedGradients(Network network, IReadOnlyList<Rational> p0, IReadOnlyList<Rational> p1,
        KinkConvention? convention = null, ExactOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.CheckDimension(p0, nameof(p0));
        network.CheckDimension(p1, nameof(p1));
        return PieceLine(network, p0, p1, options, convention ?? KinkConvention.Default);
    }

    // The piece kernel in the narrowest integer type that holds it, and the gradient sweep likewise when asked for.
    private static LineIntegral PieceLine(Network network, IReadOnlyList<Rational> p0, IReadOnlyList<Rational> p1, ExactOptions? options,
        KinkConvention? convention)
    {
        int maxPieces = (options ?? ExactOptions.Current).MaxPieces;
        // start in the narrowest type the weights and the segment can need (a bound, so an overflow may still widen it)
        var big = IntegerGraph<BigInteger>.For(network)!;
        long kernelBits = IntegerWidth.Kernel(big, p0, p1);
        bool states = convention is not null;
        var (partition, line) = (kernelBits < 63 ? TryPieces<long>(network, p0, p1, maxPieces, states) : null)
            ?? (kernelBits < 127 ? TryPieces<Int128>(network, p0, p1, maxPieces, states) : null)
            ?? (kernelBits < Int256Tries ? TryPieces<Int256>(network, p0, p1, maxPieces, states) : null)
            ?? TryPieces<BigInteger>(network, p0, p1, maxPieces, states)!.Value;
        if (convention is null) return new LineIntegral(partition, []);
        long sweepBits = IntegerWidth.Sweep(big, convention);
        var a = (sweepBits < 63 ? TrySweep<long>(network, line!, convention) : null)
            ?? (sweepBits < 127 ? TrySweep<Int128>(network, line!, convention) : null)
            ?? TrySweep<BigInteger>(network, line!, convention)!;
        return new LineIntegral(partition, a) { UnitsOnKinks = OnKinks(big, line!) };
    }

    // Int256 is tried below this bound of the kernel's bits (3 times the widest value, see IntegerWidth.Kernel): values of
    // up to 254 bits fit it, and products of two, which only the comparisons of crossing times form, usually fit too (the
    // bound assumes worst cases); an overflow falls back to BigInteger.
    private const long Int256Tries = 3 * 254 + 2;

    // An activation unit in a kink region (odd: on kink j) on some piece, from the states the piece kernel recorded (the
    // region on the piece after each breakpoint).
    private static bool OnKinks(IntegerNode<BigInteger>[] nodes, LineStates line)
    {
        for (int i = 0; i < nodes.Length; i++)
        {
            if (nodes[i] is not IntegerActivationNode<BigInteger> || line.States[i] is not { } track) continue;
            if (track.Initial.Any(r => r % 2 == 1)) return true;
            for (int e = 0; e < track.Events; e++)
                for (int k = track.Start(e); k < track.Start(e + 1); k++)
                    if (track.State(k) % 2 == 1) return true;
        }
        return false;
    }

    private static (LinePartition, LineStates?)? TryPieces<TInt>(Network network, IReadOnlyList<Rational> p0, IReadOnlyList<Rational> p1, int maxPieces, bool states)
        where TInt : IBinaryInteger<TInt>
    {
        var nodes = IntegerGraph<TInt>.For(network);
        if (nodes is null) return null;
        try
        {
            var kernel = PieceKernel<TInt>.Run(nodes, p0, p1, network.Output, maxPieces);
            var (t, g) = kernel.Partition(network.Output);
            return (new LinePartition(t, g), states ? LineStates.From(kernel, kernel.Input) : null);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static Rational[]? TrySweep<TInt>(Network network, LineStates line, KinkConvention convention) where TInt : IBinaryInteger<TInt>
    {
        var nodes = IntegerGraph<TInt>.For(network);
        if (nodes is null) return null;
        try
        {
            return GradientSweep<TInt>.Integrate(nodes, line, network.Output, convention);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>
    /// The exact gradient dF/dx on piece <paramref name="piece"/> of <paramref name="partition"/>, taken at the
    /// piece's midpoint with <see cref="Network.Gradient"/>.
    /// </summary>
    /// <remarks>
    /// Its component along the segment, gradient . (p1 - p0), is the slope of g on the piece whatever the
    /// <paramref name="convention"/>: a neuron that sits at a kink at the midpoint is at that kink on the whole
    /// piece (else it would cross it inside the piece), so its pre-activation does not change along the segment and
    /// its derivative is multiplied by 0; likewise maximal inputs of a max-pool group that tie at the midpoint are
    /// equal on the whole piece. The components across the segment can depend on the convention.
    /// </remarks>
    /// <exception cref="ArgumentException">A point does not have <see cref="Network.Inputs"/> coordinates.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="piece"/> is not a piece index.</exception>
    public static Rational[] GradientOnPiece(Network network, IReadOnlyList<Rational> p0, IReadOnlyList<Rational> p1,
        LinePartition partition, int piece, KinkConvention? convention = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(partition);
        network.CheckDimension(p0, nameof(p0));
        network.CheckDimension(p1, nameof(p1));
        var t = (partition.Start(piece) + partition.End(piece)) * Rational.Half;
        return network.Gradient(PointAt(p0, p1, t), convention);
    }

    /// <summary>The exact integral of g over [0, 1]: the trapezoid rule on each piece, exact because g is affine there.</summary>
    public static Rational IntegralOfOutput(LinePartition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        var t = partition.Breakpoints;
        var g = partition.Values;
        Rational sum = Rational.Zero;
        for (int j = 0; j + 1 < t.Count; j++) sum += (t[j + 1] - t[j]) * (g[j] + g[j + 1]);
        return sum * Rational.Half;
    }

    /// <summary>The point p0 + t (p1 - p0).</summary>
    public static Rational[] PointAt(IReadOnlyList<Rational> p0, IReadOnlyList<Rational> p1, Rational t)
    {
        ArgumentNullException.ThrowIfNull(p0);
        ArgumentNullException.ThrowIfNull(p1);
        if (p0.Count != p1.Count) throw new ArgumentException($"the segment's ends have {p0.Count} and {p1.Count} coordinates", nameof(p1));
        var x = new Rational[p0.Count];
        for (int i = 0; i < x.Length; i++) x[i] = p0[i] + t * (p1[i] - p0[i]);
        return x;
    }

    private static (Rational[], Rational[])? TryRun<TInt>(Network network, IReadOnlyList<Rational> p0, IReadOnlyList<Rational> p1, int maxPieces)
        where TInt : IBinaryInteger<TInt>
    {
        var layers = IntegerNetwork<TInt>.For(network);
        if (layers is null) return null;
        try
        {
            return LineKernel<TInt>.Run(layers, network.Output, p0, p1, maxPieces);
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}

/// <summary>
/// The restriction of a network to a segment and the integral of its gradient along it (<see cref="NetworkLine.IntegratedGradients"/>).
/// </summary>
/// <param name="Partition">The breakpoints and F at each: F(p0) first, F(p1) last.</param>
/// <param name="Attributions">A_i = (p1 - p0)_i times the integral over [0, 1] of dF/dx_i along the segment; they sum to F(p1) - F(p0).</param>
public sealed record LineIntegral(LinePartition Partition, IReadOnlyList<Rational> Attributions)
{
    /// <summary>
    /// Whether some activation unit sits on one of its kinks along a whole piece, where the kink convention gives its
    /// derivative (only then can <see cref="Attributions"/> depend on the convention; a unit crossing a kink at a breakpoint
    /// does not count). True when not known.
    /// </summary>
    public bool UnitsOnKinks { get; init; } = true;
}
