namespace Verifier.PathMethods.Methods;

/// <summary>How DeepLIFT splits a max-pool group's change Δy between its inputs: a peer's convention, so that an
/// implementation can be matched exactly and what remains is a defect (registry parameter <c>maxpool</c>).</summary>
public enum DeepLiftMaxPool
{
    /// <summary>By the inputs' Shapley values in the game of the max (exact summation-to-delta; the default).</summary>
    Shapley,
    /// <summary>As Captum routes it: max(y, y') - y' to the first maximal input at x, y - max(y, y') to the one at x'; an
    /// unchanged input gets the gradient at x (<c>captum/attr/_core/deep_lift.py</c>, <c>maxpool</c>).</summary>
    Argmax,
}

/// <summary>What LRP does at a max-pool layer (registry parameter <c>maxpool</c>).</summary>
public enum LrpMaxPool
{
    /// <summary>The group's first maximal input at x receives all of its relevance (the default).</summary>
    WinnerTakesAll,
    /// <summary>The epsilon rule applied to the max, as Captum's <c>EpsilonRule</c> on <c>nn.MaxPool</c> does: the winner
    /// receives a R / (a + ε sign(a)) with the method's ε (0 for the rules without one), the rest is absorbed.</summary>
    Epsilon,
}
