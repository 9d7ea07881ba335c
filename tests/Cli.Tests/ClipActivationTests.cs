using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Tests;

/// <summary>The clip activation end to end through the command line: attribute, counterexample (z3) and crosscheck.</summary>
public class ClipActivationTests
{
    // (x1 - x2, x1 + x2 - 1) through clip(., -1/2, 3/2) into 2a - b: from 0 to (3, 1) the pre-activations cross -1/2 at
    // t = 1/8 and 3/2 at t = 5/8 and t = 3/4.
    private const string Net = """
        {"format": "verifier-network/1", "inputs": 2,
         "layers": [{"type": "dense", "weights": [["1", "-1"], ["1", "1"]], "bias": ["0", "-1"]},
                    {"type": "clip", "lo": "-1/2", "hi": "3/2"},
                    {"type": "dense", "weights": [["2", "-1"]], "bias": ["0"]}]}
        """;

    [Fact]
    public void Attribute_ClipNetwork_BreaksAtLoAndHiAndIsComplete()
    {
        var run = CliRun.Of("attribute", "--network", CliRun.TempFile(Net), "--input", "3,1", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        Assert.Equal(["0", "1/8", "5/8", "3/4", "1"], CliRun.Strings(json.GetProperty("pieces")));
        Assert.Equal(["3", "-2"], CliRun.Strings(json.GetProperty("attributions")));
        Assert.Equal("0", json.GetProperty("completeness_gap").GetString());
    }

    [Fact]
    public void Attribute_ClipFunction_SameAsItsReluForm()
    {
        var clip = CliRun.Of("attribute", "--function", "clip(2*x1 - x2, 0, 1)", "--input", "3,1", "--format", "json").Json();
        var relus = CliRun.Of("attribute", "--function", "relu(2*x1 - x2) - relu(2*x1 - x2 - 1)", "--input", "3,1", "--format", "json").Json();
        Assert.Equal(["6/5", "-1/5"], CliRun.Strings(clip.GetProperty("attributions")));
        Assert.Equal(CliRun.Strings(relus.GetProperty("attributions")), CliRun.Strings(clip.GetProperty("attributions")));
        Assert.Equal(["0", "1/5", "1"], CliRun.Strings(clip.GetProperty("pieces")));
    }

    [Fact]
    public void Counterexample_GradientSensitivityAOnClipNetwork_ViolatedAndRecheckedExactly()
    {
        var run = CliRun.Of("counterexample", "--method", "gradient", "--axiom", "sensitivity-a", "--network", CliRun.TempFile(Net), "--box", "-4,4");
        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        Assert.Equal("violated", json.GetProperty("status").GetString());
        Assert.StartsWith("z3 ", json.GetProperty("solver").GetString());
        // Re-check here: x and x' differ in exactly the reported feature, F(x) != F(x'), and the exact gradient there is 0.
        var ce = json.GetProperty("counterexample");
        var net = NetworkJson.FromElement(ce.GetProperty("network"));
        Assert.Contains(net.Layers, l => l is ClipLayer);
        var x = CliRun.Strings(ce.GetProperty("input")).Select(s => Rational.Parse(s)).ToArray();
        var baseline = CliRun.Strings(ce.GetProperty("baseline")).Select(s => Rational.Parse(s)).ToArray();
        int feature = ce.GetProperty("features")[0].GetInt32() - 1;
        Assert.Equal([feature], Enumerable.Range(0, 2).Where(i => x[i] != baseline[i]));
        Assert.NotEqual(net.Evaluate(x), net.Evaluate(baseline));
        Assert.True(net.Gradient(x)[feature].IsZero);
        Assert.True(x.Concat(baseline).All(v => v >= -4 && v <= 4));
    }

    [Fact]
    public void Counterexample_GradientSensitivityAOnClipFunction_Violated()
    {
        var run = CliRun.Of("counterexample", "--method", "gradient", "--axiom", "sensitivity-a", "--function", "clip(x1 + x2, -1, 1)", "--box", "-3,3");
        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        Assert.Equal("violated", json.GetProperty("status").GetString());
        var ce = json.GetProperty("counterexample");
        var f = ExprParser.Parse("clip(x1 + x2, -1, 1)");
        var x = CliRun.Strings(ce.GetProperty("input")).Select(s => Rational.Parse(s)).ToArray();
        var baseline = CliRun.Strings(ce.GetProperty("baseline")).Select(s => Rational.Parse(s)).ToArray();
        Assert.NotEqual(f.SubstitutePoint(x), f.SubstitutePoint(baseline));
        Assert.All(CliRun.Strings(ce.GetProperty("attributions")), a => Assert.Equal("0", a));
    }

    [Fact]
    public void Crosscheck_ExactLineOnClipNetwork_AgreesWithExactIgToRelative1e9()
    {
        var run = CliRun.Of("crosscheck", "--network", CliRun.TempFile(Net), "--input", "3,1", "--rule", "exactline");
        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        Assert.Equal(["3", "-2"], CliRun.Strings(json.GetProperty("exact")));
        Assert.True(json.GetProperty("max_rel_error").GetDouble() <= 1e-9, json.GetProperty("max_rel_error").ToString());
        Assert.Equal("agrees", json.GetProperty("verdict").GetString());
        Assert.Equal(4, json.GetProperty("pieces").GetInt32());
    }

    [Fact]
    public void Attribute_BadClipLayer_ExitTwoNamingTheLayer()
    {
        var bad = CliRun.TempFile(Net.Replace("\"hi\": \"3/2\"", "\"hi\": \"-1\""));
        var run = CliRun.Of("attribute", "--network", bad, "--input", "3,1");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("layer 1 (clip): lo (-1/2) must be less than hi (-1)", run.Stderr);
    }
}
