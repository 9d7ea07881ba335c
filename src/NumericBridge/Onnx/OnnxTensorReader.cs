using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using Onnx;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Onnx;

/// <summary>
/// Decodes an ONNX <c>TensorProto</c> into an <see cref="ExactTensor"/>: float32, float64, int32, int64 and bool data from
/// the typed fields or from <c>raw_data</c> (little-endian), or from an external-data file. Floating-point values become
/// their exact dyadic rationals.
/// </summary>
internal static class OnnxTensorReader
{
    /// <summary>The tensor's values; <paramref name="what"/> names it in messages (e.g. <c>initializer 'fc.weight'</c>).</summary>
    public static ExactTensor Read(TensorProto t, string what, string? externalDirectory, OnnxImportOptions options)
    {
        var type = ElementType(t.DataType, what);
        var shape = ImmutableArray.CreateBuilder<int>(t.Dims.Count);
        long count = 1;
        foreach (long d in t.Dims)
        {
            if (d < 0 || d > int.MaxValue) throw new OnnxModelException($"{what} has the dimension {d}");
            shape.Add((int)d);
            count *= d;
            if (count > options.MaxParameters)
                throw new OnnxModelException($"{what} has more than {options.MaxParameters} elements (OnnxImportOptions.MaxParameters)");
        }
        int n = (int)count;
        var bytes = t.DataLocation == TensorProto.Types.DataLocation.External
            ? External(t, what, externalDirectory, options)
            : t.RawData.Length > 0 ? t.RawData.Span.ToArray() : null;
        Rational[] values = bytes is not null ? FromRaw(bytes, type, n, what) : FromTyped(t, type, n, what);
        return ExactTensor.Own(shape.ToImmutable(), values, type);
    }

    private static OnnxElementType ElementType(int dataType, string what) => dataType switch
    {
        1 => OnnxElementType.Float32,
        6 => OnnxElementType.Int32,
        7 => OnnxElementType.Int64,
        9 => OnnxElementType.Bool,
        11 => OnnxElementType.Float64,
        _ => throw new OnnxModelException($"{what} has element type {TypeName(dataType)}; supported are float, double, int32, int64 and bool"),
    };

    /// <summary>ONNX's name of a data type code, for messages.</summary>
    public static string TypeName(int dataType) => dataType switch
    {
        0 => "UNDEFINED", 1 => "FLOAT", 2 => "UINT8", 3 => "INT8", 4 => "UINT16", 5 => "INT16", 6 => "INT32", 7 => "INT64",
        8 => "STRING", 9 => "BOOL", 10 => "FLOAT16", 11 => "DOUBLE", 12 => "UINT32", 13 => "UINT64", 14 => "COMPLEX64",
        15 => "COMPLEX128", 16 => "BFLOAT16",
        _ => $"#{dataType.ToString(CultureInfo.InvariantCulture)}",
    };

    private static int Size(OnnxElementType type) => type switch
    {
        OnnxElementType.Float32 or OnnxElementType.Int32 => 4,
        OnnxElementType.Bool => 1,
        _ => 8,
    };

    private static Rational[] FromRaw(byte[] bytes, OnnxElementType type, int n, string what)
    {
        int size = Size(type);
        if (bytes.Length != (long)n * size)
            throw new OnnxModelException($"{what} has {bytes.Length} bytes of data but its shape needs {(long)n * size}");
        var values = new Rational[n];
        var span = bytes.AsSpan();
        for (int i = 0; i < n; i++)
        {
            var at = span.Slice(i * size, size);
            values[i] = type switch
            {
                OnnxElementType.Float32 => Float(BinaryPrimitives.ReadSingleLittleEndian(at), what),
                OnnxElementType.Float64 => Float(BinaryPrimitives.ReadDoubleLittleEndian(at), what),
                OnnxElementType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(at),
                OnnxElementType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(at),
                _ => at[0] != 0 ? Rational.One : Rational.Zero,
            };
        }
        return values;
    }

    private static Rational[] FromTyped(TensorProto t, OnnxElementType type, int n, string what)
    {
        int available = type switch
        {
            OnnxElementType.Float32 => t.FloatData.Count,
            OnnxElementType.Float64 => t.DoubleData.Count,
            OnnxElementType.Int64 => t.Int64Data.Count,
            _ => t.Int32Data.Count, // int32 and bool live in int32_data
        };
        if (available != n) throw new OnnxModelException($"{what} has {available} values but its shape needs {n}");
        var values = new Rational[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = type switch
            {
                OnnxElementType.Float32 => Float(t.FloatData[i], what),
                OnnxElementType.Float64 => Float(t.DoubleData[i], what),
                OnnxElementType.Int64 => t.Int64Data[i],
                OnnxElementType.Int32 => t.Int32Data[i],
                _ => t.Int32Data[i] != 0 ? Rational.One : Rational.Zero,
            };
        }
        return values;
    }

    private static Rational Float(double v, string what) =>
        double.IsFinite(v) ? Rational.FromDouble(v) : throw new OnnxModelException($"{what} holds the non-finite value {v.ToString(CultureInfo.InvariantCulture)}");

    private static byte[] External(TensorProto t, string what, string? directory, OnnxImportOptions options)
    {
        string? location = null;
        long offset = 0, length = -1;
        foreach (var entry in t.ExternalData)
        {
            switch (entry.Key)
            {
                case "location": location = entry.Value; break;
                case "offset": offset = long.Parse(entry.Value, CultureInfo.InvariantCulture); break;
                case "length": length = long.Parse(entry.Value, CultureInfo.InvariantCulture); break;
            }
        }
        if (string.IsNullOrEmpty(location)) throw new OnnxModelException($"{what} is stored externally but names no file");
        if (directory is null)
            throw new OnnxModelException($"{what} is stored in the external file '{location}', but the model was not read from a folder (set OnnxImportOptions.ExternalDataDirectory)");
        string path = Path.GetFullPath(Path.Combine(directory, location));
        if (!File.Exists(path)) throw new OnnxModelException($"{what} is stored in the external file '{location}', which does not exist (looked for {path})");
        using var stream = File.OpenRead(path);
        if (length < 0) length = stream.Length - offset;
        if (offset < 0 || length < 0 || offset + length > stream.Length)
            throw new OnnxModelException($"{what}: the external file '{location}' has {stream.Length} bytes, fewer than offset {offset} plus length {length}");
        if (length > options.MaxFileBytes)
            throw new OnnxModelException($"{what}: {length} bytes of external data exceed OnnxImportOptions.MaxFileBytes ({options.MaxFileBytes})");
        var bytes = new byte[length];
        stream.Seek(offset, SeekOrigin.Begin);
        stream.ReadExactly(bytes);
        return bytes;
    }
}
