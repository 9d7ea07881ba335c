using System.Globalization;
using System.Numerics;

namespace Verifier.Symbolic.Numbers;

/// <summary>
/// An exact rational number p/q over <see cref="BigInteger"/>, always in lowest terms with q &gt; 0.
/// </summary>
/// <remarks>
/// There is one normalising constructor. The denominator is stored minus one, so that
/// <c>default(Rational)</c> is 0/1 and never 0/0.
/// </remarks>
public readonly struct Rational : IEquatable<Rational>, IComparable<Rational>, IComparable
{
    private readonly BigInteger _num;
    private readonly BigInteger _denMinusOne; // so that default(Rational) == 0/1

    /// <summary>Zero.</summary>
    public static readonly Rational Zero = default;
    /// <summary>One.</summary>
    public static readonly Rational One = new(BigInteger.One);
    /// <summary>Minus one.</summary>
    public static readonly Rational MinusOne = new(BigInteger.MinusOne);
    /// <summary>One half.</summary>
    public static readonly Rational Half = new(BigInteger.One, 2);

    /// <summary>The numerator (carries the sign).</summary>
    public BigInteger Numerator => _num;
    /// <summary>The denominator, always positive.</summary>
    public BigInteger Denominator => _denMinusOne + BigInteger.One;

    /// <summary>An integer as a rational.</summary>
    public Rational(BigInteger value)
    {
        _num = value;
        _denMinusOne = BigInteger.Zero;
    }

    /// <summary>The rational <paramref name="numerator"/>/<paramref name="denominator"/>, reduced to lowest terms.</summary>
    /// <exception cref="DivideByZeroException">The denominator is zero.</exception>
    public Rational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero) throw new DivideByZeroException("Rational with zero denominator.");
        if (denominator.Sign < 0) { numerator = -numerator; denominator = -denominator; }
        if (numerator.IsZero) { _num = BigInteger.Zero; _denMinusOne = BigInteger.Zero; return; }
        if (!denominator.IsOne)
        {
            var g = BigGcd.Of(numerator, denominator);
            if (!g.IsOne) { numerator /= g; denominator /= g; }
        }
        _num = numerator;
        _denMinusOne = denominator - BigInteger.One;
    }

    /// <summary>Implicit conversion from <see cref="int"/>.</summary>
    public static implicit operator Rational(int value) => new(new BigInteger(value));
    /// <summary>Implicit conversion from <see cref="long"/>.</summary>
    public static implicit operator Rational(long value) => new(new BigInteger(value));
    /// <summary>Implicit conversion from <see cref="BigInteger"/>.</summary>
    public static implicit operator Rational(BigInteger value) => new(value);

    /// <summary>True when the value is 0.</summary>
    public bool IsZero => _num.IsZero;
    /// <summary>True when the value is 1.</summary>
    public bool IsOne => _num.IsOne && _denMinusOne.IsZero;
    /// <summary>True when the denominator is 1.</summary>
    public bool IsInteger => _denMinusOne.IsZero;
    /// <summary>-1, 0 or 1.</summary>
    public int Sign => _num.Sign;

    /// <summary>The larger of the numerator's and denominator's decimal digit counts (an estimate from the bit length, exact to within one digit).</summary>
    public long Digits
    {
        get
        {
            long bits = Math.Max(BigInteger.Abs(_num).GetBitLength(), Denominator.GetBitLength());
            return (long)Math.Ceiling(bits * 0.30102999566398120);
        }
    }

    /// <summary>Absolute value.</summary>
    public Rational Abs() => _num.Sign < 0 ? -this : this;

    /// <summary>Largest integer not greater than the value.</summary>
    public BigInteger Floor()
    {
        var q = BigInteger.DivRem(_num, Denominator, out var r);
        return r.Sign < 0 ? q - 1 : q;
    }

    /// <summary>Smallest integer not less than the value.</summary>
    public BigInteger Ceiling() => -(-this).Floor();

    /// <summary>Sum.</summary>
    public static Rational operator +(Rational a, Rational b)
    {
        if (a._num.IsZero) return b;
        if (b._num.IsZero) return a;
        if (a.IsInteger && b.IsInteger) return new Rational(a._num + b._num);
        var ad = a.Denominator; var bd = b.Denominator;
        return new Rational(a._num * bd + b._num * ad, ad * bd);
    }

    /// <summary>Difference.</summary>
    public static Rational operator -(Rational a, Rational b) => a + (-b);
    /// <summary>Negation.</summary>
    public static Rational operator -(Rational a) => a.IsInteger ? new Rational(-a._num) : FromReduced(-a._num, a.Denominator);

    /// <summary>Product.</summary>
    public static Rational operator *(Rational a, Rational b)
    {
        if (a._num.IsZero || b._num.IsZero) return Zero;
        if (a.IsOne) return b;
        if (b.IsOne) return a;
        if (a.IsInteger && b.IsInteger) return new Rational(a._num * b._num);
        // Cross-reduce first to keep intermediate numbers small.
        var g1 = BigInteger.GreatestCommonDivisor(a._num, b.Denominator);
        var g2 = BigInteger.GreatestCommonDivisor(b._num, a.Denominator);
        return FromReduced(a._num / g1 * (b._num / g2), a.Denominator / g2 * (b.Denominator / g1));
    }

    /// <summary>Quotient.</summary>
    /// <exception cref="DivideByZeroException"><paramref name="b"/> is zero.</exception>
    public static Rational operator /(Rational a, Rational b)
    {
        if (b._num.IsZero) throw new DivideByZeroException("Division by zero.");
        return a * b.Reciprocal();
    }

    /// <summary>1/x.</summary>
    /// <exception cref="DivideByZeroException">The value is zero.</exception>
    public Rational Reciprocal()
    {
        if (_num.IsZero) throw new DivideByZeroException("Reciprocal of zero.");
        return _num.Sign > 0 ? FromReduced(Denominator, _num) : FromReduced(-Denominator, -_num);
    }

    /// <summary>Integer power (negative exponents allowed for non-zero bases).</summary>
    public Rational Pow(int exponent)
    {
        if (exponent == 0) return One;
        if (exponent < 0) return Reciprocal().Pow(-exponent);
        return FromReduced(BigInteger.Pow(_num, exponent), BigInteger.Pow(Denominator, exponent));
    }

    private static Rational FromReduced(BigInteger num, BigInteger den) => new(num, den, reduced: true);

    /// <summary>num / den that the caller knows to be in lowest terms with den &gt; 0: no greatest common divisor is taken.</summary>
    internal static Rational FromLowestTerms(BigInteger num, BigInteger den) => FromReduced(num, den);

    /// <summary>m 2^exponent, without a greatest-common-divisor search (only powers of two can cancel).</summary>
    internal static Rational FromDyadic(BigInteger m, long exponent)
    {
        if (m.IsZero) return Zero;
        if (exponent >= 0) return new Rational(m << checked((int)exponent));
        long shift = Math.Min((long)BigInteger.TrailingZeroCount(BigInteger.Abs(m)), -exponent);
        m >>= (int)shift;
        exponent += shift;
        return exponent == 0 ? new Rational(m) : FromReduced(m, BigInteger.One << checked((int)-exponent));
    }

    // Trusted constructor for values already in lowest terms with a positive denominator.
    private Rational(BigInteger num, BigInteger den, bool reduced)
    {
        _ = reduced;
        _num = num;
        _denMinusOne = num.IsZero ? BigInteger.Zero : den - BigInteger.One;
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(Rational a, Rational b) => a.Equals(b);
    /// <summary>Inequality.</summary>
    public static bool operator !=(Rational a, Rational b) => !a.Equals(b);
    /// <summary>Less than.</summary>
    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;
    /// <summary>Greater than.</summary>
    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;
    /// <summary>Less than or equal.</summary>
    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;
    /// <summary>Greater than or equal.</summary>
    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    /// <summary>The smaller of two rationals.</summary>
    public static Rational Min(Rational a, Rational b) => a <= b ? a : b;
    /// <summary>The larger of two rationals.</summary>
    public static Rational Max(Rational a, Rational b) => a >= b ? a : b;

    /// <inheritdoc />
    public bool Equals(Rational other) => _num.Equals(other._num) && _denMinusOne.Equals(other._denMinusOne);
    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Rational r && Equals(r);
    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_num, _denMinusOne);

    /// <inheritdoc />
    public int CompareTo(Rational other)
    {
        if (IsInteger && other.IsInteger) return _num.CompareTo(other._num);
        int s = _num.Sign, o = other._num.Sign;
        if (s != o) return s.CompareTo(o);
        return (_num * other.Denominator).CompareTo(other._num * Denominator);
    }

    /// <inheritdoc />
    public int CompareTo(object? obj) => obj is Rational r ? CompareTo(r) : throw new ArgumentException("Not a Rational.", nameof(obj));

    /// <summary>Lowest-terms text: <c>3/2</c>, <c>-1</c>, <c>0</c>.</summary>
    public override string ToString() =>
        IsInteger ? BigGcd.Decimal(_num) : BigGcd.Decimal(_num) + "/" + BigGcd.Decimal(Denominator);

    /// <summary>The nearest <see cref="double"/> (correctly rounded for moderate sizes; used only for approximate output).</summary>
    public double ToDouble()
    {
        if (IsInteger) return (double)_num;
        var den = Denominator;
        long nb = BigInteger.Abs(_num).GetBitLength(), db = den.GetBitLength();
        if (nb <= 52 && db <= 52) return (double)_num / (double)den;
        // Scale so that the integer quotient has 64 significant bits, then divide.
        long shift = 64 - (nb - db);
        var q = shift >= 0 ? (_num << (int)shift) / den : _num / (den << (int)(-shift));
        return Math.ScaleB((double)q, (int)-shift);
    }

    /// <summary>
    /// The nearest <see cref="double"/>, ties to even (IEEE 754 rounding), subnormals included; ±infinity beyond the
    /// double range, ±0 below half the smallest subnormal. (<see cref="ToDouble"/> truncates to 64 bits first and can be
    /// an ulp off; it is kept as it is because published outputs depend on it.)
    /// </summary>
    internal double ToNearestDouble()
    {
        if (_num.IsZero) return 0;
        var n = BigInteger.Abs(_num);
        var den = Denominator;
        long nb = n.GetBitLength(), db = den.GetBitLength();
        if (nb <= 53 && db <= 53) return (double)_num / (double)den; // both exact: IEEE division rounds correctly
        // q = floor(n/d 2^shift) has 54 or 55 bits; sticky says whether the division was inexact.
        long shift = 54 - (nb - db);
        if (shift > int.MaxValue / 2) return _num.Sign < 0 ? -0.0 : 0.0;
        if (shift < int.MinValue / 2) return _num.Sign < 0 ? double.NegativeInfinity : double.PositiveInfinity;
        var q = shift >= 0 ? BigInteger.DivRem(n << (int)shift, den, out var r) : BigInteger.DivRem(n, den << (int)-shift, out r);
        bool sticky = !r.IsZero;
        long top = (long)q.GetBitLength() - shift;        // n/d lies in [2^(top-1), 2^top)
        long ulp = Math.Max(top - 53, -1074);             // exponent of the last bit a double keeps there
        long drop = ulp + shift;                          // bits of q below that bit (at least 1)
        double magnitude;
        if (drop > q.GetBitLength()) magnitude = 0;      // below half the smallest subnormal
        else
        {
            var m = q >> (int)drop;
            var rest = q - (m << (int)drop);
            var half = BigInteger.One << (int)(drop - 1);
            int c = rest.CompareTo(half);
            if (c > 0 || (c == 0 && (sticky || !m.IsEven))) m += BigInteger.One;
            magnitude = ulp > 971 ? double.PositiveInfinity : Math.ScaleB((double)m, (int)ulp); // m <= 2^53: exact
        }
        return _num.Sign < 0 ? -magnitude : magnitude;
    }

    /// <summary>The exact value of a finite <see cref="double"/>.</summary>
    /// <exception cref="ArgumentException">NaN or infinite.</exception>
    public static Rational FromDouble(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentException($"Cannot convert {value} to an exact rational.", nameof(value));
        if (value == 0) return Zero;
        long bits = BitConverter.DoubleToInt64Bits(value);
        bool negative = bits < 0;
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent++; else mantissa |= 1L << 52;
        exponent -= 1075;
        BigInteger m = negative ? -mantissa : mantissa;
        return exponent >= 0 ? new Rational(m << exponent) : new Rational(m, BigInteger.One << -exponent);
    }

    /// <summary>Parses the exact number syntax: <c>3</c>, <c>-2/3</c>, <c>0.25</c>, <c>1e-3</c>, <c>-1.5E+2</c>, <c>+4</c>.</summary>
    /// <exception cref="FormatException">The text is not a number in that syntax; the message names the text.</exception>
    public static Rational Parse(string text, int maxDigits = int.MaxValue)
    {
        if (TryParse(text, out var r, out var error, maxDigits)) return r;
        throw new FormatException(error);
    }

    /// <summary>Try-style <see cref="Parse"/>; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string? text, out Rational value, out string error, int maxDigits = int.MaxValue)
    {
        value = Zero;
        error = "";
        if (string.IsNullOrWhiteSpace(text)) { error = "empty number"; return false; }
        var s = text.Trim();
        int slash = s.IndexOf('/');
        if (slash >= 0)
        {
            if (!TryParseDecimal(s[..slash], out var n, out error, maxDigits) || !TryParseDecimal(s[(slash + 1)..], out var d, out error, maxDigits))
            {
                error = $"'{s}' is not a number: {error}";
                return false;
            }
            if (d.IsZero) { error = $"'{s}' has a zero denominator"; return false; }
            value = n / d;
            return true;
        }
        if (!TryParseDecimal(s, out value, out error, maxDigits)) { error = $"'{s}' is not a number: {error}"; return false; }
        return true;
    }

    // [sign] digits [. digits] [(e|E) [sign] digits], read exactly.
    private static bool TryParseDecimal(string s, out Rational value, out string error, int maxDigits)
    {
        value = Zero;
        error = "";
        int i = 0;
        bool negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-')) { negative = s[i] == '-'; i++; }
        int intStart = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        string intPart = s[intStart..i];
        string fracPart = "";
        if (i < s.Length && s[i] == '.')
        {
            i++;
            int fracStart = i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            fracPart = s[fracStart..i];
        }
        if (intPart.Length == 0 && fracPart.Length == 0) { error = "expected digits"; return false; }
        long exp = 0;
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            bool expNeg = false;
            if (i < s.Length && (s[i] == '+' || s[i] == '-')) { expNeg = s[i] == '-'; i++; }
            int expStart = i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            if (i == expStart) { error = "expected exponent digits"; return false; }
            if (i - expStart > 9 || !long.TryParse(s[expStart..i], NumberStyles.None, CultureInfo.InvariantCulture, out exp))
            { error = "exponent too large"; return false; }
            if (expNeg) exp = -exp;
        }
        if (i != s.Length) { error = $"unexpected character '{s[i]}'"; return false; }
        string digits = (intPart + fracPart).TrimStart('0');
        long scale = exp - fracPart.Length;
        if (digits.Length + Math.Abs(scale) > maxDigits)
        { error = $"more than {maxDigits} digits"; return false; }
        if (digits.Length == 0) { value = Zero; return true; }
        var mantissa = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        if (negative) mantissa = -mantissa;
        value = scale >= 0 ? new Rational(mantissa * BigInteger.Pow(10, (int)scale))
                           : new Rational(mantissa, BigInteger.Pow(10, (int)-scale));
        return true;
    }
}
