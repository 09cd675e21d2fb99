"""Capture what the official SDK (``openai[realtime]==3.51.0``) does on the Live WebSockets.

Run it with an interpreter that has the SDK and ``websockets`` installed (never a
dependency of realtime_sync), from the repository root::

    /path/to/venv-with-openai/bin/python scripts/capture_live_ws_sdk_wire.py           # write
    /path/to/venv-with-openai/bin/python scripts/capture_live_ws_sdk_wire.py --check   # compare

It runs the scenario of ``tests/_sdk_live_ws.py`` (a sideband with every resource-style
sender, a primary and a fork connection) through ``openai.OpenAI(...).live`` on the
tests' loopback WebSocket server and writes what the server saw and what the client
read back to ``tests/data/live_ws_sdk_wire.json``; ``tests/test_live_ws.py`` runs the
same code on RealtimeClient and compares. The key is a placeholder, not a secret.
"""

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from _sdk_live_ws import run  # noqa: E402

OUT = ROOT / "tests" / "data" / "live_ws_sdk_wire.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file instead of writing it")
    options = parser.parse_args()
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID"):
        os.environ.pop(name, None)
    import openai  # the official SDK: only here, never in realtime_sync

    data = dict(run(lambda key, url: openai.OpenAI(api_key=key, base_url=url, max_retries=0)))
    data["sdk"] = "openai==%s" % openai.__version__
    text = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    if options.check:
        same = OUT.read_text(encoding="utf-8") == text
        print("%s %s %s" % (OUT, "matches" if same else "differs from what", data["sdk"]))
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print("wrote %s" % OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
