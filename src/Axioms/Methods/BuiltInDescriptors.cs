using Verifier.Axioms.Catalogue;
using Verifier.Axioms.Proofs;
using Verifier.Axioms.Smt;
using Verifier.PathMethods.Methods;
using Verifier.PathMethods.Paths;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;
using static Verifier.Axioms.Methods.BuiltInMethods;

namespace Verifier.Axioms.Methods;

/// <summary>
/// The registry entries of the toolkit's methods (<see cref="MethodRegistry.BuiltIn"/>), in the order of the help, the
/// matrix and the conformance suite. Each entry is the one place its method is described; adding a method takes its
/// implementation (a facade entry in PathMethods) and one entry here.
/// </summary>
internal static partial class BuiltInDescriptors
{
    /// <summary>ε of <c>lrp-epsilon</c> in the matrix.</summary>
    public static Rational LrpEpsilonDefault => new(1, 100);

    /// <summary>γ of <c>lrp-gamma</c> in the matrix.</summary>
    public static Rational LrpGammaDefault => new(1, 4);

    /// <summary>Every entry, in order.</summary>
    public static IReadOnlyList<MethodDescriptor> All { get; } =
    [
        Ig(), PathMethodDescriptor(), Shapley(), ExpectedGradients(), Gradient(), GradientTimesInput(),
        DeepLift("deeplift-rescale", revealCancel: false), DeepLift("deeplift-revealcancel", revealCancel: true),
        LrpZero(), LrpEpsilon(), LrpGamma(), LrpZPlus(), GuidedIg(), Conductance(), Patch(),
        KernelShap(), KernelShapSampled(), Lime(),
    ];

    private static MethodDescriptor Entry(string name) => All.First(d => d.Name == name);

    /// <summary>The built-in instances (<see cref="BuiltInMethods"/>), made by their entries.</summary>
    internal static class Instances
    {
        public static IAttributionMethod IntegratedGradients => Default("ig");
        public static IAttributionMethod Staircase => Entry("path").MatrixRows!()[0];
        public static IAttributionMethod NonMonotone => Entry("path").MatrixRows!()[1];
        public static IAttributionMethod ExpectedGradients => Default("eg");
        public static IAttributionMethod Shapley => Default("shapley");
        public static IAttributionMethod Gradient => Default("gradient");
        public static IAttributionMethod GradientTimesInput => Default("gradient-x-input");
        public static IAttributionMethod DeepLiftRescale => Default("deeplift-rescale");
        public static IAttributionMethod DeepLiftRevealCancel => Default("deeplift-revealcancel");
        public static IAttributionMethod LrpZero => Default("lrp-0");
        public static IAttributionMethod LrpEpsilon => Default("lrp-epsilon");
        public static IAttributionMethod LrpGamma => Default("lrp-gamma");
        public static IAttributionMethod LrpZPlus => Default("lrp-zplus");

        private static IAttributionMethod Default(string name)
        {
            var d = Entry(name);
            return d.Create!(d.Defaults, null);
        }
    }

    // The default instance, made once; with relu_grad_at_zero, the instance under that convention.
    private static Func<MethodArguments, string?, IAttributionMethod> Cached(Lazy<IAttributionMethod> instance) =>
        (args, _) => args.Convention is { } c ? ((IConventionAware)instance.Value).WithReluGradientAtZero(c.ReluGradientAtZero) : instance.Value;

    private static AttributionOutcome Result(AttributionResult r, string? pathLabel = null) => new(r, pathLabel);

