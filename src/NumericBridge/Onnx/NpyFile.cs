using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Onnx;

/// <summary>
/// NumPy's <c>.npy</c> format (versions 1 to 3): the magic bytes, a header dictionary (<c>descr</c>, <c>fortran_order</c>,
/// <c>shape</c>), then the data. float32 and float64 (<c>f4</c>, <c>f8</c>, either byte order) in C order are read exactly.
/// </summary>
internal static partial class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static bool IsNpy(byte[] bytes) => bytes.Length >= Magic.Length && bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic);

    public static Rational[] Parse(byte[] bytes)
    {
        if (bytes.Length < 10) throw new PointFileException(".npy: the file ends inside its preamble");
        int major = bytes[6];
        if (major is < 1 or > 3) throw new PointFileException($".npy: format version {major}.{bytes[7]} is not supported (1 to 3 are)");
        int headerLength, offset;
        if (major == 1) { headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)); offset = 10; }
        else
        {
            if (bytes.Length < 12) throw new PointFileException(".npy: the file ends inside its preamble");
            long length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
            if (length > int.MaxValue) throw new PointFileException(".npy: the header length is too large");
            headerLength = (int)length;
            offset = 12;
        }
        if (offset + (long)headerLength > bytes.Length) throw new PointFileException(".npy: the file ends inside its header");
        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes, offset, headerLength);
        var descr = DescrPattern().Match(header);
        var fortran = FortranPattern().Match(header);
        var shape = ShapePattern().Match(header);
        if (!descr.Success || !fortran.Success || !shape.Success)
            throw new PointFileException($".npy: the header is not a dictionary with 'descr', 'fortran_order' and 'shape': {header.Trim()}");
        if (fortran.Groups[1].Value == "True") throw new PointFileException(".npy: Fortran order is not supported; save the array in C order");
        string type = descr.Groups[1].Value;
        bool little = type[0] is '<' or '|' || (type[0] == '=' && BitConverter.IsLittleEndian);
        int size = type[1..] switch
        {
            "f4" => 4,
            "f8" => 8,
            _ => throw new PointFileException($".npy: element type '{type}' is not supported; float32 ('<f4') and float64 ('<f8') are"),
        };
        long count = 1;
        foreach (var dim in shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(dim, NumberStyles.None, CultureInfo.InvariantCulture, out long d)) throw new PointFileException($".npy: the shape ({shape.Groups[1].Value}) is not a tuple of sizes");
            count *= d;
            if (count > PointFile.MaxValues) throw new PointFileException($".npy: more than {PointFile.MaxValues} numbers");
        }
        int data = offset + headerLength;
        if (bytes.Length - data != count * size)
            throw new PointFileException($".npy: the shape ({shape.Groups[1].Value}) needs {count * size} bytes of data, the file has {bytes.Length - data}");
        var values = new Rational[count];
        for (int i = 0; i < count; i++)
        {
            var at = bytes.AsSpan(data + i * size, size);
            double v = size == 4
                ? (little ? BinaryPrimitives.ReadSingleLittleEndian(at) : BinaryPrimitives.ReadSingleBigEndian(at))
                : (little ? BinaryPrimitives.ReadDoubleLittleEndian(at) : BinaryPrimitives.ReadDoubleBigEndian(at));
            if (!double.IsFinite(v)) throw new PointFileException($".npy: element {i} is {v.ToString(CultureInfo.InvariantCulture)}, not a finite number");
            values[i] = Rational.FromDouble(v);
        }
        return values;
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([<>|=][a-z]\d+)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
