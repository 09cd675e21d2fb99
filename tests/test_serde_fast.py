"""The generated request fast path of ``_serde`` against the general converter, on generated inputs (issue 19).

``request_body`` first tries a function generated from the declarations that turns plain
dicts straight into the wire dict; it declines (``_Bail``) whatever is not plainly valid and
the general path (structure into attrs objects, check, unstructure) runs. These tests draw
inputs from the declarations themselves: valid ones, valid ones with exactly one mistake
somewhere in the tree, and heavily broken ones, the mistakes being what users get wrong (wrong
JSON types, bool for int, unknown keys, None vs ``NULL``, unknown or missing tags, models and
tuples inside dicts, str subclasses, huge and deeply nested values, non-finite numbers, lone
surrogates, unknown arguments). For each input:

* the fast function either declines with ``_Bail`` or returns exactly what the general path
  returns (the same bytes on the wire, key order included);
* ``request_body`` gives the general path's outcome: the same body bytes, or the same
  exception type with the same ``errors`` (paths and messages).

The server-answer side has its own readers and test (tests/test_fast_reader.py).
A few dozen examples run in the core suite; the ``fuzz`` marker (``tox -e fuzz``,
``REALTIME_SYNC_FUZZ=1``) runs 6,000.
"""

import enum
import functools
import importlib.util
import json
import math
import os
import sys
import typing
from typing import Any, Callable, Dict, List, Tuple

import attrs
import hypothesis.version
import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from realtime_sync import _serde, models
from realtime_sync.errors import APIResponseValidationError, RequestValidationError
from realtime_sync.live import events as live_events
from realtime_sync.live import models as live_models
from realtime_sync.models import NULL, NullType
from realtime_sync.sideband import events

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import REFERENCE

SEED = 20261206
FUZZ_ON = os.environ.get("REALTIME_SYNC_FUZZ") == "1"
fuzz = pytest.mark.skipif(not FUZZ_ON, reason="6,000 generated requests: run with REALTIME_SYNC_FUZZ=1 (tox -e fuzz)")
COMMON: Dict[str, Any] = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
}
# An integer of more digits than str() converts (4300 on Python 3.8.14+), except under hypothesis < 6.92
# (tox -e min-deps), whose printer of drawn values raises on one (see test_fuzz.py): there the floors are
# still compared, with 4000 digits.
HUGE = 10**5000 if hypothesis.version.__version_info__ >= (6, 92) else 10**4000
NoneType = type(None)


def is_fallback(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, models.Unknown)


def classes_of(*modules: Any) -> List[type]:
    # Classes defined in each module or in a module of its package (realtime_sync.models loads
    # some of its classes from realtime_sync.models._calls and others on first use).
    found = {}
    for module in modules:
        for name in dir(module):
            value = getattr(module, name)
            home = getattr(value, "__module__", "")
            if isinstance(value, type) and attrs.has(value) and home.split("._")[0] == module.__name__:
                found[value] = (module.__name__, value.__name__)
    return sorted(found, key=found.__getitem__)


MODEL_CLASSES = [c for c in classes_of(models, live_models) if not is_fallback(c)]
REQUEST_CLASSES = [c for c in MODEL_CLASSES if c.__name__.endswith("Request")] + [
    events._Outgoing,
    events._OutgoingTranslation,
    *live_events._CARRIERS.values(),
]


class Kind(enum.IntEnum):
    ONE = 1


class Text(str):
    """A str subclass: the fast path declines it, the general path decides."""


# --------------------------------------------------------------------------- values


def edge_values() -> List[Any]:
    # What users get wrong, anywhere in a request.
    deep: Any = 1
    for _ in range(3000):
        deep = [deep]
    return [
        None,
        NULL,
        True,
        False,
        0,
        1,
        -1,
        2**70,
        HUGE,
        0.5,
        -0.0,
        float("nan"),
        float("inf"),
        "",
        "x",
        "auto",
        "server_vad",
        "sk-" + "a" * 40,
        "\u00e9t\u00e9",
        "\ud800",
        "y" * 5000,
        Text("realtime"),
        Kind.ONE,
        [],
        [1, "a", None],
        (),
        ("a",),
        {},
        {"type": "zz_unknown"},
        {"zz": 1},
        {1: "a"},
        {"a": float("nan")},
        [[[[[[[[[[[[1]]]]]]]]]]]],
        deep,
        object(),
        models.VoiceId(id="v1"),
        models.ServerVad(threshold=0.5),
        models.RealtimeSessionCreateRequest(model="gpt-realtime"),
        models.UnknownTool(raw={"type": "web_search"}),
    ]