    private static MethodDescriptor Ig()
    {
        MethodDescriptor d = null!;
        var instance = new Lazy<IAttributionMethod>(() => new PathMethod("ig", ReferencePath.Straight, default, d));
        return d = new MethodDescriptor
        {
            Name = "ig",
            Summary = "Integrated Gradients, the gradient integrated along the straight path from x' to x (the default)",
            Reference = "Sundararajan, Taly, Yan 2017, section 3",
            ConventionAware = true,
            Kinks = KinkScope.AlongPath,
            Ties = KinkScope.AlongPath,
            ReferencePath = ReferencePath.Straight,
            Numeric = NumericForm.StraightPathIntegral,
            Solver = new SolverQueries
            {
                RiemannSteps = new MethodParameter("steps", ParameterKind.Integer, null,
                    "K-step left Riemann IG for the completeness-gap query") { Minimum = 1, Maximum = 1000 },
            },
            MatrixRows = () => [instance.Value],
            Golden = new GoldenMembership(Functions: true, Networks: true),
            Create = Cached(instance),
            Run = q => new AttributionOutcome(Attribute.IntegratedGradients(q.F, q.Input, q.Baseline, q.Convention), "straight",
                new StraightPath(q.Baseline, q.Input)),
        };
    }

    private static MethodDescriptor PathMethodDescriptor()
    {
        MethodDescriptor d = null!;
        var rows = new Lazy<IReadOnlyList<IAttributionMethod>>(() =>
        [
            new PathMethod("path:staircase", ReferencePath.Staircase, default, d),
            new PathMethod("path:nonmonotone", ReferencePath.NonMonotoneE1, default, d),
        ]);
        return d = new MethodDescriptor
        {
            Name = "path",
            Summary = "the path method along --path (straight, staircase, polyline, curve)",
            Reference = "Lundstrom et al. 2022, section 2.1; Appendix E.1 (a non-monotone path)",
            ConventionAware = true,
            Kinks = KinkScope.AlongPath,
            Ties = KinkScope.AlongPath,
            Inputs = QueryInputs.Path,
            MatrixRows = () => rows.Value,
            Create = (args, spec) =>
            {
                ReferencePath path;
                try { path = ReferencePath.Parse(spec ?? "straight"); }
                catch (FormatException e) { throw new InputArgumentException($"bad --path '{spec}': {e.Message}"); }
                return new PathMethod("path", path, args.Convention?.ReluGradientAtZero ?? Rational.Zero, d);
            },
            Run = q =>
            {
                var spec = q.Path ?? "straight";
                AttributionPath path;
                try { path = PathParser.Parse(spec, q.Baseline, q.Input, PathCoordinates.Absolute); }
                catch (Exception e) when (e is FormatException or ArgumentException) { throw new InputArgumentException($"bad --path '{spec}': {e.Message}"); }
                var r = path is StraightPath
                    ? Attribute.IntegratedGradients(q.F, q.Input, q.Baseline, q.Convention) with { Method = "path" }
                    : Attribute.Path(q.F, path, q.Convention);
                return new AttributionOutcome(r, path.Spec, path);
            },
        };
    }

    private static MethodDescriptor Shapley()
    {
        MethodDescriptor d = null!;
        var instance = new Lazy<IAttributionMethod>(() => new DelegateMethod(d, (f, x, b, _) => Attribute.BaselineShapley(f, x, b)));
        return d = new MethodDescriptor
        {
            Name = "shapley",
            Summary = "baseline Shapley values, exactly over all 2^n coalitions (features off take x')",
            Reference = "Sundararajan, Najmi 2020 (baseline Shapley); Lundstrom et al. 2022, section 2",
            Kinks = KinkScope.Never,
            Ties = KinkScope.Never,
            Symbolic = new MethodSymbolicForm("baseline Shapley formula over all 2^n coalitions", SymbolicForm.Shapley),
            StructuralArguments = new Dictionary<string, string>
            {
                [NonDecreasingPositivity.AxiomName] = "each Shapley marginal F(z_{S∪{i}}) - F(z_S) is the change of F along an axis-parallel segment of a monotone path from x' to x, hence ≥ 0, and the weights are positive",
            },
            MatrixRows = () => [instance.Value],
            Golden = new GoldenMembership(Functions: true, Networks: true),
            Create = (_, _) => instance.Value,
            Run = q => Result(Attribute.BaselineShapley(q.F, q.Input, q.Baseline)),
        };
    }

