using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Verifier.Axioms.Methods;
using Verifier.Cli.CommandLine;
using Verifier.NumericBridge.Onnx;

namespace Verifier.Cli.Models;

/// <summary>
/// <c>verifier inspect (--network FILE | FILE)</c> (CONTRACT.md, "Models from other frameworks"): what a model is and what
/// can be done with it: operators with counts, input and output shapes, parameter count, piecewise linear or not, its exact
/// network form (chain or graph), the registry's methods that apply (exact, numeric), and the estimated cost of exact IG
/// (<see cref="ModelInspector"/>).
/// </summary>
internal static class InspectCommand
{
    private const string FileArgument = "FILE";

    /// <summary>The command's entry in the command table.</summary>
    public static Verb Definition(CliContext c)
    {
        var verb = new Verb("inspect", "operators, shapes, parameters and applicable methods of a model (ONNX or verifier-network/1)")
        {
            UsageLines = ["verifier inspect (--network FILE | FILE) [--format json|text]"],
            About = "Reads a model as every other command does (FILE.onnx: ONNX, anything else: verifier-network/1 JSON) and prints its "
                + "operators with their counts, the input shape (points are it flattened in C order) and the output shapes (--output K "
                + "indexes the outputs flattened and concatenated), the parameter count, whether it is piecewise linear (exact "
                + "attributions exist) and converts to an exact network (a chain of layers, or a graph), which methods apply exactly "
                + "and which numerically (crosscheck), and an estimate of what exact IG costs: " + ExactCostEstimate.Basis + ".",
        }.With(
            Opt.Text("--network", "FILE", ModelOptions.NetworkHelp),
            ModelOptions.MaxBytesOption(),
            ModelOptions.DimValuesOption(),
            Opt.Choice("--format", "F", "the output", "json", "json", "text"));
        verb.Arguments.Add(new System.CommandLine.Argument<string[]>(FileArgument)
        {
            Description = "the model file (instead of --network)", Arity = System.CommandLine.ArgumentArity.ZeroOrMore,
        });
        return verb.Acting(p => Run(p, c));
    }

    private static int Run(Parsed p, CliContext c)
    {
        var positional = p.Arguments(FileArgument);
        foreach (var a in positional)
            if (a.StartsWith('-')) throw new UsageException($"unknown option '{Parsed.Shorten(a)}' for inspect");
        if (positional.Length > 1) throw new UsageException("inspect takes one model file");
        var path = p.Get("--network");
        if (path is not null && positional.Length > 0) throw new UsageException("give the model either as --network FILE or as FILE, not both");
        path ??= positional.FirstOrDefault() ?? throw new UsageException("give the model: verifier inspect --network FILE (or FILE)");
        var model = NetworkFile.Load(path, null, ModelOptions.LimitsOf(p));
        var inspection = model.Graph is { } g ? ModelInspector.Inspect(g) : ModelInspector.Inspect(model.Network!);
        var methods = Methods(c.Registry, model, inspection);
        c.Stdout.Write(p.Value<string>("--format") == "json" ? Json(path, model, inspection, methods) : Text(path, inspection, methods));
        return CliApp.Success;
    }

    /// <summary>How a method applies: exactly (attribute), numerically (crosscheck), or not, with the reason.</summary>
    private sealed record Applicability(string Name, bool Exact, bool Numeric, string? Note);

    // From the registry's traits only: exact methods need networks accepted and an exact network; numeric ones a numeric form
    // (on an ONNX graph, every form but the per-layer ones, which name the exact network's layers).
    private static List<Applicability> Methods(MethodRegistry registry, ModelFile model, ModelInspection inspection)
    {
        var list = new List<Applicability>();
        foreach (var d in registry.Queryable)
        {
            bool networks = d.Accepts.HasFlag(MethodTraits.Networks);
            bool exact = networks && model.Network is not null;
            bool numeric = d.Numeric is { } form && (model.Network is not null || !form.PerNeuron);
            string? note = !networks ? "functions only"
                : model.Network is null ? (inspection.IsPiecewiseLinear ? "no exact network: " + inspection.NetworkReason : "not piecewise linear")
                : d.Baseline == BaselineUse.ZeroOnly ? "baseline zero only" : null;
            list.Add(new Applicability(d.Name, exact, numeric, note));
        }
        return list;
    }

