"""What the ``realtime-sync`` commands share: exit codes, the command error, output and formatting.

Standard library only (and the shared redaction rules). ``cli`` (the parser
and commands) and ``_cli_demo`` (the demo command) both import from here and
never from each other.
"""

import json
from typing import Any, Optional, Sequence, TextIO

from ._redaction import scrub_text, scrub_value

__all__ = [
    "EXIT_AUTH",
    "EXIT_FAILURE",
    "EXIT_INTERRUPTED",
    "EXIT_NETWORK",
    "EXIT_OK",
    "EXIT_USAGE",
    "CommandError",
    "Output",
    "mask_secret",
    "mask_secrets",
    "utc",
]

#: The command did what was asked.
EXIT_OK = 0
#: The API (or a replayed fixture) refused or failed the request.
EXIT_FAILURE = 1
#: Bad input: usage errors, unreadable or invalid files, invalid parameters.
EXIT_USAGE = 2
#: Authentication: no API key, HTTP 401/403, or a webhook signature that does not verify.
EXIT_AUTH = 3
#: Network: the request got no answer (refused, reset, DNS, TLS, timeout).
EXIT_NETWORK = 4
#: Interrupted with Ctrl-C.
EXIT_INTERRUPTED = 130


class CommandError(Exception):
    """A one-line failure reported by a command, with its exit code."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def mask_secret(value: Optional[str]) -> str:
    """A secret shortened for display: the kind prefix and the last four characters.

    Placeholders written by the fixture recorder (``ek_REDACTED_1``,
    ``<REDACTED>``) are shown as they are: they are not secrets.
    """
    if not value:
        return ""
    if (value.startswith("<") and value.endswith(">")) or "REDACTED" in value:
        return value
    if len(value) < 16:
        return "***"
    prefix = ""
    for known in ("whsec_", "ek_", "sk-proj-", "sk-", "sess_"):
        if value.startswith(known):
            prefix = known
            break
    return "%s...%s" % (prefix, value[-4:])


def mask_secrets(value: Any) -> Any:
    """A copy of a JSON value with every secret in it masked by :func:`mask_secret`.

    Secrets are what the shared redaction rules find (``ek_``/``sk-``/``whsec_``
    tokens and known keys, in any encoding, keys of objects included) plus the
    ``value`` of every ``client_secret`` object, whatever it looks like.
    """
    masked = scrub_value(value, replace=mask_secret)
    stack = [masked]
    while stack:
        node = stack.pop()
        children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        for key, child in children:
            if key == "client_secret" and isinstance(child, dict) and isinstance(child.get("value"), str):
                child["value"] = mask_secret(child["value"])
            if isinstance(child, (dict, list)):
                stack.append(child)
    return masked


class Output:
    """Writes results: readable text by default, one JSON document with ``--json``.

    Everything written goes through :func:`mask_secrets` unless ``show_secrets``
    (``--show-secret``) asks for secrets in full.
    """

    def __init__(self, stdout: TextIO, stderr: TextIO, as_json: bool, show_secrets: bool = False) -> None:
        self.stdout = stdout
        self.stderr = stderr
        self.as_json = as_json
        self.show_secrets = show_secrets

    def write(self, text: str) -> None:
        self.stdout.write(text if self.show_secrets else scrub_text(text, replace=mask_secret))

    def line(self, text: str = "") -> None:
        self.write(text + "\n")

    def json(self, value: Any) -> None:
        shown = value if self.show_secrets else mask_secrets(value)
        self.stdout.write(json.dumps(shown, indent=2, sort_keys=True, ensure_ascii=False) + "\n")

    def table(self, rows: Sequence[Sequence[str]]) -> None:
        width = max((len(r[0]) for r in rows), default=0)
        for name, value in rows:
            self.line("%s  %s" % (name.ljust(width), value))


def utc(timestamp: Any) -> str:
    """A Unix timestamp as ``2026-01-01T00:10:00Z`` (``"?"`` when it is not one)."""
    import datetime

    try:
        moment = datetime.datetime.fromtimestamp(int(timestamp), tz=datetime.timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return "?"
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
