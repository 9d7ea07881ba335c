namespace Verifier.Cli;

/// <summary>The usage texts of <c>verifier --help</c> and <c>verifier attribute --help</c>.</summary>
internal static class Usage
{
    public const string Main =
        """
        verifier: exact feature attributions.

        Usage: verifier <command> [options]

        Commands:
          attribute        exact attributions of one query, or of a JSON Lines batch (--batch FILE)
          check            check a method against the axioms (symbolic proofs, property search)
          matrix           the methods x axioms table (the main demonstration)
          counterexample   SMT (z3) search for a counterexample on a piecewise-linear function
          crosscheck       numeric IG (TorchSharp, Captum's rules) against the exact result
          prove            re-check every claim of the literate proofs (proofs/)
          golden           write a conformance suite (queries and exact results) for other implementations

        Run 'verifier <command> --help' for the options of a command.
        Exit codes: 0 success, 1 failure, 2 bad input or usage.

        """;

    public const string Attribute =
        """
        Usage: verifier attribute (--function EXPR | --network FILE) --input P [options]
               verifier attribute --batch FILE|- [--explain]

        Options:
          --function EXPR     F in x1..xn, e.g. "x1*x2" or "1 - relu(1 - x1)"
          --network FILE      a verifier-network/1 JSON file
          --input P           the input x, comma-separated exact numbers (3, -2/3, 0.25, 1e-3)
          --baseline P        the baseline x' (default all zeros)
          --dim N             the dimension of F (default: the largest variable index)
          --method M          ig (default), path, shapley, eg, gradient, gradient-x-input, deeplift-rescale,
                              deeplift-revealcancel, lrp-0, lrp-epsilon, lrp-gamma, lrp-zplus, guided-ig, conductance, patch
          --path SPEC         for path: straight, staircase:3,1,2, polyline:P1;P2;..., curve:h1;...;hn
          --baselines "P1;P2" for eg: the finite baseline list
          --weights "w1,w2"   for eg: the baselines' weights (default uniform)
          --layer L           for conductance: the 0-based layer index
          --neuron J          for conductance and patch: the 0-based neuron of that layer
          --patch i,j,...     for patch (networks): the input patch S (1-based features); the exact IG_{S,j} of
                              neuron J of layer L (Lundstrom et al. 2022, eq. 7) and the paper's speedup with
                              --param steps=N terms (default 16) and its error
          --param NAME=VALUE  a method parameter (repeatable), e.g. --param relu_grad_at_zero=1/2;
                              guided-ig: steps=K (default 128), fraction=P (default 1/10), max_dist=D (default 1)
          --explain           add the derivation steps
          --plot FILE         also draw a plot, PNG or SVG by FILE's extension: the integrand of each feature
                              along the path with its breakpoints (ig, path), or the attributions as bars
          --plot-kind K       integrand (default for ig and path) or bars (default otherwise)
          --plot-size WxH     the image size in pixels (default 800x500)
          --format F          json (default), text, markdown, latex
          --batch FILE        JSON Lines queries ('-' for standard input); one JSON result line per query

        """;

    public const string Check =
        """
        Usage: verifier check --method M [--path SPEC] [--param NAME=VALUE] [options]

        Checks one method against the axioms (Lundstrom et al. 2022, sections 2.2, 4 and 5). Each verdict is
        proved (symbolic proof over generic polynomials, or an unsat solver answer), holds (no counterexample
        in the trials), violated (an exact, shrunk counterexample that re-checks), or undetermined (with reason).

        Options:
          --method M          ig, path, shapley, eg, gradient, gradient-x-input, deeplift-rescale,
                              deeplift-revealcancel, lrp-0, lrp-epsilon, lrp-gamma, lrp-zplus,
                              path:staircase, path:nonmonotone, guided-ig (not a matrix row)
          --path SPEC         for path: straight, staircase[:ORDER], polyline:P1;P2;..., curve:h1;...;hn.
                              Here a polyline's waypoints are in reference coordinates: fractions of the way from
                              x'_i to x_i (the path for x' = 0, x = 1, carried by T(y) = x' + (x - x') * y), so
                              polyline:1,0;1,1;0,1;0,0 is the non-monotone path of Lundstrom et al. 2022, App. E.1
          --param NAME=VALUE  lrp-epsilon: epsilon (default 1/100); lrp-gamma: gamma (default 1/4);
                              guided-ig: steps (default 128), fraction (1/10), max_dist (1)
          --axioms a,b,...    completeness, sensitivity-a, sensitivity-b, implementation-invariance, linearity,
                              symmetry-preserving, affine-scale-invariance, non-decreasing-positivity,
                              completeness-d, sensitivity-a-d, symmetry-preserving-d, non-decreasing-positivity-d
                              (default all)
          --trials N          random instances per axiom (default 100)
          --seed S            the seed (default 42); the same seed and trials give the same verdicts
          --max-dim N         largest number of features of generated instances (default 3)
          --time-budget SEC   wall-clock budget of each search (default 20)
          --no-proofs         skip the symbolic proofs (search only)
          --smt               also run the SMT queries that apply (needs z3; see 'verifier counterexample')
          --quiet             no progress on standard error
          --format F          json (default), text, markdown

        """;

    public const string Matrix =
        """
        Usage: verifier matrix [options]

        Runs 'verifier check' for every built-in method against every axiom, in parallel, and prints the
        methods x axioms table followed by every counterexample (text), or {"cells": [...]} (--format json).

        Options:
          --methods a,b,...   restrict the rows (default: every built-in method)
          --axioms a,b,...    restrict the columns (default: every axiom)
          --trials N          random instances per cell (default 200)
          --seed S            the seed (default 42)
          --max-dim N         largest number of features (default 3)
          --time-budget SEC   wall-clock budget of each cell's search (default 8)
          --no-proofs         skip the symbolic proofs
          --quiet             no progress on standard error
          --format F          text (default), markdown, json

        """;

