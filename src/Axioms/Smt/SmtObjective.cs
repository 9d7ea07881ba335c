using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Smt;

/// <summary>
/// An objective value as z3 reports it: <c>Infinity · oo + Value + Epsilon · epsilon</c>. A supremum that is not
/// attained reads <c>(+ 3 (* (- 1) epsilon))</c> (Value 3, Epsilon -1); an unbounded one <c>oo</c> (Infinity 1).
/// </summary>
/// <param name="Value">The finite part.</param>
/// <param name="Epsilon">The coefficient of the infinitesimal epsilon.</param>
/// <param name="Infinity">The coefficient of oo.</param>
/// <remarks>z3's optimisation (νZ): Bjørner, Phan, Fleckenstein, TACAS 2015.</remarks>
public sealed record SmtObjective(Rational Value, Rational Epsilon, Rational Infinity)
{
    /// <summary>True when the value is a plain rational (no epsilon, no infinity).</summary>
    public bool IsFinite => Epsilon.IsZero && Infinity.IsZero;

    /// <summary>Reads the first objective of a <c>(get-objectives)</c> reply <c>(objectives (term value) ...)</c>.</summary>
    /// <exception cref="SmtModelException">The reply is malformed or the value is not of the form above (e.g. an <c>interval</c>).</exception>
    public static SmtObjective ReadFirst(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        SExpr parsed;
        try { parsed = SExpr.Parse(reply); }
        catch (FormatException e) { throw new SmtModelException($"unreadable get-objectives reply: {e.Message}"); }
        if (parsed is not SList list || !list.HasHead("objectives") || list.Count < 2 || list[1] is not SList { Count: 2 } first)
            throw new SmtModelException($"the get-objectives reply has no objective: '{SExpr.Shorten(reply)}'");
        return Read(first[1]);
    }

    /// <summary>Reads one objective value.</summary>
    /// <exception cref="SmtModelException">The value is not a linear combination of numbers, epsilon and oo.</exception>
    public static SmtObjective Read(SExpr value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value)
        {
            case SAtom { Text: "oo" }: return new(Rational.Zero, Rational.Zero, Rational.One);
            case SAtom { Text: "epsilon" }: return new(Rational.Zero, Rational.One, Rational.Zero);
            case SAtom: return new(SmtModelReader.ReadNumber(value), Rational.Zero, Rational.Zero);
            case SList { Count: 2 } neg when neg.HasHead("-"): return Read(neg[1]).Scale(Rational.MinusOne);
            case SList { Count: 2 } conv when conv.HasHead("to_real"): return Read(conv[1]);
            case SList { Count: >= 3 } sum when sum.HasHead("+") || sum.HasHead("-"):
            {
                var acc = Read(sum[1]);
                for (int i = 2; i < sum.Count; i++)
                {
                    var next = Read(sum[i]);
                    acc = acc.Add(sum.HasHead("+") ? next : next.Scale(Rational.MinusOne));
                }
                return acc;
            }
            case SList { Count: 3 } product when product.HasHead("*"):
            {
                var a = Read(product[1]);
                var b = Read(product[2]);
                if (a.IsFinite) return b.Scale(a.Value);
                if (b.IsFinite) return a.Scale(b.Value);
                throw new SmtModelException($"the objective value '{value}' multiplies two non-constant terms");
            }
            case SList { Count: 3 } div when div.HasHead("/"):
            {
                var d = Read(div[2]);
                if (!d.IsFinite || d.Value.IsZero) throw new SmtModelException($"the objective value '{value}' divides by a non-constant or zero");
                return Read(div[1]).Scale(d.Value.Reciprocal());
            }
            default:
                throw new SmtModelException($"the objective value '{value}' is not a number, epsilon or oo term");
        }
    }

    /// <summary>For people: <c>3</c>, <c>3 - epsilon</c>, <c>oo</c>.</summary>
    public override string ToString()
    {
        if (!Infinity.IsZero) return Infinity.Sign > 0 ? "oo" : "-oo";
        if (Epsilon.IsZero) return Value.ToString();
        return $"{Value} {(Epsilon.Sign > 0 ? "+" : "-")} {(Epsilon.Abs().IsOne ? "" : Epsilon.Abs() + "*")}epsilon";
    }

    private SmtObjective Scale(Rational c) => new(c * Value, c * Epsilon, c * Infinity);

    private SmtObjective Add(SmtObjective o) => new(Value + o.Value, Epsilon + o.Epsilon, Infinity + o.Infinity);
}
