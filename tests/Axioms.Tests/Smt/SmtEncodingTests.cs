using System.Globalization;
using Verifier.Axioms.Smt;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using static Verifier.Axioms.Tests.Smt.SmtTestSupport;

namespace Verifier.Axioms.Tests.Smt;

/// <summary>The value and directional-derivative encodings, evaluated by z3 at fixed points, against exact evaluation
/// and back-propagation (including points on kinks, where the conventions decide).</summary>
public sealed class SmtEncodingTests
{
    private static readonly RandomNetworkOptions KinkyNetworks = new()
    {
        MaxNumerator = 2,
        Denominators = [1],
        Activations = [RandomActivation.Relu, RandomActivation.LeakyRelu, RandomActivation.Abs, RandomActivation.Identity, RandomActivation.MaxPool],
    };

    [Fact]
    public void ValueAndGradient_RandomNetworksAtIntegerPoints_MatchExactBackpropagation()
    {
        int atKinks = 0;
        for (int seed = 0; seed < 12; seed++)
        {
            var rng = new Random(seed);
            var net = RandomNetworks.Create(rng, [3, 4, 4, 1], KinkyNetworks);
            var x = Enumerable.Range(0, 3).Select(_ => new Rational(rng.Next(-2, 3))).ToArray();
            if (net.ActivationPattern(x).Any(layer => layer.Contains(0))) atKinks++;

            var (value, gradient) = EvaluateWithZ3(Subject.Of(net), x);

            Assert.Equal(net.Evaluate(x), value);
            Assert.Equal(net.Gradient(x), gradient);
        }
        Assert.True(atKinks >= 3, $"only {atKinks} points on kinks: the conventions were barely exercised");
    }

    [Theory]
    [InlineData("max(x1, x2, x3) - min(x1, 2*x2)", "1,1,1")]
    [InlineData("max(x1, x2, x3) - min(x1, 2*x2)", "2,1,2")]
    [InlineData("abs(x1 - x2) + leaky_relu(x3, 1/10) - relu(-x1)", "1,1,0")]
    [InlineData("abs(x1 - x2) + leaky_relu(x3, 1/10) - relu(-x1)", "0,-2,-3")]
    [InlineData("relu(relu(x1 + x2) - relu(x3 - 1)) - 3*relu(x1)", "0,0,1")]
    [InlineData("relu(relu(x1 + x2) - relu(x3 - 1)) - 3*relu(x1)", "2,-1,5")]
    public void ValueAndGradient_Expressions_MatchExactDerivatives(string function, string point)
    {
        var f = Subject.Of(ExprParser.Parse(function), 3);
        var x = point.Split(',').Select(Q).ToArray();

        var (value, gradient) = EvaluateWithZ3(f, x);

        Assert.Equal(Verifier.Symbolic.Evaluate.Exactly(f.Function!, x).Rational, value);
        for (int i = 0; i < 3; i++)
            Assert.Equal(Verifier.Symbolic.Evaluate.Exactly(f.Function!.Differentiate(i + 1), x).Rational, gradient[i]);
    }

    /// <summary>F(x) and the tangents with seeds e_i, computed by z3 from the encoding at a fixed x.</summary>
    private static (Rational Value, Rational[] Gradient) EvaluateWithZ3(Subject f, Rational[] x)
    {
        var w = new SmtWriter();
        var xs = w.DeclareInputs("x", x.Length);
        w.AssertBox(xs, new InputBox(x, x));
        w.Define("F", w.Value(f, xs));
        for (int i = 0; i < x.Length; i++)
        {
            var seed = Enumerable.Range(0, x.Length).Select(j => LinearTerm.Const(j == i ? 1 : 0)).ToArray();
            w.Define("g" + (i + 1).ToString(CultureInfo.InvariantCulture), w.Directional(f, xs, seed));
        }
        var run = SmtQueries.Run(w.Finish());
        Assert.Equal(SmtStatus.Violated, run.Status); // sat: the point exists
        return (run.Model["F"], run.Point(Enumerable.Range(1, x.Length).Select(i => "g" + i)));
    }
}
