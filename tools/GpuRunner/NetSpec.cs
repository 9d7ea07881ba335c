using System.Text.Json;
using Verifier.NumericBridge.Models;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.GpuRunner;

/// <summary>
/// One operation of a network written as a list (what both our <see cref="SpecModel"/> and pytorch_ig.py interpret):
/// dense (W [out, in], b), relu, conv2d (W [out, in, k, k], b, stride, padding), maxpool2d (kernel, stride, padding),
/// flatten, save (remember the current value), add_saved (add the remembered value, through an optional 1x1
/// projection convolution), avgpool (global average over height and width).
/// </summary>
internal sealed record Op(string Kind, int Weight = -1, int Bias = -1, int Stride = 1, int Padding = 0, int Kernel = 0, Op? Projection = null);

/// <summary>A network as an op list with float64 tensors, an input shape, the attributed output, and the IG problem.</summary>
internal sealed class NetSpec
{
    public required string Name { get; init; }
    public required string Description { get; init; }
    public required int[] InputShape { get; init; }
    public int Output { get; init; }
    public List<Op> Ops { get; } = [];
    public List<(long[] Shape, double[] Values)> Tensors { get; } = [];
    public double[] Input { get; set; } = [];
    public double[] Baseline { get; set; } = [];

    public int Inputs => InputShape.Aggregate(1, (a, b) => a * b);

    public int Add(long[] shape, double[] values)
    {
        Tensors.Add((shape, values));
        return Tensors.Count - 1;
    }

    public long Parameters => Tensors.Sum(t => (long)t.Values.Length);

    // ---- the three benchmark networks ----

    /// <summary>The MLP of bench/NumericBridge.Bench (<see cref="RandomModels.Mlp"/>).</summary>
    public static Network Mlp(Random rng, int[] widths) => RandomModels.Mlp(rng, widths);

    /// <summary>The op list of a dense / relu network (its rational weights as the nearest doubles, as TorchModel rounds them).</summary>
    public static NetSpec FromNetwork(string name, string description, Network network)
    {
        var spec = new NetSpec { Name = name, Description = description, InputShape = [network.Inputs], Output = network.Output };
        foreach (var layer in network.Layers)
        {
            var op = layer.Match(
                dense: d =>
                {
                    var w = new double[d.OutputCount * d.InputCount];
                    for (int i = 0; i < d.OutputCount; i++)
                        for (int j = 0; j < d.InputCount; j++) w[i * d.InputCount + j] = d.Weights[i][j].ToDouble();
                    return new Op("dense", spec.Add([d.OutputCount, d.InputCount], w), spec.Add([d.OutputCount], [.. d.Bias.Select(r => r.ToDouble())]));
                },
                activation: a => a.Function.IsRelu ? new Op("relu") : throw new NotSupportedException($"layer {a.TypeName} is not in the op list"),
                maxPool: p => throw new NotSupportedException($"layer {p.TypeName} is not in the op list"),
                sparse: s => throw new NotSupportedException($"layer {s.TypeName} is not in the op list (the runner's networks are dense chains)"));
            spec.Ops.Add(op);
        }
        return spec;
    }

    /// <summary>The op list of a <see cref="ConvModel"/>'s layers.</summary>
    public static NetSpec FromConv(string name, string description, ConvModel model)
    {
        var spec = new NetSpec { Name = name, Description = description, InputShape = [model.Channels, model.Height, model.Width], Output = model.Output };
        bool flat = false;
        foreach (var layer in model.Layers)
        {
            layer.Match(
                conv: c =>
                {
                    spec.Ops.Add(new Op("conv2d", spec.Add([c.OutChannels, c.InChannels, c.KernelSize, c.KernelSize], c.Weights), spec.Add([c.OutChannels], c.Bias)));
                    return true;
                },
                relu: _ =>
                {
                    spec.Ops.Add(new Op("relu"));
                    return true;
                },
                maxPool: p =>
                {
                    spec.Ops.Add(new Op("maxpool2d", Kernel: p.Size, Stride: p.Size));
                    return true;
                },
                dense: d =>
                {
                    if (!flat) spec.Ops.Add(new Op("flatten"));
                    flat = true;
                    spec.Ops.Add(new Op("dense", spec.Add([d.OutputCount, d.InputCount], d.Weights), spec.Add([d.OutputCount], d.Bias)));
                    return true;
                });
        }
        return spec;
    }

