"""Benchmarks: realtime_sync against the official ``openai`` SDK, bare ``requests`` and vcrpy, side by side.

One command::

    python benchmarks/run.py            # full run, a few minutes
    python benchmarks/run.py --quick    # under a minute, smaller samples
    python benchmarks/run.py --profile  # also cProfile the per-call path and -X importtime the import

Run it with an interpreter that has realtime_sync's dependencies (requests, attrs, cattrs); the realtime_sync code
measured is always this checkout's. The official SDK and vcrpy live in their own virtualenv,
``benchmarks/.venv-openai`` (made on first use with ``pip install openai==3.51.0 vcrpy requests``, reused afterwards,
gitignored), so they never become our dependencies.

Every figure is a median over interleaved rounds (the machine is noisy), printed with its interquartile range and
the ratio the issue targets. ``benchmarks/results/summary.json`` and ``summary.md`` get the same figures.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORKER = os.path.join(HERE, "_worker.py")
SERVER = os.path.join(HERE, "_server.py")
RESULTS = os.path.join(HERE, "results")
DEFAULT_VENV = os.path.join(HERE, ".venv-openai")
#: The official SDK release every comparison is made against (installed into DEFAULT_VENV).
OPENAI_PIN = "3.51.0"
#: The checkout whose realtime_sync is measured (``--tree`` changes it, e.g. to compare a patched copy).
TREE = [ROOT]

__all__ = ["main"]


class BenchError(Exception):
    """A benchmark could not run (missing package, a worker failed); the other sections still run."""


# --------------------------------------------------------------------------------------------------------------
# Small statistics helpers


def quartiles(values: Sequence[float]) -> Tuple[float, float, float]:
    """(p25, median, p75) of a sample.

    Example::

        quartiles([1.0, 2.0, 3.0, 4.0])
    """
    ordered = sorted(values)
    if len(ordered) < 4:
        median = statistics.median(ordered)
        return ordered[0], median, ordered[-1]
    q = statistics.quantiles(ordered, n=4, method="inclusive")
    return q[0], q[1], q[2]


def summarize(values: Sequence[float], unit: str) -> Dict[str, Any]:
    """Median, quartiles and sample size, in ``unit``.

    Example::

        summarize([0.1, 0.2, 0.3], "ms")
    """
    p25, median, p75 = quartiles(values)
    return {"median": median, "p25": p25, "p75": p75, "n": len(values), "unit": unit}


def fmt(stat: Dict[str, Any], digits: int = 1) -> str:
    """``12.3 ms (11.9-12.8, n=21)``.

    Example::

        fmt(summarize([1, 2, 3], "ms"))
    """
    pattern = "%%.%df %%s (%%.%df-%%.%df, n=%%d)" % (digits, digits, digits)
    return pattern % (stat["median"], stat["unit"], stat["p25"], stat["p75"], stat["n"])


def verdict(ok: bool) -> str:
    """PASS or MISS, for the printed table.

    Example::

        verdict(2 > 1)
    """
    return "PASS" if ok else "MISS"


# --------------------------------------------------------------------------------------------------------------
# Interpreters and workers


def ours_env() -> Dict[str, str]:
    """The environment for our side: this checkout first on sys.path.

    Example::

        subprocess.run([sys.executable, "-c", "import realtime_sync"], env=ours_env())
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = TREE[0] + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("OPENAI_API_KEY", None)  # never let a real key near a benchmark
    env.pop("REALTIME_SYNC_RECORD_MODE", None)  # the replay benchmark must replay
    return env


def theirs_env() -> Dict[str, str]:
    """The environment for the official SDK's side: nothing of ours on sys.path.

    Example::

        subprocess.run([venv_python, "-c", "import openai"], env=theirs_env())
    """
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env.pop("OPENAI_API_KEY", None)
    return env


def venv_python(venv: str) -> str:
    """The interpreter inside a virtualenv.

    Example::

        venv_python("benchmarks/.venv-openai")
    """
    return os.path.join(venv, "Scripts", "python.exe") if os.name == "nt" else os.path.join(venv, "bin", "python")


