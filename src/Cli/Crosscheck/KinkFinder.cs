using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Crosscheck;

/// <summary>
/// Where the input x sits exactly on a kink of F: an activation whose pre-activation is one of its kinks (0 for relu,
/// leaky relu and abs; lo or hi for clip), a relu, leaky relu or abs whose argument is 0, a step at its jump, or a
/// max / min / max-pool group with tied maximal (minimal) entries. There the gradient is a convention, not a derivative,
/// and a float pass can land on either side of the kink.
/// </summary>
internal static class KinkFinder
{
    private const int MaxListed = 8;

    /// <summary>The kinks at the input, described for people; empty when F is differentiable there.</summary>
    public static IReadOnlyList<string> At(CrosscheckSetup s)
    {
        var found = s.Network is { } net ? InNetwork(net, s.Input) : InExpression(s.Function!, s.Input);
        return found.Count <= MaxListed ? found : [.. found.Take(MaxListed), $"and {found.Count - MaxListed} more"];
    }

    private static List<string> InNetwork(Network net, Rational[] x)
    {
        var found = new List<string>();
        var kinks = net.KinksAt(x);
        for (int i = 0; i < net.LayerCount; i++)
        {
            int at = i;
            net.LayerAt(i).Match(
                dense: _ => 0,
                sparse: _ => 0,
                activation: a =>
                {
                    foreach (var (_, unit, z) in kinks.Where(k => k.Layer == at))
                        found.Add($"layer {at} ({a.TypeName}) unit {unit}: pre-activation {z}");
                    return 0;
                },
                maxPool: pool =>
                {
                    // The layer's input: its sources' values at x.
                    var z = net.Gather(net.ValuesAt(x), at);
                    for (int k = 0; k < pool.Groups.Length; k++)
                    {
                        var g = pool.Groups[k];
                        var top = g.Select(j => z[j]).Max();
                        var tied = g.Where(j => z[j] == top).ToArray();
                        if (tied.Length > 1) found.Add($"layer {at} (maxpool) group {k}: inputs {string.Join(", ", tied)} tie at {top}");
                    }
                    return 0;
                });
        }
        return found;
    }

    private static List<string> InExpression(Expr f, Rational[] x)
    {
        var found = new List<string>();
        var seen = new HashSet<Expr>();
        void Visit(Expr e)
        {
            if (!e.HasKinks || !seen.Add(e)) return;
            foreach (var c in e.Children) Visit(c);
            switch (e)
            {
                case Relu or LeakyRelu or Abs or Heaviside:
                    var arg = ((UnaryFunction)e).Arg;
                    if (Value(arg, x) is { } v && MaybeZero(v)) found.Add($"{e}: argument {arg} is 0");
                    break;
                case Max or Min:
                    var args = e.Children.Select(a => (Arg: a, Value: Value(a, x))).Where(a => a.Value is not null).ToArray();
                    var tied = Tied(args.Select(a => a.Value!).ToArray(), e is Max);
                    if (tied.Length > 1) found.Add($"{e}: arguments {string.Join(" and ", tied.Select(k => args[k].Arg.ToString()))} tie");
                    break;
            }
        }
        Visit(f);
        return found;
    }

    // The indices of the maximal (minimal) values: exactly when all are rational, otherwise every value whose certified
    // enclosure reaches the best lower (upper) bound.
    private static int[] Tied(ExactResult[] v, bool max)
    {
        if (v.Length == 0) return [];
        if (v.All(r => r.Rational is not null))
        {
            var q = v.Select(r => r.Rational!.Value).ToArray();
            var top = max ? q.Max() : q.Min();
            return [.. Enumerable.Range(0, q.Length).Where(k => q[k] == top)];
        }
        if (max)
        {
            double lo = v.Max(r => r.Enclosure.Lo);
            return [.. Enumerable.Range(0, v.Length).Where(k => v[k].Enclosure.Hi >= lo)];
        }
        double hi = v.Min(r => r.Enclosure.Hi);
        return [.. Enumerable.Range(0, v.Length).Where(k => v[k].Enclosure.Lo <= hi)];
    }

    private static ExactResult? Value(Expr e, Rational[] x)
    {
        try { return Evaluate.Exactly(e, x); }
        catch (ArithmeticException) { return null; }
    }

    // A rational is zero or not; a closed form (e.g. with exp) counts as on the kink when its certified enclosure holds 0.
    private static bool MaybeZero(ExactResult v) => v.Rational is { } r ? r.IsZero : v.Enclosure.Lo <= 0 && v.Enclosure.Hi >= 0;
}
