namespace Verifier.Axioms;

/// <summary>Options of an axiom check; one record, no global settings.</summary>
public sealed record CheckOptions
{
    /// <summary>The defaults: 100 trials, seed 42, up to 3 features, 20 seconds per check.</summary>
    public static readonly CheckOptions Default = new();

    /// <summary>How many random instances the property search tries.</summary>
    public int Trials { get; init; } = 100;

    /// <summary>The seed; the same seed gives the same instances and verdicts.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>The largest number of features of generated instances.</summary>
    public int MaxDimension { get; init; } = 3;

    /// <summary>Wall-clock budget of one property search (trials stop early when it is spent; the verdict says how many ran).</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Wall-clock budget for shrinking a counterexample.</summary>
    public TimeSpan ShrinkBudget { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Try symbolic proofs (over generic polynomials) where the method has a symbolic form.</summary>
    public bool Prove { get; init; } = true;

    /// <summary>The largest polynomial degree of the symbolic proofs.</summary>
    public int ProofDegree { get; init; } = 3;

    /// <summary>The tolerance identities are judged with, for a method that answers in floats
    /// (|lhs - rhs| &lt;= ABS + REL |rhs|, <see cref="Axioms.Tolerance"/>); null (default) for exact comparisons.</summary>
    public Tolerance? Tolerance { get; init; }

    /// <summary>Which function families the search draws F from (methods restrict it further to what they accept).</summary>
    public IReadOnlyList<Search.Family> Families { get; init; } =
        [Search.Family.Polynomial, Search.Family.PiecewiseLinear, Search.Family.Smooth, Search.Family.Network];
}
