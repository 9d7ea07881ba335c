using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

public sealed partial class Network
{
    /// <summary>
    /// The exact gradient dF/dx at <paramref name="x"/> by back-propagation through the activation pattern at x,
    /// with <paramref name="convention"/> (default: PyTorch's, <see cref="KinkConvention.Default"/>) deciding
    /// the derivative of every activation that sits exactly at its kink.
    /// </summary>
    /// <remarks>
    /// Inside a linear region this is the gradient of F. On a region boundary it is the gradient of the one
    /// affine piece that the convention selects, which is what autograd frameworks return.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="Inputs"/> entries.</exception>
    public Rational[] Gradient(IReadOnlyList<Rational> x, KinkConvention? convention = null)
    {
        convention ??= KinkConvention.Default;
        var trace = Trace(x);
        var grad = new Rational[OutputWidth];
        grad[Output] = Rational.One;
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            var below = new Rational[_widths[i]];
            _layers[i].Backward(trace[i], grad, below, convention);
            grad = below;
        }
        return grad;
    }

    /// <summary>
    /// The activation pattern at <paramref name="x"/>: for every activation and max-pool layer, where each
    /// pre-activation lies relative to the activation's kinks (<see cref="ActivationFunction.Region"/>: the sign of
    /// z - k for one kink k, so -1, 0, 1 for relu) or, for max-pool, the input index each group's first maximum comes
    /// from. Entry i belongs to layer i; dense layers and activations without kinks (identity) have an empty array.
    /// </summary>
    /// <remarks>
    /// Where two points have equal patterns, the pattern is the same at every point of the segment between them
    /// (signs and strict comparisons of affine functions persist along a segment), so F is affine on it.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="Inputs"/> entries.</exception>
    public int[][] ActivationPattern(IReadOnlyList<Rational> x)
    {
        var trace = Trace(x);
        var pattern = new int[_layers.Length][];
        for (int i = 0; i < _layers.Length; i++) pattern[i] = _layers[i].Pattern(trace[i]);
        return pattern;
    }

    /// <summary>
    /// The activation units whose pre-activation lies exactly on one of their activation's kinks at <paramref name="x"/>
    /// (the measure-zero set where the derivative is a convention, relu'(0)): layer index, unit index, pre-activation.
    /// Max-pool ties are not listed.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="Inputs"/> entries.</exception>
    public IReadOnlyList<(int Layer, int Unit, Rational PreActivation)> KinksAt(IReadOnlyList<Rational> x)
    {
        var trace = Trace(x);
        var found = new List<(int, int, Rational)>();
        for (int i = 0; i < _layers.Length; i++)
        {
            var f = _layers[i].Match<ActivationFunction?>(dense: _ => null, activation: a => a.Function, maxPool: _ => null);
            if (f is null || f.Kinks.IsEmpty) continue;
            for (int j = 0; j < trace[i].Length; j++)
                if (f.IsKink(trace[i][j])) found.Add((i, j, trace[i][j]));
        }
        return found;
    }
}
