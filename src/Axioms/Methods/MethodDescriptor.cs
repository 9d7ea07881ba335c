using Verifier.PathMethods.Methods;
using Verifier.PathMethods.Paths;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Methods;

/// <summary>A method's attributions on symbols: given a polynomial F in y1..yn and a symbolic input a and baseline b, the
/// attributions as polynomials (the symbolic proofs over generic polynomials use it).</summary>
/// <param name="Scope">What it computes, e.g. "baseline Shapley formula over all 2^n coalitions".</param>
/// <param name="Attribute">A(a, b, F) on symbols.</param>
public sealed record MethodSymbolicForm(string Scope, Func<Expr, Expr[], Expr[], Expr[]> Attribute);

/// <summary>An <see cref="IAttributionMethod"/> that knows the registry entry it was made from.</summary>
public interface IDescribedMethod
{
    /// <summary>The method's registry entry, or null when it was made outside the registry.</summary>
    MethodDescriptor? Descriptor { get; }
}

/// <summary>
/// One attribution method, described once (<see cref="MethodRegistry"/>): its name, summary and reference for the help,
/// its parameters, its traits (what it accepts, how it uses the baseline), where its kinks and ties matter, its symbolic
/// form and numeric counterpart if any, the solver searches that apply, its place in the matrix and the conformance
/// suite, how it runs an attribution query, and how it becomes an <see cref="IAttributionMethod"/> for the axiom checks.
/// Every command reads methods from here; no code outside the registry branches on a method's name.
/// </summary>
public sealed record MethodDescriptor
{
    /// <summary>The name as <c>--method</c> writes it, e.g. <c>ig</c>.</summary>
    public required string Name { get; init; }

    /// <summary>One line for the help text.</summary>
    public required string Summary { get; init; }

    /// <summary>Where the method comes from (paper, section).</summary>
    public string Reference { get; init; } = "";

    /// <summary>The method's own parameters (without the kink convention, which <see cref="ConventionAware"/> adds).</summary>
    public IReadOnlyList<MethodParameter> OwnParameters { get; init; } = [];

    /// <summary>True when the result at a kink depends on relu'(0): the method then takes
    /// <see cref="MethodParameter.Convention"/> (<c>relu_grad_at_zero</c>), and its instances implement
    /// <see cref="IConventionAware"/>.</summary>
    public bool ConventionAware { get; init; }

    /// <summary>What it accepts: <see cref="MethodTraits.Functions"/>, <see cref="MethodTraits.Networks"/> or both.</summary>
    public MethodTraits Accepts { get; init; } = MethodTraits.Any;

    /// <summary>How it uses the baseline.</summary>
    public BaselineUse Baseline { get; init; } = BaselineUse.Single;

    /// <summary>True when it has its own form for a distribution of baselines (<see cref="IDistributionalAttributionMethod"/>).</summary>
    public bool Distributional { get; init; }

    /// <summary>Where a kink (relu'(0)) decides its result.</summary>
    public KinkScope Kinks { get; init; } = KinkScope.AtInput;

    /// <summary>Where a max/min tie decides its result.</summary>
    public KinkScope Ties { get; init; } = KinkScope.AtInputOrBaseline;

    /// <summary>The query inputs it reads beside F, x and x'.</summary>
    public QueryInputs Inputs { get; init; }

    /// <summary>The reference path of its default instance (a path method), or null.</summary>
    public ReferencePath? ReferencePath { get; init; }

    /// <summary>Its attributions on symbols, for the symbolic proofs; null when it has none (path methods get theirs from
    /// their reference path).</summary>
    public MethodSymbolicForm? Symbolic { get; init; }

    /// <summary>Arguments that prove an axiom for the method by its structure, by axiom name.</summary>
    public IReadOnlyDictionary<string, string> StructuralArguments { get; init; } = new Dictionary<string, string>();

    /// <summary>Its numeric counterpart on tensors (<c>verifier crosscheck</c>), or null.</summary>
    public NumericForm? Numeric { get; init; }

    /// <summary>The solver-backed searches that apply to it.</summary>
    public SolverQueries Solver { get; init; } = SolverQueries.Default;

    /// <summary>Its rows of the methods x axioms matrix, in order (a descriptor may give several, e.g. path methods along
    /// fixed reference paths); null when it is not in the matrix.</summary>
    public Func<IReadOnlyList<IAttributionMethod>>? MatrixRows { get; init; }

    /// <summary>Its place in the conformance suite, or null when it is not asked there.</summary>
    public GoldenMembership? Golden { get; init; }

    /// <summary>Runs an attribution query (<c>verifier attribute</c>, <c>--batch</c>); null when the method is for the
    /// axiom checks only. Input problems are <see cref="IInputError"/> exceptions.</summary>
    public Func<MethodQuery, MethodOutcome>? Run { get; init; }

    /// <summary>The method as an <see cref="IAttributionMethod"/> for <c>check</c> and <c>matrix</c>, from its arguments and
    /// the <c>--path</c> text in reference coordinates (null for the default); null when the method is not a baseline
    /// attribution A(x, x', F).</summary>
    public Func<MethodArguments, string?, IAttributionMethod>? Create { get; init; }

    /// <summary>The traits of its instances.</summary>
    public MethodTraits Traits => Accepts | (Baseline == BaselineUse.ZeroOnly ? MethodTraits.ZeroBaselineOnly : MethodTraits.None);

