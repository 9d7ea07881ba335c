using TorchSharp;
using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Runtime;
using static TorchSharp.torch;

namespace Verifier.NumericBridge.Models;

/// <summary>
/// A small convolutional network on TorchSharp (CPU, float64): convolutions, relu, max pooling and dense layers on an
/// input of shape <c>[channels, height, width]</c>, with one attributed output. Public members take and return arrays,
/// never tensors; points are flattened in channel, row, column order (as <c>x.reshape(-1)</c> in PyTorch).
/// </summary>
/// <remarks>
/// Every layer is piecewise linear, so the model admits Integrated Gradients with no discretisation error along a
/// straight segment (<see cref="ExactLineIntegratedGradients"/>). As an <see cref="INumericModel"/> it also serves the
/// generic numeric methods. Not thread-safe.
/// </remarks>
public sealed partial class ConvModel : TensorModel
{
    private readonly List<ConvTensorLayer> _layers;

    private ConvModel(int channels, int height, int width, int output, int outputWidth, IReadOnlyList<CnnLayer> layers, List<ConvTensorLayer> tensorLayers,
        ComputeDevice device)
    {
        Device = device;
        Channels = channels;
        Height = height;
        Width = width;
        Output = output;
        OutputWidth = outputWidth;
        Layers = layers;
        _layers = tensorLayers;
    }

    /// <summary>Input channels.</summary>
    public int Channels { get; }

    /// <summary>Input height.</summary>
    public int Height { get; }

    /// <summary>Input width.</summary>
    public int Width { get; }

    /// <summary>The number of inputs n = channels x height x width.</summary>
    public override int Inputs => Channels * Height * Width;

    /// <summary>The 0-based index of the attributed output.</summary>
    public override int Output { get; }

    /// <summary>The number of outputs m (the width of the last dense layer).</summary>
    public override int OutputWidth { get; }

    /// <summary>The layers, as given.</summary>
    public IReadOnlyList<CnnLayer> Layers { get; }

    /// <summary>Where the weights live and the passes run (the CPU unless created for a CUDA device). Results come back as arrays.</summary>
    public override ComputeDevice Device { get; }

    /// <summary>Always float64 (a CNN built in C# has no float32 form).</summary>
    public override NumericPrecision Precision => NumericPrecision.Float64;

    /// <summary>Every layer is piecewise linear (convolution, relu, max pooling, dense).</summary>
    public override bool IsPiecewiseLinear => true;

    /// <summary>
    /// The input, every layer's output, the im2col buffer of each convolution (in-channels x k x k x output positions)
    /// and the gathered pooling windows.
    /// </summary>
    public override long? ActivationElementsPerPoint
    {
        get
        {
            long c = Channels, h = Height, w = Width;
            long total = c * h * w;
            foreach (var layer in Layers)
            {
                (c, h, w) = layer.Match(
                    conv: conv =>
                    {
                        // the im2col buffer: every output position's in-channels x k x k patch
                        total += c * (long)conv.KernelSize * conv.KernelSize * (h - conv.KernelSize + 1) * (w - conv.KernelSize + 1);
                        return ((long)conv.OutChannels, h - conv.KernelSize + 1, w - conv.KernelSize + 1);
                    },
                    relu: _ => (c, h, w),
                    maxPool: pool =>
                    {
                        total += c * h * w; // the windows are gathered before the maximum
                        return (c, h / pool.Size, w / pool.Size);
                    },
                    dense: dense => ((long)dense.OutputCount, 1L, 1L));
                total += c * h * w;
            }
            return total;
        }
    }

