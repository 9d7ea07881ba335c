namespace Verifier.Symbolic.Networks;

/// <summary>
/// The element-wise activations a network may use, each an <see cref="ActivationKind"/> whose layer describes its
/// function once as <c>c0 + c1 z + sum_i w_i relu(s_i (z - k_i))</c> (<see cref="ActivationFunction"/>).
/// </summary>
/// <remarks>
/// The network file reads and writes every kind listed here by its name and parameters; the value, derivative, line
/// kernel, expression form, SMT encoding, tensor operation, kinks, generators and shrinkers are generic. A new
/// activation is a layer record with its kind and one entry here.
/// </remarks>
public static class ActivationCatalogue
{
    /// <summary>Every kind, in the order messages list them.</summary>
    public static IReadOnlyList<ActivationKind> Kinds { get; } =
    [
        ReluLayer.Definition,
        LeakyReluLayer.Definition,
        AbsLayer.Definition,
        IdentityLayer.Definition,
        ClipLayer.Definition,
    ];

    /// <summary>The kind named <paramref name="name"/> (a network file's <c>type</c>), or null.</summary>
    public static ActivationKind? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var kind in Kinds)
            if (kind.Name == name) return kind;
        return null;
    }
}