    /// <summary>Every parameter: the kink convention first when <see cref="ConventionAware"/>, then its own.</summary>
    public IReadOnlyList<MethodParameter> Parameters => ConventionAware ? [MethodParameter.Convention, .. OwnParameters] : OwnParameters;

    /// <summary>The parameter of a name, or null.</summary>
    public MethodParameter? Parameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);

    /// <summary>True when the method reads the input.</summary>
    public bool Reads(QueryInputs input) => (Inputs & input) == input;

    /// <summary>Checks parameter values given as text. A value may carry further parameters after commas, so that
    /// <c>--param samples=64,seed=3</c> reads as <c>--param samples=64 --param seed=3</c> (values are numbers, which
    /// contain neither ',' nor '=').</summary>
    /// <param name="values">Name to value text.</param>
    /// <param name="query">True for a single attribution, where parameters with <see cref="MethodParameter.RequiredInQueries"/>
    /// must be given.</param>
    /// <exception cref="InputArgumentException">An unknown parameter, a bad value, or a required one missing.</exception>
    public MethodArguments Bind(IReadOnlyDictionary<string, string> values, bool query)
    {
        ArgumentNullException.ThrowIfNull(values);
        var bound = new Dictionary<string, Rational>();
        foreach (var (name, text) in Expand(values)) bound[name] = Known(name).Parse(text);
        return Finish(bound, query);
    }

    // "a" -> "1,b=2,c=3" becomes a = 1, b = 2, c = 3; a piece without '=' is a bad value of the parameter before it.
    private static IEnumerable<KeyValuePair<string, string>> Expand(IReadOnlyDictionary<string, string> values)
    {
        foreach (var (name, text) in values)
        {
            if (!text.Contains(',', StringComparison.Ordinal)) { yield return new(name, text); continue; }
            var pieces = text.Split(',');
            yield return new(name, pieces[0]);
            foreach (var piece in pieces.Skip(1))
            {
                int eq = piece.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) throw new InputArgumentException($"--param needs NAME=VALUE pieces separated by commas, got '{piece}' after '{name}'");
                yield return new(piece[..eq].Trim(), piece[(eq + 1)..].Trim());
            }
        }
    }

    /// <summary>Checks parameter values given as numbers.</summary>
    /// <exception cref="InputArgumentException">An unknown parameter or a bad value.</exception>
    public MethodArguments Bind(IReadOnlyDictionary<string, Rational> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (name, value) in values) Known(name).Check(value);
        return Finish(values.ToDictionary(), query: false);
    }

    /// <summary>No parameter values (every default).</summary>
    public MethodArguments Defaults => new(new Dictionary<string, Rational>(), this);

    private MethodParameter Known(string name) =>
        Parameter(name) ?? throw new InputArgumentException(Parameters.Count == 0
            ? $"method '{Name}' takes no parameters, got '{name}'"
            : $"unknown parameter '{name}' for method '{Name}'; known: {string.Join(", ", Parameters.Select(p => p.Name))}");

    private MethodArguments Finish(Dictionary<string, Rational> bound, bool query)
    {
        if (query)
            foreach (var p in Parameters.Where(p => p.RequiredInQueries && !bound.ContainsKey(p.Name)))
                throw new InputArgumentException($"method '{Name}' needs --param {p.Name}=VALUE (e.g. {p.Name}={p.DefaultText})");
        return new MethodArguments(bound, this);
    }

    /// <summary>The descriptor of a method: its registry entry when it was made from one (<see cref="IDescribedMethod"/>),
    /// otherwise one derived from its traits and interfaces (<see cref="For"/>).</summary>
    public static MethodDescriptor Of(IAttributionMethod method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return method is IDescribedMethod { Descriptor: { } d } ? d : For(method);
    }

    /// <summary>
    /// A descriptor for a method implemented elsewhere (a user's <see cref="IAttributionMethod"/>, an external process),
    /// derived from what it declares: its name and traits; kinks along its path for an
    /// <see cref="IPathAttributionMethod"/>, LRP's zero denominators for a zero-baseline method, at x otherwise; no symbolic
    /// form, numeric counterpart or query runner. <see cref="Create"/> returns the method itself.
    /// </summary>
    public static MethodDescriptor For(IAttributionMethod method)
    {
        ArgumentNullException.ThrowIfNull(method);
        bool zero = method.Traits.HasFlag(MethodTraits.ZeroBaselineOnly);
        var path = (method as IPathAttributionMethod)?.ReferencePath;
        return new MethodDescriptor
        {
            Name = method.Name,
            Summary = $"{method.Name} (a method implemented outside the toolkit)",
            Accepts = method.Traits & MethodTraits.Any,
            Baseline = zero ? BaselineUse.ZeroOnly : BaselineUse.Single,
            Distributional = method is IDistributionalAttributionMethod,
            Kinks = path is not null ? KinkScope.AlongPath : zero ? KinkScope.ZeroDenominators : KinkScope.AtInput,
            Ties = path is not null ? KinkScope.AlongPath : zero ? KinkScope.AtInput : KinkScope.AtInputOrBaseline,
            ReferencePath = path,
            MatrixRows = () => [method],
            Create = (_, _) => method,
        };
    }

    /// <summary>The name.</summary>
    public override string ToString() => Name;
}
