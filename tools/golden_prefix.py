#!/usr/bin/env python3
"""Checks that a conformance suite written earlier is a byte-for-byte prefix of a newer one (same seed and cases):
methods added later are appended after every earlier query (GoldenMembership.Appended).

    python3 tools/golden_prefix.py OLD_DIR NEW_DIR     # e.g. /work/baseline/golden and the output of `verifier golden --out`
"""
import sys

def main(old: str, new: str) -> int:
    ok = True
    for name in ("queries.jsonl", "expected.jsonl"):
        a = open(f"{old}/{name}", "rb").read()
        b = open(f"{new}/{name}", "rb").read()
        prefix = b.startswith(a)
        ok &= prefix
        print(f"{name}: {len(a.splitlines())} old lines, {len(b.splitlines())} new lines, old is a byte prefix: {prefix}")
    return 0 if ok else 1

if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
