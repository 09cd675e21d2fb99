"""Cold start in CPU instructions: where a fresh process spends its first call, stage by stage.

Wall-clock cold starts on a shared or virtual machine wander by 20-30% between runs; instruction
counts do not. This runs each stage of run.py's cold-start programs (the same code, the same
largest payload) under valgrind's callgrind, which counts the instructions a process executes,
with a fixed hash seed and bytecode cached as in an installed package, and prints what each
stage adds. The ratio it prints is the instruction-count twin of run.py's "cold start ...
realtime_sync / bare requests" figure (on 2026-12-06: 1.96 in instructions, 1.83 and 2.01 in
two wall-clock runs); instructions are not time (a cache miss costs no instruction), so this is
an aid for finding the cost, not a replacement for run.py.

    python benchmarks/instructions.py           # needs valgrind (apt-get install valgrind)

Stages are cumulative: each program runs everything above it, then one step more.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from typing import Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from run import FIRST_CALL_BARE, FIRST_CALL_OURS, FIRST_CALL_PRELUDE, TREE, ours_env  # noqa: E402

_CALL_LINE = FIRST_CALL_OURS.index("client.client_secrets")
_TRANSPORT = "\nimport realtime_sync\nrealtime_sync.RequestsTransport"

# (label, program): each a prefix of the next, so the differences are what one step costs.
STAGES: List[Tuple[str, str]] = [
    ("interpreter + benchmark payloads (subtracted)", FIRST_CALL_PRELUDE),
    ("  import realtime_sync", FIRST_CALL_PRELUDE + "\nimport realtime_sync"),
    ("  + import requests (RequestsTransport)", FIRST_CALL_PRELUDE + _TRANSPORT),
    ("  + import attrs", FIRST_CALL_PRELUDE + _TRANSPORT + "\nimport attrs"),
    (
        "  + the model classes (realtime_sync.models)",
        FIRST_CALL_PRELUDE + _TRANSPORT + "\nimport attrs, realtime_sync.models",
    ),
    ("  + the client (its modules and construction)", FIRST_CALL_PRELUDE + "\n" + FIRST_CALL_OURS[:_CALL_LINE]),
    ("  + the first call (largest payload, in-memory)", FIRST_CALL_PRELUDE + "\n" + FIRST_CALL_OURS),
    ("bare requests: import + first call", FIRST_CALL_PRELUDE + "\n" + FIRST_CALL_BARE),
]


def instructions(program: str, env: dict) -> int:
    """Instructions executed by ``python -c program`` (callgrind's total)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out, sys.executable, "-c", program],
            env=env,
            capture_output=True,
            text=True,
            cwd=tmp,
        )
        if done.returncode != 0:
            raise SystemExit("failed: %s" % done.stderr.strip().splitlines()[-1:])
        with open(out) as f:
            for line in f:
                if line.startswith("summary:") or line.startswith("totals:"):
                    return int(line.split()[1])
    raise SystemExit("callgrind wrote no total")


def valgrind_env() -> Optional[Dict[str, str]]:
    """The environment for programs counted under valgrind; None (said on stdout) when valgrind is missing."""
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind): nothing measured")
        return None
    env = ours_env()
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached, as in an installed package
    env["PYTHONHASHSEED"] = "0"  # the same dict and set layouts on every run
    return env


def main() -> int:
    env = valgrind_env()
    if env is None:
        return 0
    for _, program in STAGES:  # once without valgrind: writes the .pyc files
        subprocess.run([sys.executable, "-c", program], env=env, capture_output=True, cwd=tempfile.gettempdir())
    counts = [instructions(program, env) for _, program in STAGES]
    base = counts[0]
    print("Cold start in instructions (callgrind), %s, tree %s" % (sys.version.split()[0], TREE[0]))
    previous = base
    for (label, _), count in zip(STAGES[:-1], counts[:-1]):
        print("  %-52s %7.1f M  (+%.1f M)" % (label, (count - base) / 1e6, (count - previous) / 1e6))
        previous = count
    ours, bare = counts[-2] - base, counts[-1] - base
    print("  %-52s %7.1f M" % (STAGES[-1][0], bare / 1e6))
    print("  ours / bare requests: %.3f   (run.py's wall-clock target: <= 1.7)" % (ours / bare))
    return 0


if __name__ == "__main__":
    sys.exit(main())
