using System.Diagnostics;
using Verifier.Axioms.Smt;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using static Verifier.Axioms.Tests.Smt.SmtTestSupport;

namespace Verifier.Axioms.Tests.Smt;

public sealed class SmtWriterTests
{
    [Theory]
    [InlineData("0", "0")]
    [InlineData("3", "3")]
    [InlineData("-1", "(- 1)")]
    [InlineData("1/3", "(/ 1 3)")]
    [InlineData("-1/3", "(- (/ 1 3))")]
    [InlineData("-7/2", "(- (/ 7 2))")]
    [InlineData("-123456789012345678901234567891/7", "(- (/ 123456789012345678901234567891 7))")]
    public void Number_Rationals_SmtLibText(string value, string expected)
    {
        Assert.Equal(expected, SmtWriter.Number(Q(value)));
    }

    [Fact]
    public void Number_RandomRationals_RoundTripThroughReader()
    {
        var rng = new Random(42);
        for (int i = 0; i < 500; i++)
        {
            var q = new Rational(rng.NextInt64(-1_000_000_000_000, 1_000_000_000_000), rng.NextInt64(1, 1_000_000_000));
            Assert.Equal(q, SmtModelReader.ReadNumber(SmtWriter.Number(q)));
        }
    }

    [Fact]
    public void Number_ThroughZ3_ValuesComeBackExactly()
    {
        Rational[] values = [Q("0"), Q("-1"), Q("1/3"), Q("-1/3"), Q("-7/2"), Q("98765432109876543210/3"), Q("1/1024")];
        var w = new SmtWriter();
        var xs = w.DeclareInputs("v", values.Length);
        w.AssertBox(xs, new InputBox(values, values));

        var run = SmtQueries.Run(w.Finish());

        Assert.Equal(values, run.Point(Enumerable.Range(1, values.Length).Select(i => "v" + i)));
    }

    [Fact]
    public void Term_AffineCombination_Printed()
    {
        var w = new SmtWriter();
        var x = w.DeclareInputs("x", 2);
        Assert.Equal("(+ (* 2 x1) (- x2) (/ 1 2))", w.Term(2 * x[0] - x[1] + Rational.Half));
        Assert.Equal("x2", w.Term(x[1]));
        Assert.Equal("(* (- (/ 1 3)) x1)", w.Term(new Rational(-1, 3) * x[0]));
        Assert.Equal("0", w.Term(x[0] - x[0]));
    }

    [Fact]
    public void Relu_ScaledCopiesOfOnePreactivation_ShareOneAtom()
    {
        var w = new SmtWriter();
        var x = w.DeclareInputs("x", 2);
        var u = x[0] - 2 * x[1] + 1;

        var a = w.Relu(u);
        var b = w.Relu(3 * u);
        var c = w.Relu(new Rational(-1, 2) * u);

        Assert.Equal(1, w.ReluAtomCount);
        Assert.Equal(3 * a, b);
        Assert.Equal(Rational.Half * (a - u), c); // relu(-u/2) = (relu(u) - u)/2
        Assert.Equal(LinearTerm.Zero, w.Relu(LinearTerm.Const(-5)));
        Assert.Equal(LinearTerm.Const(5), w.Relu(LinearTerm.Const(5)));
    }

    [Fact]
    public void Value_NetworkAndItsSplitRewrite_SameAtoms()
    {
        var net = TwoLayer(7, 4, 24);
        var w = new SmtWriter();
        var x = w.DeclareInputs("x", 4);

        var f = w.Value(net, x);
        int atoms = w.ReluAtomCount;
        var g = w.Value(SplitReverseAndPair(net), x);

        Assert.Equal(f, g); // the same affine combination of the same atoms
        Assert.Equal(atoms + 1, w.ReluAtomCount); // only relu(y) of the output pair is new
    }

