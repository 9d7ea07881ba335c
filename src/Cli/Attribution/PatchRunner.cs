using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Verifier.PathMethods.Methods;

namespace Verifier.Cli.Attribution;

/// <summary>
/// <c>attribute --method patch</c> (networks): the attribution of an input patch S to neuron j of layer L,
/// IG_{S,j} = Σ_{i∈S} IG_{i,j} (seed 004, section 6.2, eq. 7), exactly, beside the paper's finite-difference speedup
/// with N = <c>--param steps</c> terms and its error.
/// </summary>
internal static class PatchRunner
{
    public static string Run(Query q, string? patchText, string format)
    {
        if (q.Network is not { } net) throw new UsageException("method 'patch' works on networks only; use --network instead of --function");
        if (q.Layer is not { } layer) throw new UsageException("method 'patch' needs --layer L");
        if (q.Neuron is not { } neuron) throw new UsageException("method 'patch' needs --neuron J");
        if (patchText is null) throw new UsageException("method 'patch' needs --patch i,j,... (1-based features)");
        var patch = patchText.Split(',').Select(t => int.TryParse(t.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 1 && i <= net.Inputs
            ? i - 1 : throw new UsageException($"bad --patch '{patchText}': 1-based feature indices in 1..{net.Inputs}")).ToArray();
        int steps = 16;
        foreach (var name in q.Params.Keys)
            if (name != "steps") throw new UsageException($"unknown parameter '{name}' for method 'patch'; known: steps");
        if (q.Params.TryGetValue("steps", out var st))
            steps = int.TryParse(st, NumberStyles.Integer, CultureInfo.InvariantCulture, out var k) && k >= 1 && k <= 100_000
                ? k : throw new UsageException($"bad parameter steps: an integer in [1, 100000] is needed, got '{st}'");
        if (q.Input.Length != net.Inputs)
            throw new UsageException($"dimension mismatch: the network has {net.Inputs} inputs but --input has {q.Input.Length} coordinates");
        var baseline = q.Baseline ?? new Symbolic.Numbers.Rational[net.Inputs];
        if (baseline.Length != net.Inputs)
            throw new UsageException($"dimension mismatch: the network has {net.Inputs} inputs but --baseline has {baseline.Length} coordinates");
        PatchNeuronResult r;
        try { r = Attribute.PatchNeuron(net, q.Input, baseline, patch, layer, neuron, steps); }
        catch (ArgumentException e) { throw new UsageException(e.Message.Split('\n')[0].Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal)); }
        if (format != "json")
        {
            var sb = new StringBuilder();
            sb.AppendLine($"patch {{{string.Join(", ", r.Patch.Select(i => i + 1))}}} -> neuron {r.Neuron} of layer {r.Layer}");
            sb.AppendLine($"exact IG_S,j = {r.Exact}   (conductance of the neuron: {r.Conductance})");
            sb.AppendLine($"speedup with N = {r.Steps}: {(r.SpeedupExact?.ToString() ?? r.Speedup.ToString("R", CultureInfo.InvariantCulture))}, error {(r.ErrorExact?.ToString() ?? r.Error.ToString("R", CultureInfo.InvariantCulture))}");
            return sb.ToString();
        }
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("method", "patch");
            w.WriteNumber("layer", r.Layer);
            w.WriteNumber("neuron", r.Neuron);
            w.WriteStartArray("patch");
            foreach (var i in r.Patch) w.WriteNumberValue(i + 1);
            w.WriteEndArray();
            w.WriteString("exact", r.Exact.ToString());
            w.WriteNumber("exact_approx", r.Exact.ToDouble());
            w.WriteString("conductance", r.Conductance.ToString());
            w.WriteNumber("steps", r.Steps);
            if (r.SpeedupExact is { } se) w.WriteString("speedup", se.ToString()); else w.WriteNull("speedup");
            w.WriteNumber("speedup_approx", r.Speedup);
            if (r.ErrorExact is { } ee) w.WriteString("error", ee.ToString()); else w.WriteNull("error");
            w.WriteNumber("error_approx", r.Error);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + Environment.NewLine;
    }
}
