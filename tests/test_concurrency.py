"""One client shared by many threads (and by gevent greenlets) against a real loopback server.

The server answers with something derived from each request (a tag carried in
the body or the call id in the path), so every result can be matched to the
call that produced it: a response crossed between threads would show up as a
wrong value, not just a wrong count.
"""

import copy
import importlib.util
import json
import pathlib
import subprocess
import sys
import textwrap
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from _server import LoopbackServer, Recorded, Reply, error_reply
from data import CLIENT_SECRET_REALTIME, TRANSLATION_SECRET

from realtime_sync import RealtimeClient, RetryPolicy, Timeout

KEY = "sk-canary-DO-NOT-LEAK-0123456789abcdef"
THREADS = 24
CALLS_PER_THREAD = 15  # 360 calls in all
#: The first THREADS requests must all be in flight at once to pass this barrier.
BARRIER_TIMEOUT = 60.0


def offer(n):
    return "v=0\r\no=- %d 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n" % n


class EchoServer:
    """Answers every endpoint with values derived from the request; thread-safe.

    Every 7th tag first gets a 503, so retries happen concurrently too. The
    first ``barrier_parties`` requests wait for each other: only a client that
    really runs them concurrently gets past.
    """

    def __init__(self, barrier_parties):
        self.lock = threading.Lock()
        self.failed_once = set()
        self.verbs = []  # (verb, call id, parsed body) of every successful SIP call
        self.barrier = threading.Barrier(barrier_parties, timeout=BARRIER_TIMEOUT) if barrier_parties else None
        self.admitted = 0

    def __call__(self, req: Recorded) -> Reply:
        if self.barrier is not None:
            with self.lock:
                self.admitted += 1
                take_part = self.admitted <= self.barrier.parties
            if take_part:
                try:
                    self.barrier.wait()
                except threading.BrokenBarrierError:
                    return error_reply(
                        400, "requests were not concurrent: %d of %d arrived" % (self.admitted, self.barrier.parties)
                    )
        tag = self._tag(req)
        with self.lock:
            if tag % 7 == 0 and (req.path, tag) not in self.failed_once:
                self.failed_once.add((req.path, tag))
                return error_reply(503, "try again")
        return self._answer(req, tag)

    def _tag(self, req):
        if req.path == "/v1/realtime/client_secrets":
            return int(req.json()["session"]["instructions"].split("-")[1])
        if req.path == "/v1/realtime/translations/client_secrets":
            return req.json()["expires_after"]["seconds"] - 1000
        if req.path == "/v1/realtime/calls":
            sdp = next(p.body for p in req.multipart() if p.name == "sdp").decode()
            return int(sdp.split("o=- ")[1].split(" ")[0])
        return int(req.path.split("/")[-2].split("_")[1])

    def _answer(self, req, tag):
        rid = {"x-request-id": "req_%d" % tag}
        if req.path == "/v1/realtime/client_secrets":
            body = copy.deepcopy(CLIENT_SECRET_REALTIME)
            body["value"] = "ek_%d" % tag
            body["expires_at"] = 2000000000 + tag
            body["session"]["instructions"] = req.json()["session"]["instructions"]
            return Reply(200, body, rid)
        if req.path == "/v1/realtime/translations/client_secrets":
            body = copy.deepcopy(TRANSLATION_SECRET)
            body["value"] = "ek_tr_%d" % tag
            body["expires_at"] = 2000000000 + tag
            return Reply(200, body, rid)
        if req.path == "/v1/realtime/calls":
            answer = "v=0\r\no=- %d 3 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" % tag
            headers = dict(rid, **{"Content-Type": "application/sdp", "Location": "/v1/realtime/calls/rtc_%d" % tag})
            return Reply(201, answer, headers)
        verb = req.path.split("/")[-1]
        with self.lock:
            self.verbs.append((verb, req.path.split("/")[-2], req.json() if req.body else None))
        return Reply(200, b"", rid)


def one_call(client, n):
    """Make call number ``n`` (the endpoint depends on n); return what to check."""
    kind = n % 7
    if kind == 0:
        secret = client.client_secrets.create(session={"type": "realtime", "instructions": "tag-%d" % n})
        return ("secret", secret.value, secret.expires_at, secret.session.instructions)
    if kind == 1:
        secret = client.translations.client_secrets.create(
            session={"model": "gpt-realtime-translate"}, expires_after={"anchor": "created_at", "seconds": 1000 + n}
        )
        return ("translation", secret.value, secret.expires_at)
    if kind == 2:
        answer = client.calls.create(sdp=offer(n), session={"type": "realtime", "model": "gpt-realtime"})
        return ("create", answer.call_id, answer.sdp.split("\r\n")[1])
    verb = ["accept", "refer", "reject", "hangup"][kind - 3]
    call_id = "rtc_%d" % n
    if verb == "accept":
        client.calls.accept(call_id, session={"type": "realtime", "instructions": call_id})
    elif verb == "refer":
        client.calls.refer(call_id, target_uri="tel:+1555%07d" % n)
    elif verb == "reject":
        client.calls.reject(call_id, status_code=400 + n % 200)
    else:
        client.calls.hangup(call_id)
    return (verb, call_id)


