using System.Text;
using Verifier.Axioms;
using Verifier.Axioms.Methods;
using Verifier.PathMethods.Methods;

namespace Verifier.Cli.CommandLine;

/// <summary>The parts of the help generated from the method registry (<see cref="MethodRegistry"/>) and the axiom catalogue
/// (<see cref="AxiomCatalogue"/>): the methods with their parameters and defaults, the solver queries, the numeric methods.
/// The options themselves are listed from the command table (<see cref="HelpWriter"/>).</summary>
internal static class Usage
{
    private const int Width = HelpWriter.Width;

    /// <summary>The sections after attribute's options: every queryable method with its parameters and reference.</summary>
    public static string AttributeEpilogue(MethodRegistry registry) => "Methods:\n" + MethodList(registry.Queryable);

    /// <summary>The solver queries of counterexample, with the methods that have them.</summary>
    public static string CounterexampleQueries(MethodRegistry registry) =>
        $$"""
        Queries:
          implementation-invariance  any method: z3 proves F and G equivalent on the box, then the exact
                                     attributions are compared (G from --network2/--function2, or F's
                                     function-preserving rewrites)
          sensitivity-a              {{Names(registry, q => q.GradientSensitivity)}}: x, x' differing in one feature with
                                     F(x) != F(x') and dF/dx_i(x) = 0
          completeness               {{Names(registry, q => q.CompletenessGap is not null)}}, and {{Names(registry, q => q.RiemannSteps is not null)}} with --param steps=K (K-step left Riemann
                                     IG): the largest completeness gap over the box (z3's optimisation)
          non-decreasing-positivity  path methods: a non-negative combination of monomials of degree <= 3
                                     (F non-decreasing on [0,1]^n) with a negative attribution; needs no F

        """;

    /// <summary>The names of the methods with a solver query, for the help.</summary>
    private static string Names(MethodRegistry registry, Func<SolverQueries, bool> applies) =>
        string.Join(", ", registry.All.Where(d => applies(d.Solver)).Select(d => d.Name));

    /// <summary>check's names, the ones outside the matrix marked.</summary>
    public static IEnumerable<string> CheckNames(MethodRegistry registry)
    {
        var rows = registry.MatrixMethods.Select(m => m.Name).ToHashSet();
        return registry.CheckNames.Select(n => rows.Contains(n) || registry.Find(n)?.MatrixRows is not null ? n : n + " (not a matrix row)");
    }

    /// <summary>One entry per method: its name and summary, its parameters, and its reference.</summary>
    private static string MethodList(IEnumerable<MethodDescriptor> methods)
    {
        var sb = new StringBuilder();
        foreach (var d in methods)
        {
            sb.AppendLine(Wrap([$"{d.Name,-22}{d.Summary}."], 2, " ", 24));
            var parameters = d.OwnParameters.Select(p =>
                $"{p.Name}={(p.RequiredInQueries ? "VALUE" : p.DefaultText ?? "VALUE")}{(p.RangeText is { } r ? $" in {r}" : "")}: {p.Help}");
            if (d.OwnParameters.Count > 0) sb.AppendLine(Wrap(["--param " + string.Join("; ", parameters)], 24, " "));
            if (d.Reference.Length > 0) sb.AppendLine(Wrap([d.Reference], 24, " "));
        }
        var aware = methods.Where(d => d.ConventionAware).Select(d => d.Name).ToList();
        sb.AppendLine();
        sb.AppendLine(Wrap([$"--param {MethodParameter.ConventionName}=C: {MethodParameter.Convention.Help}; for {string.Join(", ", aware)}."], 2, " "));
        return sb.ToString();
    }

