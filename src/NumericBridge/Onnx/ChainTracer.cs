using System.Collections.Immutable;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Onnx;

/// <summary>
/// The conversion of <see cref="OnnxChain"/>: every value is traced as affine forms over the current vector of the network
/// being built, or as a pending nonlinear layer (its pre-activations, and the affine forms of its outputs); a pending
/// layer is written out (a dense layer when needed, then the activation or maxpool layer) when an operation needs its values.
/// </summary>
internal sealed partial class ChainTracer(OnnxGraph graph, OnnxChainOptions options)
{
    private readonly List<Layer> _layers = [];
    private int _width = graph.InputCount;
    private int _generation;

    private abstract record Traced(int Generation, AffineForm[] Elements);

    /// <summary>
    /// Affine forms over the current vector; <see cref="HasProduct"/> when a MatMul, Gemm or Conv was applied since it;
    /// <see cref="Source"/> when the forms are entries of another value's forms (after a reshape, transpose or gather).
    /// </summary>
    private sealed record Affine(int Generation, AffineForm[] Elements, bool HasProduct, Selection? Source = null) : Traced(Generation, Elements);

    /// <summary>Elements[i] = Underlying[Index[i]]: the forms a selection took its entries from.</summary>
    private sealed record Selection(AffineForm[] Underlying, int[] Index);

    /// <summary>
    /// A layer not yet written: <see cref="Layer"/> on the pre-activations <see cref="Pre"/> (or, for a maxpool, the maximum of each
    /// of <see cref="Groups"/> of them); the value's elements are affine forms over that layer's outputs.
    /// </summary>
    private sealed record Pending(int Generation, AffineForm[] Elements, ActivationLayer? Layer, AffineForm[] Pre, int[][]? Groups, bool PreHasProduct,
        Selection? PreSource = null)
        : Traced(Generation, Elements)
    {
        public int Outputs => Groups?.Length ?? Pre.Length;

        public bool SameKind(Pending other) => (Groups is null) == (other.Groups is null) && Equals(Layer, other.Layer);
    }

    public Network Run(int output)
    {
        var values = new Dictionary<string, Traced>
        {
            [graph.Input.Name] = new Affine(0, [.. Enumerable.Range(0, _width).Select(AffineForm.Unit)], false),
        };
        foreach (var op in graph.Operations)
        {
            var inputs = op.Inputs.Select(name => values[name]).ToArray();
            foreach (var (value, name) in inputs.Zip(op.Inputs))
                if (value.Generation != _generation)
                    throw NotChain(op, $"it uses '{name}', computed before layer {_layers.Count - 1} of the network; values that branch around an activation (e.g. a residual connection) make a graph, not a chain");
            var shapes = op.Inputs.Select(graph.ShapeOf).ToArray();
            values[op.Output] = LinearMaps.Of(op, shapes) is { } map ? Linear(op, map, inputs) : Nonlinear(op, inputs, shapes);
        }
        var outputs = graph.Outputs.Select(o => values[o.Name]).ToArray();
        var last = outputs.Length == 1 ? outputs[0] : Merge(null, outputs, null);
        if (last.Generation != _generation) throw new OnnxModelException($"the outputs were computed before different layers; the graph is not a chain");
        if (last is Pending pending) last = Materialize(pending);
        var affine = (Affine)last;
        bool identity = affine.Elements.Length == _width && affine.Elements.Select((f, i) => f.IsUnit(i)).All(b => b);
        if (affine.HasProduct || !identity) AddDense(affine.Elements, "the output");
        return new Network(graph.InputCount, _layers, output);
    }

    private static OnnxModelException NotChain(OnnxOperation op, string problem) => new(op.Name, $"cannot convert to a network: {problem}");

    private Traced Linear(OnnxOperation op, LinearMap map, Traced[] inputs)
    {
        if (map.IsSelection && inputs.All(v => v is Pending)) return Merge(op, inputs, map.Sources.Select(s => s[0]).ToArray());
        if (inputs.Any(v => v is Pending))
        {
            if (inputs.Length > 1) throw NotChain(op, "it combines a pending activation with other values");
            inputs = [Materialize((Pending)inputs[0])];
        }
        bool product = op.Op is MatMulOp or ConvOp;
        if (product && inputs[0] is Affine { HasProduct: true } previous)
        {
            AddDense(previous.Elements, op.Name);
            inputs = [Identity()];
        }
        if (map.IsSelection && inputs is [Affine single])
        {
            var index = map.Sources.Select(src => src[0]).ToArray();
            var source = single.Source is { } s ? new Selection(s.Underlying, [.. index.Select(i => s.Index[i])]) : new Selection(single.Elements, index);
            return new Affine(_generation, [.. index.Select(i => single.Elements[i])], single.HasProduct, source);
        }
        var elements = inputs.SelectMany(v => v.Elements).ToArray();
        var accumulator = new FormAccumulator(_width);
        var result = new AffineForm[map.Sources.Length];
        for (int i = 0; i < result.Length; i++)
        {
            accumulator.AddConstant(map.Constants[i]);
            for (int k = 0; k < map.Sources[i].Length; k++) accumulator.Add(elements[map.Sources[i][k]], map.Coefficients[i][k]);
            result[i] = accumulator.Take();
        }
        return new Affine(_generation, result, product || inputs.Any(v => v is Affine { HasProduct: true }));
    }

