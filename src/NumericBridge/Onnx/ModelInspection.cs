using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Verifier.Symbolic.Networks;

namespace Verifier.NumericBridge.Onnx;

/// <summary>Whether exact rational arithmetic is expected to finish on a model (see <see cref="ExactCostEstimate"/>).</summary>
public enum ExactAffordability
{
    /// <summary>Estimated under 10 seconds.</summary>
    Affordable,
    /// <summary>Estimated between 10 seconds and 10 minutes.</summary>
    Slow,
    /// <summary>Estimated over 10 minutes: use the float64 exact line or the numeric methods.</summary>
    NotAffordable,
    /// <summary>The model is not piecewise linear: exact rational values do not exist (numeric methods only).</summary>
    NotApplicable,
}

/// <summary>
/// An estimate of the cost of exact Integrated Gradients along a straight path by the piece kernel and the incremental
/// gradient sweep (<c>NetworkLine.IntegratedGradients</c>): pieces x the measured cost per piece of the units (a unit fed by
/// a dense product costs far more than one fed by a convolution, whose changes stay local) and of the inputs.
/// </summary>
/// <param name="MultiplyAddsPerPass">Multiply-adds of one forward pass (dense: inputs x outputs; convolution: outputs x in-channels per group x kernel; pooling: outputs x window).</param>
/// <param name="PiecewiseLinearUnits">Scalar kinks per pass: one per relu, leaky relu, abs or prelu element, two per clip element, window size - 1 per max.</param>
/// <param name="ExpectedPieces">0.4 x dense-fed units + 0.1 x conv-fed units + 1: what was measured on the real networks (ACAS Xu: 64 to 114 breakpoints for 300 relus; MNIST 256x2: 188 for 512; the MNIST conv net 4416 for 41k; CIFAR 283 for 3172).</param>
/// <param name="MaxWeightBits">The largest numerator-plus-denominator bit length of a weight (float32 weights are dyadic rationals of up to about 170 bits).</param>
/// <param name="EstimatedSeconds">pieces x (<see cref="SecondsPerUnitPiece"/> x dense-fed units + <see cref="SecondsPerLocalUnitPiece"/> x conv-fed units) + <see cref="SecondsPerInputPiece"/> x inputs x (0.4 x dense-fed units + 1).</param>
/// <param name="Verdict">Below 10 s affordable, below 600 s slow, else not affordable.</param>
public sealed record ExactCostEstimate(long MultiplyAddsPerPass, long PiecewiseLinearUnits, long ExpectedPieces, int MaxWeightBits, double EstimatedSeconds, ExactAffordability Verdict)
{
    /// <summary>
    /// Seconds per unit per piece of exact IG by the piece kernel and the incremental gradient sweep for units fed by a dense
    /// product, whose change reaches every unit of the next layer: 8 us, measured (CPU time, quiet 2-core build machine,
    /// 2026-12-05) on ACAS Xu (0.153 s, 63 pieces, 300 relus; the MNIST 784-256-256-10 MLP, 0.41 s, is over-estimated by 2.5x).
    /// </summary>
    public const double SecondsPerUnitPiece = 8e-6;

    /// <summary>The same for units fed by a convolution or pooling, whose change stays local: 1 ns (the MNIST conv net:
    /// 0.21 s for 4415 pieces and about 40,000 such units).</summary>
    public const double SecondsPerLocalUnitPiece = 1e-9;

    /// <summary>Seconds per input and per piece of the dense layers (0.4 x dense-fed units + 1) for the attributions'
    /// exact sums and their lowest terms, whose denominators grow with the dense pieces: 1.5 us (the MNIST MLP's 784
    /// lowest terms, 0.2-0.3 s).</summary>
    public const double SecondsPerInputPiece = 1.5e-6;

    /// <summary>What the estimate is made from, for people.</summary>
    public const string Basis = "pieces = 0.4 x units after dense products + 0.1 x units after convolutions or pooling + 1; seconds = pieces x (8 us x dense-fed units + 1 ns x conv-fed units) + 1.5 us x inputs x (0.4 x dense-fed units + 1), as measured for exact IG with incremental updates between pieces (ACAS Xu, the MNIST MLP, the MNIST conv net; quiet machine, 2026-12-05)";