EDGES = st.sampled_from(edge_values())
# Wrong values close to the declared type, where a converter bug would hide.
NEAR: Dict[Any, List[Any]] = {
    str: ["\ud800", "a\udfffb", "\u00e9\ud83d", Text("a"), 1, None, NULL, b"a"],
    int: [True, False, 1.0, "1", Kind.ONE, HUGE, None, NULL],
    float: [float("nan"), float("inf"), -float("inf"), True, "0.5", 10**400, None, NULL],
    bool: [1, 0, "true", None, NULL],
    NullType: [0, "", False, "null"],
}
TEXT = st.one_of(st.sampled_from(["", "a", "gpt-realtime", "\u00e9", "marin"]), st.text(max_size=8))
JSONISH = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**40), 2**40), st.floats(allow_nan=False), TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=6,
)


def members(t: Any) -> Tuple[Any, ...]:
    if typing.get_origin(t) is typing.Union:
        out: List[Any] = []
        for arg in typing.get_args(t):
            out.extend(members(arg))
        return tuple(out)
    return (t,)


@functools.lru_cache(maxsize=None)
def ints(low: int, high: int) -> "st.SearchStrategy[int]":
    return st.integers(low, high)  # strategies built once: building one per draw dominated the run time


def pick(options: Any) -> "st.SearchStrategy[Any]":
    options = tuple(options)
    try:
        return _picks[options]
    except (KeyError, TypeError):  # TypeError: an unhashable option (a dict)
        strategy = st.sampled_from(options)
    try:
        _picks[options] = strategy
    except TypeError:
        pass
    return strategy


_picks: Dict[Any, "st.SearchStrategy[Any]"] = {}
BOOLS = st.booleans()
INT40 = st.integers(-(2**40), 2**40)
FLOATS = st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-5, 5))
FALLBACK_EXTRA = st.dictionaries(st.sampled_from(["name", "k"]), JSONISH, max_size=2)
UNKNOWN_KEYS = st.dictionaries(st.sampled_from(["zz_new", "extra", "server_url", "note"]), JSONISH, max_size=2)


