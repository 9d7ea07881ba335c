using System.Globalization;
using Verifier.Axioms.Methods;
using Verifier.PathMethods.Methods;
using Verifier.Symbolic.Integration;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;
using Verifier.Symbolic;

namespace Verifier.Axioms.External;

/// <summary>
/// An attribution method implemented by another program, in any language, that speaks <c>verifier-method/1</c>
/// (CONTRACT.md): what the axiom checks take, like a built-in method. Its traits come from the handshake. Each call is
/// one request; a fault throws <see cref="ExternalMethodFaultException"/>, which the axiom search counts as an errored
/// trial. F(x) and F(x') in the result are computed here, exactly.
/// </summary>
/// <remarks>A method whose handshake says <c>"baseline": true</c> is started as a <see cref="DistributionalExternalMethod"/>:
/// distributional axioms then send the baselines and their weights in one request (the Python adapter averages over
/// them unless the method handles them itself).</remarks>
public class ExternalMethod : IAttributionMethod, IDisposable
{
    private readonly bool _ownsHost = true;

    /// <summary>A method on top of a started host (which it disposes).</summary>
    protected ExternalMethod(ExternalMethodHost host)
    {
        Host = host ?? throw new ArgumentNullException(nameof(host));
        NetworkOnnx = host.Options.NetworkOnnx;
    }

    /// <summary>A view of <paramref name="owner"/>'s process that sends other parameters (it does not own the process).</summary>
    protected ExternalMethod(ExternalMethod owner, IReadOnlyDictionary<string, string>? parameters)
    {
        ArgumentNullException.ThrowIfNull(owner);
        Host = owner.Host;
        Parameters = parameters;
        NetworkOnnx = owner.NetworkOnnx;
        _ownsHost = false;
    }

    /// <summary>The same method and process, sending <paramref name="parameters"/> (<c>params</c>) with every request, e.g.
    /// <c>steps</c> for a sweep; disposing the view leaves the process running.</summary>
    public ExternalMethod WithParameters(IReadOnlyDictionary<string, string>? parameters) =>
        this is DistributionalExternalMethod ? new DistributionalExternalMethod(this, parameters) : new ExternalMethod(this, parameters);

    /// <summary>Starts <paramref name="commandLine"/> (split like a shell, without one) and reads its handshake: a
    /// <see cref="DistributionalExternalMethod"/> when the method takes a baseline.</summary>
    /// <exception cref="FormatException">The command line is malformed.</exception>
    /// <exception cref="ExternalMethodStartException">The command cannot be started, or its handshake is invalid.</exception>
    public static ExternalMethod Start(string commandLine, ExternalMethodOptions? options = null) =>
        On(ExternalMethodHost.Start(commandLine, options));

    /// <summary>The method on top of an already started host.</summary>
    public static ExternalMethod On(ExternalMethodHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Handshake.TakesBaseline ? new DistributionalExternalMethod(host) : new ExternalMethod(host);
    }

    /// <summary>The host: process, handshake, counts.</summary>
    public ExternalMethodHost Host { get; }

    /// <summary>The name from the handshake.</summary>
    public string Name => Host.Handshake.Name;

    /// <summary>What the handshake declares: functions and/or networks, and x' = 0 only when <c>"baseline": false</c>.</summary>
    public MethodTraits Traits => Host.Handshake.Traits;

    /// <summary>True when the method declared exact attributions (<c>"exact": true</c>); float methods are judged with a tolerance.</summary>
    public bool IsExact => Host.Handshake.Exact;

    /// <summary>Parameters sent with every request (<c>params</c>); null or empty for none.</summary>
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    /// <summary>Gives the path of an ONNX copy of a network to send along (<c>network_onnx</c>); null (default) for none.</summary>
    public Func<Network, string?>? NetworkOnnx { get; init; }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The method does not accept this kind of F.</exception>
    /// <exception cref="ExternalMethodFaultException">The request failed (crash, timeout, garbage, error answer, ...).</exception>
    public AttributionResult Attribute(Subject f, IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline)
    {
        Check(f);
        var values = Ask(new MethodRequest(f, input, baseline) { Parameters = Parameters, NetworkOnnx = Onnx(f) });
        return Result(input, baseline, values, f.ValueAt(input), f.ValueAt(baseline));
    }

