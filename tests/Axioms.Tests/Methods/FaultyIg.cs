using Verifier.Axioms.Methods;
using Verifier.PathMethods.Methods;
using Verifier.Symbolic;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Tests.Methods;

/// <summary>A user's method for the tests: IG (scaled by <paramref name="scale"/>), which throws
/// <paramref name="exception"/> on the inputs where <paramref name="crashes"/> holds.</summary>
internal sealed class FaultyIg(string name, Func<IReadOnlyList<Rational>, bool> crashes, Func<Exception> exception, Rational? scale = null)
    : IAttributionMethod
{
    public string Name => name;

    public MethodTraits Traits => MethodTraits.Any;

    public int Calls { get; private set; }

    public AttributionResult Attribute(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline)
    {
        Calls++;
        if (crashes(input)) throw exception();
        var r = BuiltInMethods.IntegratedGradients.Attribute(f, input, baseline);
        return r with
        {
            Method = name,
            Attributions = scale is { } s ? r.Attributions.Select(a => Exact.Scale(a, s)).ToArray() : r.Attributions,
        };
    }
}
