using Verifier.NumericBridge.Methods;
using Verifier.NumericBridge.Models;
using Verifier.PathMethods.Methods;
using Verifier.Symbolic.Networks;

namespace Verifier.NumericBridge.Tests.Methods;

/// <summary><see cref="NumericAttribute.Of"/>: a method's numeric counterpart from its <see cref="NumericForm"/> alone.</summary>
public class NumericFormTests
{
    [Fact]
    public void Of_EveryForm_IsTheMethodItNames()
    {
        var net = RandomNetworks.Create(new Random(7), [3, 5, 4, 1]);
        double[] x = [1.5, -0.25, 2], b = [0.5, 0, -1], b2 = [0, 1, 0];
        var options = new NumericIgOptions { Rule = QuadratureRule.Middle, Steps = 16 };
        using var model = TorchModel.FromNetwork(net);
        // Bit-identical: Of only dispatches, so the same computation runs.
        Assert.Equal(NumericAttribute.Gradient(model, x).Attributions, NumericAttribute.Of(NumericForm.Gradient, model, x, b).Attributions);
        Assert.Equal(NumericAttribute.GradientTimesInput(model, x, b).Attributions,
            NumericAttribute.Of(NumericForm.GradientTimesDelta, model, x, b).Attributions);
        Assert.Equal(NumericAttribute.IntegratedGradients(model, x, b, options).Attributions,
            NumericAttribute.Of(NumericForm.StraightPathIntegral, model, x, b, options).Attributions);
        Assert.Equal(NumericAttribute.ExpectedGradients(model, x, [b, b2], [0.25, 0.75], options).Attributions,
            NumericAttribute.Of(NumericForm.ExpectationOverBaselines, model, x, b, options, [b, b2], [0.25, 0.75]).Attributions);
        Assert.Equal(NumericAttribute.LayerConductance(model, x, b, 1, options).Neurons,
            NumericAttribute.Of(NumericForm.LayerConductance, model, x, b, options, layer: 1).Attributions);
    }

    [Fact]
    public void Of_FormWithoutItsInput_ArgumentException()
    {
        using var model = TorchModel.FromNetwork(RandomNetworks.Create(new Random(1), [2, 3, 1]));
        Assert.Throws<ArgumentException>(() => NumericAttribute.Of(NumericForm.ExpectationOverBaselines, model, [1, 1], [0, 0]));
        Assert.Throws<ArgumentException>(() => NumericAttribute.Of(NumericForm.LayerConductance, model, [1, 1], [0, 0]));
    }
}
