namespace Verifier.Symbolic.Expressions;

/// <summary>
/// The total order used to sort the children of canonical sums, products, max and min. Deterministic and
/// structural: first by node kind, then by contents.
/// </summary>
public sealed class ExprOrder : IComparer<Expr>
{
    /// <summary>The single instance.</summary>
    public static readonly ExprOrder Instance = new();

    private ExprOrder() { }

    private static int Rank(Expr e) => e switch
    {
        Constant => 0,
        Variable => 1,
        Power => 2,
        Product => 3,
        Sum => 4,
        Relu => 5,
        LeakyRelu => 6,
        Abs => 7,
        Max => 8,
        Min => 9,
        Heaviside => 10,
        Exp => 11,
        Log => 12,
        Sigmoid => 13,
        Tanh => 14,
        Softplus => 15,
        _ => throw new InvalidOperationException($"Unknown node {e.GetType().Name}."),
    };

    /// <inheritdoc />
    public int Compare(Expr? a, Expr? b)
    {
        if (ReferenceEquals(a, b)) return 0;
        if (a is null) return -1;
        if (b is null) return 1;
        int c = Rank(a).CompareTo(Rank(b));
        if (c != 0) return c;
        switch (a)
        {
            case Constant ca: return ca.Value.CompareTo(((Constant)b).Value);
            case Variable va: return va.Index.CompareTo(((Variable)b).Index);
            case Power pa:
            {
                var pb = (Power)b;
                c = Compare(pa.Base, pb.Base);
                return c != 0 ? c : pa.Exponent.CompareTo(pb.Exponent);
            }
            case LeakyRelu la:
            {
                c = Compare(la.Arg, ((LeakyRelu)b).Arg);
                return c != 0 ? c : la.Alpha.CompareTo(((LeakyRelu)b).Alpha);
            }
            case Heaviside ha:
            {
                c = Compare(ha.Arg, ((Heaviside)b).Arg);
                return c != 0 ? c : ha.AtZero.CompareTo(((Heaviside)b).AtZero);
            }
            default: return CompareLists(a.Children, b.Children);
        }
    }

    private int CompareLists(IReadOnlyList<Expr> x, IReadOnlyList<Expr> y)
    {
        int n = Math.Min(x.Count, y.Count);
        for (int i = 0; i < n; i++)
        {
            int c = Compare(x[i], y[i]);
            if (c != 0) return c;
        }
        return x.Count.CompareTo(y.Count);
    }
}
