"""Nested values as flat ``key=value`` pairs, the way the official SDK writes query strings and form fields.

Standard library only. ``None`` is left out, booleans are ``true``/``false``,
a list repeats ``key[]`` once per item, and a nested mapping becomes
``key[sub]``; everything else is ``str(value)``. The client uses it for
``extra_query`` and for the extra form fields of ``calls.create``, so both go
on the wire exactly as the SDK sends them.
"""

from typing import Any, List, Mapping, Tuple

__all__ = ["flatten"]


def flatten(values: Mapping[str, Any]) -> List[Tuple[str, str]]:
    """``values`` as ``(key, text)`` pairs, in order."""
    pairs: List[Tuple[str, str]] = []
    for key, value in values.items():
        _add(pairs, str(key), value)
    return pairs


def _add(pairs: List[Tuple[str, str]], key: str, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, Mapping):
        for sub, item in value.items():
            _add(pairs, "%s[%s]" % (key, sub), item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _add(pairs, key + "[]", item)
    elif isinstance(value, bool):
        pairs.append((key, "true" if value else "false"))
    else:
        pairs.append((key, str(value)))
