using Verifier.Axioms.Smt;
using Verifier.Symbolic;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Tests.Smt;

/// <summary>
/// The SMT encoding of networks that are graphs (skip connections and residual adds through sparse layers): z3 proves the
/// encoded value equals the exact forward pass, and the encoded directional derivatives are the exact gradient.
/// </summary>
public sealed class GraphNetworkEncodingTests
{
    private static readonly RandomNetworkOptions Mixed = new()
    {
        Denominators = [1, 2],
        Activations = [RandomActivation.Relu, RandomActivation.LeakyRelu, RandomActivation.Abs, RandomActivation.MaxPool],
        ExtraActivations = [ClipLayer.Definition],
    };

    [Fact]
    public void ValueAndDirectional_RandomGraphs_EqualTheForwardPassAndTheGradient()
    {
        var rng = new Random(12);
        for (int c = 0; c < 6; c++)
        {
            var net = RandomNetworks.CreateGraph(rng, [2, 3, 3, 1], Mixed);
            Assert.False(net.IsChain); // the second block of width 3 adds the first: a residual connection
            var x = RandomNetworks.Point(rng, 2, 4, 3);
            var w = new SmtWriter();
            var xs = w.DeclareInputs("x", 2);
            w.AssertBox(xs, new InputBox(x, x));
            w.Assert(SmtWriter.Not(w.Compare("=", w.Value(Subject.Of(net), xs), net.Evaluate(x))));
            Assert.Equal(SmtStatus.Proved, SmtQueries.Run(w.Finish()).Status);

            var d = new SmtWriter();
            var ds = d.DeclareInputs("x", 2);
            d.AssertBox(ds, new InputBox(x, x));
            d.Define("g1", d.Directional(Subject.Of(net), ds, [LinearTerm.Const(1), LinearTerm.Const(0)]));
            d.Define("g2", d.Directional(Subject.Of(net), ds, [LinearTerm.Const(0), LinearTerm.Const(1)]));
            var run = SmtQueries.Run(d.Finish());
            Assert.Equal(SmtStatus.Violated, run.Status);
            Assert.Equal(net.Gradient(x), run.Point(["g1", "g2"]));
        }
    }
}
