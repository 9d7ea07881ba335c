namespace Verifier.NumericBridge.Models;

/// <summary>Input points as a <c>[rows, inputs]</c> matrix, with the checks every model shares (length, finiteness).</summary>
internal static class PointRows
{
    /// <summary>The rows as a matrix; a row of the wrong length is an <see cref="ArgumentException"/>. <paramref name="shape"/>
    /// describes the inputs after their count in messages (e.g. " (3 x 32 x 32)"), or is empty.</summary>
    public static double[,] From(IReadOnlyList<IReadOnlyList<double>> rows, int inputs, string shape, string parameter)
    {
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row, parameter);
            if (row.Count != inputs)
                throw new ArgumentException($"the model has {inputs} inputs{shape} but the point has {row.Count} coordinates", parameter);
        }
        var result = new double[rows.Count, inputs];
        for (int i = 0; i < rows.Count; i++)
            for (int j = 0; j < inputs; j++) result[i, j] = rows[i][j];
        return result;
    }

    /// <summary>Checks the column count and that every entry is finite.</summary>
    public static void Check(double[,] points, int inputs, string shape, string parameter)
    {
        ArgumentNullException.ThrowIfNull(points, parameter);
        if (points.GetLength(1) != inputs)
            throw new ArgumentException($"the model has {inputs} inputs{shape} but the points have {points.GetLength(1)} columns", parameter);
        foreach (double v in points)
            if (!double.IsFinite(v)) throw new ArgumentException($"the points contain a non-finite value ({v})", parameter);
    }
}
