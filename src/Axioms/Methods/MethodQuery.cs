using Verifier.PathMethods.Methods;
using Verifier.PathMethods.Paths;
using Verifier.Symbolic;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Methods;

/// <summary>A method's parameter values after <c>MethodDescriptor.Bind</c>: every given value parsed and checked.</summary>
/// <param name="Values">The given values, by name (defaults are not filled in; <see cref="Get"/> does that).</param>
/// <param name="Descriptor">The method they belong to.</param>
public sealed record MethodArguments(IReadOnlyDictionary<string, Rational> Values, MethodDescriptor Descriptor)
{
    /// <summary>The value given, or the parameter's default.</summary>
    /// <exception cref="InputArgumentException">Neither given nor defaulted.</exception>
    public Rational Get(string name) =>
        Values.TryGetValue(name, out var v) ? v
            : Descriptor.Parameter(name)?.Default ?? throw new InputArgumentException($"method '{Descriptor.Name}' needs --param {name}=VALUE");

    /// <summary>The value given, or the parameter's default, as an integer.</summary>
    public int GetInt(string name) => (int)Get(name).Numerator;

    /// <summary>The name of the choice given, or the default's, for a <see cref="ParameterKind.Choice"/> parameter.</summary>
    public string GetChoice(string name) => Descriptor.Parameter(name)!.Text(Get(name));

    /// <summary>True when no value was given.</summary>
    public bool IsEmpty => Values.Count == 0;

    /// <summary>The kink convention given by <c>relu_grad_at_zero</c>, or null for the default (PyTorch's).</summary>
    public KinkConvention? Convention =>
        Values.TryGetValue(MethodParameter.ConventionName, out var c) ? new KinkConvention { ReluGradientAtZero = c } : null;
}

/// <summary>
/// One attribution query as <c>verifier attribute</c> and <c>--batch</c> pose it, checked for shape by the caller: F, x,
/// x', the baseline list of a distributional method, the path in absolute coordinates, the parameters, and the layer,
/// neuron and patch of the methods that read them.
/// </summary>
/// <param name="F">The function or network.</param>
/// <param name="Input">x.</param>
/// <param name="Baseline">x' (all zeros when the method has no baseline or none was given).</param>
/// <param name="Baselines">For a distributional method: the baselines x'_1..x'_m; null otherwise.</param>
/// <param name="Weights">Their weights, or null for uniform.</param>
/// <param name="Path">The <c>--path</c> text in absolute coordinates (<see cref="PathCoordinates.Absolute"/>), or null.</param>
/// <param name="Arguments">The checked parameters.</param>
/// <param name="Layer">The 0-based layer index, or null.</param>
/// <param name="Neuron">The 0-based neuron index, or null.</param>
/// <param name="Patch">The patch's 1-based feature indices, or null.</param>
public sealed record MethodQuery(
    Subject F,
    IReadOnlyList<Rational> Input,
    IReadOnlyList<Rational> Baseline,
    IReadOnlyList<IReadOnlyList<Rational>>? Baselines,
    IReadOnlyList<Rational>? Weights,
    string? Path,
    MethodArguments Arguments,
    int? Layer = null,
    int? Neuron = null,
    IReadOnlyList<int>? Patch = null)
{
    /// <summary>The kink convention of the query (<c>relu_grad_at_zero</c>), or null for the default.</summary>
    public KinkConvention? Convention => Arguments.Convention;
}

/// <summary>What a method's query produced; the output code formats it by its type.</summary>
/// <param name="Method">The method's name.</param>
public abstract record MethodOutcome(string Method);

/// <summary>Attributions to the input features.</summary>
/// <param name="Result">The attributions.</param>
/// <param name="PathLabel">The path as the output writes it (<c>straight</c>, a <c>--path</c> spec, <c>guided</c>), or null
/// for a method without a path.</param>
/// <param name="Path">The one path in input space whose integrand gives the attributions (ig, path), or null.</param>
/// <param name="Baselines">For a distributional method: the baselines.</param>
/// <param name="WaypointsCount">For a method with a computed path (guided IG): its number of waypoints.</param>
public sealed record AttributionOutcome(AttributionResult Result, string? PathLabel, AttributionPath? Path = null,
    IReadOnlyList<IReadOnlyList<Rational>>? Baselines = null, int? WaypointsCount = null) : MethodOutcome(Result.Method)
{
    /// <summary>Values the method reports beside its attributions, in output order (a surrogate model's intercept, a sampled
    /// estimate's exact error); empty for most methods.</summary>
    public IReadOnlyList<ReportedValue> Reported { get; init; } = [];
}

/// <summary>A named exact value (or vector of values) that a method reports beside its attributions; the JSON output writes
/// it as <c>name</c> (exact strings) and <c>name_approx</c> (doubles).</summary>
/// <param name="Name">The JSON name, e.g. <c>intercept</c>.</param>
/// <param name="Values">The value, or the vector's entries.</param>
/// <param name="IsVector">True for a vector (one entry per feature), false for a single value.</param>
public sealed record ReportedValue(string Name, IReadOnlyList<ExactResult> Values, bool IsVector = false)
{
    /// <summary>A single value.</summary>
    public static ReportedValue Scalar(string name, ExactResult value) => new(name, [value]);

    /// <summary>A vector.</summary>
    public static ReportedValue Vector(string name, IReadOnlyList<ExactResult> values) => new(name, values, IsVector: true);
}

/// <summary>The conductance of every neuron of a layer, with the feature-to-neuron flows.</summary>
/// <param name="Method">The method's name.</param>
/// <param name="Layer">The result.</param>
/// <param name="PathLabel">The path as the output writes it.</param>
public sealed record LayerOutcome(string Method, ConductanceResult Layer, string PathLabel) : MethodOutcome(Method);

/// <summary>The attribution of an input patch to one neuron, exactly and by the paper's speedup.</summary>
/// <param name="Method">The method's name.</param>
/// <param name="Patch">The result.</param>
public sealed record PatchOutcome(string Method, PatchNeuronResult Patch) : MethodOutcome(Method);
