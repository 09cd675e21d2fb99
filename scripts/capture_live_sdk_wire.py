"""Capture what the official SDK (``openai==3.51.0``) sends for every Live REST call.

Run it with an interpreter that has the SDK installed (never a dependency of
realtime_sync), from the repository root::

    /path/to/venv-with-openai/bin/python scripts/capture_live_sdk_wire.py

It starts the tests' loopback server, runs every call of ``tests/_live_calls.py``
through ``OpenAI(...).live`` and writes the requests exactly as the server saw
them to ``tests/data/live_sdk_wire.json`` (``--check`` compares instead of
writing). The API key is a placeholder, not a secret. ``User-Agent``, ``Host``,
``Accept-Encoding``, ``Connection`` and the ``X-Stainless-*`` headers describe the
client and this machine, not the request, so they are left out.
"""

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Dict

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from _live_calls import LIVE_ID, run_calls, run_refusals  # noqa: E402
from _server import LoopbackServer  # noqa: E402

OUT = ROOT / "tests" / "data" / "live_sdk_wire.json"
API_KEY = "live-wire-placeholder-key"


def capture() -> Dict[str, Any]:
    import openai  # the official SDK: only here, never in realtime_sync

    with LoopbackServer() as server:
        client = openai.OpenAI(api_key=API_KEY, base_url=server.url, max_retries=0)
        calls = run_calls(client, server)
        refusals = run_refusals(client, server)
    return {
        "sdk": "openai==%s" % openai.__version__,
        "api_key": API_KEY,
        "session_id": LIVE_ID,
        "calls": calls,
        "refusals": refusals,
    }


def render(data: Dict[str, Any]) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file instead of writing it")
    options = parser.parse_args()
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID"):
        os.environ.pop(name, None)
    data = capture()
    text = render(data)
    if options.check:
        if OUT.read_text(encoding="utf-8") != text:
            print("%s differs from what %s sends now" % (OUT, data["sdk"]))
            return 1
        print("%s matches %s" % (OUT, data["sdk"]))
        return 0
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print("wrote %s: %d calls, %d refusals" % (OUT, len(data["calls"]), len(data["refusals"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