class Gen:
    """Draws a value for a declared type: valid, except where the mutation rate breaks it."""

    def __init__(self, draw: Callable[[Any], Any], rate: int) -> None:
        self.draw = draw
        self.rate = rate  # 0: never break; n: break about one value in n
        self.budget = 200  # values drawn per example, so a deep declaration stays bounded

    def broken(self) -> bool:
        return self.rate > 0 and self.draw(ints(0, self.rate - 1)) == 0

    def mutate_one(self, value: Any, t: Any, keep_root: bool = False) -> Any:
        """``value`` (valid for ``t``) with exactly one mistake: where the two paths could disagree."""
        root = {"": value}
        slots: List[Tuple[Any, Any, Any]] = [] if keep_root else [(root, "", t)]  # (container, key, declared type)
        self.slots(value, t, slots)
        if not slots:
            return value
        container, key, declared = self.draw(pick(slots))
        current = container[key]
        if isinstance(current, dict) and self.draw(BOOLS):
            broken = dict(current)
            if broken and self.draw(BOOLS):
                del broken[self.draw(pick(sorted(broken)))]  # a required field or tag, maybe
            else:
                broken[self.draw(pick(["zz_unknown", "extra", "Type"]))] = self.draw(JSONISH)
            container[key] = broken
        else:
            container[key] = self.near_miss(declared)
        return root[""]

    def slots(self, value: Any, t: Any, out: List[Tuple[Any, Any, Any]]) -> None:
        # Every place in value with the type declared for it, found by following the declarations.
        for cls in [m for m in members(t) if attrs.has(m) and not is_fallback(m)] if isinstance(value, dict) else []:
            fields = {f.name: f.type for f in attrs.fields(cls) if f.init and f.name != "extra"}
            literals = {n: typing.get_args(ft) for n, ft in fields.items() if typing.get_origin(ft) is typing.Literal}
            tags = {n: values[0] for n, values in literals.items() if len(values) == 1}
            if set(value) <= set(fields) and all(value.get(n, tag) == tag for n, tag in tags.items()):
                for name, item in value.items():
                    out.append((value, name, fields[name]))
                    self.slots(item, fields[name], out)
                return
        for m in members(t):
            origin = typing.get_origin(m)
            if origin is list and isinstance(value, list):
                for i, item in enumerate(value):
                    out.append((value, i, typing.get_args(m)[0]))
                    self.slots(item, typing.get_args(m)[0], out)
                return
            if origin is dict and isinstance(value, dict) and typing.get_args(m)[1] is not Any:
                for key, item in value.items():
                    out.append((value, key, typing.get_args(m)[1]))
                    self.slots(item, typing.get_args(m)[1], out)
                return

    def near_miss(self, t: Any) -> Any:
        # A wrong value that is close to the declared type (where most converter bugs would hide),
        # or any edge value.
        near: List[Any] = []
        for m in members(t):
            near += NEAR.get(m, [])
            if typing.get_origin(m) is typing.Literal:
                value = typing.get_args(m)[0]
                near += ["zz" + str(value), str(value).upper(), True]
                if isinstance(value, str):
                    near.append(Text(value))
        if near and self.draw(ints(0, 3)) > 0:
            return self.draw(pick(near))
        return self.draw(EDGES)

    def value(self, t: Any, depth: int = 0) -> Any:
        self.budget -= 1
        if self.broken() or (self.budget < 0 and self.draw(BOOLS)):
            return self.near_miss(t)
        draw = self.draw
        origin = typing.get_origin(t)
        if origin is typing.Union:
            options = [m for m in members(t) if m is not NoneType or self.broken()]
            return self.value(draw(pick(options or [NoneType])), depth)
        if origin is typing.Literal:
            return draw(pick(typing.get_args(t)))
        if origin is list:
            args = typing.get_args(t)
            n = draw(ints(0, 3 if depth < 4 else 0))
            items = [self.value(args[0] if args else Any, depth + 1) for _ in range(n)]
            return tuple(items) if self.broken() else items
        if origin is dict:
            args = typing.get_args(t)
            n = draw(ints(0, 3 if depth < 4 else 0))
            return {draw(TEXT): self.value(args[1] if args else Any, depth + 1) for _ in range(n)}
        if t is NoneType:
            return None
        if t is NullType:
            return draw(pick([None, NULL]))
        if t is str:
            return draw(TEXT)
        if t is bool:
            return draw(BOOLS)
        if t is int:
            return draw(INT40)
        if t is float:
            return draw(FLOATS)
        if t is Any:
            return draw(JSONISH)
        if is_fallback(t):
            extra = draw(FALLBACK_EXTRA)
            return {"type": draw(pick(["zz_future", "v2"])), **extra}
        if attrs.has(t):
            return self.obj(t, depth + 1)
        raise AssertionError("no value for %r" % (t,))

    def obj(self, cls: Any, depth: int) -> Dict[str, Any]:
        draw = self.draw
        attrs.resolve_types(cls)
        out: Dict[str, Any] = {}
        for f in attrs.fields(cls):
            if f.name == "extra" or not f.init:
                continue
            tag = typing.get_origin(f.type) is typing.Literal and f.default is not attrs.NOTHING
            if f.default is attrs.NOTHING:
                give = not self.broken()
            elif tag:
                give = not self.broken() or (getattr(cls, "__tag_optional__", False) and draw(BOOLS))
            else:
                give = depth < 5 and self.budget > 0 and draw(ints(0, 2)) > 0
            if give:
                out[f.name] = self.value(f.type, depth)
        if self.broken() or getattr(cls, "__open__", False):
            out.update(draw(UNKNOWN_KEYS))
        if self.rate and len(out) > 1 and draw(BOOLS):  # key order must not matter
            keys = draw(st.permutations(list(out)))
            out = {k: out[k] for k in keys}
        return out