def expected(n):
    kind = n % 7
    if kind == 0:
        return ("secret", "ek_%d" % n, 2000000000 + n, "tag-%d" % n)
    if kind == 1:
        return ("translation", "ek_tr_%d" % n, 2000000000 + n)
    if kind == 2:
        return ("create", "rtc_%d" % n, "o=- %d 3 IN IP4 127.0.0.1" % n)
    return (["accept", "refer", "reject", "hangup"][kind - 3], "rtc_%d" % n)


def expected_body(verb, n):
    return {
        "accept": {"type": "realtime", "instructions": "rtc_%d" % n},
        "refer": {"target_uri": "tel:+1555%07d" % n},
        "reject": {"status_code": 400 + n % 200},
        "hangup": None,
    }[verb]


def test_one_client_shared_by_many_threads(canary_key):
    echo = EchoServer(barrier_parties=THREADS)
    no_wait = RetryPolicy(2, sleep=lambda s: None)
    # Timeouts beyond the barrier's: a slow machine must fail on the barrier, with its message.
    patient = Timeout(connect=BARRIER_TIMEOUT, read=BARRIER_TIMEOUT + 30)
    with LoopbackServer(echo) as srv, RealtimeClient(
        canary_key, base_url=srv.url, retry_policy=no_wait, timeout=patient
    ) as client:
        # Half the threads use a with_options() copy: it shares the transport and its pool.
        clones = [client, client.with_options(timeout=Timeout(5, 30))]
        numbers = list(range(THREADS * CALLS_PER_THREAD))

        def worker(t):
            mine = numbers[t::THREADS]
            return [(n, one_call(clones[t % 2], n)) for n in mine]

        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            results = [pair for chunk in pool.map(worker, range(THREADS)) for pair in chunk]

    assert not echo.barrier.broken  # THREADS requests were in flight at the same time
    assert len(results) == len(numbers)
    for n, got in results:
        assert got == expected(n), n
    retried = {tag for _, tag in echo.failed_once}
    assert retried == {n for n in numbers if n % 7 == 0}
    assert len(srv.requests) == len(numbers) + len(echo.failed_once)
    # Every SIP call landed exactly once, with its own body.
    sip = sorted((call_id, verb, body) for verb, call_id, body in echo.verbs)
    want = sorted(("rtc_%d" % n, expected(n)[0], expected_body(expected(n)[0], n)) for n in numbers if n % 7 >= 3)
    assert sip == want
    # Connections were pooled and reused, not opened per call.
    assert srv.connections <= 32 < len(numbers)


GEVENT_SCRIPT = textwrap.dedent(
    """
    from gevent import monkey

    monkey.patch_all()

    import json
    import sys

    import gevent

    from realtime_sync import RealtimeClient, RetryPolicy

    url, key, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    assert monkey.is_module_patched("socket") and monkey.is_module_patched("threading")

    client = RealtimeClient(key, base_url=url, retry_policy=RetryPolicy(2, sleep=gevent.sleep), timeout=(60, 90))

    def call(n):
        if n % 3 == 0:
            secret = client.client_secrets.create(session={"type": "realtime", "instructions": "tag-%d" % n})
            return [n, secret.value, secret.session.instructions]
        if n % 3 == 1:
            client.calls.hangup("rtc_%d" % n)
            return [n, "hangup"]
        answer = client.calls.create(sdp="v=0\\r\\no=- %d 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\n" % n)
        return [n, answer.call_id]

    greenlets = [gevent.spawn(call, n) for n in range(count)]
    gevent.joinall(greenlets, raise_error=True)
    client.close()
    print(json.dumps([g.value for g in greenlets]))
    """
)


@pytest.mark.skipif(importlib.util.find_spec("gevent") is None, reason="gevent is not installed")
def test_greenlets_share_one_client_under_gevent_monkey_patching(canary_key):
    # In a subprocess: monkey-patching must not leak into the pytest process.
    greenlets = 20
    echo = EchoServer(barrier_parties=greenlets)
    with LoopbackServer(echo) as srv:
        proc = subprocess.run(
            [sys.executable, "-c", GEVENT_SCRIPT, srv.url, canary_key, str(greenlets)],
            capture_output=True,
            text=True,
            timeout=BARRIER_TIMEOUT + 60,
        )
    assert proc.returncode == 0, proc.stderr
    # All greenlets were in flight together: a blocking (unpatched) socket would break the barrier.
    assert not echo.barrier.broken
    results = json.loads(proc.stdout)
    assert len(results) == greenlets
    for n, *got in results:
        if n % 3 == 0:
            assert got == ["ek_%d" % n, "tag-%d" % n]
        elif n % 3 == 1:
            assert got == ["hangup"]
        else:
            assert got == ["rtc_%d" % n]
    assert sorted(call_id for verb, call_id, _ in echo.verbs) == sorted("rtc_%d" % n for n in range(1, greenlets, 3))
    assert canary_key not in proc.stderr and canary_key not in proc.stdout


def test_no_thread_locals_in_the_client():
    # A threading.local created before gevent patches threading would be shared
    # by every greenlet of a thread; the client keeps no per-thread state at all.
    root = pathlib.Path(__file__).resolve().parent.parent / "realtime_sync"
    offenders = [
        str(path.relative_to(root))
        for path in sorted(root.rglob("*.py"))
        if "threading.local" in path.read_text(encoding="utf-8")
        or "from threading import local" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
