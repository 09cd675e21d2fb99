"""The pytest plugin, run as a user would: an inner pytest session with no conftest fixtures of ours.

The plugin is loaded through its ``pytest11`` entry point (the package is
installed), recording goes to the loopback server, replay runs with it stopped.
The end-to-end test runs its inner sessions as subprocesses, as in a user's CI,
sharing no imported modules with this one; the others run in-process (pytester
restores ``sys.modules`` after each), which costs ~30 ms a session instead of ~350.
"""

import json
from pathlib import Path
from typing import Iterator

import pytest
import requests  # noqa: F401  (see run())
from _server import LoopbackServer

from realtime_sync.fixtures import RECORD_MODE_ENV

pytest_plugins = ["pytester"]

TESTS = """
import pytest


def test_flow(realtime_client):
    secret = realtime_client.client_secrets.create(session={"type": "realtime", "model": "gpt-realtime"})
    assert secret.value.startswith("ek_")
    answer = realtime_client.calls.create(sdp="v=0\\r\\n", session={"type": "realtime", "model": "gpt-realtime"})
    assert answer.call_id == "rtc_test_0002"
    realtime_client.calls.hangup(answer.call_id)


class TestGroup:
    @pytest.mark.parametrize("target", ["tel:+14155550123", "sip:agent@example.com"])
    def test_refer(self, realtime_client, target):
        realtime_client.calls.refer("rtc_1", target_uri=target)
"""

CONFTEST = """
import os
import pytest


@pytest.fixture
def realtime_client_options():
    return {"base_url": os.environ.get("LOOPBACK_URL", "https://api.openai.com/v1"), "max_retries": 0}
"""


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RECORD_MODE_ENV, raising=False)
    monkeypatch.delenv("LOOPBACK_URL", raising=False)


@pytest.fixture
def project(pytester: pytest.Pytester) -> Iterator[pytest.Pytester]:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_calls=TESTS)
    yield pytester


def run(project: pytest.Pytester, *args: str, subprocess: bool = False) -> pytest.RunResult:
    # The django and hypothesis plugins are not needed in the inner sessions and cost seconds each.
    options = ("-p", "no:django", "-p", "no:hypothesispytest", "-p", "no:cacheprovider") + args
    if subprocess:
        return project.runpytest_subprocess(*options)
    # pytester drops the modules an in-process session imported; requests (imported lazily by
    # the transport) is imported above so that its http.cookiejar is not swapped under it.
    return project.runpytest_inprocess(*options)


def record(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, key: str, *args: str, subprocess: bool = False
) -> pytest.RunResult:
    with LoopbackServer() as server:
        monkeypatch.setenv("LOOPBACK_URL", server.url)
        monkeypatch.setenv("OPENAI_API_KEY", key)
        result = run(project, *args, subprocess=subprocess)
        monkeypatch.delenv("OPENAI_API_KEY")
        monkeypatch.delenv("LOOPBACK_URL")
        project_requests = len(server.requests)
    result.project_requests = project_requests  # type: ignore[attr-defined]
    return result


def test_records_with_the_cli_option_then_replays_offline(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, canary_key: str
) -> None:
    result = record(project, monkeypatch, canary_key, "--realtime-record-mode=once", subprocess=True)
    result.assert_outcomes(passed=3)
    assert result.project_requests == 5  # type: ignore[attr-defined]
    files = sorted(p.relative_to(project.path).as_posix() for p in project.path.rglob("*.json"))
    assert files == [
        "fixtures/test_calls/TestGroup.test_refer_sip_agent_example.com.json",
        "fixtures/test_calls/TestGroup.test_refer_tel_14155550123.json",
        "fixtures/test_calls/test_flow.json",
    ]
    for name in files:
        assert canary_key not in (project.path / name).read_text()
    # No server, no key: the default mode replays.
    run(project, subprocess=True).assert_outcomes(passed=3)
    run(project, "--realtime-record-mode=none").assert_outcomes(passed=3)


def test_replay_without_a_recording_fails_clearly(project: pytest.Pytester) -> None:
    result = run(project, "-k", "test_flow")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*FixtureError: fixture file *test_flow.json does not exist; record it first*"])