    [Fact]
    public void Evaluate_RandomNetworksAndPoints_EqualsExactNetworkEvaluation()
    {
        var options = new RandomNetworkOptions
        {
            Activations = [RandomActivation.Relu, RandomActivation.LeakyRelu, RandomActivation.Abs, RandomActivation.MaxPool, RandomActivation.Identity],
        };
        for (int seed = 0; seed < 30; seed++)
        {
            var rng = new Random(seed);
            var net = RandomNetworks.Create(rng, [3, 5, 4, 2], options);
            var w = new SmtWriter();
            var x = w.DeclareInputs("x", 3);
            var value = w.Value(net, x);
            var tangent = w.Directional(net, x, [LinearTerm.Const(1), LinearTerm.Const(-2), LinearTerm.Const(Rational.Half)]);
            for (int trial = 0; trial < 5; trial++)
            {
                var p = RandomNetworks.Point(rng, 3, maxNumerator: 2, maxDenominator: 2);
                var inputs = new Dictionary<string, Rational> { ["x1"] = p[0], ["x2"] = p[1], ["x3"] = p[2] };
                var g = net.Gradient(p);
                Assert.Equal(net.Evaluate(p), w.Evaluate(value, inputs));
                Assert.Equal(g[0] - 2 * g[1] + g[2] / 2, w.Evaluate(tangent, inputs));
            }
        }
    }

    [Theory]
    [InlineData("3*x1 - x2/2 + 1", "0,0")]
    [InlineData("max(x1, 2*x2) - abs(x1 - 1) + leaky_relu(x2, 1/10)", "1,1/2")]
    [InlineData("relu(2*x1 - x2) - min(x1, -x2)", "1/3,-1/2")]
    public void Directional_ExpressionAtConstantPoint_EqualsExactGradientTimesDirection(string function, string point)
    {
        // A constant input point (as the node x' of a Riemann rule): x1 has a constant value but a tangent.
        var f = Subject.Of(ExprParser.Parse(function), 2);
        var p = point.Split(',').Select(Q).ToArray();
        var w = new SmtWriter();
        var v = w.DeclareInputs("v", 2);

        var tangent = w.Directional(f, [LinearTerm.Const(p[0]), LinearTerm.Const(p[1])], v);

        var g = new[] { 1, 2 }.Select(i => Verifier.Symbolic.Evaluate.Exactly(f.Function!.Differentiate(i), p).Rational!.Value).ToArray();
        Assert.Equal(g[0] * v[0] + g[1] * v[1], tangent);
    }

    [Fact]
    public void Value_NonPiecewiseLinear_ThrowsNamingSubexpression()
    {
        var w = new SmtWriter();
        var x = w.DeclareInputs("x", 2);

        var product = Assert.Throws<NotPiecewiseLinearException>(() => w.Value(ExprParser.Parse("relu(x1*x2 - 1)"), x));
        var exp = Assert.Throws<NotPiecewiseLinearException>(() => w.Value(ExprParser.Parse("x1 + exp(x2)"), x));

        Assert.Contains("'x1*x2'", product.Message);
        Assert.Contains("'exp(x2)'", exp.Message);
        Assert.IsAssignableFrom<ArgumentException>(exp);
        Assert.IsAssignableFrom<Verifier.Symbolic.IInputError>(exp);
    }

    [Fact]
    public void DeclareReal_BadOrDuplicateName_Throws()
    {
        var w = new SmtWriter();
        w.DeclareReal("x1");
        Assert.Throws<ArgumentException>(() => w.DeclareReal("x1"));
        Assert.Throws<ArgumentException>(() => w.DeclareReal("x 1"));
        Assert.Throws<ArgumentException>(() => w.DeclareReal("(x)"));
    }

    [Fact]
    public void ExprTerm_Polynomial_WrittenWhenNonlinearAllowed()
    {
        var f = ExprParser.Parse("x1^2*x2 - 3");
        Assert.Throws<NotPiecewiseLinearException>(() => SmtWriter.ExprTerm(f, ["x1", "x2"]));
        Assert.Equal("(+ (* (* x1 x1) x2) (- 3))", SmtWriter.ExprTerm(f, ["x1", "x2"], allowNonlinear: true));
    }