    internal static ExactCostEstimate From(long macs, long units, long localUnits, long inputs, int bits, bool piecewiseLinear)
    {
        long dense = units - localUnits;
        long pieces = (long)Math.Ceiling(0.4 * dense + 0.1 * localUnits) + 1;
        double seconds = pieces * (SecondsPerUnitPiece * dense + SecondsPerLocalUnitPiece * localUnits)
            + SecondsPerInputPiece * inputs * Math.Ceiling(0.4 * dense + 1);
        var verdict = !piecewiseLinear ? ExactAffordability.NotApplicable
            : seconds < 10 ? ExactAffordability.Affordable
            : seconds < 600 ? ExactAffordability.Slow
            : ExactAffordability.NotAffordable;
        return new ExactCostEstimate(macs, units, pieces, bits, seconds, verdict);
    }
}

/// <summary>One operation of an inspected model: its node, operator and output shape.</summary>
/// <param name="Node">The node's description.</param>
/// <param name="Operator">The ONNX operator (or the network layer type).</param>
/// <param name="OutputShape">The output's shape.</param>
public sealed record InspectedOperation(string Node, string Operator, ImmutableArray<int> OutputShape);

/// <summary>
/// What <c>verifier inspect</c> prints about a model: operators with counts, shapes, parameter count, whether it is
/// piecewise linear, whether it converts to a <c>verifier-network/1</c> chain, and whether exact arithmetic is affordable.
/// </summary>
/// <param name="Format">onnx or verifier-network/1.</param>
/// <param name="Producer">The exporter (empty when unknown).</param>
/// <param name="Opset">The ONNX opset (0 for a network file).</param>
/// <param name="InputShape">The input's shape (points are it flattened in C order).</param>
/// <param name="OutputShapes">The outputs' shapes (output K indexes them flattened and concatenated).</param>
/// <param name="Operators">Each operator with its number of nodes, in name order.</param>
/// <param name="Operations">The computed operations in order, with their output shapes.</param>
/// <param name="Parameters">The number of floating-point weights.</param>
/// <param name="IsPiecewiseLinear">True when exact rational attributions exist.</param>
/// <param name="SmoothOperators">The operators that are not piecewise linear.</param>
/// <param name="IsChain">True when the model converts to a chain of dense and activation layers.</param>
/// <param name="ChainReason">Why it does not, or null.</param>
/// <param name="Cost">The cost estimate of exact IG.</param>
/// <param name="IsNetwork">True when the model converts to an exact network, chain or graph (<see cref="OnnxImport.ToNetwork"/>).</param>
/// <param name="NetworkReason">Why it does not, or null.</param>
public sealed record ModelInspection(string Format, string Producer, int Opset, ImmutableArray<int> InputShape, ImmutableArray<ImmutableArray<int>> OutputShapes,
    ImmutableArray<KeyValuePair<string, int>> Operators, ImmutableArray<InspectedOperation> Operations, long Parameters, bool IsPiecewiseLinear,
    ImmutableArray<string> SmoothOperators, bool IsChain, string? ChainReason, ExactCostEstimate Cost, bool IsNetwork = true, string? NetworkReason = null)
{
    /// <summary>Exact methods apply to piecewise-linear models; numeric methods to every model.</summary>
    public bool ExactMethodsApply => IsPiecewiseLinear;

    /// <summary>A few lines for people.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"format: {Format}{(Opset > 0 ? $" (opset {Opset})" : "")}{(Producer.Length > 0 ? $", from {Producer}" : "")}");
        sb.AppendLine(inv, $"input: {ShapeMath.Text(InputShape)} ({ExactTensor.ElementCount(InputShape)} values, C order)");
        sb.AppendLine(inv, $"outputs: {string.Join(", ", OutputShapes.Select(s => ShapeMath.Text(s)))}");
        sb.AppendLine(inv, $"operators: {string.Join(", ", Operators.Select(o => $"{o.Key} x{o.Value}"))}");
        sb.AppendLine(inv, $"parameters: {Parameters}");
        sb.AppendLine(inv, $"piecewise linear: {(IsPiecewiseLinear ? "yes" : $"no ({string.Join(", ", SmoothOperators)})")}");
        sb.AppendLine(inv, $"network chain: {(IsChain ? "yes" : $"no: {ChainReason}")}");
        sb.AppendLine(inv, $"exact network: {(IsNetwork ? IsChain ? "yes (a chain)" : "yes (a graph)" : $"no: {NetworkReason}")}");
        sb.AppendLine(inv, $"exact arithmetic: {Cost.Verdict} (about {Cost.EstimatedSeconds:G3} s: {Cost.ExpectedPieces} pieces expected from {Cost.PiecewiseLinearUnits} kinks, {Cost.MultiplyAddsPerPass} multiply-adds per pass, weights of up to {Cost.MaxWeightBits} bits)");
        foreach (var op in Operations) sb.AppendLine(inv, $"  {op.Operator,-20} {ShapeMath.Text(op.OutputShape),-18} {op.Node}");
        return sb.ToString();
    }
}

