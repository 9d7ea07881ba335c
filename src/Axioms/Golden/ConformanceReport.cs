using Verifier.PathMethods.Methods;

namespace Verifier.Axioms.Golden;

/// <summary>The options of a conformance run (<see cref="Conformance.Run"/>, <c>verifier conformance</c>).</summary>
public sealed record ConformanceOptions
{
    /// <summary>The defaults: tolerance 1e-9, the suite of seed 42 with 60 random cases, no quadrature rule, no sweep.</summary>
    public static readonly ConformanceOptions Default = new();

    /// <summary>A query passes when every |numeric_i - exact_i| &lt;= ABS + REL |exact_i|.</summary>
    public Tolerance Tolerance { get; init; } = Tolerance.Default;

    /// <summary>The suite's seed.</summary>
    public int Seed { get; init; } = GoldenSuite.DefaultSeed;

    /// <summary>The suite's number of random cases.</summary>
    public int Cases { get; init; } = GoldenSuite.DefaultCases;

    /// <summary>The quadrature rule the method uses (Integrated Gradients): with <see cref="Steps"/>, each result gets the
    /// rule's rigorous error bound (<see cref="QuadratureBound"/>) and whether its error is within it; null for none.</summary>
    public IgQuadratureRule? Rule { get; init; }

    /// <summary>The number of steps (nodes) the method is asked to use, sent as <c>params.steps</c>; null: not sent.</summary>
    public int? Steps { get; init; }

    /// <summary>Step counts to run every query again with (<c>params.steps</c> = N), for the error against the step count;
    /// empty for no sweep.</summary>
    public IReadOnlyList<int> StepsSweep { get; init; } = [];

    /// <summary>Parameters sent with every request beside those the suite's query states; those the graded method's registry
    /// entry takes also set the exact reference (a peer's convention, e.g. DeepLIFT's <c>maxpool=argmax</c>).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>How many worst cases the report lists.</summary>
    public int WorstCount { get; init; } = 5;
}

/// <summary>One query of a conformance run.</summary>
/// <param name="Id">The suite's id.</param>
/// <param name="Tags">The suite's tags (smooth, piecewise-linear, network, kink-dependent, ...).</param>
/// <param name="ConventionDependent">True when the exact result depends on a kink convention (a mismatch may be one).</param>
/// <param name="Exact">The exact attributions (rationals or closed forms).</param>
/// <param name="ExactApprox">Their nearest doubles.</param>
/// <param name="Numeric">The method's attributions (as doubles), or null when the query errored or was skipped.</param>
/// <param name="MaxAbsError">max_i |numeric_i - exact_i|, or null.</param>
/// <param name="Pass">Within the tolerance for every feature; null when the query errored or was skipped.</param>
/// <param name="Error">The fault or exception of an errored query, or the reason it was skipped.</param>
public sealed record ConformanceResult(string Id, IReadOnlyList<string> Tags, bool ConventionDependent, IReadOnlyList<string> Exact,
    IReadOnlyList<double> ExactApprox, IReadOnlyList<double>? Numeric, double? MaxAbsError, bool? Pass, string? Error)
{
    /// <summary>True when the method does not accept the query's F (functions or networks only): not counted.</summary>
    public bool Skipped { get; init; }

    /// <summary>The rigorous quadrature error bound for the declared rule and steps (max over features), or null.</summary>
    public double? QuadratureBound { get; init; }

    /// <summary>True when every error is within the tolerance plus the quadrature bound: a quadrature implementation whose
    /// result is outside it has a defect; null without a bound.</summary>
    public bool? WithinBound { get; init; }
}

/// <summary>The error of one query at every step count of a sweep.</summary>
/// <param name="Id">The query.</param>
/// <param name="Errors">max_i |numeric_i - exact_i| per step count (NaN where it errored).</param>
/// <param name="Order">The fitted order p of error ~ C n^-p (least squares on log-log), or null when fewer than three
/// nonzero errors.</param>
public sealed record SweepQuery(string Id, IReadOnlyList<double> Errors, double? Order);

/// <summary>The error against the step count (issue 15, item 3: quadrature IG).</summary>
/// <param name="Steps">The step counts.</param>
/// <param name="MaxError">Per step count, the largest error over the queries.</param>
/// <param name="MedianError">Per step count, the median of the errors above rounding (1e-13; a rule that is exact on a
/// query, e.g. the midpoint rule on a linear integrand, does not count), NaN when there is none.</param>
/// <param name="MedianScaledRelativeError">Per step count, n times the median signed relative error (numeric - exact) /
/// exact over every nonzero exact attribution: it tends to -1 for Captum's trapezoid, whose weights sum to (n-1)/n.</param>
/// <param name="MedianOrder">The median of the queries' fitted orders, or null.</param>
/// <param name="Queries">Per query.</param>
public sealed record StepSweep(IReadOnlyList<int> Steps, IReadOnlyList<double> MaxError, IReadOnlyList<double> MedianError,
    IReadOnlyList<double> MedianScaledRelativeError, double? MedianOrder, IReadOnlyList<SweepQuery> Queries)
{
    /// <summary>The median fitted order of the queries of each tag (e.g. first order on <c>piecewise-linear</c> queries,
    /// whose integrands jump, and second order on <c>smooth</c> ones for the midpoint rule).</summary>
    public IReadOnlyDictionary<string, double> MedianOrderByTag { get; init; } = new Dictionary<string, double>();
}

/// <summary>The report of <c>verifier conformance</c> (CONTRACT.md): the method graded against the suite's exact results.</summary>
/// <param name="As">The method it was graded as.</param>
/// <param name="Method">Its own name.</param>
/// <param name="Tolerance">The tolerance.</param>
/// <param name="Results">Every query, in suite order.</param>
/// <param name="Sweep">The step sweep, or null.</param>
/// <param name="Rule">The declared quadrature rule, or null.</param>
/// <param name="Steps">The declared step count, or null.</param>
public sealed record ConformanceReport(string As, string Method, Tolerance Tolerance, IReadOnlyList<ConformanceResult> Results,
    StepSweep? Sweep, IgQuadratureRule? Rule, int? Steps)
{
    /// <summary>Queries run (skipped ones excluded).</summary>
    public int Queries => Results.Count(r => !r.Skipped);

    /// <summary>Queries within the tolerance.</summary>
    public int Passed => Results.Count(r => r.Pass == true);

    /// <summary>Queries outside the tolerance.</summary>
    public int Failed => Results.Count(r => r.Pass == false);

    /// <summary>Queries that errored (a fault or an exception).</summary>
    public int Errored => Results.Count(r => r.Pass is null && !r.Skipped);

    /// <summary>Queries the method does not accept.</summary>
    public int Skipped => Results.Count(r => r.Skipped);

    /// <summary>Failed queries whose exact result depends on a kink convention.</summary>
    public int FailedConventionDependent => Results.Count(r => r.Pass == false && r.ConventionDependent);

    /// <summary>Failed queries outside even the quadrature bound (defects, not discretisation), or null without a bound.</summary>
    public int? OutsideBound => Rule is null || Steps is null ? null : Results.Count(r => r.WithinBound == false);

    /// <summary>The worst queries: the largest errors first.</summary>
    public IReadOnlyList<ConformanceResult> Worst(int count) =>
        Results.Where(r => r.MaxAbsError is not null).OrderByDescending(r => r.MaxAbsError).Take(count).ToArray();
}
