"""The ``realtime-sync`` command line: drive every endpoint from a shell.

Also runs as ``python -m realtime_sync``. Built on argparse only. Heavy
imports (the client, requests, attrs, cattrs) happen inside the commands, so
``realtime-sync --help`` and ``import realtime_sync.cli`` stay cheap.

Exit codes: 0 success, 1 the API or a fixture refused the request, 2 bad
input (usage, unreadable files, invalid parameters), 3 authentication (no API
key, HTTP 401/403, a webhook signature that does not verify), 4 network
(connection refused, timeout), 130 interrupted.

Example::

    $ realtime-sync demo
    $ realtime-sync client-secret create --model gpt-realtime --ttl 600 --json
    $ realtime-sync call hangup rtc_123
"""

import argparse
import json
import logging
import os
import sys
from typing import IO, TYPE_CHECKING, Any, Callable, Dict, NoReturn, Optional, Sequence, TextIO, Tuple

from ._cli_shared import (
    EXIT_AUTH,
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_NETWORK,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    Output,
    mask_secret,
    utc,
)
from ._redaction import scrub_text
from ._version import __version__
from .errors import (
    APIConnectionError,
    APIStatusError,
    AuthenticationError,
    ConfigurationError,
    FixtureMismatchError,
    InvalidWebhookSignatureError,
    PermissionDeniedError,
    RealtimeSyncError,
    RequestValidationError,
)

if TYPE_CHECKING:  # pragma: no cover
    from ._client import RealtimeClient
    from .transport import Transport

__all__ = [
    "EXIT_AUTH",
    "EXIT_FAILURE",
    "EXIT_INTERRUPTED",
    "EXIT_NETWORK",
    "EXIT_OK",
    "EXIT_USAGE",
    "main",
]

PROG = "realtime-sync"
_LOGGER_NAME = "realtime_sync"


class _Parser(argparse.ArgumentParser):
    # argparse prints the whole usage and exits; we want one line and our own
    # exit code, raised so that main() stays in control (and tests in-process).
    def error(self, message: str) -> NoReturn:
        raise CommandError("%s (see '%s --help')" % (message, self.prog))


# --------------------------------------------------------------------------------------------------------------------
# Output


# --------------------------------------------------------------------------------------------------------------------
# The parser


