using Verifier.NumericBridge.Testing;
using System.Text.Json;

namespace Verifier.Cli.Tests;

/// <summary>
/// <c>verifier crosscheck</c> beyond IG (issue 6): <c>--method gradient | gradient-x-input | eg</c>, a TorchScript
/// <c>--model</c> checked against its exact reference, kinks at the input, layer conductance (<c>--method conductance
/// --layer L</c>), and the input errors of all of these.
/// </summary>
public sealed class CrosscheckMethodsTests : IDisposable
{
    // relu(x1 - x2) and relu(x1 + x2 - 1) into 2a - b.
    private const string Net = """
        {"format": "verifier-network/1", "inputs": 2,
         "layers": [{"type": "dense", "weights": [["1", "-1"], ["1", "1"]], "bias": ["0", "-1"]}, {"type": "relu"},
                    {"type": "dense", "weights": [["2", "-1"]], "bias": ["0"]}]}
        """;

    // The same F as TorchScript, with x1 as a second output column.
    private const string NetSource = """
            x1 = torch.select(x, 1, 0)
            x2 = torch.select(x, 1, 1)
            a = torch.relu(torch.sub(x1, x2))
            b = torch.relu(torch.sub(torch.add(x1, x2), 1))
            y = torch.sub(torch.mul(a, 2), b)
            return torch.stack([y, x1], 1)
        """;

    // A wrong implementation: the second unit's bias is -2, not -1.
    private const string WrongSource = """
            x1 = torch.select(x, 1, 0)
            x2 = torch.select(x, 1, 1)
            a = torch.relu(torch.sub(x1, x2))
            b = torch.relu(torch.sub(torch.add(x1, x2), 2))
            return torch.sub(torch.mul(a, 2), b)
        """;

    // Reads a third input column, so it cannot take batches of width 2.
    private const string ThreeInputSource = """
            return torch.add(torch.select(x, 1, 0), torch.select(x, 1, 2))
        """;

    private const string Smooth = "x1^2*x2 + sigmoid(x1 - x2)";

