"""The fast readers of clean server data (``_serde.fast_reader``, ``_serde.compiled_reader``) against the converter.

REST answers (``_serde.structure``) go through a reader planned from the declarations, server
events (``parse_server_event``, ``parse_live_server_event``, ``_serde.response_structurer``)
through the same plans compiled to Python source; both read clean data straight into the models
and hand everything else to the tolerant cattrs converter. Here the paths read the same
generated data: every event type of every union (Realtime, translation, client, Live), with
values of the declared types, nulls, missing and unknown keys, values of other types and
unknown tags mixed in. Results must be equal in every respect (class, fields, ``extra``,
``null_fields``, the JSON written back, the repr) and errors must name the same problems.

Budget: a fixed seed; ``CORE_EXAMPLES`` per union in the core run, ``FUZZ_EXAMPLES`` with
``REALTIME_SYNC_FUZZ=1`` (``tox -e fuzz``).
"""

import functools
import json
import os
from typing import Any, Callable, Dict, List, Literal, Optional, Union, get_args, get_origin

import attrs
import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from realtime_sync import _serde, models
from realtime_sync.errors import APIResponseValidationError
from realtime_sync.live import events as live_events
from realtime_sync.live import models as live_models
from realtime_sync.sideband import events

SEED = 20261206
CORE_EXAMPLES = 25
FUZZ_EXAMPLES = 2500
FUZZ_ON = os.environ.get("REALTIME_SYNC_FUZZ") == "1"
COMMON: Dict[str, Any] = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
UNIONS = {
    "ServerEvent": events.ServerEvent,
    "TranslationServerEvent": events.TranslationServerEvent,
    "ClientEvent": events.ClientEvent,
    "LiveServerEvent": live_events.LiveServerEvent,
}

# Free JSON: what a server may put anywhere (small, bounded).
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(["", "x", "completed", "response.done", "a longer string"]),
)
JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.sampled_from(["a", "type", "id"]), inner, max_size=2)
    ),
    max_leaves=4,
)


def _members(t: Any) -> List[Any]:
    if get_origin(t) is Union:
        out: List[Any] = []
        for arg in get_args(t):
            out.extend(_members(arg))
        return out
    return [t]


def _well_typed(t: Any, depth: int) -> "st.SearchStrategy[Any]":
    # A value of type t as a server would send it (nulls where the declaration allows them).
    if t is str:
        return st.sampled_from(["", "x", "item_1", "completed"])
    if t is int:
        return st.integers(-2, 5)
    if t is float:
        return st.integers(0, 3) | st.floats(0, 2, width=32)
    if t is bool:
        return st.booleans()
    if t is Any:
        return JSON
    if t is models.NullType or t is type(None):
        return st.none()
    if get_origin(t) is Literal:
        values = get_args(t)
        others = [v + "_new" for v in values if isinstance(v, str)]
        return st.sampled_from(list(values) + others)
    if get_origin(t) is Union:
        return st.one_of([_well_typed(m, depth) for m in _members(t)])
    if get_origin(t) is list:
        (elem,) = get_args(t) or (Any,)
        return st.lists(_well_typed(elem, depth + 1), max_size=2 if depth < 3 else 0)
    if get_origin(t) is dict:
        args = get_args(t)
        elem = args[1] if len(args) == 2 else Any
        return st.dictionaries(st.sampled_from(["k", "type", "x"]), _well_typed(elem, depth + 1), max_size=2)
    if isinstance(t, type) and issubclass(t, models.Unknown):
        return st.fixed_dictionaries({"type": st.sampled_from(["brand_new", "other"])}, optional={"x": JSON})
    if isinstance(t, type) and attrs.has(t):
        if depth > 4:
            return st.just({})
        return _object_of(t, depth + 1)
    raise AssertionError("no strategy for %r" % (t,))