/// <summary>Inspection of imported ONNX graphs and of <c>verifier-network/1</c> networks (library side of <c>verifier inspect</c>).</summary>
public static class ModelInspector
{
    /// <summary>The inspection of an imported graph (its chain conversion is tried with default limits).</summary>
    public static ModelInspection Inspect(OnnxGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        long macs = 0, units = 0, local = 0;
        int bits = 0;
        var smooth = new SortedSet<string>(StringComparer.Ordinal);
        // whether a value comes from a convolution or pooling (its units change few others) rather than a dense product
        var fromLocal = new Dictionary<string, bool> { [graph.Input.Name] = false };
        foreach (var op in graph.Operations)
        {
            var (m, u) = Work(op, graph.ShapeOf);
            macs += m;
            units += u;
            bool isLocal = op.Op is ConvOp or AveragePoolOp || (op.Op is not MatMulOp && op.Inputs.Any(i => fromLocal.GetValueOrDefault(i)));
            fromLocal[op.Output] = isLocal;
            if (isLocal) local += u;
            if (!op.Op.IsPiecewiseLinear) smooth.Add(op.OpType);
            foreach (var t in Constants(op.Op))
                foreach (var v in t.Values)
                    bits = Math.Max(bits, (int)(v.Numerator.GetBitLength() + v.Denominator.GetBitLength()));
        }
        bool chain = OnnxChain.TryToNetwork(graph, 0, out _, out var reason);
        bool network = OnnxImport.TryToNetwork(graph, 0, out _, out var networkReason);
        return new ModelInspection("onnx", graph.Producer, graph.Opset, graph.Input.Shape, [.. graph.Outputs.Select(o => o.Shape)],
            [.. graph.SourceOperators], [.. graph.Operations.Select(o => new InspectedOperation(o.Name, o.OpType, o.OutputShape))],
            graph.Parameters, graph.IsPiecewiseLinear, [.. smooth], chain, chain ? null : reason,
            ExactCostEstimate.From(macs, units, local, graph.InputCount, bits, graph.IsPiecewiseLinear), network, network ? null : networkReason);
    }

