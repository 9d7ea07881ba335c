using System.Collections.Immutable;
using System.Text;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>One term <c>w relu(s (z - k))</c> of an <see cref="ActivationFunction"/>.</summary>
/// <param name="Weight">The coefficient w (never 0 in a built function).</param>
/// <param name="Sign">s = +1 (the term grows to the right of its kink) or -1 (to the left).</param>
/// <param name="Kink">The kink k, where the term's argument is 0.</param>
public readonly record struct ReluTerm(Rational Weight, int Sign, Rational Kink);

/// <summary>
/// A scalar piecewise-linear function written as <c>c0 + c1 z + sum_i w_i relu(s_i (z - k_i))</c> with rational
/// c0, c1, w_i, k_i and s_i = +-1: the one description of an element-wise activation, from which its exact value,
/// its derivative under a <see cref="KinkConvention"/>, its kinks, its slopes, its expression form and (in the other
/// projects) its line-kernel split points, SMT encoding and tensor operation are all derived.
/// </summary>
/// <remarks>
/// The form is canonical: terms with the same kink and sign are merged, zero weights dropped, and the terms sorted by
/// kink (then s = +1 before s = -1); equality compares the canonical forms. The derivative at a kink follows from
/// relu'(0) = <see cref="KinkConvention.ReluGradientAtZero"/> = c: f'(z) = c1 + sum_i w_i s_i H(s_i (z - k_i)) with H
/// the step that is c at 0. So relu'(0) = c, leaky_relu'(0) = alpha + (1 - alpha) c, and abs = relu(z) + relu(-z) has
/// abs'(0) = c - c = 0 whatever the convention.
/// </remarks>
public sealed class ActivationFunction : IEquatable<ActivationFunction>
{
    private enum Shape { General, Relu, Identity }

    private readonly Shape _shape;

    /// <summary>The function <c>constant + slope z + sum of the terms</c>.</summary>
    /// <exception cref="ArgumentException">A term's sign is not +1 or -1.</exception>
    public ActivationFunction(Rational constant, Rational slope, IEnumerable<ReluTerm> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var merged = new SortedDictionary<(Rational Kink, int Order), Rational>();
        foreach (var term in terms)
        {
            if (term.Sign is not (1 or -1)) throw new ArgumentException($"a relu term's sign must be +1 or -1, not {term.Sign}", nameof(terms));
            var key = (term.Kink, term.Sign > 0 ? 0 : 1);
            merged[key] = merged.TryGetValue(key, out var w) ? w + term.Weight : term.Weight;
        }
        Constant = constant;
        Slope = slope;
        Terms = [.. merged.Where(e => !e.Value.IsZero).Select(e => new ReluTerm(e.Value, e.Key.Order == 0 ? 1 : -1, e.Key.Kink))];
        Kinks = [.. Terms.Select(t => t.Kink).Distinct()];
        // slope_0 holds left of every kink (only the s = -1 terms are active there); crossing kink k upwards adds the
        // weights of every term at k (an s = +1 term switches on with +w, an s = -1 term switches off its -w).
        var slopes = ImmutableArray.CreateBuilder<Rational>(Kinks.Length + 1);
        var left = slope;
        foreach (var t in Terms) if (t.Sign < 0) left -= t.Weight;
        slopes.Add(left);
        foreach (var k in Kinks)
        {
            foreach (var t in Terms) if (t.Kink == k) left += t.Weight;
            slopes.Add(left);
        }
        Slopes = slopes.MoveToImmutable();
        _shape = constant.IsZero && slope.IsZero && Terms is [{ Weight.IsOne: true, Sign: 1, Kink.IsZero: true }] ? Shape.Relu
            : constant.IsZero && slope.IsOne && Terms.IsEmpty ? Shape.Identity
            : Shape.General;
    }

    /// <summary>relu(z) = max(0, z).</summary>
    public static ActivationFunction Relu { get; } = new(Rational.Zero, Rational.Zero, [new ReluTerm(Rational.One, 1, Rational.Zero)]);

    /// <summary>The identity z.</summary>
    public static ActivationFunction Identity { get; } = new(Rational.Zero, Rational.One, []);

    /// <summary>The constant c0.</summary>
    public Rational Constant { get; }

    /// <summary>The linear coefficient c1.</summary>
    public Rational Slope { get; }

    /// <summary>The relu terms in canonical order (by kink, then s = +1 first), none with weight 0.</summary>
    public ImmutableArray<ReluTerm> Terms { get; }

    /// <summary>The kinks: the distinct k_i in increasing order.</summary>
    public ImmutableArray<Rational> Kinks { get; }

    /// <summary>
    /// The slopes of the affine pieces, one more than the kinks: <c>Slopes[0]</c> left of every kink, <c>Slopes[j]</c>
    /// between <c>Kinks[j - 1]</c> and <c>Kinks[j]</c>, the last right of every kink.
    /// </summary>
    public ImmutableArray<Rational> Slopes { get; }

    /// <summary>True for relu itself (the integer line kernel and the tensor form take a fast path).</summary>
    public bool IsRelu => _shape == Shape.Relu;

    /// <summary>True for the identity z (no kinks, slope 1, constant 0).</summary>
    public bool IsIdentity => _shape == Shape.Identity;

    /// <summary>True when f(c z) = c f(z) for every c &gt; 0: no constant and every kink at 0.</summary>
    public bool IsPositivelyHomogeneous => Constant.IsZero && Kinks.All(k => k.IsZero);

    /// <summary>True when f never decreases: every slope is at least 0.</summary>
    public bool IsNonDecreasing => Slopes.All(s => s.Sign >= 0);

