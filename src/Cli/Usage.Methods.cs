using System.Text;
using Verifier.Axioms;
using Verifier.Axioms.Methods;
using Verifier.PathMethods.Methods;

namespace Verifier.Cli;

/// <summary>The usage texts that list methods, generated from the method registry.</summary>
internal static partial class Usage
{
    private const int Width = 112;

    public static string Attribute(MethodRegistry registry) =>
        $$"""
        Usage: verifier attribute (--function EXPR | --network FILE) --input P [options]
               verifier attribute --batch FILE|- [--explain]

        Options:
          --function EXPR     F in x1..xn, e.g. "x1*x2" or "1 - relu(1 - x1)"
          --network FILE      a verifier-network/1 JSON file
          --input P           the input x, comma-separated exact numbers (3, -2/3, 0.25, 1e-3)
          --baseline P        the baseline x' (default all zeros)
          --dim N             the dimension of F (default: the largest variable index)
          --method M          the method (default ig; see Methods below):
        {{Wrap(registry.Queryable.Select(d => d.Name), 22)}}
          --path SPEC         for path: straight, staircase:3,1,2, polyline:P1;P2;..., curve:h1;...;hn
          --baselines "P1;P2" for a baseline list ({{string.Join(", ", registry.Queryable.Where(d => d.Baseline == BaselineUse.Distribution).Select(d => d.Name))}}): the baselines
          --weights "w1,w2"   the baselines' weights (default uniform)
          --layer L           the 0-based layer index (the output of the network's layer L)
          --neuron J          a 0-based neuron of that layer
          --patch i,j,...     the input patch S (1-based features)
          --param NAME=VALUE  a method parameter (repeatable), e.g. --param relu_grad_at_zero=1/2
          --explain           add the derivation steps
          --plot FILE         also draw a plot, PNG or SVG by FILE's extension: the integrand of each feature
                              along the path with its breakpoints (methods with one path), or the attributions as bars
          --plot-kind K       integrand (default for methods with one path) or bars (default otherwise)
          --plot-size WxH     the image size in pixels (default 800x500)
          --format F          json (default), text, markdown, latex
          --batch FILE        JSON Lines queries ('-' for standard input); one JSON result line per query

        Methods:
        {{MethodList(registry.Queryable)}}
        """;

    public static string Check(MethodRegistry registry) =>
        $$"""
        Usage: verifier check --method M [--path SPEC] [--param NAME=VALUE] [options]

        Checks one method against the axioms (Lundstrom et al. 2022, sections 2.2, 4 and 5). Each verdict is
        proved (symbolic proof over generic polynomials, or an unsat solver answer), holds (no counterexample
        in the trials), violated (an exact, shrunk counterexample that re-checks), or undetermined (with reason).
        A method that throws (other than on bad input) on some trials is never holds: the trials are counted
        as errored ("errored" in JSON) and the verdict is undetermined, unless an exact counterexample was found.

        Options:
          --method M          one of:
        {{Wrap(CheckNames(registry), 22)}}
          --path SPEC         for {{string.Join(", ", registry.All.Where(d => d.Reads(QueryInputs.Path)).Select(d => d.Name))}}: straight, staircase[:ORDER], polyline:P1;P2;..., curve:h1;...;hn.
                              Here a polyline's waypoints are in reference coordinates: fractions of the way from
                              x'_i to x_i (the path for x' = 0, x = 1, carried by T(y) = x' + (x - x') * y), so
                              polyline:1,0;1,1;0,1;0,0 is the non-monotone path of Lundstrom et al. 2022, App. E.1
          --param NAME=VALUE  the method's parameters (see 'verifier attribute --help'); without them, the defaults:
        {{Wrap(registry.All.Where(d => d.Create is not null && d.OwnParameters.Count > 0)
            .Select(d => $"{d.Name}: {string.Join(", ", d.OwnParameters)}"), 22, "; ")}}
          --axioms a,b,...    (default all)
        {{Wrap(AxiomCatalogue.All.Select(a => a.Name), 22)}}
          --trials N          random instances per axiom (default 100)
          --seed S            the seed (default 42); the same seed and trials give the same verdicts
          --max-dim N         largest number of features of generated instances (default 3)
          --time-budget SEC   wall-clock budget of each search (default 20)
          --no-proofs         skip the symbolic proofs (search only)
          --smt               also run the SMT queries that apply (needs z3; see 'verifier counterexample')
          --quiet             no progress on standard error
          --format F          json (default), text, markdown

        """;

