using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Integration;

/// <summary>
/// Enclosures of the Taylor coefficients g^(k)(t) / k!, k = 0..n, of a function of t over an interval of t, by
/// automatic differentiation in Taylor arithmetic over <see cref="Interval"/>: each node's coefficients follow from
/// its children's by the usual recurrences, in O(n^2) per node, however large the symbolic derivatives would be.
/// </summary>
/// <remarks>
/// Recurrences (Moore, Kearfott, Cloud, Introduction to Interval Analysis, 2009, section 9.2; Griewank and Walther,
/// Evaluating Derivatives, 2008, chapter 13), for u with coefficients u_k:
/// product c_k = sum_j a_j b_(k-j); reciprocal r_0 = 1/u_0, r_k = -(sum_(j=1..k) u_j r_(k-j)) / u_0;
/// exp e_k = (1/k) sum_(j=1..k) j u_j e_(k-j); log l_k = (u_k - (1/k) sum_(j=1..k-1) j l_j u_(k-j)) / u_0;
/// and for f(u) with f' = phi(f) (sigmoid: s(1 - s), tanh: 1 - th^2) or f' = psi(u) (softplus: sigmoid(u)),
/// f_k = (1/k) sum_(j=1..k) j u_j phi_(k-j). Evaluated with t the whole interval, each coefficient encloses
/// g^(k)(xi)/k! for every xi in it; evaluated at a point, it encloses the coefficient there. A kink (relu, abs, step,
/// max, min) is supported where its argument has a certified sign over the interval, so it is one smooth branch.
/// </remarks>
internal static class TaylorCoefficients
{
    /// <summary>The coefficients 0..<paramref name="order"/> of <paramref name="e"/> over <paramref name="t"/>; null when a node is not supported there.</summary>
    public static Interval[]? Of(Expr e, Interval t, int order) =>
        Eval(e, t, order, new Dictionary<Expr, Interval[]?>(ReferenceEqualityComparer.Instance));

    private static Interval[]? Eval(Expr e, Interval t, int n, Dictionary<Expr, Interval[]?> memo)
    {
        if (memo.TryGetValue(e, out var known)) return known;
        var result = Compute(e, t, n, memo);
        memo[e] = result;
        return result;
    }

    private static Interval[]? Compute(Expr e, Interval t, int n, Dictionary<Expr, Interval[]?> memo)
    {
        switch (e)
        {
            case Constant c:
                return Constant(Interval.FromRational(c.Value), n);
            case Variable v:
                if (v.Index != 0) return null;
                var x = Constant(t, n);
                if (n >= 1) x[1] = Interval.Point(1);
                return x;
            case Sum s:
            {
                var acc = Constant(Interval.Point(0), n);
                foreach (var term in s.Terms)
                {
                    var a = Eval(term, t, n, memo);
                    if (a is null) return null;
                    for (int k = 0; k <= n; k++) acc[k] += a[k];
                }
                return acc;
            }
            case Product p:
            {
                Interval[]? acc = null;
                foreach (var factor in p.Factors)
                {
                    var a = Eval(factor, t, n, memo);
                    if (a is null) return null;
                    acc = acc is null ? a : Multiply(acc, a);
                }
                return acc ?? Constant(Interval.Point(1), n);
            }
            case Power pw:
            {
                var u = Eval(pw.Base, t, n, memo);
                if (u is null) return null;
                var positive = PowerOf(u, Math.Abs(pw.Exponent));
                return pw.Exponent >= 0 ? positive : Reciprocal(positive);
            }
            case Exp ex:
            {
                var u = Eval(ex.Arg, t, n, memo);
                if (u is null) return null;
                var r = new Interval[n + 1];
                r[0] = u[0].Exp();
                for (int k = 1; k <= n; k++) r[k] = WeightedSum(u, r, k, k) / Interval.Point(k);
                return r;
            }
            case Log lg:
            {
                var u = Eval(lg.Arg, t, n, memo);
                if (u is null || !u[0].IsPositive) return null;
                var r = new Interval[n + 1];
                r[0] = u[0].Log();
                for (int k = 1; k <= n; k++)
                {
                    var s = Interval.Point(0);
                    for (int j = 1; j < k; j++) s += Interval.Point(j) * r[j] * u[k - j];
                    r[k] = (u[k] - s / Interval.Point(k)) / u[0];
                }
                return r;
            }
            case Sigmoid sg:
            {
                var u = Eval(sg.Arg, t, n, memo);
                return u is null ? null : SelfOde(u, u[0].Sigmoid(), n, (f, m) => f[m] - Square(f, m)); // s' = s (1 - s) u'
            }
            case Tanh th:
            {
                var u = Eval(th.Arg, t, n, memo);
                return u is null ? null : SelfOde(u, u[0].Tanh(), n, (f, m) => (m == 0 ? Interval.Point(1) : Interval.Point(0)) - Square(f, m)); // th' = (1 - th^2) u'
            }
            case Softplus sp:
            {
                var u = Eval(sp.Arg, t, n, memo);
                if (u is null) return null;
                var sigma = SelfOde(u, u[0].Sigmoid(), n, (f, m) => f[m] - Square(f, m));
                var r = new Interval[n + 1];
                r[0] = u[0].Softplus();
                for (int k = 1; k <= n; k++) r[k] = WeightedSum(u, sigma, k, k) / Interval.Point(k); // softplus' = sigmoid(u) u'
                return r;
            }
            default:
                return Branch(e, t, n, memo);
        }
    }

