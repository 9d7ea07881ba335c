using System.Globalization;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Expressions.Parsing;

internal sealed partial class Parser
{
    /// <summary>The function names of the syntax, with their argument signatures for messages.</summary>
    internal static readonly IReadOnlyDictionary<string, string> Functions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["relu"] = "relu(a)",
        ["leaky_relu"] = "leaky_relu(a, alpha)",
        ["abs"] = "abs(a)",
        ["clip"] = "clip(a, lo, hi)",
        ["max"] = "max(a, b, ...)",
        ["min"] = "min(a, b, ...)",
        ["exp"] = "exp(a)",
        ["log"] = "log(a)",
        ["sigmoid"] = "sigmoid(a)",
        ["tanh"] = "tanh(a)",
        ["softplus"] = "softplus(a)",
        ["step"] = "step(a) or step(a, atZero)",
    };

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ln"] = "log", ["leakyrelu"] = "leaky_relu", ["heaviside"] = "step", ["logistic"] = "sigmoid",
    };

    // A variable (x1, x2, ..., t); anything else is an error naming the identifier.
    private Expr Identifier(Token token)
    {
        string name = token.Text;
        if (name == "t") return Ex.T;
        if (name.Length >= 2 && name[0] == 'x' && AllDigits(name, 1))
        {
            string digits = name[1..];
            if (digits.TrimStart('0').Length == 0)
                throw Error($"unknown variable '{name}': variables are numbered from 1 (x1, x2, ...)", token.Start);
            if (digits[0] == '0') throw Error($"malformed variable '{name}' (write x{digits.TrimStart('0')})", token.Start);
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                throw Error($"variable index of '{name}' is too large", token.Start);
            return Ex.Var(index);
        }
        if (Functions.ContainsKey(name))
            throw Error($"function '{name}' needs its arguments in parentheses: {Functions[name]}", token.Start);
        string hint = name.Length >= 2 && name[0] == 'X' && AllDigits(name, 1) ? $" (did you mean 'x{name[1..]}'?)"
            : name is "e" ? " (write exp(1) for e)"
            : " (variables are x1, x2, ... and t)";
        throw Error($"unknown identifier '{name}'{hint}", token.Start);
    }

    // name '(' expr (',' expr)* ')', the current token being '('.
    private Expr ParseCall(Token name)
    {
        if (!Functions.ContainsKey(name.Text)) throw Error($"unknown function '{name.Text}'{Suggest(name.Text)}", name.Start);
        var open = Advance();
        Descend(open.Start);
        var args = new List<Expr>();
        var starts = new List<int>();
        if (Current.Kind != TokenKind.RightParen)
        {
            while (true)
            {
                starts.Add(Current.Start);
                args.Add(ParseExpression());
                if (Current.Kind == TokenKind.Comma) { Advance(); continue; }
                if (Current.Kind == TokenKind.RightParen) break;
                throw MissingOperator($"in the arguments of '{name.Text}('",
                    $"missing ')' to close '{name.Text}(' (opened at position {open.Start})");
            }
        }
        var close = Advance();
        _depth--;
        return Call(name, args, starts, close.Start);
    }

    private Expr Call(Token name, List<Expr> args, List<int> starts, int close)
    {
        string f = name.Text;
        switch (f)
        {
            case "max" or "min":
                Arity(name, args, starts, close, 1, int.MaxValue);
                return Build(name.Start, () => f == "max" ? Ex.Max(args) : Ex.Min(args));
            case "leaky_relu":
            {
                Arity(name, args, starts, close, 2, 2);
                var alpha = ConstantArgument(args[1], starts[1], "the alpha of leaky_relu");
                return Build(name.Start, () => Ex.LeakyRelu(args[0], alpha));
            }
            case "clip":
            {
                // clip(a, lo, hi) = lo + relu(a - lo) - relu(a - hi): built in its relu form, which prints as relus
                Arity(name, args, starts, close, 3, 3);
                var lo = ConstantArgument(args[1], starts[1], "the lower bound of clip");
                var hi = ConstantArgument(args[2], starts[2], "the upper bound of clip");
                if (lo >= hi) throw Error($"clip needs lo < hi, got lo = {lo} and hi = {hi}", starts[1]);
                return Build(name.Start, () => new ClipLayer(lo, hi).ToExpr(args[0]));
            }
            case "step":
            {
                Arity(name, args, starts, close, 1, 2);
                var atZero = args.Count == 2 ? ConstantArgument(args[1], starts[1], "the value at zero of step") : Rational.Zero;
                return Build(name.Start, () => Ex.Step(args[0], atZero));
            }
        }
        Arity(name, args, starts, close, 1, 1);
        var a = args[0];
        return Build(name.Start, () => f switch
        {
            "relu" => Ex.Relu(a),
            "abs" => Ex.Abs(a),
            "exp" => Ex.Exp(a),
            "log" => Ex.Log(a),
            "sigmoid" => Ex.Sigmoid(a),
            "tanh" => Ex.Tanh(a),
            "softplus" => Ex.Softplus(a),
            _ => throw new InvalidOperationException($"function '{f}' has no builder"),
        });
    }

    // Too many arguments: error at the first extra one; too few: at the closing parenthesis.
    private void Arity(Token name, List<Expr> args, List<int> starts, int close, int min, int max)
    {
        if (args.Count >= min && args.Count <= max) return;
        string expected = min == max ? $"{min} argument{(min == 1 ? "" : "s")}"
            : max == int.MaxValue ? $"at least {min} argument{(min == 1 ? "" : "s")}"
            : $"{min} or {max} arguments";
        string problem = $"wrong number of arguments for {name.Text}: expected {expected} ({Functions[name.Text]}), got {args.Count}";
        throw Error(problem, args.Count > max ? starts[max] : close);
    }

    private Rational ConstantArgument(Expr arg, int position, string what) => arg is Constant c
        ? c.Value
        : throw Error($"{what} must be a rational constant, got '{Describe(arg)}'", position);

    private static bool AllDigits(string s, int from)
    {
        for (int i = from; i < s.Length; i++) if (!char.IsAsciiDigit(s[i])) return false;
        return true;
    }

    private static string Suggest(string name)
    {
        foreach (var known in Functions.Keys)
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase)) return $" (did you mean '{known}'?)";
        if (Aliases.TryGetValue(name, out var alias)) return $" (did you mean '{alias}'?)";
        return " (known functions: " + string.Join(", ", Functions.Keys) + ")";
    }
}
