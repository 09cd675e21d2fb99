"""One side of a benchmark, driven by ``run.py`` over stdin/stdout (one JSON object per line).

The same file runs in two interpreters: ours (with ``realtime_sync``) and the separate virtualenv holding the
official ``openai`` SDK and vcrpy, so neither side ever imports the other's packages. Each implementation imports
only what it measures, lazily, when its ``setup`` command arrives.

Commands (``{"op": ..., ...}`` in, ``{"ok": true, ...}`` out):

* ``setup`` ``kind`` (``overhead`` / ``loopback`` / ``replay``), ``impl`` and its arguments: builds a client and
  warms it up (the answer is checked, so a broken client cannot look fast).
* ``run`` ``n``: makes ``n`` calls with the current client, answers the elapsed seconds.
* ``record`` ``impl``, ``path``, ``count``, ``url``: writes a fixture / cassette of ``count`` distinct interactions.
* ``quit``.

``python _worker.py memory --impl realtime_sync --calls 10000`` and ``python _worker.py profile ...`` are one-shot
modes run in a fresh process.
"""

import argparse
import gc
import json
import os
import random
import sys
import time
import traceback
from typing import Any, Callable, Dict, List, Optional, Tuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _payloads import API_KEY, EVENT_MIX, LIVE_EVENT_MIX, PAYLOADS

__all__ = ["main"]

_RESPONSE_HEADERS = {"content-type": "application/json", "x-request-id": "req_bench"}
_OFFLINE_URL = "http://127.0.0.1:9/v1"  # never contacted: replay and in-memory clients only


def _check_secret(result: Any, payload: str) -> None:
    # A client that skipped parsing would look fast; insist on the typed answer.
    expected = PAYLOADS[payload][2]
    if isinstance(result, dict):  # the bare requests loop decodes JSON and no more
        if result != expected:
            raise AssertionError("unexpected JSON: %r" % (result,))
        return
    if result.value != expected["value"] or result.expires_at != expected["expires_at"]:
        raise AssertionError("unexpected client secret result: %r" % (result,))
    if result.session.audio.input.turn_detection.type != "server_vad":
        raise AssertionError("the session was not parsed")


def accept_body(i: int) -> Dict[str, Any]:
    """The body of the ``i``-th replayed accept call: distinct per call, like a real call flow.

    Example::

        client.calls.accept("rtc_%06d" % 7, session=accept_body(7))
    """
    return {"type": "realtime", "model": "gpt-realtime", "instructions": "Caller %d: greet them by name." % i}


# --------------------------------------------------------------------------------------------------------------
# Per-call overhead on an in-memory transport


def overhead_realtime_sync(payload: str = "largest") -> Callable[[], Any]:
    session, expires_after, _, response_bytes = PAYLOADS[payload]
    import realtime_sync
    from realtime_sync import HttpResponse

    class CannedTransport:
        """Implements the Transport protocol; a fresh response per call, as a real transport makes."""

        def send(self, request: Any, *, timeout: Any) -> Any:
            return HttpResponse(200, _RESPONSE_HEADERS, response_bytes)

        def close(self) -> None:
            pass

    client = realtime_sync.RealtimeClient(api_key=API_KEY, base_url=_OFFLINE_URL, transport=CannedTransport())
    create = client.client_secrets.create

    def call() -> Any:
        return create(session=session, expires_after=expires_after)

    return call


def overhead_openai(payload: str = "largest") -> Callable[[], Any]:
    session, expires_after, _, response_bytes = PAYLOADS[payload]
    import openai

    try:  # openai 3.x ships on httpx2; older releases on httpx
        import httpx2 as httpx
    except ImportError:
        import httpx  # type: ignore[no-redef]

    def handler(request: Any) -> Any:
        return httpx.Response(200, headers=_RESPONSE_HEADERS, content=response_bytes)

    http_client = httpx.Client(transport=httpx.MockTransport(handler))
    client = openai.OpenAI(api_key=API_KEY, base_url=_OFFLINE_URL, http_client=http_client)
    create = client.realtime.client_secrets.create

    def call() -> Any:
        return create(session=session, expires_after=expires_after)

    return call


# --------------------------------------------------------------------------------------------------------------
# Loopback throughput against benchmarks/_server.py


def _url(url: str, payload: str) -> str:
    # The server answers the typical response under /typical/...
    return url.replace("/v1", "/typical/v1") if payload == "typical" else url


def loopback_realtime_sync(url: str, payload: str) -> Callable[[], Any]:
    session, expires_after, _, _ = PAYLOADS[payload]
    import realtime_sync

    client = realtime_sync.RealtimeClient(api_key=API_KEY, base_url=_url(url, payload))
    create = client.client_secrets.create

    def call() -> Any:
        return create(session=session, expires_after=expires_after)

    return call


