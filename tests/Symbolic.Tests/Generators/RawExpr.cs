using FsCheck;
using FsCheck.Fluent;
using Verifier.Symbolic.Expressions;
using Verifier.Symbolic.Numbers;

namespace Verifier.Symbolic.Tests.Generators;

/// <summary>
/// A raw expression tree with no canonical form at all: it keeps exactly the operations it was generated with,
/// evaluates them directly in <see cref="Rational"/> arithmetic (<see cref="Eval"/>), and can also be built
/// through the canonicalising factory <see cref="Ex"/> (<see cref="Build"/>). Comparing the two checks that
/// canonicalisation preserves values.
/// </summary>
public abstract record RawExpr
{
    /// <summary>The exact value at the point (<paramref name="x"/>[0] is x1).</summary>
    public abstract Rational Eval(IReadOnlyList<Rational> x);

    /// <summary>The same tree built operation by operation through <see cref="Ex"/>.</summary>
    public abstract Expr Build();

    /// <summary>A constant.</summary>
    public sealed record Const(Rational Value) : RawExpr
    {
        /// <inheritdoc />
        public override Rational Eval(IReadOnlyList<Rational> x) => Value;
        /// <inheritdoc />
        public override Expr Build() => Ex.Const(Value);
    }

    /// <summary>The variable x_i (1-based).</summary>
    public sealed record Var(int Index) : RawExpr
    {
        /// <inheritdoc />
        public override Rational Eval(IReadOnlyList<Rational> x) => x[Index - 1];
        /// <inheritdoc />
        public override Expr Build() => Ex.Var(Index);
    }

    /// <summary>a + b.</summary>
    public sealed record Add(RawExpr A, RawExpr B) : RawExpr
    {
        /// <inheritdoc />
        public override Rational Eval(IReadOnlyList<Rational> x) => A.Eval(x) + B.Eval(x);
        /// <inheritdoc />
        public override Expr Build() => Ex.Sum(A.Build(), B.Build());
    }

    /// <summary>a - b.</summary>
    public sealed record Sub(RawExpr A, RawExpr B) : RawExpr
    {
        /// <inheritdoc />
        public override Rational Eval(IReadOnlyList<Rational> x) => A.Eval(x) - B.Eval(x);
        /// <inheritdoc />
        public override Expr Build() => A.Build() - B.Build();
    }

    /// <summary>a * b.</summary>
    public sealed record Mul(RawExpr A, RawExpr B) : RawExpr
    {
        /// <inheritdoc />
        public override Rational Eval(IReadOnlyList<Rational> x) => A.Eval(x) * B.Eval(x);
        /// <inheritdoc />
        public override Expr Build() => Ex.Product(A.Build(), B.Build());
    }

    /// <summary>-a.</summary>
    public sealed record Neg(RawExpr A) : RawExpr
    {
        /// <inheritdoc />
        public override Rational Eval(IReadOnlyList<Rational> x) => -A.Eval(x);
        /// <inheritdoc />
        public override Expr Build() => Ex.Negate(A.Build());
    }

    /// <summary>a / (b^2 + c) with c &gt; 0, a division that is defined everywhere.</summary>
    public sealed record DivPositive(RawExpr A, RawExpr B, Rational C) : RawExpr
    {
        /// <inheritdoc />
        public override Rational Eval(IReadOnlyList<Rational> x)
        {
            var b = B.Eval(x);
            return A.Eval(x) / (b * b + C);
        }
        /// <inheritdoc />
        public override Expr Build() => Ex.Divide(A.Build(), Ex.Sum(Ex.Pow(B.Build(), 2), Ex.Const(C)));
    }

    /// <summary>a^k, k &gt;= 0.</summary>
    public sealed record Pow(RawExpr A, int K) : RawExpr
    {
        /// <inheritdoc />
        public override Rational Eval(IReadOnlyList<Rational> x) => A.Eval(x).Pow(K);
        /// <inheritdoc />
        public override Expr Build() => Ex.Pow(A.Build(), K);
    }

    /// <summary>relu(a).</summary>
    public sealed record Relu(RawExpr A) : RawExpr
    {
        /// <inheritdoc />
        public override Rational Eval(IReadOnlyList<Rational> x) => Rational.Max(Rational.Zero, A.Eval(x));
        /// <inheritdoc />
        public override Expr Build() => Ex.Relu(A.Build());
    }

    /// <summary>abs(a).</summary>
    public sealed record Abs(RawExpr A) : RawExpr
    {
        /// <inheritdoc />
        public override Rational Eval(IReadOnlyList<Rational> x) => A.Eval(x).Abs();
        /// <inheritdoc />
        public override Expr Build() => Ex.Abs(A.Build());
    }

