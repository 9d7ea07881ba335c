using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Smt;

public sealed partial class SmtWriter
{
    private readonly Dictionary<int, Definition> _definitions = [];

    private abstract record Definition;
    private sealed record AliasDefinition(LinearTerm Value) : Definition;                  // name = value
    private sealed record ReluDefinition(LinearTerm Argument) : Definition;                // r = relu(u)
    private sealed record SelectDefinition(LinearTerm Condition, LinearTerm WhenPositive, LinearTerm Otherwise, string? Flag) : Definition; // d = ite(c > 0, a, b)

    /// <summary>
    /// The exact value of a term of this writer's encoding at given values of its free symbols (the declared inputs),
    /// by the encoding's own semantics: relu atoms are max(0, u), select atoms <c>ite(c &gt; 0, a, b)</c>. Independent of any
    /// solver; used to cross-check the encoding against <see cref="Verifier.Symbolic.Networks.Network.Evaluate"/>.
    /// </summary>
    /// <exception cref="KeyNotFoundException">A free symbol the term depends on has no value.</exception>
    public Rational Evaluate(LinearTerm term, IReadOnlyDictionary<string, Rational> inputs)
    {
        ArgumentNullException.ThrowIfNull(term);
        ArgumentNullException.ThrowIfNull(inputs);
        return new Evaluator(this, inputs, null).Term(term)!.Value;
    }

    /// <summary>
    /// The side every relu and select atom takes at a point under the exact semantics: true when its argument
    /// (condition) is positive, false otherwise (for relu: u &gt;= 0 counts as positive, both sides agree at 0).
    /// </summary>
    internal IReadOnlyDictionary<int, bool> PatternAt(IReadOnlyDictionary<string, Rational> inputs)
    {
        var evaluator = new Evaluator(this, inputs, null);
        var pattern = new Dictionary<int, bool>();
        foreach (var (symbol, definition) in _definitions)
        {
            switch (definition)
            {
                case ReluDefinition r: pattern[symbol] = evaluator.Term(r.Argument)!.Value.Sign >= 0; break;
                case SelectDefinition s: pattern[symbol] = evaluator.Term(s.Condition)!.Value.Sign > 0; break;
            }
        }
        return pattern;
    }

    /// <summary>
    /// Pins every atom to its side in <paramref name="pattern"/> with closed conditions (u &gt;= 0 or u &lt;= 0; select atoms need
    /// <see cref="RelaxKinks"/>, whose flag is asserted). What remains is a linear program over the closure of the pattern's region.
    /// </summary>
    /// <exception cref="InvalidOperationException">The writer is not relaxed and the pattern has select atoms.</exception>
    internal void AssertPattern(IReadOnlyDictionary<int, bool> pattern)
    {
        Comment("pinned to one activation pattern (closed conditions): a linear program");
        foreach (var (symbol, positive) in pattern)
        {
            switch (_definitions[symbol])
            {
                case ReluDefinition r:
                    Assert(Compare(positive ? ">=" : "<=", r.Argument, LinearTerm.Zero));
                    break;
                case SelectDefinition s:
                    if (s.Flag is null) throw new InvalidOperationException("pinning select atoms needs a writer with relaxed kinks");
                    Assert(positive ? s.Flag : Not(s.Flag));
                    break;
            }
        }
    }

    /// <summary>
    /// The value of a term on the pattern's linear piece: every atom on its pinned side (relu: u or 0; select: a or b),
    /// or null when the point violates a pinned closed condition. Inside the pattern's region it equals
    /// <see cref="Evaluate"/>; on the region's boundary it is the limit from inside.
    /// </summary>
    internal Rational? EvaluateOnPattern(LinearTerm term, IReadOnlyDictionary<string, Rational> inputs, IReadOnlyDictionary<int, bool> pattern) =>
        new Evaluator(this, inputs, pattern).Term(term);

    /// <summary>Evaluates terms with memoised symbol values; with a pattern, atoms take their pinned side.</summary>
    private sealed class Evaluator(SmtWriter writer, IReadOnlyDictionary<string, Rational> inputs, IReadOnlyDictionary<int, bool>? pattern)
    {
        private readonly Dictionary<int, Rational?> _values = [];

        public Rational? Term(LinearTerm term)
        {
            var sum = term.Constant;
            foreach (var (symbol, coefficient) in term.Terms)
            {
                if (Symbol(symbol) is not { } value) return null;
                sum += coefficient * value;
            }
            return sum;
        }

        private Rational? Symbol(int symbol)
        {
            if (_values.TryGetValue(symbol, out var known)) return known;
            Rational? value;
            if (!writer._definitions.TryGetValue(symbol, out var definition))
            {
                string name = writer._symbols[symbol];
                value = inputs.TryGetValue(name, out var given) ? given : throw new KeyNotFoundException($"no value for the input {name}");
            }
            else
            {
                value = definition switch
                {
                    AliasDefinition a => Term(a.Value),
                    ReluDefinition r => Relu(symbol, r),
                    SelectDefinition s => Select(symbol, s),
                    _ => throw new InvalidOperationException("unknown definition"),
                };
            }
            _values[symbol] = value;
            return value;
        }

        private Rational? Relu(int symbol, ReluDefinition r)
        {
            if (Term(r.Argument) is not { } u) return null;
            if (pattern is null || !pattern.TryGetValue(symbol, out var positive)) return u.Sign > 0 ? u : Rational.Zero;
            if (positive ? u.Sign < 0 : u.Sign > 0) return null; // outside the pinned closed half-space
            return positive ? u : Rational.Zero;
        }

        private Rational? Select(int symbol, SelectDefinition s)
        {
            if (Term(s.Condition) is not { } c) return null;
            bool side;
            if (pattern is null || !pattern.TryGetValue(symbol, out side)) side = c.Sign > 0;
            else if (side ? c.Sign < 0 : c.Sign > 0) return null;
            return Term(side ? s.WhenPositive : s.Otherwise);
        }
    }
}
