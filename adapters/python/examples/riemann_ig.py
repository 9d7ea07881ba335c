#!/usr/bin/env python3
"""Integrated Gradients by a Riemann sum, in plain Python floats (Sundararajan, Taly, Yan 2017, eq. 3).

    IG_i(x) ~= (x_i - x'_i) * sum_k w_k dF/dx_i(x' + t_k (x - x'))

Parameters (``--param name=value``): ``steps`` (default 16) and ``rule``: ``midpoint`` (default: t_k = (k + 1/2)/m,
w_k = 1/m), ``left`` (t_k = k/m), ``right`` (t_k = (k + 1)/m) or ``trapezoid`` (m + 1 nodes, halved end weights).
Its completeness error is the quadrature error: it is not exactly complete, which the verifier finds.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import verifier_method as vm  # noqa: E402


def nodes(m, rule):
    if rule == "midpoint":
        return [((k + 0.5) / m, 1.0 / m) for k in range(m)]
    if rule == "left":
        return [(k / m, 1.0 / m) for k in range(m)]
    if rule == "right":
        return [((k + 1) / m, 1.0 / m) for k in range(m)]
    if rule == "trapezoid":
        return [(k / m, (0.5 if k in (0, m) else 1.0) / m) for k in range(m + 1)]
    raise ValueError("unknown rule %r: midpoint, left, right or trapezoid" % rule)


def attribute(query):
    f = query.subject()
    x, b = query.floats(query.input), query.floats(query.baseline)
    m = query.param("steps", 16, int)
    if m < 1:
        raise ValueError("steps must be at least 1, got %d" % m)
    total = [0.0] * len(x)
    for t, w in nodes(m, query.param("rule", "midpoint")):
        g = f.gradient([bi + t * (xi - bi) for xi, bi in zip(x, b)])
        total = [s + w * float(gi) for s, gi in zip(total, g)]
    return [(xi - bi) * s for xi, bi, s in zip(x, b, total)]


if __name__ == "__main__":
    vm.run(attribute, name="python-riemann-ig", accepts=("functions", "networks"), baseline=True, exact=False)
