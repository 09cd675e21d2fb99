"""The webhook view on real Redis and Memcached servers, configured the way production shops do (issue 15, item 2).

Marked ``e2e`` and run only when selected (``-m e2e``): each test starts its own
``redis-server`` or ``memcached`` on a free port of 127.0.0.1 and stops it to make
an outage. Skipped, with the reason, when the server binary or the client library
(pymemcache, django-redis) is missing;
``tox -e caches`` installs the libraries, and ``.ci/run`` installs the servers
where it can. The same semantics are covered without servers in
``tests/test_django.py`` (LocMemCache subclasses that fail or swallow errors).
"""

import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import time
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest

django = pytest.importorskip("django")
pytest.importorskip("pytest_django")

from django.conf import settings as django_settings  # noqa: E402

if not django_settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
    django_settings.configure(
        SECRET_KEY="tests-only-not-a-secret",
        ALLOWED_HOSTS=["testserver"],
        INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions"],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        USE_TZ=True,
    )
    django.setup()

from _fakes import FakeTransport  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import path  # noqa: E402

from realtime_sync import webhooks  # noqa: E402
from realtime_sync.contrib.django import (  # noqa: E402
    CLAIMED,
    CacheDeliveryStore,
    WebhookView,
    get_client,
    reset_client,
)

pytestmark = pytest.mark.e2e

SECRET = "whsec_" + "Y2FuYXJ5LXdlYmhvb2stc2VjcmV0LURPLU5PVC1MRUFL"
SESSION = {"type": "realtime", "model": "gpt-realtime"}
EVENT = {
    "id": "evt_1",
    "object": "event",
    "created_at": 1767225600,
    "type": "realtime.call.incoming",
    "data": {"call_id": "rtc_e2e_1", "sip_headers": []},
}


def accept_call(event: Any, request: Any) -> None:
    get_client().calls.accept(event.data.call_id, session=SESSION)


urlpatterns = [path("webhook/", WebhookView(accept_call))]


# --------------------------------------------------------------------------- real servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """One redis-server or memcached process of this test, on a fixed port (so it can come back there)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.port = free_port()
        self.process: Optional["subprocess.Popen[bytes]"] = None

    def command(self) -> List[str]:
        if self.kind == "redis":
            return ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        user = ["-u", "root"] if os.geteuid() == 0 else []  # memcached refuses to run as root without -u
        return ["memcached", "-l", "127.0.0.1", "-p", str(self.port), "-U", "0", *user]

    def start(self) -> "Server":
        self.process = subprocess.Popen(self.command(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.02)
        self.stop()
        raise RuntimeError("%s did not start on port %d" % (self.kind, self.port))

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None


def stop_process(process: "subprocess.Popen[bytes]") -> None:
    """terminate, and kill after 15 s: on a loaded machine a graceful stop is slow, and it is not what is tested."""
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(15)


BACKENDS: Dict[str, Dict[str, Any]] = {
    # The common production settings that turn an outage into "nothing stored, nothing found".
    "memcached-ignore_exc": {
        "server": "memcached",
        "module": "pymemcache",
        "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
        "OPTIONS": {"ignore_exc": True, "connect_timeout": 0.5, "timeout": 0.5, "dead_timeout": 1},
    },
    "django_redis-IGNORE_EXCEPTIONS": {
        "server": "redis",
        "module": "django_redis",
        "BACKEND": "django_redis.cache.RedisCache",
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    },
    # Without swallowing: the outage raises.
    "memcached": {
        "server": "memcached",
        "module": "pymemcache",
        "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
        "OPTIONS": {"connect_timeout": 0.5, "timeout": 0.5, "dead_timeout": 1},
    },
    "django_redis": {
        "server": "redis",
        "module": "django_redis",
        "BACKEND": "django_redis.cache.RedisCache",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    },
}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request: Any, settings: Any) -> Iterator[Server]:
    if "e2e" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("starts real cache servers: run with -m e2e (tox -e caches)")
    spec = BACKENDS[request.param]
    binary = "redis-server" if spec["server"] == "redis" else "memcached"
    if shutil.which(binary) is None:
        pytest.skip("%s is not installed (apt-get install redis-server memcached; .ci/run does)" % binary)
    pytest.importorskip(spec["module"], reason="%s is not installed (tox -e caches installs it)" % spec["module"])
    server = Server(spec["server"]).start()
    location = "redis://127.0.0.1:%d/0" % server.port if spec["server"] == "redis" else "127.0.0.1:%d" % server.port
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "webhooks": {"BACKEND": spec["BACKEND"], "LOCATION": location, "OPTIONS": spec["OPTIONS"]},
    }
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fake(settings: Any, backend: Server) -> Iterator[FakeTransport]:
    transport = FakeTransport()
    settings.ROOT_URLCONF = __name__
    settings.MIDDLEWARE = []
    settings.REALTIME_SYNC = {
        "API_KEY": "sk-test-e2e",
        "WEBHOOK_SECRET": SECRET,
        "TRANSPORT": transport,
        "MAX_RETRIES": 0,
        "WEBHOOK_DEDUPE_CACHE": "webhooks",
    }
    yield transport
    reset_client()


def deliver(webhook_id: str) -> int:
    raw = json.dumps(EVENT).encode()
    signed = webhooks.sign(raw, SECRET, webhook_id=webhook_id)
    extra = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in signed.items()}
    status: int = Client().post("/webhook/", data=raw, content_type="application/json", **extra).status_code
    return status


