using Verifier.Axioms;
using Verifier.Axioms.Methods;
using Verifier.Cli.CommandLine;

namespace Verifier.Cli.Axioms;

/// <summary>The method and check options shared by <c>check</c>, <c>matrix</c> and <c>counterexample</c>.</summary>
internal static class MethodOptions
{
    /// <summary><c>--method M</c>, completing the given names.</summary>
    public static System.CommandLine.Option<string> MethodOption(MethodRegistry registry, string description, IEnumerable<string> names) =>
        Opt.Text("--method", "M", description).Completing(names);

    /// <summary><c>--axioms a,b,...</c>, the catalogue's names listed and completed.</summary>
    public static System.CommandLine.Option<string> AxiomsOption() =>
        Opt.Text("--axioms", "a,b,...", $"the axioms (default all): {string.Join(", ", AxiomCatalogue.All.Select(a => a.Name))}")
            .Completing(AxiomCatalogue.All.Select(a => a.Name));

    /// <summary>The method of <c>--method</c> (with <c>--path</c> and <c>--param</c>) from the registry; its problems are
    /// input errors (<see cref="Verifier.Symbolic.InputArgumentException"/>).</summary>
    public static IAttributionMethod Method(Parsed o, MethodRegistry registry)
    {
        var name = (o.Get("--method") ?? throw new UsageException("missing --method M (e.g. --method ig)")).Trim().ToLowerInvariant();
        return registry.Method(name, o.Get("--path"), o.Params);
    }

    /// <summary>The axioms of <c>--axioms a,b,...</c>, or all.</summary>
    public static IReadOnlyList<Axiom> Axioms(Parsed o)
    {
        if (o.Get("--axioms") is not { } list) return AxiomCatalogue.All;
        var names = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0) throw new UsageException("--axioms is empty");
        return names.Select(AxiomCatalogue.Get).Distinct().ToArray();
    }

    /// <summary>Trials, seed, dimension and time budget from the options (their defaults when not given).</summary>
    public static CheckOptions Check(Parsed o, CheckOptions defaults) => defaults with
    {
        Trials = o.Value("--trials", defaults.Trials),
        Seed = o.Value("--seed", defaults.Seed),
        MaxDimension = o.Value("--max-dim", defaults.MaxDimension),
        TimeBudget = o.Value("--time-budget", defaults.TimeBudget),
        Prove = !o.Has("--no-proofs"),
    };

    /// <summary>A one-line status word for tables.</summary>
    public static string Short(Verifier.Axioms.Verdicts.Verdict v) => v.Status switch
    {
        Verifier.Axioms.Verdicts.VerdictStatus.Proved => "proved",
        Verifier.Axioms.Verdicts.VerdictStatus.Holds => "holds",
        Verifier.Axioms.Verdicts.VerdictStatus.Violated => "VIOLATED",
        _ => "undet.",
    };
}
