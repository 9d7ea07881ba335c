using System.Collections.Immutable;
using Onnx;

namespace Verifier.NumericBridge.Onnx;

/// <summary>
/// Builds an <see cref="OnnxGraph"/> from a parsed model: weights, graph inputs and outputs, nodes in topological order
/// (folding constant subgraphs, removing Identity and Dropout, resolving Shape of static shapes), limits checked.
/// </summary>
internal sealed partial class OnnxImporter(ModelProto model, OnnxImportOptions options)
{
    private readonly Dictionary<string, ExactTensor> _constants = [];
    private readonly Dictionary<string, ImmutableArray<int>> _shapes = [];
    private readonly Dictionary<string, string> _alias = [];
    private readonly List<OnnxOperation> _operations = [];
    private readonly HashSet<string> _used = [];
    private int _opset;
    private long _parameters;
    private long _floatParameters;

    public OnnxGraph Import()
    {
        var g = model.Graph;
        _opset = OnnxGraph.DefaultOpset(model);
        if (g.Node.Count > options.MaxNodes)
            throw new OnnxModelException($"the graph has {g.Node.Count} nodes, more than OnnxImportOptions.MaxNodes ({options.MaxNodes})");
        if (g.SparseInitializer.Count > 0) throw new OnnxModelException("sparse initializers are not supported");
        foreach (var t in g.Initializer)
        {
            if (t.Name.Length == 0) throw new OnnxModelException("an initializer has no name");
            AddConstant(t.Name, OnnxTensorReader.Read(t, $"initializer '{t.Name}'", options.ExternalDataDirectory, options));
        }
        var inputs = ImmutableArray.CreateBuilder<OnnxValue>();
        foreach (var input in g.Input)
        {
            if (_constants.ContainsKey(input.Name)) continue; // an initializer also listed as an input is a weight
            var value = GraphInput(input);
            _shapes[value.Name] = value.Shape;
            inputs.Add(value);
        }
        if (inputs.Count == 0) throw new OnnxModelException("the graph has no input besides its weights");
        foreach (var node in g.Node)
            foreach (var name in node.Input) _used.Add(name);
        foreach (var output in g.Output) _used.Add(output.Name);

        foreach (var (node, index) in TopologicalOrder(g)) Process(node, index);

        var outputs = ImmutableArray.CreateBuilder<OnnxValue>();
        foreach (var output in g.Output) outputs.Add(GraphOutput(output));
        var operations = Simplify(_operations, outputs.Select(o => o.Name).ToHashSet());
        string producer = (model.ProducerName + " " + model.ProducerVersion).Trim();
        var metadata = new Dictionary<string, string>();
        foreach (var entry in model.MetadataProps) metadata[entry.Key] = entry.Value;
        var operators = g.Node.GroupBy(n => n.OpType).OrderBy(gr => gr.Key, StringComparer.Ordinal).ToDictionary(gr => gr.Key, gr => gr.Count());
        return new OnnxGraph(_opset, producer, inputs.ToImmutable(), outputs.ToImmutable(), operations, _shapes, g.Node.Count, metadata, operators, _floatParameters);
    }

    private string Resolve(string name)
    {
        while (_alias.TryGetValue(name, out var target)) name = target;
        return name;
    }

    private ExactTensor? ConstantOf(string name) => _constants.GetValueOrDefault(Resolve(name));

    private ImmutableArray<int> ShapeOf(string name) =>
        _shapes.TryGetValue(Resolve(name), out var shape) ? shape
        : throw new OnnxModelException($"the value '{name}' is used but no node, initializer or graph input defines it");

    private void AddConstant(string name, ExactTensor value, bool folded = false)
    {
        _parameters += value.Count;
        if (!value.IsInteger && !folded) _floatParameters += value.Count;
        if (_parameters > options.MaxParameters)
            throw new OnnxModelException($"the model has more than {options.MaxParameters} weights (OnnxImportOptions.MaxParameters)");
        _constants[name] = value;
    }

