#!/usr/bin/env python3
"""Methods that misbehave on purpose, for the verifier's tests: ``python3 faulty.py MODE``.

Modes: ``crash`` (exits with code 3 at the first request, a message on standard error), ``crash-at-start``
(exits before its handshake), ``crash-after-2`` (answers two requests, then crashes), ``hang`` (never answers),
``hang-at-start`` (never writes its handshake), ``orphan`` (starts a background child that holds standard output, then
hangs), ``garbage`` (answers with a line that is not JSON), ``nan`` (answers NaN), ``wrong-length`` (one attribution
too many), ``wrong-id`` (answers another id), ``error`` (raises: an error answer), ``bad-handshake`` (speaks another
protocol version), ``noisy`` (prints debug lines to stdout and answers correctly: the adapter keeps them out of the
protocol). Correct answers are x - x' (exact).
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import verifier_method as vm  # noqa: E402

MODE = sys.argv[1] if len(sys.argv) > 1 else "crash"
answered = 0


def attribute(query):
    global answered
    answered += 1
    if MODE == "crash" or (MODE == "crash-after-2" and answered > 2):
        sys.stderr.write("faulty: simulated crash in attribute()\n")
        sys.stderr.flush()
        os._exit(3)
    if MODE == "error":
        raise ValueError("this method refuses x = %s" % [str(v) for v in query.input])
    if MODE == "noisy":
        print("debug: attributing", query.function or "a network")
        os.write(1, b"debug written to file descriptor 1\n")
    return [xi - bi for xi, bi in zip(query.input, query.baseline)]


def raw_loop():
    """Modes that break the protocol itself, without the adapter."""
    if MODE == "crash-at-start":
        sys.stderr.write("faulty: cannot import torch\n")
        sys.exit(1)
    if MODE == "hang-at-start":
        time.sleep(100000)
    handshake = {"protocol": vm.PROTOCOL, "name": "faulty-" + MODE, "accepts": ["functions", "networks"], "baseline": True, "exact": True}
    if MODE == "bad-handshake":
        handshake["protocol"] = "verifier-method/2"
    print(json.dumps(handshake), flush=True)
    if MODE == "orphan":
        # A grandchild that inherits standard output and outlives a plain kill of this process.
        subprocess.Popen(["/bin/sh", "-c", "( /bin/sleep 1000 & echo $! > \"$FAULTY_PID_FILE\" )"])
    for line in sys.stdin:
        request = json.loads(line)
        rid, dim = request["id"], request["dim"]
        if MODE in ("hang", "orphan"):
            time.sleep(100000)
        if MODE == "garbage":
            print("Traceback (most recent call last): this is not JSON", flush=True)
        elif MODE == "nan":
            print(json.dumps({"id": rid, "attributions": [float("nan")] * dim}), flush=True)
        elif MODE == "wrong-length":
            print(json.dumps({"id": rid, "attributions": ["0"] * (dim + 1)}), flush=True)
        elif MODE == "wrong-id":
            print(json.dumps({"id": rid + 1, "attributions": ["0"] * dim}), flush=True)
        elif MODE == "bad-handshake":
            print(json.dumps({"id": rid, "attributions": ["0"] * dim}), flush=True)


if __name__ == "__main__":
    if MODE in ("crash", "crash-after-2", "error", "noisy"):
        vm.run(attribute, name="faulty-" + MODE, accepts=("functions", "networks"), baseline=True, exact=True)
    else:
        raw_loop()
