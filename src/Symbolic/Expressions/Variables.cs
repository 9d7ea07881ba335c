namespace Verifier.Symbolic.Expressions;

public abstract partial record Expr
{
    /// <summary>True when the expression contains no variable (it is a closed-form constant).</summary>
    public bool IsConstant => MaxVariableIndex < 0;

    /// <summary>The dimension n of a function of x1..xn: the largest x-index used (0 when none).</summary>
    public int Dimension => Math.Max(0, MaxVariableIndex);

    /// <summary>True when the variable occurs in the expression.</summary>
    public bool Contains(int variableIndex)
    {
        if (this is Variable v) return v.Index == variableIndex;
        foreach (var c in Children) if (c.Contains(variableIndex)) return true;
        return false;
    }

    /// <summary>True when the expression is a polynomial (sums, products, non-negative powers of variables, rational constants).</summary>
    public bool IsPolynomial => this switch
    {
        Constant or Variable => true,
        Power p => p.Exponent > 0 && p.Base.IsPolynomial,
        Sum or Product => Children.All(c => c.IsPolynomial),
        _ => false,
    };

    /// <summary>Number of nodes in the expression tree.</summary>
    public int NodeCount
    {
        get
        {
            int n = 1;
            foreach (var c in Children) n += c.NodeCount;
            return n;
        }
    }
}
