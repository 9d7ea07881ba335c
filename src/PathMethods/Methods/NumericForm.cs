namespace Verifier.PathMethods.Methods;

/// <summary>The shapes of numeric computation that a numeric counterpart of an exact method takes.</summary>
public enum NumericFormKind
{
    /// <summary>(x_i - x'_i) ∫_0^1 ∂_iF(x' + t (x - x')) dt: quadrature on the straight path, or every piece exactly
    /// (Integrated Gradients).</summary>
    StraightPathIntegral,
    /// <summary>Σ_k w_k of the straight-path integral from baseline x'_k (Expected Gradients over a finite baseline list).</summary>
    ExpectationOverBaselines,
    /// <summary>∂_iF(x): one gradient, no baseline, no completeness.</summary>
    Gradient,
    /// <summary>(x_i - x'_i) ∂_iF(x): one gradient times the difference from the baseline.</summary>
    GradientTimesDelta,
    /// <summary>The conductance of every neuron of a hidden layer, by quadrature on the straight path (Dhamdhere et al. 2018).</summary>
    LayerConductance,
}

/// <summary>
/// How an exact method is computed numerically on tensors (the numeric bridge and <c>verifier crosscheck</c> interpret
/// it; they never branch on a method's name): the kind of computation, and what follows from it.
/// </summary>
/// <param name="Kind">The computation.</param>
public sealed record NumericForm(NumericFormKind Kind)
{
    /// <summary>Integrated Gradients' form.</summary>
    public static NumericForm StraightPathIntegral { get; } = new(NumericFormKind.StraightPathIntegral);

    /// <summary>Expected Gradients' form.</summary>
    public static NumericForm ExpectationOverBaselines { get; } = new(NumericFormKind.ExpectationOverBaselines);

    /// <summary>The plain gradient's form.</summary>
    public static NumericForm Gradient { get; } = new(NumericFormKind.Gradient);

    /// <summary>Gradient x input's form.</summary>
    public static NumericForm GradientTimesDelta { get; } = new(NumericFormKind.GradientTimesDelta);

    /// <summary>Layer conductance's form.</summary>
    public static NumericForm LayerConductance { get; } = new(NumericFormKind.LayerConductance);

    /// <summary>True when the computation is a quadrature along the straight path (it has a rule and a number of steps).</summary>
    public bool UsesQuadrature => Kind is NumericFormKind.StraightPathIntegral or NumericFormKind.ExpectationOverBaselines or NumericFormKind.LayerConductance;

    /// <summary>True when the integral can also be taken piece by piece at the breakpoints of a piecewise-linear model
    /// (exact line), without discretisation error.</summary>
    public bool HasExactLine => Kind is NumericFormKind.StraightPathIntegral or NumericFormKind.ExpectationOverBaselines;

    /// <summary>True when the attributions decompose F(x) - F(x') (so a completeness delta means something); false for the
    /// plain gradient.</summary>
    public bool HasCompleteness => Kind != NumericFormKind.Gradient;

    /// <summary>True when the method reads one baseline x' (false for the gradient, and for a baseline list).</summary>
    public bool UsesSingleBaseline => Kind is NumericFormKind.StraightPathIntegral or NumericFormKind.GradientTimesDelta or NumericFormKind.LayerConductance;

    /// <summary>True when the attributions are per neuron of a hidden layer rather than per input feature.</summary>
    public bool PerNeuron => Kind == NumericFormKind.LayerConductance;

    /// <summary>The kind's name.</summary>
    public override string ToString() => Kind.ToString();
}
