#!/usr/bin/env python3
"""Seeded fuzz run of the verifier command line (issue 13): random and malformed inputs across every command.

Each case runs `verifier` as a child process with a wall-clock bound (the case's budget plus a margin); the run counts
  - stack traces   (stderr has a .NET stack frame "   at ..." or "Unhandled exception"),
  - hangs          (still running past the bound: killed),
  - rc 1 for bad input (exit code 1 where the input was bad: any rc 1 except a `prove` whose claims failed and a `replay`
    whose method left requests unanswered),
  - internal errors (stderr "internal error (...)": a defect, whatever the input),
  - runaway memory (resident set above --max-rss-mb: killed),
and writes every case with its outcome to --out (JSON Lines) so that a failure can be replayed from the seed and the
case number. The same --seed and --n give the same cases.

    python3 tools/Fuzz/fuzz.py --verifier artifacts/verifier-aot/verifier --n 5000 --seed 1 --jobs 2
"""
import argparse
import json
import os
import random
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

METHODS = ["ig", "path", "shapley", "eg", "gradient", "gradient-x-input", "guided-ig", "deeplift-rescale",
           "deeplift-revealcancel", "lrp-0", "lrp-epsilon", "lrp-gamma", "lrp-zplus", "conductance"]
AXIOMS = ["completeness", "sensitivity-a", "sensitivity-b", "implementation-invariance", "linearity", "symmetry-preserving",
          "affine-scale-invariance", "non-decreasing-positivity", "completeness-d", "sensitivity-a-d", "symmetry-preserving-d",
          "non-decreasing-positivity-d"]
FUNCS = ["relu", "abs", "exp", "log", "sigmoid", "tanh", "softplus"]
HOSTILE_STRINGS = ["", " ", "-", "--", "nan", "inf", "-inf", "1/0", "0/0", "1e999999", "1e-999999", "9" * 2000, "٣", "x",
                   "1,,2", ",", "1;2", "\u0000", "\t", "1e", "--help", "@file", "[1,2]", "{}", "0x10", "1_000", "+1", "--1",
                   "1" * 100000, "'", "\"", "\\", "%s", "${HOME}", "../../etc/passwd", "/dev/zero", "/proc/self/mem"]


REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


