using TorchSharp;
using Verifier.NumericBridge.Runtime;
using Verifier.Symbolic.Networks;
using static TorchSharp.torch;

namespace Verifier.NumericBridge.Models;

/// <summary>
/// A model that runs on TorchSharp (CPU): a map from R^n to R^m with one attributed output, evaluated and
/// differentiated numerically in batches. Public members take and return arrays, never tensors.
/// </summary>
/// <remarks>Built from a piecewise-linear <see cref="Network"/> with <see cref="FromNetwork"/>. Not thread-safe.</remarks>
public sealed class TorchModel : IDisposable
{
    private readonly List<TorchLayer> _layers;
    private bool _disposed;

    private TorchModel(int inputs, int output, int outputWidth, NumericPrecision precision, List<TorchLayer> layers, Network? source)
    {
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

    /// <summary>The exact network this model was built from, when it was built from one.</summary>
    public Network? Source { get; }

    internal IReadOnlyList<TorchLayer> Layers => _layers;

    internal ScalarType DType => Precision == NumericPrecision.Float64 ? ScalarType.Float64 : ScalarType.Float32;

    /// <summary>
    /// The network's layers as tensor operations, its exact rational weights rounded once to the nearest
    /// <paramref name="precision"/> value. Loads TorchSharp on first use.
    /// </summary>
    /// <exception cref="InvalidOperationException">TorchSharp's native back end does not load (the message holds the trace).</exception>
    public static TorchModel FromNetwork(Network network, NumericPrecision precision = NumericPrecision.Float64)
    {
        ArgumentNullException.ThrowIfNull(network);
        TorchRuntime.EnsureInitialized();
        var dtype = precision == NumericPrecision.Float64 ? ScalarType.Float64 : ScalarType.Float32;
        var layers = new List<TorchLayer>(network.Layers.Count);
        try
        {
            using var scope = NewDisposeScope();
            foreach (var layer in network.Layers) layers.Add(TorchLayer.From(layer, dtype));
        }
        catch
        {
            foreach (var l in layers) l.Dispose();
            throw;
        }
        return new TorchModel(network.Inputs, network.Output, network.OutputWidth, precision, layers, network);
    }

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
    /// <remarks>At kinks the gradient is PyTorch's: relu'(0) = 0, abs'(0) = 0, leaky_relu'(0) = 1, first maximal entry of a max.</remarks>
    /// <exception cref="ArgumentException">The rows are not n wide, or an entry is NaN or infinite.</exception>
    public double[,] Gradients(double[,] points)
    {
        CheckPoints(points, nameof(points));
        using var scope = NewDisposeScope();
        var grad = GradientTensor(ToTensor(points)).to_type(ScalarType.Float64).contiguous();
        var flat = grad.data<double>().ToArray();
        var result = new double[points.GetLength(0), Inputs];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        return result;
    }

    /// <summary>The whole output vector on a batch <c>[B, n]</c> of the model's type: <c>[B, m]</c>.</summary>
    internal Tensor ForwardAll(Tensor x)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var layer in _layers) x = layer.Forward(x);
        return x;
    }

    /// <summary>The attributed output on a batch: <c>[B]</c>.</summary>
    internal Tensor ForwardOutput(Tensor x) => ForwardAll(x).select(1, Output);

    /// <summary>d F / d x on a batch <c>[B, n]</c> of the model's type: <c>[B, n]</c> (rows are independent).</summary>
    internal Tensor GradientTensor(Tensor points)
    {
        using var grad = enable_grad();
        var x = points.detach().requires_grad_(true);
        var y = ForwardOutput(x).sum();
        return autograd.grad([y], [x])[0];
    }

    /// <summary>Rows of doubles as a tensor of the model's type.</summary>
    internal Tensor ToTensor(double[,] points)
    {
        var flat = new double[points.Length];
        Buffer.BlockCopy(points, 0, flat, 0, flat.Length * sizeof(double));
        return tensor(flat, [points.GetLength(0), points.GetLength(1)], ScalarType.Float64).to_type(DType);
    }

    internal static double[] ToDoubles(Tensor t) => t.to_type(ScalarType.Float64).contiguous().data<double>().ToArray();

    internal double[,] Batch(IReadOnlyList<IReadOnlyList<double>> rows, string parameter)
    {
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row, parameter);
            if (row.Count != Inputs) throw new ArgumentException($"the model has {Inputs} inputs but the point has {row.Count} coordinates", parameter);
        }
        var result = new double[rows.Count, Inputs];
        for (int i = 0; i < rows.Count; i++)
            for (int j = 0; j < Inputs; j++) result[i, j] = rows[i][j];
        return result;
    }

    internal void CheckPoints(double[,] points, string parameter)
    {
        ArgumentNullException.ThrowIfNull(points, parameter);
        if (points.GetLength(1) != Inputs)
            throw new ArgumentException($"the model has {Inputs} inputs but the points have {points.GetLength(1)} columns", parameter);
        foreach (double v in points)
            if (!double.IsFinite(v)) throw new ArgumentException($"the points contain a non-finite value ({v})", parameter);
    }

    /// <summary>Releases the model's tensors.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var layer in _layers) layer.Dispose();
    }
}
