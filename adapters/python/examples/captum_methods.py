#!/usr/bin/env python3
"""Captum's attribution methods behind verifier-method/1: grade a library against the verifier's exact results.

    python3 captum_methods.py ig [--rule gausslegendre|riemann_trapezoid|riemann_left|riemann_right|riemann_middle]
                                 [--steps 50] [--captum DIR] [--dtype float64|float32]
    python3 captum_methods.py deeplift [--captum DIR]
    python3 captum_methods.py shapley [--captum DIR]

``ig`` is ``captum.attr.IntegratedGradients`` (``n_steps`` and ``method`` from ``--steps``/``--rule``, or per request
from ``params.steps``/``params.rule``), ``deeplift`` is ``captum.attr.DeepLift`` (networks only: its rules hook on
modules), ``shapley`` is ``captum.attr.ShapleyValues`` (exact over all permutations). ``--captum DIR`` puts a
checkout's directory (the one holding the ``captum`` package) on the import path.

The torch model is built from the request, in float64 unless ``--dtype float32``, so that every deviation from the
exact result is the library's own: a ``verifier-network/1`` object becomes an ``nn.Sequential`` (``nn.Linear`` with the
exact weights rounded once to doubles, ``nn.ReLU``, ``nn.LeakyReLU``, ``nn.Hardtanh`` for clip, an abs module,
``nn.MaxPool1d`` for max-pool groups of consecutive inputs, applied on a ``(N, 1, L)`` view that is flattened again
before the next ``nn.Linear``: activations after a max-pool take its output directly, as a user's model would);
a function in the function syntax becomes a module that evaluates it with torch operations.

Check it with ``verifier conformance --method-cmd "python3 captum_methods.py ig --rule riemann_trapezoid" --as ig``.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import verifier_method as vm  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("method", choices=["ig", "deeplift", "shapley"])
parser.add_argument("--rule", default="gausslegendre")
parser.add_argument("--steps", type=int, default=50)
parser.add_argument("--captum", default=os.environ.get("CAPTUM_PATH"))
parser.add_argument("--dtype", choices=["float64", "float32"], default="float64")
ARGS = parser.parse_args()
if ARGS.captum:
    sys.path.insert(0, ARGS.captum)
try:
    import torch
    from torch import nn
    import captum
    from captum.attr import DeepLift, IntegratedGradients, ShapleyValues
except ImportError as e:  # before the handshake: the verifier reports it as the reason the method did not start
    sys.stderr.write("captum_methods.py needs torch and captum (%s); install torch (Debian: apt-get install python3-torch) "
                     "and pass --captum DIR or CAPTUM_PATH for a captum checkout\n" % e)
    sys.exit(1)

DTYPE = torch.float64 if ARGS.dtype == "float64" else torch.float32


class Abs(nn.Module):
    def forward(self, x):
        return torch.abs(x)


def _float(v):
    return float(vm.number(v))


def network_model(obj):
    """nn.Sequential from a verifier-network/1 object; max-pool groups must be runs of k consecutive inputs (the last
    one may be shorter), which nn.MaxPool1d(k, k, ceil_mode=True) computes."""
    layers, width, pooled = [], int(obj["inputs"]), False
    for k, layer in enumerate(obj["layers"]):
        kind = layer["type"]
        if kind == "dense":
            if pooled:
                layers.append(nn.Flatten())
                pooled = False
            w = torch.tensor([[_float(v) for v in row] for row in layer["weights"]], dtype=DTYPE)
            linear = nn.Linear(w.shape[1], w.shape[0]).to(DTYPE)
            with torch.no_grad():
                linear.weight.copy_(w)
                linear.bias.copy_(torch.tensor([_float(v) for v in layer["bias"]], dtype=DTYPE))
            layers.append(linear)
            width = w.shape[0]
        elif kind == "relu":
            layers.append(nn.ReLU())
        elif kind == "leaky_relu":
            layers.append(nn.LeakyReLU(_float(layer["alpha"])))
        elif kind == "abs":
            layers.append(Abs())
        elif kind == "identity":
            layers.append(nn.Identity())
        elif kind == "clip":
            layers.append(nn.Hardtanh(_float(layer["lo"]), _float(layer["hi"])))
        elif kind == "maxpool":
            groups = [list(g) for g in layer["groups"]]
            size = len(groups[0])
            expected = [list(range(s, min(s + size, width))) for s in range(0, width, size)]
            if groups != expected:
                raise ValueError("layer %d: max-pool groups %s are not runs of %d consecutive inputs" % (k, groups, size))
            if not pooled:
                layers.append(nn.Unflatten(1, (1, width)))
                pooled = True
            layers.append(nn.MaxPool1d(size, size, ceil_mode=True))
            width = len(groups)
        else:
            raise ValueError("layer %d: unknown layer type %r" % (k, kind))
    if pooled:
        layers.append(nn.Flatten())
    return nn.Sequential(*layers)


class FunctionModel(nn.Module):
    """F from the function syntax, evaluated on a batch (N, dim) with torch operations; output (N, 1)."""

    def __init__(self, text):
        super().__init__()
        self.tree = vm.Function(text).tree

    def forward(self, x):
        return self._eval(self.tree, x).reshape(-1, 1)

    def _eval(self, node, x):
        kind = node[0]
        if kind == "num":  # tied to x (0 * x1), so that a constant F still has a graph for autograd, as a model would
            return x[:, 0] * 0 + float(node[1])
        if kind == "var":
            return x[:, node[1] - 1]
        if kind == "neg":
            return -self._eval(node[1], x)
        if kind in ("add", "sub", "mul", "div"):
            a, b = self._eval(node[1], x), self._eval(node[2], x)
            return {"add": lambda: a + b, "sub": lambda: a - b, "mul": lambda: a * b, "div": lambda: a / b}[kind]()
        if kind == "pow":
            return self._eval(node[1], x) ** node[2]
        name, args, constant = node[1], [self._eval(a, x) for a in node[2]], node[3]
        a = args[0]
        if name in ("max", "min"):
            out = a
            for b in args[1:]:
                out = torch.maximum(out, b) if name == "max" else torch.minimum(out, b)
            return out
        if name == "leaky_relu":
            return torch.nn.functional.leaky_relu(a, float(constant))
        if name == "step":
            return torch.where(a > 0, torch.ones_like(a), torch.where(a == 0, torch.full_like(a, float(constant)), torch.zeros_like(a)))
        return {"relu": torch.relu, "abs": torch.abs, "exp": torch.exp, "log": torch.log, "sigmoid": torch.sigmoid,
                "tanh": torch.tanh, "softplus": torch.nn.functional.softplus}[name](a)


def attribute(query):
    if query.network is not None:
        model, target = network_model(query.network), int(query.output if query.output is not None else query.network.get("output", 0))
    else:
        model, target = FunctionModel(query.function), 0
    model.eval()
    x = torch.tensor([query.floats(query.input)], dtype=DTYPE)
    b = torch.tensor([query.floats(query.baseline)], dtype=DTYPE)
    if ARGS.method == "ig":
        ig = IntegratedGradients(model)
        a = ig.attribute(x, baselines=b, target=target, n_steps=query.param("steps", ARGS.steps, int),
                         method=query.param("rule", ARGS.rule))
    elif ARGS.method == "deeplift":
        a = DeepLift(model).attribute(x, baselines=b, target=target)
    else:
        a = ShapleyValues(model).attribute(x, baselines=b, target=target)
    return [float(v) for v in a.detach()[0].tolist()]


if __name__ == "__main__":
    accepts = ("networks",) if ARGS.method == "deeplift" else ("functions", "networks")
    vm.run(attribute, name="captum-%s-%s" % (ARGS.method, captum.__version__), accepts=accepts, baseline=True, exact=False)
