namespace Verifier.Axioms.Search;

/// <summary>Progress of a property search, reported after every trial and shrinking step.</summary>
/// <param name="Axiom">The axiom's name.</param>
/// <param name="Method">The method's name.</param>
/// <param name="Trial">Trials done.</param>
/// <param name="Trials">Trials planned.</param>
/// <param name="Shrinking">True while a counterexample is being shrunk.</param>
public sealed record SearchProgress(string Axiom, string Method, int Trial, int Trials, bool Shrinking);
