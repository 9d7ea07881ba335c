using Verifier.NumericBridge.Models;
using Verifier.PathMethods.Methods;

namespace Verifier.NumericBridge.Methods;

public static partial class NumericAttribute
{
    /// <summary>
    /// The numeric counterpart of an exact method from its <see cref="NumericForm"/> (the method registry's description;
    /// no method names): one gradient, one gradient times the difference from the baseline, the straight-path integral,
    /// its expectation over a baseline list, or a hidden layer's conductance, the integrals by <paramref name="options"/>'
    /// quadrature rule.
    /// </summary>
    /// <param name="form">The form of the computation.</param>
    /// <param name="model">F on tensors (for <see cref="NumericFormKind.LayerConductance"/>, a <see cref="TorchModel"/> built from a network).</param>
    /// <param name="input">x.</param>
    /// <param name="baseline">x' (unused by the gradient and by a baseline list).</param>
    /// <param name="options">The quadrature of the integrals.</param>
    /// <param name="baselines">For <see cref="NumericFormKind.ExpectationOverBaselines"/>: the baselines.</param>
    /// <param name="weights">Their weights, or null for uniform.</param>
    /// <param name="layer">For <see cref="NumericFormKind.LayerConductance"/>: the layer index; the attributions are then the
    /// neurons' conductances.</param>
    /// <exception cref="ArgumentException">A baseline list or layer the form needs is missing, or as the method it names.</exception>
    public static NumericAttribution Of(NumericForm form, TensorModel model, IReadOnlyList<double> input, IReadOnlyList<double> baseline,
        NumericIgOptions? options = null, IReadOnlyList<IReadOnlyList<double>>? baselines = null, IReadOnlyList<double>? weights = null,
        int? layer = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(model);
        switch (form.Kind)
        {
            case NumericFormKind.Gradient: return Gradient(model, input);
            case NumericFormKind.GradientTimesDelta: return GradientTimesInput(model, input, baseline);
            case NumericFormKind.StraightPathIntegral: return IntegratedGradients(model, input, baseline, options);
            case NumericFormKind.ExpectationOverBaselines:
                return ExpectedGradients(model, input, baselines ?? throw new ArgumentException("an expectation over baselines needs the baselines", nameof(baselines)),
                    weights, options);
            case NumericFormKind.LayerConductance:
                var torch = model as TorchModel ?? throw new ArgumentException("layer conductance needs a model built from a network (TorchModel.FromNetwork)", nameof(model));
                var c = LayerConductance(torch, input, baseline, layer ?? throw new ArgumentException("layer conductance needs a layer index", nameof(layer)), options);
                return new NumericAttribution(c.Method, c.Neurons, c.FInput, c.FBaseline, c.Evaluations);
            default: throw new ArgumentOutOfRangeException(nameof(form), form.Kind, "unknown numeric form");
        }
    }

    /// <summary>
    /// The exact-line counterpart of a path form, with no discretisation error: the straight-path integral by
    /// <see cref="ExactLineIntegratedGradients(TensorModel, IReadOnlyList{double}, IReadOnlyList{double}, int?, int?)"/>, its
    /// expectation over baselines by <see cref="ExactLineExpectedGradients"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The form is not a path integral or its expectation, a baseline list it needs is missing, or what exact-line IG refuses.</exception>
    public static NumericAttribution ExactLineOf(NumericForm form, TensorModel model, IReadOnlyList<double> input, IReadOnlyList<double> baseline,
        IReadOnlyList<IReadOnlyList<double>>? baselines = null, IReadOnlyList<double>? weights = null, int? maxPieces = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        return form.Kind switch
        {
            NumericFormKind.StraightPathIntegral => ExactLineIntegratedGradients(model, input, baseline, null, maxPieces),
            NumericFormKind.ExpectationOverBaselines => ExactLineExpectedGradients(model, input,
                baselines ?? throw new ArgumentException("an expectation over baselines needs the baselines", nameof(baselines)), weights, null, maxPieces),
            _ => throw new ArgumentException($"there is no exact line for the form {form.Kind}: it is not an integral along straight paths", nameof(form)),
        };
    }
}
