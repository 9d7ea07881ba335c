#!/usr/bin/env python3
"""A method that answers at once (all zeros): measures what the protocol itself costs per request."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import verifier_method as vm  # noqa: E402

if __name__ == "__main__":
    vm.run(lambda query: [0] * query.dim, name="instant", accepts=("functions", "networks"), baseline=True, exact=True)
