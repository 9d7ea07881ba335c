using System.Collections.Immutable;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// One entry of the <see cref="ActivationCatalogue"/>: an activation's name (its <c>type</c> in the network file), its
/// rational parameters (JSON fields, in order), their constraints, and how to build the layer. Everything else about
/// the activation derives from the layer's <see cref="ActivationLayer.Function"/>.
/// </summary>
/// <remarks>
/// The network file, the random generators and the shrinkers read kinds from here, so a new activation is its layer
/// record, its kind, and one line in the catalogue.
/// </remarks>
public sealed class ActivationKind
{
    private readonly Func<IReadOnlyList<Rational>, string?> _problem;
    private readonly Func<IReadOnlyList<Rational>, ActivationLayer> _create;

    /// <summary>A kind; <paramref name="create"/> receives parameters that passed <paramref name="problem"/>.</summary>
    /// <param name="name">The layer's <c>type</c> in the network file (also its <see cref="Layer.TypeName"/>).</param>
    /// <param name="summary">The function for people, e.g. <c>clip(z, lo, hi) = min(max(z, lo), hi)</c>.</param>
    /// <param name="parameterNames">The parameters' JSON field names, in the order <paramref name="create"/> takes them.</param>
    /// <param name="problem">Why parameter values break the kind's constraints, or null when they are valid (the count is checked before).</param>
    /// <param name="create">The layer for valid parameter values.</param>
    /// <param name="shrinkCost">The kind's own size in the shrinkers' measure, to which the parameters' sizes are added (relu 2, abs 6).</param>
    /// <param name="simpler">A simpler kind without parameters that shrinkers try in its place (relu for leaky_relu, abs and clip), or null.</param>
    /// <param name="shrinkParameters">Whether shrinkers try smaller parameter values (leaky_relu: no, as before the catalogue).</param>
    public ActivationKind(string name, string summary, IReadOnlyList<string> parameterNames,
        Func<IReadOnlyList<Rational>, string?> problem, Func<IReadOnlyList<Rational>, ActivationLayer> create,
        int shrinkCost = 0, ActivationKind? simpler = null, bool shrinkParameters = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(parameterNames);
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(create);
        if (simpler is { ParameterNames.Length: > 0 }) throw new ArgumentException("the simpler kind must have no parameters", nameof(simpler));
        Name = name;
        Summary = summary;
        ParameterNames = [.. parameterNames];
        _problem = problem;
        _create = create;
        ShrinkCost = shrinkCost;
        Simpler = simpler;
        ShrinkParameters = shrinkParameters;
    }

    /// <summary>The layer's <c>type</c> in the network file, e.g. <c>clip</c>.</summary>
    public string Name { get; }

    /// <summary>The function for people, e.g. <c>clip(z, lo, hi) = min(max(z, lo), hi)</c>.</summary>
    public string Summary { get; }

    /// <summary>The parameters' JSON field names, in order (e.g. <c>lo</c>, <c>hi</c>); empty for relu.</summary>
    public ImmutableArray<string> ParameterNames { get; }

    /// <summary>The kind's own size in the shrinkers' measure (the parameters' sizes are added to it).</summary>
    public int ShrinkCost { get; }

    /// <summary>A simpler kind without parameters that shrinkers try in this kind's place, or null.</summary>
    public ActivationKind? Simpler { get; }

    /// <summary>Whether shrinkers try smaller values of the parameters.</summary>
    public bool ShrinkParameters { get; }

    /// <summary>Why <paramref name="parameters"/> are not valid for this kind (wrong count or a broken constraint), or null.</summary>
    public string? Problem(IReadOnlyList<Rational> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count != ParameterNames.Length)
            return ParameterNames.Length == 0 ? $"{Name} takes no parameters, not {parameters.Count}"
                : $"{Name} takes {ParameterNames.Length} parameter{(ParameterNames.Length == 1 ? "" : "s")} ({string.Join(", ", ParameterNames)}), not {parameters.Count}";
        return _problem(parameters);
    }

    /// <summary>The layer with these parameter values.</summary>
    /// <exception cref="NetworkFormatException">The values are not valid (<see cref="Problem"/>); the message starts with "<c>name layer: </c>".</exception>
    public ActivationLayer Create(IReadOnlyList<Rational> parameters)
    {
        var problem = Problem(parameters);
        if (problem is not null) throw new NetworkFormatException($"{Name} layer: {problem}");
        return _create(parameters);
    }

    /// <summary>The layer with these parameter values, or null when they are not valid.</summary>
    public ActivationLayer? TryCreate(IReadOnlyList<Rational> parameters) => Problem(parameters) is null ? _create(parameters) : null;

    /// <summary>The kind's name.</summary>
    public override string ToString() => Name;
}
