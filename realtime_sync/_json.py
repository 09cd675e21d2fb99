"""Reading JSON from outside (servers, webhooks, files) without RecursionError.

Standard library only, importable from the lowest layer. ``json.loads`` raises
``RecursionError`` on deeply nested input (``[[[[...`` 100,000 deep), and a
document just under that limit makes every later recursive step (the
converter, ``json.dumps``, a matching key) fail instead. :func:`loads` turns
both into a ``ValueError`` that callers already map to their library error
(``APIResponseValidationError``, ``InvalidWebhookPayloadError``, ``FixtureError``).
"""

import json
import json.decoder
from typing import Any, Callable, List, Tuple, Union

__all__ = ["MAX_DEPTH", "TooDeepError", "check_depth", "loads"]

#: The deepest nesting accepted from outside (the request side uses the same bound).
#: Real answers nest about ten levels; a JSON schema in a tool a few dozen.
MAX_DEPTH = 100

# The scanner json.loads runs (C when available), called without json.loads' wrapper: for a
# document that starts at its first character and ends at its last (what servers send) the
# result is the same; anything else (whitespace around it, a BOM, an error) goes through
# json.loads, which gives its own exact answer or error.
_scan: Callable[[str, int], Tuple[Any, int]] = json.decoder.JSONDecoder().scan_once  # type: ignore[attr-defined]


class TooDeepError(ValueError):
    """JSON nested deeper than :data:`MAX_DEPTH` levels."""


def loads(data: Union[str, bytes], max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads`` that raises ``ValueError`` (never ``RecursionError``) and refuses nesting over ``max_depth``.

    ``bytes`` must be UTF-8 (``UnicodeDecodeError`` is a ``ValueError`` too).
    """
    if isinstance(data, str):
        text = data
    elif isinstance(data, (bytes, bytearray)):
        text = data.decode("utf-8")
    else:
        raise ValueError("expected JSON text, got %s" % type(data).__name__)
    try:
        try:
            value, end = _scan(text, 0)
        except StopIteration:
            end = -1
        if end != len(text):
            value = json.loads(text)
    except RecursionError:
        raise TooDeepError("JSON nested deeper than %d levels" % max_depth) from None
    if max_depth >= 1 and "[" not in text and text.find("{", 1) < 0:
        # No bracket but the object's own: one level. The two searches run at memchr speed,
        # several times faster than counting brackets or looking at every value (most server
        # events are objects of scalars, the most frequent ones carrying an audio chunk).
        return value
    if text.count("[") + text.count("{") > max_depth:  # fewer brackets than the limit cannot nest deeper
        check_depth(value, max_depth)
    return value


def check_depth(value: Any, max_depth: int = MAX_DEPTH) -> None:
    """Raise :class:`TooDeepError` when ``value`` nests more than ``max_depth`` lists/objects."""
    stack: List[Tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > max_depth:
            raise TooDeepError("JSON nested deeper than %d levels" % max_depth)
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
