"""Recorded WebSocket streams: replay a sideband conversation offline, or record one.

:class:`FixtureConnector` is a :class:`~realtime_sync.sideband.WebSocketConnector`
backed by a JSON file, like ``realtime_sync.fixtures.FixtureTransport`` for
HTTP and with the same record modes (``none``, ``once``, ``new_episodes``,
``all``; the ``REALTIME_SYNC_RECORD_MODE`` environment variable wins).

File format (indented, sorted keys, one entry per message, secrets redacted)::

    {
      "connections": [
        {
          "messages": [
            {"from": "server", "json": {"type": "session.created", ...}},
            {"from": "client", "json": {"type": "response.create"}},
            {"close": {"code": 1000, "reason": ""}, "from": "server"}
          ],
          "request": {"path": "/v1/realtime", "query": {"call_id": ["rtc_1"]}},
          "response": {"status": 101}
        }
      ],
      "format": 1,
      "kind": "websocket"
    }

A refused handshake is stored as ``"response": {"status": 404, "headers":
{...}, "json": {...}}`` and replays as the same ``NotFoundError``.

Replay rules: connections match on URL path and query (scheme and host are
not stored, as in the HTTP fixtures), each is used once, in order. What the client sends must equal the
recorded client messages, in order (JSON compared by value; a mismatch
raises ``FixtureMismatchError`` with a diff). A server message is delivered
only after the client has sent every message recorded before it, so a
worker replays exactly the conversation it had. Messages are recorded in
the order the application saw them (a server event when ``recv`` returned
it), which makes that ordering deterministic.
"""

import difflib
import json
import threading
import time
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple
from urllib.parse import parse_qs, urlsplit

from .. import _json
from ..errors import APIStatusError, FixtureError, FixtureMismatchError, status_error_from_response
from ..fixtures._recording import PathLike, Recorder, Redactor, read_document, response_from_dict, write_document
from ..transport import HttpRequest, Timeout
from ._connection import WebSocketConnection, WebSocketConnector
from ._errors import NORMAL_CLOSE_CODES, ConnectionClosed, ConnectionClosedError, ConnectionClosedOK, RecvTimeout

__all__ = ["FixtureConnector", "FORMAT_VERSION"]

#: Bumped only for incompatible changes; readers refuse newer versions.
FORMAT_VERSION = 1

_KIND = "websocket"

Entry = Dict[str, Any]


def _message_form(text: str) -> Entry:
    try:
        value = _json.loads(text)
    except ValueError:  # not JSON, or nested too deep to store as JSON: kept as text
        return {"text": text}
    try:
        json.dumps(value, allow_nan=False)
    except ValueError:
        return {"text": text}
    return {"json": value}


def _message_text(entry: Entry, where: str) -> str:
    if "json" in entry:
        return json.dumps(entry["json"], separators=(",", ":"), ensure_ascii=False)
    if isinstance(entry.get("text"), str):
        text: str = entry["text"]
        return text
    raise FixtureError("%s: expected a 'json' or 'text' message" % where)


def _match_view(url: str) -> Tuple[str, Dict[str, List[str]]]:
    parts = urlsplit(url)
    return parts.path, parse_qs(parts.query, keep_blank_values=True)


def _stored_view(request: Entry) -> Tuple[str, Dict[str, List[str]]]:
    return request.get("path", ""), request.get("query") or {}


def _show_view(view: Tuple[str, Dict[str, List[str]]]) -> str:
    return "%s %s" % (view[0], json.dumps(view[1], sort_keys=True))


def _pretty(value: Any) -> List[str]:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False).splitlines()


