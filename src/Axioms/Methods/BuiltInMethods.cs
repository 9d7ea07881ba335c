using Verifier.PathMethods.Methods;
using Verifier.PathMethods.Paths;
using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Methods;

/// <summary>The toolkit's attribution methods as <see cref="IAttributionMethod"/>s, under their command-line names. Each is
/// made from its registry entry (<see cref="MethodRegistry.BuiltIn"/>), where the method is described.</summary>
public static class BuiltInMethods
{
    /// <summary>ε of <c>lrp-epsilon</c> in the matrix.</summary>
    public static readonly Rational LrpEpsilonDefault = BuiltInDescriptors.LrpEpsilonDefault;

    /// <summary>γ of <c>lrp-gamma</c> in the matrix.</summary>
    public static readonly Rational LrpGammaDefault = BuiltInDescriptors.LrpGammaDefault;

    /// <summary>Integrated Gradients (Sundararajan, Taly, Yan 2017): the straight-line path method.</summary>
    public static IAttributionMethod IntegratedGradients => BuiltInDescriptors.Instances.IntegratedGradients;

    /// <summary>The staircase path method moving features 1..n in turn (a monotone path method that is not symmetric).</summary>
    public static IAttributionMethod Staircase => BuiltInDescriptors.Instances.Staircase;

    /// <summary>The non-monotone path method of Lundstrom et al. 2022, Appendix E.1.</summary>
    public static IAttributionMethod NonMonotone => BuiltInDescriptors.Instances.NonMonotone;

    /// <summary>Expected Gradients (Erion et al. 2021) = distributional IG (Lundstrom et al. 2022, section 5).</summary>
    public static IAttributionMethod ExpectedGradients => BuiltInDescriptors.Instances.ExpectedGradients;

    /// <summary>Baseline Shapley (exact, 2^n evaluations of F).</summary>
    public static IAttributionMethod Shapley => BuiltInDescriptors.Instances.Shapley;

    /// <summary>The plain gradient ∇F(x) (no baseline).</summary>
    public static IAttributionMethod Gradient => BuiltInDescriptors.Instances.Gradient;

    /// <summary>Gradient times input, (x - x') ⊙ ∇F(x).</summary>
    public static IAttributionMethod GradientTimesInput => BuiltInDescriptors.Instances.GradientTimesInput;

    /// <summary>DeepLIFT with the Rescale rule (on expressions, node by node; on networks, layer by layer).</summary>
    public static IAttributionMethod DeepLiftRescale => BuiltInDescriptors.Instances.DeepLiftRescale;

    /// <summary>DeepLIFT with the RevealCancel rule (networks).</summary>
    public static IAttributionMethod DeepLiftRevealCancel => BuiltInDescriptors.Instances.DeepLiftRevealCancel;

    /// <summary>LRP-0 (networks; the baseline is 0).</summary>
    public static IAttributionMethod LrpZero => BuiltInDescriptors.Instances.LrpZero;

    /// <summary>LRP-ε with ε = <see cref="LrpEpsilonDefault"/>.</summary>
    public static IAttributionMethod LrpEpsilon => BuiltInDescriptors.Instances.LrpEpsilon;

    /// <summary>LRP-γ with γ = <see cref="LrpGammaDefault"/>.</summary>
    public static IAttributionMethod LrpGamma => BuiltInDescriptors.Instances.LrpGamma;

    /// <summary>LRP-z+ (networks).</summary>
    public static IAttributionMethod LrpZPlus => BuiltInDescriptors.Instances.LrpZPlus;

    /// <summary>Every built-in method, in the matrix's row order (<see cref="MethodRegistry.MatrixMethods"/>).</summary>
    public static IReadOnlyList<IAttributionMethod> All => AllRows.Value;

    private static readonly Lazy<IReadOnlyList<IAttributionMethod>> AllRows = new(() => MethodRegistry.BuiltIn.MatrixMethods);

    /// <summary>The method of a command-line name (<see cref="MethodRegistry.Method(string, string?, IReadOnlyDictionary{string, Rational})"/>
    /// of the built-in registry): a method or matrix row name, <c>path</c> with a <paramref name="pathSpec"/> (reference
    /// coordinates, see <see cref="ReferencePath"/>), and the method's parameters.</summary>
    /// <exception cref="ArgumentException">Unknown name, or a path or parameter the method does not take (an
    /// <see cref="InputArgumentException"/>).</exception>
    public static IAttributionMethod Get(string name, string? pathSpec = null, IReadOnlyDictionary<string, Rational>? parameters = null) =>
        MethodRegistry.BuiltIn.Method(name, pathSpec, parameters ?? new Dictionary<string, Rational>());

