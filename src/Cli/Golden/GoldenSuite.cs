using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Verifier.Axioms;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Search;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Golden;

/// <summary>
/// The conformance suite of <c>verifier golden --out DIR</c>: attribution queries (functions, networks, inputs, baselines,
/// methods, paths) in the <c>attribute --batch</c> JSON Lines format, and the exact results this toolkit computes for
/// them, line by line, so that an implementation in any language can be tested against ground truth.
/// </summary>
internal static class GoldenSuite
{
    /// <summary>The query lines: the worked examples of the source documents first, then seeded random cases, each asked
    /// for the methods whose registry entry puts them in the suite (<see cref="MethodDescriptor.Golden"/>), in registry order; the
    /// methods marked <see cref="GoldenMembership.Appended"/> after all the others, in a second pass over the same cases.</summary>
    public static List<string> Queries(int seed, int randomCases, MethodRegistry registry)
    {
        var functionMethods = registry.All.Where(d => d.Golden is { Functions: true }).ToArray();
        var networkMethods = registry.All.Where(d => d.Golden is { Networks: true }).ToArray();
        var lines = new List<string>
        {
            // Seed 004, Appendix C and E.1; the IG paper's saturated relu; CONTRACT's example.
            Query(w => { w.WriteString("id", "seed004-appendix-c"); w.WriteString("function", "x1*x2"); Points(w, "input", ["1", "0"]); Points(w, "baseline", ["0", "0"]); w.WriteString("method", "path"); w.WriteString("path", "polyline:0,1;1,1"); }),
            Query(w => { w.WriteString("id", "seed004-appendix-e1"); w.WriteString("function", "x1*x2^2"); Points(w, "input", ["1", "1"]); Points(w, "baseline", ["0", "0"]); w.WriteString("method", "path"); w.WriteString("path", "polyline:1,0;1,1;0,1;0,0"); }),
            Query(w => { w.WriteString("id", "ig-saturated-relu-ig"); w.WriteString("function", "1 - relu(1 - x1)"); Points(w, "input", ["2"]); Points(w, "baseline", ["0"]); w.WriteString("method", "ig"); }),
            Query(w => { w.WriteString("id", "ig-saturated-relu-gradient"); w.WriteString("function", "1 - relu(1 - x1)"); Points(w, "input", ["2"]); w.WriteString("method", "gradient"); }),
            Query(w => { w.WriteString("id", "contract-example"); w.WriteString("function", "relu(x1 - 1) - relu(x2)"); Points(w, "input", ["3", "1"]); Points(w, "baseline", ["0", "0"]); w.WriteString("method", "ig"); }),
            Query(w => { w.WriteString("id", "staircase-symmetry"); w.WriteString("function", "x1*x2"); Points(w, "input", ["1", "1"]); Points(w, "baseline", ["0", "0"]); w.WriteString("method", "path"); w.WriteString("path", "staircase:1,2"); }),
            Query(w => { w.WriteString("id", "eg-two-baselines"); w.WriteString("function", "x1*x2 + relu(x1 - x2)"); Points(w, "input", ["2", "1"]); w.WriteString("method", "eg"); w.WriteStartArray("baselines"); foreach (var b in new[] { new[] { "0", "0" }, new[] { "1", "-1" } }) { w.WriteStartArray(); foreach (var v in b) w.WriteStringValue(v); w.WriteEndArray(); } w.WriteEndArray(); }),
            Query(w => { w.WriteString("id", "sigmoid-closed-form"); w.WriteString("function", "sigmoid(2*x1 + x2)"); Points(w, "input", ["1", "1"]); Points(w, "baseline", ["0", "0"]); w.WriteString("method", "ig"); }),
        };
        var families = new[] { Family.Polynomial, Family.PiecewiseLinear, Family.Smooth };
        var gen = from n in Gen.Choose(1, 3)
                  from family in Gen.Elements(families.Append(Family.Network).Append(Family.Network).ToArray())
                  from f in SubjectGen.Of(family, n)
                  from x in SubjectGen.Point(n)
                  from b in SubjectGen.Point(n)
                  select (f, x, b);
        var cases = gen.Sample(randomCases, new Rnd((ulong)seed), 10);
        // Two passes over the same cases: the second asks the methods appended to the suite later
        // (GoldenMembership.Appended), so that the suite as it was before them stays a byte-for-byte prefix.
        for (int pass = 0; pass < 2 * cases.Length; pass++)
        {
            int k = pass % cases.Length;
            var (f, x, b) = cases[k];
            foreach (var method in (f.IsNetwork ? networkMethods : functionMethods).Where(d => d.Golden!.Appended == pass >= cases.Length))
            {
                lines.Add(Query(w =>
                {
                    w.WriteString("id", $"random-{k + 1}-{method.Name}");
                    if (f.Network is { } net)
                    {
                        w.WritePropertyName("network");
                        NetworkJson.Write(net, w);
                    }
                    else
                    {
                        w.WriteString("function", f.Function!.ToString());
                        w.WriteNumber("dim", f.Dimension);
                    }
                    Points(w, "input", x.Select(v => v.ToString()));
                    if (method.Baseline is not (BaselineUse.None or BaselineUse.ZeroOnly)) Points(w, "baseline", b.Select(v => v.ToString()));
                    w.WriteString("method", method.Name);
                    if (method.Golden!.Parameters.Count > 0)
                    {
                        w.WriteStartObject("params");
                        foreach (var (name, value) in method.Golden.Parameters) w.WriteString(name, value);
                        w.WriteEndObject();
                    }
                }));
            }
        }
        return lines;
    }

    private static void Points(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static string Query(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