    /// <summary>
    /// A ResNet-18-size network with random weights: the ResNet-18 layout (7x7/2 convolution with 64 channels, 3x3/2 max
    /// pooling, four stages of two basic blocks with 64, 128, 256, 512 channels, the first block of stages 2-4 with
    /// stride 2 and a 1x1/2 projection, global average pooling, a 512 -> 1000 dense layer) without batch normalisation.
    /// Weights He-uniform (bound sqrt(6 / fan-in)); the second convolution of each block is scaled by 1/4 so that the
    /// residual sums stay of order one without normalisation; biases uniform in [-0.01, 0.01]. 11.7 million parameters.
    /// </summary>
    public static NetSpec ResNet18(Random rng, int side)
    {
        var spec = new NetSpec
        {
            Name = "resnet18",
            Description = $"ResNet-18 layout without batch norm, random weights, input 3x{side}x{side}, 1000 outputs",
            InputShape = [3, side, side],
        };
        Op Conv(int cin, int cout, int k, int stride, int padding, double scale = 1.0) =>
            new("conv2d", spec.Add([cout, cin, k, k], Uniform(rng, cout * cin * k * k, cin * k * k, scale)), spec.Add([cout], Uniform(rng, cout, 0, 0.01)), stride, padding);
        spec.Ops.Add(Conv(3, 64, 7, 2, 3));
        spec.Ops.Add(new Op("relu"));
        spec.Ops.Add(new Op("maxpool2d", Kernel: 3, Stride: 2, Padding: 1));
        int channels = 64;
        foreach (int width in new[] { 64, 128, 256, 512 })
        {
            for (int block = 0; block < 2; block++)
            {
                int stride = block == 0 && width != 64 ? 2 : 1;
                spec.Ops.Add(new Op("save"));
                spec.Ops.Add(Conv(channels, width, 3, stride, 1));
                spec.Ops.Add(new Op("relu"));
                spec.Ops.Add(Conv(width, width, 3, 1, 1, 0.25));
                var projection = stride != 1 || channels != width ? Conv(channels, width, 1, stride, 0) : null;
                spec.Ops.Add(new Op("add_saved", Projection: projection));
                spec.Ops.Add(new Op("relu"));
                channels = width;
            }
        }
        spec.Ops.Add(new Op("avgpool"));
        spec.Ops.Add(new Op("dense", spec.Add([1000, 512], Uniform(rng, 1000 * 512, 512)), spec.Add([1000], Uniform(rng, 1000, 0, 0.01))));
        return spec;
    }

    /// <summary>Uniform in [-b, b] with b = scale sqrt(6 / fanIn), or b = scale when fanIn is 0.</summary>
    private static double[] Uniform(Random rng, int count, int fanIn, double scale = 1.0)
    {
        double bound = fanIn > 0 ? scale * Math.Sqrt(6.0 / fanIn) : scale;
        var w = new double[count];
        for (int i = 0; i < count; i++) w[i] = (2 * rng.NextDouble() - 1) * bound;
        return w;
    }

    // ---- export for pytorch_ig.py ----

    /// <summary>
    /// Writes the networks and their IG problems for pytorch_ig.py: <c>manifest.json</c> (ops, shapes, offsets, nodes
    /// and weights of the rule) and <c>tensors.bin</c> (every tensor, the inputs and the baselines as float64
    /// little-endian, one after another).
    /// </summary>
    public static void Export(string directory, IReadOnlyList<(NetSpec Spec, double[] Nodes, double[] Weights, int Batch, string Label)> problems, string dtype, bool tf32, int repeats)
    {
        Directory.CreateDirectory(directory);
        using var data = new BinaryWriter(File.Create(Path.Combine(directory, "tensors.bin")));
        long offset = 0;
        long Put(double[] values)
        {
            long at = offset;
            foreach (double v in values) data.Write(v); // BinaryWriter writes little-endian
            offset += values.Length;
            return at;
        }
        using var stream = File.Create(Path.Combine(directory, "manifest.json"));
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("data", "tensors.bin");
        json.WriteString("dtype", dtype);
        json.WriteBoolean("tf32", tf32);
        json.WriteNumber("repeats", repeats);
        json.WriteStartArray("problems");
        var offsets = new Dictionary<NetSpec, long[]>();
        foreach (var (spec, nodes, weights, batch, label) in problems)
        {
            if (!offsets.TryGetValue(spec, out var at)) offsets[spec] = at = [.. spec.Tensors.Select(t => Put(t.Values)), Put(spec.Input), Put(spec.Baseline)];
            json.WriteStartObject();
            json.WriteString("label", label);
            json.WriteString("model", spec.Name);
            json.WriteNumber("output", spec.Output);
            WriteArray(json, "input_shape", spec.InputShape.Select(v => (long)v));
            json.WriteNumber("input_offset", at[^2]);
            json.WriteNumber("baseline_offset", at[^1]);
            json.WriteNumber("batch", batch);
            WriteDoubles(json, "nodes", nodes);
            WriteDoubles(json, "weights", weights);
            json.WriteStartArray("tensors");
            for (int i = 0; i < spec.Tensors.Count; i++)
            {
                json.WriteStartObject();
                json.WriteNumber("offset", at[i]);
                WriteArray(json, "shape", spec.Tensors[i].Shape);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("ops");
            foreach (var op in spec.Ops) WriteOp(json, op);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteOp(Utf8JsonWriter json, Op op)
    {
        json.WriteStartObject();
        json.WriteString("op", op.Kind);
        json.WriteNumber("w", op.Weight);
        json.WriteNumber("b", op.Bias);
        json.WriteNumber("stride", op.Stride);
        json.WriteNumber("padding", op.Padding);
        json.WriteNumber("kernel", op.Kernel);
        if (op.Projection is not null)
        {
            json.WritePropertyName("projection");
            WriteOp(json, op.Projection);
        }
        json.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter json, string name, IEnumerable<long> values)
    {
        json.WriteStartArray(name);
        foreach (long v in values) json.WriteNumberValue(v);
        json.WriteEndArray();
    }

    private static void WriteDoubles(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WriteStartArray(name);
        foreach (double v in values) json.WriteNumberValue(v);
        json.WriteEndArray();
    }
}
