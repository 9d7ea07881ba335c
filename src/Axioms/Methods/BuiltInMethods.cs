using Verifier.PathMethods.Methods;
using Verifier.PathMethods.Paths;
using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Methods;

/// <summary>The toolkit's attribution methods as <see cref="IAttributionMethod"/>s, under their command-line names.</summary>
public static class BuiltInMethods
{
    /// <summary>ε of <c>lrp-epsilon</c> in the matrix.</summary>
    public static readonly Rational LrpEpsilonDefault = new(1, 100);

    /// <summary>γ of <c>lrp-gamma</c> in the matrix.</summary>
    public static readonly Rational LrpGammaDefault = new(1, 4);

    /// <summary>Integrated Gradients (Sundararajan, Taly, Yan 2017): the straight-line path method.</summary>
    public static IAttributionMethod IntegratedGradients { get; } = new PathMethod("ig", ReferencePath.Straight);

    /// <summary>The staircase path method moving features 1..n in turn (a monotone path method that is not symmetric).</summary>
    public static IAttributionMethod Staircase { get; } = new PathMethod("path:staircase", ReferencePath.Staircase);

    /// <summary>The non-monotone path method of Lundstrom et al. 2022, Appendix E.1.</summary>
    public static IAttributionMethod NonMonotone { get; } = new PathMethod("path:nonmonotone", ReferencePath.NonMonotoneE1);

    /// <summary>Expected Gradients (Erion et al. 2021) = distributional IG (Lundstrom et al. 2022, section 5).</summary>
    public static IAttributionMethod ExpectedGradients { get; } = new ExpectedGradientsMethod();

    /// <summary>Baseline Shapley (exact, 2^n evaluations of F).</summary>
    public static IAttributionMethod Shapley { get; } = new DelegateMethod("shapley", MethodTraits.Any,
        (f, x, b, _) => Attribute.BaselineShapley(f, x, b), conventionAware: false);

    /// <summary>The plain gradient ∇F(x) (no baseline).</summary>
    public static IAttributionMethod Gradient { get; } = new DelegateMethod("gradient", MethodTraits.Any,
        (f, x, _, c) => Attribute.Gradient(f, x, K(c)));

    /// <summary>Gradient times input, (x - x') ⊙ ∇F(x).</summary>
    public static IAttributionMethod GradientTimesInput { get; } = new DelegateMethod("gradient-x-input", MethodTraits.Any,
        (f, x, b, c) => Attribute.GradientTimesInput(f, x, b, K(c)));

    /// <summary>DeepLIFT with the Rescale rule (on expressions, node by node; on networks, layer by layer).</summary>
    public static IAttributionMethod DeepLiftRescale { get; } = new DelegateMethod("deeplift-rescale", MethodTraits.Any,
        (f, x, b, c) => Attribute.DeepLiftRescale(f, x, b, K(c)));

    /// <summary>DeepLIFT with the RevealCancel rule (networks).</summary>
    public static IAttributionMethod DeepLiftRevealCancel { get; } = new DelegateMethod("deeplift-revealcancel", MethodTraits.Networks,
        (f, x, b, c) => Attribute.DeepLiftRevealCancel(f, x, b, K(c)));

    /// <summary>LRP-0 (networks; the baseline is 0).</summary>
    public static IAttributionMethod LrpZero { get; } = new DelegateMethod("lrp-0", MethodTraits.Networks | MethodTraits.ZeroBaselineOnly,
        (f, x, _, _) => Attribute.LrpZero(f, x), conventionAware: false);

    /// <summary>LRP-ε with ε = <see cref="LrpEpsilonDefault"/>.</summary>
    public static IAttributionMethod LrpEpsilon { get; } = new DelegateMethod("lrp-epsilon", MethodTraits.Networks | MethodTraits.ZeroBaselineOnly,
        (f, x, _, _) => Attribute.LrpEpsilon(f, x, LrpEpsilonDefault), conventionAware: false);

    /// <summary>LRP-γ with γ = <see cref="LrpGammaDefault"/>.</summary>
    public static IAttributionMethod LrpGamma { get; } = new DelegateMethod("lrp-gamma", MethodTraits.Networks | MethodTraits.ZeroBaselineOnly,
        (f, x, _, _) => Attribute.LrpGamma(f, x, LrpGammaDefault), conventionAware: false);

    /// <summary>LRP-z+ (networks).</summary>
    public static IAttributionMethod LrpZPlus { get; } = new DelegateMethod("lrp-zplus", MethodTraits.Networks | MethodTraits.ZeroBaselineOnly,
        (f, x, _, _) => Attribute.LrpZPlus(f, x), conventionAware: false);

    private static KinkConvention? K(Rational c) => c.IsZero ? null : new KinkConvention { ReluGradientAtZero = c };

    /// <summary>Every built-in method, in the matrix's row order.</summary>
    public static IReadOnlyList<IAttributionMethod> All { get; } =
    [
        IntegratedGradients, Staircase, NonMonotone, Shapley, ExpectedGradients, Gradient, GradientTimesInput,
        DeepLiftRescale, DeepLiftRevealCancel, LrpZero, LrpEpsilon, LrpGamma, LrpZPlus,
    ];

