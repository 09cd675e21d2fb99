"""Property tests: generated valid bodies round-trip; generated invalid ones raise RequestValidationError only.

Strategies are derived from the model annotations, so a new field is covered automatically.
"""

import functools
import math
import os
import typing
from typing import Any, Dict, List, Tuple

import attrs
import pytest
from _strategies import unicode_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realtime_sync import _serde, models
from realtime_sync._serde import parse_response, request_body, structure, unstructure
from realtime_sync.errors import APIResponseValidationError, RequestValidationError
from realtime_sync.models import NullType


def accept_body(**fields: Any) -> Dict[str, Any]:
    # The accept endpoint sends the session itself as the body (its rule lives in _resources).
    body: Dict[str, Any] = request_body(models.RealtimeCallAcceptRequest, **fields)["session"]
    return body


NoneType = type(None)
# The core suite runs a sample; tox -e fuzz (REALTIME_SYNC_FUZZ=1) ten times as many.
SCALE = 10 if os.environ.get("REALTIME_SYNC_FUZZ") == "1" else 1
SETTINGS = settings(max_examples=50 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def is_fallback(t: Any) -> bool:
    # A union's fallback is declared by its base class (docs/models.md).
    return isinstance(t, type) and issubclass(t, models.Unknown)


# Field-specific ranges the converter checks (everything else is free).
SPECIAL = {
    (models.ClientSecretExpiration, "seconds"): st.integers(10, 7200),
    # What a client-secret answer exists for (ESSENTIAL): an empty secret is an error.
    (models.RealtimeCreateClientSecretResponse, "value"): unicode_text(min_size=1, max_size=12),
    (models.RealtimeTranslationClientSecretCreateResponse, "value"): unicode_text(min_size=1, max_size=12),
}

json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    unicode_text(max_size=8),
)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(unicode_text(max_size=5), inner, max_size=3)),
    max_leaves=8,
)
numbers = st.one_of(st.integers(-1000, 100000), st.floats(allow_nan=False, allow_infinity=False))


def members(t: Any) -> Tuple[Any, ...]:
    if typing.get_origin(t) is typing.Union:
        out: List[Any] = []
        for arg in typing.get_args(t):
            out.extend(members(arg))
        return tuple(out)
    return (t,)


@functools.lru_cache(maxsize=None)  # one strategy object per type: hypothesis caches its analysis per object
def valid(t: Any, response: bool = False) -> "st.SearchStrategy[Any]":
    """JSON that the type accepts (in responses also fallback variants)."""
    origin = typing.get_origin(t)
    if origin is typing.Union:
        options = [valid(m, response) for m in members(t) if m is not NoneType]
        if not response:
            options = [valid(m) for m in members(t) if m is not NoneType and not is_fallback(m)]
        return st.one_of(*options)
    if origin is typing.Literal:
        return st.sampled_from(typing.get_args(t))
    if origin is list:
        return st.lists(valid(typing.get_args(t)[0], response), max_size=3)
    if origin is dict:
        return st.dictionaries(unicode_text(max_size=6), valid(typing.get_args(t)[1], response), max_size=3)
    if t is NullType:
        return st.none()
    if t is str:
        return unicode_text(max_size=12)
    if t is bool:
        return st.booleans()
    if t is int:
        return st.integers(-(2**40), 2**40)
    if t is float:
        return numbers
    if t is Any:
        return json_value
    if is_fallback(t):
        return st.fixed_dictionaries({"type": st.sampled_from(["zz_future", "v2"])}, optional={"k": json_value})
    if attrs.has(t):
        return st.deferred(lambda: objects(t, response))
    raise AssertionError("no strategy for %r" % (t,))


@functools.lru_cache(maxsize=None)  # one strategy object per type: hypothesis caches its analysis per object
def objects(cls: Any, response: bool) -> "st.SearchStrategy[Dict[str, Any]]":
    attrs.resolve_types(cls)
    required: Dict[str, Any] = {}
    optional: Dict[str, Any] = {}
    for f in attrs.fields(cls):
        if f.name == "extra" or not f.init:
            continue
        strategy = SPECIAL[(cls, f.name)] if (cls, f.name) in SPECIAL else valid(f.type, response)
        if f.default is attrs.NOTHING or typing.get_origin(f.type) is typing.Literal:
            required[f.name] = strategy  # tags are always written
        else:
            optional[f.name] = strategy
    base = st.fixed_dictionaries(required, optional=optional)
    if response:  # the server adds fields later
        return st.tuples(base, st.dictionaries(st.sampled_from(["zz_new", "zz_later"]), json_value, max_size=1)).map(
            lambda pair: {**pair[1], **pair[0]}
        )
    return base