@functools.lru_cache(maxsize=None)
def _object_of(cls: Any, depth: int) -> "st.SearchStrategy[Dict[str, Any]]":
    attrs.resolve_types(cls)
    required: Dict[str, Any] = {}
    optional: Dict[str, Any] = {}
    for f in attrs.fields(cls):
        if not f.init or f.name == "extra":
            continue
        target = required if f.default is attrs.NOTHING else optional
        target[f.name] = st.deferred(lambda f=f: _value(f.type, depth))
    optional["unknown_key"] = JSON  # the tolerant reader keeps it in extra
    return st.fixed_dictionaries(required, optional=optional)


@functools.lru_cache(maxsize=None)
def _value(t: Any, depth: int) -> "st.SearchStrategy[Any]":
    # Mostly well typed; sometimes null or a value of any JSON type (the tolerant reader's cases).
    return st.one_of(_well_typed(t, depth), _well_typed(t, depth), _well_typed(t, depth), st.none(), JSON)


@functools.lru_cache(maxsize=None)
def _event(union: Any) -> "st.SearchStrategy[Dict[str, Any]]":
    classes = [c for c in get_args(union) if not issubclass(c, models.Unknown)]

    def tagged(cls: Any) -> "st.SearchStrategy[Dict[str, Any]]":
        tag = attrs.fields_dict(cls)["type"].default
        return _object_of(cls, 0).map(lambda d: dict(d, type=tag))

    clean = st.one_of([tagged(c) for c in classes])
    # Damage: a required key dropped, an unknown or missing tag, a non-string tag.
    damaged = st.tuples(clean, st.sampled_from(["drop", "unknown_tag", "no_tag", "int_tag"]), st.randoms()).map(
        lambda args: _damage(*args)
    )
    return st.one_of(clean, clean, clean, damaged)


def _damage(event: Dict[str, Any], how: str, rnd: Any) -> Dict[str, Any]:
    event = dict(event)
    if how == "drop" and len(event) > 1:
        del event[rnd.choice(sorted(k for k in event if k != "type"))]
    elif how == "unknown_tag":
        event["type"] = "brand.new.event"
    elif how == "no_tag":
        event.pop("type", None)
    elif how == "int_tag":
        event["type"] = 3
    return event


def _outcome(read: Callable[[Any], Any], data: Any) -> Any:
    try:
        return ("ok", read(data))
    except APIResponseValidationError as exc:
        return ("error", exc.errors)


def _assert_same(old: Any, new: Any) -> None:
    assert old[0] == new[0], (old, new)
    if old[0] == "error":
        assert old[1] == new[1]
        return
    a, b = old[1], new[1]
    assert type(a) is type(b)
    assert a == b
    assert repr(a) == repr(b)
    assert a.to_dict() == b.to_dict()
    assert _nulls_and_extras(a) == _nulls_and_extras(b)


def _nulls_and_extras(obj: Any) -> Any:
    # Every object's null_fields and extra (equality of models compares extra as a plain dict).
    if isinstance(obj, list):
        return [_nulls_and_extras(x) for x in obj]
    if isinstance(obj, models.Unknown):
        return ("raw", obj.raw)
    if not isinstance(obj, models.Model):
        return obj
    fields = {f.name: _nulls_and_extras(getattr(obj, f.name)) for f in attrs.fields(type(obj)) if f.name != "extra"}
    return (type(obj).__name__, sorted(obj.null_fields), type(obj.extra).__name__, dict(obj.extra), fields)


def converter_read(data: Any, cls: Any) -> Any:
    # The tolerant converter alone, as _serde.structure read everything before the fast readers.
    try:
        return _serde._converter(_serde._RESPONSE).structure(data, cls)
    except Exception as exc:
        name = getattr(cls, "__name__", cls)
        raise APIResponseValidationError("response did not match %s" % name, errors=_serde._messages(exc)) from exc


PARSERS = {
    "ServerEvent": events.parse_server_event,
    "TranslationServerEvent": events.parse_translation_server_event,
    "ClientEvent": events.parse_client_event,
    "LiveServerEvent": live_events.parse_live_server_event,
}


