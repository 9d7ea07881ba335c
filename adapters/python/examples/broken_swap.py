#!/usr/bin/env python3
"""A deliberately broken method: exact baseline Shapley values with the attributions of features 1 and 2 swapped.

Shapley values satisfy symmetry preserving, dummy and completeness; swapping two features' attributions keeps
completeness and breaks the other two (on F symmetric in x2, x3 with x2 = x3, A_2 becomes Shapley's A_1). The
verifier should find that. Exact (Fractions) wherever F is rational; floats where it uses exp, log, ...
"""
import itertools
from fractions import Fraction
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import verifier_method as vm  # noqa: E402


def shapley(f, x, b):
    n = len(x)
    if n > 12:
        raise ValueError("exact Shapley needs 2^n evaluations; n = %d is too many here" % n)
    value = {}
    for mask in itertools.product((0, 1), repeat=n):
        value[mask] = f([xi if m else bi for xi, bi, m in zip(x, b, mask)])
    phi = []
    for i in range(n):
        total = 0
        for mask, v in value.items():
            if mask[i]:
                continue
            with_i = mask[:i] + (1,) + mask[i + 1:]
            s = sum(mask)
            weight = Fraction(math.factorial(s) * math.factorial(n - s - 1), math.factorial(n))
            total += weight * (value[with_i] - v)
        phi.append(total)
    return phi


def attribute(query):
    phi = shapley(query.subject(), query.input, query.baseline)
    if len(phi) >= 2:
        phi[0], phi[1] = phi[1], phi[0]  # the deliberate bug
    return phi


if __name__ == "__main__":
    vm.run(attribute, name="python-broken-swap", accepts=("functions", "networks"), baseline=True, exact=False)
