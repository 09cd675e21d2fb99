"""pytest setup for the example project: its own settings module, importable from here.

Run from the repository root (``python -m pytest examples/django_app``) or
from this directory. Together with ``tests/test_django.py`` in one run, both
use these settings (that test module adapts to whatever is configured).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phone.settings")
# Offline, always: the tests replay phone/recordings/phone_calls.json.
os.environ.pop("OPENAI_API_KEY", None)
os.environ.pop("OPENAI_WEBHOOK_SECRET", None)
os.environ.pop("OPENAI_BASE_URL", None)

import django  # noqa: E402

django.setup()
