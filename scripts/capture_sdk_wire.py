"""Capture what the official SDK (``openai==3.51.0``) sends and reads back for the realtime calls and the sideband.

Run it with an interpreter that has the SDK installed (never a dependency of
realtime_sync), from the repository root::

    /path/to/venv-with-openai/bin/python scripts/capture_sdk_wire.py           # write
    /path/to/venv-with-openai/bin/python scripts/capture_sdk_wire.py --check   # compare

It starts the tests' loopback server, runs every call of ``tests/_sdk_calls.py``
through ``openai.OpenAI(...).realtime`` and writes the requests as the server saw
them and every value read back to ``tests/data/realtime_sdk_wire.json``, which the
core suite compares realtime_sync with (``tests/test_sdk_parity.py``). With the
``websockets`` package installed (``openai[realtime]``) it also runs the sideband
scenario of ``tests/_sdk_sideband.py`` on the loopback WebSocket server and writes
``tests/data/sideband_sdk_wire.json`` (``tests/test_sideband_sdk.py``). The keys are
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
SIDEBAND_OUT = ROOT / "tests" / "data" / "sideband_sdk_wire.json"


def capture() -> Dict[str, Any]:
    import openai  # the official SDK: only here, never in realtime_sync

    with warnings.catch_warnings():
        # pydantic warns while serializing the unknown tool variant of the "future" answer.
        warnings.simplefilter("ignore")
        with LoopbackServer() as server:
            data = run(lambda key: openai.OpenAI(api_key=key, base_url=server.url, max_retries=0), server)
    return dict(data, sdk="openai==%s" % openai.__version__)


def capture_sideband() -> Dict[str, Any]:
    import openai
    from _sdk_sideband import run as run_sideband
    from _sdk_sideband import run_translation

    def make(key: str, url: str) -> Any:
        return openai.OpenAI(api_key=key, base_url=url, max_retries=0)

    return dict(run_sideband(make), translation=run_translation(make), sdk="openai==%s" % openai.__version__)


def render(data: Dict[str, Any]) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file instead of writing it")
    options = parser.parse_args()
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID", "OPENAI_WEBHOOK_SECRET"):
        os.environ.pop(name, None)
    outputs = [(OUT, capture())]
    outputs.append((SIDEBAND_OUT, capture_sideband()))
    failed = 0
    for path, data in outputs:
        text = render(data)
        if options.check:
            if path.read_text(encoding="utf-8") != text:
                print("%s differs from what %s does now" % (path, data["sdk"]))
                failed = 1
            else:
                print("%s matches %s" % (path, data["sdk"]))
            continue
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print("wrote %s" % path)
    return failed


if __name__ == "__main__":
    sys.exit(main())