class FixtureConnector:
    """A connector that replays (and, if asked, records) sideband WebSocket streams.

    The same conventions as ``FixtureTransport``: ``path``, ``record_mode``
    and ``inner`` may be positional, ``REALTIME_SYNC_RECORD_MODE`` overrides
    the mode unless ``env_override=False``, and the file is read, checked for
    secrets and written by the same code. ``inner`` is the real connector used
    when recording (default: a ``WebSocketClientConnector``). ``secrets`` are
    extra literal strings to redact; the bearer token and every ``ek_`` value
    always are.
    ``stall_timeout`` bounds how long ``recv()`` without a timeout waits for
    the client to send what the recording expects before failing loudly.

    Example::

        connector = FixtureConnector("tests/recordings/worker.json")
        with client.realtime.connect(call_id="rtc_1", connector=connector) as conn:
            ...
        connector.assert_all_played()
    """

    def __init__(
        self,
        path: PathLike,
        record_mode: str = "none",
        inner: Optional[WebSocketConnector] = None,
        *,
        secrets: Iterable[str] = (),
        stall_timeout: float = 5.0,
        env_override: bool = True,
    ) -> None:
        self.path = Path(path)
        state = Recorder(str(self.path), record_mode, what="WebSocket recording", env_override=env_override)
        self.record_mode = state.record_mode
        self._inner = inner
        self._redactor = Redactor(secrets=list(secrets))
        self.stall_timeout = stall_timeout
        self._lock = threading.Lock()
        self._recorded: List[Entry] = []  # connections to write, in order
        self._replays: List["_ReplayConnection"] = []
        self._stored: List[Entry] = self._load() if state.replays else []
        self._used = [False] * len(self._stored)
        self._recording = state.records
        if self.record_mode == "new_episodes":
            self._recorded = list(self._stored)

    # -- file ------------------------------------------------------------------
    def _load(self) -> List[Entry]:
        data = read_document(
            None,
            path=str(self.path),
            source=str(self.path),
            kind=(_KIND, "WebSocket"),
            items="connections",
            version=FORMAT_VERSION,
        )
        connections: List[Entry] = data["connections"]
        for i, conn in enumerate(connections):
            where = "%s: connections[%d]" % (self.path, i)
            request = conn.get("request") if isinstance(conn, dict) else None
            if not isinstance(request, dict) or not isinstance(request.get("path"), str):
                raise FixtureError("%s.request.path: expected a string" % where)
            if not isinstance(request.get("query", {}), dict):
                raise FixtureError("%s.request.query: expected an object" % where)
            if not isinstance(conn.get("messages", []), list):
                raise FixtureError("%s.messages: expected a list" % where)
        return connections

    def _save(self) -> None:
        document = {"format": FORMAT_VERSION, "kind": _KIND, "connections": self._recorded}
        write_document(str(self.path), document, self._redactor, items="connections")

    def scrub(self, value: Any) -> Any:
        """Redact secrets in a JSON value or a string (what gets stored and matched).

        Example::

            connector.scrub({"value": "ek_123"})   # {'value': 'ek_REDACTED_1'}
        """
        return self._redactor.scrub_tree(value)

    # -- connecting ------------------------------------------------------------
    def connect(self, request: HttpRequest, *, timeout: Timeout) -> WebSocketConnection:
        """Replay the next recorded connection matching ``request`` (or record a new one).

        Example::

            conn = FixtureConnector("calls.json").connect(request, timeout=Timeout(5, 60))
        """
        # Registers the bearer token as a secret to scrub from everything stored or compared.
        self._redactor.request_to_dict(request)
        with self._lock:
            index = self._find(request)
            if index is not None:
                self._used[index] = True
        if index is not None:
            return self._replay(index, request)
        if self._recording or self.record_mode == "new_episodes":
            return self._record(request, timeout)
        raise FixtureMismatchError(self._mismatch_message(request))

    def _find(self, request: HttpRequest) -> Optional[int]:
        wanted = _match_view(request.url)
        for i, conn in enumerate(self._stored):
            if not self._used[i] and _stored_view(conn["request"]) == wanted:
                return i
        return None

    def _mismatch_message(self, request: HttpRequest) -> str:
        live = _match_view(request.url)
        lines = ["no recorded WebSocket connection matches GET %s in %s" % (_show_view(live), self.path)]
        unused = [_show_view(_stored_view(c["request"])) for i, c in enumerate(self._stored) if not self._used[i]]
        if unused:
            shown = _show_view(live)
            best = max(unused, key=lambda u: difflib.SequenceMatcher(None, u, shown).ratio())
            lines.append("nearest unused recording: GET %s" % best)
            lines.extend(difflib.unified_diff([best], [shown], "recorded", "live", lineterm=""))
        else:
            lines.append("every recorded connection was already used")
        return "\n".join(lines)

    def _replay(self, index: int, request: HttpRequest) -> WebSocketConnection:
        conn = self._stored[index]
        response = conn.get("response") or {"status": 101}
        if response.get("status", 101) != 101:
            stored = response_from_dict(response, "%s: connections[%d].response" % (self.path, index))
            raise status_error_from_response(stored, request)
        replay = _ReplayConnection(self, conn.get("messages") or [], "connections[%d]" % index)
        self._replays.append(replay)
        return replay

    def _record(self, request: HttpRequest, timeout: Timeout) -> WebSocketConnection:
        path, query = _match_view(request.url)
        stored_request: Entry = {"path": path}
        if query:
            stored_request["query"] = query
        entry: Entry = {"request": self.scrub(stored_request), "messages": []}
        inner = self._inner
        if inner is None:
            from ._websocket_client import WebSocketClientConnector

            inner = self._inner = WebSocketClientConnector()
        try:
            live = inner.connect(request, timeout=timeout)
        except APIStatusError as exc:
            entry["response"] = self._redactor.response_to_dict(exc.response)
            self._add(entry)
            raise
        entry["response"] = {"status": 101}
        self._add(entry)
        return _RecordingConnection(self, live, entry)

    def _add(self, entry: Entry) -> None:
        with self._lock:
            self._recorded.append(entry)
            self._save()

    def _saved(self) -> None:
        with self._lock:
            self._save()

    def close(self) -> None:
        """Write what was recorded so far (connections still open included).

        Example::

            with FixtureConnector(path, record_mode="once") as connector: ...
        """
        if self._recording or self.record_mode == "new_episodes":
            with self._lock:
                if self._recorded:
                    self._save()

    def __enter__(self) -> "FixtureConnector":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    # -- checks ------------------------------------------------------------------
    def assert_all_played(self) -> None:
        """Raise ``FixtureError`` if a recorded connection or message was not replayed."""
        problems = []
        for i, used in enumerate(self._used):
            if not used:
                view = _show_view(_stored_view(self._stored[i]["request"]))
                problems.append("connections[%d] (GET %s) was never opened" % (i, view))
        for replay in self._replays:
            problems.extend(replay.unplayed())
        if problems:
            raise FixtureError("recording %s not fully played:\n  %s" % (self.path, "\n  ".join(problems)))

    def __repr__(self) -> str:
        return "<FixtureConnector %s record_mode=%r>" % (self.path, self.record_mode)


