using Verifier.PathMethods.Methods;
using Verifier.PathMethods.Paths;
using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Methods;

/// <summary>
/// A baseline attribution method A(x, x', F) (Lundstrom et al. 2022, Definition 1): what the axiom checks take. Implement
/// it to check your own method; the built-in methods are in <see cref="BuiltInMethods"/>.
/// </summary>
public interface IAttributionMethod
{
    /// <summary>The method's name as the command line writes it (e.g. <c>ig</c>, <c>path:staircase</c>).</summary>
    string Name { get; }

    /// <summary>What the method can attribute and how it uses the baseline.</summary>
    MethodTraits Traits { get; }

    /// <summary>A(x, x', F), exactly.</summary>
    /// <param name="f">F.</param>
    /// <param name="input">x.</param>
    /// <param name="baseline">x' (all zeros for a method with <see cref="MethodTraits.ZeroBaselineOnly"/>).</param>
    AttributionResult Attribute(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline);
}

/// <summary>A method defined for a distribution of baselines, E(x, X', F) (Lundstrom et al. 2022, section 5). Methods that do
/// not implement it are lifted by averaging over the baselines (<see cref="Distributional.Attribute"/>).</summary>
public interface IDistributionalAttributionMethod : IAttributionMethod
{
    /// <summary>E(x, X', F) for a finite baseline distribution, exactly.</summary>
    AttributionResult Attribute(Subject f, IReadOnlyList<Rational> input, BaselineDistribution baselines);
}

/// <summary>A path method A^γ whose path is given in reference coordinates (<see cref="ReferencePath"/>); its
/// axioms can then be proved symbolically for polynomial F.</summary>
public interface IPathAttributionMethod : IAttributionMethod
{
    /// <summary>The path for x' = 0, x = 1, carried to other pairs by T(y) = x' + (x - x') ⊙ y.</summary>
    ReferencePath ReferencePath { get; }
}

/// <summary>What a method can attribute and how it uses the baseline.</summary>
[Flags]
public enum MethodTraits
{
    /// <summary>Nothing declared.</summary>
    None = 0,
    /// <summary>Closed-form expressions are accepted.</summary>
    Functions = 1,
    /// <summary>Piecewise-linear networks are accepted.</summary>
    Networks = 2,
    /// <summary>The method has no baseline argument: it is defined for x' = 0 only (LRP's rules).</summary>
    ZeroBaselineOnly = 4,
    /// <summary>Both functions and networks.</summary>
    Any = Functions | Networks,
}

/// <summary>Helpers on <see cref="IAttributionMethod"/>.</summary>
public static class AttributionMethodExtensions
{
    /// <summary>True when the method accepts <paramref name="f"/>.</summary>
    public static bool Accepts(this IAttributionMethod method, Subject f)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(f);
        return f.IsNetwork ? method.Traits.HasFlag(MethodTraits.Networks) : method.Traits.HasFlag(MethodTraits.Functions);
    }
}

/// <summary>A method whose result at a kink depends on the convention for relu'(0) (<see cref="Symbolic.KinkConvention"/>); the axiom
/// checks recompute a failing instance under other conventions and count it only when the violation persists.</summary>
public interface IConventionAware
{
    /// <summary>The value used for relu'(0) (and the step at 0).</summary>
    Symbolic.Numbers.Rational ReluGradientAtZero { get; }

    /// <summary>The same method with another value for relu'(0); the method itself when it uses no convention.</summary>
    IAttributionMethod WithReluGradientAtZero(Symbolic.Numbers.Rational value);
}
