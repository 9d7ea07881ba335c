using Verifier.Axioms.Proofs;
using Verifier.PathMethods.Methods;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;
using static Verifier.Axioms.Methods.BuiltInMethods;

namespace Verifier.Axioms.Methods;

/// <summary>The entries of the surrogate-model methods: KernelSHAP (exact and sampled) and LIME (seed 002).</summary>
internal static partial class BuiltInDescriptors
{
    // Built on each use: static initialisers of partial classes run in an unspecified file order, and All reads this.
    private static MethodParameter SeedParameter =>
        new("seed", ParameterKind.Integer, 0, "the seed of the sample (one System.Random, integer draws only)") { Minimum = 0, Maximum = int.MaxValue };

    // v(S) = F(z_S) on symbols: z_S = a on S, b elsewhere.
    private static Expr Corner(Expr f, Expr[] a, Expr[] b, int mask) =>
        SymbolicForm.At(f, [.. Enumerable.Range(0, a.Length).Select(j => (mask >> j & 1) == 1 ? a[j] : b[j])]);

    private static MethodDescriptor KernelShap()
    {
        MethodDescriptor d = null!;
        var instance = new Lazy<IAttributionMethod>(() => new DelegateMethod(d, (f, x, b, _) => Attribute.KernelShap(f, x, b)));
        return d = new MethodDescriptor
        {
            Name = "kernelshap",
            Summary = "KernelSHAP exactly: the Shapley-kernel weighted regression over all 2^n coalitions (features off take x'), "
                + "phi_0 = F(x') and the sum imposed; equals baseline Shapley",
            Reference = "Lundberg, Lee 2017, section 4.1 and Theorem 2",
            Kinks = KinkScope.Never,
            Ties = KinkScope.Never,
            Symbolic = new MethodSymbolicForm("KernelSHAP's constrained regression over all 2^n coalitions, a fixed rational combination of the F(z_S)",
                (f, a, b) => Attribute.KernelShapCombination(a.Length, mask => Corner(f, a, b, mask))),
            MatrixRows = () => [instance.Value],
            Golden = new GoldenMembership(Functions: true, Networks: true) { Appended = true },
            Create = (_, _) => instance.Value,
            Run = q =>
            {
                var r = Attribute.KernelShap(q.F, q.Input, q.Baseline);
                return new AttributionOutcome(r, null) { Reported = [ReportedValue.Scalar("intercept", r.FBaseline)] };
            },
        };
    }

    private static MethodDescriptor KernelShapSampled()
    {
        MethodDescriptor d = null!;
        var instance = new Lazy<IAttributionMethod>(() => Make(null, 0, true));
        // an instance with other parameters carries its own symbolic form (the proofs must see its sample)
        IAttributionMethod Make(int? samples, int seed, bool paired) =>
            new DelegateMethod(samples is null && seed == 0 && paired ? d : d with { Symbolic = SampledForm(samples, seed, paired) },
                (f, x, b, _) => Attribute.KernelShapSampled(f, x, b, samples ?? AutoSamples(x.Count), seed, paired).Attribution);
        (int? Samples, int Seed, bool Paired) Read(MethodArguments args) =>
            (args.Values.TryGetValue("samples", out var s) ? (int)s.Numerator : null, args.GetInt("seed"), args.GetInt("paired") == 1);
        return d = new MethodDescriptor
        {
            Name = "kernelshap-sampled",
            Summary = "KernelSHAP on a seeded sample of coalitions drawn by size with the Shapley kernel (--param samples, seed, paired), "
                + "the same constrained regression, exactly; reports its exact error against Shapley",
            Reference = "Lundberg, Lee 2017, section 4.1; SHAP's KernelExplainer, Captum's KernelShap",
            OwnParameters =
            [
                new MethodParameter("samples", ParameterKind.Integer, null,
                    "the number of coalitions drawn (a pair counts twice); default 2n + 2048, SHAP's nsamples='auto'") { Minimum = 1, Maximum = 1_000_000 },
                SeedParameter,
                new MethodParameter("paired", ParameterKind.Integer, 1,
                    "1: each drawn coalition is followed by its complement (SHAP's pairing); 0: independent draws (Captum's)") { Minimum = 0, Maximum = 1 },
            ],
            Kinks = KinkScope.Never,
            Ties = KinkScope.Never,
            Symbolic = SampledForm(null, 0, true),
            MatrixRows = () => [instance.Value],
            Golden = new GoldenMembership(Functions: true, Networks: true) { Appended = true, Parameters = [new("samples", "32"), new("seed", "1")] },
            Create = (args, _) => args.IsEmpty ? instance.Value : Make(Read(args).Samples, Read(args).Seed, Read(args).Paired),
            Run = q =>
            {
                var (samples, seed, paired) = Read(q.Arguments);
                var fit = Attribute.KernelShapSampled(q.F, q.Input, q.Baseline, samples ?? AutoSamples(q.Input.Count), seed, paired);
                var reported = new List<ReportedValue> { ReportedValue.Scalar("intercept", fit.Intercept) };
                if (q.Input.Count <= Attribute.MaxShapleyFeatures)
                {
                    var shapley = Attribute.BaselineShapley(q.F, q.Input, q.Baseline).Attributions;
                    reported.Add(ReportedValue.Vector("shapley_error",
                        [.. fit.Attribution.Attributions.Zip(shapley, (s, e) => ExactResult.Add(s, e.Negate()))]));
                }
                return new AttributionOutcome(fit.Attribution, null) { Reported = reported };
            },
        };
    }

