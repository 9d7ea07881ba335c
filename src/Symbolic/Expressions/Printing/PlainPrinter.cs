using System.Globalization;
using System.Text;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Expressions.Printing;

/// <summary>
/// Prints expressions in the plain function syntax of the external contract, e.g.
/// <c>x1*x2 - 3*x1 + 1/2</c>, <c>2/3*x1^2</c>, <c>(x1 + 1)^(-1)</c>, <c>leaky_relu(x1, 1/10)</c>.
/// </summary>
/// <remarks>
/// The key property: <see cref="Parsing.ExprParser.Parse"/> of the output is equal to the printed expression, for
/// every canonical expression within the parser's limits (<see cref="Parsing.ParseOptions"/>: arithmetic can build
/// constants and exponents beyond the limits on literals, e.g. <c>x1^1000*x1^1000</c> prints as <c>x1^2000</c>,
/// which parses back only with a larger <see cref="Parsing.ParseOptions.MaxExponent"/>). Parentheses are
/// minimal by precedence (sum &lt; leading minus &lt; product &lt; power &lt; atom); negative coefficients in sums
/// are shown as subtraction; rational coefficients print as <c>2/3*x1</c>, which the left-associative
/// <c>*</c> and <c>/</c> read back as (2/3)*x1; negative exponents print as <c>^(-2)</c>.
/// </remarks>
public static class PlainPrinter
{
    /// <summary>The plain-text form of <paramref name="e"/>.</summary>
    public static string Print(Expr e) => Format(e).Text;

    /// <summary>An exact rational in the number syntax: <c>3</c>, <c>-2/3</c>.</summary>
    public static string Print(Rational value) => value.ToString();

    private static Printed Format(Expr e) => e switch
    {
        Constant c => Number(c.Value),
        Variable v => new(v.Name, Precedence.Atom),
        Sum s => FormatSum(s),
        Product p => FormatProduct(p, negate: false),
        Power pw => new(Wrap(Format(pw.Base), Precedence.Atom) + "^" + Exponent(pw.Exponent), Precedence.Power),
        LeakyRelu l => Call("leaky_relu", Format(l.Arg).Text, Print(l.Alpha)),
        Heaviside h => h.AtZero.IsZero ? Call("step", Format(h.Arg).Text) : Call("step", Format(h.Arg).Text, Print(h.AtZero)),
        UnaryFunction u => Call(u.Name, Format(u.Arg).Text),
        Max m => Call("max", [.. m.Args.Select(a => Format(a).Text)]),
        Min m => Call("min", [.. m.Args.Select(a => Format(a).Text)]),
        _ => throw new InvalidOperationException($"no plain form for {e.GetType().Name}"),
    };

    private static Printed Number(Rational value) => new(Print(value),
        value.Sign < 0 ? Precedence.Negation : value.IsInteger ? Precedence.Atom : Precedence.Product);

    private static string Exponent(int n) => n < 0
        ? "(" + n.ToString(CultureInfo.InvariantCulture) + ")"
        : n.ToString(CultureInfo.InvariantCulture);

    private static Printed Call(string name, params string[] args) => new(name + "(" + string.Join(", ", args) + ")", Precedence.Atom);

    private static string Wrap(Printed p, Precedence needed) => p.Precedence < needed ? "(" + p.Text + ")" : p.Text;

    // First term as it is; later terms with their sign pulled out as " + " or " - ".
    private static Printed FormatSum(Sum s)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < s.Terms.Count; i++)
        {
            var term = s.Terms[i];
            if (i == 0) { sb.Append(Wrap(Format(term), Precedence.Negation)); continue; }
            if (IsNegative(term))
                sb.Append(" - ").Append(Wrap(Negated(term), Precedence.Product));
            else
                sb.Append(" + ").Append(Wrap(Format(term), Precedence.Product));
        }
        return new(sb.ToString(), Precedence.Sum);
    }

    private static bool IsNegative(Expr term) =>
        term is Constant { Value.Sign: < 0 } || term is Product { Factors: [Constant { Value.Sign: < 0 }, ..] };

    // The printed form of -term, for a term with a negative leading coefficient.
    private static Printed Negated(Expr term) => term switch
    {
        Constant c => Number(-c.Value),
        Product p => FormatProduct(p, negate: true),
        _ => throw new InvalidOperationException("not a negative term"),
    };

    // coefficient * factors: "x1*x2", "-x1", "2/3*x1^2", "-3*x1"; factors weaker than a power in parentheses.
    private static Printed FormatProduct(Product p, bool negate)
    {
        Rational coefficient = Rational.One;
        IEnumerable<Expr> factors = p.Factors;
        if (p.Factors[0] is Constant c) { coefficient = c.Value; factors = p.Factors.Skip(1); }
        if (negate) coefficient = -coefficient;
        string body = string.Join("*", factors.Select(f => Wrap(Format(f), Precedence.Power)));
        if (coefficient.IsOne) return new(body, Precedence.Product);
        if (coefficient == Rational.MinusOne) return new("-" + body, Precedence.Negation);
        string text = Print(coefficient.Abs()) + "*" + body;
        return coefficient.Sign < 0 ? new("-" + text, Precedence.Negation) : new(text, Precedence.Product);
    }
}
