using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Models;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.NumericBridge.Tests;

public class CnnTests
{
    // A tiny CNN on 1 x 6 x 6: conv 1->2 (2x2) relu, conv 2->2 (2x2) relu, maxpool 2, dense 8->4 relu, dense 4->3.
    // Weights are k/64 so that the same model is also an exact rational Network (conv as dense, pool as max groups).
    private static CnnLayer[] TinyLayers(Random rng) =>
    [
        new CnnLayer.Conv2d(1, 2, 2, Sixty4ths(rng, 8, 40), Sixty4ths(rng, 2, 8)),
        new CnnLayer.Relu(),
        new CnnLayer.Conv2d(2, 2, 2, Sixty4ths(rng, 16, 30), Sixty4ths(rng, 2, 8)),
        new CnnLayer.Relu(),
        new CnnLayer.MaxPool2d(2),
        new CnnLayer.Dense(8, 4, Sixty4ths(rng, 32, 40), Sixty4ths(rng, 4, 8)),
        new CnnLayer.Relu(),
        new CnnLayer.Dense(4, 3, Sixty4ths(rng, 12, 48), Sixty4ths(rng, 3, 8)),
    ];

    private static double[] Sixty4ths(Random rng, int count, int max) =>
        [.. Enumerable.Range(0, count).Select(_ => rng.Next(-max, max + 1) / 64.0)];

    private static double[] Point(Random rng, int n) => [.. Enumerable.Range(0, n).Select(_ => rng.Next(-64, 65) / 32.0)];

    /// <summary>The CNN as an exact network: a convolution is a dense layer, a pooling window a max group.</summary>
    private static Network ToNetwork(int c, int h, int w, IReadOnlyList<CnnLayer> layers, int output)
    {
        var result = new List<Layer>();
        int inputs = c * h * w;
        foreach (var layer in layers)
        {
            switch (layer)
            {
                case CnnLayer.Conv2d conv:
                {
                    int k = conv.KernelSize, h2 = h - k + 1, w2 = w - k + 1;
                    var weights = new Rational[conv.OutChannels * h2 * w2, c * h * w];
                    var bias = new Rational[conv.OutChannels * h2 * w2];
                    for (int o = 0; o < conv.OutChannels; o++)
                        for (int r = 0; r < h2; r++)
                            for (int q = 0; q < w2; q++)
                            {
                                int row = (o * h2 + r) * w2 + q;
                                bias[row] = Rational.FromDouble(conv.Bias[o]);
                                for (int ci = 0; ci < c; ci++)
                                    for (int a = 0; a < k; a++)
                                        for (int b = 0; b < k; b++)
                                            weights[row, (ci * h + r + a) * w + q + b] = Rational.FromDouble(conv.Weights[((o * c + ci) * k + a) * k + b]);
                            }
                    result.Add(new DenseLayer(weights, bias));
                    (c, h, w) = (conv.OutChannels, h2, w2);
                    break;
                }
                case CnnLayer.Relu:
                    result.Add(new ReluLayer());
                    break;
                case CnnLayer.MaxPool2d pool:
                {
                    int s = pool.Size, h2 = h / s, w2 = w / s;
                    var groups = new List<IReadOnlyList<int>>();
                    for (int ch = 0; ch < c; ch++)
                        for (int r = 0; r < h2; r++)
                            for (int q = 0; q < w2; q++)
                                groups.Add([.. from a in Enumerable.Range(0, s) from b in Enumerable.Range(0, s) select (ch * h + r * s + a) * w + q * s + b]);
                    result.Add(new MaxPoolLayer(groups));
                    (h, w) = (h2, w2);
                    break;
                }
                case CnnLayer.Dense dense:
                {
                    var weights = new Rational[dense.OutputCount, dense.InputCount];
                    for (int i = 0; i < dense.OutputCount; i++)
                        for (int j = 0; j < dense.InputCount; j++) weights[i, j] = Rational.FromDouble(dense.Weights[i * dense.InputCount + j]);
                    result.Add(new DenseLayer(weights, [.. dense.Bias.Select(Rational.FromDouble)]));
                    (c, h, w) = (dense.OutputCount, 1, 1);
                    break;
                }
            }
        }
        return new Network(inputs, result, output);
    }