    /// <summary>The items joined by <paramref name="separator"/> and wrapped at the help's width: the first line indented by
    /// <paramref name="indent"/> spaces, the others by <paramref name="hanging"/> (default the same); words are not broken.</summary>
    private static string Wrap(IEnumerable<string> items, int indent, string separator = ", ", int? hanging = null)
    {
        var words = string.Join(separator, items).Split(' ');
        var sb = new StringBuilder();
        var line = new StringBuilder(new string(' ', indent));
        int start = indent;
        foreach (var word in words)
        {
            if (line.Length > start && line.Length + 1 + word.Length > Width)
            {
                sb.AppendLine(line.ToString().TrimEnd());
                start = hanging ?? indent;
                line.Clear().Append(' ', start);
            }
            if (line.Length > start) line.Append(' ');
            line.Append(word);
        }
        sb.Append(line.ToString().TrimEnd());
        return sb.ToString();
    }

    /// <summary>The sections after crosscheck's options: the numeric methods by the form of their computation, kinks, verdicts.</summary>
    public static string CrosscheckEpilogue(MethodRegistry registry) =>
        $$"""
        Methods:
        {{NumericMethods(registry)}}

        Kinks: both sides take PyTorch's convention (relu'(0) = 0, abs'(0) = 0, leaky_relu'(0) = alpha, the first maximal
        argument of a max), stated in "convention". For {{OneGradient(registry)}}, "kink" lists where --input sits
        exactly on a kink, where the gradient is a convention.
        "verdict" ({{OneGradient(registry)}}, exactline): agrees within "tolerance" (1e-9 float64, 1e-4 float32, times
        max(1, largest exact attribution); exactline must also be complete to it), mismatch, or on-kink (a difference
        at a kink: not a mismatch); null for quadrature rules, whose error is discretisation.
        Functions are compiled to tensor operations; exactline needs a network. Exact values that are closed forms
        (e.g. with sigmoid) are compared through their certified enclosures. Coordinates must be finite in --dtype.

        """;

    public static string Quadrature(MethodRegistry registry) => And(registry.Numeric.Where(d => d.Numeric!.UsesQuadrature));

    public static string ExactLine(MethodRegistry registry) => And(registry.Numeric.Where(d => d.Numeric!.HasExactLine));

    public static string PerNeuron(MethodRegistry registry) => And(registry.Numeric.Where(d => d.Numeric!.PerNeuron));

    private static string OneGradient(MethodRegistry registry) => And(registry.Numeric.Where(d => !d.Numeric!.UsesQuadrature));

    // "a, b and c"
    private static string And(IEnumerable<MethodDescriptor> methods)
    {
        var names = methods.Select(d => d.Name).ToList();
        return names.Count <= 1 ? string.Join("", names) : string.Join(", ", names.SkipLast(1)) + " and " + names[^1];
    }

    // One entry per method with a numeric counterpart, described by the form of its computation.
    private static string NumericMethods(MethodRegistry registry)
    {
        var sb = new StringBuilder();
        foreach (var d in registry.Numeric)
            sb.AppendLine(Wrap([$"{d.Name,-20}{NumericText(d.Numeric!)}"], 2, " ", 22));
        return sb.ToString().TrimEnd();
    }

    private static string NumericText(NumericForm form) => form.Kind switch
    {
        NumericFormKind.StraightPathIntegral => "the integral along the straight path from --baseline (default all zeros)",
        NumericFormKind.ExpectationOverBaselines => "the straight-path integral averaged over --baselines \"P1;P2;...\" (optional --weights, default uniform)",
        NumericFormKind.Gradient => "dF/dx at --input; no baseline, no quadrature, and no completeness: completeness_delta and exact_completeness_delta are null",
        NumericFormKind.GradientTimesDelta => "(x - x') dF/dx; completeness_delta is the method's own gap, exact_completeness_delta the exact one",
        NumericFormKind.LayerConductance => "layer conductance from --baseline along the straight path, one value per neuron of layer --layer L: \"exact\" and \"numeric\" are per neuron, completeness_delta is sum_j Cond_j - (F(x) - F(x')), and JSON adds \"layer\"; --network only (no --function, no --model), quadrature rules only (exactline is not available)",
        _ => form.Kind.ToString(),
    };
}