def same(a: Any, b: Any) -> bool:
    """Equality that treats -0.0/0.0 and 1/1.0 like JSON does and compares NaN-free floats exactly."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(b, (int, float)) and (a == b or (math.isnan(a) and math.isnan(b)))
    return type(a) is type(b) and a == b


# --------------------------------------------------------------------------- valid inputs round-trip


@SETTINGS
@given(objects(models.RealtimeSessionCreateRequest, response=False))
def test_valid_realtime_sessions_round_trip(session: Dict[str, Any]) -> None:
    body = accept_body(session=session)
    assert same(body, session)
    model = structure(session, models.RealtimeSessionCreateRequest, strict=True)
    assert same(unstructure(model), session)
    assert same(accept_body(session=model), session)
    assert structure(body, models.RealtimeSessionCreateRequest, strict=True) == model


@SETTINGS
@given(objects(models.RealtimeCreateClientSecretRequest, response=False))
def test_valid_client_secret_requests_round_trip(data: Dict[str, Any]) -> None:
    assert same(request_body(models.RealtimeCreateClientSecretRequest, **data), data)
    model = structure(data, models.RealtimeCreateClientSecretRequest, strict=True)
    assert same(request_body(models.RealtimeCreateClientSecretRequest, **attrs.asdict(model, recurse=False)), data)


@SETTINGS
@given(objects(models.RealtimeTranslationClientSecretCreateRequest, response=False))
def test_valid_translation_requests_round_trip(data: Dict[str, Any]) -> None:
    assert same(request_body(models.RealtimeTranslationClientSecretCreateRequest, **data), data)


@SETTINGS
@given(
    st.sampled_from(
        [
            models.RealtimeCreateClientSecretResponse,
            models.RealtimeTranslationClientSecretCreateResponse,
            models.ErrorResponse,
        ]
    ).flatmap(lambda cls: st.tuples(st.just(cls), objects(cls, response=True)))
)
def test_valid_responses_with_unknown_parts_round_trip(case: Tuple[Any, Dict[str, Any]]) -> None:
    cls, data = case
    obj = parse_response(cls, data)
    assert isinstance(obj, cls)
    assert same(unstructure(obj), data)


# --------------------------------------------------------------------------- invalid inputs are rejected


def accepted_kinds(t: Any) -> set:
    kinds = set()
    for m in members(t):
        origin = typing.get_origin(m)
        if m is NullType:
            kinds.add("null")
        elif origin is typing.Literal:
            kinds.update({str: "str", int: "int", bool: "bool"}[type(v)] for v in typing.get_args(m))
        elif m is str:
            kinds.add("str")
        elif m is bool:
            kinds.add("bool")
        elif m is int:
            kinds.add("int")
        elif m is float:
            kinds.update({"int", "float"})
        elif origin is list:
            kinds.add("list")
        elif origin is dict or attrs.has(m):
            kinds.add("dict")
        elif m is Any:
            kinds.update({"null", "str", "int", "float", "bool", "list", "dict"})
    return kinds


KIND_VALUES = {
    "null": st.none(),
    "str": unicode_text(max_size=5),
    "int": st.integers(-5, 5),
    "float": st.floats(0.1, 0.9),
    "bool": st.booleans(),
    "list": st.lists(st.integers(), max_size=2),
    "dict": st.dictionaries(st.sampled_from(["zz_bad"]), st.integers(), min_size=1),
}


@functools.lru_cache(maxsize=None)  # one strategy object per type: hypothesis caches its analysis per object
def invalid(t: Any) -> "st.SearchStrategy[Any]":
    """JSON that strict request structuring of ``t`` must reject."""
    options = []
    wrong = sorted(set(KIND_VALUES) - accepted_kinds(t))
    if wrong:
        options.append(st.sampled_from(wrong).flatmap(lambda k: KIND_VALUES[k]))
    for m in members(t):
        origin = typing.get_origin(m)
        if origin is typing.Literal and all(isinstance(v, str) for v in typing.get_args(m)) and str not in members(t):
            # a closed enum gets a string outside it (open enums also take any str, so they are skipped)
            options.append(unicode_text(min_size=1, max_size=5).map(lambda s: "zz" + s))
        elif origin is list and typing.get_args(m)[0] is not Any:
            options.append(st.lists(invalid(typing.get_args(m)[0]), min_size=1, max_size=2))
        elif attrs.has(m) and not is_fallback(m):
            options.append(st.deferred(lambda m=m: invalid_object(m)))
    return st.one_of(*options)


@functools.lru_cache(maxsize=None)  # one strategy object per type: hypothesis caches its analysis per object
def invalid_object(cls: Any) -> "st.SearchStrategy[Dict[str, Any]]":
    attrs.resolve_types(cls)
    fields = [f for f in attrs.fields(cls) if f.name != "extra"]
    base = objects(cls, response=False)
    tag_union_member = any(typing.get_origin(f.type) is typing.Literal for f in fields)

    def unknown_key(d: Dict[str, Any]) -> Dict[str, Any]:
        return {**d, "zz_unknown_key": 1}

    def break_field(pair: Tuple[Dict[str, Any], Any]) -> Dict[str, Any]:
        d, (name, value) = pair
        return {**d, name: value}

    options = [base.map(unknown_key)]
    breakable = [f for f in fields if accepted_kinds(f.type) != set(KIND_VALUES) or attrs.has(f.type)]
    if breakable:
        options.append(
            st.tuples(
                base, st.sampled_from(breakable).flatmap(lambda f: st.tuples(st.just(f.name), invalid(f.type)))
            ).map(break_field)
        )
    required = [f.name for f in fields if f.default is attrs.NOTHING]
    if required and not tag_union_member:
        options.append(
            st.tuples(base, st.sampled_from(required)).map(lambda p: {k: v for k, v in p[0].items() if k != p[1]})
        )
    return st.one_of(*options)


@SETTINGS
@given(invalid_object(models.RealtimeSessionCreateRequest))
def test_invalid_sessions_raise_request_validation_error(session: Dict[str, Any]) -> None:
    with pytest.raises(RequestValidationError) as info:
        accept_body(session=session)
    assert info.value.errors
    assert all(e.startswith("session") for e in info.value.errors)


@SETTINGS
@given(invalid_object(models.RealtimeCreateClientSecretRequest).filter(lambda d: None not in d.values()))
def test_invalid_client_secret_requests_raise_request_validation_error(data: Dict[str, Any]) -> None:
    # (a top-level None means "not given", so it is filtered out above)
    with pytest.raises(RequestValidationError) as info:
        request_body(models.RealtimeCreateClientSecretRequest, **data)
    assert info.value.errors


@SETTINGS
@given(
    st.sampled_from(
        [
            models.RealtimeCallAcceptRequest,
            models.RealtimeCallCreateRequest,
            models.RealtimeCreateClientSecretRequest,
            models.RealtimeTranslationClientSecretCreateRequest,
            models.RealtimeCallReferRequest,
            models.RealtimeCallRejectRequest,
        ]
    ),
    st.dictionaries(st.sampled_from(["session", "sdp", "expires_after", "target_uri", "status_code"]), json_value),
)
def test_arbitrary_json_gives_a_body_or_request_validation_error(cls: Any, fields: Dict[str, Any]) -> None:
    try:
        body = request_body(cls, **fields)
    except RequestValidationError as exc:
        assert exc.errors
    else:
        assert isinstance(body, dict)
        _serde.dumps(body)


@SETTINGS
@given(json_value)
def test_arbitrary_json_gives_a_response_or_api_response_validation_error(data: Any) -> None:
    for cls in (models.RealtimeCreateClientSecretResponse, models.ErrorResponse):
        try:
            parse_response(cls, data)
        except APIResponseValidationError as exc:
            assert exc.errors


def _mutate(pair: Tuple[Dict[str, Any], Tuple[str, Any]]) -> Dict[str, Any]:
    # Replace (or add) one key of the response or of its session with arbitrary JSON.
    data, (key, value) = pair
    target = data["session"] if key.startswith("session.") and isinstance(data.get("session"), dict) else data
    target[key.split(".", 1)[-1]] = value
    return data


@settings(SETTINGS, max_examples=20 * SCALE)
@given(
    st.sampled_from(
        [models.RealtimeCreateClientSecretResponse, models.RealtimeTranslationClientSecretCreateResponse]
    ).flatmap(
        lambda cls: st.tuples(
            st.just(cls),
            st.tuples(
                objects(cls, response=True),
                st.tuples(
                    st.sampled_from(["expires_at", "session", "session.audio", "session.id", "session.model", "zz"]),
                    json_value,
                ),
            ).map(_mutate),
        )
    )
)
def test_tolerant_reader_keeps_any_answer_with_a_usable_secret(case: Tuple[Any, Dict[str, Any]]) -> None:
    # Issue 15 item 6: whatever the server puts where, the secret is returned and the answer
    # written back exactly as it came.
    cls, data = case
    obj = parse_response(cls, data)
    assert obj.value == data["value"]
    assert same(without_added_tags(obj.to_dict(), data), data)


def without_added_tags(out: Any, sent: Any) -> Any:
    # A union member's tag is always written, even where the server left it out.
    if isinstance(out, dict) and isinstance(sent, dict):
        return {k: without_added_tags(v, sent.get(k)) for k, v in out.items() if k != "type" or k in sent}
    return out
