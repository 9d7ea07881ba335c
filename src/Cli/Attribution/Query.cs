using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Attribution;

/// <summary>One attribution query, from the command line or from a batch line, before it is checked.</summary>
/// <param name="Function">The text of F, or null for a network.</param>
/// <param name="Network">The network, or null for a function.</param>
/// <param name="Input">x.</param>
/// <param name="Baseline">x', or null for all zeros.</param>
/// <param name="Method">The method name in the <c>--method</c> syntax.</param>
/// <param name="PathSpec">The <c>--path</c> text, or null for the default (straight).</param>
/// <param name="Baselines">For a distributional method (<c>eg</c>): the baseline list.</param>
/// <param name="Weights">Their weights, or null for uniform.</param>
/// <param name="Params">The method parameters, name to value text.</param>
/// <param name="Dim">The dimension of F, or null for its largest variable index.</param>
/// <param name="Layer">The layer index (<c>--layer</c>).</param>
/// <param name="Neuron">The neuron index (<c>--neuron</c>).</param>
/// <param name="Patch">The input patch's 1-based features (<c>--patch</c>).</param>
internal sealed record Query(
    string? Function,
    Network? Network,
    Rational[] Input,
    Rational[]? Baseline,
    string Method,
    string? PathSpec,
    Rational[][]? Baselines,
    Rational[]? Weights,
    IReadOnlyDictionary<string, string> Params,
    int? Dim,
    int? Layer = null,
    int? Neuron = null,
    int[]? Patch = null);
