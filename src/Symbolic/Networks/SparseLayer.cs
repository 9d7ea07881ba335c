using System.Collections.Immutable;
using System.Text;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Networks;

/// <summary>
/// An affine layer <c>y = A x + b</c> whose matrix is stored sparsely, in compressed sparse rows (CSR, as scipy's
/// <c>csr_matrix</c>): row i has the entries <c>Values[k]</c> at columns <c>Columns[k]</c> for k from
/// <c>RowStarts[i]</c> to <c>RowStarts[i + 1] - 1</c>. What convolutions, average pooling, batch normalisation, padding,
/// transposes, reshapes, concatenations, gathers and the addition of two branches (a residual connection, with two
/// <see cref="NetworkNode.Sources"/>) of an imported model become: never a dense matrix for a convolution.
/// </summary>
/// <remarks>
/// The form is canonical: within a row the columns increase strictly and no stored value is 0 (the constructors sort,
/// merge repeated columns by adding their values, and drop zeros), so equality compares the stored entries.
/// </remarks>
public sealed record SparseLayer : Layer
{
    private readonly ImmutableArray<int> _rowStarts;
    private readonly ImmutableArray<int> _columns;
    private readonly ImmutableArray<Rational> _values;

    /// <summary>A sparse layer from its rows, each a list of (column, value) entries, and a bias per row.</summary>
    /// <param name="inputCount">The number of inputs (columns) the layer expects.</param>
    /// <param name="rows">Per output, its entries; repeated columns are added, zeros dropped.</param>
    /// <param name="bias">One entry per row.</param>
    /// <exception cref="NetworkFormatException">There are no rows, the bias length is not the number of rows, inputCount is below 1, or a column is outside 0..inputCount - 1.</exception>
    public SparseLayer(int inputCount, IReadOnlyList<IReadOnlyList<(int Column, Rational Value)>> rows, IReadOnlyList<Rational> bias)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(bias);
        Check(inputCount, rows.Count, bias.Count);
        var starts = ImmutableArray.CreateBuilder<int>(rows.Count + 1);
        var columns = ImmutableArray.CreateBuilder<int>();
        var values = ImmutableArray.CreateBuilder<Rational>();
        var row = new SortedDictionary<int, Rational>();
        starts.Add(0);
        for (int i = 0; i < rows.Count; i++)
        {
            var entries = rows[i] ?? throw new ArgumentException($"row {i} is null", nameof(rows));
            bool canonical = true;
            for (int k = 0; k < entries.Count && canonical; k++)
            {
                var (column, value) = entries[k];
                if (column < 0 || column >= inputCount)
                    throw new NetworkFormatException($"sparse layer: row {i} has column {column}, outside 0..{inputCount - 1}");
                canonical = !value.IsZero && (k == 0 || entries[k - 1].Column < column);
            }
            if (canonical)
            {
                // already increasing columns and no zeros (the usual case): copied as they are
                foreach (var (column, value) in entries) { columns.Add(column); values.Add(value); }
                starts.Add(columns.Count);
                continue;
            }
            row.Clear();
            foreach (var (column, value) in entries)
            {
                if (column < 0 || column >= inputCount)
                    throw new NetworkFormatException($"sparse layer: row {i} has column {column}, outside 0..{inputCount - 1}");
                row[column] = row.TryGetValue(column, out var sum) ? sum + value : value;
            }
            foreach (var (column, value) in row)
                if (!value.IsZero) { columns.Add(column); values.Add(value); }
            starts.Add(columns.Count);
        }
        _rowStarts = starts.MoveToImmutable();
        _columns = columns.ToImmutable();
        _values = values.ToImmutable();
        InputCount = inputCount;
        Bias = [.. bias];
    }

    /// <summary>A sparse layer from the three arrays of compressed sparse rows and a bias per row.</summary>
    /// <param name="inputCount">The number of inputs (columns).</param>
    /// <param name="rowStarts">One more entry than rows: row i's entries are positions rowStarts[i] to rowStarts[i + 1] - 1; starts at 0, never decreases, ends at the number of entries.</param>
    /// <param name="columns">The column of each entry.</param>
    /// <param name="values">The value of each entry.</param>
    /// <param name="bias">One entry per row.</param>
    /// <exception cref="NetworkFormatException">The arrays do not describe compressed sparse rows of that many columns, or the bias length is not the number of rows.</exception>
    public SparseLayer(int inputCount, IReadOnlyList<int> rowStarts, IReadOnlyList<int> columns, IReadOnlyList<Rational> values, IReadOnlyList<Rational> bias)
        : this(inputCount, Rows(rowStarts, columns, values), bias) { }

    /// <summary>The number of outputs (rows).</summary>
    public int OutputCount => _rowStarts.Length - 1;

    /// <summary>The number of inputs the layer expects (columns).</summary>
    public int InputCount { get; }

    /// <summary>One more entry than rows: the entries of row i are positions <c>RowStarts[i]</c> to <c>RowStarts[i + 1] - 1</c>.</summary>
    public ImmutableArray<int> RowStarts => _rowStarts;

    /// <summary>The column of each stored entry, increasing within a row.</summary>
    public ImmutableArray<int> Columns => _columns;

    /// <summary>The value of each stored entry (none is 0).</summary>
    public ImmutableArray<Rational> Values => _values;

    /// <summary>The bias, one entry per row.</summary>
    public ImmutableArray<Rational> Bias { get; }

    /// <summary>The number of stored entries.</summary>
    public int EntryCount => _columns.Length;

    /// <summary>The entries of row <paramref name="row"/>: its columns and values.</summary>
    public (ReadOnlyMemory<int> Columns, ReadOnlyMemory<Rational> Values) Row(int row)
    {
        int start = _rowStarts[row], length = _rowStarts[row + 1] - start;
        return (_columns.AsMemory().Slice(start, length), _values.AsMemory().Slice(start, length));
    }

    /// <summary>The dense row <paramref name="row"/> (zeros where no entry is stored).</summary>
    public Rational[] DenseRow(int row)
    {
        var dense = new Rational[InputCount];
        for (int k = _rowStarts[row]; k < _rowStarts[row + 1]; k++) dense[_columns[k]] = _values[k];
        return dense;
    }

    /// <summary>The same map as a dense layer (every row written out, zeros included).</summary>
    public DenseLayer ToDense() => new([.. Enumerable.Range(0, OutputCount).Select(i => (IReadOnlyList<Rational>)DenseRow(i))], Bias);

    /// <summary>The layer with the rows <paramref name="keep"/> selects, in that order (rows may repeat).</summary>
    /// <exception cref="NetworkFormatException">No row is kept.</exception>
    public SparseLayer WithRows(IReadOnlyList<int> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        return new(InputCount, [.. keep.Select(i => RowEntries(i))], [.. keep.Select(i => Bias[i])]);
    }

    /// <summary>
    /// The layer on <paramref name="inputCount"/> inputs with column j moved to <paramref name="map"/>(j), and dropped
    /// where that is -1 (a removed input, whose entries go).
    /// </summary>
    /// <exception cref="NetworkFormatException">A mapped column is outside 0..inputCount - 1.</exception>
    public SparseLayer WithColumns(int inputCount, Func<int, int> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var rows = new IReadOnlyList<(int, Rational)>[OutputCount];
        for (int i = 0; i < rows.Length; i++)
            rows[i] = [.. RowEntries(i).Select(e => (map(e.Column), e.Value)).Where(e => e.Item1 >= 0)];
        return new(inputCount, rows, Bias);
    }

    private IReadOnlyList<(int Column, Rational Value)> RowEntries(int row) =>
        [.. Enumerable.Range(_rowStarts[row], _rowStarts[row + 1] - _rowStarts[row]).Select(k => (_columns[k], _values[k]))];

    /// <inheritdoc />
    public override string TypeName => "sparse";

    /// <inheritdoc />
    public override int OutputWidth(int inputWidth) => OutputCount;

    /// <inheritdoc />
    public override string? ShapeProblem(int inputWidth) =>
        InputCount == inputWidth ? null
        : $"the matrix has {NetworkFormatException.Count(InputCount, "column")} but the layer receives {NetworkFormatException.Count(inputWidth, "input")}";

    /// <inheritdoc />
    public override TResult Accept<TResult>(ILayerVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitSparse(this);
    }

    internal override int[] Pattern(ReadOnlySpan<Rational> input) => [];

    internal override void Forward(ReadOnlySpan<Rational> input, Span<Rational> output)
    {
        for (int i = 0; i < OutputCount; i++)
        {
            var acc = Bias[i];
            for (int k = _rowStarts[i]; k < _rowStarts[i + 1]; k++)
            {
                var x = input[_columns[k]];
                if (!x.IsZero) acc += _values[k] * x; // y_i = sum_k A[i][c_k] x_(c_k) + b_i
            }
            output[i] = acc;
        }
    }

    internal override void Backward(ReadOnlySpan<Rational> input, ReadOnlySpan<Rational> gradOutput, Span<Rational> gradInput, KinkConvention convention)
    {
        // d/dx_j of sum_i g_i (A x + b)_i = sum_i g_i A[i][j]
        gradInput.Clear();
        for (int i = 0; i < OutputCount; i++)
        {
            if (gradOutput[i].IsZero) continue;
            for (int k = _rowStarts[i]; k < _rowStarts[i + 1]; k++) gradInput[_columns[k]] += gradOutput[i] * _values[k];
        }
    }

    /// <summary>Structural equality: the same shape, entries and bias.</summary>
    public bool Equals(SparseLayer? other)
    {
        if (ReferenceEquals(this, other)) return true;
        return other is not null && other.InputCount == InputCount
            && _rowStarts.AsSpan().SequenceEqual(other._rowStarts.AsSpan())
            && _columns.AsSpan().SequenceEqual(other._columns.AsSpan())
            && _values.AsSpan().SequenceEqual(other._values.AsSpan())
            && Bias.AsSpan().SequenceEqual(other.Bias.AsSpan());
    }

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(OutputCount);
        h.Add(InputCount);
        h.Add(EntryCount);
        for (int k = 0; k < Math.Min(EntryCount, 16); k++) { h.Add(_columns[k]); h.Add(_values[k]); }
        return h.ToHashCode();
    }

    /// <summary>For people: <c>sparse 3x4, 5 entries [[0: 1, 2: -1/2], [], [3: 2]] + [0, 1, 0]</c> (the entries of the first 8 rows).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder($"sparse {OutputCount}x{InputCount}, {NetworkFormatException.Count(EntryCount, "entry", "entries")} [");
        for (int i = 0; i < Math.Min(OutputCount, 8); i++)
        {
            sb.Append(i == 0 ? "[" : ", [");
            for (int k = _rowStarts[i]; k < _rowStarts[i + 1]; k++)
                sb.Append(k == _rowStarts[i] ? "" : ", ").Append(_columns[k]).Append(": ").Append(_values[k]);
            sb.Append(']');
        }
        if (OutputCount > 8) sb.Append(", ...");
        sb.Append("] + [").AppendJoin(", ", Bias.Take(8));
        return sb.Append(OutputCount > 8 ? ", ...]" : "]").ToString();
    }

    private static void Check(int inputCount, int rows, int bias)
    {
        if (inputCount < 1) throw new NetworkFormatException($"sparse layer: the matrix needs at least 1 column, not {inputCount}");
        if (rows == 0) throw new NetworkFormatException("sparse layer: the matrix has no rows");
        if (bias != rows)
            throw new NetworkFormatException($"sparse layer: bias has {NetworkFormatException.Count(bias, "entry", "entries")} but the matrix has {NetworkFormatException.Count(rows, "row")}");
    }

    private static (int, Rational)[][] Rows(IReadOnlyList<int> rowStarts, IReadOnlyList<int> columns, IReadOnlyList<Rational> values)
    {
        ArgumentNullException.ThrowIfNull(rowStarts);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(values);
        if (columns.Count != values.Count)
            throw new NetworkFormatException($"sparse layer: {NetworkFormatException.Count(columns.Count, "column index", "column indices")} but {NetworkFormatException.Count(values.Count, "value")}");
        if (rowStarts.Count < 2) throw new NetworkFormatException("sparse layer: row_starts needs at least 2 entries (one row)");
        if (rowStarts[0] != 0) throw new NetworkFormatException($"sparse layer: row_starts must start at 0, not {rowStarts[0]}");
        if (rowStarts[^1] != columns.Count)
            throw new NetworkFormatException($"sparse layer: row_starts must end at the number of entries ({columns.Count}), not {rowStarts[^1]}");
        var rows = new (int, Rational)[rowStarts.Count - 1][];
        for (int i = 0; i < rows.Length; i++)
        {
            int start = rowStarts[i], end = rowStarts[i + 1];
            if (end < start) throw new NetworkFormatException($"sparse layer: row_starts decreases at row {i} ({start} then {end})");
            rows[i] = new (int, Rational)[end - start];
            for (int k = start; k < end; k++) rows[i][k - start] = (columns[k], values[k]);
        }
        return rows;
    }
}
