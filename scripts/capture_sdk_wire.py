"""Capture what the official SDK (``openai==3.51.0``) sends and reads back for the realtime calls.

Run it with an interpreter that has the SDK installed (never a dependency of
realtime_sync), from the repository root::

    /path/to/venv-with-openai/bin/python scripts/capture_sdk_wire.py           # write
    /path/to/venv-with-openai/bin/python scripts/capture_sdk_wire.py --check   # compare

It starts the tests' loopback server, runs every call of ``tests/_sdk_calls.py``
through ``openai.OpenAI(...).realtime`` and writes the requests as the server saw
them and every value read back to ``tests/data/realtime_sdk_wire.json``, which the
core suite compares realtime_sync with (``tests/test_sdk_parity.py``). The keys are
placeholders, not secrets. ``User-Agent``, ``Host``, ``Accept-Encoding``,
``Connection``, ``Content-Length`` and the ``X-Stainless-*`` headers describe the
client, not the request, so they are left out; multipart boundaries are random.
"""

import argparse
import json
import os
import sys
import warnings
from pathlib import Path
from typing import Any, Dict

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from _sdk_calls import run  # noqa: E402
from _server import LoopbackServer  # noqa: E402

OUT = ROOT / "tests" / "data" / "realtime_sdk_wire.json"


def capture() -> Dict[str, Any]:
    import openai  # the official SDK: only here, never in realtime_sync

    with warnings.catch_warnings():
        # pydantic warns while serializing the unknown tool variant of the "future" answer.
        warnings.simplefilter("ignore")
        with LoopbackServer() as server:
            data = run(lambda key: openai.OpenAI(api_key=key, base_url=server.url, max_retries=0), server)
    return dict(data, sdk="openai==%s" % openai.__version__)


def render(data: Dict[str, Any]) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file instead of writing it")
    options = parser.parse_args()
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "OPENAI_WEBHOOK_SECRET"):
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
