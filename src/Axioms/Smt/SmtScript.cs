using System.Text;

namespace Verifier.Axioms.Smt;

/// <summary>
/// A complete query as SMT-LIB2 text: the body (options, logic, declarations, assertions, objectives) written by
/// <see cref="SmtWriter"/>, then <c>(check-sat)</c> and the requests for the values that decode an answer.
/// </summary>
/// <param name="Body">Everything before <c>(check-sat)</c>.</param>
/// <param name="ValueNames">The symbols whose values are read from a model (inputs, objectives); empty means <c>(get-model)</c>.</param>
/// <param name="HasObjectives">True when the body has <c>(maximize ...)</c> or <c>(minimize ...)</c> (z3's optimisation extension).</param>
public sealed record SmtScript(string Body, IReadOnlyList<string> ValueNames, bool HasObjectives)
{
    /// <summary>The model request: <c>(get-value (x1 x2))</c>, or <c>(get-model)</c> when there are no names.</summary>
    public string ModelRequest => ValueNames.Count == 0 ? "(get-model)" : "(get-value (" + string.Join(" ", ValueNames) + "))";

    /// <summary>The self-contained script that anyone re-runs with <c>z3 FILE</c>: the body, <c>(check-sat)</c>,
    /// <c>(get-objectives)</c> for optimisation, and the model request.</summary>
    public string Text
    {
        get
        {
            var sb = new StringBuilder(Body);
            if (sb.Length > 0 && sb[^1] != '\n') sb.Append('\n');
            sb.Append("(check-sat)\n");
            if (HasObjectives) sb.Append("(get-objectives)\n");
            sb.Append(ModelRequest).Append('\n');
            return sb.ToString();
        }
    }

    /// <summary>The script text.</summary>
    public override string ToString() => Text;
}
