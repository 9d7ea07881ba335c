using System.Text;
using System.Text.Json;
using Verifier.Axioms.Verdicts;
using Verifier.Cli.Axioms;

namespace Verifier.Cli.Tests;

/// <summary>check --smt: a solver proof that an exact counterexample contradicts is part of the verdict's JSON.</summary>
public class VerdictConflictTests
{
    [Fact]
    public void VerdictJson_ConflictNote_WrittenAsConflictField()
    {
        var verdict = new Verdict("completeness", VerdictStatus.Violated, "property search, 3 trials")
        {
            Notes = ["solver (z3, 0.1 s): proved", SmtChecks.ConflictPrefix + "the solver answered proved, but the exact counterexample re-checks"],
        };
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream)) VerdictJson.Write(w, verdict);
        var json = JsonDocument.Parse(Encoding.UTF8.GetString(stream.ToArray())).RootElement;
        Assert.Equal("the solver answered proved, but the exact counterexample re-checks", json.GetProperty("conflict").GetString());
        Assert.Equal("violated", json.GetProperty("status").GetString());
    }

    [Fact]
    public void VerdictJson_NoConflict_NoField()
    {
        var verdict = new Verdict("completeness", VerdictStatus.Holds, "property search") { Notes = ["solver (z3, 0.1 s): proved"] };
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream)) VerdictJson.Write(w, verdict);
        Assert.DoesNotContain("conflict", Encoding.UTF8.GetString(stream.ToArray()));
    }
}