    private static Rational[] R(double[] x) => [.. x.Select(Rational.FromDouble)];

    [Fact]
    public void ConvModel_ForwardAndGradient_EqualExactNetwork()
    {
        var rng = new Random(7);
        var layers = TinyLayers(rng);
        using var model = ConvModel.Create(1, 6, 6, layers, output: 1);
        var net = ToNetwork(1, 6, 6, layers, 1);
        for (int trial = 0; trial < 10; trial++)
        {
            var x = Point(rng, 36);
            double exact = net.Evaluate(R(x)).ToDouble();
            Assert.True(Math.Abs(model.Evaluate(x) - exact) <= 1e-12 * Math.Max(1, Math.Abs(exact)), $"F: {model.Evaluate(x):R} vs {exact:R}"); // tolerance: float64 rounding
            var g = net.Gradient(R(x));
            var numeric = model.Gradients(new double[1, 36].Fill(x));
            for (int i = 0; i < 36; i++)
                Assert.True(Math.Abs(numeric[0, i] - g[i].ToDouble()) <= 1e-12, $"dF/dx{i}: {numeric[0, i]:R} vs {g[i]}"); // tolerance: float64 rounding
        }
    }

    [Fact]
    public void ConvModel_ExactLine_EqualsExactRationalIgToRelative1e12()
    {
        int multiPiece = 0;
        for (int seed = 1; seed <= 8; seed++)
        {
            var rng = new Random(seed);
            var layers = TinyLayers(rng);
            using var model = ConvModel.Create(1, 6, 6, layers, output: seed % 3);
            var net = ToNetwork(1, 6, 6, layers, seed % 3);
            var x = Point(rng, 36);
            var x0 = Point(rng, 36);
            var exact = Attribute.IntegratedGradients(net, R(x), R(x0)).Attributions.Select(a => a.Rational!.Value.ToDouble()).ToArray();
            var numeric = model.ExactLineIntegratedGradients(x, x0);
            double scale = Math.Max(1, exact.Max(Math.Abs));
            for (int i = 0; i < 36; i++)
                Assert.True(Math.Abs(numeric.Attributions[i] - exact[i]) <= 1e-12 * scale, $"seed {seed}, A{i}: {numeric.Attributions[i]:R} vs exact {exact[i]:R}"); // tolerance: float64 breakpoints
            Assert.True(Math.Abs(numeric.CompletenessDelta) <= 1e-12 * scale, $"seed {seed}: delta {numeric.CompletenessDelta}"); // tolerance: float64 sums
            if (numeric.Evaluations > 1) multiPiece++;
        }
        Assert.True(multiPiece >= 6, $"only {multiPiece} of 8 segments crossed a kink");
    }

    [Fact]
    public void ConvModel_ExactLine_ChunkedScanEqualsOnePass()
    {
        // The depth-first scan in chunks must find the breakpoints of one pass over all points: the same pieces and,
        // up to float64 rounding, the same attributions, for chunks from 1 piece to more than there are pieces; and the
        // rational IG of the same network (tolerance: float64 breakpoints).
        var rng = new Random(5);
        var layers = TinyLayers(rng);
        using var model = ConvModel.Create(1, 6, 6, layers);
        var net = ToNetwork(1, 6, 6, layers, 0);
        var x = Point(rng, 36).Select(v => 4 * v).ToArray();
        var x0 = Point(rng, 36).Select(v => -4 * v).ToArray();
        var exact = Attribute.IntegratedGradients(net, R(x), R(x0)).Attributions.Select(a => a.Rational!.Value.ToDouble()).ToArray();
        var whole = model.ExactLineWithScanChunk(x, x0, null, scanChunk: 1_000_000);
        Assert.True(whole.Evaluations >= 8, $"only {whole.Evaluations} pieces: the chunks would not split anything");
        double scale = Math.Max(1, exact.Max(Math.Abs));
        foreach (int chunk in new[] { 1, 2, 3, 7, whole.Evaluations - 1, whole.Evaluations + 5 })
        {
            var chunked = model.ExactLineWithScanChunk(x, x0, null, scanChunk: chunk);
            Assert.Equal(whole.Evaluations, chunked.Evaluations);
            for (int i = 0; i < 36; i++)
                Assert.True(Math.Abs(chunked.Attributions[i] - exact[i]) <= 1e-12 * scale, $"chunk {chunk}, A{i}: {chunked.Attributions[i]:R} vs exact {exact[i]:R}");
        }
    }

