using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.Symbolic.Roots;
using Verifier.Symbolic.Tests.Generators;
using Rational = Verifier.Symbolic.Numbers.Rational;

namespace Verifier.Symbolic.Tests.Roots;

public class RealRootsPropertyTests
{
    private static readonly UnivariatePolynomial T = UnivariatePolynomial.X;

    /// <summary>A product of linear factors a t - b with its rational roots b / a, times t^2 - c (c = -1, 2, 3 or 5).</summary>
    public sealed record Case(UnivariatePolynomial P, Rational[] LinearRoots, int C, Rational Lo, Rational Hi)
    {
        public override string ToString() => $"p = {P}, roots {string.Join(", ", LinearRoots)}, t^2 - {C}, on [{Lo}, {Hi}]";
    }

    private static readonly Gen<(int A, int B)> LinearFactor =
        from a in Gen.Choose(1, 6)
        from negate in Gen.Elements(false, true)
        from b in Gen.Choose(-9, 9)
        select (negate ? -a : a, b);

    private static readonly Gen<(Rational Lo, Rational Hi)> SearchInterval =
        from a in ExprGen.SmallRational
        from b in Gen.Frequency((9, ExprGen.SmallRational), (1, Gen.Constant(a)))
        select a <= b ? (a, b) : (b, a);

    private static readonly Gen<Case> Cases =
        from k in Gen.Choose(1, 5)
        from factors in Gen.ArrayOf(LinearFactor, k)
        from c in Gen.Elements(-1, 2, 3, 5)
        from interval in SearchInterval
        let p = factors.Aggregate(T * T - c, (acc, f) => acc * (f.A * T - f.B))
        select new Case(p, [.. factors.Select(f => new Rational(f.B, f.A))], c, interval.Lo, interval.Hi);

    // sign * sqrt(c) lies in [lo, hi] (c > 0 not a square, so never at an end): decided by comparing squares.
    private static bool SqrtInside(int sign, int c, Rational lo, Rational hi)
    {
        bool aboveLo = sign > 0 ? lo.Sign <= 0 || lo * lo < c : lo.Sign < 0 && lo * lo > c;
        bool belowHi = sign > 0 ? hi.Sign > 0 && hi * hi > c : hi.Sign >= 0 || hi * hi < c;
        return aboveLo && belowHi;
    }

    [Property(MaxTest = 200)]
    public Property Isolate_LinearFactorsTimesQuadratic_ExactRootsAreTheRationalOnes() =>
        Prop.ForAll(Cases.ToArbitrary(), k =>
        {
            var roots = RealRoots.Isolate(k.P, k.Lo, k.Hi);
            var expectedExact = k.LinearRoots.Where(r => k.Lo <= r && r <= k.Hi).Distinct().Order().ToList();
            var exact = roots.Where(r => r.IsExact).Select(r => r.Exact!.Value).ToList();
            var irrational = roots.Where(r => !r.IsExact).ToList();
            int expectedIrrational = k.C < 0 ? 0 : (SqrtInside(-1, k.C, k.Lo, k.Hi) ? 1 : 0) + (SqrtInside(1, k.C, k.Lo, k.Hi) ? 1 : 0);

            bool sorted = roots.Zip(roots.Skip(1)).All(pair => pair.First.Hi < pair.Second.Lo
                || (pair.First.Hi == pair.Second.Lo && !pair.First.IsExact && !pair.Second.IsExact));
            bool isolating = irrational.All(r =>
                r.Lo < r.Hi && k.Lo <= r.Lo && r.Hi <= k.Hi
                && k.P.Evaluate(r.Lo).Sign * k.P.Evaluate(r.Hi).Sign < 0                       // one sign change
                && !k.LinearRoots.Any(q => r.Lo <= q && q <= r.Hi)                           // no rational root inside
                && (SqrtInside(-1, k.C, r.Lo, r.Hi) ? 1 : 0) + (SqrtInside(1, k.C, r.Lo, r.Hi) ? 1 : 0) == 1);
            return (exact.SequenceEqual(expectedExact) && irrational.Count == expectedIrrational && sorted && isolating)
                .Label($"{k}: got [{string.Join("; ", roots)}]");
        });