    /// <summary>Pending layers of one kind concatenated (pre-activations and outputs side by side), then their elements selected.</summary>
    private Traced Merge(OnnxOperation? op, Traced[] inputs, int[]? select)
    {
        if (inputs.All(v => v is Affine))
        {
            var all = inputs.SelectMany(v => v.Elements).ToArray();
            return new Affine(_generation, select is null ? all : [.. select.Select(i => all[i])], inputs.Any(v => ((Affine)v).HasProduct));
        }
        var pendings = inputs.OfType<Pending>().ToArray();
        if (pendings.Length != inputs.Length || pendings.Any(p => !p.SameKind(pendings[0])))
        {
            const string problem = "it joins values of different layers (an activation, a max, an affine value)";
            throw op is null ? new OnnxModelException($"the outputs cannot be converted to a network: {problem}") : NotChain(op, problem);
        }
        var pre = new List<AffineForm>();
        var groups = new List<int[]>();
        var elements = new List<AffineForm>();
        foreach (var p in pendings)
        {
            int outputOffset = p.Groups is null ? pre.Count : groups.Count;
            if (p.Groups is not null) groups.AddRange(p.Groups.Select(g => g.Select(i => i + pre.Count).ToArray()));
            pre.AddRange(p.Pre);
            elements.AddRange(p.Elements.Select(e => e.Shift(outputOffset)));
        }
        var selected = select is null ? elements.ToArray() : select.Select(i => elements[i]).ToArray();
        var underlying = pendings[0].PreSource?.Underlying;
        var source = underlying is not null && pendings.All(p => ReferenceEquals(p.PreSource?.Underlying, underlying))
            ? new Selection(underlying, [.. pendings.SelectMany(p => p.PreSource!.Index)])
            : null;
        return new Pending(_generation, selected, pendings[0].Layer, [.. pre], pendings[0].Groups is null ? null : [.. groups],
            pendings.Any(p => p.PreHasProduct), source);
    }

    private Affine Identity() => new(_generation, [.. Enumerable.Range(0, _width).Select(AffineForm.Unit)], false);

    private void AddDense(AffineForm[] rows, string where)
    {
        long entries = (long)rows.Length * _width;
        if (entries > options.MaxDenseEntries)
            throw new OnnxModelException($"cannot convert to a network: {where} needs a dense layer of {rows.Length} x {_width} = {entries} weights, more than OnnxChainOptions.MaxDenseEntries ({options.MaxDenseEntries})");
        _layers.Add(new DenseLayer([.. rows.Select(r => (IReadOnlyList<Rational>)r.Row(_width))], [.. rows.Select(r => r.Constant)]));
        _width = rows.Length;
        _generation++;
    }

    /// <summary>Writes a pending layer (a dense layer first unless its inputs are the current vector itself) and returns its value.</summary>
    private Affine Materialize(Pending p)
    {
        // Absorb a permutation of the outputs into the layer, so that e.g. a Gather after ReduceMax reorders the groups.
        int[]? order = null;
        var selected = p.Elements.Select(e => e.Selected).ToArray();
        if (selected.Length == p.Outputs && selected.Order().SequenceEqual(Enumerable.Range(0, p.Outputs))) order = selected;
        var elements = order is null ? p.Elements : [.. Enumerable.Range(0, p.Outputs).Select(AffineForm.Unit)];
        if (p.Groups is null)
        {
            var pre = order is null ? p.Pre : [.. order.Select(i => p.Pre[i])];
            bool identity = !p.PreHasProduct && pre.Length == _width && pre.Select((f, i) => f.IsUnit(i)).All(b => b);
            if (!identity) AddDense(pre, "an activation");
            _layers.Add(p.Layer!);
            _width = pre.Length;
        }
        else
        {
            var groups = order is null ? p.Groups : [.. order.Select(i => p.Groups[i])];
            var direct = p.Pre.Select(f => f.Selected).ToArray();
            if (p.PreHasProduct || direct.Any(i => i < 0))
            {
                // the dense layer writes the values the max reads from (all of them, in their order), not each read
                AddDense(p.PreSource?.Underlying ?? p.Pre, "a max");
                direct = p.PreSource?.Index ?? [.. Enumerable.Range(0, p.Pre.Length)];
            }
            _layers.Add(new MaxPoolLayer([.. groups.Select(g => (IReadOnlyList<int>)g.Select(i => direct[i]).ToArray())]));
            _width = groups.Length;
        }
        _generation++;
        return new Affine(_generation, elements, false);
    }
}
