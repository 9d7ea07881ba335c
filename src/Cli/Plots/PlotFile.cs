using ScottPlot;

namespace Verifier.Cli.Plots;

/// <summary>What every <c>--plot</c> shares: the <c>--plot-size</c> syntax and saving as PNG or SVG by extension.</summary>
internal static class PlotFile
{
    /// <summary>"WIDTHxHEIGHT" (default 800x500), each in [100, 8000].</summary>
    public static (int Width, int Height) Size(string? text)
    {
        var size = (text ?? "800x500").Split('x');
        if (size.Length != 2 || !int.TryParse(size[0], out int w) || !int.TryParse(size[1], out int h) || w < 100 || h < 100 || w > 8000 || h > 8000)
            throw new UsageException($"bad --plot-size '{text}': WIDTHxHEIGHT in pixels, each in [100, 8000]");
        return (w, h);
    }

    /// <summary>Saves the plot as PNG or SVG by the file's extension.</summary>
    public static void Save(Plot plot, string file, int width, int height)
    {
        var ext = Path.GetExtension(file).ToLowerInvariant();
        try
        {
            switch (ext)
            {
                case ".png": plot.SavePng(file, width, height); break;
                case ".svg": plot.SaveSvg(file, width, height); break;
                default: throw new UsageException($"--plot '{file}': the file must end in .png or .svg");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write --plot '{file}': {e.Message}");
        }
    }
}
