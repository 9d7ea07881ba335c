using Verifier.Symbolic.Numbers;

namespace Verifier.PathMethods.Paths;

/// <summary>
/// A finite weighted ensemble of paths between the same baseline and input: the attribution is the weighted
/// average of the path methods' attributions. Weights are non-negative and sum to exactly 1.
/// </summary>
/// <remarks>Seed 004, section 3 ("ensemble of path methods").</remarks>
public sealed class PathEnsemble
{
    /// <summary>Builds the ensemble, checking the weights and that all paths share their ends.</summary>
    /// <exception cref="ArgumentException">The list is empty, a weight is negative, the weights do not sum to 1, or
    /// the paths do not share baseline and input (the message names the problem).</exception>
    public PathEnsemble(IEnumerable<(AttributionPath Path, Rational Weight)> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        Members = [.. members];
        if (Members.Count == 0) throw new ArgumentException("an ensemble needs at least one path");
        Rational total = Rational.Zero;
        for (int k = 0; k < Members.Count; k++)
        {
            var (path, w) = Members[k];
            ArgumentNullException.ThrowIfNull(path);
            if (w.Sign < 0) throw new ArgumentException($"weight {k + 1} is {w}; weights must be non-negative");
            if (!path.Baseline.SequenceEqual(Members[0].Path.Baseline) || !path.Input.SequenceEqual(Members[0].Path.Input))
                throw new ArgumentException($"path {k + 1} ({path.Spec}) does not share the baseline and input of path 1");
            total += w;
        }
        if (total != Rational.One) throw new ArgumentException($"the weights sum to {total}, not 1");
    }

    /// <summary>The paths and their weights.</summary>
    public IReadOnlyList<(AttributionPath Path, Rational Weight)> Members { get; }

    /// <summary>True when every member path is monotone, false when one is not, null when undecided.</summary>
    public bool? IsMonotone
    {
        get
        {
            bool unknown = false;
            foreach (var (p, _) in Members)
            {
                var m = p.IsMonotone;
                if (m == false) return false;
                unknown |= m is null;
            }
            return unknown ? null : true;
        }
    }
}
