"""docs/django.md's testing example, extracted from the page and run as written against this project.

The page promises a complete, runnable test module; this runs it with pytest
in a fresh process (as a reader would), twice: the first run records its
fixture, the second replays it.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PROJECT = Path(__file__).resolve().parents[1]


def docs_example() -> str:
    text = (ROOT / "docs" / "django.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- test: docs-example -->\n```python\n(.*?)```", text, re.S)
    assert match, "docs/django.md lost its tested example"
    return match.group(1)


def run_pytest(directory: Path) -> "subprocess.CompletedProcess[str]":
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="phone.settings", PYTHONPATH=str(PROJECT))
    env.pop("OPENAI_API_KEY", None)
    env.pop("REALTIME_SYNC_RECORD_MODE", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=str(directory),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_docs_testing_example_records_then_replays(tmp_path: Path) -> None:
    code = docs_example()
    assert "import json" not in code or "json." in code  # nothing imported for show
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_openai_webhook.py").write_text(code, encoding="utf-8")

    first = run_pytest(tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "2 passed" in first.stdout
    recording = tmp_path / "tests" / "recordings" / "incoming_call.json"
    [interaction] = json.loads(recording.read_text(encoding="utf-8"))["interactions"]
    assert interaction["request"]["path"] == "/v1/realtime/calls/rtc_test_0001/accept"
    assert "sk-test" not in recording.read_text(encoding="utf-8")

    second = run_pytest(tmp_path)  # replays the recording
    assert second.returncode == 0, second.stdout + second.stderr
    assert "2 passed" in second.stdout

    # A replay catches a changed request: the example's assertion is not vacuous.
    data = json.loads(recording.read_text(encoding="utf-8"))
    data["interactions"][0]["request"]["json"]["model"] = "gpt-realtime-mini"
    recording.write_text(json.dumps(data), encoding="utf-8")
    third = run_pytest(tmp_path)
    assert third.returncode == 1 and "FixtureMismatchError" in third.stdout, third.stdout