class Gen:
    def __init__(self, rng, tmp):
        self.r = rng
        self.tmp = tmp

    def number(self):
        r = self.r
        k = r.random()
        if k < 0.5:
            return str(r.randint(-5, 5))
        if k < 0.7:
            return f"{r.randint(-9, 9)}/{r.randint(1, 9)}"
        if k < 0.8:
            return r.choice(["0.25", "-1.5", "1e-3", "2e2", "3/7", "-0"])
        if k < 0.97:
            return r.choice(["1e30", "-1e30", "1e300", "123456789012345678901234567890", "1e-30", "1/3000000", "1000", "-1000"])
        return r.choice(HOSTILE_STRINGS)

    def point(self, n):
        if self.r.random() < 0.05:
            return self.r.choice(HOSTILE_STRINGS)
        return ",".join(self.number() for _ in range(n))

    def expr(self, n, depth=0):
        r = self.r
        k = r.random()
        if depth > 3 or k < 0.3:
            return r.choice([f"x{r.randint(1, n)}", str(r.randint(-3, 3)), f"{r.randint(1, 5)}/{r.randint(1, 5)}"])
        if k < 0.55:
            op = r.choice(["+", "-", "*", "/", "*"])
            return f"({self.expr(n, depth + 1)} {op} {self.expr(n, depth + 1)})"
        if k < 0.65:
            return f"{self.expr(n, depth + 1)}^{r.choice([2, 3, -1, 0, 5, 50, 999, 1001, -2])}"
        if k < 0.9:
            return f"{r.choice(FUNCS)}({self.expr(n, depth + 1)})"
        if k < 0.95:
            return f"{r.choice(['max', 'min'])}({self.expr(n, depth + 1)}, {self.expr(n, depth + 1)})"
        return f"leaky_relu({self.expr(n, depth + 1)}, {r.choice(['1/10', '0', '2', '-1'])})"

    def function(self, n):
        f = self.expr(n)
        if self.r.random() < 0.15:  # malformed
            f = self.r.choice([f[:-1], f + ")", f.replace("(", "((", 1), f + " +", "x0", "x" + "9" * 30, "relu()", "max()",
                               "exp(" * 200 + "x1" + ")" * 200, "x1 x2", "sin(x1)", "x1^x2", "x1^(1/2)", "1e5000*x1", f + "#"])
        return f

    def network(self, n, hostile=True):
        r = self.r
        layers = []
        width = n
        for _ in range(r.randint(1, 3)):
            m = r.randint(1, 4)
            layers.append({"type": "dense", "weights": [[self.number() if r.random() < 0.1 else str(r.randint(-2, 2)) for _ in range(width)] for _ in range(m)],
                           "bias": [str(r.randint(-2, 2)) for _ in range(m)]})
            layers.append(r.choice([{"type": "relu"}, {"type": "abs"}, {"type": "leaky_relu", "alpha": "1/10"}, {"type": "identity"},
                                    {"type": "clip", "lo": "-1", "hi": "1"}]))
            width = m
        layers.append({"type": "dense", "weights": [[str(r.randint(-2, 2)) for _ in range(width)]], "bias": ["0"]})
        net = {"format": "verifier-network/1", "inputs": n, "layers": layers, "output": 0}
        if hostile and r.random() < 0.3:
            k = r.random()
            if k < 0.2:
                net["layers"].insert(0, {"type": "conv"})
            elif k < 0.4:
                net["inputs"] = n + 1
            elif k < 0.6:
                net["output"] = 5
            elif k < 0.8:
                del net["format"]
            else:
                net["layers"][0]["weights"] = "nope"
        return net

    def file(self, text, suffix=".json"):
        fd, path = tempfile.mkstemp(suffix=suffix, dir=self.tmp)
        with os.fdopen(fd, "w") as f:
            f.write(text)
        return path

    def network_file(self, n):
        r = self.r
        k = r.random()
        if k < 0.8:
            return self.file(json.dumps(self.network(n)))
        return r.choice([self.tmp, "/nonexistent/net.json", "/dev/zero", "/dev/null", self.file("{"), self.file("[]"),
                         self.file('{"format": "verifier-network/1", "format": "x"}'), self.file("\u0000" * 10)])

    def method_params(self, method):
        r = self.r
        out = []
        if method == "lrp-epsilon" or r.random() < 0.1:
            out += ["--param", f"epsilon={r.choice(['1/100', '0', '-1', 'x', '1e300'])}"]
        if method == "lrp-gamma" or r.random() < 0.05:
            out += ["--param", f"gamma={r.choice(['1/4', '-1', '0'])}"]
        if method == "guided-ig" and r.random() < 0.5:
            out += ["--param", f"steps={r.choice(['4', '16', '0', '100001', 'abc'])}"]
        if r.random() < 0.15:
            out += ["--param", f"relu_grad_at_zero={r.choice(['0', '1/2', '1', '2', 'z'])}"]
        if r.random() < 0.05:
            out += ["--param", r.choice(["noequals", "=1", "a=", "steps=1=2"])]
        return out

    # One case: (args, stdin, bound in seconds, kind).
    def attribute(self):
        r = self.r
        n = r.randint(1, 4)
        method = r.choice(METHODS + ["nonsense", "IG", " ig "])
        args = ["attribute"]
        if r.random() < 0.65:
            args += ["--function", self.function(n)]
        else:
            args += ["--network", self.network_file(n)]
        if r.random() < 0.95:
            args += ["--input", self.point(n)]
        if r.random() < 0.4:
            args += ["--baseline", self.point(n)]
        args += ["--method", method]
        if method == "path" or r.random() < 0.05:
            args += ["--path", r.choice(["straight", "staircase:1", f"staircase:{','.join(str(i + 1) for i in range(n))}",
                                         "polyline:" + ";".join(self.point(n) for _ in range(r.randint(1, 3))),
                                         "curve:" + ";".join(r.choice(["t", "t^2", "t^3", "2*t - t^2", "t^300", "sin(t)"]) for _ in range(n)),
                                         "spiral", "polyline:", "curve:t"])]
        if method == "eg" or r.random() < 0.03:
            args += ["--baselines", ";".join(self.point(n) for _ in range(r.randint(1, 3)))]
            if r.random() < 0.3:
                args += ["--weights", r.choice(["1,1", "1/2,1/2", "-1,2", "x"])]
        if method == "conductance" or r.random() < 0.03:
            args += ["--layer", r.choice(["0", "1", "2", "-1", "99", "x"])]
        args += self.method_params(method)
        if r.random() < 0.1:
            args += ["--format", r.choice(["json", "text", "markdown", "latex", "yaml"])]
        if r.random() < 0.05:
            args += ["--explain"]
        if r.random() < 0.03:
            args += ["--plot", os.path.join(self.tmp, f"p{r.randint(0, 9)}." + r.choice(["png", "svg", "gif"]))]
        if r.random() < 0.05:
            args += [r.choice(["--bogus", "--input", "--dim", "extra", "--method"])] + ([self.number()] if r.random() < 0.5 else [])
        return args, "", 75, "attribute"  # the query's --timeout (60 s) and start-up

    def batch(self):
        r = self.r
        lines = []
        for _ in range(r.randint(1, 6)):
            n = r.randint(1, 3)
            q = {"input": [self.number() for _ in range(n)]}
            if r.random() < 0.7:
                q["function"] = self.function(n)
            else:
                q["network"] = self.network(n)
            if r.random() < 0.5:
                q["method"] = r.choice(METHODS)
            if r.random() < 0.2:
                q["baseline"] = [self.number() for _ in range(n)]
            if r.random() < 0.1:
                q["params"] = {"epsilon": self.number()}
            line = json.dumps(q)
            k = r.random()
            if k < 0.1:
                line = line[: r.randint(0, len(line))]
            elif k < 0.15:
                line = line.replace(",", ",\r", 1)
            elif k < 0.2:
                line = line[:-1] + ', "input": [1]}'
            elif k < 0.25:
                line = r.choice(["[]", "null", "1", '"x"', "{", "}", "{}", '{"function": 1, "input": [1]}', "\u0000", "\ufeff{}"])
            elif k < 0.28:
                line = '{"id": ' + r.choice(['"a"', "1", "null"]) + "," + line[1:]
            lines.append(line)
        stdin = r.choice(["\n", "\r\n", "\n\n"]).join(lines) + r.choice(["\n", "", "\r\n"])
        args = ["attribute", "--batch", "-"]
        if r.random() < 0.2:
            args += ["--max-line-chars", r.choice(["50", "1000", "0", "x"])]
        # The bound is the batch's own budget: every line may use its whole time budget (default 60 s), plus a margin.
        line_timeout = 60.0
        if r.random() < 0.9:
            choice = r.choice(["10", "10", "5", "1", "0.5", "0", "-1", "abc"])
            args += ["--line-timeout", choice]
            try:
                if float(choice) > 0:
                    line_timeout = float(choice)
            except ValueError:
                pass
        if r.random() < 0.05:
            args += ["--function", "x1"]
        return args, stdin, 20 + (line_timeout + 5) * len(lines), "batch"

    def check(self):
        r = self.r
        method = r.choice(METHODS + ["nonsense"])
        axioms = ",".join(r.sample(AXIOMS, r.randint(1, 2)))
        if r.random() < 0.05:
            axioms = r.choice(["", ",", "beauty", "completeness,completeness"])
        budget = r.choice(["1", "2"])
        args = ["check", "--method", method, "--axioms", axioms, "--trials", r.choice(["3", "5", "3", "5", "3", "0", "x"]),
                "--time-budget", budget, "--quiet"]
        if method == "path":
            args += ["--path", r.choice(["polyline:1,0;1,1;0,1;0,0", "staircase", "spiral", "curve:t^2;t"])]
        args += self.method_params(method)
        if r.random() < 0.3:
            args += ["--no-proofs"]
        if r.random() < 0.1:
            args += ["--seed", r.choice(["1", "-1", "x", "99999999999"])]
        if r.random() < 0.1:
            args += ["--format", r.choice(["json", "text", "markdown", "latex"])]
        if r.random() < 0.05:
            args += ["--smt"]
        return args, "", 120, "check"

    def matrix(self):
        r = self.r
        args = ["matrix", "--methods", ",".join(r.sample(METHODS[:-1], r.randint(1, 2))), "--axioms", ",".join(r.sample(AXIOMS, 1)),
                "--trials", r.choice(["2", "3", "0"]), "--time-budget", "1", "--quiet", "--no-proofs"]
        if r.random() < 0.3:
            args += ["--format", r.choice(["json", "text", "markdown", "yaml"])]
        if r.random() < 0.1:
            args += ["--max-dim", r.choice(["1", "7", "x"])]
        return args, "", 120, "matrix"

    def counterexample(self):
        r = self.r
        n = r.randint(1, 2)
        args = ["counterexample", "--method", r.choice(["ig", "gradient", "gradient-x-input", "deeplift-rescale", "path", "x"]),
                "--axiom", r.choice(["implementation-invariance", "sensitivity-a", "completeness", "non-decreasing-positivity", "beauty"]),
                "--timeout", r.choice(["1", "2", "0", "x"])]
        k = r.random()
        if k < 0.5:
            args += ["--function", r.choice(["1 - relu(1 - x1)", "relu(x1) - relu(x2)", "max(x1, x2)", self.function(n), "exp(x1)"])]
        elif k < 0.9:
            args += ["--network", self.network_file(n)]
        if r.random() < 0.3:
            args += ["--box", r.choice(["-1,1", "1,-1", "-3,3;-1,1", "x", "-1e300,1e300"])]
        if r.random() < 0.2:
            args += ["--param", f"steps={r.choice(['2', '4', '0', '1000'])}"]
        if r.random() < 0.1:
            args += ["--solver", r.choice(["z3", "cvc5", "yices"])]
        if r.random() < 0.1:
            args += ["--smt-out", r.choice([os.path.join(self.tmp, "q.smt2"), self.tmp, "/proc/nope/q.smt2"])]
        return args, "", 60, "counterexample"

    def crosscheck(self):
        r = self.r
        n = r.randint(1, 3)
        method = r.choice(["ig", "eg", "gradient", "gradient-x-input", "conductance", "shapley"])
        args = ["crosscheck", "--method", method]
        if r.random() < 0.5:
            args += ["--function", r.choice([self.function(n), "exp(x1)", "relu(3*x1 - x2)", "x1*x2"])]
        else:
            args += ["--network", self.network_file(n)]
        args += ["--input", self.point(n)]
        if method == "eg":
            args += ["--baselines", ";".join(self.point(n) for _ in range(2))]
        if method == "conductance":
            args += ["--layer", r.choice(["0", "1", "5"])]
        if r.random() < 0.7 and method in ("ig", "eg"):
            args += ["--rule", r.choice(["left", "right", "middle", "trapezoid", "captum-trapezoid", "gausslegendre", "exactline", "simpson"])]
        if r.random() < 0.5 and method in ("ig", "eg", "conductance"):
            args += ["--steps", r.choice(["1", "16", "2000", "0", "1000001", "x"])]
        if r.random() < 0.1:
            args += ["--dtype", r.choice(["float32", "float64", "float16"])]
        if r.random() < 0.05:
            args += ["--device", r.choice(["cuda", "tpu", "cpu"])]
        return args, "", 120, "crosscheck"

    def prove(self):
        r = self.r
        k = r.random()
        if k < 0.3:
            return ["prove", r.choice(["/dev/zero", "/dev/null", "/nonexistent", self.tmp, "--bogus", "/proc/self/status"])], "", 30, "prove"
        d = tempfile.mkdtemp(dir=self.tmp)
        os.makedirs(os.path.join(d, "proofs"))
        claims = []
        for i in range(r.randint(1, 3)):
            cmd = r.choice([
                "attribute --function x1 --input 1", f"attribute --function \"{self.function(2)}\" --input 1,2",
                "prove proofs/self.md", f"prove {d}/proofs/self.md", "attribute --function x1 --input 1 --plot ../../x.png",
                "golden --out /tmp/verifier-fuzz-outside", "golden --out out --cases 1",
                "counterexample --method gradient --axiom sensitivity-a --function \"1 - relu(1 - x1)\" --smt-out ../..",
                "attribute --function x1 --input", "frobnicate"])
            expectation = r.choice(['attributions = ["1"]', "exit = 0", "exit = 2", "exit = 1", 'a.b[0] = "x"', "exit = 0"])
            claims.append(f"```claim c{i}\n$ verifier {cmd}\n{expectation}\n```\n")
        if r.random() < 0.05:
            claims.append("```claim broken\n$ verifier\n```\n")
        with open(os.path.join(d, "proofs", "self.md"), "w") as f:
            f.write("\n".join(claims))
        if r.random() < 0.3:
            os.symlink(".", os.path.join(d, "proofs", "loop"))
        return ["prove", os.path.join(d, "proofs")], "", 120, "prove"

    def golden(self):
        r = self.r
        out = r.choice([tempfile.mkdtemp(dir=self.tmp), "/proc/verifier-nope/x", "/dev/null", self.file("x")])
        return ["golden", "--out", out, "--cases", r.choice(["0", "1", "3", "1", "x"]), "--seed", r.choice(["1", "42", "7", "-5"])], "", 120, "golden"

    def misc(self):
        r = self.r
        k = r.random()
        if k < 0.3:
            return [r.choice(["--help", "-h", "help", "--version", "frobnicate", "completion", "-x"])] + r.choice([[], ["check"], ["bash"], ["zsh"]]), "", 20, "misc"
        if k < 0.5:
            return ["completion", r.choice(["bash", "fish", ""])], "", 20, "misc"
        if k < 0.7:
            line = r.choice(["verifier ", "verifier che", "verifier check --method ", "verifier attribute --f", "verifier crosscheck --rule "])
            return [f"[suggest:{r.randint(-5, 60)}]", line], "", 20, "misc"
        # Random tokens from every command's vocabulary.
        vocab = ["attribute", "check", "matrix", "counterexample", "crosscheck", "prove", "golden", "--function", "--network", "--input",
                 "--baseline", "--method", "--param", "--format", "--debug", "--help", "--trials", "--steps", "x1", "1", "-1", "ig"]
        return [r.choice(vocab) for _ in range(r.randint(1, 8))], "", 150, "misc"

    def external(self):
        """check, matrix, conformance and replay with --method-cmd: good, faulty (crash, hang, garbage, ...) and refused
        method commands, hostile tolerances, timeouts and request files."""
        r = self.r
        examples = os.path.join(REPO, "adapters", "python", "examples")
        faulty = ["crash", "crash-at-start", "crash-after-2", "hang", "hang-at-start", "orphan", "garbage", "nan", "wrong-length",
                  "wrong-id", "error", "bad-handshake", "noisy"]
        # Mostly commands that start (a method, good or faulty), so that most cases run the protocol.
        cmd = r.choice([
            f"python3 {examples}/riemann_ig.py", f"python3 {examples}/instant.py", f"python3 {examples}/broken_swap.py",
            f"python3 {examples}/gradient_x_input.py"]) if r.random() < 0.4 else \
            f"python3 {examples}/faulty.py {r.choice(faulty)}" if r.random() < 0.6 else \
            r.choice(["false", "true", "cat", "/nonexistent/method", "", "python3 -c 'print(1)'", "echo hi | cat", "sleep 1000 &",
                      "$HOME/x", "'unterminated", "~/m", "*"])
        timeout = r.choice(["1", "2", "1", "2", "1", "2", "1", "2", "0", "-1", "x"])
        kind = r.random()
        if kind < 0.4:
            args = ["check", "--method-cmd", cmd, "--axioms", ",".join(r.sample(AXIOMS, r.randint(1, 2))),
                    "--trials", r.choice(["2", "3", "5"]), "--time-budget", "2", "--quiet", "--method-timeout", timeout]
            if r.random() < 0.5:
                args += ["--tol", r.choice(["1e-9", "1e-6,1e-6", "0", "-1", "x", "1,2,3", "exact", "nan", "inf"])]
            if r.random() < 0.2:
                args += ["--repro-dir", r.choice([os.path.join(self.tmp, "repro"), "/proc/nope", self.file("x")])]
            if r.random() < 0.05:
                args += r.choice([["--method", "ig"], ["--smt"], ["--path", "straight"]])
            args += self.method_params("x") if r.random() < 0.2 else []
            return args, "", 150, "external"
        if kind < 0.55:
            args = ["matrix", "--method-cmd", cmd, "--methods", r.choice(METHODS[:4]), "--axioms", r.choice(AXIOMS),
                    "--trials", "2", "--time-budget", "1", "--quiet", "--no-proofs", "--method-timeout", timeout]
            return args, "", 150, "external"
        if kind < 0.75:
            args = ["conformance", "--method-cmd", cmd, "--as", r.choice(["ig", "shapley", "gradient", "lime", "x", "path"]),
                    "--cases", r.choice(["0", "1", "2", "0", "1", "2", "x", "-1"]),
                    "--steps-sweep", r.choice(["none", "4,8", "none", "4,8", "0", "x", "4,,8"]),
                    "--quiet", "--method-timeout", timeout]
            if r.random() < 0.3:
                args += ["--rule", r.choice(["middle", "left", "captum-trapezoid", "gausslegendre", "x"]), "--steps", r.choice(["4", "16", "0", "x"])]
            if r.random() < 0.2:
                args += ["--tol", r.choice(["1e-6", "x", "-1"])]
            if r.random() < 0.1:
                args += ["--format", r.choice(["text", "json", "yaml"])]
            return args, "", 200, "external"
        q = {"id": r.randint(0, 9), "method": r.choice(["ig", "x"]), "dim": 1, "function": self.function(1), "input": [self.number()],
             "baseline": [self.number()], "params": {}}
        lines = [json.dumps(q) for _ in range(r.randint(1, 3))]
        if r.random() < 0.15:
            lines.append(r.choice(["{", "[]", "null", '{"id": 1}', "\u0000", "x" * 5000]))
        query = r.choice([self.file("\n".join(lines) + "\n", ".jsonl"), "-"]) if r.random() < 0.8 else \
            r.choice(["/nonexistent.jsonl", "/dev/zero", self.tmp, ""])
        args = ["replay", "--method-cmd", cmd, "--query", query, "--method-timeout", timeout]
        return args, "\n".join(lines) + "\n", 100, "replay"

    def case(self):
        r = self.r.random()
        table = [(0.34, self.attribute), (0.52, self.batch), (0.60, self.check), (0.63, self.matrix), (0.70, self.counterexample),
                 (0.78, self.crosscheck), (0.86, self.prove), (0.89, self.golden), (0.94, self.misc), (1.01, self.external)]
        for p, g in table:
            if r < p:
                return g()


