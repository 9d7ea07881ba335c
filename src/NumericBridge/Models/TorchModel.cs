using TorchSharp;
using Verifier.NumericBridge.Runtime;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Networks;
using static TorchSharp.torch;

namespace Verifier.NumericBridge.Models;

/// <summary>
/// A model that runs on TorchSharp (CPU): a map from R^n to R^m with one attributed output, evaluated and
/// differentiated numerically in batches. Public members take and return arrays, never tensors.
/// </summary>
/// <remarks>
/// Built from a piecewise-linear <see cref="Network"/> with <see cref="FromNetwork"/>, from a closed-form
/// <see cref="Expr"/> with <see cref="FromExpression"/>, or from a TorchScript file with <see cref="FromTorchScript"/>.
/// Not thread-safe.
/// </remarks>
public sealed class TorchModel : INumericModel, IDisposable
{
    private readonly List<TorchLayer> _layers;
    private readonly int[][]? _sources; // a graph's node sources (-1 the input), or null for a chain
    private bool _disposed;

    private TorchModel(int inputs, int output, int outputWidth, NumericPrecision precision, List<TorchLayer> layers, Network? source,
        Expr? sourceExpression = null)
    {
        if (source is { IsChain: false }) _sources = [.. source.Nodes.Select(n => n.Sources.ToArray())];
        SourceExpression = sourceExpression;
        Inputs = inputs;
        Output = output;
        OutputWidth = outputWidth;
        Precision = precision;
        _layers = layers;
        Source = source;
    }

    /// <summary>The number of inputs n.</summary>
    public int Inputs { get; }

    /// <summary>The 0-based index of the attributed output.</summary>
    public int Output { get; }

    /// <summary>The number of outputs m.</summary>
    public int OutputWidth { get; }

    /// <summary>The floating-point type of the weights and of every pass.</summary>
    public NumericPrecision Precision { get; }

    /// <summary>
    /// Where the weights live and the passes run: the CPU unless the model was built for a CUDA device with
    /// <see cref="FromNetwork"/>. Results always come back to the host as arrays.
    /// </summary>
    public ComputeDevice Device { get; private init; }

    /// <summary>The TorchSharp form of <see cref="Device"/>.</summary>
    internal Device TorchDevice => Device.ToTorch();

    /// <summary>The exact network this model was built from, when it was built from one.</summary>
    public Network? Source { get; }

    /// <summary>The expression this model was compiled from, when it was compiled from one.</summary>
    public Expr? SourceExpression { get; }

    internal IReadOnlyList<TorchLayer> Layers => _layers;

    /// <summary>The sources of every layer when the model is a graph (-1 the input, k layer k), or null for a chain.</summary>
    internal IReadOnlyList<int[]>? Sources => _sources;

    /// <summary>True when every layer is one of a network's piecewise-linear layers (what exact-line IG can split).</summary>
    internal bool IsPiecewiseLinear => Source is not null;

    /// <summary>
    /// Activation elements one row produces in a forward pass, input included: a network's widths summed, or the inputs
    /// plus the nodes of a compiled expression; null for a TorchScript module, whose graph is not visible. Sizes the
    /// automatic batch (<see cref="BatchSizing"/>).
    /// </summary>
    internal long? ActivationElementsPerPoint =>
        Source is not null ? Source.Widths.Sum(w => (long)w) + _layers.OfType<TorchSparse>().Sum(s => (long)s.Entries)
            + (_sources is null ? 0 : Enumerable.Range(0, _sources.Length).Where(i => _sources[i].Length > 1).Sum(i => (long)Source.InputWidth(i)))
        : SourceExpression is not null ? Inputs + (long)SourceExpression.NodeCount
        : null;

    internal ScalarType DType => Precision == NumericPrecision.Float64 ? ScalarType.Float64 : ScalarType.Float32;

    /// <summary>
    /// The network's layers as tensor operations, its exact rational weights rounded once to the nearest
    /// <paramref name="precision"/> value, on <paramref name="device"/> (the CPU by default). Loads TorchSharp on first use.
    /// </summary>
    /// <remarks>A CUDA device needs CUDA libtorch loaded first (<see cref="DeviceBackends.TryLoadCuda(out string)"/>).</remarks>
    /// <exception cref="InvalidOperationException">TorchSharp's native back end does not load (the message holds the trace), or
    /// <paramref name="device"/> is a CUDA device that is not available.</exception>
    public static TorchModel FromNetwork(Network network, NumericPrecision precision = NumericPrecision.Float64, ComputeDevice device = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        TorchRuntime.EnsureInitialized();
        device.EnsureAvailable();
        var dtype = precision == NumericPrecision.Float64 ? ScalarType.Float64 : ScalarType.Float32;
        var layers = new List<TorchLayer>(network.LayerCount);
        try
        {
            using var scope = NewDisposeScope();
            foreach (var node in network.Nodes) layers.Add(TorchLayer.From(node.Layer, dtype, device.ToTorch()));
        }
        catch
        {
            foreach (var l in layers) l.Dispose();
            throw;
        }
        return new TorchModel(network.Inputs, network.Output, network.OutputWidth, precision, layers, network) { Device = device };
    }

