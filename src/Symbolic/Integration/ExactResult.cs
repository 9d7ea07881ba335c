using System.Globalization;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Integration;

/// <summary>
/// The value of an integral (or another real quantity): exact as a rational, exact as a closed-form constant
/// expression with a certified enclosure for printing, or, when no closed form is known, an honest certified
/// enclosure marked not exact (DESIGN.md, exactness policy 3 and 4).
/// </summary>
public sealed record ExactResult
{
    private ExactResult(Expr? closedForm, Numbers.Rational? rational, Interval enclosure, string? note, RationalInterval? precise = null)
    {
        ClosedForm = closedForm;
        Rational = rational;
        Enclosure = enclosure;
        Note = note;
        PreciseEnclosure = precise;
    }

    /// <summary>The exact value as a variable-free canonical expression; null when no closed form was found.</summary>
    public Expr? ClosedForm { get; }

    /// <summary>The exact value when it is rational (then <see cref="ClosedForm"/> is that constant); otherwise null.</summary>
    public Numbers.Rational? Rational { get; }

    /// <summary>
    /// A certified enclosure of the value: the tightest double interval around a rational, the interval evaluation
    /// of a closed form, or the result of certified quadrature.
    /// </summary>
    public Interval Enclosure { get; }

    /// <summary>
    /// A certified enclosure with rational endpoints of width at most the requested
    /// <see cref="ExactOptions.EnclosureWidth"/>, set by <see cref="FromClosedForm"/> when the double interval
    /// evaluation was wider than requested (<see cref="Enclosure"/> is then its outward rounding to doubles, which can
    /// still be wider when the value is large); null otherwise.
    /// </summary>
    public RationalInterval? PreciseEnclosure { get; }

    /// <summary>True when the value is known exactly (<see cref="ClosedForm"/> is set).</summary>
    public bool IsExact => ClosedForm is not null;

    /// <summary>Why the result is not exact, or a caveat on its enclosure (e.g. the requested width was not reached); null when there is nothing to say.</summary>
    public string? Note { get; }

    /// <summary>An exact rational value.</summary>
    public static ExactResult FromRational(Numbers.Rational value) =>
        new(Ex.Const(value), value, Interval.FromRational(value), null);

    /// <summary>
    /// <see cref="FromRational"/> of each value, in parallel when there are many (an MNIST attribution vector: 784
    /// fractions of 14,000-bit terms, whose double enclosures take some 13 us each).
    /// </summary>
    public static ExactResult[] FromRationals(IReadOnlyList<Numbers.Rational> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var results = new ExactResult[values.Count];
        if (values.Count < 256) for (int i = 0; i < results.Length; i++) results[i] = FromRational(values[i]);
        else Parallel.For(0, results.Length, i => results[i] = FromRational(values[i]));
        return results;
    }

    /// <summary>
    /// An exact closed-form value; its enclosure is computed by interval evaluation (<c>closedForm.Enclose([])</c>).
    /// </summary>
    /// <remarks>
    /// Interval evaluation in double precision gives an enclosure a few ulps wide per operation; for large or
    /// ill-conditioned closed forms it can be wider than <see cref="ExactOptions.EnclosureWidth"/>. Only then is the
    /// closed form enclosed again with arbitrary precision (<see cref="Expr.EncloseToWidth"/>), setting
    /// <see cref="PreciseEnclosure"/> and narrowing <see cref="Enclosure"/> as far as doubles allow. The value itself is
    /// exact; when the double enclosure stays wider than requested (or the precise one cannot be computed),
    /// <see cref="Note"/> says so.
    /// </remarks>
    /// <param name="closedForm">A variable-free expression.</param>
    /// <param name="options">The requested enclosure width; defaults to <see cref="ExactOptions.Current"/>.</param>
    /// <exception cref="ArgumentException">The expression contains a variable.</exception>
    public static ExactResult FromClosedForm(Expr closedForm, ExactOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(closedForm);
        if (!closedForm.IsConstant) throw new ArgumentException("a closed-form value must be variable-free", nameof(closedForm));
        if (closedForm is Constant c) return FromRational(c.Value);
        options ??= ExactOptions.Current;
        var enclosure = EncloseConstant(closedForm);
        if (enclosure.Width <= options.EnclosureWidth) return new(closedForm, null, enclosure, null);
        var (precise, beyondBudget) = EnclosePrecisely(closedForm, options);
        if (precise is { } p)
        {
            var hull = Interval.Hull(p.Lo, p.Hi);
            double lo = Math.Max(hull.Lo, enclosure.Lo), hi = Math.Min(hull.Hi, enclosure.Hi);
            enclosure = lo <= hi ? new Interval(lo, hi) : hull; // both are certified, so is their intersection
        }
        string? note = enclosure.Width <= options.EnclosureWidth ? null
            : beyondBudget is not null ? beyondBudget
            : precise is null
                ? $"the interval evaluation of the exact closed form has width {Format(enclosure.Width)}, wider than the requested {Format(options.EnclosureWidth)}"
                : $"the double enclosure of the exact closed form has width {Format(enclosure.Width)}, wider than the requested {Format(options.EnclosureWidth)} (doubles cannot resolve it); PreciseEnclosure has the requested width";
        return new(closedForm, null, enclosure, note, precise);
    }