    [Fact]
    public void ExprTerm_KinksAsIteWithLet()
    {
        Assert.Equal("(let ((let1 (+ x1 (- 1)))) (ite (>= let1 0) let1 0))", SmtWriter.ExprTerm(ExprParser.Parse("relu(x1 - 1)"), ["x1"]));
        Assert.Equal("(ite (>= x1 x2) x1 x2)", SmtWriter.ExprTerm(ExprParser.Parse("max(x1, x2)"), ["x1", "x2"]));
        Assert.Throws<ArgumentException>(() => SmtWriter.ExprTerm(ExprParser.Parse("exp(x1)"), ["x1"], allowNonlinear: true));
    }

    [Theory]
    [InlineData("max(x1, 2*x2, x3) - abs(x1 - 1) + leaky_relu(x2 - x3, 1/10)")]
    [InlineData("min(relu(x1) - relu(x2 - 1/2), x3, -x1)")]
    public void ExprTerm_AgreesWithAtomEncoding_ProvedByZ3(string function)
    {
        var f = ExprParser.Parse(function);
        var w = new SmtWriter();
        var x = w.DeclareInputs("x", 3);
        w.AssertBox(x, InputBox.Uniform(3, -2, 2));
        var encoded = w.Define("F", w.Value(f, x));
        w.Assert($"(not (= {SmtWriter.ExprTerm(f, ["x1", "x2", "x3"])} {w.Term(encoded)}))");

        Assert.Equal(SmtStatus.Proved, SmtQueries.Run(w.Finish()).Status);
    }

    [Fact]
    public void Golden_SmallNetwork_MatchesFile() => AssertGolden("network.smt2", GoldenNetworkScript());

    [Fact]
    public void Golden_SmallExpression_MatchesFile() => AssertGolden("expression.smt2", GoldenExpressionScript());

    [Theory]
    [InlineData("network.smt2")]
    [InlineData("expression.smt2")]
    public void Golden_ScriptsRunWithZ3_Sat(string file)
    {
        var run = Process.Start(new ProcessStartInfo("z3", [GoldenPath(file)]) { RedirectStandardOutput = true })!;
        string stdout = run.StandardOutput.ReadToEnd();
        run.WaitForExit();
        Assert.StartsWith("sat\n((x1 ", stdout);
        Assert.DoesNotContain("error", stdout);
    }

    /// <summary>dense 2->3, relu, maxpool [[0,1],[1,2]], dense 2->1: its value and its gradient along e1 on [-1, 1]^2.</summary>
    internal static string GoldenNetworkScript()
    {
        var net = new Network(2, [
            new DenseLayer([Point("1", "-1"), Point("1/2", "2"), Point("-1", "0")], Point("0", "-1", "1/3")),
            new ReluLayer(),
            new MaxPoolLayer([[0, 1], [1, 2]]),
            new DenseLayer([Point("1", "-3/2")], Point("1/4")),
        ]);
        var w = new SmtWriter(title: "golden: a small network, its value and dF/dx1");
        var x = w.DeclareInputs("x", 2);
        w.AssertBox(x, InputBox.Uniform(2, -1, 1));
        w.Define("F", w.Value(net, x));
        w.Define("g1", w.Directional(net, x, [LinearTerm.Const(1), LinearTerm.Zero]));
        return w.Finish().Text;
    }

    /// <summary>An expression with max, abs and leaky relu: its value and its derivative along (1/2, -1) on [-1, 2] x [0, 0].</summary>
    internal static string GoldenExpressionScript()
    {
        var f = Subject.Of(ExprParser.Parse("max(x1, 2*x2) - abs(x1 - 1) + leaky_relu(x2, 1/10)"), 2);
        var w = new SmtWriter(title: "golden: a small expression, its value and its derivative along (1/2, -1)");
        var x = w.DeclareInputs("x", 2);
        w.AssertBox(x, new InputBox([Q("-1"), Q("0")], [Q("2"), Q("0")]));
        w.Define("F", w.Value(f, x));
        w.Define("D", w.Directional(f, x, [LinearTerm.Const(Rational.Half), LinearTerm.Const(-1)]));
        return w.Finish().Text;
    }

    private static string GoldenPath(string file) => Path.Combine(AppContext.BaseDirectory, "Smt", "Golden", file);

    private static void AssertGolden(string file, string actual)
    {
        string expected = File.ReadAllText(GoldenPath(file)).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Equal(expected, actual);
    }
}
