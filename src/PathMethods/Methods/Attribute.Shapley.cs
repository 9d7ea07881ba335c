using System.Numerics;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods;

public static partial class Attribute
{
    /// <summary>The largest number of features for which baseline Shapley values are computed (2^n evaluations).</summary>
    public const int MaxShapleyFeatures = 20;

    /// <summary>
    /// Baseline Shapley values, exactly over all 2^n subsets: phi_i = sum over S not containing i of
    /// |S|! (n - |S| - 1)! / n! (v(S + i) - v(S)), v(S) = F(x_S, x'_rest).
    /// </summary>
    /// <remarks>Sundararajan and Najmi 2020; equal to the average of the staircase path methods over all n! orders. The
    /// values of an expression may be closed forms; a network's are rational.</remarks>
    /// <exception cref="ArgumentException">Dimensions differ, or n exceeds <see cref="MaxShapleyFeatures"/> (an
    /// <see cref="InputArgumentException"/>).</exception>
    public static AttributionResult BaselineShapley(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline)
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckPoints(input, baseline);
        if (f.Network is { } network)
        {
            if (input.Count != network.Inputs)
                throw new ArgumentException($"the network has {network.Inputs} inputs but the input has {input.Count} coordinates");
            return Shapley(input, baseline, p => Ex.Const(network.Evaluate(p)));
        }
        var e = FunctionOf(f, input.Count);
        return Shapley(input, baseline, p => e.SubstitutePoint(p));
    }

    private static AttributionResult Shapley(IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline, Func<Rational[], Expr> value)
    {
        int n = input.Count;
        if (n > MaxShapleyFeatures)
            throw new InputArgumentException($"baseline Shapley is computed exactly over all subsets only for n <= {MaxShapleyFeatures} features; this input has {n}");
        int count = 1 << n;
        var v = new Expr[count];
        var point = new Rational[n];
        bool allRational = true;
        for (int mask = 0; mask < count; mask++)
        {
            for (int i = 0; i < n; i++) point[i] = (mask >> i & 1) != 0 ? input[i] : baseline[i];
            v[mask] = value(point);
            allRational &= v[mask] is Constant;
        }
        var weight = new Rational[n];
        var factorial = new BigInteger[n + 1];
        factorial[0] = BigInteger.One;
        for (int k = 1; k <= n; k++) factorial[k] = factorial[k - 1] * k;
        for (int s = 0; s < n; s++) weight[s] = new Rational(factorial[s] * factorial[n - s - 1], factorial[n]);
        var a = new ExactResult[n];
        for (int i = 0; i < n; i++)
        {
            int bit = 1 << i;
            if (allRational)
            {
                Rational sum = Rational.Zero;
                for (int mask = 0; mask < count; mask++)
                    if ((mask & bit) == 0)
                        sum += weight[BitOperations.PopCount((uint)mask)] * (((Constant)v[mask | bit]).Value - ((Constant)v[mask]).Value);
                a[i] = ExactResult.FromRational(sum);
            }
            else
            {
                var terms = new List<Expr>();
                for (int mask = 0; mask < count; mask++)
                    if ((mask & bit) == 0)
                        terms.Add(Ex.Product(Ex.Const(weight[BitOperations.PopCount((uint)mask)]), Ex.Sum(v[mask | bit], Ex.Negate(v[mask]))));
                a[i] = ExactResult.FromClosedForm(Ex.Sum(terms));
            }
        }
        var steps = new List<DerivationStep>
        {
            new("coalitions", $"v(S) = F(x_S, x'_rest) at all {count} subsets S; v(all) = {v[count - 1]}, v(none) = {v[0]}"),
            new("weights", "phi_i = sum over S without i of |S|! (n-|S|-1)! / n! (v(S + i) - v(S))"),
            new("value", $"phi = {ExactMath.Values(a)}"),
        };
        return new AttributionResult("shapley", input.ToArray(), baseline.ToArray(), a,
            ExactResult.FromClosedForm(v[count - 1]), ExactResult.FromClosedForm(v[0]), null, steps);
    }
}
