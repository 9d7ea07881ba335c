using FsCheck;
using FsCheck.Fluent;
using Verifier.Axioms.Methods;
using Verifier.Axioms.Verdicts;
using Verifier.PathMethods.Methods;
using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Catalogue;

/// <summary>Shared pieces of the axiom classes: exact attribution, formatting, kink scoping, dummy features.</summary>
internal static class Support
{
    public static string[] Format(IReadOnlyList<ExactResult> values) => values.Select(Exact.Format).ToArray();

    public static string Format(ExactResult value) => Exact.Format(value);

    public static string Point(IReadOnlyList<Rational> p) => "(" + string.Join(", ", p) + ")";

    /// <summary>Why a failing instance is outside scope because a kink convention decides it, or null: the method looks at a
    /// kink set where its registry entry says kinks matter (<see cref="MethodDescriptor.Kinks"/>: along a whole piece of the
    /// path for path methods, at x and x' together for DeepLIFT, at x for gradient-type methods, LRP's zero denominators,
    /// never for Shapley).</summary>
    public static string? KinkReason(IAttributionMethod method, Subject f, IReadOnlyList<Rational> x, IReadOnlyList<Rational> baseline)
    {
        var scope = MethodDescriptor.Of(method).Kinks;
        if (scope == KinkScope.ZeroDenominators) // LRP uses activations, not derivatives: only its 0/0 is a convention
            return f.Network is { } net && Kinks.ZeroDenominator(net, x)
                ? "a layer's output is 0 at x, where LRP's rule divides 0 by 0 (undefined; only a convention gives a value)" : null;
        if (scope == KinkScope.Never || !f.ToExprHasKinks()) return null;
        // Convention-aware methods are re-checked under other conventions by Axiom.Test, which is exact; the structural
        // tests below are the conservative fallback for methods that cannot change their convention (user methods).
        if (method is IConventionAware aware && !ReferenceEquals(aware.WithReluGradientAtZero(Rational.Half), method)) return null;
        return scope switch
        {
            KinkScope.AlongPath when method is IPathAttributionMethod p =>
                Kinks.AlongPath(f, p.ReferencePath.For(baseline, x)) ? "the path runs inside a kink set, where the relu'(0) convention decides the gradient" : null,
            KinkScope.AtInputAndBaseline =>
                Kinks.AtBoth(f, x, baseline) ? "a kink argument is 0 at both x and x', where the method falls back on the relu'(0) convention" : null,
            KinkScope.AlongPath or KinkScope.AtInputOrBaseline =>
                Kinks.AtPoint(f, x) || Kinks.AtPoint(f, baseline) ? "x or x' lies on a kink, where the relu'(0) convention decides the gradient" : null,
            _ => Kinks.AtPoint(f, x) ? "x lies on a kink, where the relu'(0) convention decides the gradient" : null,
        };
    }

    /// <summary>Why a failing instance is out of scope because a max/min tie decides a derivative the method takes, or null:
    /// where its registry entry says ties matter (<see cref="MethodDescriptor.Ties"/>: along the path for path methods, at x
    /// and x' together for DeepLIFT, at x for gradient-type methods and LRP, at x or x' for other methods, never for
    /// Shapley).</summary>
    public static string? TieReason(IAttributionMethod method, AxiomInstance instance)
    {
        var scope = MethodDescriptor.Of(method).Ties;
        if (scope == KinkScope.Never) return null;
        var fs = instance.G is null ? new[] { instance.F } : [instance.F, instance.G];
        IReadOnlyList<IReadOnlyList<Rational>> baselines = instance.Baselines?.Points ?? [instance.Baseline];
        var x = instance.Input;
        foreach (var f in fs)
            foreach (var b in baselines)
            {
                bool tie = scope switch
                {
                    KinkScope.AlongPath when method is IPathAttributionMethod p => Kinks.TieAlongPath(f, p.ReferencePath.For(b, x)),
                    KinkScope.AtInputAndBaseline => Kinks.TieAtBoth(f, x, b),
                    KinkScope.AtInput => Kinks.TieAt(f, x),
                    _ => Kinks.TieAt(f, x) || Kinks.TieAt(f, b),
                };
                if (tie) return "a max/min tie where the method takes a derivative (the tie rule decides it)";
            }
        return null;
    }

    /// <summary>The kink reason for any of several functions (and for every baseline of a distribution).</summary>
    public static string? KinkReason(IAttributionMethod method, IEnumerable<Subject> fs, IReadOnlyList<Rational> x,
        IEnumerable<IReadOnlyList<Rational>> baselines)
    {
        var bs = baselines.ToList();
        foreach (var f in fs)
            foreach (var b in bs)
                if (KinkReason(method, f, x, b) is { } r) return r;
        return null;
    }

    private static bool ToExprHasKinks(this Subject f) => f.Network is not null || f.Function!.HasKinks;

    /// <summary>F with feature i (0-based) made a dummy: expressions substitute x_i = 0, networks zero column i of the first
    /// dense layer (a dense layer is inserted when the first layer is not one).</summary>
    public static Subject Dummy(Subject f, int i)
    {
        if (f.Network is { } net)
        {
            var layers = net.Layers.ToList();
            if (layers.Count == 0 || layers[0] is not DenseLayer)
            {
                var identity = Enumerable.Range(0, net.Inputs).Select(r => (IReadOnlyList<Rational>)Enumerable.Range(0, net.Inputs)
                    .Select(c => r == c ? Rational.One : Rational.Zero).ToArray()).ToArray();
                layers.Insert(0, new DenseLayer(identity, new Rational[net.Inputs]));
            }
            var dense = (DenseLayer)layers[0];
            var weights = dense.Weights.Select(row => (IReadOnlyList<Rational>)row.Select((w, j) => j == i ? Rational.Zero : w).ToArray()).ToArray();
            layers[0] = new DenseLayer(weights, dense.Bias);
            return Subject.Of(new Network(net.Inputs, layers, net.Output));
        }
        return Subject.Of(f.Function!.Substitute(new Dictionary<int, Expr> { [i + 1] = Ex.Zero }), f.Dimension);
    }

    /// <summary>True when F provably does not depend on feature i (0-based): the variable does not occur, or the first dense
    /// layer's column is zero.</summary>
    public static bool IsDummy(Subject f, int i)
    {
        if (f.Network is { } net)
            return net.Layers.Count > 0 && net.Layers[0] is DenseLayer d && d.Weights.All(row => row[i].IsZero);
        return !f.Function!.Contains(i + 1);
    }

    /// <summary>A random point equal to <paramref name="p"/> except at i, where it differs.</summary>
    public static Gen<Rational[]> ChangeOne(Rational[] p, int i) =>
        Search.SubjectGen.NonZeroRational.Select(delta =>
        {
            var q = (Rational[])p.Clone();
            q[i] += delta;
            return q;
        });

    /// <summary>A failing outcome, unless a kink convention decides it (then a skip).</summary>
    public static TrialOutcome FailUnlessKink(string? kink, string detail, AttributionResult r, AttributionResult? r2 = null) =>
        kink is not null ? TrialOutcome.Skip(kink) : TrialOutcome.Fail(detail, Format(r.Attributions), r2 is null ? null : Format(r2.Attributions));
}