    // A kink whose argument keeps a certified sign over t is one smooth branch there.
    private static Interval[]? Branch(Expr e, Interval t, int n, Dictionary<Expr, Interval[]?> memo)
    {
        switch (e)
        {
            case Relu or LeakyRelu or Abs or Heaviside:
            {
                var arg = ((UnaryFunction)e).Arg;
                var u = Eval(arg, t, n, memo);
                if (u is null || !(u[0].IsPositive || u[0].IsNegative)) return null;
                bool positive = u[0].IsPositive;
                return e switch
                {
                    Relu => positive ? u : Constant(Interval.Point(0), n),
                    LeakyRelu l => positive ? u : Scale(u, Interval.FromRational(l.Alpha)),
                    Abs => positive ? u : Scale(u, Interval.Point(-1)),
                    _ => Constant(Interval.Point(positive ? 1 : 0), n),
                };
            }
            case Max or Min:
            {
                var args = e is Max mx ? mx.Args : ((Min)e).Args;
                var values = new List<Interval[]>();
                foreach (var a in args)
                {
                    var c = Eval(a, t, n, memo);
                    if (c is null) return null;
                    values.Add(c);
                }
                // The branch is an argument that is certainly above (max) or below (min) every other over t.
                foreach (var candidate in values)
                {
                    bool dominates = values.All(o => ReferenceEquals(o, candidate) ||
                        (e is Max ? candidate[0].Lo > o[0].Hi : candidate[0].Hi < o[0].Lo));
                    if (dominates) return candidate;
                }
                return null;
            }
            default:
                return null;
        }
    }

    // f with f_0 given and f' = phi(f) u', phi's coefficient m computed from f_0..f_m.
    private static Interval[] SelfOde(Interval[] u, Interval f0, int n, Func<Interval[], int, Interval> phi)
    {
        var f = new Interval[n + 1];
        var p = new Interval[n + 1];
        f[0] = f0;
        for (int k = 1; k <= n; k++)
        {
            p[k - 1] = phi(f, k - 1);
            f[k] = WeightedSum(u, p, k, k) / Interval.Point(k);
        }
        return f;
    }

    // sum_(j=1..k) j u_j v_(k-j)
    private static Interval WeightedSum(Interval[] u, Interval[] v, int k, int upTo)
    {
        var s = Interval.Point(0);
        for (int j = 1; j <= upTo; j++) s += Interval.Point(j) * u[j] * v[k - j];
        return s;
    }

    // coefficient m of f^2
    private static Interval Square(Interval[] f, int m)
    {
        var s = Interval.Point(0);
        for (int i = 0; i <= m; i++) s += i == m - i ? f[i].Pow(2) : f[i] * f[m - i];
        return s;
    }

    private static Interval[] Constant(Interval c, int n)
    {
        var r = new Interval[n + 1];
        r[0] = c;
        for (int k = 1; k <= n; k++) r[k] = Interval.Point(0);
        return r;
    }

    private static Interval[] Scale(Interval[] a, Interval c)
    {
        var r = new Interval[a.Length];
        for (int k = 0; k < a.Length; k++) r[k] = a[k] * c;
        return r;
    }

    private static Interval[] Multiply(Interval[] a, Interval[] b)
    {
        var r = new Interval[a.Length];
        for (int k = 0; k < r.Length; k++)
        {
            var s = Interval.Point(0);
            for (int j = 0; j <= k; j++) s += a[j] * b[k - j];
            r[k] = s;
        }
        return r;
    }

    private static Interval[] PowerOf(Interval[] u, int m)
    {
        var result = Constant(Interval.Point(1), u.Length - 1);
        if (m == 0) return result;
        var b = u;
        bool first = true;
        for (int e = m; e > 0; e >>= 1)
        {
            if ((e & 1) != 0) { result = first ? b : Multiply(result, b); first = false; }
            if (e > 1) b = Multiply(b, b);
        }
        result = (Interval[])result.Clone();
        result[0] = u[0].Pow(m); // the value itself, tight (an even power is never negative)
        return result;
    }

    private static Interval[] Reciprocal(Interval[] u)
    {
        var r = new Interval[u.Length];
        r[0] = Interval.Point(1) / u[0]; // the whole line when u_0 contains 0
        for (int k = 1; k < r.Length; k++)
        {
            var s = Interval.Point(0);
            for (int j = 1; j <= k; j++) s += u[j] * r[k - j];
            r[k] = -s / u[0];
        }
        return r;
    }
}
