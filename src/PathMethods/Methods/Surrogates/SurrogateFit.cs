using System.Collections.Concurrent;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods.Surrogates;

/// <summary>The exact fit of a surrogate linear model g(z) = b_0 + Σ_i b_i z_i on binary coalitions z (LIME, KernelSHAP):
/// the coefficients as attributions, the intercept, and the coalitions it was fitted on.</summary>
/// <param name="Attribution">The coefficients b_1..b_n as attributions, with F(x), F(x') and the derivation.</param>
/// <param name="Intercept">b_0 (KernelSHAP: φ_0 = F(x'), imposed).</param>
/// <param name="Sample">The coalitions and their multiplicities.</param>
public sealed record SurrogateFit(AttributionResult Attribution, ExactResult Intercept, CoalitionSample Sample);

/// <summary>What the surrogate methods share: the values v(S) = F(x on S, x' off S), the solved regressions kept for
/// reuse (they depend on the sample and weights only, not on F, x or x'), and the derivation for <c>--explain</c>.</summary>
internal static class Surrogate
{
    private const int CacheLimit = 256;
    private static readonly ConcurrentDictionary<object, Lazy<Solved>> Cache = new();

    /// <summary>A solved regression with its sample.</summary>
    public sealed record Solved(CoalitionSample Sample, CoalitionOperator Operator, NormalEquations Equations, string Weights);

    /// <summary>The solved regression for a key (a record naming the method and everything the sample and weights depend
    /// on), solved on first use.</summary>
    public static Solved Get(object key, Func<Solved> solve)
    {
        if (Cache.Count > CacheLimit) Cache.Clear();
        try { return Cache.GetOrAdd(key, _ => new Lazy<Solved>(solve)).Value; }
        catch { Cache.TryRemove(key, out _); throw; }
    }

    /// <summary>v(S) for the masks, F evaluated exactly (a rational for networks; a closed form or rational for functions).</summary>
    public static Dictionary<int, Expr> Values(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline, IEnumerable<int> masks)
    {
        int n = input.Count;
        Func<Rational[], Expr> value;
        if (f.Network is { } network)
        {
            if (network.Inputs != n) throw new InputArgumentException($"the network has {network.Inputs} inputs but the input has {n} coordinates");
            value = p => Ex.Const(network.Evaluate(p));
        }
        else
        {
            var e = Attribute.FunctionOf(f, n);
            value = p => e.SubstitutePoint(p);
        }
        var values = new Dictionary<int, Expr>();
        var point = new Rational[n];
        foreach (int mask in masks.Append(0).Append((1 << n) - 1))
        {
            if (values.ContainsKey(mask)) continue;
            for (int i = 0; i < n; i++) point[i] = (mask >> i & 1) == 1 ? input[i] : baseline[i];
            values[mask] = value(point);
        }
        return values;
    }

    /// <summary>Fits the solved regression to F's values at x, x': the attributions, the intercept and the derivation.</summary>
    public static SurrogateFit Fit(string method, Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline, Solved solved)
    {
        int n = input.Count;
        var values = Values(f, input, baseline, solved.Operator.Masks);
        var outputs = solved.Operator.Apply(values);
        var a = outputs[..n];
        var intercept = outputs[n];
        var fx = ExactResult.FromClosedForm(values[(1 << n) - 1]);
        var fb = ExactResult.FromClosedForm(values[0]);
        var eq = solved.Equations;
        var steps = new List<DerivationStep>
        {
            new("coalitions", () => $"{solved.Sample.Draws} draws, {solved.Sample.Coalitions.Count} distinct coalitions (1-based features on; "
                + $"off features take x'): {solved.Sample.Text()}"),
            new("weights", solved.Weights),
            new("regression", eq.Form),
            new("normal equations", () => NormalEquationsText(solved, values)),
            new("solution", () => $"{(eq.PseudoInverse ? "the normal matrix is singular: Moore-Penrose pseudo-inverse (as SHAP falls back to pinv); " : "")}"
                + $"coefficients = {ExactMath.Values(a)}, intercept = {intercept}"),
        };
        var result = new AttributionResult(method, input.ToArray(), baseline.ToArray(), a, fx, fb, null, steps);
        return new SurrogateFit(result, intercept, solved.Sample);
    }

    // "M = [[...]; ...], rhs = (...)" with M over Z[q] and the right-hand side evaluated at F's values.
    private static string NormalEquationsText(Solved solved, IReadOnlyDictionary<int, Expr> values)
    {
        var eq = solved.Equations;
        int size = eq.Unknowns.Count;
        if (size == 0) return "no unknowns: the constraints determine every coefficient";
        var rows = Enumerable.Range(0, size).Select(i => "[" + string.Join(", ", Enumerable.Range(0, size).Select(j => eq.Matrix[i, j].ToString())) + "]");
        var rhs = new CoalitionOperator(solved.Operator.Features, solved.Operator.Exponent, ZPolynomial.One, eq.Rhs).Apply(values);
        var q = solved.Operator.Exponent is { } c ? $"q = exp({c}); " : "";
        return $"{q}M ({string.Join(", ", eq.Unknowns)}) = rhs with M = [{string.Join("; ", rows)}], rhs = {ExactMath.Values(rhs)}";
    }
}
