"""verifier-method/1 for Python: write an attribution method, let the verifier check it against every axiom.

Dependency-free (Python 3.8+, standard library only). A method is one function::

    import verifier_method as vm

    def attribute(query):
        f = query.subject()                      # F as a callable: f(x), f.gradient(x)
        x, b = query.floats(query.input), query.floats(query.baseline)
        g = f.gradient(x)
        return [(xi - bi) * gi for xi, bi, gi in zip(x, b, g)]

    if __name__ == "__main__":
        vm.run(attribute, name="my-gxi", accepts=("functions", "networks"), baseline=True, exact=False)

and is checked with ``verifier check --method-cmd "python3 my_method.py"``.

The protocol (CONTRACT.md, "External methods"): the method writes a handshake line, then answers each request line
(``{"id": 7, "dim": 2, "function": "x1*x2", "input": ["1","3"], "baseline": ["0","0"]}``, or ``"network"``
instead of ``"function"``, or ``"baselines"`` and ``"weights"`` instead of ``"baseline"``) with one line,
``{"id": 7, "attributions": [...]}`` or ``{"id": 7, "error": "..."}``, in order, and exits when its standard input
ends. ``run`` does all of that; anything the method prints goes to standard error, never into the protocol.

Helpers evaluate the subject in pure Python: ``Function`` (the function syntax, parsed, never ``eval``-ed) and
``Network`` (the inline verifier-network/1 object), each with a value and a gradient, exact in ``Fraction`` where the
operations are rational and in floats otherwise. Kinks follow the verifier's default convention: relu'(0) = 0
(PyTorch's), abs'(0) = 0, leaky_relu'(0) = alpha, and the first maximal (minimal) argument wins a max (min) tie.
"""

import json
import math
import os
import sys
import traceback
from fractions import Fraction

PROTOCOL = "verifier-method/1"

__all__ = ["PROTOCOL", "run", "Query", "Function", "Network", "FunctionSyntaxError", "NotExact", "number"]



class NotExact(ArithmeticError):
    """An operation that has no exact rational value (exp, log, ...) was asked for in exact mode."""


# ---------------------------------------------------------------------------------------------------------- numbers