# The classes that carry a whole session, drawn more often than the small bodies.
RICH = {
    models.RealtimeCallAcceptRequest,
    models.RealtimeCreateClientSecretRequest,
    models.RealtimeCallCreateRequest,
    live_models.LiveSessionCreateRequest,
    live_models.LiveSessionForkRequest,
    events._Outgoing,
}


def weighted(choices: List[Any]) -> List[Any]:
    return [c for c in choices for _ in range(4 if c in RICH else 1)]


def as_model(data: Dict[str, Any], t: Any) -> Any:
    # The model a user would have built for this dict (when the dict is valid for one member).
    for member in members(t):
        if attrs.has(member) and not is_fallback(member):
            try:
                return _serde.structure(data, member, strict=True)
            except RequestValidationError:
                pass
    return data


@st.composite
def request_case(draw: Callable[[Any], Any]) -> Tuple[Any, bool, Dict[str, Any]]:
    cls = draw(pick(weighted(REQUEST_CLASSES)))
    mode = draw(pick(["valid", "one", "one", "one", 40, 5]))
    gen = Gen(draw, rate=mode if isinstance(mode, int) else 0)
    fields = gen.obj(cls, 0)
    if mode == "one":
        fields = gen.mutate_one(fields, cls, keep_root=True)
    for name in list(fields):
        choice = draw(ints(0, 20))
        if choice == 0:
            fields[name] = None  # a method's own None: not given
        elif choice == 1:
            fields[name] = NULL
        elif choice < 8 and isinstance(fields[name], dict) and name in attrs.fields_dict(cls):
            model = as_model(fields[name], attrs.fields_dict(cls)[name].type)  # session=Model(...)
            if attrs.has(type(model)) and draw(ints(0, 3)) == 0:
                # A model built with a wrong value (mypy would object; the run time does not).
                field = draw(pick([f.name for f in attrs.fields(type(model)) if f.init]))
                value = draw(pick([None, NULL])) if draw(BOOLS) else draw(EDGES)
                model = attrs.evolve(model, **{field: value})
            fields[name] = model
    if draw(ints(0, 15)) == 0:
        fields[draw(pick(["extra", "zz_argument"]))] = {}
    return cls, draw(pick([True, True, True, False])), fields


# --------------------------------------------------------------------------- comparing outcomes


def outcome(fn: Callable[[], Any]) -> Tuple[str, Any]:
    try:
        return "ok", fn()
    except (RequestValidationError, APIResponseValidationError) as exc:
        return "error", (type(exc), exc.errors, str(exc))
    except Exception as exc:  # not this test's subject (tests/test_fuzz.py): both paths must agree
        # Known: a model built with a non-dict extra (extra=True) raises AttributeError in the general
        # unstructure, on both paths alike, and on the floors one holding a 3000-deep list a RecursionError
        # (whose message depends on the stack depth: only the type is compared).
        return "raised", type(exc)


def wire(body: Any) -> Tuple[str, Any]:
    return outcome(lambda: _serde.dumps(body))


def check_request(cls: Any, strict: bool, fields: Dict[str, Any]) -> str:
    for value in fields.values():
        if attrs.has(type(value)) and isinstance(value, models.Model):
            check_model_json(value)
    general = outcome(lambda: _serde._request_body(cls, strict, dict(fields)))
    check_prebuilt(cls, fields)
    try:
        fast = _serde._fast_request_body(cls)(dict(fields))
    except _serde._Bail:
        taken = "declined"
    else:
        taken = "fast"
        assert general[0] == "ok", (general, fast)
        assert wire(fast) == wire(general[1])
    public = outcome(lambda: _serde.request_body(cls, strict=strict, **fields))
    assert public[0] == general[0]
    if general[0] == "ok":
        assert wire(public[1]) == wire(general[1])
    else:
        assert public[1] == general[1]
    return taken


