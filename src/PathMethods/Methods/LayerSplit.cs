using Verifier.Symbolic;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods;

/// <summary>
/// A network split after layer L into F = G o H (seed 004, section 6): H is layers 0..L (the hidden activation
/// vector "layer L" is the output of <c>network.Layers[L]</c>), G is layers L+1..end with the network's output.
/// Both halves are themselves <see cref="Network"/>s, so their exact gradients come from back-propagation with
/// the activation pattern (<see cref="Network.Gradient"/>); chaining them is the full network's back-propagation.
/// </summary>
internal sealed class LayerSplit
{
    private readonly Network[] _hidden;

    public LayerSplit(Network network, int layer)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (layer < 0 || layer >= network.Layers.Count)
            throw new ArgumentOutOfRangeException(nameof(layer), layer,
                $"layer must be a 0-based layer index 0..{network.Layers.Count - 1} (the network has {network.Layers.Count} layers)");
        Network = network;
        Layer = layer;
        Width = network.Widths[layer + 1];
        var below = network.Layers.Take(layer + 1).ToArray();
        _hidden = new Network[Width];
        for (int j = 0; j < Width; j++) _hidden[j] = new Network(network.Inputs, below, j);
        Head = new Network(Width, network.Layers.Skip(layer + 1), network.Output);
    }

    public Network Network { get; }

    public int Layer { get; }

    /// <summary>m, the number of neurons in layer L.</summary>
    public int Width { get; }

    /// <summary>G: from layer L's activations to the attributed output.</summary>
    public Network Head { get; }

    /// <summary>H_j as a network from the inputs.</summary>
    public Network Hidden(int neuron) => _hidden[CheckNeuron(neuron)];

    /// <summary>H(x), the activation vector of layer L.</summary>
    public Rational[] Activations(IReadOnlyList<Rational> x) => _hidden[0].ForwardAll(x);

    /// <summary>dG/dH at H(x), exactly.</summary>
    public Rational[] HeadGradient(IReadOnlyList<Rational> x, KinkConvention? convention) => Head.Gradient(Activations(x), convention);

    /// <summary>
    /// The Jacobian dH_j/dx_i at x as rows <c>[j][i]</c>, exactly: row j is <c>Hidden(j).Gradient(x, convention)</c>,
    /// all rows from one forward pass (<see cref="Network.Jacobian"/>).
    /// </summary>
    public Rational[][] Jacobian(IReadOnlyList<Rational> x, KinkConvention? convention) => _hidden[0].Jacobian(x, convention);

    public void CheckPoint(IReadOnlyList<Rational> x, string parameter)
    {
        ArgumentNullException.ThrowIfNull(x, parameter);
        if (x.Count != Network.Inputs)
            throw new ArgumentException($"the network has {Network.Inputs} inputs but the point has {x.Count} coordinates", parameter);
    }

    public int CheckNeuron(int neuron)
    {
        if (neuron < 0 || neuron >= Width)
            throw new ArgumentOutOfRangeException(nameof(neuron), neuron, $"layer {Layer} has {Width} neurons (0-based 0..{Width - 1})");
        return neuron;
    }
}
