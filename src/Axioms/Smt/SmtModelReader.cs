using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Smt;

/// <summary>A value in solver output that is not a rational number (e.g. z3's <c>root-obj</c> algebraic numbers), or
/// malformed model text. The SMT layer maps it to an undetermined answer with this message as the reason.</summary>
public sealed class SmtModelException : FormatException
{
    /// <summary>An exception with the given message.</summary>
    public SmtModelException(string message) : base(message) { }
}

/// <summary>
/// Reads what solvers print for <c>(get-value ...)</c> and <c>(get-model)</c> into exact rationals: <c>2</c>,
/// <c>2.5</c>, <c>(- 2.0)</c>, <c>(/ 7 2)</c>, <c>(/ 1.0 3.0)</c>, <c>(- (/ 1.0 3.0))</c>, <c>(to_real 3)</c>.
/// </summary>
/// <remarks>Decimals are read exactly (2.5 is 5/2), never through <see cref="double"/>. SMT-LIB 2.6, sections 4.2.6 (get-value)
/// and 4.2.5 (get-model).</remarks>
public static class SmtModelReader
{
    /// <summary>The values of a <c>(get-value ...)</c> reply <c>((x1 v1) (x2 v2) ...)</c>, keyed by the term's text.</summary>
    /// <exception cref="SmtModelException">The reply is malformed or a value is not a rational number.</exception>
    public static IReadOnlyDictionary<string, Rational> ReadValues(string reply)
    {
        var list = ParseList(reply, "get-value");
        var values = new Dictionary<string, Rational>(StringComparer.Ordinal);
        foreach (var item in list.Items)
        {
            if (item is not SList { Count: 2 } pair) throw new SmtModelException($"a get-value entry is not a (term value) pair: '{item}'");
            values[pair[0] is SAtom a ? a.Text : pair[0].ToString()!] = ReadNumber(pair[1]);
        }
        return values;
    }

    /// <summary>The real and integer constants of a <c>(get-model)</c> reply (<c>(define-fun x () Real v)</c> entries,
    /// optionally inside <c>(model ...)</c>); functions with arguments and other sorts (Bool) are skipped.</summary>
    /// <exception cref="SmtModelException">The reply is malformed or a real value is not a rational number.</exception>
    public static IReadOnlyDictionary<string, Rational> ReadModel(string reply)
    {
        var list = ParseList(reply, "get-model");
        var entries = list.HasHead("model") ? list.Items.Skip(1) : list.Items;
        var values = new Dictionary<string, Rational>(StringComparer.Ordinal);
        foreach (var item in entries)
        {
            if (item is not SList { Count: 5 } def || !def.HasHead("define-fun") || def[1] is not SAtom name)
                throw new SmtModelException($"a model entry is not (define-fun name () sort value): '{item}'");
            if (def[2] is not SList { Count: 0 }) continue; // a function with arguments
            if (def[3] is not SAtom { Text: "Real" or "Int" }) continue;
            values[name.Text] = ReadNumber(def[4]);
        }
        return values;
    }

    /// <summary>One value as an exact rational.</summary>
    /// <exception cref="SmtModelException">The value is not a rational number (an algebraic <c>root-obj</c>, infinity, a
    /// symbol, ...); the message names it.</exception>
    public static Rational ReadNumber(SExpr value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value)
        {
            case SAtom { IsString: false } atom:
                if (atom.Text.Length > 0 && (char.IsAsciiDigit(atom.Text[0]) || (atom.Text[0] == '-' && atom.Text.Length > 1))
                    && Rational.TryParse(atom.Text, out var r, out _)) return r;
                throw new SmtModelException($"the solver's value '{atom.Text}' is not a rational number");
            case SList { Count: 2 } neg when neg.HasHead("-"):
                return -ReadNumber(neg[1]);
            case SList { Count: 2 } conv when conv.HasHead("to_real"):
                return ReadNumber(conv[1]);
            case SList { Count: 3 } div when div.HasHead("/"):
            {
                var d = ReadNumber(div[2]);
                if (d.IsZero) throw new SmtModelException($"the solver's value '{value}' divides by zero");
                return ReadNumber(div[1]) / d;
            }
            case SList { Count: >= 3 } op when op.HasHead("-") || op.HasHead("+") || op.HasHead("*"):
            {
                var acc = ReadNumber(op[1]);
                for (int i = 2; i < op.Count; i++)
                {
                    var next = ReadNumber(op[i]);
                    acc = op.HasHead("-") ? acc - next : op.HasHead("+") ? acc + next : acc * next;
                }
                return acc;
            }
            case SList l when l.HasHead("root-obj"):
                throw new SmtModelException($"the solver's value '{value}' is an algebraic number (root-obj), not a rational; " +
                                            "the query left linear arithmetic");
            default:
                throw new SmtModelException($"the solver's value '{value}' is not a rational number");
        }
    }

    /// <summary>One value, from its text.</summary>
    /// <exception cref="SmtModelException">The text is malformed or not a rational number.</exception>
    public static Rational ReadNumber(string text)
    {
        SExpr parsed;
        try { parsed = SExpr.Parse(text); }
        catch (FormatException e) { throw new SmtModelException($"unreadable value '{SExpr.Shorten(text)}': {e.Message}"); }
        return ReadNumber(parsed);
    }

    private static SList ParseList(string reply, string command)
    {
        ArgumentNullException.ThrowIfNull(reply);
        SExpr parsed;
        try { parsed = SExpr.Parse(reply); }
        catch (FormatException e) { throw new SmtModelException($"unreadable {command} reply: {e.Message}"); }
        return parsed as SList ?? throw new SmtModelException($"the {command} reply is not a list: '{SExpr.Shorten(reply)}'");
    }
}