def bailed(fn: Callable[[Any], Any], value: Any) -> Tuple[str, Any]:
    try:
        return "ok", fn(value)
    except _serde._Bail:
        return "bail", None


def check_prebuilt(cls: Any, fields: Dict[str, Any]) -> None:
    # A common call's request has a prebuilt function (scripts/gen_fast_requests.py): it answers as
    # the function generated at run time does, key order included.
    prebuilt = _serde._prebuilt(cls)
    if prebuilt is None:
        return
    given = {name: value for name, value in fields.items() if value is not None and not attrs.has(type(value))}
    ours = bailed(prebuilt, given)
    runtime = bailed(_serde._generator().function(cls), given)
    assert ours[0] == runtime[0]
    if ours[0] == "ok":
        assert wire(ours[1]) == wire(runtime[1])


def check_model_json(model: Any) -> None:
    # A model given as an argument: its generated JSON form is the general unstructure's, or it declines.
    general = outcome(lambda: _serde.unstructure(model))
    gen = _serde._generator()
    try:
        fast = gen.generate(gen.ref(type(model), "u"))(model)
    except _serde._Bail:
        return
    assert general[0] == "ok"
    assert wire(fast) == wire(general[1])


# --------------------------------------------------------------------------- the tests


def run_requests(examples: int) -> Dict[str, int]:
    seen = {"fast": 0, "declined": 0}

    @seed(SEED)
    @settings(max_examples=examples, **COMMON)
    @given(request_case())
    def run(case: Tuple[Any, bool, Dict[str, Any]]) -> None:
        seen[check_request(*case)] += 1

    run()
    return seen


def test_requests_fast_path_matches_general_path() -> None:
    seen = run_requests(25)
    assert seen["fast"] and seen["declined"], seen  # both paths were exercised


@fuzz
@pytest.mark.fuzz
def test_fuzz_requests_fast_path_matches_general_path() -> None:
    seen = run_requests(6000)
    assert seen["fast"] > 500 and seen["declined"] > 500, seen


# --------------------------------------------------------------------------- the fast paths stay engaged


def test_reference_requests_take_the_fast_path() -> None:
    # A declaration the generator cannot express would silently send every call down the
    # general path: these are the API reference's sessions, each must be taken.
    session_keys = [k for k, v in REFERENCE.items() if isinstance(v, dict) and v.get("type") == "realtime"]
    assert session_keys
    for key in session_keys:
        session = REFERENCE[key]
        body = _serde._fast_request_body(models.RealtimeCallAcceptRequest)({"session": session})
        assert body == _serde._request_body(models.RealtimeCallAcceptRequest, True, {"session": session})
    secret = REFERENCE["12.9"]
    body = _serde._fast_request_body(models.RealtimeCreateClientSecretRequest)(dict(secret))
    assert json.loads(_serde.dumps(body)) == json.loads(
        _serde.dumps(_serde._request_body(models.RealtimeCreateClientSecretRequest, True, dict(secret)))
    )