    /// <summary>Guided Integrated Gradients (Kapishnikov et al. 2021): a path method whose path depends on F (not in the
    /// matrix: checked on demand, e.g. <c>verifier check --method guided-ig</c>).</summary>
    /// <exception cref="ArgumentException">A parameter out of range (an <see cref="InputArgumentException"/>).</exception>
    public static IAttributionMethod GuidedIg(int steps = 128, Rational? fraction = null, Rational? maxDistance = null)
    {
        var values = new Dictionary<string, Rational> { ["steps"] = steps };
        if (fraction is { } fr) values["fraction"] = fr;
        if (maxDistance is { } md) values["max_dist"] = md;
        return Get("guided-ig", null, values);
    }

    internal static KinkConvention? K(Rational c) => c.IsZero ? null : new KinkConvention { ReluGradientAtZero = c };

    /// <summary>A path method A^γ for a reference path.</summary>
    /// <param name="name">The method's name.</param>
    /// <param name="path">The reference path.</param>
    /// <param name="reluGradientAtZero">relu'(0).</param>
    /// <param name="descriptor">The registry entry it was made from, or null for a path method of the caller's own.</param>
    public sealed class PathMethod(string name, ReferencePath path, Rational reluGradientAtZero = default, MethodDescriptor? descriptor = null)
        : IPathAttributionMethod, IConventionAware, IDescribedMethod
    {
        /// <inheritdoc />
        public string Name { get; } = name;

        /// <inheritdoc />
        public MethodTraits Traits => MethodTraits.Any;

        /// <inheritdoc />
        public ReferencePath ReferencePath { get; } = path;

        /// <inheritdoc />
        public Rational ReluGradientAtZero => reluGradientAtZero;

        /// <inheritdoc />
        public MethodDescriptor? Descriptor => descriptor;

        /// <inheritdoc />
        public IAttributionMethod WithReluGradientAtZero(Rational value) => new PathMethod(Name, ReferencePath, value, descriptor);

        /// <inheritdoc />
        public AttributionResult Attribute(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline)
        {
            ArgumentNullException.ThrowIfNull(f);
            var k = K(reluGradientAtZero);
            if (ReferencePath == ReferencePath.Straight) return PathMethods.Methods.Attribute.IntegratedGradients(f, input, baseline, k);
            return PathMethods.Methods.Attribute.Path(f, ReferencePath.For(baseline, input), k);
        }

        /// <inheritdoc />
        public override string ToString() => $"{Name} ({ReferencePath.Spec})";
    }

    /// <summary>Expected Gradients as a distributional path method.</summary>
    internal sealed class ExpectedGradientsMethod(MethodDescriptor descriptor, Rational reluGradientAtZero = default)
        : IDistributionalAttributionMethod, IPathAttributionMethod, IConventionAware, IDescribedMethod
    {
        public string Name => descriptor.Name;
        public MethodTraits Traits => descriptor.Traits;
        public ReferencePath ReferencePath => ReferencePath.Straight;
        public Rational ReluGradientAtZero => reluGradientAtZero;
        public MethodDescriptor Descriptor => descriptor;

        public IAttributionMethod WithReluGradientAtZero(Rational value) => new ExpectedGradientsMethod(descriptor, value);

        public AttributionResult Attribute(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline) =>
            Attribute(f, input, BaselineDistribution.Dirac(baseline));

        public AttributionResult Attribute(Subject f, IReadOnlyList<Rational> input, BaselineDistribution baselines)
        {
            ArgumentNullException.ThrowIfNull(f);
            ArgumentNullException.ThrowIfNull(baselines);
            return PathMethods.Methods.Attribute.ExpectedGradients(f, input, baselines.Points, baselines.Weights, K(reluGradientAtZero));
        }

        public override string ToString() => Name;
    }

    /// <summary>A method given by a function of (F, x, x', relu'(0)), with its descriptor's name and traits.</summary>
    internal sealed class DelegateMethod(
        MethodDescriptor descriptor,
        Func<Subject, IReadOnlyList<Rational>, IReadOnlyList<Rational>, Rational, AttributionResult> attribute,
        Rational reluGradientAtZero = default) : IAttributionMethod, IConventionAware, IDescribedMethod
    {
        public string Name => descriptor.Name;
        public MethodTraits Traits => descriptor.Traits;
        public MethodDescriptor Descriptor => descriptor;

        // Methods that take no kink convention (Shapley uses values only; LRP's rules use activations) return themselves from
        // WithReluGradientAtZero, which the axiom checks read as "uses no convention".
        public Rational ReluGradientAtZero => reluGradientAtZero;

        public IAttributionMethod WithReluGradientAtZero(Rational value) =>
            descriptor.ConventionAware ? new DelegateMethod(descriptor, attribute, value) : this;

        public AttributionResult Attribute(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline)
        {
            ArgumentNullException.ThrowIfNull(f);
            return attribute(f, input, baseline, reluGradientAtZero);
        }

        public override string ToString() => Name;
    }
}
