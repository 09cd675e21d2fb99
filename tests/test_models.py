"""Model-level checks: the NULL sentinel, reprs never show secrets, conventions of models.py."""

import copy
import json
import pickle
import subprocess
import sys
import typing
from typing import Any, List

import attrs
import pytest
from data import REFERENCE

import realtime_sync
from realtime_sync import models
from realtime_sync._serde import parse_response
from realtime_sync.models import NULL, NullType

CANARY_SECRET = "ek_canary_5f1d0c0ffee0000000000000000"
CANARY_TOKEN = "oauth-canary-token-7777"


def model_classes() -> List[Any]:
    return [getattr(models, n) for n in models.__all__ if attrs.has(getattr(models, n))]


def test_null_is_a_falsy_singleton_with_a_short_repr() -> None:
    assert repr(NULL) == "NULL" and str(NULL) != ""
    assert not NULL
    assert NULL is NullType.NULL
    assert copy.copy(NULL) is NULL and copy.deepcopy(NULL) is NULL
    assert pickle.loads(pickle.dumps(NULL)) is NULL
    assert NULL is not None and NULL != None  # noqa: E711


def test_null_and_models_are_exported_from_the_package() -> None:
    assert realtime_sync.NULL is NULL
    assert realtime_sync.RealtimeSessionCreateRequest is models.RealtimeSessionCreateRequest


def test_all_lists_every_public_name() -> None:
    # dir() lists the names defined here and the ones loaded on first use (realtime_sync.models._calls ...).
    imported = {"enum", "json", "importlib", "attrs", "TYPE_CHECKING", "Any", "ClassVar", "Dict", "List", "Literal"}
    imported |= {"Mapping", "FrozenSet", "Optional", "Tuple", "Union", "masked_repr", "contextvars", "types"}
    public = {n for n in dir(models) if n.isidentifier() and not n.startswith("_")} - imported
    assert public == set(models.__all__)
    assert len(set(models.__all__)) == len(models.__all__)


def test_client_secret_value_never_in_repr() -> None:
    session = models.RealtimeTranscriptionSessionCreateResponse(id="s", object="o")
    secret = models.RealtimeCreateClientSecretResponse(value=CANARY_SECRET, expires_at=1, session=session)
    text = repr(secret) + str(secret)
    assert CANARY_SECRET not in text and "canary" not in text
    assert "value='ek_\u2026(redacted)'" in text
    translation = models.RealtimeTranslationClientSecretCreateResponse(
        value="plain-canary-secret",
        expires_at=1,
        session=models.RealtimeTranslationSession(id="s", expires_at=1, model="m", audio=models.TranslationAudio()),
    )
    assert "canary" not in repr(translation)
    assert "value='\u2026(redacted)'" in repr(translation)
    assert secret.value == CANARY_SECRET  # only the repr is masked


def test_mcp_credentials_never_in_repr() -> None:
    tool = models.McpTool(server_label="crm", authorization=CANARY_TOKEN, headers={"Authorization": CANARY_TOKEN})
    session = models.RealtimeSessionCreateRequest(tools=[tool])
    assert CANARY_TOKEN not in repr(session)
    assert "server_label='crm'" in repr(session)


def test_extra_and_raw_payloads_stay_out_of_reprs() -> None:
    obj = models.ServerVad(extra={"secretish": CANARY_TOKEN})
    assert CANARY_TOKEN not in repr(obj)
    assert CANARY_TOKEN not in repr(models.UnknownTool(raw={"type": "x", "authorization": CANARY_TOKEN}))


def test_call_create_response_call_id() -> None:
    cases = [
        ("/v1/realtime/calls/rtc_test_0002", "rtc_test_0002"),
        ("https://api.openai.com/v1/realtime/calls/rtc_abc", "rtc_abc"),
        ("/v1/realtime/calls/rtc_abc/", "rtc_abc"),
        ("/v1/realtime/calls/rtc_abc?x=1", "rtc_abc"),
        ("rtc_bare", "rtc_bare"),
        ("", None),
        (None, None),
    ]
    for location, call_id in cases:
        assert models.RealtimeCallCreateResponse(sdp="v=0", location=location).call_id == call_id
    assert models.RealtimeCallCreateResponse("v=0").call_id is None
    assert "v=0" not in repr(models.RealtimeCallCreateResponse("v=0\r\nsecret-ish"))


def test_top_level_classes_accept_positional_arguments() -> None:
    assert models.RealtimeCallCreateRequest("sdp").session is None
    assert models.ClientSecretExpiration("created_at", 600).seconds == 600
    assert models.RealtimeCallRejectRequest().status_code is None


