using System.Reflection;
using Verifier.Symbolic.Numbers;
using L = System.Linq.Expressions;

namespace Verifier.Symbolic.Expressions;

/// <summary>
/// Compiles an expression to a delegate over doubles (as SymPy's lambdify): the same values as
/// <see cref="Expr.EvalDouble"/>, without walking the tree at every call.
/// </summary>
public static class CompileDouble
{
    private static readonly MethodInfo Pow = typeof(Math).GetMethod(nameof(Math.Pow), [typeof(double), typeof(double)])!;
    private static readonly MethodInfo MaxD = typeof(Math).GetMethod(nameof(Math.Max), [typeof(double), typeof(double)])!;
    private static readonly MethodInfo MinD = typeof(Math).GetMethod(nameof(Math.Min), [typeof(double), typeof(double)])!;
    private static readonly MethodInfo AbsD = typeof(Math).GetMethod(nameof(Math.Abs), [typeof(double)])!;
    private static readonly MethodInfo ExpD = typeof(Math).GetMethod(nameof(Math.Exp), [typeof(double)])!;
    private static readonly MethodInfo LogD = typeof(Math).GetMethod(nameof(Math.Log), [typeof(double)])!;
    private static readonly MethodInfo TanhD = typeof(Math).GetMethod(nameof(Math.Tanh), [typeof(double)])!;
    private static readonly MethodInfo SigmoidD = typeof(Interval).GetMethod(nameof(Interval.SigmoidD))!;
    private static readonly MethodInfo SoftplusD = typeof(Interval).GetMethod(nameof(Interval.SoftplusD))!;

    /// <summary>
    /// A delegate computing the expression; its argument holds the variables by index (values[0] is t,
    /// values[i] is x_i), as for <see cref="Expr.EvalDouble"/>.
    /// </summary>
    public static Func<double[], double> Compile(Expr e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var values = L.Expression.Parameter(typeof(double[]), "values");
        var body = Build(e, values);
        return L.Expression.Lambda<Func<double[], double>>(body, values).Compile();
    }

    private static L.Expression Build(Expr e, L.ParameterExpression values)
    {
        L.Expression Kid(Expr c) => Build(c, values);
        L.Expression Call(MethodInfo m, params L.Expression[] args) => L.Expression.Call(m, args);
        L.Expression Fold(IEnumerable<Expr> xs, Func<L.Expression, L.Expression, L.Expression> op) => xs.Select(Kid).Aggregate(op);
        return e switch
        {
            Constant c => L.Expression.Constant(c.Value.ToDouble()),
            Variable v => L.Expression.ArrayIndex(values, L.Expression.Constant(v.Index)),
            Sum s => Fold(s.Terms, L.Expression.Add),
            Product p => Fold(p.Factors, L.Expression.Multiply),
            Power w => Call(Pow, Kid(w.Base), L.Expression.Constant((double)w.Exponent)),
            Relu r => Call(MaxD, L.Expression.Constant(0.0), Kid(r.Arg)),
            LeakyRelu l => WithTemp(Kid(l.Arg), a => L.Expression.Condition(
                L.Expression.GreaterThanOrEqual(a, L.Expression.Constant(0.0)), a, L.Expression.Multiply(L.Expression.Constant(l.Alpha.ToDouble()), a))),
            Abs a => Call(AbsD, Kid(a.Arg)),
            Exp x => Call(ExpD, Kid(x.Arg)),
            Log g => Call(LogD, Kid(g.Arg)),
            Sigmoid s => Call(SigmoidD, Kid(s.Arg)),
            Tanh t => Call(TanhD, Kid(t.Arg)),
            Softplus s => Call(SoftplusD, Kid(s.Arg)),
            Heaviside h => WithTemp(Kid(h.Arg), a => L.Expression.Condition(
                L.Expression.GreaterThan(a, L.Expression.Constant(0.0)), L.Expression.Constant(1.0),
                L.Expression.Condition(L.Expression.LessThan(a, L.Expression.Constant(0.0)), L.Expression.Constant(0.0),
                                       L.Expression.Constant(h.AtZero.ToDouble())))),
            Max m => Fold(m.Args, (a, b) => Call(MaxD, a, b)),
            Min m => Fold(m.Args, (a, b) => Call(MinD, a, b)),
            _ => throw new NotSupportedException($"cannot compile a {e.GetType().Name} node"),
        };
    }

    // Evaluates the argument once into a local, so a condition can use it several times.
    private static L.Expression WithTemp(L.Expression value, Func<L.ParameterExpression, L.Expression> body)
    {
        var temp = L.Expression.Variable(typeof(double), "a");
        return L.Expression.Block([temp], L.Expression.Assign(temp, value), body(temp));
    }
}
