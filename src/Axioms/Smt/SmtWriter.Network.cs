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

    private (LinearTerm[] Values, LinearTerm[]? Tangents) Forward(Network network, IReadOnlyList<LinearTerm> inputs, IReadOnlyList<LinearTerm>? direction)
    {
        var v = inputs.ToArray();
        var t = direction?.ToArray();
        foreach (var layer in network.Layers)
        {
            switch (layer)
            {
                case DenseLayer dense:
                    (v, t) = (Dense(dense, v), t is null ? null : Dense(dense, t, withBias: false));
                    break;
                case MaxPoolLayer pool:
                    (v, t) = MaxPool(pool, v, t);
                    break;
                case IdentityLayer:
                    break;
                case ActivationLayer activation:
                    var nv = new LinearTerm[v.Length];
                    var nt = t is null ? null : new LinearTerm[v.Length];
                    for (int i = 0; i < v.Length; i++)
                    {
                        nv[i] = Activation(activation, v[i]);
                        if (nt is not null) nt[i] = ActivationTangent(activation, v[i], t![i]);
                    }
                    (v, t) = (nv, nt);
                    break;
                default:
                    throw new NotSupportedException($"the SMT layer cannot encode the layer type '{layer.TypeName}'");
            }
        }
        return (v, t);
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

    private LinearTerm Activation(ActivationLayer activation, LinearTerm z) => activation switch
    {
        ReluLayer => Relu(z),
        LeakyReluLayer leaky => LeakyRelu(z, leaky.Alpha),
        AbsLayer => Abs(z),
        _ => throw new NotSupportedException($"the SMT layer cannot encode the activation '{activation.TypeName}'"),
    };

    private LinearTerm ActivationTangent(ActivationLayer activation, LinearTerm z, LinearTerm dz) => activation switch
    {
        ReluLayer => Select(z, dz, LinearTerm.Zero),                          // relu'(z) = [z > 0]
        LeakyReluLayer leaky => Select(z, dz, leaky.Alpha * dz),              // leaky'(z) = 1 for z > 0, alpha for z <= 0
        AbsLayer => Select(z, dz, Select(-z, -dz, LinearTerm.Zero)),          // abs'(z) = sign(z)
        _ => throw new NotSupportedException($"the SMT layer cannot encode the activation '{activation.TypeName}'"),
    };

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
