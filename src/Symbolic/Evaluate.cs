using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic;

/// <summary>Evaluation of a function of x1..xn at a point: exactly, or fast in floating point.</summary>
public static class Evaluate
{
    /// <summary>
    /// The exact value of <paramref name="f"/> at <paramref name="point"/> (point[0] is x1): a <see cref="Rational"/>
    /// when the value is rational, otherwise a closed-form constant expression (e.g. <c>2*sigmoid(3) - 1</c>) with a
    /// certified enclosure of the requested width (<see cref="ExactOptions.EnclosureWidth"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The point has fewer coordinates than the function's dimension, or f contains t.</exception>
    /// <exception cref="SymbolicDomainException">Division by zero or log of a non-positive number at that point.</exception>
    /// <exception cref="SymbolicLimitException">An intermediate value exceeds <see cref="ExactOptions.MaxDigits"/>.</exception>
    public static ExactResult Exactly(Expr f, IReadOnlyList<Rational> point, ExactOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(point);
        if (f.Contains(0)) throw new ArgumentException("the function contains t, which has no value at a point");
        if (point.Count < f.Dimension)
            throw new ArgumentException($"the function uses x{f.Dimension} but the point has {point.Count} coordinate{(point.Count == 1 ? "" : "s")}");
        options ??= ExactOptions.Current;
        var value = f.SubstitutePoint(point, options);
        return value is Constant c ? ExactResult.FromRational(c.Value) : ExactResult.FromClosedForm(value, options);
    }

    /// <summary>A fast <see cref="double"/> approximation at <paramref name="x"/> (x[0] is x1).</summary>
    /// <exception cref="ArgumentException">The point has fewer coordinates than the function's dimension.</exception>
    public static double Approximately(Expr f, params double[] x)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (x.Length < f.Dimension)
            throw new ArgumentException($"the function uses x{f.Dimension} but the point has {x.Length} coordinate{(x.Length == 1 ? "" : "s")}");
        return f.EvalAt(x);
    }
}