def load_prebuilder() -> Any:
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "scripts", "gen_fast_requests.py")
    spec = importlib.util.spec_from_file_location("gen_fast_requests", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_prebuilt_fast_requests_are_current() -> None:
    # realtime_sync/_fast_requests.py is the generator's source for the common calls' requests,
    # written out (compiled once like any module: the first call compiles nothing). A changed
    # declaration, or generator, must be written out again, on whichever Python runs this.
    script = load_prebuilder()
    with open(script.TARGET, encoding="utf-8") as f:
        committed = f.read()
    assert committed == script.source(), "realtime_sync/_fast_requests.py is stale: run scripts/gen_fast_requests.py"
    for name in script.ROOTS:
        cls = getattr(models, name)
        assert _serde._prebuilt(cls) is not None, name
        assert _serde._fast_request_body(cls) is _serde._fast_request_bodies[cls]
    assert _serde._prebuilt(live_models.LiveSessionAcceptRequest) is None  # generated at run time


def test_prebuilt_checks_run_as_the_generated_ones() -> None:
    # A prebuilt function runs its class's check, planned when first run (here: seconds 10..7200).
    fast = _serde._fast_request_body(models.RealtimeCreateClientSecretRequest)
    assert fast({"expires_after": {"anchor": "created_at", "seconds": 600}}) == {
        "expires_after": {"anchor": "created_at", "seconds": 600}
    }
    with pytest.raises(_serde._Bail):
        fast({"expires_after": {"anchor": "created_at", "seconds": 5}})
    with pytest.raises(RequestValidationError) as info:
        _serde.request_body(models.RealtimeCreateClientSecretRequest, expires_after={"seconds": 5})
    assert info.value.errors and info.value.errors[0].startswith("expires_after.seconds")


def test_every_declaration_generates() -> None:
    # Each model compiles to a generated function that is not a plain refusal.
    gen = _serde._generator()
    refusal = gen.function(typing.Tuple[int, str]).__code__.co_code
    for cls in MODEL_CLASSES + REQUEST_CLASSES:
        assert gen.function(cls).__code__.co_code != refusal, cls
        # Every check reads its own fields only, on every Python's bytecode (3.13 loads locals in pairs).
        assert not hasattr(cls, "__check__") or _serde._check_reads(cls) is not None, cls


def test_a_check_that_passes_self_on_stays_on_the_general_path() -> None:
    @attrs.frozen(kw_only=True)
    class Range(models.Model):
        low: int
        high: int

        def __check__(self) -> List[Tuple[str, str]]:
            return describe(self)

    def describe(obj: Any) -> List[Tuple[str, str]]:
        return [] if obj.low <= obj.high else [("low", "above high")]

    assert _serde._check_reads(Range) is None
    with pytest.raises(_serde._Bail):
        _serde._fast_request_body(Range)({"low": 1, "high": 2})
    assert _serde.request_body(Range, low=1, high=2) == {"low": 1, "high": 2}
    with pytest.raises(RequestValidationError) as info:
        _serde.request_body(Range, low=3, high=2)
    assert info.value.errors == ["low: above high"]
    assert _serde._check_reads(models.ClientSecretExpiration) >= {"seconds"}
    assert _serde._check_reads(live_models.LiveSessionAcceptConfig) >= {"model", "input"}


def test_nan_in_a_float_field_is_the_general_paths_error() -> None:
    assert math.isnan(float("nan"))
    with pytest.raises(RequestValidationError) as info:
        _serde.request_body(models.RealtimeCallAcceptRequest, session={"audio": {"output": {"speed": float("nan")}}})
    assert info.value.errors == ["session.audio.output.speed: expected a finite number, got nan"]


def test_a_huge_number_in_a_checked_field_is_reported_not_raised() -> None:
    # Found by the comparison above: the checks repr()'d the value, which Python refuses above 4300 digits.
    huge = 10**5000
    with pytest.raises(RequestValidationError) as info:
        _serde.request_body(models.RealtimeCreateClientSecretRequest, expires_after={"seconds": huge})
    assert info.value.errors == [
        "expires_after.seconds: expected an integer from 10 to 7200, got an integer out of range"
    ]
    session = {"model": "gpt-live", "delegation": {"type": "client", "acknowledgement_delay_ms": -huge}}
    with pytest.raises(RequestValidationError) as info:
        _serde.request_body(live_models.LiveSessionAcceptRequest, session=session)
    assert info.value.errors == [
        "session.delegation.acknowledgement_delay_ms: expected a non-negative integer of milliseconds, "
        "got an integer out of range"
    ]
    with pytest.raises(RequestValidationError):
        _serde.request_body(models.RealtimeCallAcceptRequest, extra=True, session={})
    deep: Any = 1
    for _ in range(3000):
        deep = [deep]
    Session = models.RealtimeSessionCreateRequest
    for odd in (Session(extra=True), Session(instructions=deep)):
        with pytest.raises(RequestValidationError) as info:
            _serde.request_body(models.RealtimeCallAcceptRequest, session=odd)
        assert info.value.errors[0].startswith("session: ")
