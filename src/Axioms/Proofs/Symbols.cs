using Verifier.Axioms.Methods;
using Verifier.Symbolic.Expressions;

namespace Verifier.Axioms.Proofs;

/// <summary>
/// Symbols of a symbolic proof in n features: F's variables y1..yn (indices 1..n), the input a (n+1..2n), the baseline b
/// (2n+1..3n), a second baseline b2 (3n+1..4n), then fresh symbols for coefficients and parameters. t is index 0.
/// </summary>
internal sealed class Symbols(int n)
{
    private int _next = 4 * n + 1;

    public int N { get; } = n;

    public Expr[] Input { get; } = Enumerable.Range(n + 1, n).Select(i => (Expr)Ex.Var(i)).ToArray();

    public Expr[] Baseline { get; } = Enumerable.Range(2 * n + 1, n).Select(i => (Expr)Ex.Var(i)).ToArray();

    public Expr[] Baseline2 { get; } = Enumerable.Range(3 * n + 1, n).Select(i => (Expr)Ex.Var(i)).ToArray();

    /// <summary>A new symbol.</summary>
    public Expr Fresh() => Ex.Var(_next++);

    /// <summary>Σ_α c_α y^α over every monomial of total degree ≤ <paramref name="degree"/> in the listed features
    /// (1-based), each c_α a fresh symbol: the generic polynomial.</summary>
    public Expr GenericPolynomial(int degree, IReadOnlyList<int> features)
    {
        var terms = new List<Expr>();
        foreach (var exponents in Exponents(features.Count, degree))
        {
            var factors = new List<Expr> { Fresh() };
            for (int k = 0; k < features.Count; k++)
                if (exponents[k] > 0) factors.Add(Ex.Pow(Ex.Var(features[k]), exponents[k]));
            terms.Add(Ex.Product(factors));
        }
        return Ex.Sum(terms);
    }

    /// <summary>The generic polynomial in all n features.</summary>
    public Expr GenericPolynomial(int degree) => GenericPolynomial(degree, Enumerable.Range(1, N).ToArray());

    /// <summary>F with features i and j (1-based) swapped.</summary>
    public static Expr Swap(Expr f, int i, int j) =>
        f.Substitute(new Dictionary<int, Expr> { [i] = Ex.Var(j), [j] = Ex.Var(i) });

    /// <summary>True when e is the constant 0.</summary>
    public static bool IsZero(Expr e) => e is Constant { Value.IsZero: true };

    /// <summary>Every exponent vector of <paramref name="count"/> variables with total degree at most <paramref name="degree"/>.</summary>
    internal static IEnumerable<int[]> Exponents(int count, int degree)
    {
        if (count == 0) { yield return []; yield break; }
        for (int e = 0; e <= degree; e++)
            foreach (var rest in Exponents(count - 1, degree - e))
                yield return [e, .. rest];
    }
}

/// <summary>Runs a symbolic identity for every dimension in scope and words the result.</summary>
internal static class PolynomialProof
{
    /// <summary>Checks <paramref name="identity"/> (true when every expression it builds reduces to 0) for n = minN..maxN;
    /// <paramref name="statement"/> words what the identity says.</summary>
    public static ProofOutcome? Run(IAttributionMethod method, int minN, int maxN, int degree, string statement,
        Func<SymbolicAttribution, Symbols, bool> identity)
    {
        string scope = "";
        for (int n = minN; n <= maxN; n++)
        {
            var form = SymbolicForm.Of(method, n, out scope);
            if (form is null) return null;
            if (!identity(form, new Symbols(n)))
                return new ProofOutcome(false, $"{statement} fails for n = {n}");
        }
        string features = minN == maxN ? $"n = {minN}" : $"{minN} ≤ n ≤ {maxN}";
        return new ProofOutcome(true,
            $"{statement} reduces to 0 for every polynomial F of degree ≤ {degree} in {features} features (generic coefficients) and all x, x' ({scope})");
    }
}