def test_nested_models_are_keyword_only_and_frozen() -> None:
    with pytest.raises(TypeError):
        models.ServerVad("server_vad")  # type: ignore[misc]
    vad = models.ServerVad(threshold=0.5)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        vad.threshold = 0.6  # type: ignore[misc]
    assert attrs.evolve(vad, threshold=0.6).threshold == 0.6


def test_union_members_carry_their_tag_by_default() -> None:
    assert models.ServerVad().type == "server_vad"
    assert models.SemanticVad().type == "semantic_vad"
    assert models.AudioPCM().type == "audio/pcm"
    assert models.McpTool(server_label="x").type == "mcp"
    assert models.RealtimeSessionCreateRequest().type == "realtime"
    assert models.RealtimeTranscriptionSessionCreateRequest().type == "transcription"
    assert models.UnknownTool(raw={"type": "web_search"}).type == "web_search"
    assert models.UnknownTurnDetection(raw={}).type is None


def _walk_types(t: Any) -> List[Any]:
    out = [t]
    for arg in typing.get_args(t):
        out.extend(_walk_types(arg))
    return out


@pytest.mark.parametrize("cls", model_classes(), ids=lambda c: c.__name__)
def test_conventions(cls: Any) -> None:
    attrs.resolve_types(cls)
    names = [f.name for f in attrs.fields(cls)]
    if "raw" in names:  # fallback
        assert names == ["raw"]
        return
    for field in attrs.fields(cls):
        for t in _walk_types(field.type):
            origin = typing.get_origin(t)
            # List/Dict only: cattrs 25.2+ structures Sequence to tuples, 25.3+ AbstractSet to frozenset.
            assert origin not in (
                typing.get_origin(typing.Sequence[int]),
                typing.get_origin(typing.Mapping[str, int]),
                typing.get_origin(typing.AbstractSet[int]),
                tuple,
            ), (cls, field.name)
        if field.name not in ("extra",) and field.default is not attrs.NOTHING:
            # Optional fields default to None; only tags (Literal) have other defaults.
            assert field.default is None or typing.get_origin(field.type) is typing.Literal, (cls, field.name)
    wrappers = {
        "RealtimeCallCreateRequest",
        "RealtimeCallCreateResponse",
        "RealtimeCallAcceptRequest",
        "RealtimeCallReferRequest",
        "RealtimeCallRejectRequest",
        "RealtimeCreateClientSecretRequest",
        "RealtimeTranslationClientSecretCreateRequest",
    }
    if cls.__name__ not in wrappers:
        assert issubclass(cls, models.Model) and "extra" in names, cls  # the base class supplies it
        assert attrs.fields(cls).extra.repr is False