    [Fact]
    public void ConvModel_ExactLine_AgreesWithMiddleRule20000()
    {
        var rng = new Random(3);
        using var model = ConvModel.Random(rng, channels: 1, side: 6, convChannels: 2, hidden: 6, classes: 3, kernelSize: 2);
        var x = Enumerable.Range(0, 36).Select(_ => 4 * rng.NextDouble() - 2).ToArray();
        var x0 = Enumerable.Range(0, 36).Select(_ => 4 * rng.NextDouble() - 2).ToArray();
        var exact = model.ExactLineIntegratedGradients(x, x0);
        var middle = model.IntegratedGradients(x, x0, new NumericIgOptions { Rule = QuadratureRule.Middle, Steps = 20000, BatchSize = 4096 });
        Assert.True(exact.Evaluations > 1, $"{exact.Evaluations} pieces");
        Assert.True(Math.Abs(exact.CompletenessDelta) <= 1e-12, $"delta {exact.CompletenessDelta}"); // tolerance: float64 sums
        // The integrand dF/dx_i(p(t)) is piecewise constant, so the midpoint rule is off by at most |jump| h / 2 <= G_i h
        // in each of its cells that holds a kink (h = 1/20000, G_i = max |dF/dx_i| on the path, sampled at 2001 points):
        // |error_i| <= (pieces - 1) G_i h |x_i - x'_i|. A missed or misplaced kink costs far more than that.
        var path = new double[2001, 36];
        for (int k = 0; k <= 2000; k++)
            for (int i = 0; i < 36; i++) path[k, i] = x0[i] + k / 2000.0 * (x[i] - x0[i]);
        var g = model.Gradients(path);
        double scale = exact.Attributions.Max(Math.Abs);
        double worst = 0;
        for (int i = 0; i < 36; i++)
        {
            double gMax = Enumerable.Range(0, 2001).Max(k => Math.Abs(g[k, i]));
            double bound = (exact.Evaluations - 1) * gMax * Math.Abs(x[i] - x0[i]) / 20000 + 1e-12 * scale;
            double error = Math.Abs(middle.Attributions[i] - exact.Attributions[i]);
            Assert.True(error <= bound, $"A{i}: middle {middle.Attributions[i]:R} vs exact line {exact.Attributions[i]:R}, bound {bound}");
            worst = Math.Max(worst, error / scale);
        }
        Assert.True(worst <= 1e-4, $"largest error {worst} of the largest attribution"); // measured 7.4e-5 with 50 pieces
    }

    [Fact]
    public void ConvModel_PointOfWrongLength_ThrowsNamingShape()
    {
        using var model = ConvModel.Create(1, 6, 6, TinyLayers(new Random(1)));
        var e = Assert.Throws<ArgumentException>(() => model.ExactLineIntegratedGradients(new double[35], new double[36]));
        Assert.Contains("36 inputs (1 x 6 x 6)", e.Message);
        Assert.Throws<ArgumentException>(() => model.Evaluate([.. Enumerable.Repeat(double.NaN, 36)]));
    }

    [Fact]
    public void ConvModel_LayerShapeMismatch_Throws()
    {
        var layers = TinyLayers(new Random(1));
        var e = Assert.Throws<ArgumentException>(() => ConvModel.Create(1, 7, 7, layers));
        Assert.Contains("layer 4", e.Message); // 7 -> 6 -> 5: a 5 x 5 map cannot be pooled 2 x 2
    }
}

internal static class ArrayRows
{
    public static double[,] Fill(this double[,] rows, double[] row)
    {
        for (int j = 0; j < row.Length; j++) rows[0, j] = row[j];
        return rows;
    }
}
