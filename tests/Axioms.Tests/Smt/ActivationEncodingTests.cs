using System.Globalization;
using Verifier.Axioms.Smt;
using Verifier.Symbolic;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Tests.Smt;

/// <summary>
/// The SMT encoding of every layer kind (the generic activation encoding on the shared relu atoms, dense and max-pool):
/// z3 proves that the encoded value equals the exact forward pass at random points, kinks included, and the encoded
/// directional derivatives equal the exact back-propagation with PyTorch's convention; relu, leaky_relu and abs keep the
/// text of their encoding from before the catalogue.
/// </summary>
public sealed class ActivationEncodingTests
{
    private static readonly string[] KindNames = ["dense", "sparse", "maxpool", "relu", "leaky_relu", "abs", "identity", "clip", "clip-hardtanh"];

    public static TheoryData<string> Kinds => new(KindNames);

    private static Rational Q(string s) => Rational.Parse(s);

    private static Layer Sample(string kind) => kind switch
    {
        "dense" => new DenseLayer([[Q("1"), Q("-1/2"), Q("0")], [Q("2"), Q("1"), Q("-1")], [Q("0"), Q("1/3"), Q("1")]], [Q("1/2"), Q("0"), Q("-1")]),
        "maxpool" => new MaxPoolLayer([[0, 1], [1, 2], [2, 0]]),
        "sparse" => new SparseLayer(3, [[(0, Q("1")), (2, Q("-1/2"))], [], [(1, Q("2")), (1, Q("1/3")), (0, Q("-1"))]], [Q("1/2"), Q("-1"), Q("0")]),
        "leaky_relu" => new LeakyReluLayer(Q("1/10")),
        "clip" => new ClipLayer(Q("0"), Q("2")),
        "clip-hardtanh" => new ClipLayer(Q("-1"), Q("1")),
        _ => ActivationCatalogue.Find(kind)!.Create([]),
    };

    // x1, x2 -> (x1 - x2, x1 + x2 - 1, x2) -> layer -> one output
    private static Network NetworkWith(string kind) => new(2,
    [
        new DenseLayer([[Q("1"), Q("-1")], [Q("1"), Q("1")], [Q("0"), Q("1")]], [Q("0"), Q("-1"), Q("0")]),
        Sample(kind),
        new DenseLayer([[Q("1"), Q("-2"), Q("1/2")]], [Q("1/4")]),
    ]);

