using Verifier.Symbolic;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Methods.Propagation;

/// <summary>
/// DeepLIFT Rescale on the canonical expression tree of F, read as a computation graph, exactly. Each node returns
/// its values at x and x' and its contributions C_i (one per input feature) with sum_i C_i = node(x) - node(x').
/// </summary>
/// <remarks>
/// Rules: a variable x_i contributes e_i Delta x_i; a sum adds its terms' contributions (linear rule); a one-argument
/// node y = g(u) (relu, leaky_relu, abs, step, integer power) scales C(u) by m = Delta y / Delta u, or by g'(u(x'))
/// (kinks under the <see cref="KinkConvention"/>) when Delta u = 0, as the DeepLIFT reference implementation does;
/// products, max and min split their Delta between their arguments by Shapley values (<see cref="ShapleySplit"/>),
/// which for c u (a constant coefficient) is the linear rule and for a b the symmetric rule
/// Delta(ab) = (a0 Delta b + b0 Delta a + Delta a Delta b) split half and half. Summation-to-delta holds exactly at
/// every node by induction. Transcendental nodes (exp, log, sigmoid, tanh, softplus) would need closed-form
/// multipliers and are refused.
/// </remarks>
internal sealed class DeepLiftExpression(IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline, KinkConvention convention)
{
    internal readonly record struct Node(Rational AtInput, Rational AtBaseline, Rational[] Contributions)
    {
        public Rational Delta => AtInput - AtBaseline;
    }

    public Node Visit(Expr e)
    {
        switch (e)
        {
            case Constant c:
                return new(c.Value, c.Value, new Rational[input.Count]);
            case Variable v:
                {
                    var contributions = new Rational[input.Count];
                    contributions[v.Index - 1] = input[v.Index - 1] - baseline[v.Index - 1];
                    return new(input[v.Index - 1], baseline[v.Index - 1], contributions);
                }
            case Sum s:
                {
                    // linear rule: C(sum) = sum of C(term)
                    var contributions = new Rational[input.Count];
                    Rational atInput = Rational.Zero, atBaseline = Rational.Zero;
                    foreach (var term in s.Terms)
                    {
                        var t = Visit(term);
                        atInput += t.AtInput;
                        atBaseline += t.AtBaseline;
                        for (int i = 0; i < contributions.Length; i++) contributions[i] += t.Contributions[i];
                    }
                    return new(atInput, atBaseline, contributions);
                }
            case Product p:
                return Split(p.Factors, v => v.Aggregate(Rational.One, (acc, f) => acc * f), Others, "product");
            case Max mx:
                return Split(mx.Args, v => v.Aggregate(Rational.Max), (v, j) => First(v, Rational.Max) == j ? Rational.One : Rational.Zero, "max");
            case Min mn:
                return Split(mn.Args, v => v.Aggregate(Rational.Min), (v, j) => First(v, Rational.Min) == j ? Rational.One : Rational.Zero, "min");
            case Power pw:
                return Unary(pw.Base, u => Pow(pw, u, pw.Exponent), u => pw.Exponent * Pow(pw, u, pw.Exponent - 1));
            case Relu r:
                return Unary(r.Arg, u => u.Sign > 0 ? u : Rational.Zero,
                    u => u.Sign > 0 ? Rational.One : u.Sign < 0 ? Rational.Zero : convention.ReluGradientAtZero);
            case LeakyRelu lr:
                return Unary(lr.Arg, u => u.Sign >= 0 ? u : lr.Alpha * u,
                    u => u.Sign > 0 ? Rational.One : u.Sign < 0 ? lr.Alpha : convention.LeakyReluGradientAtZero(lr.Alpha));
            case Abs ab:
                return Unary(ab.Arg, u => u.Abs(), u => u.Sign > 0 ? Rational.One : u.Sign < 0 ? Rational.MinusOne : Rational.Zero);
            case Heaviside h:
                return Unary(h.Arg, u => u.Sign > 0 ? Rational.One : u.Sign < 0 ? Rational.Zero : h.AtZero, _ => Rational.Zero);
            case UnaryFunction f:
                throw new UnsupportedInputException($"DeepLIFT on expressions is exact only for rational-valued nodes (piecewise-linear and polynomial); '{f.Name}' in {e} is not supported");
            default:
                throw new NotSupportedException($"DeepLIFT on expressions: node {e} is not supported");
        }
    }

    // y = g(u): C(y) = m C(u), m = Delta y / Delta u, or g'(u(x')) when Delta u = 0.
    private Node Unary(Expr arg, Func<Rational, Rational> g, Func<Rational, Rational> derivative)
    {
        var u = Visit(arg);
        var atInput = g(u.AtInput);
        var atBaseline = g(u.AtBaseline);
        var m = u.Delta.IsZero ? derivative(u.AtBaseline) : (atInput - atBaseline) / u.Delta;
        return new(atInput, atBaseline, [.. u.Contributions.Select(c => m * c)]);
    }

    // y = g(u_1..u_k): C(y) = sum_j phi_j / Delta u_j C(u_j); an unchanged argument gets dg/du_j at x'.
    private Node Split(IReadOnlyList<Expr> args, Func<Rational[], Rational> g, Func<Rational[], int, Rational> partial, string what)
    {
        var nodes = args.Select(Visit).ToArray();
        Rational[] atInput = [.. nodes.Select(n => n.AtInput)], atBaseline = [.. nodes.Select(n => n.AtBaseline)];
        var phi = ShapleySplit.Split(atInput, atBaseline, g, what);
        var contributions = new Rational[input.Count];
        for (int j = 0; j < nodes.Length; j++)
        {
            var m = nodes[j].Delta.IsZero ? partial(atBaseline, j) : phi[j] / nodes[j].Delta;
            if (m.IsZero) continue;
            for (int i = 0; i < contributions.Length; i++) contributions[i] += m * nodes[j].Contributions[i];
        }
        return new(g(atInput), g(atBaseline), contributions);
    }

    // u^k, where a negative power of 0 is a pole of F at x or x' (bad input, as for every exact method).
    private static Rational Pow(Power node, Rational u, int k) =>
        u.IsZero && k < 0 ? throw new SymbolicDomainException($"{node} has a pole where {node.Base} = 0 (division by zero)") : u.Pow(k);

    private static Rational Others(Rational[] v, int j)
    {
        var p = Rational.One;
        for (int i = 0; i < v.Length; i++) if (i != j) p *= v[i];
        return p;
    }

    private static int First(Rational[] v, Func<Rational, Rational, Rational> pick)
    {
        var best = v.Aggregate(pick);
        return Array.IndexOf(v, best);
    }
}
