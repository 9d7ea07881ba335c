using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Tests.Networks;

/// <summary>
/// The piece kernel and the incremental gradient sweep (<see cref="NetworkLine.IntegratedGradients"/>) against the
/// references they replace: the point kernel's partition of a chain (<see cref="NetworkLine.Restrict"/>), and the sum over
/// pieces of <see cref="NetworkLine.GradientOnPiece"/> (one exact backward pass per piece), on random networks of every
/// activation family, under three kink conventions; and on random graphs with skip and residual connections, the exact
/// forward pass at the breakpoints and completeness.
/// </summary>
public class PieceKernelTests
{
    private const int Cases = 150;

    public static TheoryData<string, int> Families => new()
    {
        { "relu", 11 },
        { "leaky_relu", 12 },
        { "abs", 13 },
        { "maxpool", 14 },
        { "mixed", 15 },
        { "clip", 16 },
        { "mixed-clip", 17 },
    };

    internal static RandomNetworkOptions Options(string family) => new()
    {
        Denominators = [1, 2],
        Activations = family switch
        {
            "relu" => [RandomActivation.Relu],
            "leaky_relu" => [RandomActivation.LeakyRelu],
            "abs" => [RandomActivation.Abs],
            "maxpool" => [RandomActivation.MaxPool],
            "clip" => [],
            _ => [RandomActivation.Relu, RandomActivation.LeakyRelu, RandomActivation.Abs, RandomActivation.Identity, RandomActivation.MaxPool],
        },
        ExtraActivations = family.EndsWith("clip", StringComparison.Ordinal) ? [ClipLayer.Definition] : [],
    };

    private static readonly KinkConvention[] Conventions =
        [KinkConvention.Default, new() { ReluGradientAtZero = Rational.Half }, new() { ReluGradientAtZero = Rational.One }];

