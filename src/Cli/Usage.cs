using Verifier.Axioms;
using Verifier.Axioms.Methods;

namespace Verifier.Cli;

/// <summary>The usage texts of <c>verifier --help</c> and of each command; the lists of methods come from the method registry
/// (<see cref="MethodRegistry"/>, <c>Usage.Methods.cs</c>) and the lists of axioms from <see cref="AxiomCatalogue"/>.</summary>
internal static partial class Usage
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

    public static string Matrix(MethodRegistry registry) =>
        $$"""
        Usage: verifier matrix [options]

        Runs 'verifier check' for every built-in method against every axiom, in parallel, and prints the
        methods x axioms table followed by every counterexample (text), or {"cells": [...]} (--format json).

        Options:
          --methods a,b,...   restrict the rows (default: every matrix row:
        {{Wrap(registry.MatrixMethods.Select(m => m.Name), 22)}})
          --axioms a,b,...    restrict the columns (default: every axiom)
          --trials N          random instances per cell (default 200)
          --seed S            the seed (default 42)
          --max-dim N         largest number of features (default 3)
          --time-budget SEC   wall-clock budget of each cell's search (default 8)
          --no-proofs         skip the symbolic proofs
          --quiet             no progress on standard error
          --format F          text (default), markdown, json

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

}
