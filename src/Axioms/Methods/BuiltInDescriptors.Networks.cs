using Verifier.PathMethods.Methods;
using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;
using static Verifier.Axioms.Methods.BuiltInMethods;

namespace Verifier.Axioms.Methods;

/// <summary>The entries of the propagation methods (DeepLIFT, LRP), guided IG, and the layer methods (conductance, patch).</summary>
internal static partial class BuiltInDescriptors
{
    /// <summary>The <c>maxpool</c> parameter of DeepLIFT: the peer convention at max-pool layers (a property, not a field:
    /// <see cref="All"/> is built while the static fields are initialised).</summary>
    internal static MethodParameter DeepLiftMaxPoolParameter => MethodParameter.Choice("maxpool", ["shapley", "argmax"],
        "the rule at max-pool layers: shapley (the group's change split by the inputs' Shapley values, exact summation-to-delta) "
        + "or argmax (Captum's routing: max(y, y') - y' to the first maximal input at x, y - max(y, y') to the one at x')");

    private static DeepLiftMaxPool DeepLiftMaxPoolOf(MethodArguments args) =>
        args.GetChoice("maxpool") == "argmax" ? DeepLiftMaxPool.Argmax : DeepLiftMaxPool.Shapley;

    private static MethodDescriptor DeepLift(string name, bool revealCancel)
    {
        MethodDescriptor d = null!;
        Func<Subject, IReadOnlyList<Rational>, IReadOnlyList<Rational>, KinkConvention?, DeepLiftMaxPool, AttributionResult> rule =
            revealCancel ? Attribute.DeepLiftRevealCancel : Attribute.DeepLiftRescale;
        IAttributionMethod Make(DeepLiftMaxPool maxPool) => new DelegateMethod(d, (f, x, b, c) => rule(f, x, b, K(c), maxPool));
        var instance = new Lazy<IAttributionMethod>(() => Make(DeepLiftMaxPool.Shapley));
        return d = new MethodDescriptor
        {
            Name = name,
            Summary = revealCancel
                ? "DeepLIFT with the RevealCancel rule, layer by layer (networks)"
                : "DeepLIFT with the Rescale rule (expressions node by node, networks layer by layer)",
            Reference = "Shrikumar, Greenside, Kundaje 2017, section 3.5",
            ConventionAware = true,
            OwnParameters = [DeepLiftMaxPoolParameter],
            Accepts = revealCancel ? MethodTraits.Networks : MethodTraits.Any,
            Kinks = KinkScope.AtInputAndBaseline,
            Ties = KinkScope.AtInputAndBaseline,
            MatrixRows = () => [instance.Value],
            Golden = revealCancel ? null : new GoldenMembership(Functions: false, Networks: true),
            Create = (args, _) =>
            {
                var maxPool = DeepLiftMaxPoolOf(args);
                var method = maxPool == DeepLiftMaxPool.Shapley ? instance.Value : Make(maxPool);
                return args.Convention is { } c ? ((IConventionAware)method).WithReluGradientAtZero(c.ReluGradientAtZero) : method;
            },
            Run = q => Result(rule(q.F, q.Input, q.Baseline, q.Convention, DeepLiftMaxPoolOf(q.Arguments))),
        };
    }

    /// <summary>The <c>maxpool</c> parameter of LRP: the peer convention at max-pool layers.</summary>
    internal static MethodParameter LrpMaxPoolParameter => MethodParameter.Choice("maxpool", ["winner", "epsilon"],
        "the rule at max-pool layers: winner (the first maximal input takes the group's relevance) or epsilon "
        + "(Captum's EpsilonRule on the max: a R / (a + epsilon sign(a)), with the method's epsilon, 0 for the other rules)");

    private static LrpMaxPool LrpMaxPoolOf(MethodArguments args) =>
        args.GetChoice("maxpool") == "epsilon" ? LrpMaxPool.Epsilon : LrpMaxPool.WinnerTakesAll;

