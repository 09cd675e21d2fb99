"""pytest setup for the Flask example: importable from here, always offline."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)
os.environ.pop("OPENAI_API_KEY", None)
os.environ.pop("OPENAI_WEBHOOK_SECRET", None)
os.environ.pop("REDIS_URL", None)