def _add_global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    # The same options on the main parser and on every sub-command, so both
    # "realtime-sync --json call hangup X" and "realtime-sync call hangup X --json"
    # work. Sub-parsers use SUPPRESS so they do not overwrite what was given first.
    def default(value: Any) -> Any:
        return argparse.SUPPRESS if suppress else value

    group = parser.add_argument_group("global options")
    group.add_argument(
        "--base-url",
        metavar="URL",
        default=default(None),
        help="API base URL (default: $OPENAI_BASE_URL or https://api.openai.com/v1)",
    )
    group.add_argument(
        "--timeout", metavar="SECONDS", type=_positive_float, default=default(None), help="connect and read timeout"
    )
    group.add_argument(
        "--max-retries",
        metavar="N",
        type=_non_negative_int,
        default=default(None),
        help="retries on connection errors, 408/409/429/5xx (default: 2)",
    )
    fixture = group.add_mutually_exclusive_group()
    fixture.add_argument(
        "--record",
        metavar="FILE",
        default=default(None),
        help="record the HTTP exchanges into a fixture file (added to what it holds)",
    )
    fixture.add_argument(
        "--replay", metavar="FILE", default=default(None), help="replay a fixture file instead of using the network"
    )
    group.add_argument(
        "--json", action="store_true", default=default(False), help="print one machine-readable JSON document"
    )
    group.add_argument(
        "-v", "--verbose", action="store_true", default=default(False), help="debug logs and tracebacks on stderr"
    )


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a number of seconds, got %r" % text) from None
    if not value > 0 or value != value or value == float("inf"):
        raise argparse.ArgumentTypeError("expected a positive number of seconds, got %r" % text)
    return value


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a whole number, got %r" % text) from None
    if value < 0:
        raise argparse.ArgumentTypeError("expected 0 or more, got %r" % text)
    return value


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a whole number, got %r" % text) from None


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser of ``realtime-sync`` (used by :func:`main` and the docs test)."""
    parser = _Parser(
        prog=PROG,
        description="Drive the OpenAI Realtime and Live APIs' REST control planes: client secrets, WebRTC and SIP "
        "calls, Live sessions and recordings, webhooks. The API key comes from $OPENAI_API_KEY.",
        epilog="Start with '%s demo': the whole flow, offline. Exit codes: 0 ok, 1 API refused, 2 bad input, "
        "3 authentication, 4 network." % PROG,
    )
    parser.add_argument("--version", action="version", version="%s %s" % (PROG, __version__))
    _add_global_options(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    def sub(group: "argparse._SubParsersAction[Any]", name: str, help_text: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = group.add_parser(name, help=help_text, description=help_text)
        _add_global_options(p, suppress=True)
        return p

    # client-secret create
    secret = commands.add_parser("client-secret", help="mint ephemeral keys (ek_...) for browsers and apps")
    secret_cmds = secret.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    secret_cmds.required = True
    p = sub(secret_cmds, "create", "mint an ephemeral client secret (POST /realtime/client_secrets)")
    p.add_argument("--model", metavar="M", help="session model, e.g. gpt-realtime (sets session.model)")
    p.add_argument("--session", metavar="FILE.json", help="session config as a JSON file ('-' for stdin)")
    p.add_argument(
        "--ttl", metavar="SECONDS", type=_int, help="lifetime in seconds, 10 to 7200 (expires_after.seconds)"
    )
    p.add_argument("--show-secret", action="store_true", help="print the secret in full (masked by default)")
    p.add_argument(
        "--translation",
        action="store_true",
        help="mint a key for a translation session (POST /realtime/translations/client_secrets)",
    )
    p.set_defaults(handler=_cmd_client_secret_create)

    # call create|accept|refer|reject|hangup
    call = commands.add_parser("call", help="create WebRTC calls; accept, refer, reject, hang up SIP calls")
    call_cmds = call.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    call_cmds.required = True
    p = sub(call_cmds, "create", "create a WebRTC call from an SDP offer (POST /realtime/calls)")
    p.add_argument("--sdp", metavar="FILE", required=True, help="the SDP offer ('-' for stdin)")
    p.add_argument("--session", metavar="FILE.json", help="session config as a JSON file")
    p.add_argument("--answer-out", metavar="FILE", help="write the SDP answer here (default: stdout, after the id)")
    p.set_defaults(handler=_cmd_call_create)

    p = sub(call_cmds, "accept", "accept an incoming SIP call with a session (POST .../accept)")
    p.add_argument("call_id", metavar="CALL_ID")
    p.add_argument("--session", metavar="FILE.json", help="session config as a JSON file (default: type realtime)")
    p.add_argument("--model", metavar="M", help="session model (sets session.model)")
    p.set_defaults(handler=_cmd_call_accept)

    p = sub(call_cmds, "refer", "transfer a SIP call with a SIP REFER (POST .../refer)")
    p.add_argument("call_id", metavar="CALL_ID")
    p.add_argument("--target-uri", metavar="URI", required=True, help="e.g. tel:+14155550123 or sip:agent@example.com")
    p.set_defaults(handler=_cmd_call_refer)

    p = sub(call_cmds, "reject", "reject an incoming SIP call (POST .../reject)")
    p.add_argument("call_id", metavar="CALL_ID")
    p.add_argument("--status-code", metavar="N", type=_int, help="SIP status, e.g. 486 (server default: 603)")
    p.set_defaults(handler=_cmd_call_reject)

    p = sub(call_cmds, "hangup", "hang up a SIP or WebRTC call (POST .../hangup)")
    p.add_argument("call_id", metavar="CALL_ID")
    p.set_defaults(handler=_cmd_call_hangup)

    # live create|accept|refer|reject|hangup|fork|recording
    live = commands.add_parser("live", help="the Live API: WebRTC sessions, SIP calls, forks, recordings")
    live_cmds = live.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    live_cmds.required = True
    p = sub(live_cmds, "create", "create a Live WebRTC session from an SDP offer (POST /live/sessions)")
    p.add_argument("--sdp", metavar="FILE", required=True, help="the SDP offer ('-' for stdin)")
    p.add_argument("--session", metavar="FILE.json", help="session config as a JSON file (needs a model)")
    p.add_argument("--model", metavar="M", help="session model, e.g. gpt-live-1 (sets session.model)")
    p.add_argument("--answer-out", metavar="FILE", help="write the SDP answer here (default: stdout, after the id)")
    p.set_defaults(handler=_cmd_live_create)

    p = sub(live_cmds, "accept", "accept an incoming SIP call on the Live surface (POST .../accept)")
    p.add_argument("session_id", metavar="SESSION_ID")
    p.add_argument("--session", metavar="FILE.json", help="session config as a JSON file (type live is added)")
    p.add_argument("--model", metavar="M", help="session model, e.g. gpt-live-1 (sets session.model)")
    p.set_defaults(handler=_cmd_live_accept)

    p = sub(live_cmds, "refer", "transfer a Live SIP call with a SIP REFER (POST .../refer)")
    p.add_argument("session_id", metavar="SESSION_ID")
    p.add_argument("--target-uri", metavar="URI", required=True, help="e.g. tel:+14155550123 or sip:agent@example.com")
    p.set_defaults(handler=_cmd_live_refer)

    p = sub(live_cmds, "reject", "reject an incoming Live SIP call (POST .../reject)")
    p.add_argument("session_id", metavar="SESSION_ID")
    p.add_argument("--status-code", metavar="N", type=_int, required=True, help="SIP status 300-699, e.g. 486")
    p.set_defaults(handler=_cmd_live_reject)

    p = sub(live_cmds, "hangup", "hang up a Live SIP call (POST .../hangup)")
    p.add_argument("session_id", metavar="SESSION_ID")
    p.set_defaults(handler=_cmd_live_hangup)

    p = sub(live_cmds, "fork", "fork a stored Live session onto a new WebRTC connection (POST .../fork)")
    p.add_argument("session_id", metavar="SESSION_ID")
    p.add_argument("--sdp", metavar="FILE", required=True, help="the new connection's SDP offer ('-' for stdin)")
    p.add_argument("--session", metavar="FILE.json", help="overrides (client, store, delegation) as a JSON file")
    p.add_argument("--answer-out", metavar="FILE", help="write the SDP answer here (default: stdout, after the id)")
    p.set_defaults(handler=_cmd_live_fork)

    p = sub(live_cmds, "recording", "download a stored session's recording to a file (GET .../content)")
    p.add_argument("session_id", metavar="SESSION_ID")
    p.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="where to write it (streamed; appears when complete)"
    )
    p.set_defaults(handler=_cmd_live_recording)

    # webhook verify
    hook = commands.add_parser("webhook", help="verify (or sign, for testing) webhook deliveries")
    hook_cmds = hook.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    hook_cmds.required = True
    p = sub(hook_cmds, "verify", "verify a webhook delivery; the raw body is read from stdin (or --body)")
    p.add_argument("--secret", metavar="SECRET", help="webhook signing secret (default: $OPENAI_WEBHOOK_SECRET)")
    p.add_argument("--webhook-id", metavar="ID", required=True, help="the webhook-id header")
    p.add_argument("--webhook-timestamp", metavar="TS", required=True, help="the webhook-timestamp header")
    p.add_argument("--webhook-signature", metavar="SIG", required=True, help="the webhook-signature header")
    p.add_argument("--body", metavar="FILE", help="read the raw body from FILE instead of stdin")
    p.add_argument(
        "--tolerance", metavar="SECONDS", type=_non_negative_int, default=300, help="allowed clock skew (300)"
    )
    p.set_defaults(handler=_cmd_webhook_verify)
    p = sub(hook_cmds, "sign", "sign a body as OpenAI would, to test your own webhook endpoint (body from stdin)")
    p.add_argument("--secret", metavar="SECRET", help="webhook signing secret (default: $OPENAI_WEBHOOK_SECRET)")
    p.add_argument(
        "--webhook-id",
        metavar="ID",
        help="the webhook-id to sign (default: a fresh random wh_... id, so a deduplicating endpoint handles each one)",
    )
    p.add_argument("--webhook-timestamp", metavar="TS", type=_int, help="Unix seconds to sign (default: now)")
    p.add_argument("--body", metavar="FILE", help="read the raw body from FILE instead of stdin")
    p.set_defaults(handler=_cmd_webhook_sign)

    # webhook endpoints create|list|rotate-secret|test|delete
    endpoints = hook_cmds.add_parser(
        "endpoints",
        help="manage the project's webhook endpoints (/webhook_endpoints)",
        description="manage the project's webhook endpoints (/webhook_endpoints)",
    )
    endpoint_cmds = endpoints.add_subparsers(dest="endpoint_action", metavar="ACTION", parser_class=_Parser)
    endpoint_cmds.required = True

    def secret_destination(p: argparse.ArgumentParser) -> None:
        # The API shows a signing secret once: the user must say where it goes.
        where = p.add_mutually_exclusive_group(required=True)
        where.add_argument("--show-secret", action="store_true", help="print the new signing secret in full")
        where.add_argument(
            "--secret-out", metavar="FILE", help="write the new signing secret to FILE (created with mode 0600)"
        )

    p = sub(endpoint_cmds, "create", "create a webhook endpoint (POST /webhook_endpoints); the secret is shown once")
    p.add_argument("--name", metavar="NAME", required=True, help="a human-readable name")
    p.add_argument("--url", metavar="URL", required=True, help="the HTTPS URL that receives deliveries")
    p.add_argument(
        "--event-type",
        metavar="TYPE",
        action="append",
        required=True,
        dest="event_types",
        help="an event type to deliver, e.g. realtime.call.incoming (repeat for several)",
    )
    secret_destination(p)
    p.set_defaults(handler=_cmd_endpoints_create)

    p = sub(endpoint_cmds, "list", "list every webhook endpoint, all pages (GET /webhook_endpoints)")
    p.add_argument("--limit", metavar="N", type=_int, help="page size for each request (server default 20)")
    p.set_defaults(handler=_cmd_endpoints_list)

    p = sub(endpoint_cmds, "rotate-secret", "give an endpoint a new signing secret (POST .../rotate_secret)")
    p.add_argument("endpoint_id", metavar="ENDPOINT_ID")
    p.add_argument(
        "--keep-old-secret-24h",
        action="store_true",
        help="keep the previous secret valid for 24 hours (default: it stops at once)",
    )
    secret_destination(p)
    p.set_defaults(handler=_cmd_endpoints_rotate_secret)

    p = sub(endpoint_cmds, "test", "have OpenAI send a sample event to an endpoint (POST .../test)")
    p.add_argument("endpoint_id", metavar="ENDPOINT_ID")
    p.add_argument("--event-type", metavar="TYPE", required=True, help="the sample event's type")
    p.set_defaults(handler=_cmd_endpoints_test)

    p = sub(endpoint_cmds, "delete", "delete a webhook endpoint (DELETE /webhook_endpoints/ID)")
    p.add_argument("endpoint_id", metavar="ENDPOINT_ID")
    p.set_defaults(handler=_cmd_endpoints_delete)

    # demo
    p = sub(commands, "demo", "the whole flow, offline on a shipped fixture (or --live against the API)")
    p.add_argument("--live", action="store_true", help="use the real API (needs OPENAI_API_KEY; costs money)")
    p.add_argument("--fixture", metavar="FILE", help="replay this fixture instead of the one shipped in the package")
    p.add_argument(
        "--sip-call-id",
        metavar="CALL_ID",
        help="with --live: a real pending SIP call to accept/refer (default: the WebRTC call just created)",
    )
    p.add_argument(
        "--surface",
        choices=("realtime", "live"),
        default="realtime",
        help="which API the demo walks through: realtime (default) or live (client.live: sessions, SIP, forks,"
        " recordings)",
    )
    p.set_defaults(handler=_cmd_demo)
    return parser


# --------------------------------------------------------------------------------------------------------------------
# Input helpers


def _read_bytes(path: str, option: str, stdin: IO[Any]) -> bytes:
    if path == "-":
        data = stdin.read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as exc:
        raise CommandError("%s: cannot read %r: %s" % (option, path, exc.strerror or exc)) from None


def _read_text(path: str, option: str, stdin: IO[Any]) -> str:
    data = _read_bytes(path, option, stdin)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise CommandError("%s: %r is not UTF-8 text" % (option, path)) from None


def _read_json_object(path: str, option: str, stdin: IO[Any]) -> Dict[str, Any]:
    text = _read_text(path, option, stdin)
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise CommandError("%s: %r is not valid JSON: %s" % (option, path, exc)) from None
    if not isinstance(value, dict):
        raise CommandError("%s: expected a JSON object in %r, got %s" % (option, path, type(value).__name__))
    return value


def _session_from_args(args: argparse.Namespace, stdin: IO[Any], *, default_type: Optional[str]) -> Any:
    session: Optional[Dict[str, Any]] = None
    if getattr(args, "session", None):
        session = _read_json_object(args.session, "--session", stdin)
    if getattr(args, "model", None):
        session = dict(session or {})
        session["model"] = args.model
    if session is not None and default_type and "type" not in session:
        session = {"type": default_type, **session}
    return session


# --------------------------------------------------------------------------------------------------------------------
# The client


class _Context:
    """What a command needs: parsed args, I/O, and a lazily built client."""

    def __init__(
        self,
        args: argparse.Namespace,
        out: Output,
        stdin: IO[Any],
        transport: "Optional[Transport]",
    ) -> None:
        self.args = args
        self.out = out
        self.stdin = stdin
        self._transport = transport
        self._client: "Optional[RealtimeClient]" = None

    def client(self) -> "RealtimeClient":
        if self._client is None:
            self._client = make_client(self.args, transport=self._transport)
        return self._client

    def close(self) -> None:
        # Closing may write a recorded fixture, so its errors are the command's errors.
        client, self._client = self._client, None
        if client is not None:
            client.close()


def make_client(args: argparse.Namespace, *, transport: "Optional[Transport]" = None) -> "RealtimeClient":
    """Build the client the global options describe (key from ``$OPENAI_API_KEY``)."""
    from ._client import RealtimeClient
    from .transport import Timeout

    api_key = os.environ.get("OPENAI_API_KEY") or None
    if transport is None and args.replay:
        transport = _fixture_transport(args.replay, "none")
        if not api_key:
            from .fixtures import REPLAY_API_KEY

            api_key = REPLAY_API_KEY
    elif transport is None and args.record:
        # new_episodes: several commands can add to one file, which then
        # replays the whole sequence.
        transport = _fixture_transport(args.record, "new_episodes")
    if not api_key:
        raise CommandError("no API key: set OPENAI_API_KEY (or use --replay FILE)", EXIT_AUTH)
    kwargs: Dict[str, Any] = {}
    if args.timeout is not None:
        kwargs["timeout"] = Timeout(connect=args.timeout, read=args.timeout)
    if args.max_retries is not None:
        kwargs["max_retries"] = args.max_retries
    return RealtimeClient(api_key=api_key, base_url=args.base_url, transport=transport, **kwargs)


def _fixture_transport(path: str, record_mode: str) -> "Transport":
    from .fixtures import FixtureTransport

    if record_mode == "none" and not os.path.exists(path):
        raise CommandError("--replay: no such fixture file: %r" % path)
    # The command line says what to do; REALTIME_SYNC_RECORD_MODE is for test runs.
    return FixtureTransport(path, record_mode=record_mode, env_override=False)


# --------------------------------------------------------------------------------------------------------------------
# Commands


def _jsonable(value: Any) -> Any:
    """A model as the JSON the API would send (``None`` for ``None``)."""
    if value is None or isinstance(value, (str, int, float, bool, list, dict)):
        return value
    from ._serde import unstructure  # the one place that knows the wire form (unknown fields kept)

    return unstructure(value)


def _cmd_client_secret_create(ctx: _Context) -> int:
    args = ctx.args
    expires_after = None if args.ttl is None else {"anchor": "created_at", "seconds": args.ttl}
    result: Any
    if args.translation:
        # Translation sessions have no "type" and the session is required.
        session = _session_from_args(args, ctx.stdin, default_type=None)
        if session is None:
            raise CommandError("--translation needs a session: pass --model or --session FILE.json")
        result = ctx.client().translations.client_secrets.create(session=session, expires_after=expires_after)
    else:
        session = _session_from_args(args, ctx.stdin, default_type="realtime")
        result = ctx.client().client_secrets.create(session=session, expires_after=expires_after)
    value = result.value if args.show_secret else mask_secret(result.value)
    if ctx.out.as_json:
        ctx.out.json({"value": value, "expires_at": result.expires_at, "session": _jsonable(result.session)})
        return EXIT_OK
    session_obj = result.session
    rows = [
        ["value", value + ("" if args.show_secret else "   (masked; --show-secret prints it)")],
        ["expires_at", "%s (%s)" % (result.expires_at, utc(result.expires_at))],
    ]
    if session_obj is not None:
        desc = " ".join(
            str(x)
            for x in (getattr(session_obj, "type", None), getattr(session_obj, "model", None))
            if x not in (None, "")
        )
        sid = getattr(session_obj, "id", None)
        rows.append(["session", desc + (" (%s)" % sid if sid else "")])
    ctx.out.table(rows)
    return EXIT_OK


def _cmd_call_create(ctx: _Context) -> int:
    args = ctx.args
    sdp = _read_text(args.sdp, "--sdp", ctx.stdin)
    if not sdp.strip():
        raise CommandError("--sdp: %r is empty; expected an SDP offer" % args.sdp)
    session = _session_from_args(args, ctx.stdin, default_type="realtime")
    result = ctx.client().calls.create(sdp=sdp, session=session)
    if args.answer_out:
        try:
            with open(args.answer_out, "w", encoding="utf-8", newline="") as f:
                f.write(result.sdp)
        except OSError as exc:
            raise CommandError("--answer-out: cannot write %r: %s" % (args.answer_out, exc.strerror or exc)) from None
    if ctx.out.as_json:
        doc: Dict[str, Any] = {"call_id": result.call_id, "location": result.location}
        if not args.answer_out:
            doc["sdp"] = result.sdp
        ctx.out.json(doc)
    elif args.answer_out:
        ctx.out.line(result.call_id or "")
    else:
        ctx.out.line(result.call_id or "")
        ctx.out.write(result.sdp.replace("\r\n", "\n"))
        if not result.sdp.endswith("\n"):
            ctx.out.line()
    return EXIT_OK


def _call_done(ctx: _Context, action: str, **extra: Any) -> int:
    if ctx.out.as_json:
        ctx.out.json({"call_id": ctx.args.call_id, "action": action, "ok": True, **extra})
    else:
        detail = "".join(" %s=%s" % (k, v) for k, v in extra.items() if v is not None)
        ctx.out.line("%s %s%s" % (action, ctx.args.call_id, detail))
    return EXIT_OK


def _cmd_call_accept(ctx: _Context) -> int:
    session = _session_from_args(ctx.args, ctx.stdin, default_type="realtime") or {"type": "realtime"}
    ctx.client().calls.accept(ctx.args.call_id, session=session)
    return _call_done(ctx, "accepted")


def _cmd_call_refer(ctx: _Context) -> int:
    ctx.client().calls.refer(ctx.args.call_id, target_uri=ctx.args.target_uri)
    return _call_done(ctx, "referred", target_uri=ctx.args.target_uri)


def _cmd_call_reject(ctx: _Context) -> int:
    ctx.client().calls.reject(ctx.args.call_id, status_code=ctx.args.status_code)
    return _call_done(ctx, "rejected", status_code=ctx.args.status_code)


def _cmd_call_hangup(ctx: _Context) -> int:
    ctx.client().calls.hangup(ctx.args.call_id)
    return _call_done(ctx, "hung up")


def _sdp_from_args(ctx: _Context) -> str:
    sdp = _read_text(ctx.args.sdp, "--sdp", ctx.stdin)
    if not sdp.strip():
        raise CommandError("--sdp: %r is empty; expected an SDP offer" % ctx.args.sdp)
    return sdp


def _live_session(ctx: _Context, command: str) -> Dict[str, Any]:
    session = _session_from_args(ctx.args, ctx.stdin, default_type=None)
    if not session or "model" not in session:
        raise CommandError("live %s needs a model: --model gpt-live-1, or a --session file with one" % command)
    result: Dict[str, Any] = session
    return result


def _live_answer(ctx: _Context, result: Any) -> int:
    # A create or fork answer: the new session id, then the SDP answer (or --answer-out).
    args = ctx.args
    sdp = result.transport.sdp
    if args.answer_out:
        try:
            with open(args.answer_out, "w", encoding="utf-8", newline="") as f:
                f.write(sdp)
        except OSError as exc:
            raise CommandError("--answer-out: cannot write %r: %s" % (args.answer_out, exc.strerror or exc)) from None
    if ctx.out.as_json:
        doc: Dict[str, Any] = {"session_id": result.session.id}
        if not args.answer_out:
            doc["sdp"] = sdp
        ctx.out.json(doc)
        return EXIT_OK
    ctx.out.line(result.session.id)
    if not args.answer_out:
        ctx.out.stdout.write(sdp.replace("\r\n", "\n"))
        if not sdp.endswith("\n"):
            ctx.out.line()
    return EXIT_OK


def _live_done(ctx: _Context, action: str, **extra: Any) -> int:
    if ctx.out.as_json:
        ctx.out.json({"session_id": ctx.args.session_id, "action": action, "ok": True, **extra})
    else:
        detail = "".join(" %s=%s" % (k, v) for k, v in extra.items() if v is not None)
        ctx.out.line("%s %s%s" % (action, ctx.args.session_id, detail))
    return EXIT_OK


def _cmd_live_create(ctx: _Context) -> int:
    sdp = _sdp_from_args(ctx)
    session = _live_session(ctx, "create")
    result = ctx.client().live.create(session=session, transport={"type": "webrtc", "sdp": sdp})
    return _live_answer(ctx, result)


def _cmd_live_accept(ctx: _Context) -> int:
    ctx.client().live.sessions.accept(ctx.args.session_id, session=_live_session(ctx, "accept"))
    return _live_done(ctx, "accepted")


def _cmd_live_refer(ctx: _Context) -> int:
    ctx.client().live.sessions.refer(ctx.args.session_id, target_uri=ctx.args.target_uri)
    return _live_done(ctx, "referred", target_uri=ctx.args.target_uri)


def _cmd_live_reject(ctx: _Context) -> int:
    ctx.client().live.sessions.reject(ctx.args.session_id, status_code=ctx.args.status_code)
    return _live_done(ctx, "rejected", status_code=ctx.args.status_code)


def _cmd_live_hangup(ctx: _Context) -> int:
    ctx.client().live.sessions.hangup(ctx.args.session_id)
    return _live_done(ctx, "hung up")


def _cmd_live_fork(ctx: _Context) -> int:
    sdp = _sdp_from_args(ctx)
    session = _session_from_args(ctx.args, ctx.stdin, default_type=None)
    result = ctx.client().live.sessions.fork(
        ctx.args.session_id, transport={"type": "webrtc", "sdp": sdp}, session=session
    )
    return _live_answer(ctx, result)


def _cmd_live_recording(ctx: _Context) -> int:
    path = ctx.args.output
    streaming = ctx.client().live.sessions.with_streaming_response
    with streaming.download_recording(ctx.args.session_id) as recording:
        try:
            recording.stream_to_file(path)
        except OSError as exc:
            raise CommandError("--output: cannot write %r: %s" % (path, exc.strerror or exc)) from None
        content_type = recording.content_type
    size = os.path.getsize(path)
    return _live_done(ctx, "saved", file=path, bytes=size, content_type=content_type)


def _cmd_webhook_verify(ctx: _Context) -> int:
    from . import webhooks

    args = ctx.args
    secret, body = _webhook_secret_and_body(ctx)
    headers = {
        "webhook-id": args.webhook_id,
        "webhook-timestamp": args.webhook_timestamp,
        "webhook-signature": args.webhook_signature,
    }
    event = webhooks.unwrap(body, headers, secret, tolerance=args.tolerance)
    etype = getattr(event, "type", None)
    eid = getattr(event, "id", None)
    data_obj = getattr(event, "data", None)
    call_id = getattr(data_obj, "call_id", None)
    # The Live events (live.transport.*) name a session instead of a call.
    session_id = getattr(data_obj, "session_id", None)
    if ctx.out.as_json:
        try:
            payload = json.loads(body.decode("utf-8"))
        except ValueError:
            payload = None
        doc = {"valid": True, "type": etype, "id": eid, "call_id": call_id, "event": payload}
        if session_id:
            doc["session_id"] = session_id
        ctx.out.json(doc)
    else:
        rows = [["signature", "valid"], ["type", str(etype)], ["id", str(eid)]]
        if call_id:
            rows.append(["call_id", str(call_id)])
        if session_id:
            rows.append(["session_id", str(session_id)])
        ctx.out.table(rows)
    return EXIT_OK


def _webhook_secret_and_body(ctx: _Context) -> Tuple[str, bytes]:
    args = ctx.args
    secret = args.secret or os.environ.get("OPENAI_WEBHOOK_SECRET")
    if not secret:
        raise CommandError("no webhook secret: pass --secret or set OPENAI_WEBHOOK_SECRET")
    if args.body:
        return secret, _read_bytes(args.body, "--body", ctx.stdin)
    # The exact bytes: a signature covers the body as sent, newline and all.
    stream = getattr(ctx.stdin, "buffer", ctx.stdin)
    data = stream.read()
    return secret, data.encode("utf-8") if isinstance(data, str) else bytes(data)


def _cmd_webhook_sign(ctx: _Context) -> int:
    from . import webhooks

    secret, body = _webhook_secret_and_body(ctx)
    headers = webhooks.sign(body, secret, webhook_id=ctx.args.webhook_id, timestamp=ctx.args.webhook_timestamp)
    if ctx.out.as_json:
        ctx.out.json(headers)
    else:
        for name, value in headers.items():
            ctx.out.line("%s: %s" % (name, value))
    return EXIT_OK


def _endpoint_row(endpoint: Any) -> Dict[str, Any]:
    # What the CLI shows of an endpoint: never a signing secret, only the server's hint.
    return {
        "id": endpoint.id,
        "name": endpoint.name,
        "url": endpoint.url,
        "event_types": endpoint.event_types,
        "signing_secret_hint": endpoint.signing_secret_hint,
        "created_at": endpoint.created_at,
        "updated_at": endpoint.updated_at,
    }


def _print_endpoint_with_secret(ctx: _Context, endpoint: Any, action: str) -> int:
    args = ctx.args
    secret = endpoint.signing_secret
    if args.secret_out:
        from ._secret_file import write_private

        try:
            write_private(args.secret_out, secret)
        except OSError as exc:
            # The endpoint exists now: say so, or the user creates a second one.
            raise CommandError(
                "--secret-out: cannot write %r: %s; endpoint %s was %s: run 'webhook endpoints rotate-secret %s' "
                "for a new secret" % (args.secret_out, exc.strerror or exc, endpoint.id, action, endpoint.id)
            ) from None
    doc = _endpoint_row(endpoint)
    if args.show_secret:
        doc["signing_secret"] = secret
    else:
        doc["signing_secret_file"] = args.secret_out
    if ctx.out.as_json:
        ctx.out.json(doc)
        return EXIT_OK
    rows = [["id", str(endpoint.id)], ["name", str(endpoint.name)], ["url", str(endpoint.url)]]
    rows.append(["event_types", ", ".join(endpoint.event_types or [])])
    if args.show_secret:
        rows.append(["signing_secret", secret + "   (shown once: store it now, e.g. as OPENAI_WEBHOOK_SECRET)"])
    else:
        # Not even a masked tail of the secret: the server's hint identifies it.
        rows.append(["signing_secret", "written to %s (hint %s)" % (args.secret_out, endpoint.signing_secret_hint)])
    ctx.out.table(rows)
    return EXIT_OK


def _cmd_endpoints_create(ctx: _Context) -> int:
    args = ctx.args
    endpoint = ctx.client().webhooks.create(name=args.name, url=args.url, event_types=args.event_types)
    return _print_endpoint_with_secret(ctx, endpoint, "created")


def _cmd_endpoints_rotate_secret(ctx: _Context) -> int:
    args = ctx.args
    endpoint = ctx.client().webhooks.rotate_secret(
        args.endpoint_id, keep_old_secret_active_for_24_hours=True if args.keep_old_secret_24h else None
    )
    return _print_endpoint_with_secret(ctx, endpoint, "rotated")


def _cmd_endpoints_list(ctx: _Context) -> int:
    endpoints = [_endpoint_row(e) for e in ctx.client().webhooks.list(limit=ctx.args.limit)]
    if ctx.out.as_json:
        ctx.out.json({"data": endpoints})
        return EXIT_OK
    for row in endpoints:
        ctx.out.line("%s  %s  %s  %s" % (row["id"], row["url"], ",".join(row["event_types"] or []), row["name"] or ""))
    return EXIT_OK


def _cmd_endpoints_test(ctx: _Context) -> int:
    args = ctx.args
    result = ctx.client().webhooks.test(args.endpoint_id, event_type=args.event_type)
    if ctx.out.as_json:
        ctx.out.json(_jsonable(result))
    else:
        ctx.out.line(
            "sent %s to %s: your endpoint answered %s" % (result.event_type, args.endpoint_id, result.status_code)
        )
    return EXIT_OK


def _cmd_endpoints_delete(ctx: _Context) -> int:
    result = ctx.client().webhooks.delete(ctx.args.endpoint_id)
    if ctx.out.as_json:
        ctx.out.json({"id": result.id, "deleted": result.deleted})
    else:
        ctx.out.line("%s %s" % ("deleted" if result.deleted else "not deleted", result.id))
    return EXIT_OK if result.deleted else EXIT_FAILURE


def _cmd_demo(ctx: _Context) -> int:
    from ._cli_demo import run_demo_command

    return run_demo_command(ctx.args, ctx.out, transport=ctx._transport)


# --------------------------------------------------------------------------------------------------------------------
# Errors


def _one_line(text: str) -> str:
    return "; ".join(part.strip() for part in text.strip().splitlines() if part.strip())


def describe_error(exc: BaseException) -> Tuple[int, str]:
    """The exit code and one-line message for an exception raised by a command."""
    if isinstance(exc, CommandError):
        return exc.exit_code, str(exc)
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED, "interrupted"
    if isinstance(exc, (AuthenticationError, PermissionDeniedError)):
        return EXIT_AUTH, "authentication: %s" % _one_line(str(exc))
    if isinstance(exc, InvalidWebhookSignatureError):
        return EXIT_AUTH, "webhook signature: %s" % _one_line(str(exc))
    if isinstance(exc, APIConnectionError):
        return EXIT_NETWORK, "network: %s" % _one_line(str(exc))
    if isinstance(exc, APIStatusError):
        return EXIT_FAILURE, "API error: %s" % _one_line(str(exc))
    if isinstance(exc, RequestValidationError):
        return EXIT_USAGE, "invalid input: %s" % "; ".join(exc.errors)
    if isinstance(exc, ConfigurationError):
        return EXIT_USAGE, "configuration: %s" % _one_line(str(exc))
    if isinstance(exc, ValueError):
        # Library errors that are ValueErrors are about the input (a webhook
        # payload); the library also raises plain ValueError for an empty call id.
        return EXIT_USAGE, "invalid input: %s" % _one_line(str(exc))
    if isinstance(exc, FixtureMismatchError):
        # The full diff is many lines; keep the summary (the traceback of -v has it all).
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        more = " (run with -v for the diff)" if len(lines) > 2 else ""
        return EXIT_FAILURE, "fixture: %s%s" % (" ".join(lines[:2]), more)
    if isinstance(exc, RealtimeSyncError):
        return EXIT_FAILURE, "%s: %s" % (type(exc).__name__, _one_line(str(exc)))
    return EXIT_FAILURE, "unexpected %s: %s (run with -v for the traceback)" % (
        type(exc).__name__,
        _one_line(str(exc)),
    )


def main(
    argv: Optional[Sequence[str]] = None,
    *,
    transport: "Optional[Transport]" = None,
    stdin: Optional[IO[Any]] = None,
    stdout: Optional[TextIO] = None,
    stderr: Optional[TextIO] = None,
) -> int:
    """Run ``realtime-sync`` with ``argv`` and return the exit code.

    ``transport`` replaces the HTTP transport (tests, embedding); the streams
    default to the process's own.

    Example::

        import sys
        from realtime_sync.cli import main
        sys.exit(main(["call", "hangup", "rtc_123", "--json"]))
    """
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    stderr = sys.stderr if stderr is None else stderr
    verbose = False
    handler: Optional[logging.Handler] = None
    ctx: Optional[_Context] = None
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        except SystemExit as exc:  # --help and --version
            return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE
        verbose = bool(args.verbose)
        if verbose:
            handler = _enable_debug_logging(stderr)
        output = Output(stdout, stderr, bool(args.json), bool(getattr(args, "show_secret", False)))
        ctx = _Context(args, output, stdin, transport)
        command: Callable[[_Context], int] = args.handler
        code = command(ctx)
        ctx.close()
        return code
    except BaseException as exc:
        if isinstance(exc, (SystemExit, GeneratorExit)):
            raise
        code, message = describe_error(exc)
        if verbose and not isinstance(exc, (CommandError, KeyboardInterrupt)):
            import traceback

            # Exceptions from other libraries (a traceback's locals, a cause) may quote a key.
            stderr.write(scrub_text("".join(traceback.format_exception(type(exc), exc, exc.__traceback__))))
        stderr.write("%s: error: %s\n" % (PROG, scrub_text(message)))
        return code
    finally:
        if ctx is not None:
            try:
                ctx.close()
            except Exception:  # a failure was already reported; closing must not replace it
                pass
        if handler is not None:
            logger = logging.getLogger(_LOGGER_NAME)
            logger.removeHandler(handler)
            logger.setLevel(getattr(handler, "previous_level", logging.NOTSET))


def _enable_debug_logging(stream: TextIO) -> logging.Handler:
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    logger = logging.getLogger(_LOGGER_NAME)
    # Restored afterwards, so main() called in-process leaves logging as it was.
    handler.previous_level = logger.level  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    return handler