    public static string Counterexample(MethodRegistry registry) =>
        $$"""
        Usage: verifier counterexample --method M --axiom A (--network F | --function EXPR) [options]

        Asks the SMT solver (z3 by default) for a counterexample on a piecewise-linear function and re-checks
        every answer exactly. Queries:
          implementation-invariance  any method: z3 proves F and G equivalent on the box, then the exact
                                     attributions are compared (G from --network2/--function2, or F's
                                     function-preserving rewrites)
          sensitivity-a              {{Names(registry, q => q.GradientSensitivity)}}: x, x' differing in one feature with
                                     F(x) != F(x') and dF/dx_i(x) = 0
          completeness               {{Names(registry, q => q.CompletenessGap is not null)}}, and {{Names(registry, q => q.RiemannSteps is not null)}} with --param steps=K (K-step left Riemann
                                     IG): the largest completeness gap over the box (z3's optimisation)
          non-decreasing-positivity  path methods: a non-negative combination of monomials of degree <= 3
                                     (F non-decreasing on [0,1]^n) with a negative attribution; needs no F

        Options:
          --network2 G | --function2 EXPR   the second implementation (implementation-invariance)
          --box "lo,hi"       the input box, the same range for every feature, or "lo1,hi1;lo2,hi2;..."
                              (default -3,3)
          --baseline P        x' (default all zeros)
          --path SPEC         for --method path (reference coordinates, as in 'verifier check --help')
          --dim N             features of the polynomial family for non-decreasing-positivity (default 2)
          --solver S          z3 (default) or cvc5
          --timeout SEC       solver time limit per query (default 30); on timeout the status is undetermined
          --smt-out FILE      write every SMT-LIB query sent (re-run with: z3 FILE)
          --seed S            solver and point-search seed
          --format F          json (default), text

        The solver is a separate program: install it with 'apt-get install z3' (or cvc5).

        """;

    /// <summary>The names of the methods with a solver query, for the help.</summary>
    private static string Names(MethodRegistry registry, Func<SolverQueries, bool> applies) =>
        string.Join(", ", registry.All.Where(d => applies(d.Solver)).Select(d => d.Name));

    /// <summary>check's names, the ones outside the matrix marked.</summary>
    private static IEnumerable<string> CheckNames(MethodRegistry registry)
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

    public static string Crosscheck(MethodRegistry registry) =>
        $$"""
        Usage: verifier crosscheck (--network F | --function EXPR) --input P [--method {{string.Join("|", registry.Numeric.Where(d => !d.Numeric!.PerNeuron).Select(d => d.Name))}}]
                                   [--method {{string.Join("|", registry.Numeric.Where(d => d.Numeric!.PerNeuron).Select(d => d.Name))}} --layer L (--network only)]
                                   [--baseline P | --baselines "P1;P2;..." [--weights W]] [--rule R] [--steps N | --steps-sweep 4,8,16]
                                   [--model FILE.pt [--output K]] [--dtype float64|float32] [--device cpu] [--plot FILE]

        Runs an attribution method numerically through the numeric bridge (TorchSharp on the CPU) and compares it with
        the exact result: max_abs_error, max_rel_error (relative to the largest exact attribution), completeness_delta;
        over --steps-sweep also the fitted order of convergence (and, with --plot FILE.png|.svg, the error against steps
        on log scales). The numeric side is the reference compiled to tensors, or the TorchScript file of --model, which
        claims to implement the reference (--network or --function stays the exact side).

        Methods:
        {{NumericMethods(registry)}}
        Options:
          --rule R            {{Quadrature(registry)}}: left, right, middle, trapezoid, captum-trapezoid (Captum's
                              weights, which sum to (n-1)/n), gausslegendre (default), exactline ({{ExactLine(registry)}} only: every
                              breakpoint found on tensors in float64, one gradient per piece: no discretisation error;
                              steps = the pieces; with --model, the reference network's exact breakpoints and the
                              model's gradient at each piece's midpoint)
          --steps N           {{Quadrature(registry)}}: quadrature steps (default 50)
          --layer L           {{PerNeuron(registry)}} only, required: the 0-based layer index (the output of the network's
                              layer L: for a dense layer the pre-activation, for an activation layer the
                              post-activation), as in 'verifier attribute'; exit 2 outside 0..layers-1
          --model FILE.pt     a TorchScript module mapping [B, n] to [B] or [B, m]; JSON adds "model" and "output"
          --output K          the model's attributed column (default: the network's output, or 0)
          --dtype D           float64 (default) or float32
          --device D          cpu (default), cuda or cuda:N: a --network model on the GPU through the CUDA back end
                              (CUDA libtorch from VERIFIER_LIBTORCH_CUDA, docs/GPU.md); exit 2 when no device loads
        Kinks: both sides take PyTorch's convention (relu'(0) = 0, abs'(0) = 0, leaky_relu'(0) = alpha, the first maximal
        argument of a max), stated in "convention". For {{OneGradient(registry)}}, "kink" lists where --input sits
        exactly on a kink, where the gradient is a convention.
        "verdict" ({{OneGradient(registry)}}, exactline): agrees within "tolerance" (1e-9 float64, 1e-4 float32, times
        max(1, largest exact attribution); exactline must also be complete to it), mismatch, or on-kink (a difference
        at a kink: not a mismatch); null for quadrature rules, whose error is discretisation.
        Functions are compiled to tensor operations; exactline needs a network. Exact values that are closed forms
        (e.g. with sigmoid) are compared through their certified enclosures. Coordinates must be finite in --dtype.

        """;

    private static string Quadrature(MethodRegistry registry) => And(registry.Numeric.Where(d => d.Numeric!.UsesQuadrature));

    private static string ExactLine(MethodRegistry registry) => And(registry.Numeric.Where(d => d.Numeric!.HasExactLine));

    private static string PerNeuron(MethodRegistry registry) => And(registry.Numeric.Where(d => d.Numeric!.PerNeuron));

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