    /// <summary>Ends the method's process (standard input closed, then its process group killed).</summary>
    public void Dispose()
    {
        if (_ownsHost) Host.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>"name (external: command)".</summary>
    public override string ToString() => $"{Name} (external: {Host.CommandLineText})";

    /// <summary>Refuses a subject the handshake did not accept.</summary>
    protected void Check(Subject f)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (!this.Accepts(f))
            throw new NotSupportedException($"the external method {Name} accepts {(Host.Handshake.AcceptsNetworks ? "networks" : "functions")} only");
    }

    /// <summary>The ONNX path to send for <paramref name="f"/>, if any.</summary>
    protected string? Onnx(Subject f) => f.Network is { } n && NetworkOnnx is { } export ? export(n) : null;

    /// <summary>Sends the request; the attributions, or the fault as an exception.</summary>
    protected Rational[] Ask(MethodRequest request)
    {
        var answer = Host.Send(request);
        var recording = _recording;
        recording?.Add(request, answer.Attributions?.ToArray());
        if (answer.Fault is { } fault) throw new ExternalMethodFaultException(Name, fault);
        return answer.Attributions!.ToArray();
    }

    private RequestRecording? _recording;

    /// <summary>Records every request sent (and its answer) until the returned recording is disposed: what a
    /// counterexample's reproduction is made of.</summary>
    /// <exception cref="InvalidOperationException">A recording is already open.</exception>
    public RequestRecording Record()
    {
        var recording = new RequestRecording(() => _recording = null);
        if (Interlocked.CompareExchange(ref _recording, recording, null) is not null)
            throw new InvalidOperationException("a recording of this method's requests is already open");
        return recording;
    }

    /// <summary>The result record for answered attributions.</summary>
    protected AttributionResult Result(IReadOnlyList<Rational> input, IReadOnlyList<Rational> baseline, Rational[] values,
        ExactResult fInput, ExactResult fBaseline)
    {
        var attributions = ExactResult.FromRationals(values);
        string pid = Host.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "?";
        var step = new DerivationStep("external method", () =>
            $"{Name} answered through verifier-method/1 (process {pid}, {(IsExact ? "exact" : "floats read exactly from their decimal text")})");
        return new AttributionResult(Name, input.ToArray(), baseline.ToArray(), attributions, fInput, fBaseline, null, [step]);
    }
}

/// <summary>An external method that takes a baseline: distributional requests carry every baseline and its weight.</summary>
public sealed class DistributionalExternalMethod : ExternalMethod, IDistributionalAttributionMethod
{
    internal DistributionalExternalMethod(ExternalMethodHost host) : base(host) { }

    internal DistributionalExternalMethod(ExternalMethod owner, IReadOnlyDictionary<string, string>? parameters) : base(owner, parameters) { }

    /// <summary>E(x, X', F): one request with <c>baselines</c> and <c>weights</c>; F(x') in the result is E F(X'), the
    /// baseline the weighted mean (as <see cref="Distributional.Attribute"/> reports it).</summary>
    /// <exception cref="NotSupportedException">The method does not accept this kind of F.</exception>
    /// <exception cref="ExternalMethodFaultException">The request failed.</exception>
    public AttributionResult Attribute(Subject f, IReadOnlyList<Rational> input, BaselineDistribution baselines)
    {
        Check(f);
        ArgumentNullException.ThrowIfNull(baselines);
        var values = Ask(new MethodRequest(f, input, baselines) { Parameters = Parameters, NetworkOnnx = Onnx(f) });
        int n = f.Dimension;
        var mean = new Rational[n];
        for (int k = 0; k < baselines.Points.Count; k++)
            for (int i = 0; i < n; i++) mean[i] += baselines.Weights[k] * baselines.Points[k][i];
        var fBaseline = Exact.Sum(baselines.Points.Select((p, k) => Exact.Scale(f.ValueAt(p), baselines.Weights[k])));
        return Result(input, mean, values, f.ValueAt(input), fBaseline);
    }
}