def _check(union: Any, data: Any) -> None:
    event = data.draw(_event(union))
    old = _outcome(lambda d: converter_read(d, union), event)
    new = _outcome(_serde.response_structurer(union), event)
    _assert_same(old, new)
    _assert_same(old, _outcome(lambda d: _serde.structure(d, union), event))
    # The event parsers (their own type table, then the compiled readers), from a dict and from JSON text.
    parse = PARSERS[next(name for name, u in UNIONS.items() if u is union)]
    _assert_same(old, _outcome(parse, event))
    _assert_same(old, _outcome(parse, json.dumps(event)))


MODELS = sorted(
    (
        c
        for m in (models, live_models)
        for c in (getattr(m, name) for name in m.__all__)  # models' lazily loaded classes too
        if isinstance(c, type) and attrs.has(c) and issubclass(c, models.Model) and c is not models.Model
    ),
    key=lambda c: c.__name__,
)


def _check_model(data: Any) -> None:
    # REST answers (and any model) through _serde.structure / parse_response: fast reader, then converter.
    cls = data.draw(st.sampled_from(MODELS))
    value = data.draw(st.one_of(_object_of(cls, 0), _object_of(cls, 0), JSON))
    old = _outcome(lambda d: converter_read(d, cls), value)
    # Twice: a class's first read is planned, the later ones go through its compiled reader.
    _assert_same(old, _outcome(lambda d: _serde.structure(d, cls), value))
    _assert_same(old, _outcome(lambda d: _serde.structure(d, cls), value))
    _assert_same(old, _outcome(lambda d: _serde.parse_response(cls, d), value))


@pytest.mark.parametrize("name", sorted(UNIONS))
def test_fast_reader_reads_generated_events_as_the_converter_does(name: str) -> None:
    @seed(SEED)
    @settings(max_examples=CORE_EXAMPLES, **COMMON)
    @given(st.data())
    def run(data: Any) -> None:
        _check(UNIONS[name], data)

    run()


def test_fast_reader_reads_generated_models_as_the_converter_does() -> None:
    @seed(SEED)
    @settings(max_examples=CORE_EXAMPLES * 2, **COMMON)
    @given(st.data())
    def run(data: Any) -> None:
        _check_model(data)

    run()


@pytest.mark.skipif(not FUZZ_ON, reason="10,000 generated models: run with REALTIME_SYNC_FUZZ=1 (tox -e fuzz)")
@pytest.mark.fuzz
def test_fuzz_fast_reader_reads_ten_thousand_models_as_the_converter_does() -> None:
    @seed(SEED)
    @settings(max_examples=FUZZ_EXAMPLES * 4, **COMMON)
    @given(st.data())
    def run(data: Any) -> None:
        _check_model(data)

    run()


@pytest.mark.skipif(not FUZZ_ON, reason="10,000 generated events: run with REALTIME_SYNC_FUZZ=1 (tox -e fuzz)")
@pytest.mark.fuzz
@pytest.mark.parametrize("name", sorted(UNIONS))
def test_fuzz_fast_reader_reads_ten_thousand_events_as_the_converter_does(name: str) -> None:
    @seed(SEED)
    @settings(max_examples=FUZZ_EXAMPLES, **COMMON)
    @given(st.data())
    def run(data: Any) -> None:
        _check(UNIONS[name], data)

    run()


def _clean(cls: Any) -> Dict[str, Any]:
    # The smallest clean object of cls: required fields only, each with a value of its first type.
    attrs.resolve_types(cls)
    out: Dict[str, Any] = {}
    for f in attrs.fields(cls):
        if not f.init or f.name == "extra":
            continue
        if f.name == "type" and isinstance(f.default, str):
            out["type"] = f.default
        elif f.default is attrs.NOTHING:
            out[f.name] = _clean_value(f.type)
    return out


def _clean_value(t: Any) -> Any:
    first = next(m for m in _members(t) if m is not type(None) and m is not models.NullType)
    if first in (str, int, float, bool):
        return first()
    if first is Any:
        return {}
    if get_origin(first) is Literal:
        return get_args(first)[0]
    if get_origin(first) in (list, dict):
        return get_origin(first)()
    return _clean(first)


