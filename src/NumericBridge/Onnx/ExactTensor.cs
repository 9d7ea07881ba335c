using System.Collections.Immutable;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Onnx;

/// <summary>The element types an imported tensor may have (ONNX <c>TensorProto.DataType</c>).</summary>
public enum OnnxElementType
{
    /// <summary>IEEE binary32 (<c>FLOAT</c>, 1).</summary>
    Float32 = 1,
    /// <summary>Signed 32-bit integers (<c>INT32</c>, 6).</summary>
    Int32 = 6,
    /// <summary>Signed 64-bit integers (<c>INT64</c>, 7).</summary>
    Int64 = 7,
    /// <summary>Booleans (<c>BOOL</c>, 9), read as 0 and 1.</summary>
    Bool = 9,
    /// <summary>IEEE binary64 (<c>DOUBLE</c>, 11).</summary>
    Float64 = 11,
}

/// <summary>
/// An immutable tensor of exact rationals with a shape, stored in C (row-major) order. Floating-point data read from a
/// model becomes the exact dyadic rational of each value, never rounded.
/// </summary>
public sealed class ExactTensor
{
    private readonly Rational[] _values;

    /// <summary>A tensor of the given shape and values (copied); the element count must match the shape.</summary>
    /// <exception cref="ArgumentException">A dimension is negative or the count of values does not match the shape.</exception>
    public ExactTensor(IReadOnlyList<int> shape, IReadOnlyList<Rational> values, OnnxElementType elementType = OnnxElementType.Float64)
        : this([.. shape], [.. values], elementType)
    {
    }

    private ExactTensor(ImmutableArray<int> shape, Rational[] values, OnnxElementType elementType)
    {
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"a tensor dimension must be non-negative, not {d}", nameof(shape));
            count *= d;
        }
        if (count != values.Length)
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] holds {count} elements, not {values.Length}", nameof(values));
        Shape = shape;
        _values = values;
        ElementType = elementType;
    }

    /// <summary>Wraps an array the caller gives up (no copy).</summary>
    internal static ExactTensor Own(ImmutableArray<int> shape, Rational[] values, OnnxElementType elementType = OnnxElementType.Float64) =>
        new(shape, values, elementType);

    /// <summary>A scalar (rank 0).</summary>
    public static ExactTensor Scalar(Rational value, OnnxElementType elementType = OnnxElementType.Float64) => new([], [value], elementType);

    /// <summary>The dimensions, outermost first.</summary>
    public ImmutableArray<int> Shape { get; }

    /// <summary>The element type the tensor had in the model (or <see cref="OnnxElementType.Float64"/> for computed tensors).</summary>
    public OnnxElementType ElementType { get; }

    /// <summary>The number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>The number of elements.</summary>
    public int Count => _values.Length;

    /// <summary>The values in C order.</summary>
    public ReadOnlySpan<Rational> Values => _values;

    /// <summary>The element at flat (C-order) index <paramref name="i"/>.</summary>
    public Rational this[int i] => _values[i];

    /// <summary>True for an integer element type (the tensor is an index or shape list).</summary>
    public bool IsInteger => ElementType is OnnxElementType.Int32 or OnnxElementType.Int64 or OnnxElementType.Bool;

    /// <summary>The same values with another shape of the same element count.</summary>
    public ExactTensor Reshape(IReadOnlyList<int> shape) => new([.. shape], _values, ElementType);

    /// <summary>The same values (not copied) with another shape and element type.</summary>
    internal ExactTensor Retyped(ImmutableArray<int> shape, OnnxElementType elementType) => new(shape, _values, elementType);

    /// <summary>The values as 64-bit integers (for shapes, axes, pads and indices).</summary>
    /// <exception cref="InvalidDataException">A value is not an integer in the 64-bit range.</exception>
    public long[] ToInt64()
    {
        var result = new long[_values.Length];
        for (int i = 0; i < result.Length; i++)
        {
            var v = _values[i];
            if (!v.IsInteger || v.Numerator < long.MinValue || v.Numerator > long.MaxValue)
                throw new InvalidDataException($"{v} is not a 64-bit integer");
            result[i] = (long)v.Numerator;
        }
        return result;
    }

    /// <summary>The values rounded to the nearest doubles (for the numeric model).</summary>
    public double[] ToDoubles()
    {
        var result = new double[_values.Length];
        for (int i = 0; i < result.Length; i++) result[i] = _values[i].ToDouble();
        return result;
    }

    /// <summary>The values copied into a new array.</summary>
    public Rational[] ToArray() => (Rational[])_values.Clone();

    /// <summary>The element count of <paramref name="shape"/>.</summary>
    public static long ElementCount(IReadOnlyList<int> shape)
    {
        long n = 1;
        foreach (int d in shape) n *= d;
        return n;
    }

    /// <summary>The C-order strides of <paramref name="shape"/>.</summary>
    public static int[] Strides(IReadOnlyList<int> shape)
    {
        var s = new int[shape.Count];
        int acc = 1;
        for (int i = shape.Count - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
        return s;
    }

    /// <summary>For people: <c>tensor [2, 3] float32</c>.</summary>
    public override string ToString() => $"tensor [{string.Join(", ", Shape)}] {ElementType.ToString().ToLowerInvariant()}";
}
