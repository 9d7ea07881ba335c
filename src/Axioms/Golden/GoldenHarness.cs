using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Verifier.Axioms.Methods;
using Verifier.PathMethods.Methods;
using Verifier.Symbolic;

namespace Verifier.Axioms.Golden;

/// <summary>What the suite says about one case besides its exact result (<c>harness.jsonl</c>): its tags, whether the
/// result depends on a kink convention, and for Integrated Gradients the integrand's variation that bounds a quadrature
/// rule's error (<see cref="QuadratureBound"/>).</summary>
/// <param name="Id">The case's id.</param>
/// <param name="Method">The method.</param>
/// <param name="Tags">From <c>smooth</c>, <c>piecewise-linear</c>, <c>piecewise-smooth</c>, <c>network</c>, <c>kink-dependent</c>.</param>
/// <param name="Convention">Whether and why the result depends on a convention, and which one it used.</param>
/// <param name="IntegrandVariation">For <c>ig</c>: V_i, the total variation of (x_i - x'_i) ∂_iF along the straight path,
/// per feature; null for other methods or when it cannot be enclosed.</param>
public sealed record GoldenCaseInfo(string Id, string Method, IReadOnlyList<string> Tags, ConventionReport Convention,
    IReadOnlyList<double>? IntegrandVariation)
{
    /// <summary>The line of <c>harness.jsonl</c>.</summary>
    public string ToJsonLine()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("id", Id);
            w.WriteString("method", Method);
            w.WriteStartArray("tags");
            foreach (var t in Tags) w.WriteStringValue(t);
            w.WriteEndArray();
            w.WriteBoolean("convention_dependent", Convention.Dependent);
            w.WriteString("convention", Convention.Convention);
            if (Convention.Reason is { } r) w.WriteString("convention_reason", r);
            if (IntegrandVariation is { } v)
            {
                w.WriteStartArray("integrand_variation");
                foreach (var x in v) w.WriteNumberValue(x);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}

/// <summary>The suite's own harness: tags, convention flags and quadrature data for every case (issue 15, item 5).</summary>
public static class GoldenHarness
{
    /// <summary>The harness entry of a case whose exact result is <paramref name="outcome"/>.</summary>
    public static GoldenCaseInfo Of(GoldenCase c, MethodOutcome outcome, MethodRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(registry);
        var method = registry.Query(c.Method);
        var query = c.ToQuery(registry);
        var convention = ConventionDependence.Of(method, query, outcome);
        var tags = new List<string>();
        var f = query.F;
        if (f.Network is not null) tags.AddRange(["network", "piecewise-linear"]);
        else if (!f.Function!.HasKinks) tags.Add("smooth");
        else tags.Add(PiecewiseLinear.Check(f.Function) is null ? "piecewise-linear" : "piecewise-smooth");
        if (convention.Dependent) tags.Add("kink-dependent");
        double[]? variation = method.Numeric == NumericForm.StraightPathIntegral && (c.Path is null || c.Path == "straight")
            ? QuadratureBound.IntegrandVariation(f, query.Input, query.Baseline, query.Convention) : null;
        return new GoldenCaseInfo(c.Id, c.Method, tags, convention, variation);
    }
}