    private readonly string _dir = Directory.CreateTempSubdirectory("verifier-crosscheck-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string NetFile => CliRun.TempFile(Net);

    private static JsonElement Ok(params string[] args)
    {
        var run = CliRun.Of(["crosscheck", .. args]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return run.Json();
    }

    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    [Theory]
    [InlineData("gradient", "3,2", "", "1|-3")]
    [InlineData("gradient-x-input", "3,2", "--baseline|1,-1", "2|-9")]
    [InlineData("ig", "3,2", "--rule|exactline", "18/5|-28/5")]
    [InlineData("eg", "3,2", "--baselines|0,0;1,-1|--rule|exactline", "")]
    public void Crosscheck_MethodOnNetwork_AgreesWithExactToRounding(string method, string input, string extra, string expected)
    {
        var args = new List<string> { "--network", NetFile, "--input", input, "--method", method };
        if (extra.Length > 0) args.AddRange(extra.Split('|'));
        var json = Ok([.. args]);
        Assert.Equal(method, json.GetProperty("method").GetString());
        if (expected.Length > 0) Assert.Equal(expected.Split('|'), CliRun.Strings(json.GetProperty("exact")));
        // Integer weights, no kink at the input or on a piece edge: float64 rounding only.
        Assert.True(json.GetProperty("max_abs_error").GetDouble() <= 1e-12);
        Assert.Equal("agrees", json.GetProperty("verdict").GetString());
        foreach (var field in new[] { "exact", "numeric", "max_abs_error", "max_rel_error", "completeness_delta", "rule", "steps", "device", "seconds", "convention" })
            Assert.True(json.TryGetProperty(field, out _), field);
        Assert.Contains("relu'(0) = 0", json.GetProperty("convention").GetString());
    }

    [Theory]
    [InlineData("gradient", "", 1e-12)]                                       // one autograd pass vs the closed form
    [InlineData("gradient-x-input", "--baseline|-1,1/2", 1e-12)]
    [InlineData("ig", "--rule|gausslegendre|--steps|64", 1e-10)]              // 64 Gauss-Legendre nodes, smooth integrand
    [InlineData("eg", "--baselines|0,0;-1,1/2|--weights|1/4,3/4|--steps|64", 1e-10)]
    public void Crosscheck_MethodOnFunction_AgreesWithClosedForm(string method, string extra, double tolerance)
    {
        var args = new List<string> { "--function", Smooth, "--input", "3/2,-2", "--method", method };
        if (extra.Length > 0) args.AddRange(extra.Split('|'));
        var json = Ok([.. args]);
        Assert.True(json.GetProperty("max_rel_error").GetDouble() <= tolerance, json.GetProperty("max_rel_error").ToString());
        Assert.Contains("sigmoid", string.Join(" ", CliRun.Strings(json.GetProperty("exact"))));
    }

    [Fact]
    public void Crosscheck_Gradient_NoQuadratureAndNoCompleteness()
    {
        var json = Ok("--network", NetFile, "--input", "3,2", "--method", "gradient");
        Assert.Equal(JsonValueKind.Null, json.GetProperty("rule").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("steps").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("completeness_delta").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("kink").ValueKind);
    }

    [Fact]
    public void Crosscheck_GradientXInput_CompletenessDeltaIsTheMethodsOwnGap()
    {
        // F(3,2) - F(0,0) = -2 but gradient x input sums to 1*3 - 3*2 = -3: the delta -1 belongs to the method, not to rounding.
        var json = Ok("--network", NetFile, "--input", "3,2", "--method", "gradient-x-input");
        Assert.Equal(-1, json.GetProperty("completeness_delta").GetDouble(), 1e-12);
        Assert.Equal(-1, json.GetProperty("exact_completeness_delta").GetDouble(), 1e-12);
    }

    [Fact]
    public void Crosscheck_GradientOnKinkWithSameConvention_AgreesAndSaysKink()
    {
        // At (1, 1) relu(x1 - x2) sits at 0: relu'(0) = 0 on both sides, so the gradient is that of -relu(x1 + x2 - 1).
        var json = Ok("--network", NetFile, "--input", "1,1", "--method", "gradient");
        Assert.Equal(["-1", "-1"], CliRun.Strings(json.GetProperty("exact")));
        Assert.Equal([-1.0, -1.0], Doubles(json.GetProperty("numeric")));
        Assert.Contains("layer 1 (relu) unit 0", json.GetProperty("kink").GetProperty("at")[0].GetString());
        Assert.Equal("agrees", json.GetProperty("verdict").GetString());
    }

    [Theory]
    [InlineData("--network")]
    [InlineData("--function")]
    public void Crosscheck_GradientOnKinkAfterRounding_OnKinkNotMismatch(string kind)
    {
        // x1/10 + x2/5 - 3/10 is exactly 0 at (1, 1), but 0.1 + 0.2 - 0.3 is 5.6e-17 in float64: the tensor pass takes the
        // positive side, gradient (0.1, 0.2), where the exact relu'(0) = 0 gives (0, 0).
        var reference = kind == "--network"
            ? CliRun.TempFile("""{"format": "verifier-network/1", "inputs": 2, "layers": [{"type": "dense", "weights": [["1/10", "1/5"]], "bias": ["-3/10"]}, {"type": "relu"}]}""")
            : "relu(x1/10 + x2/5 - 3/10)";
        var json = Ok(kind, reference, "--input", "1,1", "--method", "gradient");
        Assert.Equal(["0", "0"], CliRun.Strings(json.GetProperty("exact")));
        Assert.True(json.GetProperty("max_abs_error").GetDouble() > 0.1);
        Assert.Equal("on-kink", json.GetProperty("verdict").GetString());
        Assert.Contains("not a mismatch", json.GetProperty("kink").GetProperty("note").GetString());
    }

    [Fact]
    public void Crosscheck_TorchScriptModel_AgreesWithItsNetwork()
    {
        var model = WriteModel("net.pt", NetSource);
        var ig = Ok("--network", NetFile, "--model", model, "--input", "3,2", "--rule", "exactline");
        Assert.Equal(model, ig.GetProperty("model").GetString());
        Assert.Equal(0, ig.GetProperty("output").GetInt32());
        // The reference's exact breakpoints with the model's gradient at each piece's midpoint: rounding only.
        Assert.True(ig.GetProperty("max_abs_error").GetDouble() <= 1e-12);
        Assert.Equal("agrees", ig.GetProperty("verdict").GetString());
        Assert.Contains("--model", ig.GetProperty("convention").GetString());
        var gradient = Ok("--network", NetFile, "--model", model, "--input", "3,2", "--method", "gradient", "--dtype", "float32");
        Assert.Equal("agrees", gradient.GetProperty("verdict").GetString()); // tolerance 1e-4 x 3 in float32
        var eg = Ok("--network", NetFile, "--model", model, "--input", "3,2", "--method", "eg", "--baselines", "0,0;1,-1", "--steps", "64");
        Assert.True(eg.GetProperty("max_abs_error").GetDouble() < 0.1); // Gauss-Legendre across a kink: a discretisation error, no verdict
        Assert.Equal(JsonValueKind.Null, eg.GetProperty("verdict").ValueKind);
    }

    [Fact]
    public void Crosscheck_TorchScriptModelOtherOutput_ComparesThatColumn()
    {
        // Column 1 of the model is x1, whose gradient is (1, 0), against the network's F: a real difference, reported as one.
        var json = Ok("--network", NetFile, "--model", WriteModel("net.pt", NetSource), "--output", "1", "--input", "3,2", "--method", "gradient");
        Assert.Equal([1.0, 0.0], Doubles(json.GetProperty("numeric")));
        Assert.Equal("mismatch", json.GetProperty("verdict").GetString());
    }

    [Fact]
    public void Crosscheck_WrongTorchScriptModel_Mismatch()
    {
        // The wrong kink lies at t = 2/5, inside the reference's piece [1/5, 1], whose midpoint 3/5 is on its far side: the
        // midpoint gradients agree, but F_model(x) - F_model(0) = -1 is not the sum -2 (completeness delta -1).
        var ig = Ok("--network", NetFile, "--model", WriteModel("wrong.pt", WrongSource), "--input", "3,2", "--rule", "exactline");
        Assert.Equal(-1, ig.GetProperty("completeness_delta").GetDouble(), 1e-12);
        Assert.Equal("mismatch", ig.GetProperty("verdict").GetString());
        // At (1, 1/2) the wrong unit is off (1.5 - 2 < 0) where the right one is on: gradient (2, -2) against (1, -3).
        var gradient = Ok("--network", NetFile, "--model", WriteModel("wrong.pt", WrongSource), "--input", "1,1/2", "--method", "gradient");
        Assert.Equal([2.0, -2.0], Doubles(gradient.GetProperty("numeric")));
        Assert.Equal("mismatch", gradient.GetProperty("verdict").GetString());
    }

    [Theory]
    [InlineData("--model|MISSING", "no TorchScript file")]
    [InlineData("--model|GARBAGE", "does not load as a TorchScript module")]
    [InlineData("--model|THREE", "shape mismatch")]
    [InlineData("--model|THREE", "[B, 2]")]
    [InlineData("--model|THREE", "it takes [B, 3]")]
    [InlineData("--model|THREE", "index 2 out of range")]
    [InlineData("--model|MODEL|--output|2", "2 outputs")]
    [InlineData("--model|MODEL|--output|2", "--output K")]
    [InlineData("--output|1", "--model")]
    [InlineData("--model|MODEL|--rule|exactline|--dtype|float32", "float64")]
    [InlineData("--input|3,nan", "bad number")]
    [InlineData("--input|inf,1", "'inf' is not a number")]
    [InlineData("--input|1e400,1", "beyond the float64 range")]
    [InlineData("--input|1e39,1|--dtype|float32", "beyond the float32 range")]
    [InlineData("--baseline|0,-inf", "--baseline")]
    [InlineData("--baseline|1e400,0", "beyond the float64 range")]
    [InlineData("--method|eg|--baselines|0,0;nan,1", "baseline 2")]
    [InlineData("--method|eg|--baselines|0,0;1e400,1", "beyond the float64 range")]
    [InlineData("--method|deeplift-rescale", "unknown --method 'deeplift-rescale'")]
    [InlineData("--method|gradient|--rule|middle", "--rule")]
    [InlineData("--method|gradient|--steps|8", "no quadrature")]
    [InlineData("--method|gradient-x-input|--steps-sweep|4,8", "ig, eg and conductance only")]
    [InlineData("--method|gradient|--baseline|1,1", "no baseline")]
    [InlineData("--method|gradient|--plot|x.png", "steps")]
    [InlineData("--method|eg", "--baselines")]
    [InlineData("--method|eg|--baseline|1,1|--baselines|0,0", "not --baseline")]
    [InlineData("--method|eg|--baselines|0,0;1", "dimension mismatch")]
    [InlineData("--method|eg|--baselines|0,0;1,1|--weights|1/2,1/3", "sum")]
    [InlineData("--baselines|0,0", "'eg' only")]
    public void Crosscheck_BadMethodOrModelInput_ExitTwo(string extra, string keyword)
    {
        var model = WriteModel("net.pt", NetSource);
        var three = WriteModel("three.pt", ThreeInputSource);
        var garbage = Path.Combine(_dir, "garbage.pt");
        File.WriteAllText(garbage, "this is not a TorchScript archive");
        var args = new List<string> { "crosscheck", "--network", NetFile };
        if (!extra.Contains("--input")) args.AddRange(["--input", "3,2"]);
        args.AddRange(extra.Split('|').Select(a => a switch
        {
            "MISSING" => Path.Combine(_dir, "absent.pt"), "GARBAGE" => garbage, "THREE" => three, "MODEL" => model, _ => a,
        }));
        var run = CliRun.Of([.. args]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(keyword, run.Stderr);
        Assert.Single(run.Stderr.TrimEnd().Split('\n')); // one line
    }

    // Conductance on Net from 0 to (3, 2): x1 - x2 = t and x1 + x2 - 1 = 5t - 1 along the path, so the first unit carries
    // 2 * 1 over [0, 1] and the second -1 * 5 over [1/5, 1]: Cond = (2, -4) in layers 0 (pre-activation) and 1 (after the
    // relu), and F(x) - F(x') = -2 in layer 2 (the output).
    [Theory]
    [InlineData("0", "2|-4")]
    [InlineData("1", "2|-4")]
    [InlineData("2", "-2")]
    public void Crosscheck_ConductanceKinkOnCellEdge_AgreesWithExactToRounding(string layer, string expected)
    {
        // 10 middle-rule cells: the kink t = 1/5 is the edge between cells 2 and 3, so no midpoint sees the wrong side and
        // the piecewise-constant integrand is integrated exactly; only float64 rounding remains (tolerance 1e-12).
        var json = Ok("--network", NetFile, "--input", "3,2", "--method", "conductance", "--layer", layer, "--rule", "middle", "--steps", "10");
        Assert.Equal("conductance", json.GetProperty("method").GetString());
        Assert.Equal(int.Parse(layer), json.GetProperty("layer").GetInt32());
        Assert.Equal(expected.Split('|'), CliRun.Strings(json.GetProperty("exact")));
        Assert.Equal(expected.Split('|').Length, json.GetProperty("numeric").GetArrayLength());
        Assert.True(json.GetProperty("max_abs_error").GetDouble() <= 1e-12, json.GetProperty("max_abs_error").ToString());
        Assert.Equal(0, json.GetProperty("completeness_delta").GetDouble(), 1e-12);
        Assert.Equal(0, json.GetProperty("exact_completeness_delta").GetDouble(), 1e-12);
        foreach (var field in new[] { "exact", "numeric", "max_abs_error", "max_rel_error", "completeness_delta", "rule", "steps", "device", "seconds" })
            Assert.True(json.TryGetProperty(field, out _), field);
        Assert.Equal("middle", json.GetProperty("rule").GetString());
        Assert.Equal(10, json.GetProperty("steps").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("verdict").ValueKind); // a quadrature rule: discretisation, no verdict
    }

    [Fact]
    public void Crosscheck_ConductanceKinkInsideCell_ErrorIsTheCellFraction()
    {
        // 12 cells of width h = 1/12: t = 1/5 lies 2/5 of the way into cell 3, whose midpoint is past it, so the middle rule
        // counts the second unit's -5 over the whole cell: Cond_2 is off by 5h (2/5) = 1/6, Cond_1 is exact, and the sum
        // misses F(x) - F(x') by -1/6 (tolerance: float64 rounding, 1e-12).
        var json = Ok("--network", NetFile, "--input", "3,2", "--method", "conductance", "--layer", "1", "--rule", "middle", "--steps", "12");
        var numeric = Doubles(json.GetProperty("numeric"));
        Assert.Equal(2, numeric[0], 1e-12);
        Assert.Equal(-4 - 1.0 / 6, numeric[1], 1e-12);
        Assert.Equal(1.0 / 6, json.GetProperty("max_abs_error").GetDouble(), 1e-12);
        Assert.Equal(-1.0 / 6, json.GetProperty("completeness_delta").GetDouble(), 1e-12);
    }

    [Fact]
    public void Crosscheck_ConductanceSweep_FittedOrderOne()
    {
        // n = 12, 72, 432, 2592 are all 2 mod 5, so t = 1/5 always sits 2/5 into its cell: the error is exactly 2/n and the
        // fitted order 1 (up to rounding; the JSON rounds it to three decimals).
        var json = Ok("--network", NetFile, "--input", "3,2", "--method", "conductance", "--layer", "0", "--rule", "middle",
            "--steps-sweep", "12,72,432,2592");
        var sweep = json.GetProperty("sweep").EnumerateArray().ToArray();
        Assert.Equal([12, 72, 432, 2592], sweep.Select(r => r.GetProperty("steps").GetInt32()));
        foreach (var r in sweep)
            Assert.Equal(2.0 / r.GetProperty("steps").GetInt32(), r.GetProperty("max_abs_error").GetDouble(), 1e-12);
        Assert.Equal(1.0, json.GetProperty("fitted_order").GetDouble(), 0.002);
        var text = CliRun.Of("crosscheck", "--network", NetFile, "--input", "3,2", "--method", "conductance", "--layer", "0",
            "--rule", "middle", "--steps-sweep", "12,72", "--format", "text");
        Assert.Contains("conductance of layer 0", text.Stdout);
        Assert.Contains("fitted order: 1.00", text.Stdout);
    }

    [Theory]
    [InlineData("--network|NET|--method|conductance", "needs --layer L")]
    [InlineData("--network|NET|--method|conductance", "0..2")]
    [InlineData("--network|NET|--layer|1", "'conductance' only")]
    [InlineData("--network|NET|--method|ig|--layer|1", "not to 'ig'")]
    [InlineData("--network|NET|--method|conductance|--layer|3", "out of range")]
    [InlineData("--network|NET|--method|conductance|--layer|3", "0..2")]
    [InlineData("--network|NET|--method|conductance|--layer|-1", "out of range")]
    [InlineData("--network|NET|--method|conductance|--layer|one", "bad number")]
    [InlineData("--network|NET|--method|conductance|--layer|1|--rule|exactline", "exactline is not available for conductance")]
    [InlineData("--network|NET|--method|conductance|--layer|1|--model|MODEL", "--model")]
    [InlineData("--network|NET|--method|conductance|--layer|1|--baselines|0,0", "'eg' only")]
    [InlineData("--function|relu(x1 - x2)|--method|conductance|--layer|0", "needs a network (--network FILE)")]
    public void Crosscheck_ConductanceBadInput_ExitTwo(string extra, string keyword)
    {
        var model = WriteModel("net.pt", NetSource);
        var args = new List<string> { "crosscheck", "--input", "3,2" };
        args.AddRange(extra.Split('|').Select(a => a switch { "NET" => NetFile, "MODEL" => model, _ => a }));
        var run = CliRun.Of([.. args]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(keyword, run.Stderr);
        Assert.Single(run.Stderr.TrimEnd().Split('\n')); // one line
    }

    [Fact]
    public void Crosscheck_ExactLineWithModelOnFunction_ExitTwoNamingNetwork()
    {
        var run = CliRun.Of("crosscheck", "--function", "relu(x1 - x2)", "--model", WriteModel("net.pt", NetSource), "--input", "3,2", "--rule", "exactline");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("network", run.Stderr);
    }

    [Fact]
    public void Crosscheck_Help_NamesTheNewOptions()
    {
        var run = CliRun.Of("crosscheck", "--help");
        foreach (var word in new[] { "gradient-x-input", "--model", "--output", "--baselines", "convention", "null", "conductance", "--layer L" })
            Assert.Contains(word, run.Stdout);
    }

    // TorchSharp cannot script a module and python is not a test dependency, so the test writes the archive torch.jit.save
    // would (as tests/NumericBridge.Tests/Models/TorchScriptModelTests.cs does): a stored zip with the module object pickled
    // (protocol 2: GLOBAL '__torch__ M', EMPTY_TUPLE, NEWOBJ, {'training': False}, BUILD) and its TorchScript class source.
    private string WriteModel(string name, string body)
    {
        var path = Path.Combine(_dir, name);
        if (!File.Exists(path)) TorchScriptArchive.Write(path, body);
        return path;
    }
}
