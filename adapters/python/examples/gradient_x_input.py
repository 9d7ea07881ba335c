#!/usr/bin/env python3
"""Gradient x input, (x - x') * grad F(x), in plain Python.

Exact by default (Fractions; the handshake says ``"exact": true``): functions with exp, log, sigmoid, tanh or softplus
then get an error answer, since they have no exact rational gradient. With ``--float`` it runs in floats and says
``"exact": false``. The kink conventions are the verifier's defaults (relu'(0) = 0), so its answers match the built-in
``gradient-x-input`` exactly, violations included.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import verifier_method as vm  # noqa: E402

FLOAT = "--float" in sys.argv[1:]


def attribute(query):
    f = query.subject()
    x, b = (query.floats(query.input), query.floats(query.baseline)) if FLOAT else (query.input, query.baseline)
    g = f.gradient(x) if isinstance(f, vm.Network) else f.gradient(x, exact=not FLOAT)
    return [(xi - bi) * gi for xi, bi, gi in zip(x, b, g)]


if __name__ == "__main__":
    vm.run(attribute, name="python-gradient-x-input", accepts=("functions", "networks"), baseline=True, exact=not FLOAT)