@pytest.mark.parametrize("name", sorted(UNIONS))
def test_every_event_type_is_read_by_the_fast_path(name: str) -> None:
    # Not vacuous: clean events of every type are read without the converter, and equal what it reads.
    union = UNIONS[name]
    for read in (_serde.fast_reader(union), _serde.compiled_reader(union)):
        for cls in get_args(union):
            if issubclass(cls, models.Unknown):
                continue
            data = _clean(cls)
            fast = read(data)
            assert fast is not _serde.FALLBACK, cls.__name__
            _assert_same(("ok", converter_read(data, union)), ("ok", fast))
            noisy = dict(data, unknown_key=[1, {"a": None}], another_key="x", event_id=None)
            if type(None) in _members(attrs.fields_dict(cls).get("event_id", attrs.Attribute).type):
                assert read(noisy) is not _serde.FALLBACK, cls.__name__  # unknown keys and nulls stay on the fast path
                _assert_same(("ok", converter_read(noisy, union)), ("ok", read(noisy)))


@pytest.mark.parametrize("reader", [_serde.fast_reader, _serde.compiled_reader])
def test_the_fast_path_leaves_odd_data_to_the_converter(reader: Any) -> None:
    read = reader(events.ServerEvent)
    delta = {
        "type": "response.output_audio.delta",
        "event_id": "e1",
        "response_id": "r",
        "item_id": "i",
        "output_index": 0,
        "content_index": 0,
        "delta": "AAAA",
    }
    assert isinstance(read(delta), events.ResponseAudioDeltaEvent)
    for odd in (
        dict(delta, output_index="0"),  # a value of another type: kept raw by the converter (debug log)
        dict(delta, output_index=True),  # bool is not an int
        {k: v for k, v in delta.items() if k != "delta"},  # a required field missing
        dict(delta, type="brand.new"),  # an unknown type: UnknownServerEvent
        dict(delta, type=None),
        dict(delta, delta=None),  # null where the declaration does not allow it
    ):
        assert read(odd) is _serde.FALLBACK
        assert events.parse_server_event(odd) == converter_read(odd, events.ServerEvent)
    assert read(models.Extra(delta)) is _serde.FALLBACK  # a mapping that is not a plain dict


@pytest.mark.parametrize("value", [True, False, 0, 1, -1, 1.5, 0.0, "1", "", None, [], {}, [1], {"a": 1}])
def test_scalars_of_every_kind_in_every_kind_of_field(value: Any) -> None:
    # int, float, open and closed enums, optional and nullable fields, lists of objects: a value
    # of each JSON kind in each, read alike by both paths (bool is neither an int nor a number).
    limit = {"name": "tokens", "limit": 10, "remaining": 9, "reset_seconds": 0.5}
    base = {"type": "rate_limits.updated", "event_id": "e", "rate_limits": [limit]}
    cases = [dict(base, rate_limits=[dict(limit, **{key: value})]) for key in limit]
    cases += [dict(base, event_id=value), dict(base, rate_limits=value), dict(base, rate_limits=[value])]
    item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hi"}]}
    added = {"type": "conversation.item.added", "event_id": "e", "previous_item_id": "p", "item": item}
    cases += [dict(added, previous_item_id=value), dict(added, item=dict(item, role=value))]
    cases += [dict(added, item=dict(item, content=[{"type": "input_text", "transcript": value}]))]
    cases += [dict(added, item=value), dict(added, item=dict(item, type=value))]
    read = _serde.response_structurer(events.ServerEvent)
    for case in cases:
        _assert_same(_outcome(lambda d: converter_read(d, events.ServerEvent), case), _outcome(read, case))