class _RecordingConnection:
    """Passes everything to the live connection and logs it (redacted)."""

    def __init__(self, owner: FixtureConnector, live: WebSocketConnection, entry: Entry) -> None:
        self._owner = owner
        self._live = live
        self._messages: List[Entry] = entry["messages"]
        self._closed = False
        self._lock = threading.Lock()

    def _log(self, item: Entry, final: bool = False) -> None:
        with self._lock:
            if self._closed:
                return
            self._messages.append(item)
            if final:
                self._closed = True
        if final:
            self._owner._saved()

    def send_text(self, text: str) -> None:
        self._live.send_text(text)
        self._log(dict(self._owner.scrub(_message_form(text)), **{"from": "client"}))

    def recv_text(self, timeout: Optional[float] = None) -> str:
        try:
            text = self._live.recv_text(timeout)
        except ConnectionClosed as exc:
            self._log({"from": "server", "close": {"code": exc.code, "reason": exc.reason}}, final=True)
            raise
        self._log(dict(self._owner.scrub(_message_form(text)), **{"from": "server"}))
        return text

    def close(self, code: int = 1000, reason: str = "") -> None:
        self._live.close(code, reason)
        self._log({"from": "client", "close": {"code": code, "reason": reason}}, final=True)


class _ReplayConnection:
    """Plays one recorded connection back (see the module docstring for the rules)."""

    def __init__(self, owner: FixtureConnector, messages: List[Entry], where: str) -> None:
        self._owner = owner
        self._where = where
        self._client = [(i, m) for i, m in enumerate(messages) if m.get("from") == "client" and "close" not in m]
        self._server = [(i, m) for i, m in enumerate(messages) if m.get("from") == "server"]
        self._sent = 0  # client messages matched so far
        self._delivered = 0  # server entries delivered so far
        self._closed: Optional[ConnectionClosed] = None
        self._cond = threading.Condition()

    def _clients_before(self, index: int) -> int:
        return sum(1 for i, _ in self._client if i < index)

    def send_text(self, text: str) -> None:
        with self._cond:
            if self._closed is not None:
                raise self._closed
            n = self._sent
            live = self._owner.scrub(_message_form(text))
            if n >= len(self._client):
                raise FixtureMismatchError(
                    "%s: the client sent more messages than recorded; unexpected:\n  %s"
                    % (self._where, "\n  ".join(_pretty(live.get("json", live.get("text")))))
                )
            index, expected = self._client[n]
            want = {k: v for k, v in expected.items() if k in ("json", "text")}
            if want != live:
                diff = difflib.unified_diff(
                    _pretty(want.get("json", want.get("text"))),
                    _pretty(live.get("json", live.get("text"))),
                    "recorded messages[%d]" % index,
                    "sent",
                    lineterm="",
                )
                raise FixtureMismatchError(
                    "%s: client message %d differs from the recording:\n%s" % (self._where, n, "\n".join(diff))
                )
            self._sent += 1
            self._cond.notify_all()

    def recv_text(self, timeout: Optional[float] = None) -> str:
        deadline = None if timeout is None else time.monotonic() + timeout
        stall = time.monotonic() + self._owner.stall_timeout
        with self._cond:
            while True:
                if self._closed is not None:
                    raise self._closed
                if self._delivered < len(self._server):
                    index, entry = self._server[self._delivered]
                    if self._clients_before(index) <= self._sent:
                        return self._deliver(entry, index)
                    waiting_for: Optional[Entry] = self._client[self._sent][1]
                else:
                    waiting_for = None
                now = time.monotonic()
                if deadline is not None and now >= deadline:
                    raise RecvTimeout(timeout or 0.0)
                if now >= stall:
                    if waiting_for is None:
                        reason = "no more server messages are recorded"
                    else:
                        reason = "the recording expects the client to send this first:\n  %s" % "\n  ".join(
                            _pretty(waiting_for.get("json", waiting_for.get("text")))
                        )
                    raise FixtureMismatchError("%s: recv() would wait forever: %s" % (self._where, reason))
                limit = stall if deadline is None else min(stall, deadline)
                self._cond.wait(max(limit - now, 0.001))

    def _deliver(self, entry: Entry, index: int) -> str:
        self._delivered += 1
        if "close" in entry:
            close = entry["close"] or {}
            code = close.get("code")
            reason = close.get("reason") or ""
            ok = code is None or code in NORMAL_CLOSE_CODES
            self._closed = (ConnectionClosedOK if ok else ConnectionClosedError)(code, reason)
            raise self._closed
        return _message_text(entry, "%s.messages[%d]" % (self._where, index))

    def close(self, code: int = 1000, reason: str = "") -> None:
        with self._cond:
            if self._closed is None:
                self._closed = ConnectionClosedOK(code, reason)
            self._cond.notify_all()

    def unplayed(self) -> List[str]:
        problems = []
        if self._sent < len(self._client):
            index, _ = self._client[self._sent]
            problems.append(
                "%s: %d recorded client message(s) never sent, from messages[%d]"
                % (self._where, len(self._client) - self._sent, index)
            )
        left = [i for i, m in self._server[self._delivered :] if "close" not in m]
        if left:
            problems.append(
                "%s: %d recorded server message(s) never received, from messages[%d]"
                % (self._where, len(left), left[0])
            )
        return problems

    def __repr__(self) -> str:
        return "<replayed WebSocket %s>" % self._where