    private OnnxValue GraphInput(ValueInfoProto input)
    {
        var type = input.Type?.TensorType ?? throw new OnnxModelException($"the input '{input.Name}' is not a tensor");
        if (type.ElemType is not (1 or 11))
            throw new OnnxModelException($"the input '{input.Name}' has element type {OnnxTensorReader.TypeName(type.ElemType)}; only float and double inputs are supported");
        if (type.Shape is null) throw new OnnxModelException($"the input '{input.Name}' has no shape");
        var dims = type.Shape.Dim;
        var shape = new int[dims.Count];
        for (int i = 0; i < dims.Count; i++)
        {
            var d = dims[i];
            if (d.HasDimValue && d.DimValue > 0) { shape[i] = checked((int)d.DimValue); continue; }
            string param = d.HasDimParam ? d.DimParam : "";
            if (param.Length > 0 && options.Dimensions.TryGetValue(param, out int given) && given > 0) { shape[i] = given; continue; }
            if (i == 0 && dims.Count >= 2 && options.BatchDimensionIsOne) { shape[i] = 1; continue; }
            string what = param.Length > 0 ? $"'{param}'" : "without a name";
            throw new OnnxModelException($"dimension {i} of the input '{input.Name}' is dynamic ({what}) and has no value; give it in OnnxImportOptions.Dimensions");
        }
        CheckSize(input.Name, shape);
        return new OnnxValue(input.Name, [.. shape], type.ElemType == 11 ? OnnxElementType.Float64 : OnnxElementType.Float32);
    }

    private OnnxValue GraphOutput(ValueInfoProto output)
    {
        string name = Resolve(output.Name);
        if (_constants.ContainsKey(name)) throw new OnnxModelException($"the output '{output.Name}' is a constant; it does not depend on the input");
        var shape = ShapeOf(output.Name);
        var declared = output.Type?.TensorType?.Shape?.Dim;
        if (declared is not null && declared.Count > 0)
        {
            bool agrees = declared.Count == shape.Length
                && declared.Select((d, i) => !d.HasDimValue || d.DimValue <= 0 || d.DimValue == shape[i] || (i == 0 && options.BatchDimensionIsOne && shape[i] == 1)).All(ok => ok);
            if (!agrees)
                throw new OnnxModelException($"the output '{output.Name}' is declared [{string.Join(", ", declared.Select(d => d.HasDimValue ? d.DimValue.ToString() : d.DimParam))}] but the import infers {ShapeMath.Text(shape)}");
        }
        var elem = output.Type?.TensorType?.ElemType ?? 1;
        return new OnnxValue(name, shape, elem == 11 ? OnnxElementType.Float64 : OnnxElementType.Float32);
    }

    private void CheckSize(string what, IReadOnlyList<int> shape)
    {
        long n = ExactTensor.ElementCount(shape);
        if (n > options.MaxValueElements)
            throw new OnnxModelException($"the value '{what}' {ShapeMath.Text(shape)} has {n} elements, more than OnnxImportOptions.MaxValueElements ({options.MaxValueElements})");
    }

    /// <summary>The nodes so that every operand is defined first (ONNX asks exporters for this order; a stable sort repairs the others).</summary>
    private IEnumerable<(NodeProto Node, int Index)> TopologicalOrder(GraphProto g)
    {
        var available = new HashSet<string>(_constants.Keys.Concat(_shapes.Keys)) { "" };
        var pending = g.Node.Select((n, i) => (n, i)).ToList();
        while (pending.Count > 0)
        {
            var ready = pending.Where(p => p.n.Input.All(available.Contains)).ToList();
            if (ready.Count == 0)
            {
                var (node, index) = pending[0];
                string missing = node.Input.First(i => !available.Contains(i));
                throw new OnnxModelException(NodeContext.Describe(node, index), $"its input '{missing}' is not defined by any node, initializer or graph input (or the graph has a cycle)");
            }
            foreach (var p in ready)
            {
                yield return p;
                foreach (var o in p.n.Output) available.Add(o);
            }
            var done = ready.Select(r => r.i).ToHashSet();
            pending.RemoveAll(p => done.Contains(p.i));
        }
    }
}
