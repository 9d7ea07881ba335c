using System.Globalization;
using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Methods;

/// <summary>What values a method parameter takes.</summary>
public enum ParameterKind
{
    /// <summary>An exact number in CONTRACT's syntax (<c>3</c>, <c>-2/3</c>, <c>0.25</c>, <c>1e-3</c>).</summary>
    Number,
    /// <summary>An integer.</summary>
    Integer,
    /// <summary>One of the named <see cref="MethodParameter.Choices"/> (stored as its 0-based index), e.g. a peer's convention.</summary>
    Choice,
}

/// <summary>
/// One parameter of an attribution method (<c>--param NAME=VALUE</c>, or <c>params</c> of a batch line): its name, kind,
/// default, range and help text. A command line generates its options and help from these; <see cref="Parse"/> is the one
/// place a value is read and checked.
/// </summary>
/// <param name="Name">The name as <c>--param</c> writes it, e.g. <c>epsilon</c>.</param>
/// <param name="Kind">Number or integer.</param>
/// <param name="Default">The value used when the parameter is not given (for a parameter with
/// <see cref="RequiredInQueries"/>, only by <c>check</c> and <c>matrix</c>); null when it has none.</param>
/// <param name="Help">One line for the help text.</param>
public sealed record MethodParameter(string Name, ParameterKind Kind, Rational? Default, string Help)
{
    /// <summary>The smallest allowed value, or null for none.</summary>
    public Rational? Minimum { get; init; }

    /// <summary>True when <see cref="Minimum"/> itself is excluded.</summary>
    public bool MinimumExcluded { get; init; }

    /// <summary>The largest allowed value, or null for none.</summary>
    public Rational? Maximum { get; init; }

    /// <summary>
    /// True when a single attribution (<c>attribute</c>, <c>--batch</c>) must state the value: the result depends on it and
    /// there is no standard value (LRP's ε and γ). <c>check</c> and <c>matrix</c> then use <see cref="Default"/>.
    /// </summary>
    public bool RequiredInQueries { get; init; }

    /// <summary>The names a <see cref="ParameterKind.Choice"/> parameter takes, in index order; empty for numbers.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>The value as help and messages show it, e.g. <c>1/100</c>, or the default choice's name.</summary>
    public string? DefaultText => Default is { } d ? Text(d) : null;

    /// <summary>A value as text: the number, or the choice's name.</summary>
    public string Text(Rational value) =>
        Kind == ParameterKind.Choice && value.IsInteger && value.Sign >= 0 && value < Choices.Count ? Choices[(int)value.Numerator] : value.ToString();

    /// <summary>A choice parameter: one of <paramref name="choices"/>, the first being the default.</summary>
    public static MethodParameter Choice(string name, IReadOnlyList<string> choices, string help) =>
        new(name, ParameterKind.Choice, Rational.Zero, help) { Choices = choices, Minimum = Rational.Zero, Maximum = choices.Count - 1 };

    /// <summary>The name of the kink-convention parameter that convention-aware methods take (relu'(0)).</summary>
    public const string ConventionName = "relu_grad_at_zero";

    /// <summary>relu'(0): the value of the ReLU derivative at 0 (and of the step at 0); default 0, PyTorch's
    /// (<see cref="KinkConvention"/>). Every convention-aware method takes it (<see cref="MethodDescriptor.ConventionAware"/>).</summary>
    public static MethodParameter Convention { get; } = new(ConventionName, ParameterKind.Number, Rational.Zero,
        "relu'(0), the derivative of relu at its kink; default 0, PyTorch's convention");

    /// <summary>The range as text, e.g. <c>[1, 100000]</c>, <c>(0, 1]</c>, <c>&gt;= 0</c>; null when unbounded.</summary>
    public string? RangeText => Kind == ParameterKind.Choice ? "{" + string.Join(", ", Choices) + "}" : (Minimum, Maximum) switch
    {
        ({ } lo, { } hi) => $"{(MinimumExcluded ? "(" : "[")}{lo}, {hi}]",
        ({ } lo, null) => MinimumExcluded ? $"> {lo}" : $">= {lo}",
        (null, { } hi) => $"<= {hi}",
        _ => null,
    };

    /// <summary>Reads and checks a value.</summary>
    /// <exception cref="InputArgumentException">Not a number, not an integer where one is needed, or out of range; the message
    /// names the parameter.</exception>
    public Rational Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Kind == ParameterKind.Choice)
        {
            int k = Choices.Select((c, i) => (c, i)).FirstOrDefault(p => string.Equals(p.c, text.Trim(), StringComparison.OrdinalIgnoreCase), (c: "", i: -1)).i;
            return k >= 0 ? new Rational(k) : throw new InputArgumentException($"bad parameter {Name}: one of {RangeText} is needed, got '{text}'");
        }
        if (Kind == ParameterKind.Integer)
        {
            // Integers are read as integers; "1.5", "abc" and out-of-range values get one message naming the range.
            if (!long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var k) || !InRange(new Rational(k)))
                throw new InputArgumentException($"bad parameter {Name}: an integer in {RangeText ?? "Z"} is needed, got '{text}'");
            return new Rational(k);
        }
        if (!Rational.TryParse(text, out var value, out var error, 10_000))
            throw new InputArgumentException($"bad number in parameter {Name}: {error}");
        Check(value);
        return value;
    }

    /// <summary>Checks a value given as a number (from C#, not text).</summary>
    /// <exception cref="InputArgumentException">Not an integer where one is needed, or out of range.</exception>
    public void Check(Rational value)
    {
        if (Kind == ParameterKind.Choice && (!value.IsInteger || !InRange(value)))
            throw new InputArgumentException($"bad parameter {Name}: the index of one of {RangeText} is needed, got {value}");
        if (Kind == ParameterKind.Integer && (!value.IsInteger || !InRange(value)))
            throw new InputArgumentException($"bad parameter {Name}: an integer in {RangeText ?? "Z"} is needed, got {value}");
        if (!InRange(value))
            throw new InputArgumentException(Minimum is not null && Maximum is null
                ? $"bad parameter {Name}: it must be {(MinimumExcluded ? "greater than" : "at least")} {Minimum}, got {value}"
                : $"bad parameter {Name}: it must lie in {RangeText}, got {value}");
    }

    private bool InRange(Rational v) =>
        (Minimum is not { } lo || (MinimumExcluded ? v > lo : v >= lo)) && (Maximum is not { } hi || v <= hi);

    /// <summary>"name=default" or "name" for help texts.</summary>
    public override string ToString() => DefaultText is { } d ? $"{Name}={d}" : Name;
}
