#!/usr/bin/env python3
"""Exact Integrated Gradients: this toolkit against SymPy, on the same random functions, in one run.

Generates N random functions of 2-4 variables (half polynomials, half piecewise-linear: sums of relu/abs/max/min
of affine forms), random rational inputs and baselines, then
  * SymPy: IG_i = (x_i - x'_i) * integrate(dF/dx_i(x' + t (x - x')), (t, 0, 1)), exact;
  * ours:  one `verifier attribute --batch -` process over the same queries (JSON Lines),
checks that every attribution is identical (exact rational strings), and prints both times and their ratio.

Usage: python3 bench/ig_vs_sympy.py [--n 200] [--seed 1] [--verifier "dotnet src/Cli/bin/Release/net10.0/verifier.dll"]
Build first: dotnet build -c Release src/Cli
"""
import argparse
import json
import random
import shlex
import subprocess
import sys
import time
from fractions import Fraction

import sympy
from sympy import Abs, Lambda, Max, Min, Rational, Symbol, diff, integrate, sympify


def rat(rng, num=5, dens=(1, 2, 3, 4)):
    return Fraction(rng.randint(-num, num), rng.choice(dens))


def s(q):  # exact literal in the toolkit's syntax
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def affine(rng, n):
    terms = [f"{s(rat(rng))}*x{i}" for i in range(1, n + 1) if rng.random() < 0.8] or ["x1"]
    return " + ".join(terms + [s(rat(rng))])


def polynomial(rng, n):
    terms = []
    for _ in range(rng.randint(2, 5)):
        degree = rng.randint(1, 3)
        factors = [f"x{rng.randint(1, n)}" for _ in range(degree)]
        terms.append(f"{s(rat(rng))}*" + "*".join(factors))
    return " + ".join(terms)


def piecewise_linear(rng, n):
    parts = []
    for _ in range(rng.randint(2, 4)):
        kind = rng.choice(["relu", "abs", "max", "min"])
        if kind in ("relu", "abs"):
            parts.append(f"{s(rat(rng))}*{kind}({affine(rng, n)})")
        else:
            parts.append(f"{s(rat(rng))}*{kind}({affine(rng, n)}, {affine(rng, n)})")
    return " + ".join(parts)


def make_queries(count, seed):
    rng = random.Random(seed)
    queries = []
    for k in range(count):
        n = rng.randint(2, 4)
        f = polynomial(rng, n) if k % 2 == 0 else piecewise_linear(rng, n)
        x = [rat(rng) for _ in range(n)]
        b = [rat(rng) if rng.random() < 0.5 else Fraction(0) for _ in range(n)]
        queries.append((f, x, b))
    return queries


def sympy_ig(f_text, x, b):
    """SymPy's exact IG: the Piecewise route first, the Heaviside route when that fails; None when both fail."""
    for piecewise in (True, False):
        try:
            return sympy_ig_route(f_text, x, b, piecewise)
        except (RecursionError, RuntimeError, TypeError, ValueError, NotImplementedError):
            continue
    return None


def sympy_ig_route(f_text, x, b, piecewise):
    n = len(x)
    xs = [Symbol(f"x{i}", real=True) for i in range(1, n + 1)]
    a = Symbol("a", real=True)
    local = {f"x{i}": xs[i - 1] for i in range(1, n + 1)}
    local.update({"relu": Lambda(a, Max(0, a)), "abs": Abs, "max": Max, "min": Min})
    # Piecewise is SymPy's most reliable route for max/min/abs (Heaviside derivatives of Max can integrate to
    # unevaluated Meijer G functions).
    f = sympify(f_text, locals=local)
    if piecewise:
        f = f.rewrite(sympy.Piecewise)
    t = Symbol("t", real=True)
    path = {xs[i]: Rational(b[i].numerator, b[i].denominator)
            + t * Rational((x[i] - b[i]).numerator, (x[i] - b[i]).denominator) for i in range(n)}
    out = []
    for i in range(n):
        d = x[i] - b[i]
        if d == 0:
            out.append("0")
            continue
        integrand = diff(f, xs[i]).subs(path)
        value = integrate(integrand, (t, 0, 1)) * Rational(d.numerator, d.denominator)
        value = sympy.nsimplify(value) if not value.is_Rational else value
        if not value.is_Rational:
            raise RuntimeError(f"SymPy gave a non-rational IG for {f_text}: {value}")
        out.append(str(value))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--verifier", default="dotnet src/Cli/bin/Release/net10.0/verifier.dll")
    args = ap.parse_args()

    queries = make_queries(args.n, args.seed)
    lines = [json.dumps({"function": f, "input": [s(q) for q in x], "baseline": [s(q) for q in b], "method": "ig"})
             for f, x, b in queries]

    start = time.perf_counter()
    proc = subprocess.run(shlex.split(args.verifier) + ["attribute", "--batch", "-"], input="\n".join(lines) + "\n",
                          capture_output=True, text=True)
    ours_seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"verifier failed ({proc.returncode}): {proc.stderr.strip()}")
    ours = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    if len(ours) != len(queries):
        sys.exit(f"expected {len(queries)} result lines, got {len(ours)}")

    start = time.perf_counter()
    theirs = [sympy_ig(f, x, b) for f, x, b in queries]
    sympy_seconds = time.perf_counter() - start

    mismatches = 0
    failed = sum(1 for t in theirs if t is None)
    for (f, x, b), o, t in zip(queries, ours, theirs):
        if t is None:
            print(f"SymPy could not integrate {f} at {x} from {b}; ours: {o.get('attributions', o)}", file=sys.stderr)
            continue
        if "error" in o or o["attributions"] != t:
            mismatches += 1
            print(f"MISMATCH {f} at {x} from {b}: ours {o.get('attributions', o)} sympy {t}", file=sys.stderr)
    print(f"{len(queries)} functions of 2-4 variables ({len(queries) // 2 + len(queries) % 2} polynomial, "
          f"{len(queries) // 2} piecewise-linear), sympy {sympy.__version__}")
    print(f"identical exact attributions: {len(queries) - failed - mismatches}/{len(queries) - failed} "
          f"(SymPy failed on {failed}: recursion limit or unevaluated integrals)")
    print(f"ours (one process, incl. .NET start-up): {ours_seconds:.3f} s; sympy: {sympy_seconds:.3f} s; "
          f"ratio {sympy_seconds / ours_seconds:.0f}x")
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
