using FsCheck;
using FsCheck.Fluent;
using Verifier.Axioms.Methods;
using Verifier.Symbolic;

namespace Verifier.Axioms.Search;

/// <summary>What a property search draws from for one method: the dimensions and the function families the method accepts.</summary>
internal sealed class SearchSpace
{
    public SearchSpace(IAttributionMethod method, CheckOptions options, int minDimension = 1)
    {
        Method = method;
        // An axiom that needs more features than --max-dim allows (symmetry swaps two) still gets them.
        MinDimension = minDimension;
        MaxDimension = Math.Max(options.MaxDimension, MinDimension);
        Families = options.Families.Where(f => f == Family.Network
            ? method.Traits.HasFlag(MethodTraits.Networks)
            : method.Traits.HasFlag(MethodTraits.Functions)).ToArray();
    }

    public IAttributionMethod Method { get; }

    public int MinDimension { get; }

    public int MaxDimension { get; }

    public IReadOnlyList<Family> Families { get; }

    public bool IsEmpty => Families.Count == 0;

    /// <summary>True when the method fixes x' = 0.</summary>
    public bool ZeroBaseline => Method.Traits.HasFlag(MethodTraits.ZeroBaselineOnly);

    /// <summary>A dimension in range.</summary>
    public Gen<int> Dimension => Gen.Choose(MinDimension, MaxDimension);

    /// <summary>F of dimension n from one of the families (smooth functions less often: their integrals are slower).</summary>
    public Gen<Subject> Function(int n) =>
        Gen.Frequency(Families.Select(f => (f == Family.Smooth ? 1 : 3, SubjectGen.Of(f, n))).ToArray());

    /// <summary>F of dimension n non-decreasing in every input on the non-negative orthant.</summary>
    public Gen<Subject> Monotone(int n)
    {
        var gens = new List<(int, Gen<Subject>)>();
        if (Families.Any(f => f != Family.Network)) gens.Add((1, SubjectGen.MonotonePolynomial(n)));
        if (Families.Contains(Family.Network)) gens.Add((1, SubjectGen.MonotoneNetwork(n)));
        return Gen.Frequency(gens.ToArray());
    }

    /// <summary>A baseline: zero for zero-baseline methods, otherwise a random point.</summary>
    public Gen<Symbolic.Numbers.Rational[]> Baseline(int n) =>
        ZeroBaseline ? Gen.Constant(new Symbolic.Numbers.Rational[n]) : SubjectGen.Point(n);
}
