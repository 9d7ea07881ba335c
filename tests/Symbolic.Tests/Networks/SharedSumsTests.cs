using System.Numerics;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Tests.Generators;

namespace Verifier.Symbolic.Tests.Networks;

/// <summary>
/// <see cref="SharedSums.Replay"/> (per entry, in place on two's-complement limbs) against the same recurrence in
/// BigInteger arithmetic: S = S Grow_k - Scaled_k delta at every event.
/// </summary>
public class SharedSumsTests
{
    // A random value near limb boundaries now and then (2^64 - 1, 2^64, 2^128 - 1), else of up to maxBits bits.
    private static BigInteger Value(Random rng, int maxBits) => rng.Next(8) switch
    {
        0 => BigInteger.Pow(2, 64) - 1,
        1 => BigInteger.Pow(2, 64),
        2 => BigInteger.Pow(2, 128) - 1,
        _ => RandomBig.Bytes(rng, rng.Next(1, maxBits)) + 1,
    };

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 3)]
    public void Replay_RandomEvents_EqualsBigIntegerRecurrence(int seed, int slackBits)
    {
        var rng = new Random(seed);
        for (int c = 0; c < 40; c++)
        {
            int entries = rng.Next(1, 12), count = rng.Next(0, 60);
            var sums = new BigInteger[entries];
            var events = new List<SharedSums.Event>();
            for (int k = 0; k < count; k++)
            {
                var grow = rng.Next(3) == 0 ? BigInteger.One : Value(rng, 140);
                var scaled = Value(rng, 64 * (k + 2));
                var changed = Enumerable.Range(0, entries).Where(_ => rng.Next(3) == 0).ToArray();
                var deltas = changed.Select(_ => rng.Next(2) == 0 ? Value(rng, 140) : -Value(rng, 140)).ToArray();
                for (int j = 0; j < entries; j++) sums[j] *= grow;
                for (int i = 0; i < changed.Length; i++) sums[changed[i]] -= scaled * deltas[i];
                // the bound the sweep gives: at least the bits of every sum after this event (here exactly, plus slack)
                long bits = sums.Max(s => (long)BigInteger.Abs(s).GetBitLength()) + slackBits;
                events.Add(new SharedSums.Event(grow, scaled, changed, deltas, bits));
            }
            Assert.Equal(sums, SharedSums.Replay(events, entries));
        }
    }

    [Fact]
    public void Replay_NoEvents_AllZero()
    {
        Assert.Equal(new BigInteger[3], SharedSums.Replay([], 3));
    }
}
