using Verifier.NumericBridge.Testing;
using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Models;
using Verifier.Symbolic.Expressions.Parsing;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Tests.Models;

public sealed class TorchScriptModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("verifier-torchscript-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // F(x) = (x1^2 x2, sigmoid(x2)), written as the archive torch.jit.save would (TorchScriptArchive).
    private const string ForwardBody = """
        a = torch.select(x, 1, 0)
        b = torch.select(x, 1, 1)
        y = torch.mul(torch.mul(a, a), b)
        return torch.stack([y, torch.sigmoid(b)], 1)
        """;

    private string WriteArchive()
    {
        var path = Path.Combine(_dir, "m.pt");
        TorchScriptArchive.Write(path, ForwardBody);
        return path;
    }

    [Fact]
    public void FromTorchScript_HandWrittenArchive_MatchesTheSameExpression()
    {
        var path = WriteArchive();
        using var scripted = TorchModel.FromTorchScript(path, inputs: 2, output: 0);
        Assert.Equal(2, scripted.OutputWidth);
        var f = ExprParser.Parse("x1^2*x2");
        using var compiled = TorchModel.FromExpression(f, 2);
        double[] x = [1.5, -2], x0 = [-1, 0.5];
        var a = NumericAttribute.IntegratedGradients(scripted, x, x0, new NumericIgOptions { Steps = 8 });
        var b = NumericAttribute.IntegratedGradients(compiled, x, x0, new NumericIgOptions { Steps = 8 });
        Assert.Equal(b.Attributions, a.Attributions, (p, q) => Math.Abs(p - q) <= 1e-14); // tolerance: operation order
        var exact = Attribute.IntegratedGradients(f, [Rational.Parse("3/2"), -2], [-1, Rational.Parse("1/2")]);
        for (int i = 0; i < 2; i++) // tolerance 1e-13: 8-node Gauss-Legendre is exact on this cubic integrand
            Assert.True(Math.Abs(a.Attributions[i] - exact.Attributions[i].Rational!.Value.ToDouble()) <= 1e-13);
        using var second = TorchModel.FromTorchScript(path, inputs: 2, output: 1, NumericPrecision.Float32);
        Assert.True(Math.Abs(second.Evaluate([0, 0]) - 0.5) <= 1e-7); // sigmoid(0) in float32
    }

    [Fact]
    public void FromTorchScript_GarbageFile_ThrowsInvalidData()
    {
        var path = Path.Combine(_dir, "garbage.pt");
        File.WriteAllText(path, "this is not a TorchScript archive");
        var e = Assert.Throws<InvalidDataException>(() => TorchModel.FromTorchScript(path, inputs: 2));
        Assert.Contains("does not load as a TorchScript module", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void FromTorchScript_MissingFile_ThrowsFileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => TorchModel.FromTorchScript(Path.Combine(_dir, "absent.pt"), inputs: 2));

    [Fact]
    public void FromTorchScript_WrongInputWidthOrOutput_ThrowsArgument()
    {
        var path = WriteArchive();
        var width = Assert.Throws<ArgumentException>(() => TorchModel.FromTorchScript(path, inputs: 1));
        Assert.Contains("fails on a [B, 1] batch", width.Message);
        var output = Assert.Throws<ArgumentException>(() => TorchModel.FromTorchScript(path, inputs: 2, output: 2));
        Assert.Contains("has 2 outputs", output.Message);
    }
}
