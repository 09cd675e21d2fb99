"""Shared fixtures: a real loopback HTTP server and a canary API key."""

import copy
import sys
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import data
from _server import LoopbackServer
from data import CANARY_KEY

# hypothesis ships a pytest plugin, so pytest marks its whole package for assertion rewriting:
# about 220 modules parsed, rewritten and compiled again in every xdist worker (0.8 s each on a
# quiet machine, 5 s under load; with PYTHONDONTWRITEBYTECODE=1 on every run) for asserts that
# are not ours. Unmarked before anything imports it. A private pytest attribute, hence getattr:
# if it is renamed, hypothesis is rewritten as before and nothing else changes.
for _hook in sys.meta_path:
    if type(_hook).__name__ == "AssertionRewritingHook":
        getattr(_hook, "_must_rewrite", set()).discard("hypothesis")

try:
    from hypothesis import HealthCheck
    from hypothesis import settings as hypothesis_settings
except ImportError:  # pragma: no cover - hypothesis is in the [test] extra
    pass
else:
    # No per-example deadline and no "generating data is too slow" health check: these
    # properties check values, not speed, and a loaded CI machine (tox runs envs in parallel)
    # can take 300 ms for an example that needs 1 ms.
    hypothesis_settings.register_profile("realtime_sync", deadline=None, suppress_health_check=[HealthCheck.too_slow])
    hypothesis_settings.load_profile("realtime_sync")


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    # Two workers on a 2-core machine halve the suite's wall time. Each file runs whole, in order,
    # in one worker (loadfile). Only when pytest-xdist is installed (the [test] extra) and -n was
    # not given: -n0 runs everything in this process (pdb, print debugging).
    if not config.pluginmanager.hasplugin("xdist") or hasattr(config, "workerinput"):
        return
    if config.getoption("numprocesses", None) is None and not config.getoption("usepdb", False):
        config.option.numprocesses = "auto"
        config.option.maxprocesses = 4
        config.option.dist = "loadfile"
        # A worker that dies (a signal, an abort) fails the run at once, naming its test: a
        # replaced worker can leave xdist's loadfile scheduler waiting forever (seen on py38,
        # xdist 3.6), which would hold CI until its time limit instead of saying what broke.
        if config.getoption("maxworkerrestart", None) is None:
            config.option.maxworkerrestart = 0


@pytest.fixture(autouse=True)
def _isolated_secret_registry() -> Iterator[None]:
    # Every RealtimeClient registers its key for redaction, process-wide (up to 256). The fuzz
    # and property tests create hundreds of clients with random keys, and scanning a large
    # body for 256 unrelated keys is slow (17 s for one 1 MiB error body): each test starts
    # from the registry as it was, like any other process-global state.
    from realtime_sync import _redaction

    with _redaction._registry_lock:
        saved = list(_redaction._registry)
    yield
    with _redaction._registry_lock:
        _redaction._registry.clear()
        _redaction._registry.update((secret, None) for secret in saved)


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        yield server


@pytest.fixture
def canary_key() -> str:
    return CANARY_KEY


@pytest.fixture(autouse=True)
def _clean_openai_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests must not pick up a developer's real credentials or settings.
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "OPENAI_ORG_ID",
        "OPENAI_PROJECT_ID",
        "OPENAI_WEBHOOK_SECRET",
        "OPENAI_API_VERSION",
        "AZURE_OPENAI_API_KEY",
        "AZURE_OPENAI_AD_TOKEN",
        "AZURE_OPENAI_ENDPOINT",
    ):
        monkeypatch.delenv(name, raising=False)


def _canned() -> Dict[str, Any]:
    return {name: getattr(data, name) for name in data.__all__}


_CANNED = copy.deepcopy(_canned())


@pytest.fixture(autouse=True)
def _canned_payloads_stay_unchanged() -> Iterator[None]:
    # tests/data is shared by every test: one that edits a payload in place would change
    # what the tests after it see. Fail that test instead.
    yield
    if _canned() != _CANNED:
        pytest.fail("this test changed a payload of tests/data in place; copy.deepcopy() it first")
