using Verifier.Axioms.Methods;
using Verifier.NumericBridge;
using Verifier.NumericBridge.Runtime;
using Verifier.NumericBridge.Methods;
using Verifier.PathMethods.Methods;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Cli.Crosscheck;

/// <summary>One checked <c>verifier crosscheck</c> request: the exact reference, the method, the points and the numeric settings.</summary>
/// <param name="Network">The reference network, or null for a function.</param>
/// <param name="Function">The reference function, or null for a network.</param>
/// <param name="Method">The method, a registry entry with a numeric counterpart (<see cref="MethodDescriptor.Numeric"/>).</param>
/// <param name="Input">x.</param>
/// <param name="Baseline">x' (zeros by default; zeros for gradient; unused by eg).</param>
/// <param name="Baselines">For eg: the baselines x'_1..x'_m; null otherwise.</param>
/// <param name="Weights">For eg: their weights, or null for uniform.</param>
/// <param name="RuleName">The --rule text, or null for the gradient methods (no quadrature).</param>
/// <param name="Rule">The quadrature rule; null for exactline or for the gradient methods.</param>
/// <param name="Steps">The step counts to run: one, a sweep, or one placeholder for the gradient methods.</param>
/// <param name="Precision">The numeric floating-point type.</param>
/// <param name="Dtype">Its name in the --dtype syntax.</param>
/// <param name="ModelPath">The TorchScript file under test (--model), or null to compile the reference itself.</param>
/// <param name="Output">The model's attributed output column (--output).</param>
/// <param name="Device">Where the numeric side runs (--device).</param>
/// <param name="Layer">For conductance: the 0-based layer index L of the network (--layer); null otherwise.</param>
internal sealed record CrosscheckSetup(
    Network? Network,
    Expr? Function,
    MethodDescriptor Method,
    Rational[] Input,
    Rational[] Baseline,
    Rational[][]? Baselines,
    Rational[]? Weights,
    string? RuleName,
    QuadratureRule? Rule,
    int[] Steps,
    NumericPrecision Precision,
    string Dtype,
    string? ModelPath,
    int Output,
    ComputeDevice Device,
    int? Layer)
{
    /// <summary>The piece budget of the numeric exact-line scan (<c>--max-pieces</c>; <see cref="NumericIgOptions.MaxPieces"/>).</summary>
    public int MaxPieces { get; init; } = NumericIgOptions.DefaultMaxPieces;

    /// <summary>The number of inputs n.</summary>
    public int Inputs => Input.Length;

    /// <summary>The ONNX graph of an ONNX --network, whose numeric side is the graph itself on tensors; null otherwise.</summary>
    public Verifier.NumericBridge.Onnx.OnnxGraph? Graph { get; init; }

    /// <summary>--max-model-bytes and --dim-value for an ONNX --model, or null for the defaults.</summary>
    public Models.ModelLimits? Limits { get; init; }

    /// <summary>The numeric form of the method, which the runs interpret.</summary>
    public NumericForm Form => Method.Numeric!;

    /// <summary>The method's name.</summary>
    public string Name => Method.Name;

    /// <summary>True for a method computed from one gradient, without quadrature (the gradient, gradient x input).</summary>
    public bool OneGradient => !Form.UsesQuadrature;

    /// <summary>True for --rule exactline.</summary>
    public bool IsExactLine => !OneGradient && Rule is null;

    /// <summary>
    /// A comma-separated point read exactly, with every coordinate inside the range of <paramref name="precision"/>: the
    /// numeric bridge cannot take <c>1e400</c> (float64) or <c>1e39</c> (float32), and <c>nan</c> or <c>inf</c> are not
    /// numbers at all.
    /// </summary>
    public static Rational[] FinitePoint(string text, string what, NumericPrecision precision)
    {
        var p = Attribution.AttributeCommand.Point(text, what);
        double max = precision == NumericPrecision.Float64 ? double.MaxValue : float.MaxValue;
        var parts = text.Split(',');
        for (int i = 0; i < p.Length; i++)
        {
            double d = p[i].ToDouble();
            if (!double.IsFinite(d) || Math.Abs(d) > max)
                throw new UsageException($"bad number: {what}, coordinate {i + 1} ('{parts[i].Trim()}') is beyond the {(precision == NumericPrecision.Float64 ? "float64" : "float32")} range ({max:G3}) of the numeric bridge");
        }
        return p;
    }
}
