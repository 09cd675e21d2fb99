"""pytest plugin: a recorded-fixture RealtimeClient per test, no conftest needed.

Registered through the ``pytest11`` entry point, so installing realtime_sync
is enough. Fixtures:

* ``realtime_client``: a ``RealtimeClient`` bound to this test's fixture file.
* ``realtime_fixture``: the :class:`~realtime_sync.fixtures.FixtureTransport` itself.
* ``realtime_client_options``: override it to pass client arguments
  (``base_url``, ``max_retries``...); default ``{}``.

The file is ``<test module dir>/fixtures/<module name>/<test name>.json``
(the ``fixtures`` part is the ``realtime_fixture_dir`` ini option). Override
per test or class with ``@pytest.mark.realtime_fixture(path=..., record_mode=...,
**FixtureTransport options)``; a relative path is relative to the test module.

The record mode, from strongest: ``--realtime-record-mode``, then the
``REALTIME_SYNC_RECORD_MODE`` environment variable, then the marker, then
``"none"``. Only a test that passes saves what it recorded.

Example::

    def test_hangup(realtime_client):
        realtime_client.calls.hangup("rtc_123")

    # pytest --realtime-record-mode=once    (with OPENAI_API_KEY set) records it
"""

import os
import re
from typing import TYPE_CHECKING, Any, Dict, Iterator

import pytest

from .errors import ConfigurationError
from .fixtures import FixtureTransport, resolve_record_mode

if TYPE_CHECKING:  # pragma: no cover
    from ._client import RealtimeClient

__all__ = [
    "fixture_path_for",
    "pytest_addoption",
    "pytest_configure",
    "pytest_runtest_makereport",
    "realtime_client",
    "realtime_client_options",
    "realtime_fixture",
]

_PASSED = pytest.StashKey[bool]()
_UNSAFE = re.compile(r"[^A-Za-z0-9_.\-]+")


def pytest_addoption(parser: Any) -> None:
    """Add ``--realtime-record-mode`` and the ``realtime_fixture_dir`` ini option.

    Example::

        pytest --realtime-record-mode=new_episodes tests/test_calls.py
    """
    group = parser.getgroup("realtime_sync", "realtime_sync recorded fixtures")
    group.addoption(
        "--realtime-record-mode",
        action="store",
        default=None,
        metavar="MODE",
        help="record mode for every realtime fixture: none (default, replay only), once, new_episodes, all. "
        "Beats the REALTIME_SYNC_RECORD_MODE environment variable.",
    )
    parser.addini(
        "realtime_fixture_dir",
        help="directory, relative to each test module, holding realtime_sync fixture files (default: fixtures)",
        default="fixtures",
    )


def pytest_configure(config: Any) -> None:
    """Register the marker and reject a bad ``--realtime-record-mode`` at start-up.

    Example::

        @pytest.mark.realtime_fixture(record_mode="once")
        def test_accept(realtime_client): ...
    """
    config.addinivalue_line(
        "markers",
        "realtime_fixture(path=None, record_mode=None, **options): fixture file and FixtureTransport options "
        "for the realtime_client / realtime_fixture fixtures",
    )
    mode = config.getoption("--realtime-record-mode", None)
    if mode is not None:
        try:
            resolve_record_mode(mode, env_override=False)
        except ConfigurationError as exc:
            raise pytest.UsageError("--realtime-record-mode: %s" % str(exc).split(": ", 1)[1]) from None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: Any, call: Any) -> Iterator[None]:
    """Remember whether the test body passed: only then is its recording saved.

    Example::

        # internal: used by the realtime_fixture teardown
    """
    outcome: Any = yield
    report = outcome.get_result()
    if report.when == "call":
        item.stash[_PASSED] = bool(report.passed)


def fixture_path_for(request: Any) -> str:
    """The fixture file of the requesting test (marker ``path`` wins).

    Example::

        fixture_path_for(request)   # ".../tests/fixtures/test_calls/test_hangup.json"
    """
    module_file = str(request.node.path)
    module_dir = os.path.dirname(module_file)
    marker = request.node.get_closest_marker("realtime_fixture")
    if marker is not None and marker.kwargs.get("path"):
        return os.path.join(module_dir, os.fspath(marker.kwargs["path"]))
    module = os.path.splitext(os.path.basename(module_file))[0]
    test = "::".join(request.node.nodeid.split("::")[1:]) or request.node.name
    name = _UNSAFE.sub("_", test.replace("::", ".")).strip("_") + ".json"
    return os.path.join(module_dir, request.config.getini("realtime_fixture_dir"), module, name)


@pytest.fixture
def realtime_fixture(request: Any) -> Iterator[FixtureTransport]:
    """The :class:`FixtureTransport` of this test, closed (and saved) at teardown.

    Example::

        def test_flow(realtime_fixture):
            client = realtime_fixture.client()
            ...
            assert realtime_fixture.unplayed() == []
    """
    marker = request.node.get_closest_marker("realtime_fixture")
    options: Dict[str, Any] = dict(marker.kwargs) if marker is not None else {}
    options.pop("path", None)
    cli_mode = request.config.getoption("--realtime-record-mode", None)
    marker_mode = options.pop("record_mode", None) or "none"
    transport = FixtureTransport(
        fixture_path_for(request),
        cli_mode or marker_mode,
        env_override=cli_mode is None,
        **options,
    )
    yield transport
    # A failed, skipped or xfailed test (or one whose body never ran) saves nothing.
    transport.close(save=request.node.stash.get(_PASSED, False))


@pytest.fixture
def realtime_client_options() -> Dict[str, Any]:
    """Keyword arguments for ``realtime_client``; override it in your conftest.

    Example::

        @pytest.fixture
        def realtime_client_options():
            return {"max_retries": 0}
    """
    return {}


@pytest.fixture
def realtime_client(realtime_fixture: FixtureTransport, realtime_client_options: Dict[str, Any]) -> "RealtimeClient":
    """A ``RealtimeClient`` replaying (or recording) this test's fixture file.

    Replay-only runs use a dummy API key; recording runs read ``OPENAI_API_KEY``.

    Example::

        def test_refer(realtime_client):
            realtime_client.calls.refer("rtc_123", target_uri="tel:+14155550123")
    """
    # Closing the transport (and saving) is realtime_fixture's teardown.
    return realtime_fixture.client(**realtime_client_options)
