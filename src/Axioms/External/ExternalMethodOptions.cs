namespace Verifier.Axioms.External;

/// <summary>The limits of an external method's process (CONTRACT.md, <c>verifier-method/1</c>). No global state: every
/// host takes one of these.</summary>
public sealed record ExternalMethodOptions
{
    /// <summary>The defaults: 30 s per request and for the handshake, 3 faults in a row before giving up.</summary>
    public static readonly ExternalMethodOptions Default = new();

    /// <summary>How long one request may wait for its answer before the process is killed (<c>--method-timeout</c>); default 30 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the process may take to write its handshake (imports can be slow); null (default): <see cref="RequestTimeout"/>.</summary>
    public TimeSpan? HandshakeTimeout { get; init; }

    /// <summary>After this many process faults in a row (crash, hang, garbage, wrong id, failed restart) the method is not
    /// restarted again and every later request fails at once (<see cref="MethodFaultKind.GaveUp"/>); default 3.</summary>
    public int MaxConsecutiveFaults { get; init; } = 3;

    /// <summary>At the end, how long the process may take to exit after its standard input is closed before it is
    /// killed; default 2 s.</summary>
    public TimeSpan ExitGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest answer line, in characters; a longer one is garbage and kills the process; default 16 Mi.</summary>
    public int MaxLineLength { get; init; } = 16 * 1024 * 1024;

    /// <summary>The most digits an attribution may have, exponent included (<c>1e999999999</c> is refused, not computed);
    /// default 10,000.</summary>
    public int MaxNumberDigits { get; init; } = 10_000;

    /// <summary>The process's working directory; null (default) for ours.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables set (null removes) in the process's environment on top of ours; null (default) for none.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>Gives the path of an ONNX copy of a network, sent as <c>network_onnx</c> with every network request (null, the
    /// default, or a null path: none is sent); every method started with these options uses it.</summary>
    public Func<Verifier.Symbolic.Networks.Network, string?>? NetworkOnnx { get; init; }

    /// <summary>The handshake timeout in effect.</summary>
    public TimeSpan EffectiveHandshakeTimeout => HandshakeTimeout ?? RequestTimeout;

    /// <summary>Throws when a limit is out of range.</summary>
    /// <exception cref="ArgumentException">A timeout is not positive, or a count is below 1.</exception>
    public void Validate()
    {
        if (RequestTimeout <= TimeSpan.Zero) throw new ArgumentException($"the method timeout must be positive, not {RequestTimeout}", nameof(RequestTimeout));
        if (HandshakeTimeout is { } h && h <= TimeSpan.Zero) throw new ArgumentException($"the handshake timeout must be positive, not {h}", nameof(HandshakeTimeout));
        if (MaxConsecutiveFaults < 1) throw new ArgumentException($"MaxConsecutiveFaults must be at least 1, not {MaxConsecutiveFaults}", nameof(MaxConsecutiveFaults));
        if (ExitGrace < TimeSpan.Zero) throw new ArgumentException($"the exit grace must not be negative, not {ExitGrace}", nameof(ExitGrace));
        if (MaxLineLength < 1024) throw new ArgumentException($"MaxLineLength must be at least 1024, not {MaxLineLength}", nameof(MaxLineLength));
        if (MaxNumberDigits < 20) throw new ArgumentException($"MaxNumberDigits must be at least 20, not {MaxNumberDigits}", nameof(MaxNumberDigits));
    }
}
