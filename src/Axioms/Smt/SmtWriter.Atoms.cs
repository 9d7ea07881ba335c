using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Smt;

public sealed partial class SmtWriter
{
    private readonly Dictionary<string, LinearTerm> _reluAtoms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LinearTerm> _selectAtoms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LinearTerm> _aliases = new(StringComparer.Ordinal);

    /// <summary>
    /// The most symbols a term may have to be written out inside an atom; a longer one (a pre-activation of a wide layer
    /// is a sum over the whole layer below) is defined once as <c>(assert (= z t))</c> and referred to as z, so that a
    /// relu atom does not print it twice and a select atom not again.
    /// </summary>
    public const int AliasSymbols = 16;

    /// <summary>The number of relu atoms declared so far (one per distinct argument up to a positive or negative scale).</summary>
    public int ReluAtomCount => _reluAtoms.Count;

    /// <summary>The number of select atoms declared so far (directional-derivative branches).</summary>
    public int SelectAtomCount => _selectAtoms.Count;

    /// <summary>
    /// <c>relu(u)</c>, exactly: a constant for a constant u, otherwise a multiple of one shared atom
    /// <c>r = relu(û)</c> of the normalised argument û = u / c (c the coefficient of u's first symbol), declared once
    /// per distinct û as <c>(assert (= r (ite (&gt;= û 0) û 0)))</c>.
    /// </summary>
    /// <remarks>
    /// relu(c û) = c relu(û) for c &gt; 0 and |c| (relu(û) - û) for c &lt; 0 (relu(-w) = relu(w) - w). Sharing one atom
    /// among scaled copies of the same pre-activation is what makes equivalence of a network and a function-preserving
    /// rewrite (a neuron split into scaled halves, <c>relu(z) - relu(-z)</c> in place of z, abs, leaky relu and max
    /// expressed through relu) a matter of linear algebra for the solver instead of a case split over every activation
    /// pattern. Values are exact whichever way the identities are applied; derivatives are not encoded through them
    /// (see <see cref="Select"/>).
    /// </remarks>
    public LinearTerm Relu(LinearTerm u)
    {
        ArgumentNullException.ThrowIfNull(u);
        if (u.IsConstant) return u.Constant.Sign > 0 ? u : LinearTerm.Zero;
        var lead = u.Leading;
        var unit = lead.Reciprocal() * u;
        if (!_reluAtoms.TryGetValue(unit.Key, out var atom))
        {
            string arg = Term(Shared(unit));
            atom = DeclareFresh("r");
            Assert($"(= {Term(atom)} (ite (>= {arg} 0) {arg} 0))");
            _reluAtoms.Add(unit.Key, atom);
            _definitions[atom.Terms[0].Symbol] = new ReluDefinition(unit);
        }
        return lead.Sign > 0 ? lead * atom : -lead * (atom - unit);
    }

    /// <summary>
    /// <c>ite(condition &gt; 0, whenPositive, otherwise)</c>: the branch of a derivative at a kink. Folded when the
    /// branches are equal or the condition is constant; otherwise one shared atom per distinct (condition up to a
    /// positive scale, branches), declared as <c>(assert (= d (ite (&gt; c 0) a b)))</c>.
    /// </summary>
    /// <remarks>
    /// With <see cref="RelaxKinks"/> the atom is <c>(ite k a b)</c> for a fresh Boolean k with <c>k ⇒ c ≥ 0</c> and
    /// <c>¬k ⇒ c ≤ 0</c>: the same away from the kink, either branch on it. The relaxed problem has no strict inequality,
    /// so its optimum is a maximum (z3 4.8.11 to 4.8.13 report suboptimal values under strict bounds, z3 issue 5720), and it
    /// bounds the exact problem from above.
    /// </remarks>
    public LinearTerm Select(LinearTerm condition, LinearTerm whenPositive, LinearTerm otherwise)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(whenPositive);
        ArgumentNullException.ThrowIfNull(otherwise);
        if (whenPositive.Equals(otherwise)) return whenPositive;
        if (condition.IsConstant) return condition.Constant.Sign > 0 ? whenPositive : otherwise;
        var unit = condition.Leading.Abs().Reciprocal() * condition;
        string key = unit.Key + "?" + whenPositive.Key + ":" + otherwise.Key;
        if (_selectAtoms.TryGetValue(key, out var atom)) return atom;
        string c = Term(Shared(unit)), a = Term(Shared(whenPositive)), b = Term(Shared(otherwise));
        string? k = null;
        if (RelaxKinks)
        {
            var flag = DeclareFresh("k", "Bool");
            k = _symbols[flag.Terms[0].Symbol];
            atom = DeclareFresh("d");
            Assert($"(=> {k} (>= {c} 0))");
            Assert($"(=> (not {k}) (<= {c} 0))");
            Assert($"(= {Term(atom)} (ite {k} {a} {b}))");
        }
        else
        {
            atom = DeclareFresh("d");
            Assert($"(= {Term(atom)} (ite (> {c} 0) {a} {b}))");
        }
        _selectAtoms.Add(key, atom);
        _definitions[atom.Terms[0].Symbol] = new SelectDefinition(unit, whenPositive, otherwise, k);
        return atom;
    }

    // u itself when short, else its alias (declared on first use).
    private LinearTerm Shared(LinearTerm u)
    {
        if (u.Terms.Count <= AliasSymbols) return u;
        if (_aliases.TryGetValue(u.Key, out var z)) return z;
        z = DeclareFresh("z");
        Assert($"(= {Term(z)} {Term(u)})");
        _definitions[z.Terms[0].Symbol] = new AliasDefinition(u);
        _aliases.Add(u.Key, z);
        return z;
    }

    /// <summary>max(a, b) = a + relu(b - a), exactly.</summary>
    public LinearTerm Max(LinearTerm a, LinearTerm b) => a + Relu(b - a);

    /// <summary>min(a, b) = a - relu(a - b), exactly.</summary>
    public LinearTerm Min(LinearTerm a, LinearTerm b) => a - Relu(a - b);

    /// <summary>leaky_relu(u, alpha) = alpha u + (1 - alpha) relu(u), exactly.</summary>
    public LinearTerm LeakyRelu(LinearTerm u, Rational alpha) => alpha * u + (Rational.One - alpha) * Relu(u);

    /// <summary>|u| = 2 relu(u) - u, exactly.</summary>
    public LinearTerm Abs(LinearTerm u) => 2 * Relu(u) - u;
}
