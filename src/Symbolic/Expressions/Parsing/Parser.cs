using System.Runtime.CompilerServices;

namespace Verifier.Symbolic.Expressions.Parsing;

/// <summary>
/// Parses the function syntax of the external contract (CONTRACT.md, "Function syntax") into canonical
/// expressions: variables <c>x1 ... xn</c> (1-based) and <c>t</c> (index 0); exact numbers (<c>3</c>,
/// <c>0.25</c>, <c>1e-3</c>; <c>2/3</c> is a division of constants); <c>+ - * /</c>; <c>^</c> with an integer
/// constant exponent (right-associative, binding tighter than unary minus: <c>-x1^2 = -(x1^2)</c>); parentheses;
/// the functions listed in <see cref="Parser.Functions"/> (<c>relu</c>, <c>leaky_relu(a, alpha)</c>, <c>abs</c>, <c>max</c>,
/// <c>min</c>, <c>exp</c>, <c>log</c>, <c>sigmoid</c>, <c>tanh</c>, <c>softplus</c>, <c>step(a)</c> / <c>step(a, atZero)</c>
/// (Heaviside), ...). A piecewise-linear activation without its own node is built in its relu form
/// (<see cref="Networks.ActivationFunction.ToExpr"/>) and prints back as relus.
/// </summary>
/// <remarks>
/// Grammar (recursive descent, one method per rule):
/// <code>
/// expr    := term (('+' | '-') term)*
/// term    := unary (('*' | '/') unary)*
/// unary   := ('-' | '+') unary | power
/// power   := primary ('^' unary)?          exponent: an integer constant
/// primary := number | variable | name '(' expr (',' expr)* ')' | '(' expr ')'
/// </code>
/// Implicit multiplication (<c>2x1</c>) is an error. Every error is a <see cref="ParseException"/> carrying the
/// 0-based position of the problem. The output of <see cref="Printing.PlainPrinter"/> parses back to an equal
/// expression.
/// </remarks>
public static class ExprParser
{
    /// <summary>Parses <paramref name="text"/> into a canonical expression.</summary>
    /// <exception cref="ParseException">The text is malformed, or an operation in it is undefined on constants
    /// (division by 0, log of a non-positive number) or exceeds a limit; the message names the position.</exception>
    public static Expr Parse(string text, ParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parser.Run(text, options ?? ParseOptions.Default);
    }

    /// <summary>
    /// Parses <paramref name="text"/> into a canonical expression and keeps the non-constant denominators of the text
    /// (divisors and bases of negative powers): the canonical form cancels common factors (x1/x1 is 1), so the points
    /// where the text divides by zero are only known from these (<see cref="ParsedFunction.CheckDefinedAt"/>).
    /// </summary>
    /// <exception cref="ParseException">As <see cref="Parse"/>.</exception>
    public static ParsedFunction ParseFunction(string text, ParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var denominators = new List<Expr>();
        var f = Parser.Run(text, options ?? ParseOptions.Default, denominators);
        return new ParsedFunction(f, denominators.Distinct().ToArray());
    }

    /// <summary>Try-style <see cref="Parse"/>: false with the <paramref name="error"/> when the text is malformed.</summary>
    public static bool TryParse(string? text, out Expr? result, out ParseError? error, ParseOptions? options = null)
    {
        result = null;
        error = null;
        try
        {
            result = Parser.Run(text ?? "", options ?? ParseOptions.Default);
            return true;
        }
        catch (ParseException ex)
        {
            error = ex.Error;
            return false;
        }
    }
}

/// <summary>The recursive-descent parser over the token list of one text.</summary>
internal sealed partial class Parser
{
    private readonly string _text;
    private readonly ParseOptions _options;
    private readonly List<Token> _tokens;
    private int _index;
    private int _depth;

    private readonly List<Expr>? _denominators;

    private Parser(string text, ParseOptions options, List<Token> tokens, List<Expr>? denominators)
    {
        _text = text;
        _options = options;
        _tokens = tokens;
        _denominators = denominators;
    }

    /// <summary>Parses; the non-constant denominators of the text are added to <paramref name="denominators"/> when given.</summary>
    public static Expr Run(string text, ParseOptions options, List<Expr>? denominators = null)
    {
        if (text.Length > options.MaxLength)
            throw Lexer.Error($"input of {text.Length} characters exceeds the limit {options.MaxLength} (ParseOptions.MaxLength)", options.MaxLength, text);
        var tokens = Lexer.Tokenize(text, options);
        if (tokens[0].Kind == TokenKind.End) throw Lexer.Error("empty input", 0, text);
        var parser = new Parser(text, options, tokens, denominators);
        var result = parser.ParseExpression();
        if (parser.Current.Kind != TokenKind.End) throw parser.MissingOperator("after the end of the expression");
        return result;
    }

    private Token Current => _tokens[_index];
    private Token Previous => _tokens[Math.Max(0, _index - 1)];
    private Token Advance() => _tokens[_index++];