    /// <summary>leaky_relu(a, alpha).</summary>
    public sealed record Leaky(RawExpr A, Rational Alpha) : RawExpr
    {
        /// <inheritdoc />
        public override Rational Eval(IReadOnlyList<Rational> x)
        {
            var a = A.Eval(x);
            return a.Sign >= 0 ? a : Alpha * a;
        }
        /// <inheritdoc />
        public override Expr Build() => Ex.LeakyRelu(A.Build(), Alpha);
    }

    /// <summary>max(a, b).</summary>
    public sealed record Max(RawExpr A, RawExpr B) : RawExpr
    {
        /// <inheritdoc />
        public override Rational Eval(IReadOnlyList<Rational> x) => Rational.Max(A.Eval(x), B.Eval(x));
        /// <inheritdoc />
        public override Expr Build() => Ex.Max(A.Build(), B.Build());
    }

    /// <summary>min(a, b).</summary>
    public sealed record Min(RawExpr A, RawExpr B) : RawExpr
    {
        /// <inheritdoc />
        public override Rational Eval(IReadOnlyList<Rational> x) => Rational.Min(A.Eval(x), B.Eval(x));
        /// <inheritdoc />
        public override Expr Build() => Ex.Min(A.Build(), B.Build());
    }

    /// <summary>step(a, atZero): 1 for a &gt; 0, 0 for a &lt; 0, atZero at 0.</summary>
    public sealed record Step(RawExpr A, Rational AtZero) : RawExpr
    {
        /// <inheritdoc />
        public override Rational Eval(IReadOnlyList<Rational> x) => A.Eval(x).Sign switch { > 0 => Rational.One, < 0 => Rational.Zero, _ => AtZero };
        /// <inheritdoc />
        public override Expr Build() => Ex.Step(A.Build(), AtZero);
    }
}

/// <summary>FsCheck generators of <see cref="RawExpr"/> trees in x1..xn.</summary>
public static class RawGen
{
    /// <summary>Polynomial trees: + - * unary minus and powers up to 3 (at low depth), depth up to 4.</summary>
    public static Gen<RawExpr> Polynomial(int n) =>
        Gen.Sized(size => Gen.Choose(1, Math.Min(4, 1 + size / 20)).SelectMany(d => Tree(n, d, piecewise: false)));

    /// <summary>Trees that also use relu, abs, leaky_relu, max, min, steps and divisions by b^2 + c, depth up to 4.</summary>
    public static Gen<RawExpr> Mixed(int n) =>
        Gen.Sized(size => Gen.Choose(1, Math.Min(4, 1 + size / 20)).SelectMany(d => Tree(n, d, piecewise: true)));

    private static Gen<RawExpr> Leaf(int n) => Gen.Frequency(
        (3, Gen.Choose(1, n).Select(i => (RawExpr)new RawExpr.Var(i))),
        (2, ExprGen.SmallRational.Select(c => (RawExpr)new RawExpr.Const(c))));

    private static Gen<RawExpr> Tree(int n, int depth, bool piecewise)
    {
        var leaf = Leaf(n);
        if (depth <= 0) return leaf;
        var sub = Tree(n, depth - 1, piecewise);
        var small = depth <= 2 ? sub : Tree(n, 1, piecewise);
        var cases = new List<(int, Gen<RawExpr>)>
        {
            (1, leaf),
            (3, from a in sub from b in sub select (RawExpr)new RawExpr.Add(a, b)),
            (3, from a in sub from b in sub select (RawExpr)new RawExpr.Sub(a, b)),
            (3, from a in sub from b in small select (RawExpr)new RawExpr.Mul(a, b)),
            (1, sub.Select(a => (RawExpr)new RawExpr.Neg(a))),
            (1, from a in small from k in Gen.Choose(0, depth <= 1 ? 3 : 2) select (RawExpr)new RawExpr.Pow(a, k)),
        };
        if (piecewise)
        {
            cases.AddRange(
            [
                (1, from a in sub from b in small from c in ExprGen.PositiveRational select (RawExpr)new RawExpr.DivPositive(a, b, c)),
                (1, sub.Select(a => (RawExpr)new RawExpr.Relu(a))),
                (1, sub.Select(a => (RawExpr)new RawExpr.Abs(a))),
                (1, from a in sub from alpha in ExprGen.Alpha select (RawExpr)new RawExpr.Leaky(a, alpha)),
                (1, from a in sub from b in sub select (RawExpr)new RawExpr.Max(a, b)),
                (1, from a in sub from b in sub select (RawExpr)new RawExpr.Min(a, b)),
                (1, from a in sub from z in ExprGen.StepAtZero select (RawExpr)new RawExpr.Step(a, z)),
            ]);
        }
        return Gen.Frequency(cases);
    }
}
