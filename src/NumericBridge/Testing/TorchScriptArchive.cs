using System.IO.Compression;
using System.Text;

namespace Verifier.NumericBridge.Testing;

/// <summary>
/// Writes a TorchScript module file from the body of its <c>forward</c> method, for tests and fixtures on machines
/// without Python: the archive <c>torch.jit.save</c> would write, which <c>torch.jit.load</c> and
/// <see cref="Models.TorchModel.FromTorchScript"/> load.
/// </summary>
/// <remarks>
/// TorchSharp can load and save TorchScript modules but cannot script one (<c>jit.compile</c> gives a compilation unit,
/// not a module). The archive is a stored zip under <c>archive/</c>: <c>data.pkl</c> (the module object pickled with
/// protocol 2: GLOBAL '__torch__ M', EMPTY_TUPLE, NEWOBJ, {'training': False}, BUILD), <c>code/__torch__.py</c> (the
/// class source with its typed <c>forward(self, x: Tensor) -&gt; Tensor</c>), <c>constants.pkl</c> (an empty tuple),
/// <c>version</c> 3 and <c>byteorder</c>. The module has no parameters: constants go in the code.
/// </remarks>
public static class TorchScriptArchive
{
    private static readonly byte[] ModulePickle =
        Encoding.Latin1.GetBytes("\u0080\u0002c__torch__\nM\nq\u0000)\u0081q\u0001}q\u0002X\u0008\u0000\u0000\u0000trainingq\u0003\u0089sb.");

    /// <summary>
    /// Writes the module to <paramref name="path"/> (overwriting it). <paramref name="forwardBody"/> is TorchScript, one
    /// statement per line, on the input <c>x</c> (<c>[B, n]</c>), ending with a <c>return</c>, e.g.
    /// <c>a = torch.select(x, 1, 0)\nreturn torch.relu(a)</c>; blank lines are dropped and each line is indented for the
    /// method.
    /// </summary>
    /// <exception cref="ArgumentException">The body is empty.</exception>
    public static void Write(string path, string forwardBody)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(forwardBody);
        var lines = forwardBody.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (lines.Length == 0) throw new ArgumentException("the forward body is empty", nameof(forwardBody));
        var source = "class M(Module):\n  __parameters__ = []\n  __buffers__ = []\n  training : bool\n"
            + "  def forward(self: __torch__.M,\n    x: Tensor) -> Tensor:\n"
            + string.Concat(lines.Select(l => "    " + l + "\n")) + "\n";
        if (File.Exists(path)) File.Delete(path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Add(string entry, byte[] bytes)
        {
            using var s = zip.CreateEntry("archive/" + entry, CompressionLevel.NoCompression).Open();
            s.Write(bytes);
        }
        Add("data.pkl", ModulePickle);
        Add("code/__torch__.py", Encoding.UTF8.GetBytes(source));
        Add("constants.pkl", Encoding.Latin1.GetBytes("\u0080\u0002)."));
        Add("version", Encoding.ASCII.GetBytes("3\n"));
        Add("byteorder", Encoding.ASCII.GetBytes("little"));
    }
}
