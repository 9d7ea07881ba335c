namespace Verifier.NumericBridge.Testing;

/// <summary>One feature's comparison in an <see cref="AttributionMismatchException"/>.</summary>
/// <param name="Feature">The 1-based feature index i of x_i.</param>
/// <param name="Exact">The exact value as text (e.g. <c>3/2</c>).</param>
/// <param name="ExactValue">The exact value rounded to double.</param>
/// <param name="Numeric">The numeric value.</param>
/// <param name="Error">|numeric - exact|.</param>
/// <param name="Allowed">The largest error allowed for this feature.</param>
public sealed record FeatureComparison(int Feature, string Exact, double ExactValue, double Numeric, double Error, double Allowed)
{
    /// <summary>True when the error is within the allowed one (false for a NaN numeric value).</summary>
    public bool Passed => Error <= Allowed;
}

/// <summary>
/// Thrown by <see cref="AttributionAssert"/> when numeric attributions are not close to the exact ones, or are not complete;
/// the message lists every feature's exact value, numeric value and error, and marks the ones that fail.
/// </summary>
public sealed class AttributionMismatchException : Exception
{
    /// <summary>A mismatch with a message and the per-feature comparisons (empty for a completeness failure).</summary>
    public AttributionMismatchException(string message, IReadOnlyList<FeatureComparison> features) : base(message) => Features = features;

    /// <summary>A mismatch with a message only.</summary>
    public AttributionMismatchException(string message) : this(message, []) { }

    /// <summary>A mismatch with no details.</summary>
    public AttributionMismatchException() : this("numeric attributions do not match the exact ones") { }

    /// <summary>A mismatch wrapping another exception.</summary>
    public AttributionMismatchException(string message, Exception innerException) : base(message, innerException) => Features = [];

    /// <summary>Every feature's comparison, passing or not.</summary>
    public IReadOnlyList<FeatureComparison> Features { get; }
}