def test_a_changed_request_fails_with_the_diff(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, canary_key: str
) -> None:
    record(project, monkeypatch, canary_key, "--realtime-record-mode=once").assert_outcomes(passed=3)
    project.makepyfile(test_calls=TESTS.replace('"sip:agent@example.com"', '"sip:other@example.com"'))
    result = run(project)
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*FixtureError: fixture file*sip_other_example.com.json does not exist*"])
    project.makepyfile(test_calls=TESTS.replace("+14155550123", "+14155550199"))
    fixture = project.path / "fixtures/test_calls/TestGroup.test_refer_tel_14155550123.json"
    fixture.rename(fixture.with_name("TestGroup.test_refer_tel_14155550199.json"))
    result = run(project)
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(['*-    "target_uri": "tel:+14155550123"', '*+    "target_uri": "tel:+14155550199"'])


def test_a_failing_test_writes_no_recording(project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    project.makepyfile(
        test_calls="""
        import pytest

        def test_fails(realtime_client):
            realtime_client.calls.hangup("rtc_1")
            assert False, "the app misbehaved"

        def test_passes(realtime_client):
            realtime_client.calls.hangup("rtc_2")

        def test_skips(realtime_client):
            realtime_client.calls.hangup("rtc_3")
            pytest.skip("not today")
        """
    )
    record(project, monkeypatch, "sk-some-recording-key", "--realtime-record-mode=all").assert_outcomes(
        passed=1, failed=1, skipped=1
    )
    assert [p.name for p in project.path.rglob("*.json")] == ["test_passes.json"]


def test_marker_sets_path_mode_and_options(project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    project.makepyfile(
        test_calls="""
        import os

        import pytest

        pytestmark = pytest.mark.realtime_fixture(path="recordings/shared.json", record_mode="once",
                                                  require_all_played=True, redact_json_paths=["$.target_uri"])

        def test_refer(realtime_fixture):
            assert realtime_fixture.path.endswith("recordings/shared.json")
            client = realtime_fixture.client(base_url=os.environ.get("LOOPBACK_URL", "https://api.openai.com/v1"))
            client.calls.refer("rtc_1", target_uri="tel:+1555")
        """
    )
    # "once" from the marker records (the environment variable is not set).
    record(project, monkeypatch, "sk-some-recording-key").assert_outcomes(passed=1)
    stored = json.loads((project.path / "recordings/shared.json").read_text())
    assert stored["interactions"][0]["request"]["json"] == {"target_uri": "<REDACTED>"}
    run(project).assert_outcomes(passed=1)


def test_unplayed_interactions_fail_when_required(project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    body = """
        import pytest

        @pytest.mark.realtime_fixture(require_all_played=True)
        def test_calls(realtime_client):
            realtime_client.calls.hangup("rtc_1")
            if {second}:
                realtime_client.calls.hangup("rtc_2")
        """
    project.makepyfile(test_calls=body.format(second=True))
    record(project, monkeypatch, "sk-some-recording-key", "--realtime-record-mode=once").assert_outcomes(passed=1)
    project.makepyfile(test_calls=body.format(second=False))
    result = run(project)
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*1 recorded interaction(s) in *test_calls.json were never played:*"])


def test_cli_option_beats_the_environment_variable(project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    record(project, monkeypatch, "sk-some-recording-key", "--realtime-record-mode=once").assert_outcomes(passed=3)
    monkeypatch.setenv(RECORD_MODE_ENV, "all")  # would need the (stopped) server
    run(project, "--realtime-record-mode=none").assert_outcomes(passed=3)
    # Without the option the environment variable wins: "all" needs a real key to record with.
    result = run(project)
    result.assert_outcomes(errors=3)
    result.stdout.fnmatch_lines(["*ConfigurationError: No API key*"])


def test_bad_record_mode_option_is_a_usage_error(project: pytest.Pytester) -> None:
    result = run(project, "--realtime-record-mode=sometimes")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*--realtime-record-mode: expected one of 'none', 'once', 'new_episodes', 'all', got 'sometimes'*"]
    )


def test_fixture_path_is_documented_layout(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nrealtime_fixture_dir = cassettes\n")
    pytester.makepyfile(
        test_where="""
        def test_here(realtime_fixture):
            pass
        """
    )
    result = run(pytester)
    result.stdout.fnmatch_lines(["*cassettes/test_where/test_here.json does not exist*"])


def test_plugin_is_registered_through_the_entry_point() -> None:
    from importlib.metadata import entry_points

    eps = entry_points()
    group = eps.select(group="pytest11") if hasattr(eps, "select") else eps.get("pytest11", [])
    assert "realtime_sync.pytest_plugin" in {ep.value for ep in group}
    assert Path(__file__).parent.joinpath("conftest.py").read_text().count("realtime_sync.pytest_plugin") == 0