def accepts(transport: FakeTransport) -> int:
    return sum(1 for r in transport.requests if r.url.endswith("/accept"))


# --------------------------------------------------------------------------- the tests


def test_a_delivery_is_accepted_once(fake: FakeTransport) -> None:
    assert deliver("wh_once") == 200
    assert deliver("wh_once") == 200
    assert accepts(fake) == 1


def test_an_outage_is_a_503_and_the_redelivery_accepts_the_call(
    fake: FakeTransport, backend: Server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="realtime_sync.django")
    backend.stop()
    assert deliver("wh_outage") == 503  # before: 200 "already handled", and the call was never accepted
    assert accepts(fake) == 0
    assert "delivery store failed" in caplog.text
    backend.start()  # the same port
    # As OpenAI does: deliver again until a 2xx. pymemcache keeps a server it saw fail "dead" for
    # dead_timeout seconds, so a few more 503s may come first; never a 200 without an accept.
    statuses = [deliver("wh_outage")]
    while statuses[-1] == 503 and len(statuses) < 100:
        time.sleep(0.1)
        statuses.append(deliver("wh_outage"))
    assert statuses[-1] == 200 and set(statuses[:-1]) <= {503}
    assert deliver("wh_outage") == 200
    assert accepts(fake) == 1


def test_a_claim_in_progress_is_a_409_until_its_lease_is_over(fake: FakeTransport) -> None:
    store = CacheDeliveryStore()
    assert store.claim("wh_busy", "another-worker", 1) == CLAIMED
    assert deliver("wh_busy") == 409
    assert accepts(fake) == 0
    time.sleep(2.1)  # memcached and redis count expiry in whole seconds (an e2e test: allowed to wait)
    assert deliver("wh_busy") == 200
    assert accepts(fake) == 1
    assert caches["webhooks"].get(store._key("wh_busy")) == "d"


# --------------------------------------------------------------------------- several worker processes


WEBHOOK_IDS = 200
COPIES = 3  # each delivery arrives this many times at once, as OpenAI's retries can


@pytest.fixture
def gunicorn_site(backend: Server, settings: Any, request: Any) -> Iterator[Tuple[str, Any]]:
    """gunicorn with 4 worker processes serving tests/_gunicorn_site.py on this test's cache server."""
    pytest.importorskip("gunicorn", reason="gunicorn is not installed (tox -e caches installs it)")
    from _server import LoopbackServer

    api = LoopbackServer().start()
    port = free_port()
    tests_dir = os.path.dirname(os.path.abspath(__file__))
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="_gunicorn_site",
        PYTHONPATH=os.pathsep.join([tests_dir, os.path.dirname(tests_dir)]),
        E2E_CACHE=json.dumps(settings.CACHES["webhooks"]),
        E2E_API_URL=api.url,
        E2E_SECRET=SECRET,
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "4",
            "--bind",
            "127.0.0.1:%d" % port,
            "--log-level",
            "warning",
            "django.core.wsgi:get_wsgi_application()",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    problem = process.stderr.read().decode()[-2000:] if process.stderr else ""
                    raise RuntimeError("gunicorn did not start: %s" % problem) from None
                time.sleep(0.05)
        yield "http://127.0.0.1:%d/webhook/" % port, api
    finally:
        stop_process(process)
        api.stop()


def deliver_until_answered(url: str, webhook_id: str, call_id: str) -> List[int]:
    """One delivery, redelivered as OpenAI does while the answer is not 2xx (a 409 or 503 here)."""
    import urllib.error
    import urllib.request

    event = dict(EVENT, id="evt_" + webhook_id, data={"call_id": call_id, "sip_headers": []})
    raw = json.dumps(event).encode()
    statuses: List[int] = []
    while len(statuses) < 200:
        headers = dict(webhooks.sign(raw, SECRET, webhook_id=webhook_id), **{"Content-Type": "application/json"})
        request = urllib.request.Request(url, data=raw, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as exc:
            statuses.append(exc.code)
        if statuses[-1] == 200:
            return statuses
        time.sleep(0.02)
    return statuses


def test_several_workers_accept_each_call_exactly_once(gunicorn_site: Tuple[str, Any]) -> None:
    """200 webhook ids, each delivered 3 times at once to 4 gunicorn workers: one accept per call (the API counts)."""
    from concurrent.futures import ThreadPoolExecutor

    url, api = gunicorn_site
    jobs = [("wh_mp_%03d" % i, "rtc_mp_%03d" % i) for i in range(WEBHOOK_IDS) for _ in range(COPIES)]
    with ThreadPoolExecutor(max_workers=24) as pool:
        results = list(pool.map(lambda job: deliver_until_answered(url, *job), jobs))

    assert all(statuses[-1] == 200 for statuses in results), [s for s in results if s[-1] != 200][:3]
    # Only "being handled" (409) ever came before the 200: never an error, never a lost call.
    assert {status for statuses in results for status in statuses} <= {200, 409}
    accepted: Dict[str, int] = {}
    for recorded in api.requests:
        if recorded.path.endswith("/accept"):
            call_id = recorded.path.split("/")[-2]
            accepted[call_id] = accepted.get(call_id, 0) + 1
    assert accepted == {"rtc_mp_%03d" % i: 1 for i in range(WEBHOOK_IDS)}
