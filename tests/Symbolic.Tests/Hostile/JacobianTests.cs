using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Tests.Hostile;

/// <summary>
/// Issue 13, item 4: conductance on a 1,000-neuron layer took 75 s (one forward pass and one back-propagation per
/// neuron and piece); <see cref="Network.Jacobian"/> gives every row from one forward pass, equal to the per-output
/// gradients under every kink convention.
/// </summary>
public class JacobianTests
{
    private static readonly RandomNetworkOptions AllLayers = new()
    {
        Activations = [RandomActivation.Relu, RandomActivation.LeakyRelu, RandomActivation.Abs, RandomActivation.Identity, RandomActivation.MaxPool],
    };

    [Theory]
    [InlineData(3, 12)]  // fewer inputs than outputs: forward accumulation
    [InlineData(12, 3)]  // more inputs than outputs: one backward pass per row
    public void Jacobian_RandomNetworksAllLayerTypes_EqualsThePerOutputGradients(int inputs, int outputs)
    {
        for (int seed = 0; seed < 40; seed++)
        {
            var rng = new Random(seed);
            var net = RandomNetworks.Create(rng, [inputs, 6, 5, outputs], AllLayers);
            // Points on kinks as well: integer points with small weights often put pre-activations at 0.
            var x = seed % 2 == 0 ? RandomNetworks.Point(rng, inputs) : Enumerable.Range(0, inputs).Select(_ => new Rational(rng.Next(-2, 3))).ToArray();
            var convention = new KinkConvention { ReluGradientAtZero = new Rational(seed % 3, 2) };
            var jacobian = net.Jacobian(x, convention);
            Assert.Equal(outputs, jacobian.Length);
            for (int j = 0; j < outputs; j++)
                Assert.Equal(net.WithOutput(j).Gradient(x, convention), jacobian[j]);
        }
    }

    [Fact]
    public void Jacobian_ThousandNeuronLayerOverTenInputs_IsTheWeightMatrixMaskedByTheActivations()
    {
        var rng = new Random(7);
        var net = RandomNetworks.Create(rng, [10, 1000, 1]);
        var hidden = new Network(10, net.Layers.Take(2)); // dense 10 -> 1000, relu
        var x = RandomNetworks.Point(rng, 10);
        var jacobian = hidden.Jacobian(x);
        var dense = (DenseLayer)net.Layers[0];
        var z = new Network(10, net.Layers.Take(1)).ForwardAll(x);
        for (int j = 0; j < 1000; j++)
            Assert.Equal(z[j].Sign > 0 ? dense.Weights[j] : new Rational[10], jacobian[j]);
    }
}