def run_case(verifier, args, stdin, bound, max_rss_mb):
    start = time.monotonic()
    p = subprocess.Popen(verifier + args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         start_new_session=True)
    killed = None
    rss = 0
    out_chunks, err_chunks = [], []
    import threading

    def pump(stream, chunks):
        while True:
            b = stream.read(65536)
            if not b:
                break
            if sum(len(c) for c in chunks) < 1 << 20:
                chunks.append(b)

    threads = [threading.Thread(target=pump, args=(p.stdout, out_chunks), daemon=True),
               threading.Thread(target=pump, args=(p.stderr, err_chunks), daemon=True)]
    for t in threads:
        t.start()
    try:
        p.stdin.write(stdin.encode("utf-8", "surrogatepass"))
        p.stdin.close()
    except (BrokenPipeError, OSError):
        pass
    while p.poll() is None:
        try:
            with open(f"/proc/{p.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss = max(rss, int(line.split()[1]) // 1024)
        except OSError:
            pass
        if time.monotonic() - start > bound:
            killed = "hang"
        elif rss > max_rss_mb:
            killed = "memory"
        if killed:
            try:
                os.killpg(p.pid, 9)
            except OSError:
                pass
            p.wait()
            break
        time.sleep(0.05)
    for t in threads:
        t.join(timeout=5)
    return p.returncode, b"".join(out_chunks).decode("utf-8", "replace"), b"".join(err_chunks).decode("utf-8", "replace"), \
        time.monotonic() - start, rss, killed


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--verifier", default="dotnet src/Cli/bin/Release/net10.0/verifier.dll")
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--max-rss-mb", type=int, default=4096)
    ap.add_argument("--out", default="fuzz-report.jsonl")
    ap.add_argument("--only", default=None, help="run only case numbers (comma-separated), to replay")
    a = ap.parse_args()
    # Words of --verifier that name files here (a relative dll or binary path) are made absolute: the cases run in a
    # temporary directory.
    verifier = [os.path.abspath(w) if os.path.exists(w) else w for w in shlex.split(a.verifier)]
    tmp = tempfile.mkdtemp(prefix="verifier-fuzz-")
    rng = random.Random(a.seed)
    gen = Gen(rng, tmp)
    cases = [gen.case() for _ in range(a.n)]  # generated up front: the same seed gives the same cases
    only = {int(x) for x in a.only.split(",")} if a.only else None
    counts = {"cases": 0, "stack_traces": 0, "hangs": 0, "rc1_bad_input": 0, "internal_errors": 0, "memory": 0, "rc0": 0, "rc1": 0, "rc2": 0}
    by_kind = {}
    cwd = tmp

    def one(k):
        args, stdin, bound, kind = cases[k]
        # An argument cannot hold a NUL byte (exec takes C strings): such an argument is passed as the two characters \\0.
        args = [x.replace("\0", "\\0") for x in args]
        rc, out, err, seconds, rss, killed = run_case(verifier, args, stdin, bound, a.max_rss_mb)
        trace = "\n   at " in err or "Unhandled exception" in err
        prove_failed = kind == "prove" and rc == 1 and " failed" in out and "internal error" not in err
        # replay exits 1 when some request was not answered (a faulty method: its error lines are the output, not bad input).
        replay_failed = kind == "replay" and rc == 1 and '"error"' in out and "internal error" not in err
        rc1_bad = rc == 1 and not prove_failed and not replay_failed and killed is None
        return dict(case=k, kind=kind, args=args, stdin=stdin[:2000], rc=rc, seconds=round(seconds, 3), rss_mb=rss, killed=killed,
                    stack_trace=trace, internal_error="internal error" in err, rc1_bad_input=rc1_bad, stderr=err[:500])

    os.chdir(cwd)
    with open(a.out if os.path.isabs(a.out) else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", a.out), "w") as report, \
            ThreadPoolExecutor(max_workers=a.jobs) as pool:
        for res in pool.map(one, [k for k in range(a.n) if only is None or k in only]):
            counts["cases"] += 1
            counts["stack_traces"] += res["stack_trace"]
            counts["hangs"] += res["killed"] == "hang"
            counts["memory"] += res["killed"] == "memory"
            counts["rc1_bad_input"] += res["rc1_bad_input"]
            counts["internal_errors"] += res["internal_error"]
            if res["rc"] in (0, 1, 2):
                counts[f"rc{res['rc']}"] += 1
            kind = by_kind.setdefault(res["kind"], {"cases": 0, "rc0": 0, "rc2": 0, "bad": 0})
            kind["cases"] += 1
            kind["rc0"] += res["rc"] == 0
            kind["rc2"] += res["rc"] == 2
            bad = res["stack_trace"] or res["killed"] or res["rc1_bad_input"] or res["internal_error"]
            kind["bad"] += bool(bad)
            report.write(json.dumps(res) + "\n")
            if bad:
                print(f"case {res['case']} ({res['kind']}): rc {res['rc']} {res['killed'] or ''} {res['stderr'][:200]!r} args={res['args'][:8]}",
                      file=sys.stderr, flush=True)
            if counts["cases"] % 250 == 0:
                print(f"[fuzz] {counts['cases']}/{a.n}: {counts}", file=sys.stderr, flush=True)
    shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps({"seed": a.seed, "n": a.n, **counts, "by_kind": by_kind}, indent=1))
    return 0 if counts["stack_traces"] == counts["hangs"] == counts["rc1_bad_input"] == counts["internal_errors"] == counts["memory"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
