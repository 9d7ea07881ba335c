using Verifier.NumericBridge.Runtime;

namespace Verifier.NumericBridge.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void TryInitialize_OnThisMachine_LoadsWithSmokeTest()
    {
        bool ok = TorchRuntime.TryInitialize(out string trace);
        Assert.True(ok, trace);
        Assert.Contains("d/dx x^2 at 3 = 6", trace);
    }
}