    /// <summary>The method of a command-line name: a name from <see cref="All"/>, <c>path</c> with a
    /// <paramref name="pathSpec"/> (reference coordinates, see <see cref="ReferencePath"/>), and parameters
    /// <c>epsilon</c>/<c>gamma</c> for the LRP rules.</summary>
    /// <exception cref="ArgumentException">Unknown name, or a path or parameter the method does not take.</exception>
    public static IAttributionMethod Get(string name, string? pathSpec = null, IReadOnlyDictionary<string, Rational>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        parameters ??= new Dictionary<string, Rational>();
        void NoParams(params string[] allowed)
        {
            foreach (var p in parameters.Keys)
                if (!allowed.Contains(p))
                    throw new ArgumentException(allowed.Length == 0 ? $"method '{name}' takes no parameters, got '{p}'"
                        : $"unknown parameter '{p}' for method '{name}'; known: {string.Join(", ", allowed)}");
        }
        if (name == "path")
        {
            NoParams();
            var reference = ReferencePath.Parse(pathSpec ?? "straight");
            return new PathMethod("path", reference);
        }
        if (pathSpec is not null && pathSpec.Trim() != "straight")
            throw new ArgumentException($"--path is used by method 'path' only, not by '{name}'");
        switch (name)
        {
            case "lrp-epsilon":
                NoParams("epsilon");
                if (parameters.TryGetValue("epsilon", out var eps))
                    return new DelegateMethod(name, LrpEpsilon.Traits, (f, x, _, _) => Attribute.LrpEpsilon(f, x, eps), conventionAware: false);
                return LrpEpsilon;
            case "guided-ig":
                NoParams("steps", "fraction", "max_dist");
                int steps = parameters.TryGetValue("steps", out var k) ? (k.IsInteger && k >= Rational.One && k <= new Rational(100_000) ? (int)k.Numerator
                    : throw new ArgumentException($"bad parameter steps: an integer in [1, 100000] is needed, got {k}")) : 128;
                var fraction = parameters.TryGetValue("fraction", out var fr) ? fr : new Rational(1, 10);
                var maxDist = parameters.TryGetValue("max_dist", out var md) ? md : Rational.One;
                return GuidedIg(steps, fraction, maxDist);
            case "lrp-gamma":
                NoParams("gamma");
                if (parameters.TryGetValue("gamma", out var g))
                    return new DelegateMethod(name, LrpGamma.Traits, (f, x, _, _) => Attribute.LrpGamma(f, x, g), conventionAware: false);
                return LrpGamma;
        }
        NoParams();
        return All.FirstOrDefault(m => m.Name == name)
            ?? throw new ArgumentException($"unknown method '{name}'; expected one of path, {string.Join(", ", All.Select(m => m.Name))}, guided-ig");
    }

    /// <summary>Guided Integrated Gradients (Kapishnikov et al. 2021): a path method whose path depends on F (not in the
    /// matrix: checked on demand, e.g. <c>verifier check --method guided-ig</c>).</summary>
    public static IAttributionMethod GuidedIg(int steps = 128, Rational? fraction = null, Rational? maxDistance = null)
    {
        var fr = fraction ?? new Rational(1, 10);
        var md = maxDistance ?? Rational.One;
        return new DelegateMethod("guided-ig", MethodTraits.Any,
            (f, x, b, c) => Attribute.GuidedIntegratedGradients(f, x, b, steps, fr, md, K(c)).Attribution);
    }

    /// <summary>A path method A^γ for a reference path.</summary>
    public sealed class PathMethod(string name, ReferencePath path, Rational reluGradientAtZero = default) : IPathAttributionMethod, IConventionAware
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
        public IAttributionMethod WithReluGradientAtZero(Rational value) => new PathMethod(Name, ReferencePath, value);

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

    private sealed class ExpectedGradientsMethod(Rational reluGradientAtZero = default) : IDistributionalAttributionMethod, IPathAttributionMethod, IConventionAware
    {
        public string Name => "eg";
        public MethodTraits Traits => MethodTraits.Any;
        public ReferencePath ReferencePath => ReferencePath.Straight;
        public Rational ReluGradientAtZero => reluGradientAtZero;

        public IAttributionMethod WithReluGradientAtZero(Rational value) => new ExpectedGradientsMethod(value);

        public AttributionResult Attribute(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline) =>
            Attribute(f, input, BaselineDistribution.Dirac(baseline));

        public AttributionResult Attribute(Subject f, IReadOnlyList<Rational> input, BaselineDistribution baselines)
        {
            ArgumentNullException.ThrowIfNull(f);
            ArgumentNullException.ThrowIfNull(baselines);
            return PathMethods.Methods.Attribute.ExpectedGradients(f, input, baselines.Points, baselines.Weights, K(reluGradientAtZero));
        }
    }

    private sealed class DelegateMethod(
        string name,
        MethodTraits traits,
        Func<Subject, IReadOnlyList<Rational>, IReadOnlyList<Rational>, Rational, AttributionResult> attribute,
        bool conventionAware = true,
        Rational reluGradientAtZero = default) : IAttributionMethod, IConventionAware
    {
        public string Name => name;
        public MethodTraits Traits => traits;

        // Methods that take no kink convention (Shapley uses values only; LRP's rules use activations) report themselves
        // as convention-free by returning null from WithReluGradientAtZero.
        public Rational ReluGradientAtZero => reluGradientAtZero;

        public IAttributionMethod? WithReluGradientAtZero(Rational value) =>
            conventionAware ? new DelegateMethod(name, traits, attribute, true, value) : null;

        IAttributionMethod IConventionAware.WithReluGradientAtZero(Rational value) =>
            WithReluGradientAtZero(value) ?? this;

        public AttributionResult Attribute(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline)
        {
            ArgumentNullException.ThrowIfNull(f);
            return attribute(f, input, baseline, reluGradientAtZero);
        }

        public override string ToString() => name;
    }
}
