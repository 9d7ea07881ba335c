#!/usr/bin/env bash
# Exact IG against SymPy (issue 3 benchmark): publishes `verifier` as a NativeAOT binary (start-up in milliseconds,
# as a command-line tool should have) and runs bench/ig_vs_sympy.py on 200 random functions in one run.
# Extra arguments go to the Python script, e.g. --n 400 --seed 7.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c "import sympy" 2>/dev/null || { echo "needs python3 with sympy (pip install sympy)" >&2; exit 2; }
dotnet publish src/Cli -c Release -r linux-x64 -p:PublishAot=true -o artifacts/verifier-aot >/dev/null
python3 bench/ig_vs_sympy.py --verifier artifacts/verifier-aot/verifier "$@"
