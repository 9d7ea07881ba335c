using System.Globalization;
using System.Text;
using Verifier.Symbolic.Expressions;
using MaxNode = Verifier.Symbolic.Expressions.Max;
using MinNode = Verifier.Symbolic.Expressions.Min;

namespace Verifier.Axioms.Smt;

public sealed partial class SmtWriter
{
    /// <summary>
    /// An expression as one SMT-LIB term over the named variables (x_i is <c>variables[i - 1]</c>), without atoms:
    /// sums, products, integer powers (as products), relu, leaky relu and abs as <c>ite</c> and max/min as nested
    /// <c>ite</c>, each argument bound once with <c>let</c>. For queries in nonlinear real arithmetic (<c>QF_NRA</c>) pass
    /// <paramref name="allowNonlinear"/>; otherwise the expression must be piecewise linear.
    /// </summary>
    /// <remarks>Kinks read <c>relu(a) = ite(a &gt;= 0, a, 0)</c>, ties of max go to the first argument; values agree at every point.</remarks>
    /// <exception cref="NotPiecewiseLinearException">Linear arithmetic is required and the expression is not piecewise linear.</exception>
    /// <exception cref="ArgumentException">The expression has a function SMT arithmetic cannot express (exp, log, ...), a
    /// negative power, or a variable without a name.</exception>
    public static string ExprTerm(Expr f, IReadOnlyList<string> variables, bool allowNonlinear = false)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(variables);
        if (!allowNonlinear) NotPiecewiseLinearException.ThrowIfNotPiecewiseLinear(f);
        if (f.MaxVariableIndex > variables.Count)
            throw new ArgumentException($"the function uses x{f.MaxVariableIndex} but {variables.Count} variable names were given", nameof(variables));
        int lets = 0;
        return Write(f);

        string Write(Expr e)
        {
            switch (e)
            {
                case Constant c: return Number(c.Value);
                case Variable { Index: > 0 } v: return variables[v.Index - 1];
                case Sum s: return "(+ " + string.Join(" ", s.Terms.Select(Write)) + ")";
                case Product p: return "(* " + string.Join(" ", p.Factors.Select(Write)) + ")";
                case Power { Exponent: > 1 } pw:
                {
                    string b = Write(pw.Base);
                    return "(* " + string.Join(" ", Enumerable.Repeat(b, pw.Exponent)) + ")";
                }
                case Relu r: return Bind(Write(r.Arg), a => $"(ite (>= {a} 0) {a} 0)");
                case LeakyRelu l: return Bind(Write(l.Arg), a => $"(ite (>= {a} 0) {a} (* {Number(l.Alpha)} {a}))");
                case Abs ab: return Bind(Write(ab.Arg), a => $"(ite (>= {a} 0) {a} (- {a}))");
                case MaxNode or MinNode:
                {
                    string op = e is MaxNode ? ">=" : "<=";
                    string acc = Write(e.Children[0]);
                    for (int i = 1; i < e.Children.Count; i++)
                    {
                        string next = Write(e.Children[i]);
                        acc = Bind(acc, m => Bind(next, a => $"(ite ({op} {m} {a}) {m} {a})"));
                    }
                    return acc;
                }
                default:
                    throw new ArgumentException($"'{e}' cannot be written in SMT-LIB real arithmetic", nameof(f));
            }
        }

        string Bind(string value, Func<string, string> body)
        {
            if (!value.Contains(' ', StringComparison.Ordinal)) return body(value); // a symbol or number: no let needed
            string name = "let" + (++lets).ToString(CultureInfo.InvariantCulture);
            return new StringBuilder("(let ((").Append(name).Append(' ').Append(value).Append(")) ").Append(body(name)).Append(')').ToString();
        }
    }
}
