using System.Collections.Immutable;
using Onnx;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Onnx;

internal sealed partial class OnnxImporter
{
    private void Process(NodeProto node, int index)
    {
        string name = NodeContext.Describe(node, index);
        if (node.Domain is not ("" or "ai.onnx"))
            throw new OnnxModelException(name, $"operator '{node.OpType}' of domain '{node.Domain}' is not supported");
        if (node.Output.Count == 0 || node.Output[0].Length == 0) throw new OnnxModelException(name, "it has no output");
        var context = new NodeContext(node, name, _opset, ConstantOf, ShapeOf);
        switch (node.OpType)
        {
            case "Constant":
                AddConstant(node.Output[0], ConstantNode(context));
                return;
            case "Identity" or "Dropout":
                context.Inputs(1, node.OpType == "Dropout" ? 3 : 1);
                context.OnlyFirstOutput(_used);
                _alias[node.Output[0]] = Resolve(context.InputName(0));
                return;
            case "Shape":
                AddConstant(node.Output[0], ShapeNode(context), folded: true);
                return;
        }
        if (!OnnxOpBuilder.Supported.Contains(node.OpType))
            throw new OnnxModelException(name, $"operator '{node.OpType}' is not supported");
        context.OnlyFirstOutput(_used);
        bool allConstant = context.InputCount > 0 && Enumerable.Range(0, context.InputCount).All(i => !context.Has(i) || context.IsConstant(i));
        if (allConstant)
        {
            Fold(new NodeContext(node, name, _opset, ConstantOf, ShapeOf, computedIndex: 0));
            return;
        }
        foreach (var built in OnnxOpBuilder.Build(context))
        {
            CheckSize(built.Output, built.Shape);
            _shapes[built.Output] = built.Shape;
            _operations.Add(new OnnxOperation(name, node.OpType, [.. built.Inputs.Select(Resolve)], built.Output, built.Shape, built.Op));
        }
    }

    /// <summary>Evaluates a node whose operands are all constant, exactly, and keeps its output as a constant.</summary>
    private void Fold(NodeContext context)
    {
        var local = new Dictionary<string, ExactTensor>();
        ExactTensor? last = null;
        foreach (var built in OnnxOpBuilder.Build(context))
        {
            var inputs = built.Inputs.Select(i => local.GetValueOrDefault(i) ?? ConstantOf(i)!).ToArray();
            var op = new OnnxOperation(context.Name, context.OpType, built.Inputs, built.Output, built.Shape, built.Op);
            last = ExactEvaluator.Apply(op, inputs);
            local[built.Output] = last;
        }
        AddConstant(context.Output, last!, folded: true);
    }

    private static ExactTensor ConstantNode(NodeContext n)
    {
        var a = n.Node.Attribute.FirstOrDefault() ?? throw n.Error("it has no value");
        var type = OnnxElementType.Float32;
        return a.Name switch
        {
            "value" => OnnxTensorReader.Read(a.T ?? throw n.Error("its value is not a tensor"), n.Name, null, OnnxImportOptions.Default),
            "value_float" => ExactTensor.Scalar(Rational.FromDouble(a.F), type),
            "value_floats" => new ExactTensor([a.Floats.Count], [.. a.Floats.Select(f => Rational.FromDouble(f))], type),
            "value_int" => ExactTensor.Scalar(a.I, OnnxElementType.Int64),
            "value_ints" => new ExactTensor([a.Ints.Count], [.. a.Ints.Select(i => (Rational)i)], OnnxElementType.Int64),
            _ => throw n.Error($"a constant given as '{a.Name}' is not supported"),
        };
    }

    private static ExactTensor ShapeNode(NodeContext n)
    {
        n.Inputs(1, 1);
        var shape = n.Shape(0);
        int rank = shape.Length;
        long start = n.Int("start", 0), end = n.Int("end", rank);
        if (start < 0) start += rank;
        if (end < 0) end += rank;
        start = Math.Clamp(start, 0, rank);
        end = Math.Clamp(end, start, rank);
        var dims = shape.Skip((int)start).Take((int)(end - start)).Select(d => (Rational)d).ToArray();
        return new ExactTensor([dims.Length], dims, OnnxElementType.Int64);
    }

    /// <summary>
    /// Rewrites <c>Max(x, a x)</c> with a scalar a &lt;= 1 (or <c>Min(x, a x)</c> with a &gt;= 1) to LeakyRelu(a), the form
    /// some exporters (and <see cref="OnnxExport"/> for float64 models) use, and drops operations no output depends on.
    /// </summary>
    private static ImmutableArray<OnnxOperation> Simplify(List<OnnxOperation> operations, HashSet<string> outputs)
    {
        var producer = operations.ToDictionary(o => o.Output);
        var uses = operations.SelectMany(o => o.Inputs).Concat(outputs).GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());
        var removed = new HashSet<string>();
        for (int i = 0; i < operations.Count; i++)
        {
            var op = operations[i];
            if (op.Op is not ExtremumOp { Constant: null } extremum || op.Inputs.Length != 2) continue;
            for (int side = 0; side < 2; side++)
            {
                string x = op.Inputs[side], scaled = op.Inputs[1 - side];
                if (!producer.TryGetValue(scaled, out var mul) || uses[scaled] != 1 || mul.Inputs[0] != x) continue;
                if (mul.Op is not ConstantBinaryOp { Operator: BinaryOperator.Mul, Constant: { Count: 1 } c }) continue;
                if (!mul.OutputShape.SequenceEqual(op.OutputShape)) continue;
                var alpha = c[0];
                if (extremum.IsMax ? alpha > Rational.One : alpha < Rational.One) continue;
                operations[i] = op with { Inputs = [x], Op = new ActivationOp(ActivationKind.LeakyRelu, alpha) };
                removed.Add(scaled);
                break;
            }
        }
        var needed = new HashSet<string>(outputs);
        var kept = new List<OnnxOperation>();
        for (int i = operations.Count - 1; i >= 0; i--)
        {
            var op = operations[i];
            if (removed.Contains(op.Output) || !needed.Contains(op.Output)) continue;
            kept.Add(op);
            foreach (var input in op.Inputs) needed.Add(input);
        }
        kept.Reverse();
        return [.. kept];
    }
}
