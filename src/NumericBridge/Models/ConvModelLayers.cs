namespace Verifier.NumericBridge.Models;

/// <summary>
/// One layer of a <see cref="ConvModel"/>, described by plain arrays (float64 weights, row-major as in PyTorch).
/// Feature maps are <c>[channels, height, width]</c>; a <see cref="Dense"/> layer after a feature map flattens it
/// in that order, as <c>torch.flatten(x, 1)</c> does.
/// </summary>
public abstract record CnnLayer
{
    private CnnLayer() { }

    /// <summary>
    /// The function for this layer's kind applied to it: one function per kind, so that a new kind (a new parameter here)
    /// does not compile until every caller handles it.
    /// </summary>
    public abstract TResult Match<TResult>(Func<Conv2d, TResult> conv, Func<Relu, TResult> relu, Func<MaxPool2d, TResult> maxPool, Func<Dense, TResult> dense);

    /// <summary>
    /// A 2-D convolution with stride 1 and no padding (<c>nn.Conv2d(in, out, k)</c>): output size
    /// <c>[OutChannels, H - k + 1, W - k + 1]</c>.
    /// </summary>
    /// <param name="InChannels">Input channels.</param>
    /// <param name="OutChannels">Output channels.</param>
    /// <param name="KernelSize">The side k of the square kernel.</param>
    /// <param name="Weights">The kernel <c>[OutChannels, InChannels, k, k]</c>, row-major.</param>
    /// <param name="Bias">One bias per output channel.</param>
    public sealed record Conv2d(int InChannels, int OutChannels, int KernelSize, double[] Weights, double[] Bias) : CnnLayer
    {
        /// <inheritdoc />
        public override TResult Match<TResult>(Func<Conv2d, TResult> conv, Func<Relu, TResult> relu, Func<MaxPool2d, TResult> maxPool, Func<Dense, TResult> dense) => conv(this);
    }

    /// <summary>The element-wise <c>relu(z) = max(z, 0)</c>; relu'(0) = 0 as in PyTorch.</summary>
    public sealed record Relu : CnnLayer
    {
        /// <inheritdoc />
        public override TResult Match<TResult>(Func<Conv2d, TResult> conv, Func<Relu, TResult> relu, Func<MaxPool2d, TResult> maxPool, Func<Dense, TResult> dense) => relu(this);
    }

    /// <summary>
    /// Max pooling over non-overlapping <c>Size x Size</c> windows (<c>nn.MaxPool2d(Size)</c>); the height and width
    /// must be multiples of <c>Size</c>.
    /// </summary>
    /// <param name="Size">The window side (and stride).</param>
    public sealed record MaxPool2d(int Size) : CnnLayer
    {
        /// <inheritdoc />
        public override TResult Match<TResult>(Func<Conv2d, TResult> conv, Func<Relu, TResult> relu, Func<MaxPool2d, TResult> maxPool, Func<Dense, TResult> dense) => maxPool(this);
    }

    /// <summary>A fully connected layer <c>y = W x + b</c> (<c>nn.Linear</c>), flattening a feature map first.</summary>
    /// <param name="InputCount">Inputs (the flattened size of the previous layer's output).</param>
    /// <param name="OutputCount">Outputs.</param>
    /// <param name="Weights">The matrix <c>[OutputCount, InputCount]</c>, row-major.</param>
    /// <param name="Bias">One bias per output.</param>
    public sealed record Dense(int InputCount, int OutputCount, double[] Weights, double[] Bias) : CnnLayer
    {
        /// <inheritdoc />
        public override TResult Match<TResult>(Func<Conv2d, TResult> conv, Func<Relu, TResult> relu, Func<MaxPool2d, TResult> maxPool, Func<Dense, TResult> dense) => dense(this);
    }
}