def loopback_requests(url: str, payload: str) -> Callable[[], Any]:
    session, expires_after, _, _ = PAYLOADS[payload]
    import requests

    http = requests.Session()
    endpoint = _url(url, payload) + "/realtime/client_secrets"
    headers = {"Authorization": "Bearer " + API_KEY}
    body = {"session": session, "expires_after": expires_after}

    def call() -> Any:
        response = http.post(endpoint, json=body, headers=headers, timeout=60)
        response.raise_for_status()
        return response.json()

    return call


def loopback_openai(url: str, payload: str) -> Callable[[], Any]:
    session, expires_after, _, _ = PAYLOADS[payload]
    import openai

    client = openai.OpenAI(api_key=API_KEY, base_url=_url(url, payload))
    create = client.realtime.client_secrets.create

    def call() -> Any:
        return create(session=session, expires_after=expires_after)

    return call


# --------------------------------------------------------------------------------------------------------------
# Sideband event parsing: one pass over the realistic mix (JSON text in, typed event out)


def events_realtime_sync() -> Callable[[], Any]:
    from realtime_sync.sideband.events import parse_server_event

    mix = list(EVENT_MIX)

    def call() -> Any:
        return [parse_server_event(text) for text in mix]

    return call


def live_events_realtime_sync() -> Callable[[], Any]:
    from realtime_sync.live.events import parse_live_server_event

    mix = list(LIVE_EVENT_MIX)

    def call() -> Any:
        return [parse_live_server_event(text) for text in mix]

    return call


def events_json_loads(live: bool = False) -> Callable[[], Any]:
    # The floor under any parser of JSON text on the standard library: json.loads alone, same mix.
    mix = list(LIVE_EVENT_MIX if live else EVENT_MIX)
    loads = json.loads

    def call() -> Any:
        return [loads(text) for text in mix]

    return call


def events_openai(validated: bool, live: bool = False) -> Callable[[], Any]:
    # What the SDK's connection does per message (construct_type_unchecked, no validation), and what a user who
    # wants validation writes (pydantic's TypeAdapter over the same union).
    import pydantic
    from openai._models import construct_type_unchecked

    if live:
        from openai.types.live import ServerEvent as union
    else:
        from openai.types.realtime import RealtimeServerEvent as union

    mix = list(LIVE_EVENT_MIX if live else EVENT_MIX)
    loads = json.loads
    if validated:
        validate = pydantic.TypeAdapter(union).validate_python

        def call() -> Any:
            return [validate(loads(text)) for text in mix]

    else:

        def call() -> Any:
            return [construct_type_unchecked(value=loads(text), type_=union) for text in mix]

    return call


def _check_events(result: Any) -> None:
    # Every event must come back typed (not a dict, not the unknown fallback).
    if len(result) != len(EVENT_MIX) or any(
        isinstance(event, dict) or "Unknown" in type(event).__name__ for event in result
    ):
        raise AssertionError("events were not parsed into their types: %r" % (result[:3],))


# --------------------------------------------------------------------------------------------------------------
# CPU-cache sweep between calls (the "cold caches" condition: a shared, loaded box)

_SWEEP_BYTES = 32 * 1024 * 1024
_sweep_buffers: List[bytearray] = []


def sweep() -> None:
    """Touch a 32 MiB buffer (read one, write the other), evicting the caches the previous call warmed."""
    if not _sweep_buffers:
        _sweep_buffers.extend([bytearray(b"\x01" * _SWEEP_BYTES), bytearray(_SWEEP_BYTES)])
    _sweep_buffers[1][:] = _sweep_buffers[0]


def alternate(calls: Dict[str, Callable[[], Any]], n: int, swept: bool) -> Dict[str, Any]:
    """Call each implementation in turn, one call at a time, ``n`` times each; per-call wall/CPU medians.

    The order flips every iteration, so neither side always runs right after the other. With ``swept`` the
    cache sweep runs (untimed) before every call.
    """
    import statistics

    names = list(calls)
    wall: Dict[str, List[float]] = {name: [] for name in names}
    perf, cpu_clock = time.perf_counter, time.process_time
    cpu_total = dict.fromkeys(names, 0.0)
    for i in range(n):
        for name in names if i % 2 == 0 else reversed(names):
            call = calls[name]
            if swept:
                sweep()
            c0, t0 = cpu_clock(), perf()
            call()
            t1, c1 = perf(), cpu_clock()
            wall[name].append(t1 - t0)
            cpu_total[name] += c1 - c0
    return {name: {"us": statistics.median(wall[name]) * 1e6, "cpu_us": cpu_total[name] / n * 1e6} for name in names}


# --------------------------------------------------------------------------------------------------------------
# Fixture replay: realtime_sync.fixtures.FixtureTransport vs vcrpy, same interactions recorded from the same server


