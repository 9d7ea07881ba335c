using Verifier.Symbolic;
using Verifier.Symbolic.Networks;
using Verifier.Symbolic.Numbers;

namespace Verifier.Axioms.Smt;

public sealed partial class SmtWriter
{
    /// <summary>F(x) of a subject (network or piecewise-linear expression) at the affine input terms <paramref name="inputs"/>.</summary>
    /// <exception cref="NotPiecewiseLinearException">The subject's expression is not piecewise linear.</exception>
    /// <exception cref="ArgumentException">The number of inputs is not the subject's dimension.</exception>
    public LinearTerm Value(Subject f, IReadOnlyList<LinearTerm> inputs)
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckInputs(f.Dimension, inputs, nameof(inputs));
        return f.Network is { } net ? Value(net, inputs) : Value(f.Function!, inputs);
    }

    /// <summary>
    /// The directional derivative D_v F(x) = ∇F(x) · v of a subject at <paramref name="inputs"/> along
    /// <paramref name="direction"/>, by forward-mode tangent propagation; linear in the tangents, so it stays in linear
    /// arithmetic even when v is itself a term in the inputs.
    /// </summary>
    /// <remarks>
    /// Kink conventions are PyTorch's (<see cref="KinkConvention.Default"/>, for networks and
    /// expressions): relu'(0) = 0, leaky_relu'(0) = alpha, abs'(0) = 0, and at a tie of max, min or a max-pool group
    /// the first extremal argument (in the order listed) passes its tangent. So with v = e_i the result is the i-th
    /// entry of <see cref="Network.Gradient"/>, also on kinks. Forward mode: Griewank and Walther, Evaluating
    /// Derivatives (2008), chapter 3.
    /// </remarks>
    /// <exception cref="NotPiecewiseLinearException">The subject's expression is not piecewise linear.</exception>
    /// <exception cref="ArgumentException">The number of inputs or directions is not the subject's dimension.</exception>
    public LinearTerm Directional(Subject f, IReadOnlyList<LinearTerm> inputs, IReadOnlyList<LinearTerm> direction)
    {
        ArgumentNullException.ThrowIfNull(f);
        CheckInputs(f.Dimension, inputs, nameof(inputs));
        CheckInputs(f.Dimension, direction, nameof(direction));
        return f.Network is { } net ? Directional(net, inputs, direction) : Directional(f.Function!, inputs, direction);
    }

    /// <summary>The network's attributed output at the input terms (one shared relu atom per distinct pre-activation).</summary>
    /// <exception cref="ArgumentException">The number of inputs is not the network's.</exception>
    public LinearTerm Value(Network network, IReadOnlyList<LinearTerm> inputs)
    {
        ArgumentNullException.ThrowIfNull(network);
        CheckInputs(network.Inputs, inputs, nameof(inputs));
        Comment($"value of {network}");
        return Forward(network, inputs, null).Values[network.Output];
    }

    /// <summary>The network's directional derivative along <paramref name="direction"/> at the input terms (see
    /// <see cref="Directional(Subject, IReadOnlyList{LinearTerm}, IReadOnlyList{LinearTerm})"/>).</summary>
    /// <exception cref="ArgumentException">The number of inputs or directions is not the network's.</exception>
    public LinearTerm Directional(Network network, IReadOnlyList<LinearTerm> inputs, IReadOnlyList<LinearTerm> direction)
    {
        ArgumentNullException.ThrowIfNull(network);
        CheckInputs(network.Inputs, inputs, nameof(inputs));
        CheckInputs(network.Inputs, direction, nameof(direction));
        Comment($"directional derivative of {network}");
        return Forward(network, inputs, direction).Tangents![network.Output];
    }

    // Values and tangents in node order (a graph's nodes read their sources' terms concatenated).
    private (LinearTerm[] Values, LinearTerm[]? Tangents) Forward(Network network, IReadOnlyList<LinearTerm> inputs, IReadOnlyList<LinearTerm>? direction)
    {
        var v = new LinearTerm[network.LayerCount + 1][];
        var t = direction is null ? null : new LinearTerm[network.LayerCount + 1][];
        v[0] = [.. inputs];
        if (t is not null) t[0] = [.. direction!];
        for (int i = 0; i < network.LayerCount; i++)
        {
            var values = network.Gather(v, i);
            var tangents = t is null ? null : network.Gather(t, i);
            var (value, tangent) = network.LayerAt(i).Match(
                dense: d => (Dense(d, values), tangents is null ? null : Dense(d, tangents, withBias: false)),
                activation: a => Activation(a.Function, values, tangents),
                maxPool: p => MaxPool(p, values, tangents),
                sparse: s => (Sparse(s, values), tangents is null ? null : Sparse(s, tangents, withBias: false)));
            v[i + 1] = value;
            if (t is not null) t[i + 1] = tangent!;
        }
        return (v[^1], t?[^1]);
    }

    private static LinearTerm[] Sparse(SparseLayer sparse, LinearTerm[] input, bool withBias = true)
    {
        var output = new LinearTerm[sparse.OutputCount];
        for (int i = 0; i < output.Length; i++)
        {
            LinearTerm acc = withBias ? sparse.Bias[i] : Rational.Zero;
            var (columns, weights) = sparse.Row(i);
            for (int k = 0; k < columns.Length; k++) acc += weights.Span[k] * input[columns.Span[k]]; // z = A x + b
            output[i] = acc;
        }
        return output;
    }

    private static LinearTerm[] Dense(DenseLayer dense, LinearTerm[] input, bool withBias = true)
    {
        var output = new LinearTerm[dense.OutputCount];
        for (int i = 0; i < output.Length; i++)
        {
            LinearTerm acc = withBias ? dense.Bias[i] : Rational.Zero;
            var row = dense.Weights[i];
            for (int j = 0; j < row.Length; j++)
                if (!row[j].IsZero) acc += row[j] * input[j]; // z = W x + b
            output[i] = acc;
        }
        return output;
    }

    private (LinearTerm[], LinearTerm[]?) Activation(ActivationFunction f, LinearTerm[] v, LinearTerm[]? t)
    {
        if (f.IsIdentity) return (v, t);
        var values = new LinearTerm[v.Length];
        var tangents = t is null ? null : new LinearTerm[v.Length];
        for (int i = 0; i < v.Length; i++)
        {
            values[i] = ActivationValue(f, v[i]);
            if (tangents is not null) tangents[i] = ActivationTangent(f, v[i], t![i]);
        }
        return (values, tangents);
    }

    /// <summary>f(z) = c0 + c1 z + sum_i w_i relu(s_i (z - k_i)) with the shared relu atoms (<see cref="Relu"/>).</summary>
    public LinearTerm ActivationValue(ActivationFunction f, LinearTerm z)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(z);
        LinearTerm acc = f.Constant + f.Slope * z;
        foreach (var term in f.Terms)
        {
            var shifted = term.Kink.IsZero ? z : z - term.Kink;
            acc += term.Weight * Relu(term.Sign > 0 ? shifted : -shifted);
        }
        return acc;
    }

    /// <summary>
    /// f'(z) dz with PyTorch's convention relu'(0) = 0 (<see cref="KinkConvention.Default"/>), as a sum of select atoms,
    /// one per kink k_j: on its right it adds the slope's jump there, exactly at it the derivative's excess over the
    /// slope on its left (both from <see cref="ActivationFunction"/>); the first kink also carries the slope left of every
    /// kink. For one kink this is <c>ite(z &gt; k, right dz, ite(k &gt; z, left dz, f'(k) dz))</c>: relu gives
    /// <c>ite(z &gt; 0, dz, 0)</c>, leaky_relu <c>ite(z &gt; 0, dz, alpha dz)</c>, abs <c>ite(z &gt; 0, dz, ite(-z &gt; 0, -dz, 0))</c>.
    /// </summary>
    public LinearTerm ActivationTangent(ActivationFunction f, LinearTerm z, LinearTerm dz)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(z);
        ArgumentNullException.ThrowIfNull(dz);
        if (f.Kinks.IsEmpty) return f.Slope * dz;
        LinearTerm acc = LinearTerm.Zero;
        for (int j = 0; j < f.Kinks.Length; j++)
        {
            var k = f.Kinks[j];
            var below = j == 0 ? f.Slopes[0] : Rational.Zero; // what this select adds left of its kink
            var right = f.Slopes[j + 1] - f.Slopes[j] + below;
            var at = f.Derivative(k, KinkConvention.Default) - f.Slopes[j] + below;
            var offset = k.IsZero ? z : z - k;
            acc += Select(offset, right * dz, Select(-offset, below * dz, at * dz));
        }
        return acc;
    }

    private (LinearTerm[], LinearTerm[]?) MaxPool(MaxPoolLayer pool, LinearTerm[] v, LinearTerm[]? t)
    {
        var values = new LinearTerm[pool.Groups.Length];
        var tangents = t is null ? null : new LinearTerm[pool.Groups.Length];
        for (int k = 0; k < values.Length; k++)
        {
            var group = pool.Groups[k];
            var (m, dm) = (v[group[0]], t?[group[0]]);
            for (int g = 1; g < group.Length; g++)
                (m, dm) = Extremum(m, dm, v[group[g]], t?[group[g]], isMax: true);
            values[k] = m;
            if (tangents is not null) tangents[k] = dm!;
        }
        return (values, tangents);
    }

    /// <summary>One step of max (min) over a list: the running extremum m and the next argument a; a replaces m only when
    /// strictly larger (smaller), so ties keep the first extremal argument's tangent.</summary>
    private (LinearTerm, LinearTerm?) Extremum(LinearTerm m, LinearTerm? dm, LinearTerm a, LinearTerm? da, bool isMax)
    {
        var gap = isMax ? a - m : m - a;
        var value = isMax ? Max(m, a) : Min(m, a);
        return (value, dm is null ? null : Select(gap, da!, dm));
    }

    private static void CheckInputs(int dimension, IReadOnlyList<LinearTerm> terms, string parameter)
    {
        ArgumentNullException.ThrowIfNull(terms, parameter);
        if (terms.Count != dimension)
            throw new ArgumentException($"the function has {dimension} inputs but {terms.Count} terms were given", parameter);
        foreach (var term in terms) ArgumentNullException.ThrowIfNull(term, parameter);
    }
}
