using Verifier.PathMethods.Methods;
using Verifier.Symbolic;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using static Verifier.PathMethods.Tests.TestPoints;

namespace Verifier.PathMethods.Tests.Methods;

/// <summary>The rigorous error bound of quadrature IG (V/n, V/(2n), ...): the integrand's variation on known cases, and the
/// bound holding for every rule and step count on random networks and polynomials, with the exact quadrature sums.</summary>
public class QuadratureBoundTests
{
    [Theory]
    [InlineData("relu(x1 - 1)", "3", "0", 3.0)]        // step 0 -> 1 at t = 1/3 (value 0 there), times |dx| = 3
    [InlineData("x1^2", "1", "0", 2.0)]                 // g = 2t on [0, 1]
    [InlineData("3*x1", "2", "-1", 0.0)]                // constant integrand
    [InlineData("abs(x1)", "1", "-1", 4.0)]             // (-1 -> 0 at the kink -> 1) * |dx| = 2 * 2
    public void IntegrandVariation_OneFeature_AsComputedByHand(string f, string x, string b, double variation)
    {
        var v = QuadratureBound.IntegrandVariation(Subject.Of(F(f), 1), [R(x)], [R(b)])!;
        Assert.Equal(variation, v[0], 1e-9); // certified upper bound, within rounding of the exact value here
        Assert.True(v[0] >= variation);
    }

    [Fact]
    public void IntegrandVariation_NetworkAndItsExpression_Agree()
    {
        var net = new Network(1, [new DenseLayer(new Rational[,] { { 1 } }, [-1]), new ReluLayer()]);
        var a = QuadratureBound.IntegrandVariation(net, [R("3")], [R("0")])!;
        Assert.Equal([3.0], a);
    }

