"""``realtime_sync._json.loads`` against ``json.loads`` on generated documents.

``_json.loads`` runs the scanner ``json.loads`` uses without its wrapper and decides cheaply
when a document cannot nest deeper than the limit (no bracket but the object's own). Whatever
the text (nesting, brackets inside strings, whitespace around, duplicate keys, escapes, errors),
it must give exactly what ``json.loads`` gives, or ``TooDeepError`` exactly when the document
nests deeper than ``max_depth``; an invalid text fails with ``json.loads``' own error.
"""

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from realtime_sync import _json

SEED = 20261206
COMMON: Any = {"deadline": None, "database": None, "suppress_health_check": [HealthCheck.too_slow]}

# Strings with brackets, quotes, backslashes, non-ASCII and control characters (json.dumps escapes them).
TEXT = st.sampled_from(["", "x", "[", "]", "{", "}", "[{", 'a"b', "a\\b", "\u00e9", "\n", "\x01", " ", "A" * 600])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False, allow_infinity=False), TEXT
)
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=12
)


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def _outcome(read: Any, text: Any, *args: Any) -> Any:
    try:
        return ("ok", read(text, *args))
    except _json.TooDeepError:
        return ("too deep",)
    except ValueError as exc:
        return ("error", type(exc), str(exc))


@seed(SEED)
@settings(max_examples=400, **COMMON)
@given(VALUES, st.sampled_from([",", ", "]), st.sampled_from(["", " ", "\n"]), st.sampled_from([0, 1, 2, 3, 100]))
def test_loads_is_json_loads_with_a_depth_limit(value: Any, separator: str, around: str, max_depth: int) -> None:
    text = around + json.dumps(value, separators=(separator, ":"), ensure_ascii=False) + around
    expected = json.loads(text)
    depth = _depth(expected)
    for limit in {max_depth, depth, max(depth - 1, 0)}:  # the drawn limit and both sides of the document's depth
        got = _outcome(_json.loads, text, limit)
        if depth > limit:
            assert got == ("too deep",), (text, limit)
        else:
            assert got == ("ok", expected)
            assert json.dumps(got[1]) == json.dumps(expected)  # key order and float text included
        assert _outcome(_json.loads, text.encode("utf-8"), limit) == got


@seed(SEED)
@settings(max_examples=400, **COMMON)
@given(VALUES, st.integers(0, 40), st.sampled_from(["", "x", "\x01", "\\", '"', "}", "]", ",", "{"]))
def test_broken_text_fails_as_json_loads_fails(value: Any, at: int, insert: str) -> None:
    text = json.dumps({"type": "e", "value": value})
    text = text[:at] + insert + text[at:]
    expected = _outcome(lambda t, _: json.loads(t), text, 0)
    got = _outcome(_json.loads, text, 100)
    if expected[0] == "ok" and _depth(expected[1]) > 100:
        assert got == ("too deep",)
    else:
        assert got == expected


def test_duplicate_keys_and_long_strings() -> None:
    text = '{"type":"a","delta":"' + "A" * 2000 + '","type":"b","x":{"y":[1]}}'
    assert _json.loads(text) == json.loads(text) == {"type": "b", "delta": "A" * 2000, "x": {"y": [1]}}
    assert _outcome(_json.loads, text, 2) == ("too deep",)
    assert _outcome(_json.loads, '{"a":"[[[{{{"}', 1) == ("ok", {"a": "[[[{{{"})
    assert _outcome(_json.loads, '{"a":{"b":1}}', 1) == ("too deep",)
    assert _outcome(_json.loads, '{"a":{"b":1}}', 2) == ("ok", {"a": {"b": 1}})
    assert _outcome(_json.loads, '{"a":1}', 0) == ("too deep",)
    deep = "[" * 101 + "]" * 101
    assert _outcome(_json.loads, deep) == ("too deep",)
    assert _outcome(_json.loads, "[" * 100000 + "]" * 100000) == ("too deep",)
    with pytest.raises(ValueError):
        _json.loads(3)  # type: ignore[arg-type]