    private static MethodDescriptor ExpectedGradients()
    {
        MethodDescriptor d = null!;
        var instance = new Lazy<IAttributionMethod>(() => new ExpectedGradientsMethod(d));
        return d = new MethodDescriptor
        {
            Name = "eg",
            Summary = "Expected Gradients, IG averaged over the finite baseline list --baselines (optional --weights)",
            Reference = "Erion et al. 2021; Lundstrom et al. 2022, section 5 (distributional IG)",
            ConventionAware = true,
            Baseline = BaselineUse.Distribution,
            Distributional = true,
            Kinks = KinkScope.AlongPath,
            Ties = KinkScope.AlongPath,
            ReferencePath = ReferencePath.Straight,
            Numeric = NumericForm.ExpectationOverBaselines,
            MatrixRows = () => [instance.Value],
            Create = Cached(instance),
            Run = q => new AttributionOutcome(
                Attribute.ExpectedGradients(q.F, q.Input, q.Baselines ?? [q.Baseline], q.Weights, q.Convention), "straight", null, q.Baselines),
        };
    }

    private static MethodDescriptor Gradient()
    {
        MethodDescriptor d = null!;
        var instance = new Lazy<IAttributionMethod>(() => new DelegateMethod(d, (f, x, _, c) => Attribute.Gradient(f, x, K(c))));
        return d = new MethodDescriptor
        {
            Name = "gradient",
            Summary = "the gradient dF/dx at x (no baseline)",
            Reference = "Simonyan, Vedaldi, Zisserman 2014 (saliency)",
            ConventionAware = true,
            Baseline = BaselineUse.None,
            Kinks = KinkScope.AtInput,
            Ties = KinkScope.AtInput,
            Symbolic = new MethodSymbolicForm("∂F/∂x_i at x",
                (f, a, _) => Enumerable.Range(1, a.Length).Select(i => SymbolicForm.At(f.Differentiate(i), a)).ToArray()),
            Numeric = NumericForm.Gradient,
            Solver = new SolverQueries { GradientSensitivity = true },
            MatrixRows = () => [instance.Value],
            Golden = new GoldenMembership(Functions: true, Networks: true),
            Create = Cached(instance),
            Run = q => Result(Attribute.Gradient(q.F, q.Input, q.Convention)),
        };
    }

    private static MethodDescriptor GradientTimesInput()
    {
        MethodDescriptor d = null!;
        var instance = new Lazy<IAttributionMethod>(() => new DelegateMethod(d, (f, x, b, c) => Attribute.GradientTimesInput(f, x, b, K(c))));
        return d = new MethodDescriptor
        {
            Name = "gradient-x-input",
            Summary = "gradient times input, (x - x') * dF/dx at x",
            Reference = "Shrikumar et al. 2016",
            ConventionAware = true,
            Kinks = KinkScope.AtInput,
            Ties = KinkScope.AtInput,
            Symbolic = new MethodSymbolicForm("(x_i - x'_i) ∂F/∂x_i at x",
                (f, a, b) => Enumerable.Range(1, a.Length).Select(i => Ex.Product(a[i - 1] - b[i - 1], SymbolicForm.At(f.Differentiate(i), a))).ToArray()),
            StructuralArguments = new Dictionary<string, string>
            {
                [NonDecreasingPositivity.AxiomName] = "(x_i - x'_i) ∂_iF(x) is the one-sided derivative of F at x along the last leg of a monotone staircase path from x' to x, hence ≥ 0 (for F differentiable at x)",
            },
            Numeric = NumericForm.GradientTimesDelta,
            Solver = new SolverQueries { GradientSensitivity = true, CompletenessGap = GapMethod.GradientTimesInput },
            MatrixRows = () => [instance.Value],
            Golden = new GoldenMembership(Functions: true, Networks: true),
            Create = Cached(instance),
            Run = q => Result(Attribute.GradientTimesInput(q.F, q.Input, q.Baseline, q.Convention)),
        };
    }

    // An argument exception's message without .NET's " (Parameter 'name')" suffix and "Actual value" line, on one line.
    private static string Plain(ArgumentException e)
    {
        var m = e.ParamName is { } p ? e.Message.Replace($" (Parameter '{p}')", "", StringComparison.Ordinal) : e.Message;
        return m.Split('\n')[0].Trim();
    }
}
