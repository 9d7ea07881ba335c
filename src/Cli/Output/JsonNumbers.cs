using System.Text.Json;

namespace Verifier.Cli.Output;

/// <summary>
/// Doubles in the JSON output. JSON has no infinity or NaN, so a non-finite value (an approximation beyond the double
/// range, a numeric side that overflowed its dtype) is written as the string <c>"Infinity"</c>, <c>"-Infinity"</c> or
/// <c>"NaN"</c>, never dropped and never an error.
/// </summary>
internal static class JsonNumbers
{
    /// <summary>The value, or its name as a string when it is not finite.</summary>
    public static void Write(Utf8JsonWriter w, double x)
    {
        if (double.IsFinite(x)) w.WriteNumberValue(x);
        else w.WriteStringValue(Name(x));
    }

    /// <summary>A property with the value (a string when not finite), or null when there is no value.</summary>
    public static void Write(Utf8JsonWriter w, string name, double? x)
    {
        w.WritePropertyName(name);
        if (x is { } v) Write(w, v); else w.WriteNullValue();
    }

    /// <summary>"Infinity", "-Infinity" or "NaN".</summary>
    public static string Name(double x) => double.IsNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity";
}
