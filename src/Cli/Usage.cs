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
          check            (not implemented yet) check a method against the axioms
          matrix           (not implemented yet) methods x axioms table
          counterexample   (not implemented yet) SMT search for a counterexample
          crosscheck       (not implemented yet) numeric method against the exact result
          prove            (not implemented yet) re-check the literate proofs
          golden           (not implemented yet) write a conformance suite

        Run 'verifier attribute --help' for the options of attribute.
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
                              deeplift-revealcancel, lrp-0, lrp-epsilon, lrp-gamma, lrp-zplus, guided-ig, conductance
          --path SPEC         for path: straight, staircase:3,1,2, polyline:P1;P2;..., curve:h1;...;hn
          --baselines "P1;P2" for eg: the finite baseline list
          --weights "w1,w2"   for eg: the baselines' weights (default uniform)
          --layer L           for conductance: the 0-based layer index
          --neuron J          for conductance: the 0-based neuron of that layer
          --param NAME=VALUE  a method parameter (repeatable), e.g. --param relu_grad_at_zero=1/2;
                              guided-ig: steps=K (default 128), fraction=P (default 1/10), max_dist=D (default 1)
          --explain           add the derivation steps
          --format F          json (default), text, markdown, latex
          --batch FILE        JSON Lines queries ('-' for standard input); one JSON result line per query

        """;
}
