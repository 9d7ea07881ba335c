using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic.Tests.Generators;

namespace Verifier.Symbolic.Tests.Properties;

/// <summary>Canonical construction preserves values and is idempotent.</summary>
public class CanonicalFormProperties
{
    private const int N = 3;

    private static Property AgreesWithDirectEvaluation(Gen<RawExpr> trees) =>
        Prop.ForAll(trees.ToArbitrary(), ExprGen.Point(N).ToArbitrary(), (raw, x) =>
        {
            var expected = raw.Eval(x);
            var built = raw.Build();
            var actual = built.TryEvaluateRational(x);
            return (actual is { } v && v == expected).Label($"raw {raw}; built {built}; at ({string.Join(", ", x)}): {actual} != {expected}");
        });

    [Property(MaxTest = 400)]
    public Property Build_PolynomialTree_EvaluatesLikeTheRawTree() => AgreesWithDirectEvaluation(RawGen.Polynomial(N));

    [Property(MaxTest = 400)]
    public Property Build_MixedTree_EvaluatesLikeTheRawTree() => AgreesWithDirectEvaluation(RawGen.Mixed(N));

    [Property(MaxTest = 300)]
    public Property Build_PolynomialTrees_CanonicalFormIsUnique() =>
        Prop.ForAll(RawGen.Polynomial(N).ToArbitrary(), RawGen.Polynomial(N).ToArbitrary(), RawGen.Polynomial(N).ToArbitrary(), (a, b, c) =>
        {
            // Equal polynomials must be equal objects: commutativity, distributivity, cancellation.
            bool commutes = new RawExpr.Mul(a, b).Build().Equals(new RawExpr.Mul(b, a).Build())
                         && new RawExpr.Add(a, b).Build().Equals(new RawExpr.Add(b, a).Build());
            bool distributes = new RawExpr.Mul(a, new RawExpr.Add(b, c)).Build()
                .Equals(new RawExpr.Add(new RawExpr.Mul(a, b), new RawExpr.Mul(a, c)).Build());
            bool associates = new RawExpr.Mul(new RawExpr.Mul(a, b), c).Build().Equals(new RawExpr.Mul(a, new RawExpr.Mul(b, c)).Build());
            bool cancels = new RawExpr.Sub(a, a).Build().Equals(Ex.Zero);
            return commutes.Label("commutes").And(distributes.Label("distributes")).And(associates.Label("associates")).And(cancels.Label("cancels"));
        });

    [Property(MaxTest = 300)]
    public Property Build_MixedTrees_CommuteInSumsProductsMaxMin() =>
        Prop.ForAll(RawGen.Mixed(N).ToArbitrary(), RawGen.Mixed(N).ToArbitrary(), (a, b) =>
            new RawExpr.Add(a, b).Build().Equals(new RawExpr.Add(b, a).Build())
            && new RawExpr.Mul(a, b).Build().Equals(new RawExpr.Mul(b, a).Build())
            && new RawExpr.Max(a, b).Build().Equals(new RawExpr.Max(b, a).Build())
            && new RawExpr.Min(a, b).Build().Equals(new RawExpr.Min(b, a).Build()));

    private static Property RebuildsToItself(Gen<Expr> gen) => Prop.ForAll(ExprGen.Arbitrary(gen), e =>
    {
        foreach (var node in ExprGen.Nodes(e))
        {
            var rebuilt = node.WithChildren(node.Children);
            if (!rebuilt.Equals(node)) return false.Label($"node {node} rebuilt as {rebuilt}");
        }
        return true.ToProperty();
    });

    [Property(MaxTest = 300)]
    public Property WithChildren_NodesOfAnyExpression_RebuildToThemselves() => RebuildsToItself(ExprGen.Any(N));

    [Property(MaxTest = 300)]
    public Property WithChildren_NodesOfMixedExpressions_RebuildToThemselves() => RebuildsToItself(ExprGen.Mixed(N));

    [Property(MaxTest = 200)]
    public Property WithChildren_NodesOfRawBuiltTrees_RebuildToThemselves() => RebuildsToItself(RawGen.Mixed(N).Select(r => r.Build()));

    [Property(MaxTest = 200)]
    public Property WithChildren_NodesOfDerivatives_RebuildToThemselves() => RebuildsToItself(ExprGen.Mixed(N).Select(e => e.Differentiate(1)));

    [Property(MaxTest = 200)]
    public Property Substitute_PointThenEvaluate_MatchesTryEvaluateRational() =>
        Prop.ForAll(RawGen.Mixed(N).ToArbitrary(), ExprGen.Point(N).ToArbitrary(), (raw, x) =>
        {
            // Substituting one coordinate at a time gives the same value as substituting all at once.
            Expr e = raw.Build();
            for (int i = 0; i < N; i++) e = e.Substitute(new Dictionary<int, Expr> { [i + 1] = Ex.Const(x[i]) });
            return e is Constant c && c.Value == raw.Eval(x);
        });

}