def probe(python: str, code: str, env: Dict[str, str]) -> Optional[str]:
    """Run ``code`` and return its stripped output, or None if it failed.

    Example::

        probe(sys.executable, "import requests; print(requests.__version__)", ours_env())
    """
    done = subprocess.run([python, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    return done.stdout.strip() if done.returncode == 0 else None


def ensure_openai_venv(venv: str, log: Callable[[str], None]) -> Dict[str, Any]:
    """Create (or reuse) the separate virtualenv with openai, requests and, if it installs, vcrpy.

    Example::

        info = ensure_openai_venv("benchmarks/.venv-openai", print)
    """
    python = venv_python(venv)
    if not os.path.exists(python):
        log("creating %s (once) ..." % os.path.relpath(venv))
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    installed = probe(python, "import openai, requests; print(openai.__version__)", theirs_env())
    if installed != OPENAI_PIN:
        # Pinned: every published comparison is against the same SDK release, whatever PyPI serves today.
        log("installing openai==%s and requests into %s ..." % (OPENAI_PIN, os.path.relpath(venv)))
        subprocess.run([*pip, "openai==%s" % OPENAI_PIN, "requests"], check=True)
    if probe(python, "import vcr, yaml", theirs_env()) is None:
        log("installing vcrpy into %s (optional) ..." % os.path.relpath(venv))
        if subprocess.run([*pip, "vcrpy"]).returncode != 0:
            log("vcrpy did not install: the replay comparison will show our figures only")
    versions = probe(
        python, VERSIONS_CODE % ["openai", "httpx2", "httpx", "pydantic", "requests", "vcrpy"], theirs_env()
    )
    return {"python": python, "versions": json.loads(versions or "{}")}


VERSIONS_CODE = """
import json, sys
from importlib import metadata
out = {"python": sys.version.split()[0]}
for name in %r:
    try:
        out[name] = metadata.version(name)
    except Exception:
        pass
print(json.dumps(out))
"""


class Worker:
    """A long-lived ``_worker.py`` process answering one JSON command per line.

    Example::

        with Worker(sys.executable, ours_env()) as worker:
            worker.call(op="setup", kind="overhead", impl="realtime_sync")
    """

    def __init__(self, python: str, env: Dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [python, WORKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True, bufsize=1
        )

    def call(self, **command: Any) -> Dict[str, Any]:
        """Send one command and wait for its answer.

        Example::

            worker.call(op="run", n=1000)["seconds"]
        """
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise BenchError("worker exited (status %s) during %r" % (self.proc.wait(), command))
        reply: Dict[str, Any] = json.loads(line)
        if not reply.get("ok"):
            error = reply.get("error", "").strip().splitlines()
            raise BenchError("%s failed: %s" % (command.get("op"), error[-1] if error else "unknown error"))
        return reply

    def close(self) -> None:
        """Ask the worker to stop; kill it if it does not.

        Example::

            worker.close()
        """
        if self.proc.poll() is None:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.write('{"op": "quit"}\n')
                self.proc.stdin.close()
                self.proc.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> "Worker":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()


class LoopbackServer:
    """``_server.py`` in its own process (so it does not share the client's GIL), on 127.0.0.1.

    Example::

        with LoopbackServer(sys.executable) as server:
            print(server.url)
    """

    def __init__(self, python: str, max_seconds: float) -> None:
        self.proc = subprocess.Popen(
            [python, SERVER, "--max-seconds", str(max_seconds)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=theirs_env(),
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().split()
        if len(line) != 2 or line[0] != "PORT":
            self.close()
            raise BenchError("loopback server did not start")
        self.url = "http://127.0.0.1:%s/v1" % line[1]

    def stats(self) -> Dict[str, int]:
        """Connections the server accepted and requests it answered so far.

        Example::

            server.stats()["connections"]
        """
        import urllib.request

        with urllib.request.urlopen(self.url.replace("/v1", "/_stats"), timeout=10) as answer:
            stats: Dict[str, int] = json.loads(answer.read())
        stats["connections"] -= 1  # this request's own connection
        return stats

    def close(self) -> None:
        """Stop the server (closing its stdin is its signal to exit).

        Example::

            server.close()
        """
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> "LoopbackServer":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()


# --------------------------------------------------------------------------------------------------------------
# 1. Import time


def import_code(prelude: str, stmt: str) -> str:
    """A ``-c`` program timing ``stmt`` (after an untimed ``prelude``) with perf_counter.

    Example::

        import_code("", "import requests")
    """
    return "%s\nimport time\nt0 = time.perf_counter()\n%s\nprint(time.perf_counter() - t0)\n" % (prelude, stmt)


# The first call loads what a bare import defers (models, cattrs, converters) and, for realtime_sync, requests
# (touching RequestsTransport, as any real client does), then sends through an in-memory transport.
FIRST_CALL_PRELUDE = "import sys; sys.path.insert(0, %r); from _payloads import API_KEY, PAYLOADS" % HERE
FIRST_CALL_OURS = """import realtime_sync
realtime_sync.RequestsTransport
class Canned:
    def send(self, request, *, timeout):
        return realtime_sync.HttpResponse(200, {"content-type": "application/json"}, PAYLOADS["largest"][3])
    def close(self):
        pass
client = realtime_sync.RealtimeClient(api_key=API_KEY, transport=Canned())
client.client_secrets.create(session=PAYLOADS["largest"][0], expires_after=PAYLOADS["largest"][1])"""
FIRST_CALL_THEIRS = """import openai, httpx2
def handler(request):
    return httpx2.Response(200, headers={"content-type": "application/json"}, content=PAYLOADS["largest"][3])
http_client = httpx2.Client(transport=httpx2.MockTransport(handler))
client = openai.OpenAI(api_key=API_KEY, http_client=http_client)
client.realtime.client_secrets.create(session=PAYLOADS["largest"][0], expires_after=PAYLOADS["largest"][1])"""

# The bare loop's first call, on the same canned answer: an adapter mounted on the Session stands in for the socket.
FIRST_CALL_BARE = """import requests, requests.adapters, requests.models
class Canned(requests.adapters.BaseAdapter):
    def send(self, request, **kwargs):
        response = requests.models.Response()
        response.status_code, response._content, response.request = 200, PAYLOADS["largest"][3], request
        response.headers["content-type"] = "application/json"
        return response
    def close(self):
        pass
http = requests.Session()
http.mount("http://", Canned())
answer = http.post("http://127.0.0.1:9/v1/realtime/client_secrets",
                   json={"session": PAYLOADS["largest"][0], "expires_after": PAYLOADS["largest"][1]},
                   headers={"Authorization": "Bearer " + API_KEY}, timeout=60)
answer.raise_for_status()
answer.json()"""

IMPORT_TARGETS = [
    # (label, side, untimed prelude, timed statement)
    ("import realtime_sync", "ours", "", "import realtime_sync"),
    ("  + realtime_sync.RealtimeClient", "ours", "", "import realtime_sync; realtime_sync.RealtimeClient"),
    (
        "  + RealtimeClient(api_key=...)",
        "ours",
        "",
        "import realtime_sync; realtime_sync.RealtimeClient(api_key='sk-x')",
    ),
    ("  + first call (largest payload, in-memory)", "ours", FIRST_CALL_PRELUDE, FIRST_CALL_OURS),
    ("import requests", "ours", "", "import requests"),
    ("  + first call, bare requests (largest payload, in-memory)", "ours", FIRST_CALL_PRELUDE, FIRST_CALL_BARE),
    ("import openai", "theirs", "", "import openai"),
    ("  + openai.OpenAI", "theirs", "", "import openai; openai.OpenAI"),
    (
        "  + OpenAI(api_key=...).realtime.client_secrets",
        "theirs",
        "",
        "import openai; openai.OpenAI(api_key='sk-x').realtime.client_secrets",
    ),
    ("  + first call (largest payload, in-memory) ", "theirs", FIRST_CALL_PRELUDE, FIRST_CALL_THEIRS),
]


def bench_import(rounds: int, theirs: Optional[str], log: Callable[[str], None]) -> Dict[str, Any]:
    """Median in-process import time of each target, each sample in a fresh interpreter, targets interleaved.

    Example::

        bench_import(21, venv_python(DEFAULT_VENV), print)
    """
    samples: Dict[str, List[float]] = {target[0]: [] for target in IMPORT_TARGETS}
    runnable = [target for target in IMPORT_TARGETS if target[1] == "ours" or theirs]
    for index in range(rounds + 1):  # round 0 warms the .pyc caches and is dropped
        for label, side, prelude, stmt in runnable:
            python, env = (sys.executable, ours_env()) if side == "ours" else (theirs or "", theirs_env())
            # Cold start as an installed package has it: with its bytecode cached (pip compiles on install; the
            # SDK's venv has its .pyc). With PYTHONDONTWRITEBYTECODE set (this machine sets it) round 0 could not
            # write them, and every sample of this checkout would include compiling it.
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            # cwd: a neutral directory, so ``-c``'s sys.path[0] never shadows the tree being measured
            done = subprocess.run(
                [python, "-c", import_code(prelude, stmt)],
                env=env,
                capture_output=True,
                text=True,
                cwd=tempfile.gettempdir(),
            )
            if done.returncode != 0:
                raise BenchError("%s failed: %s" % (label.strip(), done.stderr.strip().splitlines()[-1:]))
            if index:
                samples[label].append(float(done.stdout) * 1000)
    results = {label: summarize(values, "ms") for label, values in samples.items() if values}
    out: Dict[str, Any] = {"targets": results}
    if theirs:
        base, client = results["import realtime_sync"], results["  + realtime_sync.RealtimeClient"]
        sdk, sdk_client = results["import openai"], results["  + openai.OpenAI"]
        out["ratio_import"] = base["median"] / sdk["median"]
        out["ratio_import_client"] = client["median"] / sdk_client["median"]
        out["ratio_construct"] = (
            results["  + RealtimeClient(api_key=...)"]["median"]
            / results["  + OpenAI(api_key=...).realtime.client_secrets"]["median"]
        )
        out["ratio_first_call"] = (
            results["  + first call (largest payload, in-memory)"]["median"]
            / results["  + first call (largest payload, in-memory) "]["median"]
        )
    out["ratio_first_call_bare"] = (
        results["  + first call (largest payload, in-memory)"]["median"]
        / results["  + first call, bare requests (largest payload, in-memory)"]["median"]
    )
    for label, stat in results.items():
        log("  %-60s %s" % (label, fmt(stat)))
    log(
        "  cold start (import + client + first call) realtime_sync / bare requests: %.2f   (target <= 1.7) %s"
        % (out["ratio_first_call_bare"], verdict(out["ratio_first_call_bare"] <= 1.7))
    )
    if theirs:
        log(
            "  realtime_sync / openai: import %.3f, with client class %.3f   (target <= 0.25) %s;"
            " constructing a client %.3f, to the first call %.3f"
            % (
                out["ratio_import"],
                out["ratio_import_client"],
                verdict(out["ratio_import_client"] <= 0.25),
                out["ratio_construct"],
                out["ratio_first_call"],
            )
        )
    return out


# --------------------------------------------------------------------------------------------------------------
# Timed loops shared by the overhead and loopback sections


def calibrate(worker: Worker, target_seconds: float) -> int:
    """How many calls make one batch of about ``target_seconds``.

    Example::

        n = calibrate(worker, 0.3)
    """
    n = 10
    while True:
        seconds = worker.call(op="run", n=n)["seconds"]
        if seconds >= 0.05 or n >= 1_000_000:
            return max(5, int(n * target_seconds / max(seconds, 1e-9)))
        n *= 4


def interleaved(
    workers: Dict[str, Worker], rounds: int, batch_seconds: float, per: str, clock: str
) -> Dict[str, Dict[str, Any]]:
    """Alternate batches of each implementation; per-call microseconds (``per='us'``) or calls/s (``'cps'``).

    ``clock`` is ``"cpu_seconds"`` (the worker's own CPU time: what a client costs, robust to other load on the
    machine) or ``"seconds"`` (wall time: what throughput means).

    Example::

        interleaved({"a": worker_a, "b": worker_b}, rounds=15, batch_seconds=0.3, per="us", clock="cpu_seconds")
    """
    sizes = {name: calibrate(worker, batch_seconds) for name, worker in workers.items()}
    samples: Dict[str, List[float]] = {name: [] for name in workers}
    cpu: Dict[str, List[float]] = {name: [] for name in workers}
    for index in range(rounds):
        names = list(workers) if index % 2 == 0 else list(reversed(list(workers)))
        for name in names:
            reply = workers[name].call(op="run", n=sizes[name])
            seconds = reply[clock]
            samples[name].append(seconds / sizes[name] * 1e6 if per == "us" else sizes[name] / seconds)
            cpu[name].append(reply["cpu_seconds"] / sizes[name] * 1e6)
    unit = "us/call" if per == "us" else "calls/s"
    return {
        name: dict(summarize(values, unit), batch=sizes[name], cpu_us=statistics.median(cpu[name]))
        for name, values in samples.items()
    }


def start_workers(specs: Dict[str, Tuple[str, Dict[str, Any]]], theirs: Optional[str]) -> Dict[str, Worker]:
    """One worker per benchmark name, on our interpreter or the SDK's, each set up and warmed.

    Example::

        start_workers({"realtime_sync": ("ours", {"kind": "overhead", "impl": "realtime_sync"})}, None)
    """
    workers: Dict[str, Worker] = {}
    try:
        for name, (side, setup) in specs.items():
            if side == "theirs" and not theirs:
                continue
            python, env = (sys.executable, ours_env()) if side == "ours" else (theirs or "", theirs_env())
            workers[name] = Worker(python, env)
            workers[name].call(op="setup", warmup=200, **setup)
    except BaseException:
        for worker in workers.values():
            worker.close()
        raise
    return workers


# --------------------------------------------------------------------------------------------------------------
# 2. Per-call overhead on in-memory transports


def bench_overhead(
    rounds: int, batch_seconds: float, n_swept: int, theirs: Optional[str], log: Callable[[str], None]
) -> Dict[str, Any]:
    """client_secrets.create on in-memory transports, both clients, both payloads, both cache conditions.

    Back-to-back: CPU time per call over alternating batches. Swept: wall time per call with the 32 MiB cache sweep
    (untimed) before every call, the two clients' workers taking turns each round.

    Example::

        bench_overhead(15, 0.3, 100, venv_python(DEFAULT_VENV), print)
    """
    out: Dict[str, Any] = {"clock": "process CPU time", "payloads": {}}
    for payload in ("largest", "typical"):
        specs = {
            impl: (side, {"kind": "overhead", "impl": impl, "payload": payload})
            for impl, side in (("realtime_sync", "ours"), ("openai", "theirs"))
        }
        workers = start_workers(specs, theirs)
        try:
            results = interleaved(workers, rounds, batch_seconds, "us", "cpu_seconds")
            swept, _ = alternating(workers, max(3, rounds // 2), n_swept, True)
        finally:
            for worker in workers.values():
                worker.close()
        entry: Dict[str, Any] = {"impls": results, "swept": {k: summarize(v, "us/call") for k, v in swept.items()}}
        log("  %s payload:" % payload)
        for impl, stat in results.items():
            log("    %-46s %s; cache swept: %s" % (impl, fmt(stat), fmt(entry["swept"][impl])))
        if "openai" in results:
            entry["ratio"] = results["openai"]["median"] / results["realtime_sync"]["median"]
            entry["ratio_swept"] = entry["swept"]["openai"]["median"] / entry["swept"]["realtime_sync"]["median"]
            log(
                "    openai / realtime_sync: %.2fx the overhead back-to-back, %.2fx cache swept   (target >= 10x) %s"
                % (entry["ratio"], entry["ratio_swept"], verdict(min(entry["ratio"], entry["ratio_swept"]) >= 10))
            )
        out["payloads"][payload] = entry
    return out


# --------------------------------------------------------------------------------------------------------------
# 3. Loopback throughput

BARE = "bare requests.Session().post"


CONDITIONS = (("warm", False), ("swept", True))
CONDITION_TEXT = {
    "warm": "back-to-back (warm CPU caches)",
    "swept": "32 MiB cache sweep before every call (cold CPU caches)",
}


def alternating(
    groups: Dict[str, Worker], rounds: int, n: int, swept: bool
) -> Tuple[Dict[str, List[float]], Dict[str, List[float]]]:
    """Rounds of ``alternate``: each worker calls its implementations one by one, workers take turns per round.

    Returns per-round median microseconds per call (wall) and mean CPU microseconds per call, by implementation.

    Example::

        wall, cpu = alternating({"ours": worker}, rounds=9, n=300, swept=False)
    """
    wall: Dict[str, List[float]] = {}
    cpu: Dict[str, List[float]] = {}
    for index in range(rounds):
        order = list(groups) if index % 2 == 0 else list(reversed(list(groups)))
        for group in order:
            for name, stat in groups[group].call(op="alternate", n=n, swept=swept)["impls"].items():
                wall.setdefault(name, []).append(stat["us"])
                cpu.setdefault(name, []).append(stat["cpu_us"])
    return wall, cpu


def bench_loopback(
    rounds: int, n: int, n_swept: int, theirs: Optional[str], log: Callable[[str], None]
) -> Dict[str, Any]:
    """Wall time per call against the keep-alive server: ours and a bare requests loop alternating call by call.

    Both run in one client process (the server is another), one call each in turn, in both cache conditions;
    the official SDK runs in its own process (its own virtualenv) in the same rounds, for context.

    Example::

        bench_loopback(9, 400, 100, None, print)
    """
    out: Dict[str, Any] = {"clock": "wall time per call", "conditions": {}}
    with LoopbackServer(sys.executable, max_seconds=1800) as server:
        for condition, swept in CONDITIONS:
            out["conditions"][condition] = entry_c = {}
            log("  %s:" % CONDITION_TEXT[condition])
            for payload in ("largest", "typical"):
                groups: Dict[str, Worker] = {}
                try:
                    groups["ours"] = Worker(sys.executable, ours_env())
                    for name, impl in (("realtime_sync", "realtime_sync"), (BARE, "requests")):
                        groups["ours"].call(
                            op="setup",
                            kind="loopback",
                            impl=impl,
                            name=name,
                            payload=payload,
                            url=server.url,
                            warmup=200,
                        )
                    if theirs:
                        groups["openai"] = Worker(theirs, theirs_env())
                        groups["openai"].call(
                            op="setup", kind="loopback", impl="openai", payload=payload, url=server.url, warmup=200
                        )
                    wall, cpu = alternating(groups, rounds, n_swept if swept else n, swept)
                finally:
                    for worker in groups.values():
                        worker.close()
                results = {
                    name: dict(summarize(values, "us/call"), cpu_us=statistics.median(cpu[name]))
                    for name, values in wall.items()
                }
                ratios = [b / o for b, o in zip(wall[BARE], wall["realtime_sync"])]
                entry: Dict[str, Any] = {"impls": results, "ratio": statistics.median(ratios)}
                entry["ratio_range"] = [min(ratios), max(ratios)]
                log("    %s payload:" % payload)
                for name, stat in results.items():
                    log("      %-44s %s; client CPU %.0f us/call" % (name, fmt(stat, 0), stat["cpu_us"]))
                target = 1.0 if payload == "largest" else 1.2
                log(
                    "      throughput realtime_sync / bare requests: %.3f (rounds %.3f-%.3f)   (target >= %.1f) %s"
                    % (entry["ratio"], min(ratios), max(ratios), target, verdict(entry["ratio"] >= target))
                )
                if "openai" in results:
                    entry["ratio_vs_openai"] = results["openai"]["median"] / results["realtime_sync"]["median"]
                    log("      throughput realtime_sync / openai: %.2fx" % entry["ratio_vs_openai"])
                entry_c[payload] = entry
        out["server"] = server.stats()
    log(
        "  the server accepted %d connections for %d requests (one per client and implementation: keep-alive works)"
        % (out["server"]["connections"], out["server"]["requests"])
    )
    return out


# --------------------------------------------------------------------------------------------------------------
# 3b. Sideband event parsing

EVENTS_PER_PASS = 34  # benchmarks/_payloads.EVENT_MIX and LIVE_EVENT_MIX
# json.loads alone over the same mix (dicts, nothing typed or checked): the part of every figure
# that no parser on the standard library's decoder can go under, so a reader sees what the
# target leaves for the parsing itself on this machine.
JSON_FLOOR = "json.loads alone (the floor)"

EVENT_IMPLS = {
    # kind: (our label, worker kind)
    "events": ("realtime_sync parse_server_event", "events"),
    "live_events": ("realtime_sync parse_live_server_event", "live_events"),
}


def bench_events(
    rounds: int, batch_seconds: float, theirs: Optional[str], log: Callable[[str], None], kind: str = "events"
) -> Dict[str, Any]:
    """CPU time per server event over the issue's realistic mix: ours vs the SDK unvalidated and validated.

    ``kind`` is ``"events"`` (Realtime sideband, ``EVENT_MIX``) or ``"live_events"`` (Live, ``LIVE_EVENT_MIX``).

    Example::

        bench_events(15, 0.3, venv_python(DEFAULT_VENV), print, kind="live_events")
    """
    ours_label, worker_kind = EVENT_IMPLS[kind]
    specs = {
        ours_label: ("ours", {"kind": worker_kind, "impl": "realtime_sync"}),
        JSON_FLOOR: ("ours", {"kind": worker_kind, "impl": "json-loads"}),
        "openai construct_type_unchecked (unvalidated)": (
            "theirs",
            {"kind": worker_kind, "impl": "openai-unvalidated"},
        ),
        "openai TypeAdapter.validate_python (validated)": ("theirs", {"kind": worker_kind, "impl": "openai-validated"}),
    }
    workers = start_workers(specs, theirs)
    try:
        passes = interleaved(workers, rounds, batch_seconds, "us", "cpu_seconds")
    finally:
        for worker in workers.values():
            worker.close()
    results = {}
    for name, stat in passes.items():
        results[name] = {
            "median": stat["median"] / EVENTS_PER_PASS,
            "p25": stat["p25"] / EVENTS_PER_PASS,
            "p75": stat["p75"] / EVENTS_PER_PASS,
            "n": stat["n"],
            "unit": "us/event",
        }
        log("  %-48s %s" % (name, fmt(results[name], 2)))
    out: Dict[str, Any] = {"clock": "process CPU time", "events_per_pass": EVENTS_PER_PASS, "impls": results}
    ours = results[ours_label]["median"]
    floor = results[JSON_FLOOR]["median"]
    out["json_floor"] = floor
    log(
        "  realtime_sync: %.2f us/event   (target <= 5) %s; of which json.loads %.2f, typing and checking %.2f"
        % (ours, verdict(ours <= 5), floor, ours - floor)
    )
    if "openai TypeAdapter.validate_python (validated)" in results:
        out["ratio_unvalidated"] = results["openai construct_type_unchecked (unvalidated)"]["median"] / ours
        out["ratio_validated"] = results["openai TypeAdapter.validate_python (validated)"]["median"] / ours
        log(
            "  openai / realtime_sync: %.1fx (unvalidated), %.1fx (validated)"
            % (out["ratio_unvalidated"], out["ratio_validated"])
        )
    return out


# --------------------------------------------------------------------------------------------------------------
# 4. Fixture replay


def bench_replay(
    counts: Sequence[int], rounds: int, theirs: Optional[str], vcr_ok: bool, log: Callable[[str], None]
) -> Dict[str, Any]:
    """Per replayed call with fixtures of ``counts`` interactions: FixtureTransport vs vcrpy, and how each scales.

    Example::

        bench_replay([100, 5000], 5, venv_python(DEFAULT_VENV), True, print)
    """
    tmp = tempfile.mkdtemp(prefix="rs-bench-")
    impls = {"realtime_sync FixtureTransport": (sys.executable, ours_env(), "fixture", ".json")}
    if theirs and vcr_ok:
        impls["vcrpy + requests"] = (theirs, theirs_env(), "vcr", ".yaml")
    out: Dict[str, Any] = {"counts": list(counts), "impls": {}}
    try:
        with LoopbackServer(sys.executable, max_seconds=900) as server:
            for name, (python, env, impl, ext) in impls.items():
                per_count: Dict[str, Any] = {}
                with Worker(python, env) as worker:
                    for count in counts:
                        path = os.path.join(tmp, "%s-%d%s" % (impl, count, ext))
                        recorded = worker.call(op="record", impl=impl, path=path, count=count, url=server.url)
                        loaded = worker.call(
                            op="setup", kind="replay", impl=impl, path=path, count=count, url=server.url
                        )
                        # Each sample replays about ``target`` CPU seconds of calls in batches no larger than
                        # the fixture; an exhausted fixture is reloaded between batches (untimed).
                        target = 0.15
                        probe_s = worker.call(op="run", kind="replay", n=5)["cpu_seconds"] / 5
                        remaining = count - 5
                        n = int(max(3, min(count // 4, target / max(probe_s, 1e-9))))
                        samples = []
                        for _ in range(rounds):
                            spent, calls = 0.0, 0
                            while spent < target:
                                if remaining < n:
                                    worker.call(
                                        op="setup", kind="replay", impl=impl, path=path, count=count, url=server.url
                                    )
                                    remaining = count
                                spent += worker.call(op="run", kind="replay", n=n)["cpu_seconds"]
                                calls += n
                                remaining -= n
                            samples.append(spent / calls * 1e6)
                        per_count[str(count)] = dict(
                            summarize(samples, "us/call"),
                            batch=n,
                            load_ms=loaded["load_seconds"] * 1000,
                            file_kib=recorded["bytes"] / 1024,
                        )
                        log(
                            "  %-32s %6d interactions: %s, load %.0f ms, file %.0f KiB"
                            % (
                                name,
                                count,
                                fmt(per_count[str(count)]),
                                loaded["load_seconds"] * 1000,
                                recorded["bytes"] / 1024,
                            )
                        )
                out["impls"][name] = per_count
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    small, large = str(counts[0]), str(counts[-1])
    for name, per_count in out["impls"].items():
        growth = per_count[large]["median"] / per_count[small]["median"]
        per_count["growth"] = growth
        log("  %-32s per-call cost x%.2f from %s to %s interactions" % (name, growth, small, large))
    ours = out["impls"]["realtime_sync FixtureTransport"]
    out["scan_free"] = ours["growth"] < 2.0
    log(
        "  FixtureTransport matching is not a linear scan (cost growth < 2x over %sx more interactions): %s"
        % (int(large) // int(small), verdict(out["scan_free"]))
    )
    if "vcrpy + requests" in out["impls"]:
        out["ratio"] = out["impls"]["vcrpy + requests"][large]["median"] / ours[large]["median"]
        log("  vcrpy / FixtureTransport at %s interactions: %.1fx the cost per call" % (large, out["ratio"]))
    return out


# --------------------------------------------------------------------------------------------------------------
# 5. Memory


def bench_memory(calls: int, calls_theirs: int, theirs: Optional[str], log: Callable[[str], None]) -> Dict[str, Any]:
    """RSS after import and after ``calls`` in-memory calls, each side in a fresh process (both at once).

    Example::

        bench_memory(100000, 10000, None, print)
    """
    jobs = {"realtime_sync": (sys.executable, ours_env(), calls)}
    if theirs:  # the SDK is ~10x slower per call: fewer calls keep the section short
        jobs["openai"] = (theirs, theirs_env(), calls_theirs)
    procs = {
        impl: subprocess.Popen(
            [python, WORKER, "memory", "--impl", impl, "--calls", str(count)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for impl, (python, env, count) in jobs.items()
    }
    out: Dict[str, Any] = {"calls": calls, "impls": {}}
    for impl, proc in procs.items():
        calls_here = jobs[impl][2]
        stdout, stderr = proc.communicate(timeout=600)
        if proc.returncode != 0:
            raise BenchError("memory %s failed: %s" % (impl, stderr.strip().splitlines()[-1:]))
        points = {name: kib / 1024 for name, kib in json.loads(stdout)["rss_kib"]}
        growth = points["%d calls" % calls_here] - points["1000 calls"]
        out["impls"][impl] = {"rss_mib": points, "growth_mib": growth, "calls": calls_here}
        log(
            "  %-14s RSS after import %.1f MiB, first call %.1f MiB, 1,000 calls %.1f MiB, %s calls %.1f MiB "
            "(growth %+.2f MiB)"
            % (
                impl,
                points["import"],
                points["first call"],
                points["1000 calls"],
                format(calls_here, ","),
                points["%d calls" % calls_here],
                growth,
            )
        )
    ours = out["impls"]["realtime_sync"]
    out["no_growth"] = ours["growth_mib"] < 1.0
    log(
        "  realtime_sync: no growth from 1,000 to %s calls (< 1 MiB): %s"
        % (format(calls, ","), verdict(out["no_growth"]))
    )
    if theirs:
        out["ratio_import"] = ours["rss_mib"]["import"] / out["impls"]["openai"]["rss_mib"]["import"]
        log("  RSS after import, realtime_sync / openai: %.2f" % out["ratio_import"])
    return out


# --------------------------------------------------------------------------------------------------------------
# Profiling


def profile(theirs: Optional[str], log: Callable[[str], None]) -> None:
    """cProfile of the in-memory per-call path and ``-X importtime`` of the import, for finding hotspots.

    Example::

        profile(None, print)
    """
    log("\n-- cProfile: realtime_sync client_secrets.create, 5,000 in-memory calls (by own time) --")
    subprocess.run([sys.executable, WORKER, "profile", "--impl", "realtime_sync", "--calls", "5000"], env=ours_env())
    log("-- cProfile: same, by cumulative time --")
    subprocess.run(
        [sys.executable, WORKER, "profile", "--impl", "realtime_sync", "--calls", "5000", "--sort", "cumulative"],
        env=ours_env(),
    )
    log("-- -X importtime: import realtime_sync; realtime_sync.RealtimeClient (top 20 by cumulative us) --")
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import realtime_sync; realtime_sync.RealtimeClient"],
        env=ours_env(),
        capture_output=True,
        text=True,
    )
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    for cumulative, name in sorted(rows, reverse=True)[:20]:
        log("  %8d us  %s" % (cumulative, name))


# --------------------------------------------------------------------------------------------------------------
# Report


def machine() -> Dict[str, Any]:
    """What the numbers were measured on.

    Example::

        machine()["cpu"]
    """
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = None
    try:
        with open("/proc/meminfo") as info:
            memory = "%.1f GiB" % (int(info.readline().split()[1]) / 1024 / 1024)
    except OSError:
        pass
    commit = None
    try:
        commit = subprocess.run(
            ["git", "-C", TREE[0], "describe", "--always", "--dirty"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "commit": commit,
    }


def markdown(report: Dict[str, Any]) -> str:
    """The summary as a Markdown table, the form docs/performance.md publishes.

    Example::

        print(markdown(report))
    """
    lines = ["| Measure | realtime_sync | Compared with | Ratio | Target |", "|---|---|---|---|---|"]
    s = report["sections"]
    imp = s.get("import", {})
    if "targets" in imp and "ratio_import_client" not in imp:  # run without the official SDK
        for label, stat in imp["targets"].items():
            lines.append("| `%s` | %.1f ms | | | |" % (label.strip(), stat["median"]))
    if "ratio_import_client" in imp:
        t = imp["targets"]
        lines.append(
            "| Import (`import realtime_sync; realtime_sync.RealtimeClient`) | %.1f ms "
            "| openai (`import openai; openai.OpenAI`) %.1f ms; requests %.1f ms | %.3f | <= 0.25 |"
            % (
                t["  + realtime_sync.RealtimeClient"]["median"],
                t["  + openai.OpenAI"]["median"],
                t["import requests"]["median"],
                imp["ratio_import_client"],
            )
        )
        lines.append(
            "| Import, bare (`import realtime_sync` / `import openai`) | %.1f ms | %.1f ms | %.3f | |"
            % (t["import realtime_sync"]["median"], t["import openai"]["median"], imp["ratio_import"])
        )
        lines.append(
            "| Cold start, fresh process: import + client + first in-memory call (largest payload) | %.1f ms "
            "| bare requests %.1f ms; openai %.1f ms | %.2f (vs bare); %.3f (vs openai) | <= 1.7 vs bare |"
            % (
                t["  + first call (largest payload, in-memory)"]["median"],
                t["  + first call, bare requests (largest payload, in-memory)"]["median"],
                t["  + first call (largest payload, in-memory) "]["median"],
                imp["ratio_first_call_bare"],
                imp["ratio_first_call"],
            )
        )
    for payload, entry in s.get("overhead", {}).get("payloads", {}).items():
        ours, swept = entry["impls"]["realtime_sync"]["median"], entry["swept"]["realtime_sync"]["median"]
        if "ratio" not in entry:
            lines.append(
                "| Per-call overhead, in-memory, %s payload: back-to-back (CPU) / cache swept (wall) "
                "| %.0f / %.0f us | | | |" % (payload, ours, swept)
            )
        else:
            lines.append(
                "| Per-call overhead, in-memory `client_secrets.create`, %s payload: back-to-back (CPU) / cache "
                "swept (wall) | %.0f / %.0f us | openai %.0f / %.0f us | %.1fx / %.1fx less | >= 10x |"
                % (
                    payload,
                    ours,
                    swept,
                    entry["impls"]["openai"]["median"],
                    entry["swept"]["openai"]["median"],
                    entry["ratio"],
                    entry["ratio_swept"],
                )
            )
    for condition, payloads in s.get("loopback", {}).get("conditions", {}).items():
        for payload, entry in payloads.items():
            extra = "; openai %.0f us" % entry["impls"]["openai"]["median"] if "openai" in entry["impls"] else ""
            lines.append(
                "| Loopback keep-alive, calls alternating one by one, %s payload, %s | %.0f us/call "
                "| bare `requests.Session().post` %.0f us%s | %.3f | >= %s |"
                % (
                    payload,
                    CONDITION_TEXT[condition],
                    entry["impls"]["realtime_sync"]["median"],
                    entry["impls"][BARE]["median"],
                    extra,
                    entry["ratio"],
                    "1.0" if payload == "largest" else "1.2",
                )
            )
    for kind, title in (("events", "Sideband event parsing"), ("live_events", "Live event parsing")):
        ev = s.get(kind, {})
        if "impls" not in ev:
            continue
        ours = ev["impls"][EVENT_IMPLS[kind][0]]["median"]
        floor = ev["impls"][JSON_FLOOR]["median"]
        if "ratio_validated" in ev:
            lines.append(
                "| %s, issue mix of 34 events (CPU, back-to-back) | %.2f us/event (json.loads alone %.2f) "
                "| openai %.2f (unvalidated) / %.2f (validated) us | %.1fx / %.1fx less | <= 5 us |"
                % (
                    title,
                    ours,
                    floor,
                    ev["impls"]["openai construct_type_unchecked (unvalidated)"]["median"],
                    ev["impls"]["openai TypeAdapter.validate_python (validated)"]["median"],
                    ev["ratio_unvalidated"],
                    ev["ratio_validated"],
                )
            )
        else:
            lines.append(
                "| %s, issue mix (CPU) | %.2f us/event (json.loads alone %.2f) | | | <= 5 us |" % (title, ours, floor)
            )
    rp = s.get("replay", {})
    if "impls" in rp and rp.get("impls"):
        large = str(rp["counts"][-1])
        ours = rp["impls"]["realtime_sync FixtureTransport"]
        vcr = rp["impls"].get("vcrpy + requests")
        lines.append(
            "| Fixture replay, %s interactions | %.0f us/call (x%.2f vs %s) | %s | %s | no linear scan |"
            % (
                large,
                ours[large]["median"],
                ours["growth"],
                rp["counts"][0],
                ("vcrpy %.0f us/call (x%.2f vs %s)" % (vcr[large]["median"], vcr["growth"], rp["counts"][0]))
                if vcr
                else "vcrpy not installed",
                ("%.0fx less" % rp["ratio"]) if vcr else "",
            )
        )
    mem = s.get("memory", {})
    if "impls" in mem:
        ours = mem["impls"]["realtime_sync"]
        theirs = mem["impls"].get("openai")
        lines.append(
            "| RSS after import + client class | %.1f MiB | %s | %s | |"
            % (
                ours["rss_mib"]["import"],
                ("openai %.1f MiB" % theirs["rss_mib"]["import"]) if theirs else "",
                ("%.2f" % mem["ratio_import"]) if theirs else "",
            )
        )
        lines.append(
            "| RSS growth, 1,000 to %s calls | %+.2f MiB | %s | | no growth |"
            % (
                format(ours["calls"], ","),
                ours["growth_mib"],
                ("openai %+.2f MiB (to %s calls)" % (theirs["growth_mib"], format(theirs["calls"], ",")))
                if theirs
                else "",
            )
        )
    m = report["machine"]
    lines += [
        "",
        "Measured %s on %s, %s cores, %s, %s; commit %s. Ours: %s. Theirs: %s."
        % (
            m["date"],
            m["cpu"],
            m["cores"],
            m["memory"],
            m["platform"],
            m["commit"],
            ", ".join("%s %s" % kv for kv in report["ours"].items()),
            ", ".join("%s %s" % kv for kv in report.get("theirs", {}).items()) or "not measured",
        ),
        "Command: `%s`." % report["command"],
    ]
    return "\n".join(lines) + "\n"


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run every section and print the figures; exit 0 even when a target is missed (this is a report).

    Example::

        python benchmarks/run.py --quick
    """
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small samples, under a minute")
    parser.add_argument("--profile", action="store_true", help="also print cProfile and -X importtime hotspots")
    parser.add_argument(
        "--only",
        action="append",
        choices=["import", "overhead", "loopback", "events", "live_events", "replay", "memory"],
        help="run a section",
    )
    parser.add_argument("--venv", default=DEFAULT_VENV, help="virtualenv for openai + vcrpy (made if missing)")
    parser.add_argument("--no-openai", action="store_true", help="skip the official SDK and vcrpy entirely")
    parser.add_argument("--tree", default=ROOT, help="measure the realtime_sync in this checkout (default: this one)")
    parser.add_argument("--label", default="", help="write results/summary-LABEL.{json,md} instead of summary.*")
    args = parser.parse_args(argv)
    log = print
    TREE[0] = os.path.abspath(args.tree)

    started = time.perf_counter()
    ours_versions = probe(sys.executable, VERSIONS_CODE % ["requests", "attrs", "cattrs"], ours_env())
    rs_version = probe(sys.executable, "import realtime_sync; print(realtime_sync.__version__)", ours_env())
    if ours_versions is None or rs_version is None:
        log(
            "this interpreter (%s) cannot import realtime_sync and its dependencies; use the dev virtualenv, "
            "e.g. /work/venv/bin/python benchmarks/run.py" % sys.executable
        )
        return 2
    ours = dict(json.loads(ours_versions), realtime_sync=rs_version)
    theirs: Optional[str] = None
    report: Dict[str, Any] = {
        "command": " ".join(["python benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])]),
        "tree": TREE[0],
        "quick": args.quick,
        "machine": machine(),
        "ours": ours,
        "sections": {},
    }
    vcr_ok = False
    if not args.no_openai:
        try:
            venv = ensure_openai_venv(args.venv, log)
            theirs = venv["python"]
            report["theirs"] = venv["versions"]
            vcr_ok = "vcrpy" in venv["versions"]
        except (OSError, subprocess.CalledProcessError) as exc:
            log("official SDK virtualenv unavailable (%s): our figures only" % exc)
    m = report["machine"]
    log("realtime_sync benchmarks - %s, %s x%s, %s" % (m["date"], m["cpu"], m["cores"], m["platform"]))
    log("ours:   %s" % ", ".join("%s %s" % kv for kv in ours.items()))
    if theirs:
        log("theirs: %s" % ", ".join("%s %s" % kv for kv in report["theirs"].items()))

    q = args.quick
    sections: List[Tuple[str, str, Callable[[], Dict[str, Any]]]] = [
        (
            "import",
            "1. Import time (in-process, fresh interpreter per sample)",
            lambda: bench_import(4 if q else 21, theirs, log),
        ),
        (
            "overhead",
            "2. Per-call overhead (CPU time): client_secrets.create, in-memory transports (largest: 12.3 + full)",
            lambda: bench_overhead(5 if q else 15, 0.12 if q else 0.4, 30 if q else 100, theirs, log),
        ),
        (
            "loopback",
            "3. Loopback throughput: keep-alive HTTP/1.1 server on 127.0.0.1, same payload",
            lambda: bench_loopback(5 if q else 11, 200 if q else 1000, 40 if q else 150, theirs, log),
        ),
        (
            "events",
            "3b. Sideband event parsing: the issue's mix of 34 server events, JSON text to typed event (CPU time)",
            lambda: bench_events(5 if q else 15, 0.12 if q else 0.4, theirs, log),
        ),
        (
            "live_events",
            "3c. Live event parsing: the analogous mix of 34 Live server events, JSON text to typed event (CPU time)",
            lambda: bench_events(5 if q else 15, 0.12 if q else 0.4, theirs, log, kind="live_events"),
        ),
        (
            "replay",
            "4. Fixture replay: cost per replayed accept call, shuffled order",
            lambda: bench_replay([100, 1000] if q else [100, 5000], 5 if q else 9, theirs, vcr_ok, log),
        ),
        (
            "memory",
            "5. Memory (RSS) in a fresh process, in-memory transport",
            lambda: bench_memory(2000 if q else 100000, 2000 if q else 10000, theirs, log),
        ),
    ]
    for key, title, run in sections:
        if args.only and key not in args.only:
            continue
        log("\n" + title)
        section_started = time.perf_counter()
        try:
            report["sections"][key] = run()
            report["sections"][key]["elapsed_s"] = round(time.perf_counter() - section_started, 1)
        except (BenchError, subprocess.TimeoutExpired, OSError) as exc:
            report["sections"][key] = {"error": str(exc)}
            log("  not measured: %s" % exc)
    if args.profile:
        profile(theirs, log)

    os.makedirs(RESULTS, exist_ok=True)
    name = "summary-%s" % args.label if args.label else "summary"
    with open(os.path.join(RESULTS, name + ".json"), "w") as stream:
        json.dump(report, stream, indent=2, sort_keys=True)
        stream.write("\n")
    summary = markdown(report)
    with open(os.path.join(RESULTS, name + ".md"), "w") as stream:
        stream.write(summary)
    log("\nSummary (also in benchmarks/results/%s.md and %s.json):\n" % (name, name))
    log(summary)
    log("finished in %.0f s" % (time.perf_counter() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
