using System.Globalization;
using System.Text;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Expressions.Printing;

/// <summary>
/// Prints expressions as LaTeX math for people (reports, the <c>latex</c> output format), e.g.
/// <c>\frac{2}{3} x_{1}^{2}</c>, <c>\operatorname{ReLU}\left(x_{1} - 1\right)</c>, <c>\frac{1}{x_{1} + 1}</c>.
/// The output is not meant to be parsed back.
/// </summary>
/// <remarks>
/// Conventions: products by juxtaposition with a space; factors with negative exponents (and the denominator of
/// a rational coefficient) go into one <c>\frac</c>; <c>e^{a}</c> for exp, <c>\sigma</c> for the sigmoid,
/// <c>H</c> for the Heaviside step (<c>H_{c}</c> when its value at 0 is c, not 0), <c>\left| a \right|</c>
/// for abs, <c>\operatorname{LeakyReLU}_{\alpha}</c> for leaky_relu.
/// </remarks>
public static class LatexPrinter
{
    /// <summary>The LaTeX form of <paramref name="e"/>.</summary>
    public static string Print(Expr e) => Format(e).Text;

    /// <summary>An exact rational in LaTeX: <c>3</c>, <c>-\frac{2}{3}</c>.</summary>
    public static string Print(Rational value)
    {
        string magnitude = Integer(value.Numerator < 0 ? -value.Numerator : value.Numerator);
        if (!value.IsInteger) magnitude = @"\frac{" + magnitude + "}{" + Integer(value.Denominator) + "}";
        return value.Sign < 0 ? "-" + magnitude : magnitude;
    }

    private static string Integer(System.Numerics.BigInteger n) => n.ToString(CultureInfo.InvariantCulture);

    private static Printed Format(Expr e) => e switch
    {
        Constant c => new(Print(c.Value), c.Value.Sign < 0 ? Precedence.Negation : c.Value.IsInteger ? Precedence.Atom : Precedence.Product),
        Variable v => new(v.Index == 0 ? "t" : "x_{" + v.Index.ToString(CultureInfo.InvariantCulture) + "}", Precedence.Atom),
        Sum s => FormatSum(s),
        Product p => FormatProduct(p.Factors, negate: false),
        Power pw when pw.Exponent < 0 => FormatProduct([pw], negate: false),
        Power pw => new(Wrap(Format(pw.Base), Precedence.Atom) + "^{" + pw.Exponent.ToString(CultureInfo.InvariantCulture) + "}", Precedence.Power),
        Relu r => Call(@"\operatorname{ReLU}", r.Arg),
        LeakyRelu l => Call(@"\operatorname{LeakyReLU}_{" + Print(l.Alpha) + "}", l.Arg),
        Abs a => new(@"\left| " + Format(a.Arg).Text + @" \right|", Precedence.Atom),
        Exp x => new("e^{" + Format(x.Arg).Text + "}", Precedence.Power),
        Log g => Call(@"\log", g.Arg),
        Sigmoid s => Call(@"\sigma", s.Arg),
        Tanh h => Call(@"\tanh", h.Arg),
        Softplus s => Call(@"\operatorname{softplus}", s.Arg),
        Heaviside h => Call(h.AtZero.IsZero ? "H" : "H_{" + Print(h.AtZero) + "}", h.Arg),
        Max m => Call(@"\max", m.Args),
        Min m => Call(@"\min", m.Args),
        _ => throw new InvalidOperationException($"no LaTeX form for {e.GetType().Name}"),
    };

    private static Printed Call(string name, params IReadOnlyList<Expr> args) =>
        new(name + @"\left(" + string.Join(", ", args.Select(a => Format(a).Text)) + @"\right)", Precedence.Atom);

    private static string Wrap(Printed p, Precedence needed) =>
        p.Precedence < needed ? @"\left(" + p.Text + @"\right)" : p.Text;

    private static Printed FormatSum(Sum s)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < s.Terms.Count; i++)
        {
            var term = s.Terms[i];
            if (i == 0) { sb.Append(Wrap(Format(term), Precedence.Negation)); continue; }
            switch (term)
            {
                case Constant { Value.Sign: < 0 } c:
                    sb.Append(" - ").Append(Print(-c.Value));
                    break;
                case Product { Factors: [Constant { Value.Sign: < 0 }, ..] } p:
                    sb.Append(" - ").Append(Wrap(FormatProduct(p.Factors, negate: true), Precedence.Product));
                    break;
                default:
                    sb.Append(" + ").Append(Wrap(Format(term), Precedence.Product));
                    break;
            }
        }
        return new(sb.ToString(), Precedence.Sum);
    }

    // coefficient * factors by juxtaposition; negative powers and the coefficient's denominator under one \frac.
    private static Printed FormatProduct(IReadOnlyList<Expr> factors, bool negate)
    {
        Rational coefficient = Rational.One;
        var numerator = new List<Expr>();
        var denominator = new List<Expr>();
        foreach (var f in factors)
        {
            if (f is Constant c) coefficient *= c.Value;
            else if (f is Power { Exponent: < 0 } pw) denominator.Add(pw.Exponent == -1 ? pw.Base : new Power(pw.Base, -pw.Exponent));
            else numerator.Add(f);
        }
        if (negate) coefficient = -coefficient;
        string sign = coefficient.Sign < 0 ? "-" : "";
        var magnitude = coefficient.Abs();
        string text;
        if (denominator.Count == 0)
        {
            string body = Juxtapose(numerator);
            text = magnitude.IsOne ? body : body.Length == 0 ? Print(magnitude) : Print(magnitude) + " " + body;
        }
        else
        {
            string top = Juxtapose(numerator, Integer(magnitude.Numerator));
            string bottom = denominator.Count == 1 && magnitude.IsInteger
                ? Format(denominator[0]).Text
                : Juxtapose(denominator, Integer(magnitude.Denominator));
            text = @"\frac{" + (top.Length == 0 ? "1" : top) + "}{" + bottom + "}";
        }
        if (text.Length == 0) text = "1";
        return new(sign + text, sign.Length > 0 ? Precedence.Negation : Precedence.Product);
    }

    // Factors side by side, each in parentheses when weaker than a power; an integer prefix other than 1 first.
    private static string Juxtapose(List<Expr> factors, string prefix = "1")
    {
        var parts = new List<string>();
        if (prefix != "1") parts.Add(prefix);
        foreach (var f in factors) parts.Add(Wrap(Format(f), Precedence.Power));
        return string.Join(" ", parts);
    }
}