def record_fixture(path: str, count: int, url: str) -> None:
    import realtime_sync
    from realtime_sync import HttpResponse
    from realtime_sync.fixtures import FixtureTransport

    class Accepting:
        """The server side of the recording: every accept answers 200 with no body, as the API does."""

        def send(self, request: Any, *, timeout: Any) -> Any:
            return HttpResponse(200, {"content-type": "application/json", "x-request-id": "req_bench"}, b"")

        def close(self) -> None:
            pass

    if os.path.exists(path):
        os.remove(path)
    transport = FixtureTransport(path, record_mode="all", inner=Accepting())
    with realtime_sync.RealtimeClient(api_key=API_KEY, base_url=url, transport=transport) as client:
        for i in range(count):
            client.calls.accept("rtc_%06d" % i, session=accept_body(i))


def record_vcr(path: str, count: int, url: str) -> None:
    import copy

    import requests
    import vcr
    import yaml

    # vcrpy's own recording is quadratic (each new request first scans the cassette), so record one
    # interaction through vcrpy for its exact format and replicate it with distinct paths and bodies.
    if os.path.exists(path):
        os.remove(path)
    session = requests.Session()
    headers = {"Authorization": "Bearer " + API_KEY}
    with vcr.VCR(record_mode="all", filter_headers=["authorization"]).use_cassette(path):
        session.post(url + "/realtime/calls/rtc_%06d/accept" % 0, json=accept_body(0), headers=headers)
    with open(path) as stream:
        data = yaml.safe_load(stream)
    template = data["interactions"][0]
    interactions = []
    for i in range(count):
        interaction = copy.deepcopy(template)
        interaction["request"]["uri"] = url + "/realtime/calls/rtc_%06d/accept" % i
        interaction["request"]["body"] = json.dumps(accept_body(i))
        interactions.append(interaction)
    data["interactions"] = interactions
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    with open(path, "w") as stream:
        yaml.dump(data, stream, Dumper=dumper)


class Replay:
    """A loaded fixture plus the not-yet-played call ids, in a shuffled (seeded) order."""

    def __init__(self, impl: str, path: str, count: int, url: str) -> None:
        self.order = list(range(count))
        random.Random(count).shuffle(self.order)
        self.exit: Optional[Callable[[], None]] = None
        started = time.perf_counter()
        if impl == "fixture":
            import realtime_sync
            from realtime_sync.fixtures import FixtureTransport

            client = realtime_sync.RealtimeClient(
                api_key=API_KEY, base_url=url, transport=FixtureTransport(path, record_mode="none")
            )
            accept = client.calls.accept

            def call(i: int) -> Any:
                return accept("rtc_%06d" % i, session=accept_body(i))

            self.exit = client.close
        elif impl == "vcr":
            import requests
            import vcr

            context = vcr.VCR(record_mode="none").use_cassette(path)
            context.__enter__()
            session = requests.Session()
            headers = {"Authorization": "Bearer " + API_KEY}

            def call(i: int) -> Any:
                response = session.post(
                    url + "/realtime/calls/rtc_%06d/accept" % i, json=accept_body(i), headers=headers
                )
                response.raise_for_status()
                return response

            def leave() -> None:
                context.__exit__(None, None, None)

            self.exit = leave
        else:
            raise ValueError("replay impl: expected 'fixture' or 'vcr', got %r" % (impl,))
        self.call = call
        self.load_seconds = time.perf_counter() - started

    def run(self, n: int) -> Tuple[float, float]:
        """Replay ``n`` not-yet-played interactions; (wall, CPU) seconds.

        Example::

            wall, cpu = replay.run(20)
        """
        batch, self.order = self.order[:n], self.order[n:]
        if len(batch) < n:
            raise ValueError("only %d unplayed interactions left, %d asked" % (len(batch), n))
        call = self.call
        cpu, started = time.process_time(), time.perf_counter()
        for i in batch:
            call(i)
        return time.perf_counter() - started, time.process_time() - cpu

    def close(self) -> None:
        if self.exit is not None:
            self.exit()
            self.exit = None


# --------------------------------------------------------------------------------------------------------------
# The command loop


def _make_call(kind: str, impl: str, url: str, payload: str) -> Callable[[], Any]:
    table: Dict[str, Callable[[], Callable[[], Any]]] = {
        "overhead/realtime_sync": lambda: overhead_realtime_sync(payload),
        "overhead/openai": lambda: overhead_openai(payload),
        "loopback/realtime_sync": lambda: loopback_realtime_sync(url, payload),
        "loopback/requests": lambda: loopback_requests(url, payload),
        "loopback/openai": lambda: loopback_openai(url, payload),
        "events/realtime_sync": events_realtime_sync,
        "events/openai-unvalidated": lambda: events_openai(False),
        "events/openai-validated": lambda: events_openai(True),
        "events/json-loads": events_json_loads,
        "live_events/realtime_sync": live_events_realtime_sync,
        "live_events/json-loads": lambda: events_json_loads(live=True),
        "live_events/openai-unvalidated": lambda: events_openai(False, live=True),
        "live_events/openai-validated": lambda: events_openai(True, live=True),
    }
    key = "%s/%s" % (kind, impl)
    if key not in table:
        raise ValueError("unknown benchmark %r; expected one of %s" % (key, sorted(table)))
    return table[key]()


