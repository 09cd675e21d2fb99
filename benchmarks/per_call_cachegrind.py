"""Per-call overhead in instructions and simulated cache misses: the in-memory ``client_secrets.create`` of run.py.

run.py's overhead figures are times, and this VM's times wander by 20-30%; this counts what one call executes
under valgrind's cachegrind, which does not wander. Each program warms the call up (300 calls, so every reader is
compiled), then makes 40 more, each after a 16 MiB buffer copy (the sweep); the same program without those 40
calls is subtracted, so what is left is the calls alone. cachegrind simulates an 8 MiB last-level cache, which the
sweep evicts: its "LL misses" are the cache lines a call has to bring back from memory when it runs on cold caches
(run.py's "cache swept" condition), its instructions are the work of a warm call. A miss costs no instruction and
an instruction no miss: an aid for finding the cost, not a replacement for run.py's times. The counts move by
about 1% between runs: compare changes larger than that.

    python benchmarks/per_call_cachegrind.py                 # needs valgrind (apt-get install valgrind); ~2 minutes
    python benchmarks/per_call_cachegrind.py --tree ../old   # another checkout's realtime_sync, for a before/after
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from typing import Dict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from instructions import valgrind_env  # noqa: E402
from run import TREE  # noqa: E402

CALLS = 40
CACHEGRIND = [
    "valgrind",
    "--tool=cachegrind",
    "--cache-sim=yes",
    "--LL=8388608,16,64",
    "--cachegrind-out-file=/dev/null",
]

PROGRAM = """
import sys
sys.path.insert(0, %(here)r)
from _worker import overhead_realtime_sync
call = overhead_realtime_sync(%(payload)r)
for _ in range(300):
    call()
a, b = bytearray(b"\\x01" * (16 << 20)), bytearray(16 << 20)
for _ in range(%(calls)d):
    b[:] = a
    if %(with_calls)r:
        call()
"""


def counts(payload: str, with_calls: bool, env: Dict[str, str]) -> Dict[str, int]:
    """cachegrind's instruction and last-level-miss totals for one program."""
    program = PROGRAM % {"here": HERE, "payload": payload, "calls": CALLS, "with_calls": with_calls}
    done = subprocess.run(
        [*CACHEGRIND, sys.executable, "-c", program],
        env=env,
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),
    )
    if done.returncode != 0:
        raise SystemExit("failed: %s" % done.stderr.strip().splitlines()[-1:])
    found = {}
    for key, pattern in (("instructions", r"I\s+refs:\s+([\d,]+)"), ("ll_misses", r"LL misses:\s+([\d,]+)")):
        match = re.search(pattern, done.stderr)
        if match is None:
            raise SystemExit("cachegrind printed no %s" % key)
        found[key] = int(match.group(1).replace(",", ""))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", help="measure the realtime_sync in this checkout (default: this one)")
    args = parser.parse_args()
    if args.tree:
        TREE[0] = os.path.abspath(args.tree)
    env = valgrind_env()
    if env is None:
        return 0
    # Once without valgrind: writes the .pyc files, which the first measured program would otherwise compile.
    subprocess.run(
        [sys.executable, "-c", PROGRAM % {"here": HERE, "payload": "largest", "calls": 0, "with_calls": 0}],
        env=env,
        capture_output=True,
        cwd=tempfile.gettempdir(),
    )
    print("One in-memory client_secrets.create (cachegrind), %s, tree %s" % (sys.version.split()[0], TREE[0]))
    for payload in ("typical", "largest"):
        with_calls, without = counts(payload, True, env), counts(payload, False, env)
        per_call = {key: (with_calls[key] - without[key]) / CALLS for key in with_calls}
        print(
            "  %-8s %8.1fk instructions   %6.0f last-level misses after a sweep"
            % (payload, per_call["instructions"] / 1e3, per_call["ll_misses"])
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