    public static TheoryData<IgQuadratureRule> Rules => new()
    {
        IgQuadratureRule.Left, IgQuadratureRule.Right, IgQuadratureRule.Middle, IgQuadratureRule.Trapezoid, IgQuadratureRule.CaptumTrapezoid,
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Bound_RandomNetworks_HoldsForEveryStepCount(IgQuadratureRule rule)
    {
        var rng = new Random(3);
        double tightest = 0;
        for (int trial = 0; trial < 25; trial++)
        {
            var net = RandomNetworks.Create(rng, [2, 4, 3, 1]);
            var x = RandomNetworks.Point(rng, 2);
            var b = RandomNetworks.Point(rng, 2);
            var exact = Values(Attribute.IntegratedGradients(net, x, b));
            var v = QuadratureBound.IntegrandVariation(net, x, b)!;
            foreach (int n in new[] { 2, 3, 4, 7, 16, 33 })
            {
                var numeric = Quadrature(net, x, b, rule, n);
                for (int i = 0; i < 2; i++)
                {
                    double error = (numeric[i] - exact[i]).Abs().ToDouble();
                    double bound = QuadratureBound.Bound(rule, n, v[i], exact[i].ToDouble());
                    Assert.True(error <= bound * (1 + 1e-12) + 1e-15, $"{rule} n={n} trial {trial}: error {error} > bound {bound}");
                    if (bound > 0) tightest = Math.Max(tightest, error / bound);
                }
            }
        }
        Assert.True(tightest > 0.1, $"the bound is never approached (largest error/bound {tightest})"); // a bound, not a wild overestimate
    }

    [Fact]
    public void Bound_CaptumTrapezoid_LinearFunction_IsTheWeightShortfall()
    {
        // F = 3 x1 from 0 to 2: A = 6, Captum's weights sum to (n-1)/n, so its answer is 6 (n-1)/n: error 6/n = |A|/n.
        var f = Subject.Of(F("3*x1"), 1);
        var v = QuadratureBound.IntegrandVariation(f, [R("2")], [R("0")])!;
        Assert.Equal(0, v[0]);
        Assert.Equal(6.0 / 8, QuadratureBound.Bound(IgQuadratureRule.CaptumTrapezoid, 8, v[0], 6), 1e-15);
    }

    [Theory]
    [InlineData("left", IgQuadratureRule.Left)]
    [InlineData("midpoint", IgQuadratureRule.Middle)]
    [InlineData("riemann_trapezoid", IgQuadratureRule.CaptumTrapezoid)]
    [InlineData("Captum-Trapezoid", IgQuadratureRule.CaptumTrapezoid)]
    public void ParseRule_NamesAndCaptumNames(string name, IgQuadratureRule rule) => Assert.Equal(rule, QuadratureBound.ParseRule(name));

    [Fact]
    public void ParseRule_Unknown_InputError() =>
        Assert.Contains("unknown quadrature rule 'simpson'", Assert.Throws<InputArgumentException>(() => QuadratureBound.ParseRule("simpson")).Message);

    // The rule computed exactly with the network's gradients (relu'(0) = 0) at its nodes.
    private static Rational[] Quadrature(Network net, Rational[] x, Rational[] b, IgQuadratureRule rule, int n)
    {
        var nodes = new List<(Rational T, Rational W)>();
        for (int k = 0; k < n; k++)
            nodes.Add(rule switch
            {
                IgQuadratureRule.Left => (new Rational(k, n), new Rational(1, n)),
                IgQuadratureRule.Right => (new Rational(k + 1, n), new Rational(1, n)),
                IgQuadratureRule.Middle => (new Rational(2 * k + 1, 2 * n), new Rational(1, n)),
                IgQuadratureRule.Trapezoid => (new Rational(k, n - 1), new Rational(k == 0 || k == n - 1 ? 1 : 2, 2 * (n - 1))),
                _ => (new Rational(k, n - 1), new Rational(k == 0 || k == n - 1 ? 1 : 2, 2 * n)),
            });
        var sum = new Rational[x.Length];
        foreach (var (t, w) in nodes)
        {
            var g = net.Gradient(x.Select((xi, i) => b[i] + t * (xi - b[i])).ToArray());
            for (int i = 0; i < x.Length; i++) sum[i] += w * g[i];
        }
        return sum.Select((s, i) => s * (x[i] - b[i])).ToArray();
    }
}

/// <summary>The bound on polynomial integrands, where the variation is enclosed by interval arithmetic.</summary>
public class QuadratureBoundPolynomialTests
{
    [Theory]
    [InlineData("x1^3 - 2*x1*x2 + x2^2", "2,1", "-1,1/2")]
    [InlineData("x1*x2^2 - 3*x2", "1,-2", "0,0")]
    [InlineData("relu(x1^2 - 1)*x2 + x1", "2,1", "-2,1")]
    public void Bound_Polynomials_HoldsForMidpointAndLeft(string text, string x, string b)
    {
        var f = Subject.Of(F(text), 2);
        var xs = x.Split(',').Select(R).ToArray();
        var bs = b.Split(',').Select(R).ToArray();
        var exact = Values(Attribute.IntegratedGradients(f, xs, bs));
        var v = QuadratureBound.IntegrandVariation(f, xs, bs)!;
        foreach (var rule in new[] { IgQuadratureRule.Left, IgQuadratureRule.Middle })
            foreach (int n in new[] { 1, 2, 5, 16 })
                for (int i = 0; i < 2; i++)
                {
                    Rational sum = Rational.Zero;
                    for (int k = 0; k < n; k++)
                    {
                        var t = rule == IgQuadratureRule.Left ? new Rational(k, n) : new Rational(2 * k + 1, 2 * n);
                        var point = xs.Select((xi, j) => bs[j] + t * (xi - bs[j])).ToArray();
                        sum += ((Symbolic.Expressions.Constant)f.Function!.Differentiate(i + 1).SubstitutePoint(point)).Value / n;
                    }
                    double error = (sum * (xs[i] - bs[i]) - exact[i]).Abs().ToDouble();
                    Assert.True(error <= QuadratureBound.Bound(rule, n, v[i], 0) + 1e-12, $"{rule} n={n} feature {i + 1}: {error} > bound");
                }
    }
}