def serve() -> None:
    call: Optional[Callable[[], Any]] = None
    calls: Dict[str, Callable[[], Any]] = {}
    replay: Optional[Replay] = None
    for line in sys.stdin:
        command = json.loads(line)
        op = command["op"]
        try:
            reply: Dict[str, Any] = {"ok": True}
            if op == "quit":
                break
            if op == "setup" and command["kind"] == "replay":
                if replay is not None:
                    replay.close()
                replay = Replay(command["impl"], command["path"], command["count"], command["url"])
                reply["load_seconds"] = replay.load_seconds
            elif op == "setup":
                payload = command.get("payload", "largest")
                call = _make_call(command["kind"], command["impl"], command.get("url", ""), payload)
                if command["kind"] in ("events", "live_events"):
                    if command["impl"] != "json-loads":  # the floor gives dicts, on purpose
                        _check_events(call())
                else:
                    _check_secret(call(), payload)
                calls[command.get("name", command["impl"])] = call
                for _ in range(command.get("warmup", 50)):
                    call()
            elif op == "alternate":
                reply["impls"] = alternate(calls, command["n"], command.get("swept", False))
            elif op == "run" and replay is not None and command.get("kind") == "replay":
                reply["seconds"], reply["cpu_seconds"] = replay.run(command["n"])
            elif op == "run":
                assert call is not None, "setup first"
                n = command["n"]
                cpu, started = time.process_time(), time.perf_counter()
                for _ in range(n):
                    call()
                reply["seconds"] = time.perf_counter() - started
                reply["cpu_seconds"] = time.process_time() - cpu
            elif op == "record":
                started = time.perf_counter()
                {"fixture": record_fixture, "vcr": record_vcr}[command["impl"]](
                    command["path"], command["count"], command["url"]
                )
                reply["seconds"] = time.perf_counter() - started
                reply["bytes"] = os.path.getsize(command["path"])
            else:
                raise ValueError("unknown op %r" % (op,))
        except Exception:
            reply = {"ok": False, "error": traceback.format_exc()}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
    if replay is not None:
        replay.close()


def _rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def memory(impl: str, calls: int) -> Dict[str, Any]:
    """RSS (KiB) at each stage of a fresh process: start, import, first call, 1,000 calls, ``calls`` calls.

    Example::

        python benchmarks/_worker.py memory --impl realtime_sync --calls 10000
    """
    points: List[Any] = [("start", _rss_kib())]
    if impl == "realtime_sync":
        import realtime_sync

        realtime_sync.RealtimeClient  # noqa: B018 - the honest import cost includes the lazy client
        make = overhead_realtime_sync
    else:
        import openai

        openai.OpenAI  # noqa: B018
        make = overhead_openai
    points.append(("import", _rss_kib()))
    call = make()
    _check_secret(call(), "largest")
    points.append(("first call", _rss_kib()))
    done = 1
    for target in (1000, calls):
        for _ in range(target - done):
            call()
        done = target
        gc.collect()
        points.append(("%d calls" % target, _rss_kib()))
    return {"impl": impl, "calls": calls, "rss_kib": points}


def profile(impl: str, calls: int, sort: str, limit: int) -> None:
    """Print a cProfile of ``calls`` in-memory ``client_secrets.create`` calls.

    Example::

        python benchmarks/_worker.py profile --impl realtime_sync --calls 5000
    """
    import cProfile
    import pstats

    call = overhead_realtime_sync() if impl == "realtime_sync" else overhead_openai()
    for _ in range(200):
        call()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        call()
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs().sort_stats(sort).print_stats(limit)


def main() -> None:
    """Serve commands on stdin, or run a one-shot mode.

    Example::

        python benchmarks/_worker.py memory --impl openai --calls 10000
    """
    parser = argparse.ArgumentParser(description="benchmark worker (driven by run.py)")
    parser.add_argument("mode", nargs="?", default="serve", choices=["serve", "memory", "profile"])
    parser.add_argument("--impl", default="realtime_sync")
    parser.add_argument("--calls", type=int, default=10000)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--limit", type=int, default=30)
    args = parser.parse_args()
    if args.mode == "serve":
        serve()
    elif args.mode == "memory":
        print(json.dumps(memory(args.impl, args.calls)))
    else:
        profile(args.impl, args.calls, args.sort, args.limit)


if __name__ == "__main__":
    main()