    // expr := term (('+' | '-') term)*
    private Expr ParseExpression()
    {
        int start = Current.Start;
        var terms = new List<Expr> { ParseTerm() };
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Advance();
            var term = ParseTerm();
            terms.Add(op.Kind == TokenKind.Minus ? Build(op.Start, () => Ex.Negate(term)) : term);
        }
        if (terms.Count == 1) return terms[0];
        CheckConstantSize(ConstantSize.OfSum(terms), start, "sum");
        return Build(start, () => Ex.Sum(terms));
    }

    // term := unary (('*' | '/') unary)*
    private Expr ParseTerm()
    {
        var factors = new List<Expr> { ParseUnary() };
        var operators = new List<int>();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash)
        {
            var op = Advance();
            var operand = ParseUnary();
            operators.Add(op.Start);
            if (op.Kind == TokenKind.Star) factors.Add(operand);
            else
            {
                if (operand is Constant { Value.IsZero: true }) throw Error("division by zero", op.Start);
                if (operand is not Constant) _denominators?.Add(operand);
                factors.Add(Build(op.Start, () => Ex.Pow(operand, -1)));
            }
        }
        if (factors.Count == 1) return factors[0];
        CheckConstantSize(ConstantSize.OfProduct(factors), operators[0], "product");
        try { return Ex.Product(factors); }
        catch (ArithmeticException ex)
        {
            // Locate the operation that fails by multiplying left to right (which throws at its operator);
            // if that grouping happens to succeed, report the first operator.
            if (factors.Count <= 64)
            {
                var acc = factors[0];
                for (int i = 1; i < factors.Count; i++)
                {
                    var (left, right) = (acc, factors[i]);
                    acc = Build(operators[i - 1], () => Ex.Product(left, right));
                }
            }
            throw Wrap(ex, operators[0]);
        }
    }

    // unary := ('-' | '+') unary | power
    private Expr ParseUnary()
    {
        if (Current.Kind is not (TokenKind.Minus or TokenKind.Plus)) return ParsePower();
        var sign = Advance();
        Descend(sign.Start);
        var operand = ParseUnary();
        _depth--;
        return sign.Kind == TokenKind.Minus ? Build(sign.Start, () => Ex.Negate(operand)) : operand;
    }

    // power := primary ('^' unary)?, the exponent an integer constant
    private Expr ParsePower()
    {
        var b = ParsePrimary();
        if (Current.Kind != TokenKind.Caret) return b;
        var caret = Advance();
        Descend(caret.Start);
        int exponentStart = Current.Start;
        var exponent = ParseUnary();
        _depth--;
        if (exponent is not Constant { Value: var k } || !k.IsInteger)
            throw Error($"the exponent must be an integer constant, got '{Describe(exponent)}'", exponentStart);
        if (k.Abs() > _options.MaxExponent)
            throw Error($"exponent {Describe(exponent)} exceeds the limit {_options.MaxExponent} (ParseOptions.MaxExponent)", exponentStart);
        int n = (int)k.Numerator;
        if (n < 0 && b is Constant { Value.IsZero: true }) throw Error($"division by zero: 0^({n})", caret.Start);
        if (n < 0 && b is not Constant) _denominators?.Add(b);
        CheckConstantSize(ConstantSize.OfPower(b, n), caret.Start, "power");
        return Build(caret.Start, () => Ex.Pow(b, n));
    }

    // primary := number | variable | name '(' args ')' | '(' expr ')'
    private Expr ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                return Ex.Const(token.Value);
            case TokenKind.Identifier:
                Advance();
                return Current.Kind == TokenKind.LeftParen ? ParseCall(token) : Identifier(token);
            case TokenKind.LeftParen:
            {
                Advance();
                if (Current.Kind == TokenKind.RightParen) throw Error("empty parentheses '()'", token.Start);
                Descend(token.Start);
                var inner = ParseExpression();
                _depth--;
                if (Current.Kind != TokenKind.RightParen)
                    throw MissingOperator($"where ')' was expected to close the '(' at position {token.Start}",
                                          $"missing ')' to close '(' (opened at position {token.Start})");
                Advance();
                return inner;
            }
            case TokenKind.End:
                throw Error(_index == 0 ? "empty input" : $"unexpected end of input after {Previous.Describe()}: expected a number, variable, function or '('", token.Start);
            default:
                throw Error($"unexpected {token.Describe()}: expected a number, variable, function or '('", token.Start);
        }
    }

    // Error at the current token when an operator, ',' or ')' was expected after a complete operand.
    private ParseException MissingOperator(string context, string? problem = null)
    {
        var token = Current;
        if (token.StartsOperand)
        {
            var prev = Previous;
            string hint = prev.Kind is TokenKind.Number or TokenKind.Identifier && token.Kind is TokenKind.Number or TokenKind.Identifier
                ? $"; write '{prev.Text}*{token.Text}'" : "; write '*'";
            return Error($"missing operator before {token.Describe()} (implicit multiplication is not allowed{hint})", token.Start);
        }
        if (problem is not null) return Error(problem, token.Start);
        return Error($"unexpected {token.Describe()} {context}", token.Start);
    }

    private void CheckConstantSize(long bits, int position, string what)
    {
        long digits = ConstantSize.Digits(bits);
        if (digits > _options.MaxConstantDigits)
            throw Error($"this {what} would create constants of up to about {digits} digits, beyond the limit {_options.MaxConstantDigits} (ParseOptions.MaxConstantDigits)", position);
    }

    private void Descend(int position)
    {
        if (++_depth > _options.MaxDepth)
            throw Error($"nesting deeper than {_options.MaxDepth} levels (ParseOptions.MaxDepth)", position);
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw Error("nesting too deep for the available stack", position);
    }

    // Runs a factory call, turning its domain and limit errors into parse errors at the operation's position.
    private Expr Build(int position, Func<Expr> build)
    {
        try { return build(); }
        catch (ArithmeticException ex) { throw Wrap(ex, position); }
    }

    private ParseException Wrap(ArithmeticException ex, int position) => ex switch
    {
        SymbolicDomainException or SymbolicLimitException or DivideByZeroException =>
            new ParseException(new ParseError(ex.Message, position, _text), ex),
        _ => new ParseException(new ParseError("arithmetic error: " + ex.Message, position, _text), ex),
    };

    private ParseException Error(string problem, int position) => Lexer.Error(problem, position, _text);

    // A short description of an expression for messages.
    private static string Describe(Expr e)
    {
        var s = e.ToString();
        return s.Length <= 40 ? s : s[..18] + "..." + s[^18..];
    }
}
