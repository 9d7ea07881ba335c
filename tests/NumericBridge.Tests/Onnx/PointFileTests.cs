using System.Buffers.Binary;
using System.Text;
using Verifier.NumericBridge.Onnx;
using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Tests.Onnx;

public sealed class PointFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pointfile").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Write(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

    /// <summary>An .npy file as NumPy writes it: version 1, header padded with spaces to a multiple of 64 bytes, ending in a newline.</summary>
    internal static byte[] Npy(string descr, string shape, byte[] data, bool fortran = false, int version = 1)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";
        int preamble = version == 1 ? 10 : 12;
        int total = (preamble + dict.Length + 1 + 63) / 64 * 64;
        string header = dict.PadRight(total - preamble - 1) + "\n";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)version, 0 };
        if (version == 1) bytes.AddRange(BitConverter.GetBytes((ushort)header.Length));
        else bytes.AddRange(BitConverter.GetBytes((uint)header.Length));
        bytes.AddRange(Encoding.Latin1.GetBytes(header));
        bytes.AddRange(data);
        return [.. bytes];
    }

    private static byte[] Doubles(params double[] v)
    {
        var b = new byte[v.Length * 8];
        for (int i = 0; i < v.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(i * 8), v[i]);
        return b;
    }

    private static byte[] Floats(params float[] v)
    {
        var b = new byte[v.Length * 4];
        for (int i = 0; i < v.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(i * 4), v[i]);
        return b;
    }

    [Theory]
    [InlineData("[0.1, \"-2/3\", 1e-3, 4]")]
    [InlineData("[[0.1, \"-2/3\"], [0.001, 4]]")]
    [InlineData("0.1 -2/3\n1e-3\t4\n")]
    [InlineData("0.1, -2/3, 1E-3, +4")]
    [InlineData("0.1,-2/3,\r\n0.001,4")]
    public void Read_TextFormats_AreExact(string text)
    {
        var values = PointFile.Read(Write("p.txt", text));
        Assert.Equal(new Rational[] { new(1, 10), new(-2, 3), new(1, 1000), 4 }, values);
    }

    [Fact]
    public void Read_Npy_Float64AndFloat32_AreTheExactValuesOfTheFloats()
    {
        var f64 = PointFile.Read(Write("a.npy", Npy("<f8", "(3,)", Doubles(0.1, -2.5, 1e-300))));
        Assert.Equal(new[] { Rational.FromDouble(0.1), new Rational(-5, 2), Rational.FromDouble(1e-300) }, f64);
        var f32 = PointFile.Read(Write("b.npy", Npy("<f4", "(1, 2, 2)", Floats(0.1f, 1, -3, 0.5f))));
        Assert.Equal(new[] { Rational.FromDouble(0.1f), 1, -3, Rational.Half }, f32);
        var v2 = PointFile.Read(Write("c.npy", Npy("<f8", "(2,)", Doubles(1, 2), version: 2)));
        Assert.Equal(new Rational[] { 1, 2 }, v2);
        var big = new byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(big, 0.75);
        Assert.Equal(new[] { new Rational(3, 4) }, PointFile.Read(Write("d.npy", Npy(">f8", "()", big))));
    }

    [Fact]
    public void Read_WithCount_ChecksTheModelsInputs()
    {
        var path = Write("p.txt", "1 2 3");
        Assert.Equal(3, PointFile.Read(path, 3).Length);
        var e = Assert.Throws<PointFileException>(() => PointFile.Read(path, 5));
        Assert.Contains("holds 3 numbers but the model has 5 inputs", e.Message);
    }

    [Theory]
    [InlineData("[1, 2", "malformed JSON")]
    [InlineData("[1, true]", "$[1] is true")]
    [InlineData("[1, \"x\"]", "$[1]")]
    [InlineData("1 2 abc", "line 1")]
    [InlineData("1,,2", "a comma with no number")]
    [InlineData("1, 2,", "ends with a comma")]
    [InlineData("   ", "no numbers")]
    public void Read_MalformedText_NamesTheProblem(string text, string expected)
    {
        var e = Assert.Throws<PointFileException>(() => PointFile.Read(Write("bad.txt", text)));
        Assert.Contains(expected, e.Message);
        Assert.Contains("bad.txt", e.Message);
        Assert.IsAssignableFrom<IInputError>(e);
    }

    [Fact]
    public void Read_MalformedNpy_NamesTheProblem()
    {
        string Problem(byte[] bytes) => Assert.Throws<PointFileException>(() => PointFile.Read(Write("bad.npy", bytes))).Message;
        Assert.Contains("element type '<i8'", Problem(Npy("<i8", "(1,)", new byte[8])));
        Assert.Contains("Fortran order", Problem(Npy("<f8", "(1,)", Doubles(1), fortran: true)));
        Assert.Contains("needs 16 bytes of data, the file has 8", Problem(Npy("<f8", "(2,)", Doubles(1))));
        Assert.Contains("not a finite number", Problem(Npy("<f8", "(1,)", Doubles(double.NaN))));
        Assert.Contains("ends inside its header", Problem(Npy("<f8", "(1,)", Doubles(1))[..20]));
        Assert.Contains("no such file", Assert.Throws<PointFileException>(() => PointFile.Read(Path.Combine(_dir, "missing.npy"))).Message);
    }
}