    /// <summary>The inspection of a network file's network (always piecewise linear; a chain or a graph).</summary>
    public static ModelInspection Inspect(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        long macs = 0, units = 0, parameters = 0, local = 0;
        int bits = 0;
        var operations = new List<InspectedOperation>();
        var fromLocal = new bool[network.LayerCount + 1];
        for (int i = 0; i < network.LayerCount; i++)
        {
            var layer = network.LayerAt(i);
            int width = network.Widths[i + 1];
            long before = units;
            bool readsLocal = network.Nodes[i].Sources.Any(src => fromLocal[src + 1]);
            fromLocal[i + 1] = layer is SparseLayer || (layer is not DenseLayer && readsLocal);
            switch (layer)
            {
                case DenseLayer d:
                    macs += (long)d.OutputCount * d.InputCount;
                    parameters += (long)d.OutputCount * (d.InputCount + 1);
                    foreach (var v in d.Weights.SelectMany(r => r).Concat(d.Bias))
                        bits = Math.Max(bits, (int)(v.Numerator.GetBitLength() + v.Denominator.GetBitLength()));
                    break;
                case SparseLayer sp:
                    macs += sp.EntryCount;
                    parameters += sp.EntryCount + sp.OutputCount;
                    foreach (var v in sp.Values.Concat(sp.Bias))
                        bits = Math.Max(bits, (int)(v.Numerator.GetBitLength() + v.Denominator.GetBitLength()));
                    break;
                case MaxPoolLayer m:
                    units += m.Groups.Sum(g => g.Length - 1L);
                    macs += m.Groups.Sum(g => (long)g.Length);
                    break;
                case IdentityLayer:
                    break;
                default:
                    units += width;
                    macs += width;
                    break;
            }
            if (readsLocal) local += units - before;
            var sources = network.Nodes[i].IsChainedAt(i) ? "" : $" <- [{string.Join(", ", network.Nodes[i].Sources)}]";
            operations.Add(new InspectedOperation($"layer {i}{sources}", layer.TypeName, [width]));
        }
        var counts = network.Nodes.GroupBy(n => n.Layer.TypeName).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => KeyValuePair.Create(g.Key, g.Count()));
        string? reason = null;
        try { network.RequireChain("a chain of layers"); } catch (NotAChainException e) { reason = e.Message; }
        return new ModelInspection(NetworkJson.FormatName, "", 0, [network.Inputs], [[network.OutputWidth]], [.. counts], [.. operations], parameters,
            true, [], network.IsChain, reason, ExactCostEstimate.From(macs, units, local, network.Inputs, bits, true));
    }

    /// <summary>Multiply-adds and scalar kinks of one operation per pass.</summary>
    private static (long Macs, long Units) Work(OnnxOperation op, Func<string, ImmutableArray<int>> shapeOf)
    {
        long outputs = ExactTensor.ElementCount(op.OutputShape);
        return op.Op switch
        {
            MatMulOp m => (outputs * (m.Weight.Rank == 1 ? m.Weight.Shape[0] : m.WeightFirst ? m.Weight.Shape[^1] : m.Weight.Shape[^2]), 0),
            ConvOp c => (outputs * c.Weight.Shape.Skip(1).Aggregate(1L, (a, d) => a * d), 0),
            AveragePoolOp a => (outputs * a.Kernel.Aggregate(1L, (x, k) => x * k), 0),
            MaxPoolOp p => (outputs * p.Kernel.Aggregate(1L, (x, k) => x * k), outputs * (p.Kernel.Aggregate(1L, (x, k) => x * k) - 1)),
            ReduceMaxOp r => (ExactTensor.ElementCount(shapeOf(op.Inputs[0])), ExactTensor.ElementCount(shapeOf(op.Inputs[0])) - outputs),
            ExtremumOp e => (outputs * (op.Inputs.Length + (e.Constant is null ? 0 : 1)), outputs * (op.Inputs.Length + (e.Constant is null ? 0 : 1) - 1)),
            ClipOp => (outputs, 2 * outputs),
            ActivationOp a when a.IsPiecewiseLinear => (outputs, outputs),
            PReluOp => (outputs, outputs),
            _ => (outputs, 0),
        };
    }

    private static IEnumerable<ExactTensor> Constants(OnnxOp op) => op switch
    {
        MatMulOp m => m.Bias is null ? [m.Weight] : [m.Weight, m.Bias],
        ConvOp c => c.Bias is null ? [c.Weight] : [c.Weight, c.Bias],
        AffineOp a => [a.Scale, a.Shift],
        ConstantBinaryOp b => [b.Constant],
        PReluOp p => [p.Slope],
        _ => [],
    };
}