    // The LRP rules: relevance redistributed layer by layer from F(x); defined for x' = 0, on networks.
    private static MethodDescriptor Lrp(string name, string summary, MethodParameter? parameter,
        Func<Subject, IReadOnlyList<Rational>, Rational, LrpMaxPool, AttributionResult> rule, GoldenMembership? golden = null, bool maxPoolRule = true)
    {
        MethodParameter[] own = [.. parameter is null ? [] : new[] { parameter }, .. maxPoolRule ? new[] { LrpMaxPoolParameter } : []];
        MethodDescriptor d = null!;
        var instance = new Lazy<IAttributionMethod>(() => Make(parameter?.Default ?? Rational.Zero, LrpMaxPool.WinnerTakesAll));
        IAttributionMethod Make(Rational value, LrpMaxPool maxPool) => new DelegateMethod(d, (f, x, _, _) => rule(f, x, value, maxPool));
        return d = new MethodDescriptor
        {
            Name = name,
            Summary = summary,
            Reference = "Bach et al. 2015; Montavon et al. 2019, section 10.2",
            OwnParameters = own,
            Accepts = MethodTraits.Networks,
            Baseline = BaselineUse.ZeroOnly,
            Kinks = KinkScope.ZeroDenominators,
            Ties = KinkScope.AtInput,
            MatrixRows = () => [instance.Value],
            Golden = golden,
            Create = (args, _) =>
            {
                bool own = parameter is not null && args.Values.ContainsKey(parameter.Name);
                var maxPool = maxPoolRule ? LrpMaxPoolOf(args) : LrpMaxPool.WinnerTakesAll;
                return !own && maxPool == LrpMaxPool.WinnerTakesAll ? instance.Value
                    : Make(parameter is null ? Rational.Zero : args.Get(parameter.Name), maxPool);
            },
            Run = q => Result(rule(q.F, q.Input, parameter is null ? Rational.Zero : q.Arguments.Get(parameter.Name),
                maxPoolRule ? LrpMaxPoolOf(q.Arguments) : LrpMaxPool.WinnerTakesAll)),
        };
    }

    private static MethodDescriptor LrpZero() =>
        Lrp("lrp-0", "LRP-0, relevance in proportion to z_ij (networks, x' = 0)", null, (f, x, _, m) => Attribute.LrpZero(f, x, m),
            new GoldenMembership(Functions: false, Networks: true));

    private static MethodDescriptor LrpEpsilon() =>
        Lrp("lrp-epsilon", "LRP-epsilon, epsilon added to every denominator (networks, x' = 0)",
            new MethodParameter("epsilon", ParameterKind.Number, LrpEpsilonDefault,
                "the stabiliser added to each denominator; no standard value, so attribute needs it (the matrix uses 1/100)")
            { Minimum = Rational.Zero, RequiredInQueries = true },
            Attribute.LrpEpsilon,
            new GoldenMembership(Functions: false, Networks: true) { Parameters = [new("epsilon", "1/100")] });

    private static MethodDescriptor LrpGamma() =>
        Lrp("lrp-gamma", "LRP-gamma, positive weights favoured by gamma (networks, x' = 0)",
            new MethodParameter("gamma", ParameterKind.Number, LrpGammaDefault,
                "the weight of the positive contributions; no standard value, so attribute needs it (the matrix uses 1/4)")
            { Minimum = Rational.Zero, RequiredInQueries = true },
            (f, x, g, _) => Attribute.LrpGamma(f, x, g), maxPoolRule: false);

    private static MethodDescriptor LrpZPlus() =>
        Lrp("lrp-zplus", "LRP-z+, positive contributions only (networks, x' = 0)", null, (f, x, _, _) => Attribute.LrpZPlus(f, x), maxPoolRule: false);

