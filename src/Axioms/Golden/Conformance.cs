using System.Globalization;
using Verifier.Axioms.External;
using Verifier.Axioms.Methods;
using Verifier.PathMethods.Methods;
using Verifier.Symbolic;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Golden;

/// <summary>
/// Grades a numeric implementation of a known method against the conformance suite's exact results (issue 15, item 3;
/// <c>verifier conformance --method-cmd CMD --as METHOD</c>): every suite query of that method goes through the
/// implementation, and each result gets its largest error, pass or fail at the tolerance, the suite's tags and convention
/// flag, and for a quadrature IG with a declared rule the rigorous error bound; a sweep over the step count gives the
/// error against n and its fitted order.
/// </summary>
/// <remarks>The implementation may be an <see cref="ExternalMethod"/> (the query's parameters, and <c>steps</c>, are sent as
/// <c>params</c>) or any <see cref="IAttributionMethod"/> in process (parameters cannot be sent to it; a sweep needs a
/// factory from the step count).</remarks>
public static class Conformance
{
    /// <summary>The methods the suite has queries for that an implementation can be graded as (those whose queries need
    /// no path: a path cannot be sent through the protocol).</summary>
    public static IReadOnlyList<string> Methods(MethodRegistry? registry = null)
    {
        registry ??= MethodRegistry.BuiltIn;
        var fixedCases = GoldenSuite.Cases(GoldenSuite.DefaultSeed, 0, registry); // the worked examples and the peer cases
        return registry.All.Where(d => d.Golden is not null || fixedCases.Any(c => c.Method == d.Name))
            .Where(d => !d.Reads(QueryInputs.Path)).Select(d => d.Name).ToArray();
    }

    /// <summary>Runs the suite's queries of <paramref name="asMethod"/> through <paramref name="method"/>.</summary>
    /// <param name="method">The implementation.</param>
    /// <param name="asMethod">The method it implements (a registry name, e.g. <c>ig</c>).</param>
    /// <param name="options">Tolerance, suite, quadrature rule and steps, sweep.</param>
    /// <param name="registry">The registry the exact results come from (default the built-in one).</param>
    /// <param name="withSteps">For a method in process: the implementation with N steps, for <see cref="ConformanceOptions.Steps"/>
    /// and the sweep; null when it has no step count.</param>
    /// <param name="progress">Progress lines, or null.</param>
    /// <exception cref="InputArgumentException">The suite has no queries for <paramref name="asMethod"/>, or bad options.</exception>
    public static ConformanceReport Run(IAttributionMethod method, string asMethod, ConformanceOptions? options = null,
        MethodRegistry? registry = null, Func<int, IAttributionMethod>? withSteps = null, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(asMethod);
        options ??= ConformanceOptions.Default;
        registry ??= MethodRegistry.BuiltIn;
        if (!Methods(registry).Contains(asMethod))
            throw new InputArgumentException($"the suite has no queries for '{asMethod}' that can be sent to a method; expected one of {string.Join(", ", Methods(registry))}");
        if (options.Steps is < 1 || options.StepsSweep.Any(n => n < 1)) throw new InputArgumentException("steps must be at least 1");
        var descriptor = registry.Query(asMethod);
        var reference = options.Parameters.Where(p => descriptor.Parameter(p.Key) is not null).ToArray(); // e.g. a peer's maxpool rule
        var cases = GoldenSuite.Cases(options.Seed, options.Cases, registry).Where(c => c.Method == asMethod)
            .Select(c => Prepared.Of(reference.Length == 0 ? c : c with { Parameters = [.. c.Parameters.Where(p => reference.All(r => r.Key != p.Key)), .. reference] }, registry))
            .ToArray();
        var results = new List<ConformanceResult>();
        for (int k = 0; k < cases.Length; k++)
        {
            var c = cases[k];
            var (numeric, error, skipped) = Ask(method, c, options.Steps, options, withSteps);
            results.Add(Grade(c, numeric, error, skipped, options));
            progress?.Report($"[conformance] {k + 1}/{cases.Length} {c.Case.Id}: {Status(results[^1])}");
        }
        StepSweep? sweep = null;
        if (options.StepsSweep.Count > 0 && (method is ExternalMethod || withSteps is not null))
            sweep = Sweep(method, cases, options, withSteps, progress);
        return new ConformanceReport(asMethod, method.Name, options.Tolerance, results, sweep, options.Rule, options.Steps);
    }

    private static string Status(ConformanceResult r) =>
        r.Skipped ? "skipped" : r.Pass is null ? "errored" : r.Pass == true ? "pass" : $"FAIL ({r.MaxAbsError?.ToString("G3", CultureInfo.InvariantCulture)})";

    // A case with its exact result and harness entry.
    private sealed record Prepared(GoldenCase Case, MethodQuery Query, IReadOnlyList<ExactResult> Exact, GoldenCaseInfo Info)
    {
        public static Prepared Of(GoldenCase c, MethodRegistry registry)
        {
            var outcome = c.Run(registry);
            var exact = ((AttributionOutcome)outcome).Result.Attributions;
            return new Prepared(c, c.ToQuery(registry), exact, GoldenHarness.Of(c, outcome, registry));
        }
    }