    private static MethodSymbolicForm SampledForm(int? samples, int seed, bool paired) =>
        new($"KernelSHAP's constrained regression on the seeded sample ({(samples is { } s ? $"{s}" : "2n + 2048")} draws, seed {seed}"
            + $"{(paired ? ", paired" : "")}), a fixed rational combination of the F(z_S)",
            (f, a, b) => Attribute.KernelShapSampledCombination(a.Length, samples ?? AutoSamples(a.Length), seed, paired, mask => Corner(f, a, b, mask)));

    // SHAP's nsamples = 'auto': 2 M + 2^11.
    private static int AutoSamples(int n) => 2 * n + 2048;

    private static MethodDescriptor Lime()
    {
        MethodDescriptor d = null!;
        var instance = new Lazy<IAttributionMethod>(() => Make(LimeOptions.Default));
        // an instance with other parameters carries its own symbolic form (the proofs must see its sample and kernel)
        IAttributionMethod Make(LimeOptions options) =>
            new DelegateMethod(options == LimeOptions.Default ? d : d with { Symbolic = LimeForm(options) }, (f, x, b, _) => Attribute.Lime(f, x, b, options).Attribution);
        static LimeOptions Read(MethodArguments args) => new(args.GetInt("samples"), args.GetInt("seed"),
            args.Values.TryGetValue("width", out var w) ? w : null, args.Get("ridge"));
        return d = new MethodDescriptor
        {
            Name = "lime",
            Summary = "LIME exactly on a seeded sample of binary perturbations (off features take x'): exponential kernel on the number of "
                + "features off, weighted ridge regression; closed forms in q = exp(-1/(2 width^2)) (--param samples, seed, width, ridge)",
            Reference = "Ribeiro, Singh, Guestrin 2016, section 3; the lime package's defaults",
            OwnParameters =
            [
                new MethodParameter("samples", ParameterKind.Integer, 5000,
                    "the number of perturbations, the instance itself included (lime's num_samples)") { Minimum = 1, Maximum = 1_000_000 },
                SeedParameter,
                new MethodParameter("width", ParameterKind.Number, null,
                    "the kernel width w of exp(-d^2 / (2 w^2)); default 0.75 sqrt(n), lime's") { Minimum = Rational.Zero, MinimumExcluded = true },
                new MethodParameter("ridge", ParameterKind.Number, Rational.One,
                    "the ridge penalty on the coefficients (lime's Ridge(alpha=1)); 0 for plain weighted least squares") { Minimum = Rational.Zero },
            ],
            Kinks = KinkScope.Never,
            Ties = KinkScope.Never,
            Symbolic = LimeForm(LimeOptions.Default),
            MatrixRows = () => [instance.Value],
            // networks only: on closed-form functions the coefficients are long sums over exp(k c) and F's closed forms
            Golden = new GoldenMembership(Functions: false, Networks: true) { Appended = true, Parameters = [new("samples", "100"), new("seed", "1")] },
            Create = (args, _) => args.IsEmpty ? instance.Value : Make(Read(args)),
            Run = q =>
            {
                var fit = Attribute.Lime(q.F, q.Input, q.Baseline, Read(q.Arguments));
                return new AttributionOutcome(fit.Attribution, null) { Reported = [ReportedValue.Scalar("intercept", fit.Intercept)] };
            },
        };
    }

    private static MethodSymbolicForm LimeForm(LimeOptions options) =>
        new($"LIME's weighted ridge regression on the seeded sample ({options.Samples} draws, seed {options.Seed}), coefficients in Q(q), q = exp(-1/(2 w^2))",
            (f, a, b) => Attribute.LimeCombination(a.Length, options, mask => Corner(f, a, b, mask)));
}
