using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Tests.Networks;

/// <summary>FsCheck properties of networks: the JSON round trip and the expression form.</summary>
public class NetworkProperties
{
    private static readonly RandomActivation[] AllActivations =
        [RandomActivation.Relu, RandomActivation.LeakyRelu, RandomActivation.Abs, RandomActivation.Identity, RandomActivation.MaxPool];

    /// <summary>Random networks of 1 to 3 dense layers of widths 1 to 4, every activation kind, through a seeded generator.</summary>
    private static Gen<Network> Networks { get; } =
        from seed in Gen.Choose(0, int.MaxValue - 1)
        from depth in Gen.Choose(1, 3)
        from widths in Gen.ArrayOf(Gen.Choose(1, 4), depth + 1)
        select RandomNetworks.Create(new Random(seed), widths, new RandomNetworkOptions { Activations = AllActivations, Denominators = [1, 2, 3, 4] });

    private static Gen<Rational> Coordinates { get; } =
        from n in Gen.Choose(-9, 9)
        from d in Gen.Elements(1, 2, 3, 5)
        select new Rational(n, d);

    [Property(MaxTest = 200)]
    public Property ToJson_ThenParse_GivesAnEqualNetwork() =>
        Prop.ForAll(Networks.ToArbitrary(), n => n.Equals(NetworkJson.Parse(NetworkJson.ToJson(n))));

    [Property(MaxTest = 200)]
    public Property ToExpr_AtRandomPoints_EvaluatesLikeTheForwardPass() =>
        Prop.ForAll(Networks.ToArbitrary(), Gen.ArrayOf(Coordinates, 4).ToArbitrary(), (n, coordinates) =>
        {
            var x = coordinates.Take(n.Inputs).ToArray();
            return n.ToExpr().TryEvaluateRational(x) == n.Evaluate(x);
        });
}