    /// <summary>
    /// A closed-form expression in x1..x<paramref name="dimension"/> compiled to tensor operations on a batch (constants,
    /// variables, sums, products, integer powers, relu, leaky relu, abs, exp, log, sigmoid, tanh, softplus, max, min
    /// and step); gradients by autograd. Loads TorchSharp on first use.
    /// </summary>
    /// <remarks>
    /// Kinks follow the exact differentiation's defaults (<see cref="KinkConvention.Default"/>): relu'(0) = 0,
    /// leaky_relu'(0) = alpha, abs'(0) = 0, step' = 0, and the first maximal (minimal) argument of a max (min) in the
    /// expression's canonical order takes the gradient. Rational constants are rounded once to
    /// <paramref name="precision"/>. Softplus is evaluated as <c>logaddexp(0, a)</c>, which neither overflows nor cuts off.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="dimension"/> is below 1, or the expression uses t or a variable beyond x<paramref name="dimension"/>.</exception>
    /// <exception cref="NotSupportedException">A node has no tensor form.</exception>
    /// <exception cref="InvalidOperationException">TorchSharp's native back end does not load (the message holds the trace).</exception>
    public static TorchModel FromExpression(Expr f, int dimension, NumericPrecision precision = NumericPrecision.Float64)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (dimension < 1) throw new ArgumentException($"a model needs at least one input, not {dimension}", nameof(dimension));
        var layer = new TorchExpression(f, dimension);
        TorchRuntime.EnsureInitialized();
        return new TorchModel(dimension, 0, 1, precision, [layer], null, f);
    }

    /// <summary>
    /// A TorchScript module (a file written by <c>torch.jit.save</c>) whose <c>forward</c> maps a batch <c>[B, n]</c> to
    /// <c>[B, m]</c> (or <c>[B]</c>, read as m = 1); <paramref name="output"/> is the attributed column. The module is
    /// converted to <paramref name="precision"/>, put in evaluation mode, and tried once on a batch of zeros.
    /// </summary>
    /// <param name="path">The TorchScript file.</param>
    /// <param name="inputs">n, which a scripted module does not declare.</param>
    /// <param name="output">The 0-based index of the attributed output.</param>
    /// <param name="precision">The floating-point type of the module's parameters and of every pass.</param>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file does not load as a TorchScript module (the message holds libtorch's reason).</exception>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> is below 1, the module fails on a <c>[B, n]</c> batch, or
    /// returns something other than <c>[B]</c> or <c>[B, m]</c> with <paramref name="output"/> below m.</exception>
    /// <exception cref="InvalidOperationException">TorchSharp's native back end does not load (the message holds the trace).</exception>
    public static TorchModel FromTorchScript(string path, int inputs, int output = 0, NumericPrecision precision = NumericPrecision.Float64)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (inputs < 1) throw new ArgumentException($"a model needs at least one input, not {inputs}", nameof(inputs));
        if (output < 0) throw new ArgumentException($"the output index must be non-negative, not {output}", nameof(output));
        if (!File.Exists(path)) throw new FileNotFoundException($"no TorchScript file at '{path}'", path);
        TorchRuntime.EnsureInitialized();
        var dtype = precision == NumericPrecision.Float64 ? ScalarType.Float64 : ScalarType.Float32;
        jit.ScriptModule<Tensor, Tensor> module;
        try
        {
            module = jit.load<Tensor, Tensor>(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"'{path}' does not load as a TorchScript module: {FirstLine(e.Message)}", e);
        }
        var layer = new TorchScriptLayer(module);
        try
        {
            module.to(dtype);
            module.eval();
            long width;
            using (var scope = NewDisposeScope())
            using (var noGrad = no_grad())
            {
                Tensor y;
                try
                {
                    y = layer.Forward(zeros([2, inputs], dtype));
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    throw new ArgumentException($"the TorchScript module in '{path}' fails on a [B, {inputs}] batch: {FirstLine(e.Message)}", nameof(inputs), e);
                }
                if (y.dim() != 2 || y.shape[0] != 2)
                    throw new ArgumentException($"the TorchScript module in '{path}' maps [B, {inputs}] to [{string.Join(", ", y.shape)}] for B = 2; expected [B] or [B, m]", nameof(inputs));
                width = y.shape[1];
            }
            if (output >= width)
                throw new ArgumentException($"output {output} asked for, but the TorchScript module has {width} outputs", nameof(output));
            return new TorchModel(inputs, output, (int)width, precision, [layer], null);
        }
        catch
        {
            layer.Dispose();
            throw;
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    /// <summary>The attributed output F(x).</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> has the wrong length or a NaN or infinite entry.</exception>
    public double Evaluate(IReadOnlyList<double> x) => EvaluateBatch(Batch([x], nameof(x)))[0];

    /// <summary>The attributed output at every row of <paramref name="points"/> (<c>[B, n]</c>).</summary>
    /// <exception cref="ArgumentException">The rows are not n wide, or an entry is NaN or infinite.</exception>
    public double[] EvaluateBatch(double[,] points)
    {
        CheckPoints(points, nameof(points));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = ToTensor(points);
        return ToDoubles(ForwardOutput(x));
    }

    /// <summary>The gradient of the attributed output at <paramref name="x"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> has the wrong length or a NaN or infinite entry.</exception>
    public double[] Gradient(IReadOnlyList<double> x)
    {
        var g = Gradients(Batch([x], nameof(x)));
        var row = new double[Inputs];
        for (int j = 0; j < Inputs; j++) row[j] = g[0, j];
        return row;
    }

    /// <summary>The gradient of the attributed output at every row of <paramref name="points"/>, in one batched backward pass.</summary>
    /// <remarks>At kinks the gradient is PyTorch's: relu'(0) = 0, abs'(0) = 0, leaky_relu'(0) = alpha, first maximal entry of a max.</remarks>
    /// <exception cref="ArgumentException">The rows are not n wide, or an entry is NaN or infinite.</exception>
    public double[,] Gradients(double[,] points)
    {
        CheckPoints(points, nameof(points));
        using var scope = NewDisposeScope();
        var grad = GradientTensor(ToTensor(points)).to_type(ScalarType.Float64).cpu().contiguous();
        var flat = grad.data<double>().ToArray();
        var result = new double[points.GetLength(0), Inputs];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        return result;
    }

    /// <summary>The whole output vector on a batch <c>[B, n]</c> of the model's type: <c>[B, m]</c>.</summary>
    internal Tensor ForwardAll(Tensor x)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_sources is null)
        {
            foreach (var layer in _layers) x = layer.Forward(x);
            return x;
        }
        var values = new Tensor[_layers.Count + 1];
        values[0] = x;
        for (int i = 0; i < _layers.Count; i++) values[i + 1] = _layers[i].Forward(Gather(values, i));
        return values[^1];
    }

    /// <summary>The sources of layer <paramref name="index"/> concatenated along the feature axis (<c>values[k + 1]</c> is layer k's output).</summary>
    internal Tensor Gather(Tensor[] values, int index)
    {
        if (_sources is null) return values[index];
        var sources = _sources[index];
        return sources.Length == 1 ? values[sources[0] + 1] : cat([.. sources.Select(s => values[s + 1])], 1);
    }

    /// <summary>The attributed output on a batch: <c>[B]</c>.</summary>
    internal Tensor ForwardOutput(Tensor x) => ForwardAll(x).select(1, Output);

    /// <summary>d F / d x on a batch <c>[B, n]</c> of the model's type: <c>[B, n]</c> (rows are independent).</summary>
    internal Tensor GradientTensor(Tensor points)
    {
        using var grad = enable_grad();
        var x = points.detach().requires_grad_(true);
        var y = ForwardOutput(x).sum();
        // A model that does not depend on x (a constant expression) has no graph back to x: its gradient is 0.
        return y.requires_grad ? autograd.grad([y], [x])[0] : zeros_like(x);
    }

    /// <summary>Rows of doubles as a tensor of the model's type, on the model's device.</summary>
    internal Tensor ToTensor(double[,] points)
    {
        var flat = new double[points.Length];
        Buffer.BlockCopy(points, 0, flat, 0, flat.Length * sizeof(double));
        return OnDevice(tensor(flat, [points.GetLength(0), points.GetLength(1)], ScalarType.Float64).to_type(DType));
    }

    /// <summary>Values as a float64 tensor of the given shape on the model's device (for path nodes, weights, sums).</summary>
    internal Tensor Float64Tensor(double[] values, long[] shape) => OnDevice(tensor(values, shape, ScalarType.Float64));

    /// <summary>A float64 zero tensor of the given shape on the model's device.</summary>
    internal Tensor Float64Zeros(params long[] shape) => zeros(shape, ScalarType.Float64, device: TorchDevice);

    /// <summary>A CPU tensor moved to the model's device; on the CPU the same tensor, untouched.</summary>
    internal Tensor OnDevice(Tensor t) => Device.IsCpu ? t : t.to(TorchDevice);

    /// <summary>A tensor's values as float64 on the host (copied off the device first when it is on a GPU).</summary>
    internal static double[] ToDoubles(Tensor t) => t.to_type(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();

    internal double[,] Batch(IReadOnlyList<IReadOnlyList<double>> rows, string parameter) => PointRows.From(rows, Inputs, "", parameter);

    internal void CheckPoints(double[,] points, string parameter) => PointRows.Check(points, Inputs, "", parameter);

    /// <summary>Releases the model's tensors.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var layer in _layers) layer.Dispose();
    }
}
