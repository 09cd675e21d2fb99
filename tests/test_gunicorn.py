"""docs/calls.md's gunicorn recipe for real: the ``worker_exit`` hook closes the worker's calls cleanly.

Marked ``gunicorn`` (``tox -e gunicorn``): starts gunicorn on 127.0.0.1 with a ``gunicorn.conf.py``
holding the hook exactly as docs/calls.md shows it, attaches a call in the worker (as a webhook view
would, after accepting it), then recycles the worker (SIGHUP: new worker, the old one stopped
gracefully) and stops the server (SIGTERM). Each time, the call's WebSocket on the loopback server
must get a close frame 1000 from the exiting worker: a worker that exits without the hook leaves only
a dropped TCP connection. Skipped with the reason when gunicorn is not installed.
"""

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any, Callable, Iterator, List

import pytest
from _ws_server import ServerSide, WebSocketServer

pytestmark = pytest.mark.gunicorn

DOCS = Path(__file__).resolve().parent.parent / "docs" / "calls.md"
SAFETY = 30.0  # seconds: only reached when something is broken

SESSION_CREATED = {
    "type": "session.created",
    "event_id": "event_1",
    "session": {"type": "realtime", "object": "realtime.session", "id": "sess_1"},
}

# The project the recipe's hook imports (``from myproject.calls import supervisor``): a supervisor per
# worker process and a WSGI app standing in for the webhook view's hand-off (POST /attach/<call id>).
CALLS_MODULE = """
import os

from realtime_sync import RealtimeClient
from realtime_sync.supervisor import CallSupervisor


def handle(conn):
    for event in conn:
        pass


supervisor = CallSupervisor(
    handle, max_calls=10, client=RealtimeClient("sk-test-gunicorn", base_url=os.environ["CALLS_API_URL"])
)


def application(environ, start_response):
    call_id = environ["PATH_INFO"].rsplit("/", 1)[-1]
    owner = supervisor.attach(call_id)
    owner.wait(0)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [("%s %d" % (call_id, os.getpid())).encode()]
"""


def documented_hook() -> str:
    """The ``gunicorn.conf.py`` code block of docs/calls.md's gunicorn section, as written."""
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("## gunicorn: close calls when a worker exits") :]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match and "def worker_exit(server, worker):" in match.group(1), "docs/calls.md lost its gunicorn recipe"
    return match.group(1)


@pytest.fixture
def gunicorn_available(request: Any) -> None:
    if "gunicorn" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("starts a gunicorn server: run with -m gunicorn (tox -e gunicorn)")
    pytest.importorskip("gunicorn", reason="gunicorn is not installed (tox -e gunicorn installs it)")
    pytest.importorskip("websocket", reason="websocket-client is not installed (the [test] extra has it)")


class Gunicorn:
    """A gunicorn master started on 127.0.0.1 (port chosen by the system), its log in a file."""

    def __init__(self, project: Path, api_url: str) -> None:
        self.log_path = project / "gunicorn.log"
        env = dict(os.environ, CALLS_API_URL=api_url, PYTHONPATH=os.pathsep.join([str(project), *sys.path]))
        self.log_file = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(project / "gunicorn.conf.py"), "myproject.calls:application"],
            cwd=str(project),
            env=env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )
        self.url = "http://127.0.0.1:%s" % self.wait_for(r"Listening at: http://127\.0\.0\.1:(\d+)")[0]

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, pattern: str, count: int = 1) -> List[str]:
        """The first group of each of the first ``count`` log lines matching ``pattern``, once there are that many."""
        return wait_until(lambda: _found(re.findall(pattern, self.log()), count), "gunicorn log: %s" % pattern, self)

    def attach(self, call_id: str) -> int:
        """Hand ``call_id`` to a worker; the pid of the worker that owns it."""
        request = urllib.request.Request(self.url + "/attach/" + call_id, data=b"", method="POST")
        with urllib.request.urlopen(request, timeout=SAFETY) as response:
            answered_id, pid = response.read().decode().split()
        assert answered_id == call_id
        return int(pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(SAFETY)
        self.log_file.close()


def _found(items: List[str], count: int) -> Any:
    return items[:count] if len(items) >= count else None


def wait_until(probe: Callable[[], Any], what: str, server: "Gunicorn") -> Any:
    # Polls what another process does (its log, a socket): nothing to wait on in this process.
    deadline = time.monotonic() + SAFETY
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        if server.process.poll() is not None and not probe():
            break
        time.sleep(0.02)
    raise AssertionError("timed out waiting for %s; gunicorn log:\n%s" % (what, server.log()))


@pytest.fixture
def project(tmp_path: Path, gunicorn_available: None) -> Path:
    package = tmp_path / "myproject"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "calls.py").write_text(CALLS_MODULE)
    config = documented_hook() + "\n".join(
        [
            "",
            'bind = "127.0.0.1:0"',
            "workers = 1",
            "graceful_timeout = 20  # above the hook's shutdown timeout, as the recipe says",
            "timeout = 10",
            "control_socket = %r  # gunicorn >= 25: not the shared one in $HOME" % str(tmp_path / "gunicorn.ctl"),
            "",
        ]
    )
    (tmp_path / "gunicorn.conf.py").write_text(config)
    return tmp_path


@pytest.fixture
def loopback() -> Iterator[WebSocketServer]:
    def call(ws: ServerSide) -> None:
        ws.send_json(SESSION_CREATED)  # then the call stays up until the client closes it

    with WebSocketServer(call, timeout=SAFETY) as srv:
        yield srv


def test_worker_exit_closes_the_calls_of_a_recycled_worker_and_of_a_stopped_server(
    project: Path, loopback: WebSocketServer
) -> None:
    server = Gunicorn(project, loopback.url)
    try:
        first_worker = int(server.wait_for(r"Booting worker with pid: (\d+)")[0])
        assert server.attach("rtc_gunicorn_1") == first_worker
        wait_until(lambda: len(loopback.connections) == 1, "the call's WebSocket", server)
        call_1 = loopback.connections[0]
        assert call_1.query == {"call_id": "rtc_gunicorn_1"}

        # SIGHUP: gunicorn boots a new worker and stops the old one gracefully: worker_exit runs in it.
        server.process.send_signal(signal.SIGHUP)
        second_worker = int(server.wait_for(r"Booting worker with pid: (\d+)", count=2)[1])
        assert second_worker != first_worker
        server.wait_for(r"Worker exiting \(pid: (%d)\)" % first_worker)
        wait_until(lambda: call_1.closed, "the first call's close", server)
        assert call_1.close_frame == (1000, "")  # a clean close from the hook, not a dropped line

        # SIGTERM: the server stops; the new worker's call is closed the same way.
        assert server.attach("rtc_gunicorn_2") == second_worker
        wait_until(lambda: len(loopback.connections) == 2, "the second call's WebSocket", server)
        call_2 = loopback.connections[1]
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(SAFETY) == 0
        wait_until(lambda: call_2.closed, "the second call's close", server)
        assert call_2.close_frame == (1000, "")
        loopback.join()
        log = server.log()
        assert "did not finish within the shutdown timeout" not in log and "Traceback" not in log, log
    finally:
        server.stop()
