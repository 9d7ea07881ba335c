using System.Xml.Linq;
using SkiaSharp;

namespace Verifier.Cli.Tests;

/// <summary><c>attribute --plot</c>: every kind renders a valid, non-blank image of the requested size.</summary>
public class PlotTests
{
    private static string Temp(string ext) => Path.Combine(Path.GetTempPath(), $"verifier-plot-{Guid.NewGuid():N}{ext}");

    public static TheoryData<string, string> Kinds => new()
    {
        { "attribute|--function|relu(x1 - 1)*x2 + x1*x2^2|--input|3,2", "integrand" },
        { "attribute|--function|x1*x2^2|--input|1,1|--method|path|--path|polyline:1,0;1,1;0,1;0,0", "integrand" },
        { "attribute|--function|x1*x2|--input|1,1|--method|path|--path|curve:t^2;t", "integrand" },
        { "attribute|--function|x1*x2|--input|1,3|--method|shapley", "bars" },
        { "attribute|--function|x1*x2|--input|1,3|--method|ig|--plot-kind|bars", "bars" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Plot_Png_ValidNonBlankRequestedSize(string args, string kind)
    {
        var file = Temp(".png");
        var run = CliRun.Of([.. args.Split('|'), "--plot", file, "--plot-size", "640x360"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var bitmap = SKBitmap.Decode(file);
        Assert.NotNull(bitmap);
        Assert.Equal(640, bitmap.Width);
        Assert.Equal(360, bitmap.Height);
        // Not blank: many distinct colours (axes, text, coloured lines or bars), and some of them saturated.
        var colours = new HashSet<uint>();
        bool saturated = false;
        for (int y = 0; y < bitmap.Height; y += 2)
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                var c = bitmap.GetPixel(x, y);
                colours.Add((uint)c);
                if (Math.Max(Math.Max(c.Red, c.Green), c.Blue) - Math.Min(Math.Min(c.Red, c.Green), c.Blue) > 80) saturated = true;
            }
        Assert.True(colours.Count > 20, $"{kind}: only {colours.Count} colours");
        Assert.True(saturated, $"{kind}: no coloured line or bar");
        File.Delete(file);
    }

    [Fact]
    public void Plot_Svg_ValidXmlWithShapes()
    {
        var file = Temp(".svg");
        var run = CliRun.Of("attribute", "--function", "relu(x1 - 1)*x2", "--input", "3,2", "--plot", file, "--plot-size", "500x300");
        Assert.Equal(0, run.ExitCode);
        var svg = XDocument.Load(file).Root!;
        Assert.Equal("svg", svg.Name.LocalName);
        Assert.Equal("500", svg.Attribute("width")?.Value);
        Assert.Equal("300", svg.Attribute("height")?.Value);
        Assert.True(svg.Descendants().Count(e => e.Name.LocalName is "path" or "line" or "polyline" or "rect") > 10);
        File.Delete(file);
    }

    [Theory]
    [InlineData("attribute|--function|x1|--input|1|--plot|out.gif", ".png or .svg")]
    [InlineData("attribute|--function|x1|--input|1|--plot|out.png|--plot-kind|pie", "--plot-kind")]
    [InlineData("attribute|--function|x1|--input|1|--plot|out.png|--plot-size|10x10", "--plot-size")]
    [InlineData("attribute|--function|x1|--input|1|--method|shapley|--plot|out.png|--plot-kind|integrand", "no single path")]
    [InlineData("attribute|--function|x1|--input|1|--plot-kind|bars", "--plot FILE")]
    [InlineData("attribute|--function|x1|--input|1|--plot|/nonexistent/dir/out.png", "cannot write")]
    public void Plot_BadOptions_ExitTwo(string args, string keyword)
    {
        var run = CliRun.Of(args.Split('|'));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(keyword, run.Stderr);
    }
}
