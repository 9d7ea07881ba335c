using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Smt;

/// <summary>
/// The only code that writes SMT-LIB2 text. A writer builds one query: the header (options from
/// <see cref="SmtOptions"/> and the logic), declarations of real inputs, the atoms of piecewise-linear encodings
/// (see <see cref="Value(Subject, IReadOnlyList{LinearTerm})"/>), assertions and objectives; <see cref="Finish"/>
/// returns the <see cref="SmtScript"/>.
/// </summary>
/// <remarks>
/// Numbers are exact: <c>3</c>, <c>(- 1)</c>, <c>(/ 1 3)</c>, <c>(- (/ 1 3))</c> (SMT-LIB 2.6, theory Reals: numerals
/// denote reals). Affine terms are printed as <c>(+ (* 2 x1) (- r1) (/ 1 2))</c>. Golden files in the tests pin the output.
/// </remarks>
public sealed partial class SmtWriter
{
    private static readonly Regex SymbolPattern = new("^[A-Za-z][A-Za-z0-9_.]*$", RegexOptions.CultureInvariant);

    private readonly StringBuilder _body = new();
    private readonly List<string> _symbols = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly List<string> _values = [];
    private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);
    private readonly long _maxChars;
    private readonly CancellationToken _cancellation;
    private bool _hasObjectives;

    /// <summary>A writer for one query.</summary>
    /// <param name="options">The solver options written into the header (solver-specific names); default <see cref="SmtOptions.Default"/>.</param>
    /// <param name="logic">The SMT-LIB logic; default <c>QF_LRA</c> (quantifier-free linear real arithmetic).</param>
    /// <param name="relaxKinks">When true, the select atoms of directional derivatives choose their branch freely at the
    /// kink (a Boolean per atom, closed conditions) instead of by the strict test; used to bound an optimum without strict
    /// inequalities (see <see cref="Select"/>).</param>
    /// <param name="title">Comment lines at the top of the script (what the query asks).</param>
    /// <param name="cancellationToken">Stops the building (an <see cref="OperationCanceledException"/>), e.g. when the
    /// time limit of a whole search has run out while a large encoding is being written.</param>
    public SmtWriter(SmtOptions? options = null, string logic = "QF_LRA", bool relaxKinks = false, string? title = null,
                     CancellationToken cancellationToken = default)
    {
        options ??= SmtOptions.Default;
        options.Validate();
        ArgumentException.ThrowIfNullOrWhiteSpace(logic);
        RelaxKinks = relaxKinks;
        _maxChars = options.MaxScriptChars;
        _cancellation = cancellationToken;
        if (title is not null) Comment(title);
        WriteHeader(options, logic);
    }

    /// <summary>True when select atoms are relaxed at their kinks (see the constructor).</summary>
    public bool RelaxKinks { get; }

    /// <summary>The SMT symbol of a term that is a single declared symbol with coefficient 1.</summary>
    /// <exception cref="ArgumentException">The term is not a single symbol.</exception>
    public string NameOf(LinearTerm symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        if (symbol.Terms.Count != 1 || !symbol.Constant.IsZero || !symbol.Terms[0].Coefficient.IsOne)
            throw new ArgumentException("the term is not a single declared symbol", nameof(symbol));
        return _symbols[symbol.Terms[0].Symbol];
    }

    /// <summary>Writes comment lines (<c>; text</c>).</summary>
    public void Comment(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var line in text.Split('\n')) _body.Append("; ").Append(line.TrimEnd('\r')).Append('\n');
        Grew();
    }

    /// <summary>Declares a real constant <paramref name="name"/>; with <paramref name="report"/> its value is requested from a model.</summary>
    /// <exception cref="ArgumentException">The name is not a simple symbol (a letter, then letters, digits, <c>_</c>, <c>.</c>) or is taken.</exception>
    public LinearTerm DeclareReal(string name, bool report = true)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!SymbolPattern.IsMatch(name)) throw new ArgumentException($"'{name}' is not a simple SMT symbol", nameof(name));
        if (!_names.Add(name)) throw new ArgumentException($"the symbol '{name}' is already declared", nameof(name));
        _body.Append("(declare-const ").Append(name).Append(" Real)\n");
        Grew();
        if (report) _values.Add(name);
        _symbols.Add(name);
        return LinearTerm.Symbol(_symbols.Count - 1);
    }

    /// <summary>Declares the reals <c>prefix1 ... prefixN</c> (reported), e.g. the inputs x1..xn.</summary>
    public LinearTerm[] DeclareInputs(string prefix, int count)
    {
        if (count < 1) throw new ArgumentException($"declare at least one input, not {count}", nameof(count));
        var x = new LinearTerm[count];
        for (int i = 0; i < count; i++) x[i] = DeclareReal(prefix + (i + 1).ToString(CultureInfo.InvariantCulture));
        return x;
    }

    /// <summary>Declares <paramref name="name"/> and asserts that it equals <paramref name="value"/>; returns the symbol.</summary>
    public LinearTerm Define(string name, LinearTerm value, bool report = true)
    {
        ArgumentNullException.ThrowIfNull(value);
        var symbol = DeclareReal(name, report);
        Assert(Compare("=", symbol, value));
        _definitions[symbol.Terms[0].Symbol] = new AliasDefinition(value);
        return symbol;
    }

    /// <summary>Asserts a formula written with the helpers of this class (<see cref="Compare"/>, <see cref="And"/>, ...).</summary>
    public void Assert(string formula)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(formula);
        _body.Append("(assert ").Append(formula).Append(")\n");
        Grew();
    }

    /// <summary>Asserts <c>lo_i &lt;= x_i &lt;= hi_i</c> for every coordinate (<c>x_i = lo_i</c> for a degenerate side).</summary>
    /// <exception cref="ArgumentException">The box and the inputs differ in dimension.</exception>
    public void AssertBox(IReadOnlyList<LinearTerm> inputs, InputBox box)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(box);
        if (inputs.Count != box.Dimension) throw new ArgumentException($"the box has {box.Dimension} coordinates but there are {inputs.Count} inputs", nameof(box));
        for (int i = 0; i < inputs.Count; i++)
            Assert(box.Lower[i] == box.Upper[i]
                ? Compare("=", inputs[i], box.Lower[i])
                : And(Compare("<=", box.Lower[i], inputs[i]), Compare("<=", inputs[i], box.Upper[i])));
    }

    /// <summary>Adds the objective <c>(maximize term)</c> (z3 only); a named term reads best.</summary>
    public void Maximize(LinearTerm term)
    {
        ArgumentNullException.ThrowIfNull(term);
        _body.Append("(maximize ").Append(Term(term)).Append(")\n");
        _hasObjectives = true;
    }

    /// <summary>The finished script.</summary>
    public SmtScript Finish() => new(_body.ToString(), [.. _values], _hasObjectives);

    /// <summary>A comparison <c>(op a b)</c> for op in <c>= &lt; &lt;= &gt; &gt;=</c>, or <c>(not (= a b))</c> for <c>distinct</c>.</summary>
    /// <exception cref="ArgumentException">Another operator.</exception>
    public string Compare(string op, LinearTerm a, LinearTerm b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return op switch
        {
            "=" or "<" or "<=" or ">" or ">=" => $"({op} {Term(a)} {Term(b)})",
            "distinct" => $"(not (= {Term(a)} {Term(b)}))",
            _ => throw new ArgumentException($"unknown comparison '{op}'", nameof(op)),
        };
    }

    /// <summary><c>(and f1 f2 ...)</c>; <c>true</c> for none, the formula itself for one.</summary>
    public static string And(params IEnumerable<string> formulas) => Connective("and", "true", formulas);

    /// <summary><c>(or f1 f2 ...)</c>; <c>false</c> for none, the formula itself for one.</summary>
    public static string Or(params IEnumerable<string> formulas) => Connective("or", "false", formulas);

    /// <summary><c>(not f)</c>.</summary>
    public static string Not(string formula) => "(not " + formula + ")";

    /// <summary>The SMT-LIB text of an affine term: <c>x1</c>, <c>(- r2)</c>, <c>(+ (* 2 x1) (/ 1 2))</c>, a number.</summary>
    public string Term(LinearTerm term)
    {
        ArgumentNullException.ThrowIfNull(term);
        if (term.IsConstant) return Number(term.Constant);
        var parts = new List<string>(term.Terms.Count + 1);
        foreach (var (s, c) in term.Terms)
        {
            string name = _symbols[s];
            parts.Add(c.IsOne ? name : c == Rational.MinusOne ? $"(- {name})" : $"(* {Number(c)} {name})");
        }
        if (!term.Constant.IsZero) parts.Add(Number(term.Constant));
        return parts.Count == 1 ? parts[0] : "(+ " + string.Join(" ", parts) + ")";
    }

    /// <summary>An exact rational as SMT-LIB text: <c>3</c>, <c>(- 1)</c>, <c>(/ 1 3)</c>, <c>(- (/ 1 3))</c>.</summary>
    public static string Number(Rational value)
    {
        var magnitude = value.Abs();
        string text = magnitude.IsInteger
            ? magnitude.Numerator.ToString(CultureInfo.InvariantCulture)
            : $"(/ {magnitude.Numerator.ToString(CultureInfo.InvariantCulture)} {magnitude.Denominator.ToString(CultureInfo.InvariantCulture)})";
        return value.Sign < 0 ? $"(- {text})" : text;
    }

    private static string Connective(string op, string empty, IEnumerable<string> formulas)
    {
        ArgumentNullException.ThrowIfNull(formulas);
        var list = formulas.ToList();
        return list.Count switch { 0 => empty, 1 => list[0], _ => $"({op} {string.Join(" ", list)})" };
    }

    private void WriteHeader(SmtOptions options, string logic)
    {
        _body.Append("(set-option :produce-models true)\n");
        long ms = Math.Max(1, (long)Math.Ceiling(options.Timeout.TotalMilliseconds));
        string inv(long v) => v.ToString(CultureInfo.InvariantCulture);
        if (options.IsZ3)
        {
            _body.Append("(set-option :random-seed ").Append(inv(options.Seed)).Append(")\n");
            _body.Append("(set-option :smt.random_seed ").Append(inv(options.Seed)).Append(")\n");
            _body.Append("(set-option :timeout ").Append(inv(ms)).Append(")\n");
            if (options.ResourceLimit is { } r) _body.Append("(set-option :rlimit ").Append(inv(r)).Append(")\n");
        }
        else
        {
            _body.Append("(set-option :seed ").Append(inv(options.Seed)).Append(")\n");
            _body.Append("(set-option :tlimit-per ").Append(inv(ms)).Append(")\n");
            if (options.ResourceLimit is { } r) _body.Append("(set-option :rlimit-per ").Append(inv(r)).Append(")\n");
        }
        _body.Append("(set-logic ").Append(logic).Append(")\n");
    }

    /// <summary>Declares a fresh symbol with a generated name <c>prefix</c>k (not reported).</summary>
    private LinearTerm DeclareFresh(string prefix, string sort = "Real")
    {
        int k = _counters.GetValueOrDefault(prefix);
        string name;
        do name = prefix + (++k).ToString(CultureInfo.InvariantCulture); while (_names.Contains(name));
        _counters[prefix] = k;
        _names.Add(name);
        _body.Append("(declare-const ").Append(name).Append(' ').Append(sort).Append(")\n");
        Grew();
        _symbols.Add(name);
        return LinearTerm.Symbol(_symbols.Count - 1);
    }

    // After every addition: the size budget and the cancellation of the building.
    private void Grew()
    {
        _cancellation.ThrowIfCancellationRequested();
        if (_body.Length > _maxChars)
            throw new SmtScriptTooLargeException(
                $"the SMT script passed {_maxChars:N0} characters, the limit (SmtOptions.MaxScriptChars, default {SmtOptions.DefaultMaxScriptChars:N0}); " +
                "the encoding grows with the quadrature steps times the network's weights: use fewer steps, a smaller network or box, or raise the limit");
    }
}
