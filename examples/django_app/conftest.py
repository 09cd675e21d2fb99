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

from typing import Any, Callable, Iterator, List  # noqa: E402

import pytest  # noqa: E402
from django.core.cache import cache  # noqa: E402
from phone.conversation import LOCAL_CALLS  # noqa: E402
from phone.offline import FIXTURE  # noqa: E402

from realtime_sync.fixtures import FixtureTransport  # noqa: E402


@pytest.fixture
def replay(settings: Any) -> Iterator[FixtureTransport]:
    """The recorded API, each interaction replayable once; the shared client is rebuilt on it."""
    transport = FixtureTransport(FIXTURE, record_mode="none", env_override=False)
    settings.REALTIME_SYNC = dict(settings.REALTIME_SYNC, TRANSPORT=transport)
    cache.clear()
    while LOCAL_CALLS.get(0) is not None:  # what earlier tests handed over
        pass
    yield transport
    transport.close()


@pytest.fixture
def played(replay: FixtureTransport) -> Callable[[], List[str]]:
    """``played()``: ``"POST /v1/..."`` for every interaction ``replay`` replayed so far, in file order."""

    def replayed() -> List[str]:
        unplayed = set(replay.unplayed())
        return [
            "%s %s" % (it["request"]["method"], it["request"]["path"])
            for i, it in enumerate(replay.interactions)
            if "#%d %s %s" % (i, it["request"]["method"], it["request"]["path"]) not in unplayed
        ]

    return replayed
