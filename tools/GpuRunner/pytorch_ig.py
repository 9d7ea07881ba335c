#!/usr/bin/env python3
"""Riemann Integrated Gradients written directly in PyTorch, on the networks the GPU runner exported.

The runner (``Verifier.GpuRunner bench``, or ``export``) writes ``manifest.json`` and ``tensors.bin`` (float64
little-endian); this script rebuilds every network from its op list with torch.nn.functional, runs the same rule (the
runner's nodes and weights, the same batch size), times it (median of the repeats after one warm-up, the attributions
copied back to the host as ours are), and writes the times and the attributions to ``--out`` as JSON, which the runner
reads to print ours / PyTorch ratios and the relative difference of the attributions.

    python3 pytorch_ig.py --manifest DIR/manifest.json --device cuda --out DIR/results.json

Needs only torch (no numpy). Works with torch 1.13 and 2.x.
"""
import argparse
import json
import os
import statistics
import sys
import time

try:
    import torch
    import torch.nn.functional as F
except ImportError as e:  # the runner prints this line as the reason the comparison was skipped
    print(f"python3 has no torch: {e}", file=sys.stderr)
    sys.exit(3)


def load(manifest_path):
    with open(manifest_path) as f:
        manifest = json.load(f)
    with open(os.path.join(os.path.dirname(manifest_path), manifest["data"]), "rb") as f:
        data = torch.frombuffer(bytearray(f.read()), dtype=torch.float64)
    return manifest, data


def tensor_at(data, offset, shape):
    count = 1
    for s in shape:
        count *= s
    return data[offset:offset + count].reshape(shape)


def forward(ops, tensors, x):
    saved = None
    for op in ops:
        kind = op["op"]
        if kind == "dense":
            x = F.linear(x, tensors[op["w"]], tensors[op["b"]])
        elif kind == "relu":
            x = F.relu(x)
        elif kind == "conv2d":
            x = conv(op, tensors, x)
        elif kind == "maxpool2d":
            x = F.max_pool2d(x, op["kernel"], op["stride"], op["padding"])
        elif kind == "flatten":
            x = torch.flatten(x, 1)
        elif kind == "save":
            saved = x
        elif kind == "add_saved":
            x = x + (conv(op["projection"], tensors, saved) if "projection" in op else saved)
        elif kind == "avgpool":
            x = x.mean(dim=(2, 3))
        else:
            raise ValueError(f"unknown op {kind}")
    return x


def conv(op, tensors, x):
    return F.conv2d(x, tensors[op["w"]], tensors[op["b"]], stride=op["stride"], padding=op["padding"])


def integrated_gradients(problem, tensors, x, x0, dtype, device):
    """sum_k w_k dF/dx(x0 + a_k (x - x0)) * (x - x0), points formed in float64, gradients in dtype, sum in float64."""
    nodes = problem["nodes"]
    weights = problem["weights"]
    batch = max(1, problem["batch"])
    shape = problem["input_shape"]
    output = problem["output"]
    direction = x - x0
    total = torch.zeros(direction.numel(), dtype=torch.float64, device=device)
    for start in range(0, len(nodes), batch):
        count = min(batch, len(nodes) - start)
        alphas = torch.tensor(nodes[start:start + count], dtype=torch.float64, device=device).reshape([count] + [1] * len(shape))
        points = (x0.unsqueeze(0) + alphas * direction.unsqueeze(0)).to(dtype).requires_grad_(True)
        y = forward(problem["ops"], tensors, points)[:, output].sum()
        (grads,) = torch.autograd.grad(y, points)
        w = torch.tensor(weights[start:start + count], dtype=torch.float64, device=device)
        total += w.matmul(grads.reshape(count, -1).to(torch.float64))
    return (total * direction.reshape(-1)).cpu()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--device", default="cuda", choices=["cpu", "cuda"])
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    if args.device == "cuda" and not torch.cuda.is_available():
        print("torch.cuda.is_available() is False", file=sys.stderr)
        sys.exit(4)
    manifest, data = load(args.manifest)
    device = torch.device(args.device)
    dtype = torch.float64 if manifest["dtype"] == "float64" else torch.float32
    if args.device == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = manifest["tf32"]
        torch.backends.cudnn.allow_tf32 = manifest["tf32"]
    repeats = max(1, manifest["repeats"])
    results = []
    for problem in manifest["problems"]:
        tensors = [tensor_at(data, t["offset"], t["shape"]).to(device=device, dtype=dtype) for t in problem["tensors"]]
        shape = problem["input_shape"]
        x = tensor_at(data, problem["input_offset"], shape).to(device)
        x0 = tensor_at(data, problem["baseline_offset"], shape).to(device)
        attributions = integrated_gradients(problem, tensors, x, x0, dtype, device)  # warm-up, and the result
        times = []
        for _ in range(repeats if "resnet" not in problem["model"] else min(repeats, 3)):
            if args.device == "cuda":
                torch.cuda.synchronize()
            start = time.perf_counter()
            integrated_gradients(problem, tensors, x, x0, dtype, device)
            if args.device == "cuda":
                torch.cuda.synchronize()
            times.append((time.perf_counter() - start) * 1000.0)
        median = statistics.median(times)
        print(f"  pytorch {problem['label']:<34} {args.device:<5} {median:10.1f} ms", file=sys.stderr)
        results.append({"label": problem["label"], "median_ms": median, "times_ms": times, "attributions": attributions.tolist()})
    info = {"torch": torch.__version__, "device": args.device, "threads": torch.get_num_threads(), "results": results}
    if args.device == "cuda":
        info["cuda_device"] = torch.cuda.get_device_name(0)
    with open(args.out, "w") as f:
        json.dump(info, f)


if __name__ == "__main__":
    main()