    /// <summary>Random polynomials: dense ones with small integer coefficients, and products with repeated factors.</summary>
    private static readonly Gen<UnivariatePolynomial> Polynomials = Gen.OneOf(
        from n in Gen.Choose(1, 7)
        from cs in Gen.ArrayOf(Gen.Choose(-9, 9), n + 1)
        let p = new UnivariatePolynomial(cs.Select(c => (Rational)c))
        where !p.IsZero
        select p,
        from k in Gen.Choose(1, 4)
        from factors in Gen.ArrayOf(from a in Gen.Choose(1, 4) from b in Gen.Choose(-6, 6) from m in Gen.Choose(1, 3) select (a, b, m), k)
        from c in ExprGen.SmallRational
        select factors.Aggregate(T * T - c, (acc, f) => acc * (f.a * T - f.b).Pow(f.m)));

    [Property(MaxTest = 200)]
    public Property Isolate_RandomPolynomial_ConstantSignBetweenConsecutiveRoots() =>
        Prop.ForAll(Polynomials.ToArbitrary(), SearchInterval.ToArbitrary(), Gen.ArrayOf(Gen.Choose(1, 999), 5).ToArbitrary(),
            (p, interval, fractions) =>
            {
                var (lo, hi) = interval;
                var roots = RealRoots.Isolate(p, lo, hi);
                // Gaps (A, B) between consecutive isolating intervals, and the ends of [lo, hi].
                var ends = new List<Rational> { lo };
                foreach (var r in roots) { ends.Add(r.Lo); ends.Add(r.Hi); }
                ends.Add(hi);
                for (int g = 0; g + 1 < ends.Count; g += 2)
                {
                    Rational a = ends[g], b = ends[g + 1];
                    if (a >= b) continue;
                    int sign = RealRoots.SignOn(p, a, b);
                    if (sign == 0) return false.Label($"p = {p} vanishes inside gap ({a}, {b})");
                    foreach (var f in fractions)
                    {
                        var x = a + (b - a) * new Rational(f, 1000);
                        if (p.Evaluate(x).Sign != sign) return false.Label($"p = {p} changes sign in gap ({a}, {b}) at {x}");
                    }
                }
                // Inside each isolating interval of an irrational root, the sign is constant on each side of it.
                foreach (var r in roots.Where(r => !r.IsExact))
                {
                    foreach (var f in fractions)
                    {
                        var x = r.Lo + (r.Hi - r.Lo) * new Rational(f, 1000);
                        int expected = r.CompareTo(x) > 0 ? p.Evaluate(r.Lo).Sign : p.Evaluate(r.Hi).Sign;
                        if (p.Evaluate(x).Sign != expected) return false.Label($"p = {p}: sign at {x} inconsistent with root {r}");
                    }
                }
                return true.Label("ok");
            });

    [Property(MaxTest = 200)]
    public Property Refine_RandomIrrationalRoot_StaysIsolatingAndNarrow() =>
        Prop.ForAll(Polynomials.ToArbitrary(), Gen.Choose(1, 60).ToArbitrary(), (p, bits) =>
        {
            var width = new Rational(System.Numerics.BigInteger.One, System.Numerics.BigInteger.One << bits);
            return RealRoots.Isolate(p).All(r =>
            {
                var fine = r.Refine(width);
                bool inside = r.Lo <= fine.Lo && fine.Hi <= r.Hi && fine.Hi - fine.Lo <= width;
                bool ok = fine.IsExact ? p.Evaluate(fine.Exact!.Value).IsZero
                    : p.Evaluate(fine.Lo).Sign != 0 && p.Evaluate(fine.Hi).Sign != 0
                      && fine.Polynomial.Evaluate(fine.Lo).Sign * fine.Polynomial.Evaluate(fine.Hi).Sign < 0;
                return inside && ok && fine.Enclosure.Contains(fine.Lo) && fine.Enclosure.Contains(fine.Hi)
                    && Math.Abs(fine.Approx - r.Approx) <= 1e-12 * Math.Max(1, Math.Abs(r.Approx)); // tolerance: both are ~1 ulp accurate
            });
        });
}