    /// <summary>
    /// The double nearest the value: the rational rounded; for a closed form, the double both ends of a rational
    /// enclosure round to (at 64, then 256 bits), so that a value beyond the double range is ±infinity and one below
    /// the smallest subnormal is 0, as IEEE rounding gives; otherwise (and when not exact) the midpoint of the
    /// enclosure.
    /// </summary>
    public double ToDouble()
    {
        if (Rational is { } q) return q.ToNearestDouble();
        if (ClosedForm is { } c)
        {
            foreach (int bits in (ReadOnlySpan<int>)[64, 256])
            {
                try
                {
                    var r = c.EncloseRational(bits);
                    double lo = r.Lo.ToNearestDouble(), hi = r.Hi.ToNearestDouble();
                    if (lo == hi) return lo; // rounding is monotone, so the value rounds to it too
                }
                catch (ArithmeticException) { break; }
            }
        }
        return PreciseEnclosure is { } p ? p.Mid.ToNearestDouble() : Enclosure.Mid;
    }

    /// <summary>A value known only through a certified enclosure (not exact).</summary>
    /// <param name="enclosure">An interval certified to contain the value.</param>
    /// <param name="note">Why there is no exact value, or how the enclosure was obtained.</param>
    public static ExactResult FromEnclosure(Interval enclosure, string? note = null) => new(null, null, enclosure, note);

    /// <summary>
    /// The sum (e.g. of integrals over adjacent pieces): exact + exact stays exact, with closed forms summed through
    /// <see cref="Ex.Sum(Expr[])"/>; anything else becomes a certified enclosure, the sum of the enclosures.
    /// </summary>
    public static ExactResult Add(ExactResult a, ExactResult b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var note = JoinNotes(a.Note, b.Note);
        if (a.Rational is { } ra && b.Rational is { } rb) return FromRational(ra + rb);
        var sumOfEnclosures = a.Enclosure + b.Enclosure;
        if (a.ClosedForm is null || b.ClosedForm is null) return FromEnclosure(sumOfEnclosures, note);
        var closed = Ex.Sum(a.ClosedForm, b.ClosedForm);
        if (closed is Constant c) return FromRational(c.Value);
        // Both are certified enclosures of the same number, so their intersection is one too.
        var direct = EncloseConstant(closed);
        var lo = Math.Max(direct.Lo, sumOfEnclosures.Lo);
        var hi = Math.Min(direct.Hi, sumOfEnclosures.Hi);
        return new(closed, null, lo <= hi ? new Interval(lo, hi) : direct, note);
    }

    /// <summary>The negated value (e.g. the integral with its endpoints swapped).</summary>
    public ExactResult Negate()
    {
        if (Rational is { } r) return FromRational(-r);
        return new(ClosedForm is null ? null : Ex.Negate(ClosedForm), null, -Enclosure, Note, PreciseEnclosure is { } p ? -p : null);
    }

    /// <summary>The rational, or "closed form ∈ enclosure", or "enclosure (not exact: note)".</summary>
    public override string ToString()
    {
        if (Rational is { } r) return r.ToString();
        if (ClosedForm is not null) return $"{ClosedForm} ∈ {Enclosure}";
        return Note is null ? $"{Enclosure} (not exact)" : $"{Enclosure} (not exact: {Note})";
    }

    // Interval evaluation of a variable-free expression; the whole line if it cannot be bounded.
    private static Interval EncloseConstant(Expr e)
    {
        try { return e.Enclose([]); }
        catch (ArithmeticException) { return Interval.Entire; }
    }

    // Arbitrary-precision enclosure of the requested width; null when it cannot be computed (limit or domain), with the
    // reason when the width would need more digits than options.MaxDigits. The precision starts from the magnitude seen
    // at 64 bits: a value about 2^m needs about m - log2(width) bits, so exp(10^4) is enclosed in one step and
    // exp(10^6) (1.44 million bits) is refused at once rather than after doubling up to the limit.
    private static (RationalInterval? Enclosure, string? BeyondBudget) EnclosePrecisely(Expr e, ExactOptions options)
    {
        double width = options.EnclosureWidth;
        if (!(width > 0) || !double.IsFinite(width)) return (null, null);
        var w = Numbers.Rational.FromDouble(width);
        long maxBits = (long)Math.Ceiling(Math.Max(1, options.MaxDigits) * 3.3219280948873622); // log2(10) bits a digit
        try
        {
            var coarse = e.EncloseRational(64);
            if (coarse.Width <= w) return (coarse, null);
            long top = Math.Max(Top(coarse.Lo), Top(coarse.Hi));
            long needed = top - Top(w) + 16;
            if (needed > maxBits)
                return (null, $"a rational enclosure of width {Format(width)} would need about {(long)(needed / 3.3219280948873622):N0} digits, " +
                              $"beyond the limit of {options.MaxDigits:N0} (ExactOptions.MaxDigits); the exact value is the closed form");
            return (e.EncloseToWidth(w, (int)Math.Min(maxBits, int.MaxValue), (int)Math.Max(64, needed)), null);
        }
        catch (ArithmeticException) { return (null, null); }
    }

    // The exponent just above |r|: |r| < 2^Top(r).
    private static long Top(Numbers.Rational r) =>
        r.IsZero ? long.MinValue / 4 : (long)System.Numerics.BigInteger.Abs(r.Numerator).GetBitLength() - (long)r.Denominator.GetBitLength() + 1;

    private static string? JoinNotes(string? a, string? b) =>
        a is null ? b : b is null ? a : a == b ? a : a + "; " + b;

    private static string Format(double x) => x.ToString("G3", CultureInfo.InvariantCulture);
}