    // Integrated gradients as the sum over the point kernel's pieces of the gradient at each piece's midpoint.
    private static Rational[] Reference(Network n, Rational[] p0, Rational[] p1, KinkConvention convention)
    {
        var line = NetworkLine.Restrict(n, p0, p1);
        var a = new Rational[n.Inputs];
        for (int j = 0; j < line.Pieces; j++)
        {
            var g = NetworkLine.GradientOnPiece(n, p0, p1, line, j, convention);
            for (int i = 0; i < a.Length; i++) a[i] += g[i] * (p1[i] - p0[i]) * (line.End(j) - line.Start(j));
        }
        return a;
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void IntegratedGradients_RandomChains_EqualThePointKernelAndPerPieceGradients(string family, int seed)
    {
        var rng = new Random(seed);
        for (int c = 0; c < Cases; c++)
        {
            var n = RandomNetworks.Create(rng, [3, 4, 4, 2], Options(family));
            // points on small grids, so that units sit on kinks and max groups tie along whole pieces
            var p0 = RandomNetworks.Point(rng, 3, 2, 2);
            var p1 = c % 5 == 0 ? (Rational[])p0.Clone() : RandomNetworks.Point(rng, 3, 2, 2);
            if (c % 7 == 0) p1[0] = p0[0];
            var convention = Conventions[c % Conventions.Length];
            var result = NetworkLine.IntegratedGradients(n, p0, p1, convention);
            var line = NetworkLine.Restrict(n, p0, p1);
            Assert.Equal(line.Breakpoints, result.Partition.Breakpoints);
            Assert.Equal(line.Values, result.Partition.Values);
            Assert.Equal(Reference(n, p0, p1, convention), result.Attributions);
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void IntegratedGradients_RandomGraphs_ValuesAreTheForwardPassAndCompletenessHolds(string family, int seed)
    {
        var rng = new Random(seed + 100);
        for (int c = 0; c < Cases; c++)
        {
            var n = RandomNetworks.CreateGraph(rng, [3, 4, 4, 4, 2], Options(family));
            var p0 = RandomNetworks.Point(rng, 3, 3, 2);
            var p1 = RandomNetworks.Point(rng, 3, 3, 2);
            var convention = Conventions[c % Conventions.Length];
            var result = NetworkLine.IntegratedGradients(n, p0, p1, convention);
            var t = result.Partition.Breakpoints;
            for (int j = 0; j < t.Count; j++)
                Assert.Equal(n.Evaluate(NetworkLine.PointAt(p0, p1, t[j])), result.Partition.Values[j]);
            Assert.Equal(n.Evaluate(p1) - n.Evaluate(p0), result.Attributions.Aggregate(Rational.Zero, (s, a) => s + a));
            Assert.Equal(Reference(n, p0, p1, convention), result.Attributions);
        }
    }
}

/// <summary>The piece kernel and the gradient sweep give the same results in long, Int128, Int256 and BigInteger.</summary>
public class PieceKernelIntegerTypeTests
{
    private static (Rational[] T, Rational[] G, Rational[] A) Run<TInt>(Network n, Rational[] p0, Rational[] p1, KinkConvention c)
        where TInt : System.Numerics.IBinaryInteger<TInt>
    {
        var nodes = IntegerGraph<TInt>.For(n)!;
        var kernel = PieceKernel<TInt>.Run(nodes, p0, p1, n.Output, ExactOptions.DefaultMaxPieces);
        var (t, g) = kernel.Partition(n.Output);
        var a = GradientSweep<TInt>.Integrate(nodes, LineStates.From(kernel, kernel.Input), n.Output, c);
        return (t, g, a);
    }

    [Fact]
    public void Run_RandomGraphs_SameInEveryIntegerType()
    {
        var rng = new Random(31);
        var options = PieceKernelTests.Options("mixed-clip");
        for (int c = 0; c < 60; c++)
        {
            var n = RandomNetworks.CreateGraph(rng, [2, 3, 3, 2], options);
            var p0 = RandomNetworks.Point(rng, 2, 3, 2);
            var p1 = RandomNetworks.Point(rng, 2, 3, 2);
            var convention = new KinkConvention { ReluGradientAtZero = new Rational(c % 3, 2) };
            var small = Run<long>(n, p0, p1, convention);
            var middle = Run<Int128>(n, p0, p1, convention);
            var wide = Run<Int256>(n, p0, p1, convention);
            var big = Run<System.Numerics.BigInteger>(n, p0, p1, convention);
            Assert.Equal(big.T, small.T);
            Assert.Equal(big.T, middle.T);
            Assert.Equal(big.T, wide.T);
            Assert.Equal(big.G, small.G);
            Assert.Equal(big.G, middle.G);
            Assert.Equal(big.G, wide.G);
            Assert.Equal(big.A, small.A);
            Assert.Equal(big.A, middle.A);
            Assert.Equal(big.A, wide.A);
            Assert.Equal(NetworkLine.IntegratedGradients(n, p0, p1, convention).Attributions, big.A);
        }
    }

    [Fact]
    public void Run_ValuesBeyondLong_OverflowIsCaughtAndTheResultIsExact()
    {
        // weights 2^40: alpha, beta pass long after two layers; the public entry widens and stays exact
        var big = new Rational(System.Numerics.BigInteger.Pow(2, 40));
        var n = new Network(1, [new DenseLayer([[big], [-big]], [Rational.One, Rational.Zero]), new ReluLayer(),
            new DenseLayer([[big, big]], [Rational.Zero]), new ReluLayer(), new DenseLayer([[big]], [new Rational(-3)])]);
        Rational[] p0 = [new(-1, 3)], p1 = [new(2, 7)];
        Assert.Throws<OverflowException>(() => Run<long>(n, p0, p1, KinkConvention.Default));
        var (t, g, a) = Run<System.Numerics.BigInteger>(n, p0, p1, KinkConvention.Default);
        var wide = Run<Int256>(n, p0, p1, KinkConvention.Default);
        Assert.Equal(t, wide.T);
        Assert.Equal(g, wide.G);
        Assert.Equal(a, wide.A);
        var result = NetworkLine.IntegratedGradients(n, p0, p1);
        Assert.Equal(NetworkLine.Restrict(n, p0, p1).Breakpoints, result.Partition.Breakpoints);
        Assert.Equal(n.Evaluate(p1) - n.Evaluate(p0), result.Attributions[0]);
    }

    [Fact]
    public void Run_RandomMlpsBeyondInt128_Int256EqualsBigInteger()
    {
        // weights with 20-32-bit numerators over powers of 2 up to 2^24 (float32-like), so values pass 127 bits in the
        // second layer: Int128 overflows, Int256 mostly holds them in several limbs (where it overflows too, the public
        // entry goes on in BigInteger), and where it holds them the kernel and the sweep must agree with BigInteger exactly
        var rng = new Random(43);
        Rational Weight() => new(Generators.RandomBig.Bits(rng, rng.Next(20, 33)) * (rng.Next(2) == 0 ? 1 : -1) + 1, System.Numerics.BigInteger.One << rng.Next(0, 25));
        Layer Dense(int outputs, int inputs) => new DenseLayer(
            [.. Enumerable.Range(0, outputs).Select(_ => (IReadOnlyList<Rational>)[.. Enumerable.Range(0, inputs).Select(_ => Weight())])],
            [.. Enumerable.Range(0, outputs).Select(_ => Weight())]);
        int compared = 0;
        for (int c = 0; c < 40; c++)
        {
            var n = new Network(4, [Dense(8, 4), new ReluLayer(), Dense(6, 8), new ReluLayer(), Dense(1, 6)]);
            var p0 = Enumerable.Range(0, 4).Select(_ => new Rational(rng.Next(-1000, 1001), rng.Next(1, 64))).ToArray();
            var p1 = Enumerable.Range(0, 4).Select(_ => new Rational(rng.Next(-1000, 1001), rng.Next(1, 64))).ToArray();
            var convention = new KinkConvention { ReluGradientAtZero = new Rational(c % 3, 2) };
            var big = Run<System.Numerics.BigInteger>(n, p0, p1, convention);
            Assert.Equal(n.Evaluate(p1) - n.Evaluate(p0), big.A.Aggregate(Rational.Zero, (s, a) => s + a));
            try { Run<Int128>(n, p0, p1, convention); continue; } // fits Int128: not the case here
            catch (OverflowException) { }
            (Rational[] T, Rational[] G, Rational[] A) wide;
            try { wide = Run<Int256>(n, p0, p1, convention); }
            catch (OverflowException) { continue; }
            Assert.Equal(big.T, wide.T);
            Assert.Equal(big.G, wide.G);
            Assert.Equal(big.A, wide.A);
            compared++;
        }
        Assert.True(compared >= 15, $"{compared} of 40 cases beyond Int128 and within Int256");
    }

    [Fact]
    public void Run_ValuesBeyondInt256_OverflowIsCaughtAndTheResultIsExact()
    {
        // weights 2^100: after three layers alpha, beta pass 2^255; Int256 overflows, the public entry goes on in BigInteger
        var big = new Rational(System.Numerics.BigInteger.Pow(2, 100));
        var n = new Network(1, [new DenseLayer([[big], [-big]], [Rational.One, Rational.Zero]), new ReluLayer(),
            new DenseLayer([[big, big]], [new Rational(-5)]), new ReluLayer(), new DenseLayer([[big]], [new Rational(-3)])]);
        Rational[] p0 = [new(-1, 3)], p1 = [new(2, 7)];
        Assert.Throws<OverflowException>(() => Run<Int256>(n, p0, p1, KinkConvention.Default));
        var result = NetworkLine.IntegratedGradients(n, p0, p1);
        Assert.Equal(NetworkLine.Restrict(n, p0, p1).Breakpoints, result.Partition.Breakpoints);
        Assert.Equal(n.Evaluate(p1) - n.Evaluate(p0), result.Attributions[0]);
    }
}

/// <summary>The piece budget <see cref="ExactOptions.MaxPieces"/> in the piece kernel.</summary>
public class PieceKernelBudgetTests
{
    // k tent maps x -> 2 relu(x) - 4 relu(x - 1/2) on [0, 1]: 2^k pieces
    private static Network Tents(int k)
    {
        var layers = new List<Layer>();
        for (int i = 0; i < k; i++)
        {
            layers.Add(new DenseLayer([[Rational.One], [Rational.One]], [Rational.Zero, new Rational(-1, 2)]));
            layers.Add(new ReluLayer());
            layers.Add(new DenseLayer([[new Rational(2), new Rational(-4)]], [Rational.Zero]));
        }
        return new Network(1, layers);
    }

    [Fact]
    public void IntegratedGradients_MorePiecesThanTheBudget_ThrowsNamingTheLimit()
    {
        var e = Assert.Throws<SymbolicLimitException>(() =>
            NetworkLine.IntegratedGradients(Tents(10), [Rational.Zero], [Rational.One], options: new ExactOptions(MaxPieces: 100)));
        Assert.Contains("ExactOptions.MaxPieces", e.Message);
        Assert.IsAssignableFrom<IInputError>(e);
    }

    [Fact]
    public void IntegratedGradients_WithinTheBudget_HasEveryPiece()
    {
        var result = NetworkLine.IntegratedGradients(Tents(10), [Rational.Zero], [Rational.One], options: new ExactOptions(MaxPieces: 1024));
        Assert.Equal(1024, result.Partition.Pieces);
        Assert.Equal(Rational.Zero, result.Attributions[0]); // F(1) - F(0) = 0
    }
    /// <summary>
    /// The piece kernel and the gradient sweep check the ambient cancellation (a batch line's --line-timeout, attribute's
    /// --timeout): a 24-layer tent map (2^24 pieces) stops soon after the token is cancelled, not at the piece budget.
    /// </summary>
    [Fact]
    public void IntegratedGradients_CancelledWhileSplitting_StopsPromptly()
    {
        using var source = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (Cancellation.Use(source.Token))
            Assert.ThrowsAny<OperationCanceledException>(() => NetworkLine.IntegratedGradients(Tents(24), [Rational.Zero], [Rational.One]));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{clock.Elapsed.TotalSeconds:F1} s"); // generous: a shared machine
    }
}

/// <summary>
/// The sums kept at a narrow first affine layer and mapped back to the input at the end (the MNIST MLP's case), and the
/// limb arithmetic that maps them.
/// </summary>
public class GradientSweepPrefixTests
{
    [Fact]
    public void IntegratedGradients_WideInputNarrowFirstLayer_EqualsPerPieceGradients()
    {
        var rng = new Random(41);
        var options = PieceKernelTests.Options("mixed-clip");
        for (int c = 0; c < 60; c++)
        {
            // 7 inputs, first layers of 2 or 3 (sums kept there, then mapped back through them); a graph now and then
            var n = c % 2 == 0 ? RandomNetworks.Create(rng, [7, 2 + c % 3, 3, 1], options) : RandomNetworks.CreateGraph(rng, [7, 3, 3, 2], options);
            var p0 = RandomNetworks.Point(rng, 7, 3, 2);
            var p1 = RandomNetworks.Point(rng, 7, 3, 2);
            var convention = new KinkConvention { ReluGradientAtZero = new Rational(c % 3, 2) };
            var result = NetworkLine.IntegratedGradients(n, p0, p1, convention);
            var line = result.Partition;
            var expected = new Rational[7];
            for (int j = 0; j < line.Pieces; j++)
            {
                var g = NetworkLine.GradientOnPiece(n, p0, p1, line, j, convention);
                for (int i = 0; i < 7; i++) expected[i] += g[i] * (p1[i] - p0[i]) * (line.End(j) - line.Start(j));
            }
            Assert.Equal(expected, result.Attributions);
        }
    }

    [Fact]
    public void LimbSums_RandomBigTimesSmall_EqualsBigIntegerArithmetic()
    {
        var rng = new Random(42);
        System.Numerics.BigInteger Random(int bits)
        {
            var v = Generators.RandomBig.Bytes(rng, bits);
            return rng.Next(2) == 0 ? v : -v;
        }
        for (int c = 0; c < 200; c++)
        {
            int terms = rng.Next(1, 30);
            var xs = Enumerable.Range(0, terms).Select(_ => c % 10 == 0 ? System.Numerics.BigInteger.Pow(2, 64 * rng.Next(1, 5)) - 1 : Random(rng.Next(1, 3000))).ToArray();
            var ws = Enumerable.Range(0, terms).Select(_ => Random(rng.Next(1, 200))).ToArray();
            var expected = System.Numerics.BigInteger.Zero;
            long bits = 0;
            for (int k = 0; k < terms; k++)
            {
                expected += xs[k] * ws[k];
                bits = Math.Max(bits, (long)(xs[k].GetBitLength() + ws[k].GetBitLength()));
            }
            var sum = new LimbSums(bits + 8);
            for (int k = 0; k < terms; k++) sum.Add(LimbSums.Limbs(xs[k]), xs[k].Sign, LimbSums.Limbs(ws[k]), ws[k].Sign);
            Assert.Equal(expected, sum.Result());
        }
    }
}