def test_importing_models_does_not_import_cattrs_or_requests() -> None:
    code = (
        "import sys, realtime_sync.models;"
        "bad = [m for m in ('cattrs', 'requests', 'realtime_sync._serde') if m in sys.modules];"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- classes loaded on first use (import time, issue 19): realtime_sync.models keeps every name, builds some later

LAZY_MODULES = [
    "realtime_sync.models._calls",
    "realtime_sync.models._errors",
    "realtime_sync.models._translations",
    "realtime_sync.models._webhook_endpoints",
]

# Run in a fresh process (nothing loaded yet): every name of models.__all__, by every path.
_EVERY_NAME = """
import pickle, sys
import realtime_sync
from realtime_sync import models
lazy = %r
assert not [m for m in lazy if m in sys.modules]
assert set(models.__all__) <= set(dir(models)), "dir() lists the names not loaded yet"
for name in models.__all__:
    namespace = {}
    exec("from realtime_sync.models import %%s as value" %% name, namespace)
    value = namespace["value"]
    assert value is getattr(models, name) is vars(models)[name], name
    if name in realtime_sync.__all__:
        assert getattr(realtime_sync, name) is value, name
    if isinstance(value, type):
        assert value.__module__ == "realtime_sync.models" or value.__module__ in lazy, name
        assert getattr(sys.modules[value.__module__], value.__qualname__) is value, name  # what pickle looks up
assert sorted(m for m in sys.modules if m.startswith("realtime_sync.models.")) == lazy
star = {}
exec("from realtime_sync.models import *", star)
assert set(star) - {"__builtins__"} == set(models.__all__)
"""


def test_every_public_name_resolves_to_the_same_object_by_every_path() -> None:
    subprocess.run([sys.executable, "-c", _EVERY_NAME % (LAZY_MODULES,)], check=True)
    assert realtime_sync.RealtimeCallCreateRequest is models.RealtimeCallCreateRequest
    with pytest.raises(AttributeError, match="has no attribute 'NoSuchModel'"):
        models.NoSuchModel  # noqa: B018
    assert not hasattr(models, "_calls_") and "NoSuchModel" not in dir(models)
    endpoint = models.WebhookEndpointWithSecret(id="we_1", signing_secret="whsec_abc")
    assert pickle.loads(pickle.dumps(endpoint)) == endpoint
    assert (
        repr(endpoint) == "WebhookEndpointWithSecret(id='we_1', created_at=None, event_types=None, name=None, "
        "object=None, signing_secret_hint=None, url=None, updated_at=None, signing_secret='\u2026(redacted)')"
    )


def test_the_lazy_names_are_listed_where_they_must_be() -> None:
    # models._LAZY, each lazy module's __all__ and the TYPE_CHECKING imports (what type checkers see) agree.
    import ast
    import importlib
    import inspect

    lazy = models._LAZY
    for name in LAZY_MODULES:
        module = importlib.import_module(name)
        top = ast.parse(inspect.getsource(module)).body
        imported = {a.asname or a.name for n in top if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
        defined = {n for n in vars(module) if n.isidentifier() and n[:1] != "_"} - imported
        assert set(module.__all__) == defined == {n for n, m in lazy.items() if name.endswith(m)}, name
    checked = set()
    for node in ast.walk(ast.parse(inspect.getsource(models))):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for item in node.body:
                assert isinstance(item, ast.ImportFrom) and item.level == 1
                for alias in item.names:
                    assert alias.asname == alias.name and lazy[alias.name] == "." + str(item.module), alias.name
                    checked.add(alias.name)
    assert checked == set(lazy)


# A client secret made as a first call would make it (the benchmarks' cold start): typed and dict input.
_FIRST_CALL = """
import json, sys
import realtime_sync
session, answer = json.loads(sys.argv[1]), sys.argv[2].encode()
class Canned:
    def send(self, request, *, timeout):
        return realtime_sync.HttpResponse(200, {"content-type": "application/json"}, answer)
    def close(self):
        pass
client = realtime_sync.RealtimeClient(api_key="sk-test-0000000000000000000000", transport=Canned())
secret = client.client_secrets.create(session=session, expires_after={"anchor": "created_at", "seconds": 600})
assert secret.session.to_dict() and repr(secret)
typed = realtime_sync.RealtimeSessionCreateRequest(model="gpt-realtime", instructions="Be brief.")
client.realtime.client_secrets.create(session=typed, expires_after=realtime_sync.ClientSecretExpiration(seconds=60))
loaded = sorted(m for m in sys.modules if m.startswith("realtime_sync.models.") or m == "realtime_sync._multipart")
assert not loaded, loaded
"""


def test_a_client_secret_call_builds_none_of_the_classes_it_does_not_use() -> None:
    session, answer = json.dumps(REFERENCE["12.3"]), json.dumps(REFERENCE["12.12"])
    subprocess.run([sys.executable, "-c", _FIRST_CALL, session, answer], check=True)


def test_parsed_models_copy_and_pickle_with_their_unknown_keys_and_nulls() -> None:
    data = {"value": "ek_x1234567890", "expires_at": 1, "session": {"type": "realtime", "tracing": None, "knob": 1}}
    secret = parse_response(models.RealtimeCreateClientSecretResponse, data)
    tool = models.UnknownTool(raw={"type": "x", "n": 1})
    for clone in (copy.copy, copy.deepcopy, lambda o: pickle.loads(pickle.dumps(o))):
        other = clone(secret)
        assert other == secret and other.to_dict() == data
        assert other.session.null_fields == {"tracing"} and other.session.knob == 1  # type: ignore[union-attr]
        assert clone(tool) == tool and clone(tool).n == 1  # type: ignore[attr-defined]


# -- __repr__, __eq__ and __hash__ of models: written once in models.py, not compiled per class by attrs (import
# time, issue 19). Each pair below is the same declaration; the Reference one has attrs' generated methods.


def _show_masked(value: Any) -> str:
    return "<masked %d>" % len(str(value))


@attrs.frozen(kw_only=True, repr=True, eq=True, hash=True)
class ReferenceThing(models.Model):
    type: typing.Literal["thing"] = "thing"
    name: str
    secret: typing.Optional[str] = attrs.field(default=None, repr=_show_masked)
    hidden: typing.Optional[str] = attrs.field(default=None, repr=False)
    ignored: Any = attrs.field(default=None, eq=False)
    children: typing.Optional[List[Any]] = None


@attrs.frozen(kw_only=True)
class Thing(models.Model):
    type: typing.Literal["thing"] = "thing"
    name: str
    secret: typing.Optional[str] = attrs.field(default=None, repr=_show_masked)
    hidden: typing.Optional[str] = attrs.field(default=None, repr=False)
    ignored: Any = attrs.field(default=None, eq=False)
    children: typing.Optional[List[Any]] = None


@attrs.frozen(kw_only=True, repr=True, eq=True, hash=True)
class ReferenceUnknownThing(models.Unknown):
    pass


class UnknownThing(models.Unknown):
    pass


def _outcome(call: Any) -> Any:
    try:
        return ("ok", call())
    except Exception as exc:  # the same exception, with the same message, on both sides
        return (type(exc).__name__, str(exc))


VALUES = [
    {"name": "a"},
    {"name": "a", "secret": "ek_123", "hidden": "h", "ignored": 1},
    {"name": "a", "secret": "ek_123", "hidden": "other", "ignored": 2},
    {"name": "b", "children": [1, {"x": [2]}], "extra": {"k": "v"}},
    {"name": "b", "children": [1, {"x": [2]}], "extra": {"k": "w"}},
    {"type": "other", "name": "\u00e9\n"},
]


@pytest.mark.parametrize("left", VALUES)
@pytest.mark.parametrize("right", VALUES)
def test_model_methods_match_the_ones_attrs_generates(left: Any, right: Any) -> None:
    for name in ("__repr__", "__eq__", "__hash__"):  # the reference really is attrs' code, the other ours
        assert getattr(ReferenceThing, name).__code__.co_filename != models.__file__
        assert getattr(ReferenceUnknownThing, name).__code__.co_filename != models.__file__
        assert getattr(Thing, name).__code__.co_filename == models.__file__
    ours, theirs = Thing(**left), ReferenceThing(**left)
    ours_right, theirs_right = Thing(**right), ReferenceThing(**right)
    assert repr(ours) == repr(theirs).replace("ReferenceThing", "Thing", 1)
    assert (ours == ours_right) == (theirs == theirs_right)
    assert (ours != ours_right) == (theirs != theirs_right)
    assert (ours == theirs) is False and ours.__eq__(theirs) is NotImplemented  # another class
    assert _outcome(lambda: hash(ours)) == _outcome(lambda: hash(theirs))  # unhashable: extra is a dict
    unknown, reference = UnknownThing(raw=dict(left)), ReferenceUnknownThing(raw=dict(left))
    assert repr(unknown) == "UnknownThing()" and repr(reference) == "ReferenceUnknownThing()"
    assert (unknown == UnknownThing(raw=dict(right))) == (reference == ReferenceUnknownThing(raw=dict(right)))
    assert _outcome(lambda: hash(unknown)) == _outcome(lambda: hash(reference))


def test_model_eq_compares_field_by_field() -> None:
    # As attrs 26 generates it (attrs 21.3 compared tuples, where the same NaN object equals itself).
    nan = float("nan")
    assert Thing(name="n", secret=nan) != Thing(name="n", secret=nan)  # type: ignore[arg-type]


def test_model_repr_of_a_model_inside_itself() -> None:
    children: List[Any] = []
    ours, theirs = Thing(name="r", children=children), ReferenceThing(name="r", children=[])
    children.append(ours)
    theirs.children.append(theirs)
    assert (
        repr(ours)
        == repr(theirs).replace("ReferenceThing", "Thing", 1)
        == "Thing(type='thing', name='r', secret=<masked 4>, ignored=None, children=[...])"
    )


def test_model_classes_do_not_compile_their_own_repr_eq_and_hash() -> None:
    from realtime_sync.live import events as live_events
    from realtime_sync.live import models as live_models
    from realtime_sync.sideband import events

    modules = (models, live_models, events, live_events)
    classes = [c for m in modules for c in vars(m).values() if isinstance(c, type) and attrs.has(c)]
    ours = [c for c in classes if issubclass(c, (models.Model, models.Unknown))]
    assert len(ours) > 250
    for cls in ours:
        for name in ("__repr__", "__eq__", "__hash__"):
            assert getattr(cls, name).__code__.co_filename == models.__file__, (cls, name)
