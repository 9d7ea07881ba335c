namespace Verifier.Symbolic.Expressions.Printing;

/// <summary>Placeholder until the plain printer lands.</summary>
internal static class PlainPrinter
{
    /// <summary>Prints the expression.</summary>
    public static string Print(Expr e) => e.GetType().Name;
}
