"""Re-record the demo fixture shipped in the package (realtime_sync/data/demo.json).

The demo's own steps (``realtime_sync._cli_demo.run_steps``) run once through
``FixtureTransport(record_mode="all")`` against the project's loopback test
server (tests/_server.py), so the shipped file is a real recording of exactly
what ``realtime-sync demo`` sends. No network beyond 127.0.0.1, no real key.

    python scripts/record_demo_fixture.py                   # rewrite realtime_sync/data/demo.json
    python scripts/record_demo_fixture.py --surface live    # rewrite realtime_sync/data/demo_live.json
    python scripts/record_demo_fixture.py --out X           # write elsewhere (the tests compare)
"""

import argparse
import os
import sys
from typing import Optional, Sequence

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))
sys.path.insert(0, ROOT)

from _server import LoopbackServer  # noqa: E402

from realtime_sync import RealtimeClient  # noqa: E402
from realtime_sync._cli_demo import DEMO_FIXTURE, LIVE_DEMO_FIXTURE, run_live_steps, run_steps  # noqa: E402
from realtime_sync.fixtures import FixtureTransport  # noqa: E402

# A recognisable fake key: the fixture's own safety net refuses to write it.
RECORDING_KEY = "sk-demo-recording-0123456789abcdef"


def record(path: str, surface: str = "realtime") -> None:
    """Record the demo flow of ``surface`` into ``path`` (replacing it)."""
    with LoopbackServer() as server:
        transport = FixtureTransport(path, record_mode="all", env_override=False)
        with RealtimeClient(api_key=RECORDING_KEY, base_url=server.url, transport=transport, max_retries=0) as client:
            if surface == "live":
                run_live_steps(client)
            else:
                run_steps(client)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--surface", choices=("realtime", "live"), default="realtime", help="which demo (realtime)")
    parser.add_argument("--out", help="where to write (default: the shipped file of that demo)")
    args = parser.parse_args(argv)
    if args.out is None:
        args.out = LIVE_DEMO_FIXTURE if args.surface == "live" else DEMO_FIXTURE
    record(args.out, args.surface)
    print("recorded %s" % args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
