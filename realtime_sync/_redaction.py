"""Secret redaction: the one set of rules used by errors, logs, the CLI, fixtures and the sideband.

Standard library only and no realtime_sync import, so the lowest layer
(``errors``, the transports) can use it.

What counts as a secret:

* every *known* secret: the ``secrets`` passed in, the API keys of the
  clients created in this process (:func:`register_secret`) and the
  ``OPENAI_API_KEY`` environment variable, when at least
  :data:`MIN_SECRET_LENGTH` characters long (shorter ones are replaced only
  where they appear literally);
* every token that looks like one whatever its origin: any ``ek_...``
  string anywhere (even glued inside a longer word), ``sk-`` followed by 16
  or more key characters, ``whsec_...``.

Where they are found: text is searched as it is *and* after decoding what a
server, proxy or log pipeline may have done to it: JSON ``\\u0073``
escapes, ``\\xNN``, ``%XX`` (also nested, ``%255C``), HTML ``&#115;``
entities, backslash escapes; known secrets also in base64 (standard and
URL-safe, any alignment: ``Basic`` auth, tokens) and hex, and in any case
(``SK-...`` from an upper-casing proxy). The *encoded* span is what gets
replaced, so the result never holds the secret in any of these forms.

Example::

    scrub_text('{"message": "bad key \\\\u0073k-abc123456789"}', ["sk-abc123456789"])
    # '{"message": "bad key <redacted>"}'
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import re
import threading
from collections import OrderedDict
from functools import lru_cache
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Pattern, Sequence, Tuple

__all__ = [
    "MIN_SECRET_LENGTH",
    "REDACTED",
    "Replace",
    "SENSITIVE_HEADERS",
    "SecretFilter",
    "contains_secret",
    "find_secrets",
    "known_secrets",
    "library_logger",
    "masked_repr",
    "register_secret",
    "scrub_bytes",
    "scrub_headers",
    "scrub_request",
    "scrub_response",
    "scrub_text",
    "scrub_value",
]

#: What a secret is replaced with, unless a caller chooses its own placeholder.
REDACTED = "<redacted>"

#: Headers whose whole value is a credential: masked wherever headers are shown or kept.
SENSITIVE_HEADERS = frozenset(
    ["authorization", "api-key", "openai-organization", "openai-project", "cookie", "set-cookie", "proxy-authorization"]
)

#: Known secrets shorter than this are replaced only where they appear
#: literally, never hunted in decoded, case-folded, base64 or hex forms
#: (too many false alarms in ordinary text). Real keys are much longer.
MIN_SECRET_LENGTH = 8

#: ``replace(found)`` -> the placeholder. ``found`` is the secret as known
#: (for a known secret) or the decoded token (for an ``ek_``/``sk-`` token).
Replace = Callable[[str], str]

_B64_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-")
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
# How many times an escape of an escape is undone (%255Cu0073 -> %5Cu0073 -> \u0073 -> s).
_MAX_DECODE_LAYERS = 4

_registry: "OrderedDict[str, None]" = OrderedDict()
_registry_lock = threading.Lock()
#: Bounded, so a process minting a client per ephemeral key does not grow forever.
_REGISTRY_SIZE = 256


def masked_repr(value: object) -> str:
    """The repr of a model field holding a secret (a client secret, a token): never the value.

    An ephemeral ``ek_`` key still reads as one (``'ek_\u2026(redacted)'``); anything else is ``'\u2026(redacted)'``.
    """
    if isinstance(value, str) and value.startswith("ek_"):
        return "'ek_\u2026(redacted)'"
    return "'\u2026(redacted)'"


def register_secret(secret: Optional[str]) -> None:
    """Remember ``secret`` (an API key) so every error, log line and file written in this process hides it.

    Called by ``RealtimeClient`` for its key. Secrets shorter than
    :data:`MIN_SECRET_LENGTH` are ignored; the oldest of more than 256 are forgotten.
    """
    if not isinstance(secret, str) or len(secret) < MIN_SECRET_LENGTH:
        return
    with _registry_lock:
        _registry[secret] = None
        _registry.move_to_end(secret)
        while len(_registry) > _REGISTRY_SIZE:
            _registry.popitem(last=False)


def known_secrets(extra: Iterable[str] = ()) -> Tuple[str, ...]:
    """``extra`` plus the registered keys and ``OPENAI_API_KEY``, longest first, without duplicates."""
    with _registry_lock:
        found = list(_registry)
    env = os.environ.get("OPENAI_API_KEY", "").strip()
    if len(env) >= MIN_SECRET_LENGTH:
        found.append(env)
    for secret in extra:
        if isinstance(secret, str) and secret:
            found.append(secret)
    return tuple(sorted(set(found), key=lambda s: (-len(s), s)))


# -- decoding with a map back to the raw text --------------------------------------------------------------------


def _unescape(match: "re.Match[str]") -> str:
    u, x, pct, dec, hexa, other = match.groups()
    if other is not None:
        return other
    code = int(u or x or pct or hexa, 16) if dec is None else int(dec)
    return chr(code) if code <= 0x10FFFF else "\ufffd"


Spans = Optional[List[Tuple[int, int]]]


def _raw(spans: Spans, start: int, end: int) -> Tuple[int, int]:
    """Where characters ``start:end`` of a decoded view came from in the raw text."""
    if spans is None:
        return (start, end)
    return (spans[start][0], spans[end - 1][1])


def _views(text: str) -> List[Tuple[str, Optional[List[Tuple[int, int]]]]]:
    """``text`` and its successively decoded forms, each with raw spans per character (None: identity)."""
    views: List[Tuple[str, Optional[List[Tuple[int, int]]]]] = [(text, None)]
    current, spans = text, None
    escape = _patterns().escape
    for _ in range(_MAX_DECODE_LAYERS):
        if not escape.search(current):
            break
        out: List[str] = []
        new_spans: List[Tuple[int, int]] = []
        pos = 0

        for match in escape.finditer(current):
            for i in range(pos, match.start()):
                out.append(current[i])
                new_spans.append(_raw(spans, i, i + 1))
            out.append(_unescape(match))
            new_spans.append(_raw(spans, match.start(), match.end()))
            pos = match.end()
        for i in range(pos, len(current)):
            out.append(current[i])
            new_spans.append(_raw(spans, i, i + 1))
        current, spans = "".join(out), new_spans
        views.append((current, spans))
    return views


# -- what to look for -----------------------------------------------------------------------------------------------


def _b64_needles(data: bytes, shortest: int = 4) -> List[str]:
    """The base64 characters fully determined by ``data``, at each of the three byte alignments."""
    needles = []
    n = len(data)
    for align in range(3):
        enc = base64.b64encode(b"\0" * align + data + b"\0\0").decode("ascii")
        first = -(-8 * align // 6)  # ceil
        last = (8 * (align + n)) // 6  # exclusive
        stable = enc[first:last]
        if len(stable) >= shortest:
            needles.append(stable)
            needles.append(stable.replace("+", "-").replace("/", "_"))
    return needles


# How many leading characters the alternation of many secrets branches on (see _alternation).
_TRIE_DEPTH = 4


def _alternation(words: Iterable[str]) -> str:
    """A regex source matching any of ``words``, longest first, shaped as a shallow trie.

    ``a|b|c`` over hundreds of unrelated secrets (each client's key, several
    encodings each) makes ``re`` try every alternative at every position: 8 s
    to scan a 1 MB body for 256 keys. Branching on the first few characters
    lets ``re`` reject a position after a character or two. The trie stops at
    :data:`_TRIE_DEPTH` levels so the nesting (and ``re``'s recursion) stays
    bounded however long or alike the secrets are; below it, the remaining
    suffixes are a plain alternation, longest first.
    """
    buckets: Dict[str, List[str]] = {}
    for word in words:
        buckets.setdefault(word[:_TRIE_DEPTH], []).append(word[_TRIE_DEPTH:])

    def level(prefixes: List[str], depth: int) -> str:
        # ``prefixes`` share their first ``depth`` characters; branch on the next one.
        if depth == _TRIE_DEPTH or all(len(p) == depth for p in prefixes):
            tails = sorted({t for p in prefixes for t in buckets[p]}, key=lambda t: (-len(t), t))
            return _group([re.escape(t) for t in tails])
        by_char: Dict[str, List[str]] = {}
        ends_here = []
        for prefix in prefixes:
            if len(prefix) == depth:
                ends_here.append(prefix)  # a word shorter than the trie: ends at this node
            else:
                by_char.setdefault(prefix[depth], []).append(prefix)
        branches = [re.escape(c) + level(group, depth + 1) for c, group in sorted(by_char.items())]
        rest = _group(branches)
        if ends_here:
            short = level(ends_here, _TRIE_DEPTH)
            return "(?:" + rest + "|" + short + ")"
        return rest

    return level(sorted(buckets), 0) if buckets else ""


def _group(alternatives: List[str]) -> str:
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


class _Caseless:
    """Finds any of many secrets in any letter case.

    ``re.IGNORECASE`` compares case-folded characters one at a time, four to
    five times slower over a large body than a plain pattern. When the secrets
    and the text are ASCII (all real keys and traffic), the text is lower-cased
    once and searched case-sensitively: the same matches, at the same offsets
    (ASCII lower-casing keeps the length).
    """

    def __init__(self, secrets: Sequence[str]) -> None:
        self._all_ascii = all(s.isascii() for s in secrets)
        # Case variants of one ASCII secret are one word (so the longest of them always wins).
        self._folded = re.compile(_alternation({s.lower() if s.isascii() else s for s in secrets}), re.IGNORECASE)
        self._lowered = re.compile(_alternation({s.lower() for s in secrets})) if self._all_ascii else None

    def finditer(self, text: str) -> Iterator[Tuple[int, int, str]]:
        """``(start, end, matched text)`` of each find; the matched text may be lower-cased."""
        if self._lowered is not None and text.isascii():
            matches = self._lowered.finditer(text.lower())
        else:
            matches = self._folded.finditer(text)
        for match in matches:
            yield match.start(), match.end(), match.group(0)

    def search(self, text: str) -> bool:
        return next(self.finditer(text), None) is not None


@lru_cache(maxsize=32)
def _compiled(secrets: Tuple[str, ...]) -> Tuple[Optional[_Caseless], Optional[Pattern[str]], Dict[str, str]]:
    """(case-insensitive literal search, case-sensitive encoded pattern, needle -> secret)."""
    long_ones = [s for s in secrets if len(s) >= MIN_SECRET_LENGTH]
    literal = _Caseless(long_ones) if long_ones else None
    owner: Dict[str, str] = {}
    for secret in long_ones:
        data = secret.encode("utf-8")
        for needle in [*_b64_needles(data), data.hex(), data.hex().upper()]:
            owner.setdefault(needle, secret)
    encoded = re.compile(_alternation(owner)) if owner else None
    return literal, encoded, owner


class _Patterns:
    """The patterns scrubbing searches with, compiled when text is first scrubbed.

    Compiling them at import was a fifth of ``import realtime_sync``'s own instructions, and a
    process whose calls succeed quietly never scrubs anything.
    """

    def __init__(self) -> None:
        # Tokens that are secrets whoever minted them. ``ek_`` has no left boundary on
        # purpose: "any ek_ string anywhere" includes one glued into a longer token.
        self.token = re.compile(
            r"ek_[A-Za-z0-9_-]+|(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{16,}|(?<![A-Za-z0-9])whsec_[A-Za-z0-9+/=_-]{8,}"
        )
        # Cheap pre-check: no trigger at all means the text cannot hold a token or an encoded form.
        self.escape = re.compile(
            r"\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|%([0-9a-fA-F]{2})|&#([0-9]{1,7});|&#[xX]([0-9a-fA-F]{1,6});|\\([^ux])"
        )
        self.b64_run = re.compile(r"[A-Za-z0-9+/_-]{8,}={0,2}")
        # A token inside base64 must be long (real ek_ keys are ~35 characters): random
        # bytes (audio in a sideband message) must not be taken for one.
        self.b64_token = re.compile(r"ek_[A-Za-z0-9_-]{8,}|sk-[A-Za-z0-9_-]{16,}")
        self.ek_needles = re.compile("|".join(re.escape(n) for n in _b64_needles(b"ek_", 3) + _b64_needles(b"sk-", 3)))


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    return _Patterns()


def _b64_decodings(run: str) -> List[bytes]:
    out = []
    core = run.rstrip("=")
    std = core.replace("-", "+").replace("_", "/")
    for offset in range(4):
        chunk = std[offset:]
        chunk = chunk[: len(chunk) - len(chunk) % 4] if len(chunk) % 4 == 1 else chunk
        try:
            out.append(base64.b64decode(chunk + "=" * (-len(chunk) % 4)))
        except (binascii.Error, ValueError):
            continue
    return out


def _expand_b64(view: str, start: int, end: int) -> Tuple[int, int]:
    while start > 0 and view[start - 1] in _B64_CHARS:
        start -= 1
    while end < len(view) and view[end] in _B64_CHARS:
        end += 1
    return start, end


def _hits(text: str, secrets: Sequence[str]) -> List[Tuple[int, int, str]]:
    """Raw ``(start, end, found)`` spans of ``text`` that hold a secret, in any supported form."""
    literal, encoded, owner = _compiled(tuple(secrets))
    hits: List[Tuple[int, int, str]] = []
    for secret in secrets:
        if 0 < len(secret) < MIN_SECRET_LENGTH:
            start = text.find(secret)
            while start >= 0:
                hits.append((start, start + len(secret), secret))
                start = text.find(secret, start + len(secret))
    patterns = _patterns()
    by_lower = {s.translate(_ASCII_LOWER): s for s in secrets}
    for view, spans in _views(text):

        def add(start: int, end: int, found: str, spans: Spans = spans) -> None:
            hits.append((*_raw(spans, start, end), found))

        if literal is not None:
            for start, end, found in literal.finditer(view):
                add(start, end, by_lower.get(found.translate(_ASCII_LOWER), found))
        for match in patterns.token.finditer(view):
            add(match.start(), match.end(), match.group(0))
        if encoded is not None:
            for match in encoded.finditer(view):
                start, end = _expand_b64(view, match.start(), match.end())
                add(start, end, owner[match.group(0)])
        for match in patterns.b64_run.finditer(view):
            # A token base64-encoded (Basic auth of an ek_ key): decode the run to know.
            if not patterns.ek_needles.search(match.group(0)):
                continue
            for data in _b64_decodings(match.group(0)):
                token = patterns.b64_token.search(data.decode("latin-1"))
                if token is not None:
                    add(match.start(), match.end(), token.group(0))
                    break
    return hits


def _merge(hits: List[Tuple[int, int, str]], known: Sequence[str]) -> List[Tuple[int, int, str]]:
    """Overlapping finds become one span, named after a known secret among them (else the longest token)."""
    known_set = frozenset(known)

    def rank(found: str) -> Tuple[bool, int]:
        return (found in known_set, len(found))

    merged: List[Tuple[int, int, str]] = []
    for start, end, found in sorted(hits, key=lambda h: (h[0], -h[1])):
        if merged and start < merged[-1][1]:
            last_start, last_end, last_found = merged[-1]
            best = found if rank(found) > rank(last_found) else last_found
            merged[-1] = (last_start, max(end, last_end), best)
        else:
            merged.append((start, end, found))
    return merged


def _could_hold(text: str, secrets: Sequence[str]) -> bool:
    # The common case (no escape, no token, no secret) costs a few scans.
    patterns = _patterns()
    if (
        "ek_" in text
        or "sk-" in text
        or "whsec_" in text
        or patterns.escape.search(text)
        or patterns.ek_needles.search(text)
    ):
        return True
    if not secrets:
        return False
    literal, encoded, _ = _compiled(tuple(secrets))
    return bool(
        (literal is not None and literal.search(text))
        or (encoded is not None and encoded.search(text))
        or any(s in text for s in secrets if len(s) < MIN_SECRET_LENGTH)
    )


# -- the public functions ------------------------------------------------------------------------------------------


def scrub_text(text: str, secrets: Iterable[str] = (), *, replace: Optional[Replace] = None, known: bool = True) -> str:
    """``text`` with every secret, in every supported encoding, replaced by ``<redacted>``.

    ``replace(found)`` chooses another placeholder; ``known=False`` leaves out
    the registered keys and ``OPENAI_API_KEY`` (only ``secrets`` and tokens).
    """
    if not isinstance(text, str) or not text:
        return text
    pool = known_secrets(secrets) if known else tuple(sorted({s for s in secrets if s}, key=lambda s: (-len(s), s)))
    if not _could_hold(text, pool):
        return text
    merged = _merge(_hits(text, pool), pool)
    if not merged:
        return text
    out = []
    pos = 0
    for start, end, found in merged:
        out.append(text[pos:start])
        out.append(REDACTED if replace is None else replace(found))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def find_secrets(text: str, secrets: Iterable[str] = (), *, known: bool = True) -> List[str]:
    """The secrets and tokens ``text`` holds in any supported encoding (empty: nothing to hide)."""
    if not isinstance(text, str) or not text:
        return []
    pool = known_secrets(secrets) if known else tuple(sorted({s for s in secrets if s}, key=lambda s: (-len(s), s)))
    if not _could_hold(text, pool):
        return []
    return [found for _, _, found in _merge(_hits(text, pool), pool)]


def contains_secret(text: str, secrets: Iterable[str] = (), *, known: bool = True) -> bool:
    """True when ``text`` holds a secret or a secret-looking token, in any supported encoding."""
    return bool(find_secrets(text, secrets, known=known))


def scrub_bytes(
    data: bytes, secrets: Iterable[str] = (), *, replace: Optional[Replace] = None, known: bool = True
) -> bytes:
    """:func:`scrub_text` for bytes; bytes that are not UTF-8 are kept as they are."""
    if not data:
        return data
    text = data.decode("utf-8", "surrogateescape")
    scrubbed = scrub_text(text, secrets, replace=replace, known=known)
    return data if scrubbed is text else scrubbed.encode("utf-8", "surrogateescape")


def scrub_value(
    value: Any, secrets: Iterable[str] = (), *, replace: Optional[Replace] = None, known: bool = True
) -> Any:
    """A copy of a JSON-like value (dicts, lists, tuples) with every string, keys included, scrubbed.

    Iterative, so a deeply nested value cannot raise RecursionError.
    """
    pool = tuple(known_secrets(secrets)) if known else tuple(s for s in secrets if s)

    def text(s: str) -> str:
        return scrub_text(s, pool, replace=replace, known=False)

    def fresh(item: Any, stack: List[Any]) -> Any:
        if isinstance(item, str):
            return text(item)
        if isinstance(item, dict):
            copy: Any = dict(item)
        elif isinstance(item, (list, tuple)):
            copy = list(item)
        else:
            return item
        stack.append(copy)
        return copy

    stack: List[Any] = []
    root = fresh(value, stack)
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            items = list(node.items())
            node.clear()
            for key, item in items:
                node[text(key) if isinstance(key, str) else key] = fresh(item, stack)
        else:
            for i, item in enumerate(node):
                node[i] = fresh(item, stack)
    return root


def scrub_headers(
    headers: Iterable[Tuple[str, str]], secrets: Iterable[str] = (), *, known: bool = True
) -> List[Tuple[str, str]]:
    """Header pairs with every value (and name) scrubbed."""
    pool = known_secrets(secrets) if known else tuple(s for s in secrets if s)
    return [
        (scrub_text(name, pool, known=False), scrub_text(value, pool, known=False) if isinstance(value, str) else value)
        for name, value in headers
    ]


def _is_binary(headers: Any) -> bool:
    content_type = str(headers.get("content-type") or "").lower()
    return content_type.startswith(("audio/", "video/", "image/", "application/octet-stream"))


def scrub_request(request: Any, secrets: Sequence[str] = ()) -> Any:
    """A copy of ``request`` safe to keep in an exception: credential headers masked, the rest scrubbed.

    The same object when there is nothing to hide. Binary bodies are kept as they are.
    """
    if request is None:
        return None
    headers = list(request.headers.items())
    masked = [(name, REDACTED if name.lower() in SENSITIVE_HEADERS else value) for name, value in headers]
    clean_headers = scrub_headers(masked, secrets)
    url = scrub_text(request.url, secrets)
    body = request.body
    clean_body = body if _is_binary(request.headers) or not isinstance(body, bytes) else scrub_bytes(body, secrets)
    if clean_headers == headers and url is request.url and clean_body is body:
        return request
    return type(request)(request.method, url, clean_headers, clean_body)


def scrub_response(response: Any, secrets: Sequence[str] = ()) -> Any:
    """A copy of ``response`` whose headers and body hold no secret (the same object when clean).

    Binary bodies (audio, recordings) are never rewritten: they are not
    text a server echoes a key into, and must stay byte-exact.
    """
    if response is None:
        return None
    headers = list(response.headers.items())
    clean_headers = scrub_headers(headers, secrets)
    body = response.body
    clean_body = body if _is_binary(response.headers) or not isinstance(body, bytes) else scrub_bytes(body, secrets)
    if clean_headers == headers and clean_body is body:
        return response
    return type(response)(response.status_code, clean_headers, clean_body)


class SecretFilter(logging.Filter):
    """A logging filter that renders each record and scrubs the result (message, arguments, traceback).

    Installed on realtime_sync's own loggers by :func:`library_logger`; add it
    to a handler to protect other loggers too.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: let logging report it as usual
            return True
        scrubbed = scrub_text(message)
        if scrubbed is not message or record.args:
            record.msg, record.args = scrubbed, None
        if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
            formatted = logging.Formatter().formatException(record.exc_info)
            clean = scrub_text(formatted)
            if clean is not formatted:
                # The formatter uses exc_text when set; the raw exception stays out of the output.
                record.exc_text = clean
        return True


_FILTER = SecretFilter()


def library_logger(name: str) -> logging.Logger:
    """``logging.getLogger(name)`` with the :class:`SecretFilter` installed (once)."""
    logger = logging.getLogger(name)
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
    return logger