@pytest.mark.parametrize("reader", [_serde.fast_reader, _serde.compiled_reader])
def test_fast_reader_of_a_recursive_declaration_and_optional_union(reader: Any) -> None:
    # Planning and compiling are lazy: declarations that refer to each other (and Optional unions of models) work.
    read = reader(Optional[events.RealtimeResponse])
    value = {"id": "r", "output": [{"type": "message", "role": "assistant", "content": [{"type": "output_text"}]}]}
    assert read(value) == converter_read(value, events.RealtimeResponse)
    assert read(None) is _serde.FALLBACK


# Classes the event unions do not have: built by keyword (a validator, a factory default), by
# slot stores, and recursive, with essential fields; read by the compiled readers exactly as by
# the converter.


@attrs.frozen(kw_only=True)
class _Plain(models.Model):
    type: Literal["plain"] = "plain"
    name: str
    count: int = 0
    ratio: Optional[float] = None
    tags: Optional[List[str]] = None
    note: Optional[Union[str, models.NullType]] = None
    free: Optional[Any] = None
    table: Optional[Dict[str, int]] = None
    key: Optional[str] = attrs.field(default=None, metadata={"essential": True})


@attrs.frozen(kw_only=True)
class _Validated(models.Model):
    type: Literal["validated"] = "validated"
    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    count: int = 0
    items: List[str] = attrs.field(factory=list)
    note: Optional[Union[str, models.NullType]] = None
    key: Optional[str] = attrs.field(default=None, metadata={"essential": True})


@attrs.frozen(kw_only=True)
class _Node(models.Model):
    type: Literal["node"] = "node"
    children: Optional[List["_Tree"]] = None
    label: Optional[Union[str, int, models.NullType]] = None


class _UnknownShape(models.Unknown):
    pass


_Tree = Union[_Node, _Plain, _Validated, _UnknownShape]
attrs.resolve_types(_Node, globals(), locals())


