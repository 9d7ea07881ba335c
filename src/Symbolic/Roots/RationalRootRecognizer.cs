using System.Numerics;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Roots;

/// <summary>
/// Decides exactly whether isolated roots of a square-free primitive integer polynomial d are rational, and finds
/// them when they are.
/// </summary>
/// <remarks>
/// <para>Rational root theorem: a root u/q in lowest terms has q dividing the leading coefficient L, so L r is an
/// integer for every rational root r. An isolating interval (a, b) therefore holds a rational root only if an
/// integer m lies in (L a, L b), and once at most one does, testing d(m / L) = 0 settles the question.</para>
/// <para>Two accelerations keep this cheap. First, a modular filter: a rational root reduces to a root of d modulo
/// every prime p not dividing L, so if d has no root in some F_p it has no rational root at all (tried over
/// <see cref="FilterPrimes"/>). Second, the interval is narrowed by Newton's method safeguarded by bisection
/// (as in "rtsafe", Press et al., Numerical Recipes, section 9.4) on the grid of multiples of 1/(16 L), so the
/// iterates never grow past that denominator; once a Newton step is below 1/L, the candidate window
/// ((m - 1/2)/L, (m + 1/2)/L) around the nearest m is certified by two exact sign tests. Plain bisection, which
/// always terminates, finishes the job if the safeguarded iteration has not settled it within
/// <see cref="MaxNewtonSteps"/> steps.</para>
/// </remarks>
internal sealed class RationalRootRecognizer
{
    /// <summary>Primes for the modular filter (those dividing L are skipped).</summary>
    private static readonly int[] FilterPrimes =
        [101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223, 227];

    private const int MaxNewtonSteps = 200;

    private readonly BigInteger[] _d, _dPrime;
    private readonly BigInteger _lead, _grid;
    private readonly int _maxBits;
    private readonly bool _mayHaveRationalRoots;

    /// <summary>A recogniser for the roots of <paramref name="d"/> (primitive, square-free, degree &gt;= 1), giving up when L (b - a) exceeds 2^<paramref name="maxBits"/>.</summary>
    public RationalRootRecognizer(BigInteger[] d, int maxBits)
    {
        _d = d;
        _dPrime = IntegerPolynomial.Derivative(d);
        _lead = BigInteger.Abs(d[^1]);
        _grid = 16 * _lead;
        _maxBits = maxBits;
        _mayHaveRationalRoots = d.Length == 2 || HasRootModuloEveryFilterPrime(d, _lead);
    }

    /// <summary>The root made exact when it is rational; otherwise the root, possibly with a narrower interval.</summary>
    public RealRoot Recognise(RealRoot root)
    {
        if (root.IsExact) return root;
        if (_d.Length == 2) return RealRoot.FromRational(new Rational(-_d[0], _d[1]));
        if (!_mayHaveRationalRoots) return root;
        Rational lo = root.Lo, hi = root.Hi;
        int sLo = root.SignAtLo;
        var lastStep = hi - lo;
        var x = OnGrid((lo + hi) / 2);
        for (int step = 0; step < MaxNewtonSteps; step++)
        {
            if (Settle(root, lo, hi) is { } settled) return settled;
            // Evaluate d and d' at x = n/m: V = m^deg d(x), W = m^(deg - 1) d'(x).
            BigInteger n = x.Numerator, m = x.Denominator;
            var v = IntegerPolynomial.Homogeneous(_d, n, m);
            if (v.IsZero) return RealRoot.FromRational(x);
            if (v.Sign == sLo) lo = x; else hi = x;

            Rational? next = null;
            var w = IntegerPolynomial.Homogeneous(_dPrime, n, m);
            if (!w.IsZero)
            {
                var y = new Rational(RoundedQuotient(_grid * (n * w - v), m * w), _grid); // x - d(x)/d'(x), on the grid
                var dy = (y - x).Abs();
                if (lo < y && y < hi && dy * 2 <= lastStep)
                {
                    if (dy * _lead >= 1) { next = y; lastStep = dy; }
                    else if (TryCertify(y, ref lo, ref hi, sLo) is { } exact) return exact;
                }
            }
            if (next is null)
            {
                if (Settle(root, lo, hi) is { } done) return done;
                next = OnGrid((lo + hi) / 2);
                lastStep = hi - lo;
            }
            x = next.Value;
        }
        return Bisect(root.WithInterval(lo, hi));
    }