    private static string Json(string path, ModelFile model, ModelInspection i, List<Applicability> methods)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("file", path);
            w.WriteString("format", i.Format);
            if (i.Opset > 0) w.WriteNumber("opset", i.Opset);
            if (i.Producer.Length > 0) w.WriteString("producer", i.Producer);
            Shape(w, "input_shape", i.InputShape);
            w.WriteNumber("inputs", model.Inputs);
            w.WriteStartArray("output_shapes");
            foreach (var s in i.OutputShapes) Shape(w, null, s);
            w.WriteEndArray();
            w.WriteNumber("outputs", i.OutputShapes.Sum(s => s.Aggregate(1L, (a, d) => a * d)));
            w.WriteStartObject("operators");
            foreach (var (op, count) in i.Operators) w.WriteNumber(op, count);
            w.WriteEndObject();
            w.WriteNumber("parameters", i.Parameters);
            w.WriteBoolean("piecewise_linear", i.IsPiecewiseLinear);
            w.WriteStartArray("smooth_operators");
            foreach (var op in i.SmoothOperators) w.WriteStringValue(op);
            w.WriteEndArray();
            if (model.Network is { } net) w.WriteString("exact_network", Chain(net) ? "chain" : "graph");
            else w.WriteNull("exact_network");
            if (model.NotExact is { } why) w.WriteString("exact_network_reason", why);
            w.WriteStartObject("exact_cost");
            w.WriteString("verdict", Verdict(i.Cost.Verdict));
            w.WriteNumber("estimated_seconds", Math.Round(i.Cost.EstimatedSeconds, 6));
            w.WriteNumber("expected_pieces", i.Cost.ExpectedPieces);
            w.WriteNumber("kinks", i.Cost.PiecewiseLinearUnits);
            w.WriteNumber("multiply_adds", i.Cost.MultiplyAddsPerPass);
            w.WriteNumber("max_weight_bits", i.Cost.MaxWeightBits);
            w.WriteString("basis", ExactCostEstimate.Basis);
            w.WriteEndObject();
            w.WriteStartArray("methods");
            foreach (var m in methods)
            {
                w.WriteStartObject();
                w.WriteString("name", m.Name);
                w.WriteBoolean("exact", m.Exact);
                w.WriteBoolean("numeric", m.Numeric);
                if (m.Note is { } note) w.WriteString("note", note);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("operations");
            foreach (var op in i.Operations)
            {
                w.WriteStartObject();
                w.WriteString("node", op.Node);
                w.WriteString("operator", op.Operator);
                Shape(w, "output_shape", op.OutputShape);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + Environment.NewLine;
    }

    private static string Text(string path, ModelInspection i, List<Applicability> methods)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"file: {path}");
        var lines = i.ToText().Split('\n');
        // ModelInspection's own lines, the per-operation list after the methods.
        var header = lines.TakeWhile(l => !l.StartsWith("  ", StringComparison.Ordinal)).Where(l => l.Length > 0);
        foreach (var l in header) sb.AppendLine(l);
        string Names(Func<Applicability, bool> which) => string.Join(", ", methods.Where(which).Select(m => m.Name)) is { Length: > 0 } s ? s : "none";
        sb.AppendLine(CultureInfo.InvariantCulture, $"exact methods (verifier attribute): {Names(m => m.Exact)}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"numeric methods (verifier crosscheck): {Names(m => m.Numeric)}");
        sb.AppendLine("operations:");
        foreach (var l in lines.SkipWhile(l => !l.StartsWith("  ", StringComparison.Ordinal)).Where(l => l.Length > 0)) sb.AppendLine(l);
        return sb.ToString();
    }

    private static bool Chain(Verifier.Symbolic.Networks.Network network) => network.IsChain;

    private static string Verdict(ExactAffordability v) => v switch
    {
        ExactAffordability.Affordable => "affordable",
        ExactAffordability.Slow => "slow",
        ExactAffordability.NotAffordable => "not-affordable",
        _ => "not-applicable",
    };

    private static void Shape(Utf8JsonWriter w, string? name, IEnumerable<int> shape)
    {
        if (name is null) w.WriteStartArray(); else w.WriteStartArray(name);
        foreach (var d in shape) w.WriteNumberValue(d);
        w.WriteEndArray();
    }
}