    private static MethodDescriptor GuidedIg()
    {
        MethodDescriptor d = null!;
        return d = new MethodDescriptor
        {
            Name = "guided-ig",
            Summary = "Guided Integrated Gradients, a path chosen step by step from the gradient (not a matrix row)",
            Reference = "Kapishnikov et al. 2021, Algorithm 1",
            ConventionAware = true,
            OwnParameters =
            [
                new MethodParameter("steps", ParameterKind.Integer, 128, "K, the number of steps") { Minimum = 1, Maximum = 100_000 },
                new MethodParameter("fraction", ParameterKind.Number, new Rational(1, 10),
                    "p, the fraction of features moved per step") { Minimum = Rational.Zero, MinimumExcluded = true, Maximum = Rational.One },
                new MethodParameter("max_dist", ParameterKind.Number, Rational.One,
                    "the anchor bound on a feature's progress, 1 for none") { Minimum = Rational.Zero, Maximum = Rational.One },
            ],
            Kinks = KinkScope.AlongPath,
            Ties = KinkScope.AlongPath,
            Create = (args, _) =>
            {
                int steps = args.GetInt("steps");
                Rational fraction = args.Get("fraction"), maxDistance = args.Get("max_dist");
                var method = new DelegateMethod(d, (f, x, b, c) => Attribute.GuidedIntegratedGradients(f, x, b, steps, fraction, maxDistance, K(c)).Attribution);
                return args.Convention is { } c ? method.WithReluGradientAtZero(c.ReluGradientAtZero) : method;
            },
            Run = q =>
            {
                var a = q.Arguments;
                var g = Attribute.GuidedIntegratedGradients(q.F, q.Input, q.Baseline, a.GetInt("steps"), a.Get("fraction"), a.Get("max_dist"), q.Convention);
                return new AttributionOutcome(g.Attribution, "guided", null, null, g.Waypoints.Count);
            },
        };
    }

    private static MethodDescriptor Conductance() => new()
    {
        Name = "conductance",
        Summary = "conductance of the neurons of hidden layer --layer L (optional --neuron J), along the straight path (networks)",
        Reference = "Dhamdhere, Sundararajan, Yan 2018; Lundstrom et al. 2022, section 6",
        ConventionAware = true,
        Accepts = MethodTraits.Networks,
        Kinks = KinkScope.AlongPath,
        Ties = KinkScope.AlongPath,
        Inputs = QueryInputs.Layer | QueryInputs.Neuron,
        Numeric = NumericForm.LayerConductance,
        Run = q =>
        {
            if (q.Layer is not { } layer) throw new InputArgumentException("method 'conductance' needs --layer L");
            try
            {
                if (q.Neuron is not { } neuron)
                    return new LayerOutcome("conductance", Attribute.Conductance(q.F, q.Input, q.Baseline, layer, q.Convention), "straight");
                return new AttributionOutcome(Attribute.NeuronConductance(q.F, q.Input, q.Baseline, layer, neuron, q.Convention), "straight");
            }
            catch (ArgumentOutOfRangeException e) { throw new InputArgumentException(Plain(e)); }
        },
    };

    private static MethodDescriptor Patch() => new()
    {
        Name = "patch",
        Summary = "the attribution of input patch --patch S to neuron --neuron J of layer --layer L, exactly and by the paper's "
            + "speedup with --param steps terms (networks)",
        Reference = "Lundstrom et al. 2022, section 6.2, eq. 7",
        OwnParameters = [new MethodParameter("steps", ParameterKind.Integer, 16, "N, the terms of the speedup") { Minimum = 1, Maximum = 100_000 }],
        Accepts = MethodTraits.Networks,
        Kinks = KinkScope.AlongPath,
        Ties = KinkScope.AlongPath,
        Inputs = QueryInputs.Layer | QueryInputs.Neuron | QueryInputs.Patch,
        Run = q =>
        {
            if (q.Layer is not { } layer) throw new InputArgumentException("method 'patch' needs --layer L");
            if (q.Neuron is not { } neuron) throw new InputArgumentException("method 'patch' needs --neuron J");
            if (q.Patch is not { } patch) throw new InputArgumentException("method 'patch' needs --patch i,j,... (1-based features)");
            try { return new PatchOutcome("patch", Attribute.PatchNeuron(q.F, q.Input, q.Baseline, [.. patch.Select(i => i - 1)], layer, neuron, q.Arguments.GetInt("steps"))); }
            catch (ArgumentOutOfRangeException e) { throw new InputArgumentException(Plain(e)); }
        },
    };
}
