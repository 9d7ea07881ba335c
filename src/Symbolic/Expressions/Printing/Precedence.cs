namespace Verifier.Symbolic.Expressions.Printing;

/// <summary>
/// Binding strength of printed forms, weakest first: a child printed with a weaker precedence than its context
/// needs is put in parentheses.
/// </summary>
internal enum Precedence
{
    /// <summary><c>a + b</c>, <c>a - b</c>.</summary>
    Sum = 1,
    /// <summary>A leading minus: <c>-a</c>, <c>-2*a</c>, <c>-3</c>.</summary>
    Negation = 2,
    /// <summary><c>a*b</c>, <c>2/3*a</c>, <c>1/2</c>.</summary>
    Product = 3,
    /// <summary><c>a^2</c>.</summary>
    Power = 4,
    /// <summary>Variables, non-negative integers, function calls.</summary>
    Atom = 5,
}

/// <summary>A printed form and its precedence.</summary>
internal readonly record struct Printed(string Text, Precedence Precedence);
