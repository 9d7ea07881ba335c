using Verifier.Axioms.External;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Search;
using Verifier.Axioms.Verdicts;

namespace Verifier.Axioms;

/// <summary>A method checked against a list of axioms: its name, the tolerance used (null: exact) and one verdict per axiom.</summary>
/// <param name="Method">The method's name.</param>
/// <param name="Tolerance">The tolerance identities were judged with, or null for exact comparisons.</param>
/// <param name="Verdicts">One verdict per axiom, in the order asked.</param>
public sealed record MethodCheck(string Method, Tolerance? Tolerance, IReadOnlyList<Verdict> Verdicts);

/// <summary>
/// Checks any attribution method against the axioms: a built-in one, your own <see cref="IAttributionMethod"/> passed in
/// process, or a method in another program (<see cref="ExternalMethod"/>, <c>verifier-method/1</c>). A method that
/// answers in floats is judged with a tolerance; a counterexample of an external method comes with a reproduction (the
/// request lines and the command that replays them), made by testing the shrunk instance once more through the protocol.
/// </summary>
public static class Check
{
    /// <summary>Checks <paramref name="method"/> against <paramref name="axioms"/> (default: the whole catalogue).</summary>
    /// <param name="method">The method.</param>
    /// <param name="tolerance">The tolerance for a method that answers in floats (<see cref="ToleranceFor"/>); null: exact
    /// comparisons for an in-process method, <see cref="Tolerance.Default"/> for an external one that declares
    /// <c>"exact": false</c>.</param>
    /// <param name="options">Trials, seed, budgets (default <see cref="CheckOptions.Default"/>).</param>
    /// <param name="axioms">The axioms, default all.</param>
    /// <param name="progress">Search progress, or null.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    public static MethodCheck Method(IAttributionMethod method, Tolerance? tolerance = null, CheckOptions? options = null,
        IEnumerable<Axiom>? axioms = null, IProgress<SearchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        options ??= CheckOptions.Default;
        var used = ToleranceFor(method, tolerance ?? options.Tolerance);
        options = options with { Tolerance = used };
        var verdicts = (axioms ?? AxiomCatalogue.All).Select(a => Run(a, method, options, progress, cancellationToken)).ToArray();
        return new MethodCheck(method.Name, used, verdicts);
    }

    /// <summary>The tolerance a method is judged with: the toolkit's own methods (made from a registry entry) and an external
    /// method that declares exact results get exact comparisons whatever was asked; an external one that answers in floats
    /// gets <paramref name="requested"/>, or <see cref="Tolerance.Default"/>; another method in process gets
    /// <paramref name="requested"/> (null: exact).</summary>
    public static Tolerance? ToleranceFor(IAttributionMethod method, Tolerance? requested)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (method is ExternalMethod external) return external.IsExact ? null : requested ?? Tolerance.Default;
        if (method is IDescribedMethod { Descriptor: not null }) return null;
        return requested;
    }

    /// <summary>One axiom check with <paramref name="options"/> as given (their tolerance included); for an external method
    /// a counterexample gets its <see cref="Reproduction"/>.</summary>
    public static Verdict Run(Axiom axiom, IAttributionMethod method, CheckOptions options, IProgress<SearchProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(axiom);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(options);
        var verdict = axiom.Check(method, options, progress, cancellationToken);
        if (verdict.Counterexample is { } ce && method is ExternalMethod external)
            verdict = verdict with { Counterexample = ce with { Reproduction = Reproduce(axiom, external, ce.Instance, options.Tolerance) } };
        return verdict;
    }

    /// <summary>Tests <paramref name="instance"/> once more through the protocol, recording the requests: the reproduction
    /// of a counterexample (<see cref="Reproduction.Replayed"/> says whether it failed again).</summary>
    public static Reproduction Reproduce(Axiom axiom, ExternalMethod method, AxiomInstance instance, Tolerance? tolerance)
    {
        ArgumentNullException.ThrowIfNull(axiom);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(instance);
        using var recording = method.Record();
        var outcome = PropertySearch.SafeTest(axiom, method, instance, tolerance);
        var answers = recording.Answers.Select(a => (IReadOnlyList<string>)(a?.Select(v => v.ToString()).ToArray() ?? [])).ToArray();
        return new Reproduction(recording.Lines, method.Host.CommandLineText, outcome.Kind == TrialKind.Fail) { Answers = answers };
    }
}