    /// <summary>f(z), exactly.</summary>
    public Rational Apply(Rational z)
    {
        if (_shape == Shape.Relu) return z.Sign > 0 ? z : Rational.Zero;
        if (_shape == Shape.Identity) return z;
        var acc = Slope.IsZero || z.IsZero ? Constant : Constant + Slope * z;
        foreach (var t in Terms)
        {
            var u = t.Kink.IsZero ? z : z - t.Kink;
            if (t.Sign * u.Sign > 0) acc += t.Weight * (t.Sign > 0 ? u : -u);
        }
        return acc;
    }

    /// <summary>f'(z), with relu'(0) = <see cref="KinkConvention.ReluGradientAtZero"/> in every term at its kink.</summary>
    public Rational Derivative(Rational z, KinkConvention convention)
    {
        ArgumentNullException.ThrowIfNull(convention);
        if (_shape == Shape.Relu) return z.Sign > 0 ? Rational.One : z.Sign < 0 ? Rational.Zero : convention.ReluGradientAtZero;
        if (_shape == Shape.Identity) return Rational.One;
        var d = Slope;
        foreach (var t in Terms)
        {
            int side = t.Sign * (t.Kink.IsZero ? z.Sign : (z - t.Kink).Sign);
            if (side > 0) d += t.Sign * t.Weight;
            else if (side == 0) d += t.Sign * t.Weight * convention.ReluGradientAtZero;
        }
        return d;
    }

    /// <summary>True when <paramref name="z"/> is one of the <see cref="Kinks"/>.</summary>
    public bool IsKink(Rational z) => KinkIndex(z) >= 0;

    /// <summary>The index of <paramref name="z"/> in <see cref="Kinks"/>, or -1.</summary>
    public int KinkIndex(Rational z)
    {
        int lo = 0, hi = Kinks.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            int c = z.CompareTo(Kinks[mid]);
            if (c == 0) return mid;
            if (c < 0) hi = mid - 1; else lo = mid + 1;
        }
        return -1;
    }

    /// <summary>
    /// Where z lies relative to the kinks: the sum of sign(z - k) over the kinks (for one kink k, the sign of z - k). Two
    /// values are equal exactly when they lie on the same kink or strictly inside the same piece.
    /// </summary>
    public int Region(Rational z)
    {
        int region = 0;
        foreach (var k in Kinks) region += k.IsZero ? z.Sign : z.CompareTo(k);
        return region;
    }

    /// <summary>f applied to the expression <paramref name="z"/>: <c>c0 + c1 z + sum_i w_i relu(s_i (z - k_i))</c>.</summary>
    public Expr ToExpr(Expr z)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (_shape == Shape.Identity) return z;
        var terms = new List<Expr>(Terms.Length + 2);
        if (!Constant.IsZero) terms.Add(Ex.Const(Constant));
        if (!Slope.IsZero) terms.Add(Ex.Scale(Slope, z));
        foreach (var t in Terms)
        {
            var shifted = t.Kink.IsZero ? z : Ex.Sum(z, Ex.Const(-t.Kink));
            terms.Add(Ex.Scale(t.Weight, Ex.Relu(t.Sign > 0 ? shifted : Ex.Negate(shifted))));
        }
        return terms.Count == 1 ? terms[0] : Ex.Sum(terms);
    }

    /// <summary>
    /// The same function as a constant plus relu terms only, <c>C + sum_j w_j relu(s_j (z - k_j))</c>: the linear part
    /// c1 z = c1 relu(z - k) - c1 relu(k - z) + c1 k is absorbed at the first kink k (at 0 when there is none). This is
    /// the dense - relu - dense expansion of the activation.
    /// </summary>
    public (Rational Constant, ImmutableArray<ReluTerm> Terms) ReluForm()
    {
        if (Slope.IsZero) return (Constant, Terms);
        var k = Kinks.IsEmpty ? Rational.Zero : Kinks[0];
        var absorbed = new ActivationFunction(Constant + Slope * k, Rational.Zero,
            [.. Terms, new ReluTerm(Slope, 1, k), new ReluTerm(-Slope, -1, k)]);
        return (absorbed.Constant, absorbed.Terms);
    }

    /// <inheritdoc />
    public bool Equals(ActivationFunction? other) =>
        other is not null && (ReferenceEquals(this, other)
            || (other.Constant == Constant && other.Slope == Slope && other.Terms.AsSpan().SequenceEqual(Terms.AsSpan())));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ActivationFunction f && Equals(f);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Constant);
        h.Add(Slope);
        foreach (var t in Terms) h.Add(t);
        return h.ToHashCode();
    }

    /// <summary>For people: <c>1 + relu(z - 1) - relu(z - 6)</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        void Add(Rational c, string what)
        {
            if (sb.Length == 0) sb.Append(c.Sign < 0 ? "-" : "");
            else sb.Append(c.Sign < 0 ? " - " : " + ");
            var a = c.Abs();
            if (what.Length == 0) sb.Append(a);
            else sb.Append(a.IsOne ? what : $"{a}*{what}");
        }
        if (!Constant.IsZero) Add(Constant, "");
        if (!Slope.IsZero) Add(Slope, "z");
        foreach (var t in Terms)
        {
            string shifted = t.Kink.IsZero ? "z" : t.Kink.Sign > 0 ? $"z - {t.Kink}" : $"z + {-t.Kink}";
            Add(t.Weight, t.Sign > 0 ? $"relu({shifted})" : t.Kink.IsZero ? "relu(-z)" : $"relu(-(z{shifted[1..]}))");
        }
        return sb.Length == 0 ? "0" : sb.ToString();
    }
}
