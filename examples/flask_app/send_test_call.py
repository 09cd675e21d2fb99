#!/usr/bin/env python
"""POST a signed ``realtime.call.incoming`` to the running app, as OpenAI would (a fresh webhook-id each time).

python send_test_call.py [http://127.0.0.1:5000/openai/webhook/]
"""

import os
import sys
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from record_fixture import INCOMING_CALL

from realtime_sync import webhooks


def main() -> int:
    import json

    from app import DEMO_WEBHOOK_SECRET

    url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000/openai/webhook/"
    secret = os.environ.get("OPENAI_WEBHOOK_SECRET") or DEMO_WEBHOOK_SECRET
    body = json.dumps(INCOMING_CALL, separators=(",", ":")).encode()
    headers = dict(webhooks.sign(body, secret), **{"Content-Type": "application/json"})
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    print("POST %s (webhook-id %s) -> %d" % (url, headers["webhook-id"], status))
    return 0 if status == 200 else 1


if __name__ == "__main__":
    sys.exit(main())