    // The implementation's answer to one case with n steps (null: none sent): attributions, or the error, or skipped.
    private static (IReadOnlyList<ExactResult>? Values, string? Error, bool Skipped) Ask(IAttributionMethod method, Prepared c, int? steps,
        ConformanceOptions options, Func<int, IAttributionMethod>? withSteps)
    {
        var parameters = new Dictionary<string, string>(options.Parameters);
        foreach (var (name, value) in c.Case.Parameters) parameters[name] = value;
        if (steps is { } n) parameters["steps"] = n.ToString(CultureInfo.InvariantCulture);
        var m = method switch
        {
            ExternalMethod e => e.WithParameters(parameters),
            _ when steps is { } s && withSteps is not null => withSteps(s),
            _ => method,
        };
        var q = c.Query;
        if (!m.Accepts(q.F)) return (null, $"the method does not accept {(q.F.IsNetwork ? "networks" : "functions")}", true);
        try
        {
            var r = q.Baselines is { } list
                ? Distributional.Attribute(m, q.F, q.Input, new BaselineDistribution(list))
                : m.Attribute(q.F, q.Input, q.Baseline);
            return (r.Attributions, null, false);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            return (null, e is ExternalMethodFaultException f ? f.Fault.ToString() : $"{e.GetType().Name}: {e.Message.Split('\n')[0]}", false);
        }
    }

    private static ConformanceResult Grade(Prepared c, IReadOnlyList<ExactResult>? numeric, string? error, bool skipped, ConformanceOptions options)
    {
        var exactText = c.Exact.Select(Axioms.Exact.Format).ToArray();
        var exactApprox = c.Exact.Select(Approx).ToArray();
        var result = new ConformanceResult(c.Case.Id, c.Info.Tags, c.Info.Convention.Dependent, exactText, exactApprox, null, null, null, error) { Skipped = skipped };
        if (numeric is null) return result;
        var judge = new Judge(options.Tolerance);
        var errors = numeric.Select((v, i) => Math.Abs(Approx(Axioms.Exact.Subtract(v, c.Exact[i])))).ToArray();
        bool pass = numeric.Select((v, i) => judge.Equal(v, c.Exact[i])).All(e => e == true);
        result = result with { Numeric = numeric.Select(Approx).ToArray(), MaxAbsError = errors.DefaultIfEmpty(0).Max(), Pass = pass };
        if (options.Rule is { } rule && options.Steps is { } n && c.Info.IntegrandVariation is { } v)
        {
            var bounds = v.Select((vi, i) => QuadratureBound.Bound(rule, n, vi, exactApprox[i])).ToArray();
            var allowed = c.Exact.Select((e, i) => options.Tolerance.Allowance(Rational.FromDouble(Math.Abs(exactApprox[i]))).ToDouble() + bounds[i]).ToArray();
            result = result with { QuadratureBound = bounds.DefaultIfEmpty(0).Max(), WithinBound = errors.Select((e, i) => e <= allowed[i]).All(b => b) };
        }
        return result;
    }

    private static StepSweep Sweep(IAttributionMethod method, Prepared[] cases, ConformanceOptions options, Func<int, IAttributionMethod>? withSteps,
        IProgress<string>? progress)
    {
        var steps = options.StepsSweep.Distinct().Order().ToArray();
        var errors = cases.Select(_ => new double[steps.Length]).ToArray();
        var maxError = new double[steps.Length];
        var medianError = new double[steps.Length];
        var scaled = new double[steps.Length];
        for (int s = 0; s < steps.Length; s++)
        {
            var relative = new List<double>();
            for (int k = 0; k < cases.Length; k++)
            {
                var (numeric, _, _) = Ask(method, cases[k], steps[s], options, withSteps);
                if (numeric is null) { errors[k][s] = double.NaN; continue; }
                errors[k][s] = numeric.Select((v, i) => Math.Abs(Approx(v) - Approx(cases[k].Exact[i]))).DefaultIfEmpty(0).Max();
                if (cases[k].Info.Convention.Dependent) continue;
                for (int i = 0; i < numeric.Count; i++)
                {
                    double exact = Approx(cases[k].Exact[i]);
                    if (exact != 0) relative.Add((Approx(numeric[i]) - exact) / exact);
                }
            }
            var column = errors.Select(e => e[s]).Where(double.IsFinite).ToArray();
            maxError[s] = column.DefaultIfEmpty(double.NaN).Max();
            medianError[s] = Median(column.Where(e => e > 1e-13).ToArray());
            scaled[s] = steps[s] * Median(relative);
            progress?.Report($"[conformance] sweep n = {steps[s]}: max error {maxError[s]:G3}, median {medianError[s]:G3}");
        }
        var queries = cases.Select((c, k) => new SweepQuery(c.Case.Id, errors[k], Order(steps, errors[k]))).ToArray();
        var orders = queries.Where(q => q.Order is not null).Select(q => q.Order!.Value).ToArray();
        var byTag = cases.Zip(queries).Where(p => p.Second.Order is not null)
            .SelectMany(p => p.First.Info.Tags.Select(t => (Tag: t, Order: p.Second.Order!.Value)))
            .GroupBy(p => p.Tag).ToDictionary(g => g.Key, g => Median(g.Select(p => p.Order).ToArray()));
        return new StepSweep(steps, maxError, medianError, scaled, orders.Length == 0 ? null : Median(orders), queries) { MedianOrderByTag = byTag };
    }

    /// <summary>The fitted order p of error ~ C n^-p over the errors above 1e-13 (rounding), or null with fewer than three.</summary>
    public static double? Order(IReadOnlyList<int> steps, IReadOnlyList<double> errors)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(errors);
        var points = steps.Zip(errors).Where(p => double.IsFinite(p.Second) && p.Second > 1e-13).Select(p => (X: Math.Log(p.First), Y: Math.Log(p.Second))).ToArray();
        if (points.Length < 3) return null;
        double mx = points.Average(p => p.X), my = points.Average(p => p.Y);
        double sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
        if (sxx == 0) return null;
        return -points.Sum(p => (p.X - mx) * (p.Y - my)) / sxx;
    }

    private static double Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        int m = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    private static double Approx(ExactResult r) => r.Rational is { } q ? q.ToDouble() : r.Enclosure.Mid;
}