    public const string Counterexample =
        """
        Usage: verifier counterexample --method M --axiom A (--network F | --function EXPR) [options]

        Asks the SMT solver (z3 by default) for a counterexample on a piecewise-linear function and re-checks
        every answer exactly. Queries:
          implementation-invariance  any method: z3 proves F and G equivalent on the box, then the exact
                                     attributions are compared (G from --network2/--function2, or F's
                                     function-preserving rewrites)
          sensitivity-a              gradient, gradient-x-input: x, x' differing in one feature with
                                     F(x) != F(x') and dF/dx_i(x) = 0
          completeness               gradient-x-input, and ig with --param steps=K (K-step left Riemann IG):
                                     the largest completeness gap over the box (z3's optimisation)
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

    public const string Prove =
        """
        Usage: verifier prove [PATHS] [--quiet]

        Re-checks every claim block (```claim NAME ... ```) of the Markdown files under PATHS (default: proofs/)
        by running its verifier command in-process and comparing the JSON output with the expectations; the
        format is documented in proofs/README.md. Prints one line per claim (--quiet: failures only) and ends
        with "N passed, N failed". Exit code 1 when a claim fails, 2 for a malformed claim.

        """;

    public const string Golden =
        """
        Usage: verifier golden --out DIR [--seed S] [--cases N]

        Writes a conformance suite that any implementation, in any language, can be tested against:
        DIR/queries.jsonl (functions, networks, inputs, baselines, methods, paths; the attribute --batch format),
        DIR/expected.jsonl (the exact results, line by line, same ids) and DIR/README.md (how to compare).
        The paper's worked examples come first, then N seeded random cases (default 60, seed 42), each asked for
        several methods.

        """;

    public const string Crosscheck =
        """
        Usage: verifier crosscheck (--network F | --function EXPR) --input P [--method ig|eg|gradient|gradient-x-input]
                                   [--method conductance --layer L (--network only)]
                                   [--baseline P | --baselines "P1;P2;..." [--weights W]] [--rule R] [--steps N | --steps-sweep 4,8,16]
                                   [--model FILE.pt [--output K]] [--dtype float64|float32] [--device cpu] [--plot FILE]

        Runs an attribution method numerically through the numeric bridge (TorchSharp on the CPU) and compares it with
        the exact result: max_abs_error, max_rel_error (relative to the largest exact attribution), completeness_delta;
        over --steps-sweep also the fitted order of convergence (and, with --plot FILE.png|.svg, the error against steps
        on log scales). The numeric side is the reference compiled to tensors, or the TorchScript file of --model, which
        claims to implement the reference (--network or --function stays the exact side).

        Methods:
          ig                  Integrated Gradients from --baseline (default all zeros)
          eg                  expected gradients over --baselines "P1;P2;..." (optional --weights, default uniform)
          gradient            dF/dx at --input; no baseline, no quadrature, and no completeness: completeness_delta
                              and exact_completeness_delta are null
          gradient-x-input    (x - x') dF/dx; completeness_delta is the method's own gap, exact_completeness_delta
                              the exact one
          conductance         layer conductance from --baseline along the straight path, one value per neuron of
                              layer --layer L: "exact" and "numeric" are per neuron, completeness_delta is
                              sum_j Cond_j - (F(x) - F(x')), and JSON adds "layer"; --network only (no --function,
                              no --model), quadrature rules only (exactline is not available for conductance)
        Options:
          --rule R            ig, eg and conductance: left, right, middle, trapezoid, captum-trapezoid (Captum's
                              weights, which sum to (n-1)/n), gausslegendre (default), exactline (ig and eg only: every
                              breakpoint found on tensors in float64, one gradient per piece: no discretisation error;
                              steps = the pieces; with --model, the reference network's exact breakpoints and the
                              model's gradient at each piece's midpoint)
          --steps N           ig, eg and conductance: quadrature steps (default 50)
          --layer L           conductance only, required: the 0-based layer index (the output of the network's
                              layer L: for a dense layer the pre-activation, for an activation layer the
                              post-activation), as in 'verifier attribute'; exit 2 outside 0..layers-1
          --model FILE.pt     a TorchScript module mapping [B, n] to [B] or [B, m]; JSON adds "model" and "output"
          --output K          the model's attributed column (default: the network's output, or 0)
          --dtype D           float64 (default) or float32
          --device D          cpu (default), cuda or cuda:N: a --network model on the GPU through the CUDA back end
                              (CUDA libtorch from VERIFIER_LIBTORCH_CUDA, docs/GPU.md); exit 2 when no device loads
        Kinks: both sides take PyTorch's convention (relu'(0) = 0, abs'(0) = 0, leaky_relu'(0) = alpha, the first maximal
        argument of a max), stated in "convention". For gradient and gradient-x-input, "kink" lists where --input sits
        exactly on a kink, where the gradient is a convention.
        "verdict" (gradient, gradient-x-input, exactline): agrees within "tolerance" (1e-9 float64, 1e-4 float32, times
        max(1, largest exact attribution); exactline must also be complete to it), mismatch, or on-kink (a difference
        at a kink: not a mismatch); null for quadrature rules, whose error is discretisation.
        Functions are compiled to tensor operations; exactline needs a network. Exact values that are closed forms
        (e.g. with sigmoid) are compared through their certified enclosures. Coordinates must be finite in --dtype.

        """;
}