@pytest.mark.parametrize("builder", [True, False], ids=["builder", "slot-stores"])
def test_compiled_readers_build_every_kind_of_class_as_the_converter_does(
    builder: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not builder:  # the slot stores' __set__, as for a class whose objects cannot change class
        monkeypatch.setattr(_serde, "_builder_class", lambda cls: None)
    monkeypatch.setattr(_serde, "_compiled", {})
    assert _serde._slot_stores(_Validated) is None  # built by keyword
    read = _serde.compiled_reader(_Tree)

    @seed(SEED)
    @settings(max_examples=CORE_EXAMPLES * 4, **COMMON)
    @given(st.data())
    def run(data: Any) -> None:
        value = data.draw(st.one_of(_event(_Tree), JSON))
        old = _outcome(lambda d: converter_read(d, _Tree), value)
        new = _outcome(lambda d: _serde.response_structurer(_Tree)(d), value)
        _assert_same(old, new)
        fast = read(value)
        if fast is not _serde.FALLBACK:
            _assert_same(old, ("ok", fast))
            assert type(fast) is type(old[1])  # the class itself, never the builder

    run()
    # Not vacuous: each way of building ran.
    for value in (
        {"type": "plain", "name": "n", "key": "k", "note": None, "zzz": 1},
        {"type": "validated", "name": "n", "key": "k", "note": None},
        {"type": "validated", "name": "n", "key": "k", "items": ["a"]},
        {"type": "node", "children": [{"type": "node", "label": 3}, {"type": "plain", "name": "x", "key": "k"}]},
    ):
        fast = read(value)
        assert fast is not _serde.FALLBACK, value
        _assert_same(("ok", converter_read(value, _Tree)), ("ok", fast))
    assert read({"type": "plain", "name": "n", "key": ""}) is _serde.FALLBACK  # essential and unusable
    assert read({"type": "validated", "name": "n"}) is _serde.FALLBACK


def test_the_event_type_tables_keep_only_known_types() -> None:
    table: Dict[str, Any] = {}
    cls = events.InputAudioBufferClearedEvent
    _serde._compiled.pop(cls, None)
    value = {"type": "input_audio_buffer.cleared", "event_id": "e"}
    # The first value is read by the plan; the table holds a stand-in that compiles on the next one.
    read = _serde.tag_reader(events.ServerEvent, "input_audio_buffer.cleared", table)
    assert type(read(value)) is cls and cls not in _serde._compiled
    assert list(table) == ["input_audio_buffer.cleared"]
    event = table["input_audio_buffer.cleared"](value)
    assert type(event) is cls and table["input_audio_buffer.cleared"] is _serde._compiled[cls]
    assert _serde.tag_reader(events.ServerEvent, "input_audio_buffer.cleared", {}) is _serde._compiled[cls]
    for tag in ("brand.new", None, 3, ["x"]):
        assert _serde.tag_reader(events.ServerEvent, tag, table)({"type": tag}) is _serde.FALLBACK
    assert list(table) == ["input_audio_buffer.cleared"]  # a stream of unknown types does not grow it
    parsed = events.parse_server_event('{"type":"brand.new","event_id":"e"}')
    assert isinstance(parsed, events.UnknownServerEvent) and parsed.raw == {"type": "brand.new", "event_id": "e"}


@attrs.frozen(kw_only=True)
class _Lists(models.Model):
    grid: List[List[int]]
    nodes: Optional[List[List[Optional[_Node]]]] = None
    words: Optional[Union[List[str], models.NullType]] = None
    pairs: Optional[Dict[str, List[_Plain]]] = None


def test_compiled_readers_of_lists_in_lists_as_the_converter() -> None:
    read = _serde.compiled_reader(_Lists)
    node = {"type": "node", "label": "x"}
    plain = {"type": "plain", "name": "p", "key": "k"}
    cases: List[Any] = [
        {"grid": [[1, 2], [3]], "nodes": [[node, node], [node]], "words": ["a", "b"], "pairs": {"a": [plain]}},
        {"grid": [], "nodes": [[]], "words": None},
        {"grid": [[1], ["2"]]},
        {"grid": [[1], None]},
        {"grid": [[1]], "nodes": [[node], [None]]},
        {"grid": [[1]], "nodes": [[node], [{"type": "node", "label": [1]}]]},
        {"grid": [[1]], "words": [1]},
        {"grid": [[1]], "pairs": {"a": [plain, 3]}},
    ]
    for value in cases:
        fast = read(value)
        if fast is not _serde.FALLBACK:
            _assert_same(_outcome(lambda d: converter_read(d, _Lists), value), ("ok", fast))
    assert read(cases[0]) is not _serde.FALLBACK and read(cases[2]) is _serde.FALLBACK

    @seed(SEED)
    @settings(max_examples=CORE_EXAMPLES * 4, **COMMON)
    @given(st.data())
    def run(data: Any) -> None:
        value = data.draw(_object_of(_Lists, 0))
        old = _outcome(lambda d: converter_read(d, _Lists), value)
        _assert_same(old, _outcome(_serde.response_structurer(_Lists), value))

    run()


def test_a_declaration_that_does_not_compile_is_read_as_planned(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: Any) -> Any:
        raise SyntaxError("no")

    monkeypatch.setattr(_serde._ReaderSource, "compile", refuse)
    monkeypatch.setattr(_serde, "_compiled", {})
    value = {"type": "plain", "name": "n", "key": "k", "note": None, "x": 1}
    assert _serde.compiled_reader(_Plain)(value) == converter_read(value, _Plain)


def test_a_rest_answer_is_read_as_planned_once_then_compiled() -> None:
    # The first answer of a type in a process is read by its plan (no compile on the cold start's
    # first call); the second compiles the type's reader, which every later answer uses.
    class_ = live_models.LiveTransportAnswer
    _serde._compiled.pop(class_, None)
    _serde._read_once.discard(class_)
    data = {"type": None, "sdp": "v=0\r\n", "knob": None}
    first = _serde.structure(data, class_)
    assert class_ not in _serde._compiled
    second = _serde.structure(data, class_)
    assert class_ in _serde._compiled
    assert first == second == converter_read(data, class_)
    assert _nulls_and_extras(first) == _nulls_and_extras(second) == _nulls_and_extras(converter_read(data, class_))