    [Fact]
    public void Samples_CoverEveryVisitorMethodAndCatalogueKind()
    {
        var visited = KindNames.Select(k => Sample(k).Match(dense: _ => "VisitDense", activation: _ => "VisitActivation", maxPool: _ => "VisitMaxPool", sparse: _ => "VisitSparse"));
        Assert.Equal(typeof(ILayerVisitor<int>).GetMethods().Select(m => m.Name).Order(), visited.Distinct().Order());
        Assert.All(ActivationCatalogue.Kinds, kind => Assert.Contains(kind.Name, KindNames.Select(k => Sample(k).TypeName)));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Value_AtRandomPointsAndKinks_Z3ProvesItEqualsTheForwardPass(string kind)
    {
        var net = NetworkWith(kind);
        foreach (var x in Points(kind))
        {
            var w = new SmtWriter();
            var xs = w.DeclareInputs("x", 2);
            w.AssertBox(xs, new InputBox(x, x));
            w.Assert(SmtWriter.Not(w.Compare("=", w.Value(Subject.Of(net), xs), net.Evaluate(x))));
            Assert.Equal(SmtStatus.Proved, SmtQueries.Run(w.Finish()).Status); // unsat: no other value is possible
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Directional_AtRandomPointsAndKinks_EqualsBackpropagationWithPyTorchsConvention(string kind)
    {
        var net = NetworkWith(kind);
        foreach (var x in Points(kind))
        {
            var w = new SmtWriter();
            var xs = w.DeclareInputs("x", 2);
            w.AssertBox(xs, new InputBox(x, x));
            for (int i = 0; i < 2; i++)
            {
                var seed = Enumerable.Range(0, 2).Select(j => LinearTerm.Const(j == i ? 1 : 0)).ToArray();
                w.Define("g" + (i + 1).ToString(CultureInfo.InvariantCulture), w.Directional(Subject.Of(net), xs, seed));
            }
            var run = SmtQueries.Run(w.Finish());
            Assert.Equal(SmtStatus.Violated, run.Status); // sat: the point exists, and the model holds the tangents
            Assert.Equal(net.Gradient(x), run.Point(["g1", "g2"]));
        }
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("leaky_relu")]
    [InlineData("abs")]
    [InlineData("identity")]
    public void Encoding_ReluLeakyAbsIdentity_SameTextAsBeforeTheCatalogue(string kind)
    {
        var net = NetworkWith(kind);
        var generic = new SmtWriter();
        var gx = generic.DeclareInputs("x", 2);
        generic.Define("F", generic.Value(net, gx));
        generic.Define("D", generic.Directional(net, gx, [LinearTerm.Const(1), LinearTerm.Const(0)]));

        // the encoding as it was written per activation: relu(z), alpha z + (1 - alpha) relu(z), 2 relu(z) - z, z, and
        // the tangents ite(z > 0, dz, 0), ite(z > 0, dz, alpha dz), ite(z > 0, dz, ite(-z > 0, -dz, 0)), dz
        var byHand = new SmtWriter();
        var hx = byHand.DeclareInputs("x", 2);
        var first = (DenseLayer)net.Layers[0];
        var last = (DenseLayer)net.Layers[2];
        LinearTerm Affine(DenseLayer d, int row, IReadOnlyList<LinearTerm> v, bool bias)
        {
            LinearTerm acc = bias ? d.Bias[row] : Rational.Zero;
            for (int j = 0; j < v.Count; j++) if (!d.Weights[row][j].IsZero) acc += d.Weights[row][j] * v[j];
            return acc;
        }
        var alpha = Q("1/10");
        LinearTerm Act(LinearTerm z) => kind switch
        {
            "relu" => byHand.Relu(z),
            "leaky_relu" => byHand.LeakyRelu(z, alpha),
            "abs" => byHand.Abs(z),
            _ => z,
        };
        LinearTerm Tangent(LinearTerm z, LinearTerm dz) => kind switch
        {
            "relu" => byHand.Select(z, dz, LinearTerm.Zero),
            "leaky_relu" => byHand.Select(z, dz, alpha * dz),
            "abs" => byHand.Select(z, dz, byHand.Select(-z, -dz, LinearTerm.Zero)),
            _ => dz,
        };
        byHand.Comment($"value of {net}");
        var values = Enumerable.Range(0, 3).Select(i => Act(Affine(first, i, hx, bias: true))).ToArray();
        byHand.Define("F", Affine(last, 0, values, bias: true));
        byHand.Comment($"directional derivative of {net}");
        var tangents = new LinearTerm[3];
        for (int i = 0; i < 3; i++)
        {
            var z = Affine(first, i, hx, bias: true);
            _ = Act(z);
            tangents[i] = Tangent(z, Affine(first, i, [LinearTerm.Const(1), LinearTerm.Const(0)], bias: false));
        }
        byHand.Define("D", Affine(last, 0, tangents, bias: false));

        Assert.Equal(byHand.Finish().Text, generic.Finish().Text);
    }

    // Random rational points, and points where the first two pre-activations sit on the sample's kinks.
    private static IEnumerable<Rational[]> Points(string kind)
    {
        var rng = new Random(kind.Length);
        for (int k = 0; k < 5; k++) yield return RandomNetworks.Point(rng, 2, 6, 3);
        var kinks = Sample(kind).Match(dense: _ => [Q("0")], activation: a => a.Function.Kinks.ToArray(), maxPool: _ => [Q("0")], sparse: _ => [Q("0")]);
        foreach (var k in kinks)
        {
            yield return [k, Rational.Zero];                 // x1 - x2 = k
            yield return [Q("1/2") + k / 2, Q("1/2") + k / 2]; // x1 + x2 - 1 = k
        }
    }
}