    /// <summary>
    /// A model from its layers, checking every shape: the first layer sees <c>[channels, height, width]</c>, the last
    /// must be <see cref="CnnLayer.Dense"/>. The weights are placed on <paramref name="device"/> (the CPU by default; a
    /// CUDA device needs CUDA libtorch loaded first, see <see cref="DeviceBackends"/>). Loads TorchSharp on first use.
    /// </summary>
    /// <exception cref="ArgumentException">A shape does not match, an array has the wrong length or a non-finite entry, or the output index is out of range.</exception>
    /// <exception cref="InvalidOperationException">TorchSharp's native back end does not load (the message holds the trace), or the CUDA device is not available.</exception>
    public static ConvModel Create(int channels, int height, int width, IReadOnlyList<CnnLayer> layers, int output = 0, ComputeDevice device = default)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (channels < 1 || height < 1 || width < 1)
            throw new ArgumentException($"the input shape must be positive, not [{channels}, {height}, {width}]", nameof(channels));
        if (layers.Count == 0 || layers[^1] is not CnnLayer.Dense last)
            throw new ArgumentException("the last layer must be a dense layer", nameof(layers));
        if (output < 0 || output >= last.OutputCount)
            throw new ArgumentException($"output {output} is out of range for {last.OutputCount} outputs", nameof(output));
        CheckShapes(channels, height, width, layers);
        TorchRuntime.EnsureInitialized();
        device.EnsureAvailable();
        var tensorLayers = new List<ConvTensorLayer>(layers.Count);
        try
        {
            using var scope = NewDisposeScope();
            foreach (var layer in layers) tensorLayers.Add(ConvTensorLayer.From(layer, device.ToTorch()));
        }
        catch
        {
            foreach (var l in tensorLayers) l.Dispose();
            throw;
        }
        return new ConvModel(channels, height, width, output, last.OutputCount, [.. layers], tensorLayers, device);
    }

    /// <summary>
    /// A random network conv(k) -&gt; relu -&gt; conv(k) -&gt; relu -&gt; maxpool(2) -&gt; dense -&gt; relu -&gt; dense,
    /// with He-uniform weights (bound sqrt(6 / fan-in)) and biases uniform in [-0.1, 0.1]; deterministic for a
    /// seeded <paramref name="rng"/> (the same weights on every <paramref name="device"/>). E.g. channels 3, side 32,
    /// convChannels 8, hidden 32, classes 10.
    /// </summary>
    /// <exception cref="ArgumentException">A size is below 1, or the feature map after the two convolutions is not even-sided.</exception>
    public static ConvModel Random(Random rng, int channels, int side, int convChannels, int hidden, int classes, int kernelSize = 3, int output = 0, ComputeDevice device = default)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (channels < 1 || convChannels < 1 || hidden < 1 || classes < 1 || kernelSize < 1)
            throw new ArgumentException("channel, hidden, class counts and the kernel size must be at least 1", nameof(channels));
        int after = side - 2 * (kernelSize - 1);
        if (after < 2 || after % 2 != 0)
            throw new ArgumentException($"side {side} with kernel {kernelSize} leaves a {after}-sided map; max pooling needs an even side", nameof(side));
        int flat = convChannels * (after / 2) * (after / 2);
        var layers = new CnnLayer[]
        {
            new CnnLayer.Conv2d(channels, convChannels, kernelSize, Uniform(rng, convChannels * channels * kernelSize * kernelSize, channels * kernelSize * kernelSize), Bias(rng, convChannels)),
            new CnnLayer.Relu(),
            new CnnLayer.Conv2d(convChannels, convChannels, kernelSize, Uniform(rng, convChannels * convChannels * kernelSize * kernelSize, convChannels * kernelSize * kernelSize), Bias(rng, convChannels)),
            new CnnLayer.Relu(),
            new CnnLayer.MaxPool2d(2),
            new CnnLayer.Dense(flat, hidden, Uniform(rng, hidden * flat, flat), Bias(rng, hidden)),
            new CnnLayer.Relu(),
            new CnnLayer.Dense(hidden, classes, Uniform(rng, classes * hidden, hidden), Bias(rng, classes)),
        };
        return Create(channels, side, side, layers, output, device);
    }

    private static double[] Uniform(Random rng, int count, int fanIn)
    {
        double bound = Math.Sqrt(6.0 / fanIn);
        var w = new double[count];
        for (int i = 0; i < count; i++) w[i] = (2 * rng.NextDouble() - 1) * bound;
        return w;
    }

    private static double[] Bias(Random rng, int count)
    {
        var b = new double[count];
        for (int i = 0; i < count; i++) b[i] = (2 * rng.NextDouble() - 1) * 0.1;
        return b;
    }

    private static void CheckShapes(int channels, int height, int width, IReadOnlyList<CnnLayer> layers)
    {
        int c = channels, h = height, w = width; // h = w = 1 once flat: c is then the vector's length
        bool flat = false;
        for (int l = 0; l < layers.Count; l++)
        {
            string at = $"layer {l}";
            if (layers[l] is null) throw new ArgumentException($"{at} is null", nameof(layers));
            (c, h, w, flat) = layers[l].Match(
                conv: conv =>
                {
                    if (flat) throw new ArgumentException($"{at}: a convolution after a dense layer", nameof(layers));
                    if (conv.InChannels != c) throw new ArgumentException($"{at}: the convolution expects {conv.InChannels} channels but gets {c}", nameof(layers));
                    if (conv.OutChannels < 1 || conv.KernelSize < 1 || conv.KernelSize > Math.Min(h, w))
                        throw new ArgumentException($"{at}: kernel {conv.KernelSize} does not fit a {h} x {w} map", nameof(layers));
                    CheckArray(conv.Weights, conv.OutChannels * conv.InChannels * conv.KernelSize * conv.KernelSize, $"{at} weights");
                    CheckArray(conv.Bias, conv.OutChannels, $"{at} bias");
                    return (conv.OutChannels, h - conv.KernelSize + 1, w - conv.KernelSize + 1, flat);
                },
                relu: _ => (c, h, w, flat),
                maxPool: pool =>
                {
                    if (flat) throw new ArgumentException($"{at}: max pooling after a dense layer", nameof(layers));
                    if (pool.Size < 1 || h % pool.Size != 0 || w % pool.Size != 0)
                        throw new ArgumentException($"{at}: a {h} x {w} map does not split into {pool.Size} x {pool.Size} windows", nameof(layers));
                    return (c, h / pool.Size, w / pool.Size, flat);
                },
                dense: dense =>
                {
                    if (dense.InputCount != c * h * w) throw new ArgumentException($"{at}: the dense layer expects {dense.InputCount} inputs but gets {c * h * w}", nameof(layers));
                    if (dense.OutputCount < 1) throw new ArgumentException($"{at}: a dense layer needs at least one output", nameof(layers));
                    CheckArray(dense.Weights, dense.OutputCount * dense.InputCount, $"{at} weights");
                    CheckArray(dense.Bias, dense.OutputCount, $"{at} bias");
                    return (dense.OutputCount, 1, 1, true);
                });
        }
    }

    private static void CheckArray(double[] values, int length, string what)
    {
        ArgumentNullException.ThrowIfNull(values, what);
        if (values.Length != length) throw new ArgumentException($"{what}: {values.Length} values, expected {length}", nameof(values));
        foreach (double v in values)
            if (!double.IsFinite(v)) throw new ArgumentException($"{what}: non-finite value {v}", nameof(values));
    }

    /// <summary>
    /// Integrated Gradients by quadrature along the straight path from <paramref name="baseline"/> to
    /// <paramref name="input"/>: A_i = (x_i - x'_i) sum_k w_k dF/dx_i(x' + alpha_k (x - x')), with the nodes and
    /// weights of <see cref="NumericIgOptions.Rule"/>, path points in batches of <see cref="NumericIgOptions.BatchSize"/>.
    /// </summary>
    /// <remarks>Sundararajan, Taly, Yan 2017, "Axiomatic Attribution for Deep Networks", section 3 and Remark 1.</remarks>
    /// <exception cref="ArgumentException">A point has the wrong length or a NaN or infinite entry, or a bad option.</exception>
    public NumericAttribution IntegratedGradients(IReadOnlyList<double> input, IReadOnlyList<double> baseline, NumericIgOptions? options = null) =>
        NumericAttribute.IntegratedGradients(this, input, baseline, options);

    /// <summary>Every output on a batch of rows <c>[B, n]</c>: the rows as images <c>[B, C, H, W]</c> through the layers, <c>[B, m]</c>.</summary>
    protected internal override Tensor ForwardAll(Tensor rows) => ForwardImages(rows.reshape(-1, Channels, Height, Width));

    /// <summary>The whole output on a batch of images <c>[B, C, H, W]</c>: <c>[B, m]</c>.</summary>
    private Tensor ForwardImages(Tensor x)
    {
        ThrowIfDisposed();
        foreach (var layer in _layers) x = layer.Forward(x);
        return x;
    }

    /// <inheritdoc/>

    protected override string ShapeText => $" ({Channels} x {Height} x {Width})";

    /// <summary>Releases the model's tensors.</summary>
    protected override void ReleaseTensors()
    {
        foreach (var layer in _layers) layer.Dispose();
    }

    /// <summary>One layer as tensor operations on a batch <c>[B, ...]</c>.</summary>
    private abstract class ConvTensorLayer : IDisposable
    {
        public abstract Tensor Forward(Tensor x);

        /// <summary>Where the layer stops being affine between the points whose inputs are <paramref name="values"/> (null: affine).</summary>
        public abstract (Tensor S, Tensor Piece)? SplitPoints(Tensor values);

        public virtual void Dispose() { }

        public static ConvTensorLayer From(CnnLayer layer, Device device) => layer.Match<ConvTensorLayer>(
            conv: c => new ConvTensor(c, device),
            relu: _ => new ReluTensor(),
            maxPool: p => new PoolTensor(p.Size),
            dense: d => new DenseTensor(d, device));

        /// <summary>A float64 weight tensor built on the host and moved to <paramref name="device"/> (untouched on the CPU).</summary>
        protected static Tensor Weights(double[] values, long[] shape, Device device)
        {
            var t = tensor(values, shape, ScalarType.Float64);
            return (device.type == DeviceType.CPU ? t : t.to(device)).DetachFromDisposeScope();
        }
    }

    private sealed class ConvTensor(CnnLayer.Conv2d layer, Device device) : ConvTensorLayer
    {
        private readonly Tensor _weight = Weights(layer.Weights, [layer.OutChannels, layer.InChannels, layer.KernelSize, layer.KernelSize], device);
        private readonly Tensor _bias = Weights(layer.Bias, [layer.OutChannels], device);

        public override Tensor Forward(Tensor x) => nn.functional.conv2d(x, _weight, _bias);

        public override (Tensor S, Tensor Piece)? SplitPoints(Tensor values) => null;

        public override void Dispose()
        {
            _weight.Dispose();
            _bias.Dispose();
        }
    }

    private sealed class ReluTensor : ConvTensorLayer
    {
        public override Tensor Forward(Tensor x) => nn.functional.relu(x);

        public override (Tensor S, Tensor Piece)? SplitPoints(Tensor values) => Drop(SignChanges(values.flatten(1)));
    }

    /// <summary>Non-overlapping max pooling written as a reshape to windows and a max, so the windows are reusable.</summary>
    private sealed class PoolTensor(int size) : ConvTensorLayer
    {
        public int Size { get; } = size;

        /// <summary>The windows of <c>[B, C, H, W]</c> as <c>[B, C * (H/s) * (W/s), s * s]</c>.</summary>
        public Tensor Windows(Tensor x)
        {
            long b = x.shape[0], c = x.shape[1], h = x.shape[2] / Size, w = x.shape[3] / Size;
            return x.reshape(b, c, h, Size, w, Size).permute(0, 1, 2, 4, 3, 5).reshape(b, c * h * w, Size * Size);
        }

        public override Tensor Forward(Tensor x)
        {
            long b = x.shape[0], c = x.shape[1], h = x.shape[2] / Size, w = x.shape[3] / Size;
            return Windows(x).max(2).values.reshape(b, c, h, w);
        }

        public override (Tensor S, Tensor Piece)? SplitPoints(Tensor values) => WinnerChanges(Windows(values));
    }

    private sealed class DenseTensor(CnnLayer.Dense layer, Device device) : ConvTensorLayer
    {
        private readonly Tensor _weight = Weights(layer.Weights, [layer.OutputCount, layer.InputCount], device);
        private readonly Tensor _bias = Weights(layer.Bias, [layer.OutputCount], device);

        public override Tensor Forward(Tensor x) => nn.functional.linear(x.flatten(1), _weight, _bias);

        public override (Tensor S, Tensor Piece)? SplitPoints(Tensor values) => null;

        public override void Dispose()
        {
            _weight.Dispose();
            _bias.Dispose();
        }
    }
}