def number(value):
    """The exact value of a protocol number: a string ("3", "-2/3", "0.25", "1e-3") or a JSON number."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, float):
        return Fraction(repr(value))  # the decimal text, as the verifier reads JSON numbers
    if isinstance(value, (int, Fraction)):
        return Fraction(value)
    if isinstance(value, str):
        return Fraction(value.strip())
    raise TypeError("not a number: %r" % (value,))


def _answer_value(v):
    """One attribution as written on the wire: exact values as strings, floats as JSON numbers."""
    if hasattr(v, "item") and not isinstance(v, (int, float, Fraction)):
        v = v.item()  # numpy / torch scalars
    if isinstance(v, bool):
        raise TypeError("an attribution is a boolean, not a number")
    if isinstance(v, Fraction):
        return str(v)
    if isinstance(v, (int, float)):
        return v
    if isinstance(v, str):
        return v
    if type(v).__name__ == "Decimal":
        return str(v)
    raise TypeError("an attribution of type %s is not a number" % type(v).__name__)


# ---------------------------------------------------------------------------------------------------------- queries

class Query:
    """One request: the subject, the points (exact Fractions) and the parameters."""

    def __init__(self, request):
        self.request = request
        self.id = request.get("id")
        self.dim = int(request["dim"])
        self.function = request.get("function")
        self.network = request.get("network")
        self.network_onnx = request.get("network_onnx")
        self.output = request.get("output")
        self.input = [number(v) for v in request["input"]]
        self.baseline = [number(v) for v in request["baseline"]] if "baseline" in request else None
        self.baselines = [[number(v) for v in p] for p in request["baselines"]] if "baselines" in request else None
        self.weights = [number(v) for v in request["weights"]] if "weights" in request else None
        self.params = dict(request.get("params") or {})

    def param(self, name, default=None, convert=str):
        """The parameter ``name`` converted with ``convert`` (e.g. int), or ``default`` when it was not sent."""
        return convert(self.params[name]) if name in self.params else default

    def subject(self):
        """F as an evaluator: a ``Function`` or a ``Network``, with ``f(x)`` and ``f.gradient(x)``."""
        if self.network is not None:
            return Network(self.network, output=self.output)
        if self.function is not None:
            return Function(self.function)
        raise ValueError("the request has neither a function nor a network")

    @staticmethod
    def floats(point):
        """The point in floats."""
        return [float(v) for v in point]

    def with_baseline(self, baseline):
        """The same query with one baseline (used to average over a baseline distribution)."""
        request = dict(self.request)
        request.pop("baselines", None)
        request.pop("weights", None)
        request["baseline"] = [str(v) for v in baseline]
        return Query(request)


def _lift(attribute, query):
    """E(x, X', F) = sum_k w_k A(x, x'_k, F), exactly when every value is exact."""
    total = None
    for b, w in zip(query.baselines, query.weights):
        values = list(attribute(query.with_baseline(b)))
        exact = all(isinstance(v, (int, Fraction)) and not isinstance(v, bool) for v in values)
        terms = [w * Fraction(v) if exact else float(w) * float(v) for v in values]
        total = terms if total is None else [a + t for a, t in zip(total, terms)]
    return total


# ---------------------------------------------------------------------------------------------------------- the loop

def run(attribute, name, accepts=("functions", "networks"), baseline=True, exact=False, distributional=False,
        stdin=None, stdout=None):
    """Runs the protocol until standard input ends: the handshake, then one answer line per request.

    ``attribute(query)`` returns the attributions (a sequence of Fractions, ints, floats, number strings, or numpy /
    torch scalars); an exception becomes an error answer (its traceback goes to standard error). With
    ``distributional=False`` a request with several baselines is answered by averaging ``attribute`` over them.
    """
    protocol_out = stdout if stdout is not None else _take_stdout()
    source = stdin if stdin is not None else sys.stdin.buffer
    handshake = {"protocol": PROTOCOL, "name": name, "accepts": list(accepts), "baseline": bool(baseline), "exact": bool(exact)}
    _write(protocol_out, handshake)
    while True:
        raw = source.readline()
        if not raw:
            return
        line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        if not line.strip():
            continue
        rid = None
        try:
            request = json.loads(line)
            rid = request.get("id") if isinstance(request, dict) else None
            query = Query(request)
            values = _lift(attribute, query) if query.baselines is not None and not distributional else attribute(query)
            if hasattr(values, "tolist"):
                values = values.tolist()
            answer = {"id": rid, "attributions": [_answer_value(v) for v in values]}
        except Exception as e:  # the method's own failure is an answer, not the end of the conversation
            traceback.print_exc(file=sys.stderr)
            answer = {"id": rid, "error": "%s: %s" % (type(e).__name__, e)}
        _write(protocol_out, answer)


def _write(out, obj):
    out.write(json.dumps(obj) + "\n")
    out.flush()


def _take_stdout():
    """The protocol channel: a private copy of file descriptor 1. Descriptor 1 and sys.stdout then point at standard
    error, so that print() in a method (or a library writing to fd 1) cannot corrupt the conversation."""
    sys.stdout.flush()
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8", newline="\n")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return channel


# ---------------------------------------------------------------------------------------------------------- functions

class FunctionSyntaxError(ValueError):
    """Malformed function text; the message gives the 0-based position."""


_FUNCTIONS = {"relu": 1, "leaky_relu": 2, "abs": 1, "max": -1, "min": -1, "exp": 1, "log": 1, "sigmoid": 1,
              "tanh": 1, "softplus": 1, "step": -2}
_ALIASES = {"ln": "log", "leakyrelu": "leaky_relu", "heaviside": "step", "logistic": "sigmoid"}


def _tokens(text):
    i, out = 0, []
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i == len(text):
            out.append(("end", "", i))
            return out
        c = text[i]
        if c.isdigit() or (c == "." and i + 1 < len(text) and text[i + 1].isdigit()):
            j = i
            while j < len(text) and text[j].isdigit():
                j += 1
            if j < len(text) and text[j] == ".":
                j += 1
                while j < len(text) and text[j].isdigit():
                    j += 1
            if j < len(text) and text[j] in "eE":
                k = j + 1 + (j + 1 < len(text) and text[j + 1] in "+-")
                if k < len(text) and text[k].isdigit():
                    while k < len(text) and text[k].isdigit():
                        k += 1
                    j = k
            out.append(("num", Fraction(text[i:j]), i))
            i = j
        elif c.isalpha() or c == "_":
            j = i
            while j < len(text) and (text[j].isalnum() or text[j] == "_"):
                j += 1
            out.append(("id", text[i:j], i))
            i = j
        elif text.startswith("**", i):
            raise FunctionSyntaxError("unexpected '**' at %d (write powers with '^')" % i)
        elif c in "+-*/^(),":
            out.append((c, c, i))
            i += 1
        else:
            raise FunctionSyntaxError("unexpected character %r at %d" % (c, i))


class Function:
    """F from the function syntax (CONTRACT.md): ``f(x)`` and ``f.gradient(x)``; parsed by recursive descent.

    Arithmetic is exact on Fractions; exp, log, sigmoid, tanh and softplus give floats (``exact=True`` refuses them
    with NotExact). ``^`` takes an integer constant exponent, binds tighter than unary minus and associates to the right.
    """

    def __init__(self, text):
        self.text = text
        self._toks, self._k = _tokens(text), 0
        self.tree = self._expr()
        if self._peek()[0] != "end":
            self._fail("unexpected %r" % self._peek()[1])
        self.dim = _max_var(self.tree)

    def __call__(self, x, exact=False):
        return _eval(self.tree, x, 0, 0, exact)[0]

    def gradient(self, x, relu0=0, exact=False):
        return _eval(self.tree, x, len(x), relu0, exact)[1]

    def __repr__(self):
        return "Function(%r)" % self.text

    # expr := term (('+'|'-') term)*; term := unary (('*'|'/') unary)*; unary := ('-'|'+') unary | power;
    # power := primary ('^' unary)?; primary := number | variable | name '(' expr (',' expr)* ')' | '(' expr ')'
    def _peek(self):
        return self._toks[self._k]

    def _next(self):
        tok = self._toks[self._k]
        self._k += 1
        return tok

    def _fail(self, what):
        raise FunctionSyntaxError("%s at %d in %r" % (what, self._peek()[2], self.text))

    def _expect(self, kind):
        if self._peek()[0] != kind:
            self._fail("expected %r, found %r" % (kind, self._peek()[1] or "the end"))
        return self._next()

    def _expr(self):
        node = self._term()
        while self._peek()[0] in ("+", "-"):
            node = ("add" if self._next()[0] == "+" else "sub", node, self._term())
        return node

    def _term(self):
        node = self._unary()
        while self._peek()[0] in ("*", "/"):
            node = ("mul" if self._next()[0] == "*" else "div", node, self._unary())
        if self._peek()[0] in ("num", "id", "("):
            self._fail("implicit multiplication is not allowed (write '*')")
        return node

    def _unary(self):
        if self._peek()[0] in ("-", "+"):
            negative = self._next()[0] == "-"
            operand = self._unary()
            return ("neg", operand) if negative else operand
        return self._power()

    def _power(self):
        base = self._primary()
        if self._peek()[0] != "^":
            return base
        self._next()
        exponent = _constant(self._unary(), "an exponent", self)
        if exponent.denominator != 1:
            self._fail("the exponent %s is not an integer" % exponent)
        return ("pow", base, int(exponent))

    def _primary(self):
        kind, text, pos = self._next()
        if kind == "num":
            return ("num", text)
        if kind == "(":
            node = self._expr()
            self._expect(")")
            return node
        if kind != "id":
            self._k -= 1
            self._fail("expected a number, a variable, a function or '('; found %r" % (text or "the end"))
        if self._peek()[0] != "(":
            if len(text) >= 2 and text[0] == "x" and text[1:].isdigit() and text[1] != "0":
                return ("var", int(text[1:]))
            self._k -= 1
            self._fail("unknown variable %r (variables are x1, x2, ...)" % text)
        name = _ALIASES.get(text.lower(), text)
        if name not in _FUNCTIONS:
            self._k -= 1
            self._fail("unknown function %r" % text)
        self._next()
        args = [self._expr()]
        while self._peek()[0] == ",":
            self._next()
            args.append(self._expr())
        self._expect(")")
        arity = _FUNCTIONS[name]
        if (arity > 0 and len(args) != arity) or (arity == -2 and len(args) > 2):
            raise FunctionSyntaxError("%s takes %d argument(s), got %d (at %d)" % (name, abs(arity), len(args), pos))
        if name == "leaky_relu":
            return ("call", name, args[:1], _constant(args[1], "the alpha of leaky_relu", self))
        if name == "step":
            return ("call", name, args[:1], _constant(args[1], "the value at zero of step", self) if len(args) == 2 else Fraction(0))
        return ("call", name, args, None)


def _max_var(node):
    if node[0] == "var":
        return node[1]
    if node[0] == "num":
        return 0
    children = node[2] if node[0] == "call" else [c for c in node[1:] if isinstance(c, tuple)]
    return max([0] + [_max_var(c) for c in children])


def _constant(node, what, parser):
    if _max_var(node) > 0:
        parser._fail("%s must be a constant" % what)
    value = _eval(node, [], 0, 0, True)[0]
    return Fraction(value)


def _eval(node, x, n, relu0, exact):
    """(value, gradient) of a tree at x; the gradient has n entries (n = 0: none is computed)."""
    kind = node[0]
    if kind == "num":
        return node[1], [0] * n
    if kind == "var":
        i = node[1]
        if i > len(x):
            raise ValueError("the function uses x%d but the point has %d coordinates" % (i, len(x)))
        return x[i - 1], [1 if j == i - 1 else 0 for j in range(n)]
    if kind == "neg":
        v, g = _eval(node[1], x, n, relu0, exact)
        return -v, [-d for d in g]
    if kind in ("add", "sub", "mul", "div"):
        a, ga = _eval(node[1], x, n, relu0, exact)
        b, gb = _eval(node[2], x, n, relu0, exact)
        if kind == "add":
            return a + b, [p + q for p, q in zip(ga, gb)]
        if kind == "sub":
            return a - b, [p - q for p, q in zip(ga, gb)]
        if kind == "mul":
            return a * b, [p * b + a * q for p, q in zip(ga, gb)]
        return a / b, [(p * b - a * q) / (b * b) for p, q in zip(ga, gb)]
    if kind == "pow":
        a, ga = _eval(node[1], x, n, relu0, exact)
        k = node[2]
        value = (1 / a ** -k) if k < 0 else a ** k
        slope = k * ((1 / a ** (1 - k)) if k - 1 < 0 else a ** (k - 1)) if n else 0
        return value, [slope * d for d in ga]
    name, args, constant = node[1], node[2], node[3]
    values = [_eval(a, x, n, relu0, exact) for a in args]
    a, ga = values[0]
    if name == "relu":
        return (a if a > 0 else 0 * a), [_kink_slope(a, relu0) * d for d in ga]
    if name == "leaky_relu":
        slope = 1 if a > 0 else (constant + (1 - constant) * relu0 if a == 0 else constant)
        return (a if a > 0 else constant * a), [slope * d for d in ga]
    if name == "abs":
        sign = 1 if a > 0 else (-1 if a < 0 else 0)
        return abs(a), [sign * d for d in ga]
    if name in ("max", "min"):
        best = 0
        for k in range(1, len(values)):
            if (values[k][0] > values[best][0]) if name == "max" else (values[k][0] < values[best][0]):
                best = k
        return values[best]
    if name == "step":
        return (1 if a > 0 else (constant if a == 0 else 0)), [0] * n
    value = _transcendental(name, a, exact)
    if not n:
        return value, []
    slope = {"exp": lambda: value, "log": lambda: 1.0 / float(a), "sigmoid": lambda: value * (1.0 - value),
             "tanh": lambda: 1.0 - value * value, "softplus": lambda: _transcendental("sigmoid", a, False)}[name]()
    return value, [slope * d for d in ga]


def _transcendental(name, a, exact):
    if exact:
        raise NotExact("%s has no exact rational value" % name)
    a = float(a)
    if name == "exp":
        return math.exp(a)
    if name == "log":
        return math.log(a)
    if name == "sigmoid":
        return 1.0 / (1.0 + math.exp(-a)) if a >= 0 else math.exp(a) / (1.0 + math.exp(a))
    if name == "tanh":
        return math.tanh(a)
    return max(a, 0.0) + math.log1p(math.exp(-abs(a)))  # softplus


def _kink_slope(a, relu0):
    return 1 if a > 0 else (relu0 if a == 0 else 0)


def _is_exact(v):
    return isinstance(v, (int, Fraction)) and not isinstance(v, bool)


# ---------------------------------------------------------------------------------------------------------- networks

class Network:
    """F from an inline verifier-network/1 object: ``f(x)``, ``f.outputs(x)`` and ``f.gradient(x)``.

    Weights are read exactly; on Fraction inputs everything stays exact, on float inputs it runs in floats.
    Layers: dense (weights[out][in], bias), relu, leaky_relu (alpha), abs, identity, maxpool (groups).
    """

    def __init__(self, obj, output=None):
        if not isinstance(obj, dict) or obj.get("format") != "verifier-network/1":
            raise ValueError("not a verifier-network/1 object")
        self.inputs = int(obj["inputs"])
        self.output = int(output if output is not None else obj.get("output", 0))
        self.layers = []
        for k, layer in enumerate(obj["layers"]):
            kind = layer.get("type")
            if kind == "dense":
                self.layers.append(("dense", [[number(w) for w in row] for row in layer["weights"]], [number(b) for b in layer["bias"]]))
            elif kind == "leaky_relu":
                self.layers.append(("leaky_relu", number(layer["alpha"])))
            elif kind == "maxpool":
                self.layers.append(("maxpool", [list(g) for g in layer["groups"]]))
            elif kind in ("relu", "abs", "identity"):
                self.layers.append((kind,))
            else:
                raise ValueError("layer %d: unknown layer type %r" % (k, kind))
        self._float_layers = None

    def _for(self, x):
        if all(_is_exact(v) for v in x):
            return self.layers
        if self._float_layers is None:
            self._float_layers = [(l[0], [[float(w) for w in r] for r in l[1]], [float(b) for b in l[2]]) if l[0] == "dense"
                                  else (l[0], float(l[1])) if l[0] == "leaky_relu" else l for l in self.layers]
        return self._float_layers

    def _forward(self, x):
        """Every layer's input, and the final outputs."""
        if len(x) != self.inputs:
            raise ValueError("the point has %d coordinates, the network %d inputs" % (len(x), self.inputs))
        seen, z = [], list(x)
        for layer in self._for(x):
            seen.append(z)
            kind = layer[0]
            if kind == "dense":
                z = [sum(w * v for w, v in zip(row, z)) + b for row, b in zip(layer[1], layer[2])]
            elif kind == "relu":
                z = [v if v > 0 else 0 * v for v in z]
            elif kind == "leaky_relu":
                z = [v if v > 0 else layer[1] * v for v in z]
            elif kind == "abs":
                z = [abs(v) for v in z]
            elif kind == "maxpool":
                z = [z[_argmax(z, g)] for g in layer[1]]
        return seen, z

    def outputs(self, x):
        return self._forward(x)[1]

    def __call__(self, x):
        return self.outputs(x)[self.output]

    def gradient(self, x, relu0=0):
        """dF/dx by back-propagation, with the kink conventions of the module docstring."""
        seen, z = self._forward(x)
        g = [1 if k == self.output else 0 for k in range(len(z))]
        for layer, inp in zip(reversed(self._for(x)), reversed(seen)):
            kind = layer[0]
            if kind == "dense":
                g = [sum(layer[1][o][i] * g[o] for o in range(len(g))) for i in range(len(inp))]
            elif kind == "relu":
                g = [d * _kink_slope(v, relu0) for d, v in zip(g, inp)]
            elif kind == "leaky_relu":
                alpha = layer[1]
                g = [d * (1 if v > 0 else (alpha + (1 - alpha) * relu0 if v == 0 else alpha)) for d, v in zip(g, inp)]
            elif kind == "abs":
                g = [d * (1 if v > 0 else (-1 if v < 0 else 0)) for d, v in zip(g, inp)]
            elif kind == "maxpool":
                back = [0] * len(inp)
                for d, group in zip(g, layer[1]):
                    back[_argmax(inp, group)] += d
                g = back
        return g


def _argmax(z, group):
    best = group[0]
    for k in group[1:]:
        if z[k] > z[best]:
            best = k
    return best
