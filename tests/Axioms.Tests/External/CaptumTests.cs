using Verifier.Axioms.External;
using Verifier.Axioms.Golden;
using Verifier.PathMethods.Methods;
using Xunit.Abstractions;

namespace Verifier.Axioms.Tests.External;

/// <summary>Captum graded against the suite through the example adapter (issue 15, acceptance): two known defects come out
/// as failures with the exact value beside them, and the trapezoid rule's (n-1)/n weight shortfall shows in the sweep.</summary>
public sealed class CaptumTests(ITestOutputHelper output)
{
    private static ExternalMethod Start(params string[] args) =>
        ExternalMethod.Start(CommandLine.Join(CaptumMethods.Command(args)), ExternalMethodOptions.Default with { HandshakeTimeout = TimeSpan.FromSeconds(120) });

    private void Log(ConformanceReport report)
    {
        output.WriteLine($"{report.Method} as {report.As}: {report.Queries} queries, {report.Passed} passed, {report.Failed} failed, {report.Errored} errored, {report.Skipped} skipped");
        foreach (var r in report.Results.Where(r => r.Pass != true))
            output.WriteLine($"  {r.Id}: {(r.Error ?? $"error {r.MaxAbsError:G3}")}, exact [{string.Join(", ", r.Exact)}], numeric [{string.Join(", ", r.Numeric ?? [])}]");
    }

    [CaptumFact]
    public void ShapleyValues_Float32Accumulation_FailsWithTheExactThird()
    {
        using var method = Start("shapley");
        var report = Conformance.Run(method, "shapley");
        Log(report);

        var third = report.Results.Single(r => r.Id == "float-accumulation-third");
        Assert.False(third.Pass);
        Assert.Equal(["1/3", "0"], third.Exact);
        Assert.Equal(0.3333333432674408, third.Numeric![0]);
        Assert.InRange(third.MaxAbsError!.Value, 9e-9, 1e-8); // float32 rounding of 1/3
    }

    [CaptumFact]
    public void DeepLift_ReluAfterMaxPool_FailsWithTheExactNineQuarters()
    {
        using var method = Start("deeplift");
        var report = Conformance.Run(method, "deeplift-rescale");
        Log(report);

        var relu = report.Results.Single(r => r.Id == "relu-after-maxpool");
        Assert.False(relu.Pass);
        Assert.Equal(["9/4"], relu.Exact);
        Assert.Equal([3.0], relu.Numeric);

        // With Captum's own max-pool rule as the reference, the defect is what remains.
        var peer = Conformance.Run(method, "deeplift-rescale", ConformanceOptions.Default with { Parameters = new Dictionary<string, string> { ["maxpool"] = "argmax" } });
        Log(peer);
        Assert.False(peer.Results.Single(r => r.Id == "relu-after-maxpool").Pass);
    }

    [CaptumFact]
    public void IntegratedGradients_RiemannTrapezoid_WeightShortfallOfOneOverN()
    {
        using var method = Start("ig", "--rule", "riemann_trapezoid");
        // 1e-6: Captum multiplies the gradients by step sizes in float32 (torch.tensor of Python floats), a rounding of
        // about 1e-8 on top of the rule's error, which its bound V/(2n) + |A|/n attains exactly on linear pieces.
        var options = ConformanceOptions.Default with
        {
            Tolerance = Tolerance.Parse("1e-6"), Rule = IgQuadratureRule.CaptumTrapezoid, Steps = 50, StepsSweep = [16, 64, 256],
        };
        var report = Conformance.Run(method, "ig", options);
        Log(report);
        var s = report.Sweep!;
        output.WriteLine($"n x median relative error: {string.Join(", ", s.MedianScaledRelativeError.Select(e => e.ToString("F4")))}; median order {s.MedianOrder:F2}");

        Assert.All(s.MedianScaledRelativeError, e => Assert.InRange(e, -1.05, -0.95)); // numeric / exact = (n-1)/n
        Assert.Equal(0, report.OutsideBound);
    }
}
