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
        var grads = new Rational[_nodes.Length + 1][];
        grads[^1] = new Rational[OutputWidth];
        grads[^1][Output] = Rational.One;
        for (int i = _nodes.Length - 1; i >= 0; i--)
        {
            var above = grads[i + 1];
            if (above is null) continue; // the node's output reaches nothing the output depends on
            var below = new Rational[InputWidth(i)];
            _nodes[i].Layer.Backward(Gather(trace, i), above, below, convention);
            int at = 0;
            foreach (int s in _nodes[i].Sources)
            {
                // a value read by several nodes (or twice by one) collects the gradient of every read
                var target = grads[s + 1] ??= new Rational[_widths[s + 1]];
                for (int j = 0; j < target.Length; j++) target[j] += below[at + j];
                at += target.Length;
            }
        }
        return grads[0] ?? new Rational[Inputs];
    }

    /// <summary>
    /// The activation pattern at <paramref name="x"/>: for every activation and max-pool layer, where each
    /// pre-activation lies relative to the activation's kinks (<see cref="ActivationFunction.Region"/>: the sign of
    /// z - k for one kink k, so -1, 0, 1 for relu) or, for max-pool, the input index each group's first maximum comes
    /// from. Entry i belongs to layer (node) i; affine layers and activations without kinks (identity) have an empty array.
    /// </summary>
    /// <remarks>
    /// Where two points have equal patterns, the pattern is the same at every point of the segment between them
    /// (signs and strict comparisons of affine functions persist along a segment), so F is affine on it.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="Inputs"/> entries.</exception>
    public int[][] ActivationPattern(IReadOnlyList<Rational> x)
    {
        var trace = Trace(x);
        var pattern = new int[_nodes.Length][];
        for (int i = 0; i < _nodes.Length; i++) pattern[i] = _nodes[i].Layer.Pattern(Gather(trace, i));
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
        for (int i = 0; i < _nodes.Length; i++)
        {
            var f = _nodes[i].Layer.Match<ActivationFunction?>(dense: _ => null, activation: a => a.Function, maxPool: _ => null, sparse: _ => null);
            if (f is null || f.Kinks.IsEmpty) continue;
            var input = Gather(trace, i);
            for (int j = 0; j < input.Length; j++)
                if (f.IsKink(input[j])) found.Add((i, j, input[j]));
        }
        return found;
    }
}
