using Verifier.Axioms;
using Verifier.Axioms.Methods;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Axioms;

/// <summary>The method and check options shared by <c>check</c>, <c>matrix</c> and <c>counterexample</c>.</summary>
internal static class MethodOptions
{
    /// <summary>The method of <c>--method</c> (with <c>--path</c> and <c>--param</c>) from the registry; its problems are
    /// input errors (<see cref="Verifier.Symbolic.InputArgumentException"/>).</summary>
    public static IAttributionMethod Method(OptionReader o, MethodRegistry registry)
    {
        var name = (o.Get("--method") ?? throw new UsageException("missing --method M (e.g. --method ig)")).Trim().ToLowerInvariant();
        return registry.Method(name, o.Get("--path"), o.Params);
    }

    /// <summary>The axioms of <c>--axioms a,b,...</c>, or all.</summary>
    public static IReadOnlyList<Axiom> Axioms(OptionReader o)
    {
        if (o.Get("--axioms") is not { } list) return AxiomCatalogue.All;
        var names = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0) throw new UsageException("--axioms is empty");
        return names.Select(AxiomCatalogue.Get).Distinct().ToArray();
    }

    /// <summary>Trials, seed, dimension and time budget from the options.</summary>
    public static CheckOptions Check(OptionReader o, CheckOptions defaults) => defaults with
    {
        Trials = o.Int("--trials", defaults.Trials, 1, 1_000_000),
        Seed = o.Int("--seed", defaults.Seed, 0, int.MaxValue),
        MaxDimension = o.Int("--max-dim", defaults.MaxDimension, 1, 6),
        TimeBudget = o.Seconds("--time-budget", defaults.TimeBudget),
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
