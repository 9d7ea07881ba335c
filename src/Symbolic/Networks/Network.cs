using System.Collections.Immutable;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// An immutable piecewise-linear network with exact rational weights: a chain of <see cref="Layer"/>s from
/// <see cref="Inputs"/> inputs, of which the output entry <see cref="Output"/> is the attributed scalar
/// F(x1, ..., xn). Equality is structural (same inputs, output index and equal layers).
/// </summary>
/// <remarks>
/// The file format is <c>verifier-network/1</c> (<see cref="NetworkJson"/>). Shapes are checked at
/// construction, so a constructed network can always be evaluated.
/// </remarks>
public sealed partial class Network : IEquatable<Network>
{
    private readonly ImmutableArray<Layer> _layers;
    private readonly ImmutableArray<int> _widths;

    /// <summary>A network with <paramref name="inputs"/> inputs, the given layers, and output index <paramref name="output"/>.</summary>
    /// <exception cref="NetworkFormatException">
    /// <paramref name="inputs"/> is less than 1, a layer does not fit the width it receives (the message names the
    /// layer, 0-based, and its type), or <paramref name="output"/> is not an index of the final layer's output.
    /// </exception>
    public Network(int inputs, IEnumerable<Layer> layers, int output = 0)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (inputs < 1) throw new NetworkFormatException($"inputs must be at least 1, not {inputs}");
        _layers = [.. layers];
        var widths = ImmutableArray.CreateBuilder<int>(_layers.Length + 1);
        widths.Add(inputs);
        int width = inputs;
        for (int i = 0; i < _layers.Length; i++)
        {
            var layer = _layers[i] ?? throw new ArgumentException($"layer {i} is null", nameof(layers));
            var problem = layer.ShapeProblem(width);
            if (problem is not null) throw NetworkFormatException.AtLayer(i, layer.TypeName, problem);
            width = layer.OutputWidth(width);
            widths.Add(width);
        }
        if (output < 0 || output >= width)
            throw new NetworkFormatException($"output {output} is out of range: the network has {NetworkFormatException.Count(width, "output")} (0-based indices 0..{width - 1})");
        Inputs = inputs;
        Output = output;
        _widths = widths.MoveToImmutable();
    }

    /// <summary>The number of inputs n (the dimension of x).</summary>
    public int Inputs { get; }

    /// <summary>The layers, first to last.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>The 0-based index, in the final layer's output, of the attributed scalar output.</summary>
    public int Output { get; }

    /// <summary>The width of the final layer's output (<see cref="Inputs"/> when there are no layers).</summary>
    public int OutputWidth => _widths[^1];

    /// <summary>The vector widths along the chain: <c>Widths[i]</c> is the input width of layer i, the last entry the output width.</summary>
    public IReadOnlyList<int> Widths => _widths;

    /// <summary>The same layers with another attributed output.</summary>
    /// <exception cref="NetworkFormatException"><paramref name="output"/> is out of range.</exception>
    public Network WithOutput(int output) => new(Inputs, _layers, output);

    /// <summary>The final layer's whole output vector at <paramref name="x"/>, exactly.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="Inputs"/> entries.</exception>
    public Rational[] ForwardAll(IReadOnlyList<Rational> x) => Trace(x)[^1];

    /// <summary>The attributed output F(x), the entry <see cref="Output"/> of <see cref="ForwardAll"/>, exactly.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not have <see cref="Inputs"/> entries.</exception>
    public Rational Evaluate(IReadOnlyList<Rational> x) => ForwardAll(x)[Output];

    /// <summary>The vectors along the chain at x: entry i is the input of layer i, the last entry the output.</summary>
    internal Rational[][] Trace(IReadOnlyList<Rational> x)
    {
        CheckDimension(x, nameof(x));
        var trace = new Rational[_layers.Length + 1][];
        trace[0] = [.. x];
        for (int i = 0; i < _layers.Length; i++)
        {
            trace[i + 1] = new Rational[_widths[i + 1]];
            _layers[i].Forward(trace[i], trace[i + 1]);
        }
        return trace;
    }

    internal void CheckDimension(IReadOnlyList<Rational> x, string parameter)
    {
        ArgumentNullException.ThrowIfNull(x, parameter);
        if (x.Count != Inputs)
            throw new ArgumentException($"the network has {NetworkFormatException.Count(Inputs, "input")} but the point has {NetworkFormatException.Count(x.Count, "coordinate")}", parameter);
    }

    /// <inheritdoc />
    public bool Equals(Network? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other.Inputs != Inputs || other.Output != Output || other._layers.Length != _layers.Length) return false;
        for (int i = 0; i < _layers.Length; i++)
            if (!_layers[i].Equals(other._layers[i])) return false;
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Network n && Equals(n);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Inputs);
        h.Add(Output);
        foreach (var layer in _layers) h.Add(layer);
        return h.ToHashCode();
    }

    /// <summary>For people: the widths and layer types, e.g. <c>network 2 -&gt; dense 4 -&gt; relu -&gt; dense 1, output 0</c>.</summary>
    public override string ToString()
    {
        var parts = new List<string> { $"network {Inputs}" };
        for (int i = 0; i < _layers.Length; i++)
            parts.Add(_layers[i].Match(dense => $"dense {_widths[i + 1]}", activation => activation.TypeName, pool => $"maxpool {_widths[i + 1]}"));
        return string.Join(" -> ", parts) + $", output {Output}";
    }
}