    // Plain bisection until at most one candidate remains: slow but always terminates.
    private RealRoot Bisect(RealRoot root)
    {
        while (true)
        {
            if (Settle(root, root.Lo, root.Hi) is { } settled) return settled;
            root = root.Bisect();
        }
    }

    // The final answer when at most one candidate m / L lies in (lo, hi), or when there are too many to search; else null.
    private RealRoot? Settle(RealRoot root, Rational lo, Rational hi)
    {
        if (root.IsExact) return root;
        var first = (_lead * lo).Floor() + 1;
        var last = (_lead * hi).Ceiling() - 1;
        var count = last - first + 1;
        if (count.Sign <= 0) return root.WithInterval(lo, hi);
        if (count.IsOne)
        {
            var candidate = new Rational(first, _lead);
            return IntegerPolynomial.SignAt(_d, candidate) == 0 ? RealRoot.FromRational(candidate) : root.WithInterval(lo, hi);
        }
        return count.GetBitLength() > _maxBits ? root.WithInterval(lo, hi) : null;
    }

    // Tests the window ((k - 1/2)/L, (k + 1/2)/L) around k = round(L y): narrows (lo, hi) to it when the sign change
    // is inside, or to the side the signs point to otherwise. Returns the root when an end of the window is it.
    private RealRoot? TryCertify(Rational y, ref Rational lo, ref Rational hi, int sLo)
    {
        var k = RoundToInteger(_lead * y);
        var a = Rational.Max(lo, new Rational(2 * k - 1, 2 * _lead));
        var b = Rational.Min(hi, new Rational(2 * k + 1, 2 * _lead));
        int sa = a == lo ? sLo : IntegerPolynomial.SignAt(_d, a);
        if (sa == 0) return RealRoot.FromRational(a);
        int sb = b == hi ? -sLo : IntegerPolynomial.SignAt(_d, b);
        if (sb == 0) return RealRoot.FromRational(b);
        if (sa != sLo) hi = a;        // the root is left of the window
        else if (sb == sLo) lo = b;   // the root is right of the window
        else { lo = a; hi = b; }      // the root is in the window
        return null;
    }

    private Rational OnGrid(Rational r) => new(RoundToInteger(_grid * r), _grid);

    private static BigInteger RoundToInteger(Rational r) => (r + Rational.Half).Floor();

    // The integer nearest a / b (b non-zero), without forming the rational.
    private static BigInteger RoundedQuotient(BigInteger a, BigInteger b)
    {
        if (b.Sign < 0) { a = -a; b = -b; }
        var q = BigInteger.DivRem(2 * a + b, 2 * b, out var r); // floor((a + b/2) / b)
        return r.Sign < 0 ? q - 1 : q;
    }

    // False when d has no root modulo some filter prime, which proves it has no rational root.
    private static bool HasRootModuloEveryFilterPrime(BigInteger[] d, BigInteger lead)
    {
        var residues = new long[d.Length];
        foreach (int p in FilterPrimes)
        {
            if ((lead % p).IsZero) continue;
            for (int i = 0; i < d.Length; i++)
            {
                long c = (long)(d[i] % p);
                residues[i] = c < 0 ? c + p : c;
            }
            bool found = false;
            for (long r = 0; r < p && !found; r++)
            {
                long v = 0;
                for (int i = residues.Length - 1; i >= 0; i--) v = (v * r + residues[i]) % p;
                found = v == 0;
            }
            if (!found) return false;
        }
        return true;
    }
}
