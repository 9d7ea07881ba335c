using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Tests.Networks;

/// <summary>Small hand-built networks and helpers shared by the network tests.</summary>
internal static class NetworkTestData
{
    public static Rational R(string text) => Rational.Parse(text);

    public static Rational[] P(params string[] xs) => xs.Select(x => Rational.Parse(x)).ToArray();

    public static Rational[][] M(params string[][] rows) => rows.Select(r => P(r)).ToArray();

    public static string Join(IEnumerable<Rational> values) => string.Join(" ", values);

    /// <summary>The CONTRACT.md example: relu(relu(x1) - relu(x2) - 1).</summary>
    public const string ContractExample = """
        {
          "format": "verifier-network/1",
          "inputs": 2,
          "layers": [
            {"type": "dense", "weights": [["1", "0"], ["0", "1"]], "bias": ["0", "0"]},
            {"type": "relu"},
            {"type": "dense", "weights": [["1", "-1"]], "bias": ["-1"]},
            {"type": "relu"}
          ],
          "output": 0
        }
        """;

    /// <summary>relu(relu(x1) - 1 - relu(x2)).</summary>
    public static Network FirstExample() => new(2,
    [
        new DenseLayer(M(["1", "0"], ["0", "1"]), P("0", "0")),
        new ReluLayer(),
        new DenseLayer(M(["1", "-1"]), P("-1")),
        new ReluLayer(),
    ]);

    /// <summary>relu(relu(x1 - 1) - relu(x2)).</summary>
    public static Network SecondExample() => new(2,
    [
        new DenseLayer(M(["1", "0"], ["0", "1"]), P("-1", "0")),
        new ReluLayer(),
        new DenseLayer(M(["1", "-1"]), P("0")),
        new ReluLayer(),
    ]);
}
