namespace Verifier.Symbolic;

/// <summary>A method defined for networks only (its rules follow the layers) was given a closed-form expression.</summary>
public sealed class NetworkRequiredException : ArgumentException, IInputError
{
    /// <summary>An exception naming <paramref name="method"/>.</summary>
    public NetworkRequiredException(string method)
        : base($"method '{method}' works on networks only, but F is a closed-form expression")
    {
        Method = method;
    }

    /// <summary>The method's name.</summary>
    public string Method { get; }
}
