"""The one cattrs converter module: every wire rule of realtime_sync lives here.

Rules (see ``docs/models.md``):

* ``None`` on a model field = *not given*: left out of the JSON. ``NULL`` = JSON ``null``.
  In a plain dict, an absent key is left out and ``None`` means ``null`` (allowed only
  where the field's annotation includes ``NullType``).
* Union tags (``type``) are always written. Unions dispatch on the tag; an unknown tag
  becomes the union's ``Unknown*`` fallback (which keeps the raw object) when parsing
  responses, and a validation error in request dicts.
* Requests are strict: types are checked (no ``"3"`` -> ``3`` coercion), closed enums and
  unknown keys in dicts are rejected, ``expires_after.seconds`` must be 10..7200, a reject's
  ``status_code`` 300..699, a refer's ``target_uri`` free of control characters. Every
  problem is collected and reported with its path in one ``RequestValidationError``.
* Responses are tolerant: unknown keys go to the model's ``extra`` (written back on
  re-send), unknown enum strings parse, and a ``null`` on a field that is not documented
  as nullable parses to ``None`` and is remembered in ``extra`` so nothing is lost.

Three converters are built lazily, once each, from the same hook factories; cattrs
generates the per-class functions on first use and caches them:

* ``"dict"``     strict, unknown keys rejected (user dicts),
* ``"model"``    strict, unknown keys kept (re-validating attrs models built by users),
* ``"response"`` tolerant (server data).

Everything is read from the declarations in ``realtime_sync.models`` (docs/models.md,
"Declaring a type"): fallbacks are subclasses of ``models.Unknown``, a union's tag is the
single-value literal its members share, ``__tag_optional__`` and ``__check__`` on a class,
``ESSENTIAL`` field metadata. Nothing is registered at import time and nothing is rebuilt.

Internal API for other modules (sideband events, endpoints)::

    structure(data, cls, strict=False)      # -> model; raises APIResponseValidationError (or
                                            #    RequestValidationError when strict=True)
    unstructure(obj)                        # -> JSON-ready dict/list/str...
    request_body(cls, **fields)             # validate + build a request body
"""

from __future__ import annotations

import inspect
import json
import logging
import math
import operator
import sys
import threading
import types
from collections.abc import Mapping  # typing.Mapping's isinstance is several times slower
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    FrozenSet,
    List,
    Literal,
    Optional,
    Set,
    Tuple,
    Type,
    TypeVar,
    Union,
    get_args,
    get_origin,
)

import attrs

from . import models
from .errors import APIResponseValidationError, RequestValidationError
from .models import NULL, NullType

if TYPE_CHECKING:  # cattrs is imported when a converter is first built (import time: issue 19)
    import cattrs

__all__ = [
    "check_json",
    "dump",
    "dumps",
    "parse_response",
    "request_body",
    "structure",
    "unstructure",
]

T = TypeVar("T")
_NoneType = type(None)
_JSON_SCALARS = frozenset([str, int, float, bool, _NoneType])

# --------------------------------------------------------------------------- declarations


def _is_fallback(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, models.Unknown)


def _checks_of(cls: type) -> Optional[Callable[[Any], List[Tuple[str, str]]]]:
    check: Optional[Callable[[Any], List[Tuple[str, str]]]] = getattr(cls, "__check__", None)
    return check


def _tag_field(classes: List[type]) -> str:
    # The key a union dispatches on: the one single-value string literal every member declares
    # ("type" unless the members agree on another name).
    common: Optional[Set[str]] = None
    for cls in classes:
        attrs.resolve_types(cls)
        names = {f.name for f in attrs.fields(cls) if _tag_value(cls, f.name) is not None}
        common = names if common is None else common & names
    if not common or "type" in common:
        return "type"
    return sorted(common)[0]


# --------------------------------------------------------------------------- errors


class _Invalid(Exception):
    """A leaf problem; its message is shown as is."""


class _Problems(Exception):
    """Several problems below one object: ``[(path segment, exception), ...]``."""

    def __init__(self, items: List[Tuple[str, BaseException]]) -> None:
        super().__init__("%d problems" % len(items))
        self.items = items


def _seg(name: Any) -> str:
    text = str(name)
    return "." + text if text.isidentifier() else "[%r]" % (text,)


def _join(path: str, seg: str) -> str:
    if not path and seg.startswith("."):
        return seg[1:]
    return path + seg


def _collect(exc: BaseException, path: str, out: List[Tuple[str, str]]) -> None:
    # cattrs is imported with the first converter: before that, none of its errors can exist.
    cattrs_errors: Any = sys.modules.get("cattrs.errors")
    if isinstance(exc, _Problems):
        for seg, inner in exc.items:
            _collect(inner, _join(path, seg), out)
    elif cattrs_errors is not None and isinstance(exc, cattrs_errors.BaseValidationError):
        for inner in exc.exceptions:
            sub = path
            for note in getattr(inner, "__notes__", ()):
                if isinstance(note, cattrs_errors.AttributeValidationNote):
                    sub = _join(path, _seg(note.name))
                    break
                if isinstance(note, cattrs_errors.IterableValidationNote):
                    sub = "%s[%s]" % (path, note.index)
                    break
            _collect(inner, sub, out)
    elif isinstance(exc, _Invalid):
        out.append((path, str(exc)))
    elif isinstance(exc, KeyError):
        out.append((path, "required field missing"))
    else:
        out.append((path, "%s: %s" % (type(exc).__name__, exc)))


def _messages(exc: BaseException, root: str = "") -> List[str]:
    out: List[Tuple[str, str]] = []
    _collect(exc, root, out)
    return ["%s: %s" % (path or "(body)", msg) for path, msg in out]


_SECRET_PREFIXES = ("sk-", "ek_", "Bearer ", "bearer ", "whsec_", "sess-")


def _show(value: Any) -> str:
    # Values end up in exception messages: never echo anything that may be a secret.
    if value is None:
        return "null"
    if value is NULL:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        if value.startswith(_SECRET_PREFIXES):
            return "a string that looks like a secret"
        if len(value) > 40:
            return "%r (%d characters)" % (value[:20] + "\u2026", len(value))
        return repr(value)
    if isinstance(value, int) and value.bit_length() > 64:
        return "an integer of about %d digits" % int(value.bit_length() * 0.30103)  # repr() refuses > 4300 digits
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    if attrs.has(type(value)):
        return "a %s" % type(value).__name__
    return "a value of type %s" % type(value).__name__


# --------------------------------------------------------------------------- type helpers


def _is_union(t: Any) -> bool:
    return get_origin(t) is Union


def _is_literal(t: Any) -> bool:
    return get_origin(t) is Literal


def _is_list(t: Any) -> bool:
    return get_origin(t) is list


def _is_dict(t: Any) -> bool:
    return get_origin(t) is dict


def _members(t: Any) -> Tuple[Any, ...]:
    out: List[Any] = []
    for arg in get_args(t) if _is_union(t) else (t,):
        if _is_union(arg):
            out.extend(_members(arg))
        else:
            out.append(arg)
    return tuple(out)


def _tag_value(cls: type, tag: str) -> Optional[str]:
    attrs.resolve_types(cls)  # string annotations (PEP 563 modules) become real types
    field = attrs.fields_dict(cls).get(tag)
    if field is None or not _is_literal(field.type):
        return None
    values = get_args(field.type)
    return values[0] if len(values) == 1 and isinstance(values[0], str) else None


def _one_of(values: Any) -> str:
    values = list(values)
    return repr(values[0]) if len(values) == 1 else "one of " + ", ".join(repr(v) for v in values)


def _describe(t: Any) -> str:
    parts: List[str] = []
    literals: List[Any] = []
    for m in _members(t):
        if m is _NoneType:
            continue
        if m is NullType:
            parts.append("null")
        elif _is_literal(m):
            literals.extend(get_args(m))
        elif m is str:
            parts.append("a string")
        elif m is bool:
            parts.append("a boolean")
        elif m is int:
            parts.append("an integer")
        elif m is float:
            parts.append("a number")
        elif _is_list(m):
            parts.append("a list")
        elif _is_dict(m) or attrs.has(m):
            parts.append("an object")
        elif m is Any:
            parts.append("any value")
        else:
            parts.append(getattr(m, "__name__", str(m)))
    if literals and "a string" not in parts:
        parts.insert(0, _one_of(literals))
    if "null" in parts:  # read better last
        parts.remove("null")
        parts.append("null")
    seen: List[str] = []
    for p in parts:
        if p not in seen:
            seen.append(p)
    return " or ".join(seen) or "nothing"


# --------------------------------------------------------------------------- free JSON values

_MAX_DEPTH = 500
"""Nesting the walk below reports as too deep in free-form request JSON (``parameters``, ``extra``...).

The walk runs only when the C encoder failed; near the interpreter's recursion limit the
encoder raises ``RecursionError``, which must reach nobody raw.
"""


def _json_problems(value: Any) -> List[Tuple[str, str]]:
    # Walks free-form request JSON without recursion: (relative path, message) for what cannot be sent.
    problems: List[Tuple[str, str]] = []
    stack: List[Tuple[Any, str, int]] = [(value, "", 0)]
    while stack and len(problems) < 10:
        v, path, depth = stack.pop()
        cls = v.__class__
        if cls is str:
            if not v.isascii() and _has_surrogate(v):
                problems.append((path, "expected text without lone surrogates, got %s" % _show(v)))
        elif cls is int or cls is bool or v is None or v is NULL:
            pass
        elif cls is float:
            if not math.isfinite(v):
                problems.append((path, "expected a finite number, got %r" % (v,)))
        elif isinstance(v, (Mapping, list, tuple)):
            if depth >= _MAX_DEPTH:
                problems.append((path, "nested too deeply (more than %d levels)" % _MAX_DEPTH))
                continue
            if isinstance(v, Mapping):
                for key, item in v.items():
                    if not isinstance(key, str):
                        problems.append((path, "expected string keys, got %s" % _show(key)))
                    elif not key.isascii() and _has_surrogate(key):
                        problems.append((path, "expected keys without lone surrogates, got %s" % _show(key)))
                    else:
                        stack.append((item, path + _seg(key), depth + 1))
            else:
                stack.extend((item, "%s[%d]" % (path, i), depth + 1) for i, item in enumerate(v))
        elif isinstance(v, (str, int, float)) or attrs.has(cls):
            pass  # subclasses of JSON types (an IntEnum...) and models: json and dumps() handle them
        else:
            problems.append((path, "expected JSON data, got %s" % _show(v)))
    return problems


def _sendable(value: Any) -> bool:
    # The C encoder answers for valid data in a fraction of the walk's time; the walk (which
    # names the field) runs only when it fails.
    if value.__class__ in _JSON_SCALARS and value.__class__ is not str:
        return value.__class__ is not float or math.isfinite(value)
    try:
        _encode(value)
    except (ValueError, TypeError, RecursionError):  # UnicodeEncodeError is a ValueError
        return False
    return True


def _unsendable(value: Any) -> "_Problems":
    problems = _json_problems(value) or [("", "cannot be sent as JSON (nested too deeply or circular)")]
    return _Problems([(p, _Invalid(m)) for p, m in problems])


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def check_json(value: Any, path: str) -> List[str]:
    """Problems that would stop ``value`` from being sent as JSON, as ``"path: message"`` strings.

    Lone surrogates, non-finite numbers, non-string keys, values JSON cannot hold, nesting
    deeper than the encoder can go, circular data. For free-form input the converter does not
    type (``extra_body``).
    """
    return ["%s: %s" % (_join(path, p) if p else path or "(body)", m) for p, m in _json_problems(value)]


# --------------------------------------------------------------------------- the converters


class _Mode:
    # A plain class (an attrs class compiles its methods at import): the three modes below are
    # the only instances, so identity is equality (the converter cache's key).
    __slots__ = ("fallback_variants", "forbid_unknown_keys", "strict")

    def __init__(self, *, strict: bool, forbid_unknown_keys: bool, fallback_variants: bool) -> None:
        self.strict = strict  # closed enums, finite numbers, no null on non-nullable fields, checks, JSON-only values
        self.forbid_unknown_keys = forbid_unknown_keys
        self.fallback_variants = fallback_variants  # unknown union tags -> Unknown* object


_DICT = _Mode(strict=True, forbid_unknown_keys=True, fallback_variants=False)  # request dicts (strict=True)
_MODEL = _Mode(strict=True, forbid_unknown_keys=False, fallback_variants=True)  # models; dicts with strict=False
_RESPONSE = _Mode(strict=False, forbid_unknown_keys=False, fallback_variants=True)  # server data: tolerant

_lock = threading.Lock()
_converters: Dict[_Mode, "cattrs.Converter"] = {}
log = logging.getLogger("realtime_sync")


def _converter(mode: _Mode) -> "cattrs.Converter":
    conv = _converters.get(mode)
    if conv is None:
        with _lock:
            conv = _converters.get(mode)
            if conv is None:
                conv = _make_converter(mode)
                _converters[mode] = conv
    return conv


def _cattrs_hook(conv: "cattrs.Converter", t: Any, *, unstructure: bool = False) -> Callable[..., Any]:
    """The hook ``conv`` uses for ``t``: the one place that reaches into cattrs internals.

    ``get_structure_hook``/``get_unstructure_hook`` exist from cattrs 24.1; on the floor
    (23.1.2) the same lookup is the dispatcher behind ``_structure_func``/``_unstructure_func``.
    Tested on both (tests/test_serde.py, ``tox -e min-deps``).
    """
    getter = getattr(conv, "get_unstructure_hook" if unstructure else "get_structure_hook", None)
    if getter is not None:
        hook: Callable[..., Any] = getter(t)
        return hook
    dispatch: Any = conv._unstructure_func if unstructure else conv._structure_func
    found: Callable[..., Any] = dispatch.dispatch(t)
    return found


def _lazy(conv: "cattrs.Converter", t: Any) -> Callable[[], Callable[[Any, Any], Any]]:
    # The hook for t, resolved on first use: not at build time (declaration order does not
    # matter, and unused types cost nothing) and not on every call.
    cell: List[Callable[[Any, Any], Any]] = []

    def get() -> Callable[[Any, Any], Any]:
        if not cell:
            cell.append(_cattrs_hook(conv, t))
        return cell[0]

    return get


def _make_converter(mode: _Mode) -> "cattrs.Converter":
    import cattrs  # here, not at import: clean data never needs it (the fast readers), and it costs 10+ ms

    conv = cattrs.Converter()
    strict = mode.strict

    # -- primitives: no coercion ("0.5" is not a number), bool is not an int
    def s_str(v: Any, _: Any) -> str:
        if isinstance(v, str):
            if strict and not v.isascii() and _has_surrogate(v):
                raise _Invalid("expected text without lone surrogates, got %s" % _show(v))
            return v
        raise _Invalid("expected a string, got %s" % _show(v))

    def s_int(v: Any, _: Any) -> int:
        if isinstance(v, int) and not isinstance(v, bool):
            return v
        raise _Invalid("expected an integer, got %s" % _show(v))

    def s_float(v: Any, _: Any) -> float:
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            if strict and isinstance(v, float) and not math.isfinite(v):
                raise _Invalid("expected a finite number, got %r" % (v,))
            return v
        raise _Invalid("expected a number, got %s" % _show(v))

    def s_bool(v: Any, _: Any) -> bool:
        if isinstance(v, bool):
            return v
        raise _Invalid("expected a boolean, got %s" % _show(v))

    def s_null(v: Any, _: Any) -> Any:
        if v is None or v is NULL:
            return NULL if strict else None  # responses read null as None (the object remembers it)
        raise _Invalid("expected null, got %s" % _show(v))

    def s_any(v: Any, _: Any) -> Any:
        if strict and not _sendable(v):
            raise _unsendable(v)
        return v

    conv.register_structure_hook(str, s_str)
    conv.register_structure_hook(int, s_int)
    conv.register_structure_hook(float, s_float)
    conv.register_structure_hook(bool, s_bool)
    conv.register_structure_hook(NullType, s_null)
    conv.register_structure_hook_func(lambda t: t is Any, s_any)
    conv.register_unstructure_hook(NullType, lambda _v: None)
    # Free JSON is written as it is: never walked recursively (no RecursionError on deep data).
    conv.register_unstructure_hook_func(lambda t: t is Any, _identity)

    # -- containers
    def list_factory(t: Any) -> Callable[[Any, Any], Any]:
        args = get_args(t)
        elem = args[0] if args else Any
        get = _lazy(conv, elem)

        def s_list(v: Any, _: Any) -> List[Any]:
            if not isinstance(v, (list, tuple)):
                raise _Invalid("expected a list, got %s" % _show(v))
            hook = get()
            out: List[Any] = []
            problems: List[Tuple[str, BaseException]] = []
            for i, item in enumerate(v):
                try:
                    out.append(hook(item, elem))
                except Exception as exc:
                    problems.append(("[%d]" % i, exc))
            if problems:
                raise _Problems(problems)
            return out

        return s_list

    def dict_factory(t: Any) -> Callable[[Any, Any], Any]:
        args = get_args(t)
        elem = args[1] if len(args) == 2 else Any
        if elem is Any:
            return s_any if strict else s_mapping
        get = _lazy(conv, elem)

        def s_dict(v: Any, _: Any) -> Dict[str, Any]:
            if not isinstance(v, Mapping):
                raise _Invalid("expected an object, got %s" % _show(v))
            hook = get()
            out: Dict[str, Any] = {}
            problems: List[Tuple[str, BaseException]] = []
            for key, item in v.items():
                if not isinstance(key, str):
                    problems.append(("", _Invalid("expected string keys, got %s" % _show(key))))
                    continue
                try:
                    out[key] = hook(item, elem)
                except Exception as exc:
                    problems.append((_seg(key), exc))
            if problems:
                raise _Problems(problems)
            return out

        return s_dict

    def s_mapping(v: Any, _: Any) -> Dict[str, Any]:
        if isinstance(v, Mapping):
            return dict(v)
        raise _Invalid("expected an object, got %s" % _show(v))

    # -- Literal: closed enums on requests, any value of the same JSON type on responses
    def literal_factory(t: Any) -> Callable[[Any, Any], Any]:
        values = get_args(t)
        allowed = frozenset((type(x), x) for x in values)
        # Responses: an unknown value of the same JSON type parses (the server may add values).
        tolerated = frozenset(type(x) for x in values) if not strict else frozenset()
        desc = _one_of(values)

        def s_literal(v: Any, _: Any) -> Any:
            if isinstance(v, (str, int, float)) and (type(v), v) in allowed:
                return v
            if type(v) in tolerated:
                return v
            raise _Invalid("expected %s, got %s" % (desc, _show(v)))

        return s_literal

    conv.register_structure_hook_factory(attrs.has, lambda cls: _class_hook(conv, mode, cls))
    conv.register_structure_hook_factory(_is_list, list_factory)
    conv.register_structure_hook_factory(_is_dict, dict_factory)
    conv.register_structure_hook_factory(_is_literal, literal_factory)
    conv.register_structure_hook_factory(_is_union, lambda t: _union_hook(conv, mode, t))

    conv.register_unstructure_hook_factory(attrs.has, lambda cls: _class_unstructure_hook(conv, cls))
    conv.register_unstructure_hook_func(_is_literal, _identity)
    conv.register_unstructure_hook_factory(_is_list, lambda t: _list_unstructure_hook(conv, t))
    conv.register_unstructure_hook_factory(
        lambda t: _is_dict(t) and get_args(t)[1:] != (Any,), lambda t: _dict_unstructure_hook(conv, t)
    )
    # Dict[str, Any] (parameters, metadata): written as it is, however deep.
    conv.register_unstructure_hook_func(lambda t: _is_dict(t) and get_args(t)[1:] == (Any,), _identity)
    # Unions by runtime class: each member carries its own tag; NULL -> None; JSON scalars as they are.
    conv.register_unstructure_hook_factory(_is_union, lambda t: _union_unstructure_hook(conv, t))
    return conv


def _identity(value: Any) -> Any:
    return value


def _list_unstructure_hook(conv: "cattrs.Converter", t: Any) -> Callable[[Any], Any]:
    args = get_args(t)
    elem = args[0] if args else Any
    if elem is Any:
        return _identity
    cell: List[Callable[[Any], Any]] = []

    def u_list(v: Any) -> Any:
        if not isinstance(v, (list, tuple)):
            return v  # kept as sent by the tolerant reader
        if not cell:
            cell.append(_cattrs_hook(conv, elem, unstructure=True))
        hook = cell[0]
        return [hook(item) for item in v]

    return u_list


def _dict_unstructure_hook(conv: "cattrs.Converter", t: Any) -> Callable[[Any], Any]:
    elem = get_args(t)[1]
    cell: List[Callable[[Any], Any]] = []

    def u_dict(v: Any) -> Any:
        if not isinstance(v, Mapping):
            return v  # kept as sent by the tolerant reader
        if not cell:
            cell.append(_cattrs_hook(conv, elem, unstructure=True))
        hook = cell[0]
        return {key: hook(item) for key, item in v.items()}

    return u_dict


def _union_unstructure_hook(conv: "cattrs.Converter", t: Any) -> Callable[[Any], Any]:
    # By runtime class: each member carries its own tag; NULL -> None; JSON scalars as they are.
    # A list or dict goes through the member the union declares for it (so free JSON, such as
    # Optional[Dict[str, Any]], is written as it is instead of being walked, however deep).
    members = _members(t)
    declared: Dict[type, Any] = {}
    for m in members:
        if _is_dict(m) or m is Any:
            declared.setdefault(dict, m)
        if _is_list(m) or m is Any:
            declared.setdefault(list, m)
    hooks: Dict[type, Callable[[Any], Any]] = {}

    def u_union(v: Any) -> Any:
        cls = v.__class__
        if cls in _JSON_SCALARS:
            return v
        hook = hooks.get(cls)
        if hook is None:
            hook = hooks[cls] = _cattrs_hook(conv, declared.get(cls, cls), unstructure=True)
        return hook(v)

    return u_union


# --------------------------------------------------------------------------- unions: one dispatcher


def _union_hook(conv: "cattrs.Converter", mode: _Mode, t: Any) -> Callable[[Any, Any], Any]:
    """Dispatch on the JSON type, then (objects) on the tag; one table built once per union type."""
    strict = mode.strict
    members = _members(t)
    nullable = NullType in members
    omittable = _NoneType in members
    str_lits = frozenset(x for m in members if _is_literal(m) for x in get_args(m) if isinstance(x, str))
    int_lits = frozenset(x for m in members if _is_literal(m) for x in get_args(m) if type(x) is int)
    has = {m for m in members if m in (str, int, float, bool)}
    list_t = next((m for m in members if _is_list(m)), None)
    dict_t = next((m for m in members if _is_dict(m)), None)
    fallback = next((m for m in members if _is_fallback(m)), None)
    classes = [m for m in members if attrs.has(m) and not _is_fallback(m)]
    tag = _tag_field(classes)
    by_tag: Dict[str, type] = {}
    untagged: List[type] = []
    for c in classes:
        value = _tag_value(c, tag)
        if value is None:
            untagged.append(c)
        else:
            by_tag[value] = c
    tags_desc = ", ".join(repr(x) for x in by_tag)
    if untagged:
        tagless: Optional[type] = untagged[0]
    elif len(by_tag) == 1:
        tagless = next(iter(by_tag.values()))
    else:
        tagless = next((c for c in classes if getattr(c, "__tag_optional__", False)), None)
    desc = _describe(t)
    # Resolved hooks by id(target): typing aliases (List[...], Dict[...]) hash slowly.
    subs: Dict[int, Callable[[Any, Any], Any]] = {}

    def sub(target: Any, v: Any) -> Any:
        hook = subs.get(id(target))
        if hook is None:
            hook = subs[id(target)] = _cattrs_hook(conv, target)  # resolved on first use, then kept
        return hook(v, target)

    def wrong(v: Any) -> Any:
        if Any in members:
            return v
        raise _Invalid("expected %s, got %s" % (desc, _show(v)))

    def on_null(v: Any) -> Any:
        if nullable:
            return NULL if strict else None
        if not strict and omittable:
            return None
        if omittable:
            raise _Invalid("may not be null (leave the field out to omit it)")
        return wrong(v)

    def on_bool(v: Any) -> Any:
        return v if bool in has else wrong(v)

    def on_str(v: Any) -> Any:
        if str in has:
            return sub(str, v) if strict else v  # strict: the str hook checks for surrogates
        if v in str_lits or (not strict and str_lits):
            return v
        return wrong(v)

    def on_int(v: Any) -> Any:
        if int in has or v in int_lits or (not strict and int_lits):
            return v
        return sub(float, v) if float in has else wrong(v)

    def on_float(v: Any) -> Any:
        return sub(float, v) if float in has else wrong(v)

    def on_list(v: Any) -> Any:
        return sub(list_t, v) if list_t is not None else wrong(v)

    def on_mapping(v: Any) -> Any:
        if by_tag:
            value = v.get(tag)
            cls = by_tag.get(value) if isinstance(value, str) else None
            if cls is not None:
                return sub(cls, v)
            if value is None and tagless is not None:
                return sub(tagless, v)  # tag left out where one variant is implied: its tag is written
            if fallback is not None and mode.fallback_variants:
                return sub(fallback, v)
            if value is None:
                msg = "required field missing (one of %s)" % tags_desc
            else:
                msg = "expected one of %s, got %s" % (tags_desc, _show(value))
            raise _Problems([(_seg(tag), _Invalid(msg))])
        if untagged:
            return sub(untagged[0], v)
        if dict_t is not None:
            return sub(dict_t, v)
        if fallback is not None:
            return sub(fallback, v)
        return wrong(v)

    def on_model(v: Any) -> Any:
        return sub(v.__class__, v)

    # Exact classes first; the JSON kind of anything else (a Mapping, a str subclass) is found once.
    table: Dict[type, Callable[[Any], Any]] = {
        _NoneType: on_null,
        NullType: on_null,
        bool: on_bool,
        str: on_str,
        int: on_int,
        float: on_float,
        list: on_list,
        tuple: on_list,
        dict: on_mapping,
    }
    for cls in classes + ([fallback] if fallback is not None else []):
        table[cls] = on_model
    # The common cases are answered in s_union itself, without a handler call: the same rules
    # as the handlers above, which take everything else.
    # Values that pass as they are (Optional[str], open enums, booleans):
    passthrough = frozenset(tp for tp, ok in ((bool, bool in has), (str, str in has), (int, int in has)) if ok)
    # Values whose member follows from their class alone, and tagged objects: [member, its hook
    # once resolved] (typing aliases hash slowly, so the hook travels with its entry).
    direct: Dict[type, List[Any]] = {}
    if list_t is not None:
        direct[list] = [list_t, None]
    if float in has:
        direct[float] = [float, None]
    if not by_tag and untagged:
        direct[dict] = [untagged[0], None]
    elif not classes and dict_t is not None:
        direct[dict] = [dict_t, None]
    tagged: Dict[str, List[Any]] = {value: [cls, None] for value, cls in by_tag.items()}
    quiet_null = not strict and (nullable or omittable)  # a response's null reads as None

    def s_union(v: Any, _: Any) -> Any:
        cls = v.__class__
        if cls in passthrough and (cls is not str or not strict or v.isascii()):  # strict: no lone surrogates
            return v
        entry = direct.get(cls)
        if entry is None:
            if cls is dict and tagged:
                value = v.get(tag)  # the tag names the member
                entry = tagged.get(value) if value.__class__ is str else None
            elif v is None:
                if quiet_null:
                    return None
            elif (cls is str and v in str_lits) or (cls is int and v in int_lits):
                return v
        if entry is not None:
            hook = entry[1]
            if hook is None:
                hook = entry[1] = _cattrs_hook(conv, entry[0])
            return hook(v, entry[0])
        handler = table.get(cls)
        if handler is None:
            handler = _kind_handler(v, table, wrong)
        return handler(v)

    return s_union


def _kind_handler(v: Any, table: Dict[type, Callable[[Any], Any]], wrong: Callable[[Any], Any]) -> Callable[..., Any]:
    # A value whose class is not in the table: handle it as the JSON kind it is an instance of.
    for kind in (bool, str, int, float, Mapping, list, tuple):
        if isinstance(v, kind):
            return table[dict if kind is Mapping else kind]
    return wrong


# --------------------------------------------------------------------------- attrs classes


def _class_hook(conv: "cattrs.Converter", mode: _Mode, cls: Any) -> Callable[[Any, Any], Any]:
    """Generated cattrs hook + unknown keys, nulls, checks, and the tolerant reader for responses."""
    strict = mode.strict
    if _is_fallback(cls):

        def s_fallback(v: Any, _: Any) -> Any:
            if isinstance(v, cls):
                return v
            if not isinstance(v, Mapping):
                raise _Invalid("expected an object, got %s" % _show(v))
            if strict and not _sendable(v):
                raise _unsendable(v)
            return cls(raw=dict(v))

        return s_fallback

    attrs.resolve_types(cls)
    fields = [f for f in attrs.fields(cls) if f.init]
    has_extra = any(f.name == "extra" for f in fields)
    from cattrs.gen import make_dict_structure_fn, override

    overrides: Dict[str, Any] = {"extra": override(omit=True)} if has_extra else {}
    inner = make_dict_structure_fn(
        cls, conv, _cattrs_forbid_extra_keys=False, _cattrs_detailed_validation=True, **overrides
    )
    declared = [f for f in fields if f.name != "extra"]
    known = frozenset(f.name for f in declared)
    essential = tuple(f.name for f in declared if f.metadata.get("essential"))
    check = _checks_of(cls) if strict else None
    name = cls.__name__
    # An open object (a forwarded Responses API tool) keeps the unknown keys of a request dict too.
    is_open = bool(getattr(cls, "__open__", False))
    hooks: Dict[str, Callable[[Any, Any], Any]] = {}

    def salvage(v: "Mapping[str, Any]") -> Any:  # quoted: collections.abc.Mapping[...] fails on 3.8
        # The tolerant reader (responses only): a field that is missing reads as None, a field
        # of an unexpected type keeps its raw value; only an essential field stops the parse.
        kwargs: Dict[str, Any] = {}
        problems: List[Tuple[str, BaseException]] = []
        for f in declared:
            if f.name not in v:
                if f.default is attrs.NOTHING:
                    kwargs[f.name] = None
                    if f.name in essential:
                        problems.append((_seg(f.name), _Essential("required field missing")))
                    else:
                        log.debug("%s.%s: missing in the response; reading None", name, f.name)
                continue
            hook = hooks.get(f.name)
            if hook is None:
                hook = hooks[f.name] = _cattrs_hook(conv, f.type)
            try:
                kwargs[f.name] = hook(v[f.name], f.type)
            except Exception as exc:
                if f.name in essential or _has_essential(exc):
                    problems.append((_seg(f.name), exc))
                    continue
                kwargs[f.name] = v[f.name]
                log.debug("%s.%s: unexpected value (%s); keeping it as sent", name, f.name, "; ".join(_messages(exc)))
        if problems:
            raise _Problems(problems)
        return cls(**kwargs)

    def s_class(v: Any, _: Any) -> Any:
        if type(v) is not dict and not isinstance(v, Mapping):
            if isinstance(v, cls):
                # A model inside a dict: re-validate it as a model (its extra is deliberate).
                return _converter(_MODEL).structure(_unstructure(v), cls)
            raise _Invalid("expected an object (%s), got %s" % (name, _show(v)))
        problems: List[Tuple[str, BaseException]] = []
        leftovers: Optional[Dict[str, Any]] = None
        unknown = [] if known.issuperset(v) else [k for k in v if k not in known]
        if unknown:
            if mode.forbid_unknown_keys and not is_open:
                for key in unknown:
                    problems.append((_seg(key), _Invalid(_unknown_key_message(key, known))))
            elif has_extra:
                leftovers = {k: v[k] for k in unknown}
                if strict and not _sendable(leftovers):
                    problems.extend(_unsendable(leftovers).items)
        nulls: Optional[FrozenSet[str]] = None
        if not strict and None in v.values():
            # Responses read null as None; the object remembers which keys were null, so
            # to_dict() and re-sending give back exactly what the server sent.
            nulls = frozenset([k for k, x in v.items() if x is None and k in known])
        try:
            obj = inner(v, cls)
        except Exception as exc:
            if strict:
                problems.append(("", exc))
                raise _Problems(problems) from exc
            obj = salvage(v)
        if essential and not strict:
            problems.extend(
                (_seg(e), _Essential("expected a usable value, got %s" % _show(getattr(obj, e))))
                for e in essential
                if getattr(obj, e) in (None, "")
            )
        if check is not None:
            problems.extend((_seg(f), _Invalid(m)) for f, m in check(obj))
        if problems:
            raise _Problems(problems)
        if nulls and has_extra:
            extra = models.Extra(leftovers or ())
            extra.nulls = nulls
            object.__setattr__(obj, "extra", extra)
        elif leftovers:
            object.__setattr__(obj, "extra", leftovers)
        return obj

    return s_class


class _Essential(_Invalid):
    """A problem with a field the answer cannot be used without: never tolerated."""


def _has_essential(exc: BaseException) -> bool:
    if isinstance(exc, _Essential):
        return True
    if isinstance(exc, _Problems):
        return any(_has_essential(inner) for _, inner in exc.items)
    return False


def _class_unstructure_hook(conv: "cattrs.Converter", cls: Any) -> Callable[[Any], Any]:
    if _is_fallback(cls):
        return lambda obj: dict(obj.raw)
    from cattrs.gen import make_dict_unstructure_fn, override

    attrs.resolve_types(cls)
    overrides: Dict[str, Any] = {}
    has_extra = False
    for f in attrs.fields(cls):
        if f.name == "extra":
            has_extra = True
            overrides["extra"] = override(omit=True)
        elif f.default is None:
            overrides[f.name] = override(omit_if_default=True)
    inner = make_dict_unstructure_fn(cls, conv, **overrides)
    # A required field read as None from a tolerant parse (the server left it out) stays left out.
    required = tuple(f.name for f in attrs.fields(cls) if f.default is attrs.NOTHING)

    def u_class(obj: Any) -> Any:
        if obj.__class__ is not cls:
            # A value the tolerant reader kept as sent (a list where this object belongs): as it is.
            return _unstructure(obj) if attrs.has(obj.__class__) else obj
        out = inner(obj)
        if not has_extra:
            return out
        for key in required:
            if out.get(key, 0) is None:
                del out[key]
        extra = obj.extra
        if extra:
            for key, value in extra.items():
                out.setdefault(key, value)
        # models.Extra of a parsed response also names the declared keys that were null.
        nulls = None if extra.__class__ is dict else getattr(extra, "nulls", None)
        if nulls:
            for key in nulls:
                if getattr(obj, key) is None:
                    out.setdefault(key, None)
        return out

    return u_class


def _unknown_key_message(key: str, known: FrozenSet[str]) -> str:
    import difflib  # only for this message: 2 ms of import time otherwise

    close = difflib.get_close_matches(key, sorted(known), n=1)
    hint = "; did you mean %r?" % close[0] if close else ""
    return (
        "unknown field%s (to send a field this library does not model: strict=False forwards unknown keys, "
        "or use extra_body= or a model's extra=)" % (hint,)
    )


# --------------------------------------------------------------------------- generated fast paths
#
# request_body's general path structures a user's dict into attrs objects (cattrs hooks with
# our rules) and unstructures them again. For what users nearly always pass (plain dicts of
# exact JSON types, known keys and tags, values within the declared rules) the result can be
# computed directly: each request type also gets a function generated from the same
# declarations, as Python source compiled once per type, that checks a dict and returns its
# wire form (tags filled in, NULL as null, fields in the order cattrs writes them) with no
# object in between.
#
# A generated function never decides anything on its own: it raises _Bail for every input that
# is not plainly valid (a wrong type, an unknown key or tag, a model or a tuple inside a dict,
# a str subclass, a missing field, a failed __check__, strict=False's unknown keys), and the
# general path then runs on the same input. Every error, message and path therefore comes from
# the general path; tests/test_serde_fast.py checks on generated inputs (valid and broken)
# that the two paths give the same bytes and the same errors.


class _Bail(Exception):
    """Raised by generated code for an input it does not take: the general converter handles it."""


def _raise_bail(*_: Any) -> Any:
    raise _Bail


def _check_reads(cls: type) -> Optional[FrozenSet[str]]:
    """The names the ``__check__`` methods of ``cls`` (its own and inherited) read; None if unsure.

    A check receives an object built with just those fields (structured by the general hooks),
    so it must only read attributes of ``self``: a check that hands ``self`` to another
    function, or captures it in a closure, keeps its class on the general path.
    """
    import dis  # only when a class with a check is first generated

    names: Set[str] = set()
    for klass in cls.__mro__:
        check = klass.__dict__.get("__check__")
        if check is None:
            continue
        code = getattr(check, "__code__", None)
        if code is None or not code.co_varnames or code.co_varnames[0] in code.co_cellvars:
            return None
        this = code.co_varnames[0]
        instructions = list(dis.get_instructions(code))
        for i, ins in enumerate(instructions):
            if "FAST" in ins.opname:
                used = ins.argval if isinstance(ins.argval, tuple) else (ins.argval,)
                if this not in used:
                    continue
                # self may only be loaded to read an attribute right away: loaded last (a pair load
                # such as 3.13's LOAD_FAST_LOAD_FAST leaves its second name on top), and only once.
                following = instructions[i + 1].opname if i + 1 < len(instructions) else ""
                if (
                    not ins.opname.startswith("LOAD_FAST")
                    or used[-1] != this
                    or used.count(this) != 1
                    or following not in ("LOAD_ATTR", "LOAD_METHOD", "LOAD_SUPER_ATTR")
                ):
                    return None
        stack = [code]
        while stack:
            c = stack.pop()
            names.update(c.co_names)
            stack.extend(k for k in c.co_consts if hasattr(k, "co_names"))
    return frozenset(names)


def _fast_checker(cls: type) -> Optional[Callable[[Any, Any], None]]:
    """``run(v, leftovers)``: the class's checks on ``v`` (a dict the fast path accepted); _Bail on a problem."""
    if _checks_of(cls) is None:
        return None
    return _checker_reading(cls, _check_reads(cls))


def _checker_reading(cls: type, reads: Optional[FrozenSet[str]]) -> Callable[[Any, Any], None]:
    """_fast_checker's ``run`` for a class with a check that reads ``reads`` (None: unknown, always _Bail)."""
    check = _checks_of(cls)
    if check is None or reads is None:
        return _raise_bail
    fields = [f for f in attrs.fields(cls) if f.init]
    used = [(f.name, f.type, _is_scalar(f.type)) for f in fields if f.name in reads and f.name != "extra"]
    unread_required = {f.name: None for f in fields if f.default is attrs.NOTHING and f.name not in reads}
    wants_extra = "extra" in reads
    hooks: Dict[str, Callable[[Any, Any], Any]] = {}

    def run(v: Any, leftovers: Any) -> None:
        kwargs: Dict[str, Any] = dict(unread_required)
        for name, t, scalar in used:
            if name not in v:
                continue
            value = v[name]
            if scalar:
                # A valid scalar structures to itself, and a null (accepted: the field is nullable) to NULL.
                kwargs[name] = NULL if value is None else value
                continue
            hook = hooks.get(name)
            if hook is None:
                hook = hooks[name] = _cattrs_hook(_converter(_DICT), t)
            kwargs[name] = hook(value, t)
        if wants_extra and leftovers:
            kwargs["extra"] = leftovers
        try:
            problems = check(cls(**kwargs))
        except Exception:  # a check that fails on its own: the general path reports it
            raise _Bail from None
        if problems:
            raise _Bail

    return run


def _is_scalar(t: Any) -> bool:
    # JSON scalars, literals, null: what strict structuring returns unchanged (NULL for a null).
    return all(m in (str, int, float, bool, _NoneType, NullType) or _is_literal(m) for m in _members(t))


def generated_globals() -> Dict[str, Any]:
    """The names the request fast path's generated source refers to, as a fresh namespace.

    The runtime generator compiles its functions in one; the prebuilt module
    (``realtime_sync._fast_requests``, the same source written out) takes its names from here.
    """
    return {
        "_Bail": _Bail,
        "_fin": math.isfinite,
        "_sur": _has_surrogate,
        "_sendable": _sendable,
        "NULL": NULL,
        "_SCALARS": frozenset([str, int, float, bool]),
        "_LazyChecker": _LazyChecker,
    }


class _Generator:
    """Generates the fast request function of each type (user dict -> wire dict)."""

    def __init__(self) -> None:
        self.ns: Dict[str, Any] = generated_globals()
        self.names: Dict[Any, str] = {}
        # Functions are generated when first called (a stub stands in until then), so a request
        # pays only for the types it uses: name -> type still to generate, and the union tables
        # holding a stub (tag -> function) to update when it is.
        self.pending: Dict[str, Any] = {}
        self.links: Dict[str, List[Tuple[Dict[str, Any], str]]] = {}
        self.counter = 0
        self.lock = threading.RLock()
        # What scripts/gen_fast_requests.py needs to write a namespace out as source: each union
        # table's function names (tag -> name), and the class of each check.
        self.tables: Dict[str, Dict[str, str]] = {}
        self.checkers: Dict[str, type] = {}

    def function(self, t: Any) -> Callable[[Any], Any]:
        """The generated function of ``t`` (generated now if it is not yet)."""
        return self.generate(self.ref(t))

    def generate(self, name: str) -> Callable[[Any], Any]:
        with self.lock:
            key = self.pending.pop(name, _MISSING)
            if key is not _MISSING:
                exec(compile(self.source(name, *key), "<realtime_sync._serde fast path>", "exec"), self.ns)
                for table, key in self.links.pop(name, ()):
                    table[key] = self.ns[name]
            fn: Callable[[Any], Any] = self.ns[name]
            return fn

    def source(self, name: str, kind: str, t: Any) -> str:
        """The source of function ``name``: t's function of that kind (see ref)."""
        try:
            body = self.body(t) if kind == "f" else self.unstructure_body(t)
        except _Unsupported:
            body = ["raise _Bail"]
        return "def %s(v):\n%s\n" % (name, "\n".join("    " + line for line in body))

    def const(self, value: Any) -> str:
        self.counter += 1
        name = "_k%d" % self.counter
        self.ns[name] = value
        return name

    def temp(self, prefix: str) -> str:
        self.counter += 1
        return "%s%d" % (prefix, self.counter)

    def ref(self, t: Any, kind: str = "f") -> str:
        """The name of t's function in the namespace (a stub that generates it on its first call).

        Kind ``f``: a request value of type t -> its wire form; ``u``: a model of class t -> its
        JSON form (what the general unstructure gives a model passed as an argument).
        """
        with self.lock:
            name = self.names.get((kind, t))
            if name is None:
                name = self.names[(kind, t)] = "_%s%d_%s" % (kind, len(self.names), _source_name(t))
                self.pending[name] = (kind, t)
                generate = self.generate

                def stub(v: Any) -> Any:
                    return generate(name)(v)

                self.ns[name] = stub
            return name

    # -- function bodies: argument v, return the converted value

    def body(self, t: Any) -> List[str]:
        if _is_fallback(t):  # s_fallback, then its raw object as it is
            return ["if v.__class__ is not dict or not _sendable(v): raise _Bail", "return dict(v)"]
        if attrs.has(t):
            return self.class_body(t)
        if _is_list(t):
            args = get_args(t)
            item = self.safe_conv(args[0] if args else Any, "s", "d")
            lines = ["if v.__class__ is not list: raise _Bail"]
            if len(item) == 1 and item[0].startswith("d = "):  # one call per item
                return [*lines, "return [%s for s in v]" % item[0][4:]]
            return (
                lines + ["out = []", "for s in v:"] + ["    " + x for x in item] + ["    out.append(d)", "return out"]
            )
        if _is_dict(t):
            item = self.safe_conv(get_args(t)[1], "s", "d")
            return (
                ["if v.__class__ is not dict: raise _Bail", "out = {}", "for k, s in v.items():"]
                + ["    if k.__class__ is not str: raise _Bail"]
                + ["    " + x for x in item]
                + ["    out[k] = d", "return out"]
            )
        if _is_union(t):
            return [*self.union_conv(t, "v", "d"), "return d"]
        return [*self.conv(t, "v", "d"), "return d"]

    # -- models given as arguments: their JSON form, as _class_unstructure_hook writes it

    def unstructure_body(self, cls: Any) -> List[str]:
        if not (isinstance(cls, type) and attrs.has(cls)) or _is_fallback(cls):
            raise _Unsupported(cls)
        attrs.resolve_types(cls)
        fields = attrs.fields(cls)
        if not any(f.name == "extra" for f in fields):
            raise _Unsupported(cls)
        declared = [f for f in fields if f.name != "extra"]
        if any(f.name.startswith("_") for f in declared):
            raise _Unsupported(cls)
        lines = ["if v.__class__ is not %s: raise _Bail" % self.const(cls), "out = {}"]
        # cattrs' order: the fields always written, then those left out when None (see class_body).
        for f in [f for f in declared if f.default is not None] + [f for f in declared if f.default is None]:
            key = repr(f.name)
            lines += ["s = v.%s" % f.name]
            if f.default is None:
                lines += ["if s is not None:"]
                lines += ["    " + line for line in self.safe_unconv(f.type, "s", "d")]
                lines += ["    out[%s] = d" % key]
            else:
                lines += self.safe_unconv(f.type, "s", "d")
                if f.default is attrs.NOTHING:  # a required field unstructured as None is left out
                    lines += ["if d is not None: out[%s] = d" % key]
                else:
                    lines += ["out[%s] = d" % key]
        lines += [
            "extra = v.extra",
            "if extra.__class__ is not dict: raise _Bail",  # a parsed answer's Extra (nulls): the general path
            "for k, x in extra.items(): out.setdefault(k, x)",
            "return out",
        ]
        return lines

    def safe_unconv(self, t: Any, s: str, d: str) -> List[str]:
        try:
            return self.unconv(t, s, d)
        except _Unsupported:
            return ["raise _Bail"]

    def unconv(self, t: Any, s: str, d: str) -> List[str]:
        """Lines putting the JSON form of the field value ``s`` (declared ``t``) in ``d``, or raising _Bail."""
        ok = ["%s = %s" % (d, s)]
        if t in (str, int, float, bool):  # cattrs writes these as they are
            return ["if %s.__class__ not in _SCALARS: raise _Bail" % s, *ok]
        if t is Any or _is_literal(t) or (_is_dict(t) and get_args(t)[1:] == (Any,)):
            return ok  # written as they are, whatever they hold
        if t is NullType:
            return ["%s = None" % d]
        if _is_list(t) and get_args(t):
            item = get_args(t)[0]
            if item is Any:
                return ok
            i, j = self.temp("i"), self.temp("j")  # names of their own: containers nest
            inner = self.unconv(item, i, j)
            return [
                "if %s.__class__ is not list: raise _Bail" % s,
                "%s = []" % d,
                "for %s in %s:" % (i, s),
                *["    " + line for line in inner],
                "    %s.append(%s)" % (d, j),
            ]
        if _is_dict(t) and len(get_args(t)) == 2:
            i, j, k = self.temp("i"), self.temp("j"), self.temp("k")
            inner = self.unconv(get_args(t)[1], i, j)
            return [
                "if %s.__class__ is not dict: raise _Bail" % s,
                "%s = {}" % d,
                "for %s, %s in %s.items():" % (k, i, s),
                *["    " + line for line in inner],
                "    %s[%s] = %s" % (d, k, j),
            ]
        if _is_fallback(t):
            return ["if %s.__class__ is not %s: raise _Bail" % (s, self.const(t)), "%s = dict(%s.raw)" % (d, s)]
        if isinstance(t, type) and attrs.has(t):
            return ["%s = %s(%s)" % (d, self.ref(t, "u"), s)]
        if _is_union(t):
            # _union_unstructure_hook: by the value's class; JSON scalars as they are, NULL as None,
            # a list or dict through the member declared for it, a model through its class.
            members = _members(t)
            c = self.temp("c")
            lines = ["%s = %s.__class__" % (c, s), "if %s in _SCALARS or %s is None: %s" % (c, s, ok[0])]
            lines += ["elif %s is NULL: %s = None" % (s, d)]
            for kind, test in ((list, _is_list), (dict, _is_dict)):
                member = next((m for m in members if test(m) or m is Any), None)
                if member is not None:
                    inner = self.unconv(member, s, d)
                    lines += ["elif %s is %s:" % (c, kind.__name__), *["    " + line for line in inner]]
            for m in members:
                if isinstance(m, type) and attrs.has(m):
                    inner = self.unconv(m, s, d)
                    lines += ["elif %s is %s:" % (c, self.const(m)), *["    " + line for line in inner]]
            return [*lines, "else: raise _Bail"]
        raise _Unsupported(t)

    def safe_conv(self, t: Any, s: str, d: str) -> List[str]:
        try:
            return self.conv(t, s, d)
        except _Unsupported:
            return ["raise _Bail"]

    def union_conv(self, t: Any, s: str, d: str) -> List[str]:
        """The general union hook's answer (``_union_hook``) for each JSON kind, where it is not an error."""
        members = _members(t)
        nullable = NullType in members
        any_ = Any in members
        str_lits = frozenset(x for m in members if _is_literal(m) for x in get_args(m) if isinstance(x, str))
        int_lits = frozenset(x for m in members if _is_literal(m) for x in get_args(m) if type(x) is int)
        has = {m for m in members if m in (str, int, float, bool)}
        list_t = next((m for m in members if _is_list(m)), None)
        dict_t = next((m for m in members if _is_dict(m)), None)
        fallback = next((m for m in members if _is_fallback(m)), None)
        classes = [m for m in members if attrs.has(m) and not _is_fallback(m)]
        tag = _tag_field(classes)
        by_tag: Dict[str, type] = {}
        untagged: List[type] = []
        for c in classes:
            value = _tag_value(c, tag)
            if value is None:
                untagged.append(c)
            else:
                by_tag[value] = c
        if untagged:
            tagless: Optional[type] = untagged[0]
        elif len(by_tag) == 1:
            tagless = next(iter(by_tag.values()))
        else:
            tagless = next((c for c in classes if getattr(c, "__tag_optional__", False)), None)
        ok = "%s = %s" % (d, s)
        branches: List[Tuple[str, List[str]]] = []
        # objects
        if by_tag:
            table: Dict[str, Any] = {}
            targets: Dict[str, str] = {}
            for value, c in by_tag.items():
                target = targets[value] = self.ref(c)
                table[value] = self.ns[target]
                if target in self.pending:
                    self.links.setdefault(target, []).append((table, value))
            name = self.const(table)
            self.tables[name] = targets
            lines = [
                "g = %s.get(%r)" % (s, tag),
                "f = %s.get(g) if g.__class__ is str else None" % name,
                "if f is not None: %s = f(%s)" % (d, s),
            ]
            if tagless is not None:
                lines += ["elif g is None: %s = %s(%s)" % (d, self.ref(tagless), s)]
            lines += ["else: raise _Bail"]  # unknown tag: an error, or (strict=False) the fallback
            branches.append(("dict", lines))
        elif untagged:
            branches.append(("dict", ["%s = %s(%s)" % (d, self.ref(untagged[0]), s)]))
        elif dict_t is not None:
            branches.append(("dict", self.safe_conv(dict_t, s, d)))
        elif fallback is not None:
            branches.append(("dict", ["%s = %s(%s)" % (d, self.ref(fallback), s)]))
        elif any_:
            branches.append(("dict", [ok]))
        # strings
        if str in has:
            branches.append(("str", ["if not %s.isascii() and _sur(%s): raise _Bail" % (s, s), ok]))
        elif str_lits and any_:
            branches.append(("str", ["if %s in %s: %s" % (s, self.const(str_lits), ok), "else: " + ok]))
        elif str_lits:
            branches.append(("str", ["if %s not in %s: raise _Bail" % (s, self.const(str_lits)), ok]))
        elif any_:
            branches.append(("str", [ok]))
        # null: None in a dict, or NULL (a null where the field is not nullable is an error)
        if nullable:
            branches.append(("None", ["%s = None" % d]))
        # numbers
        if int in has or float in has or any_:
            branches.append(("int", [ok]))
        elif int_lits:
            branches.append(("int", ["if %s not in %s: raise _Bail" % (s, self.const(int_lits)), ok]))
        if float in has:
            branches.append(("float", ["if not _fin(%s): raise _Bail" % s, ok]))
        elif any_:
            branches.append(("float", [ok]))
        if bool in has or any_:
            branches.append(("bool", [ok]))
        if list_t is not None:
            branches.append(("list", self.safe_conv(list_t, s, d)))
        elif any_:
            branches.append(("list", [ok]))
        if len(branches) == 1:
            # One kind of value: test for it alone (the smaller the source, the cheaper the first
            # call's compile). A call to a generated function is left alone: it tests the kind itself.
            kind, lines = branches[0]
            if _is_call(lines, d, s):
                return lines
            test = "not (%s is None or %s is NULL)" % (s, s) if kind == "None" else "%s.__class__ is not %s" % (s, kind)
            return ["if %s: raise _Bail" % test, *lines]
        out = ["c = %s.__class__" % s]
        for i, (kind, lines) in enumerate(branches):
            test = "%s is None or %s is NULL" % (s, s) if kind == "None" else "c is %s" % kind
            out.append(("if %s:" if i == 0 else "elif %s:") % test)
            out.extend("    " + line for line in lines)
        out.append("else: raise _Bail" if branches else "raise _Bail")
        return out

    def class_body(self, cls: Any) -> List[str]:
        """The general class hook's answer (``_class_hook``, then ``_class_unstructure_hook`` for requests)."""
        attrs.resolve_types(cls)
        fields = [f for f in attrs.fields(cls) if f.init]
        has_extra = any(f.name == "extra" for f in fields)
        declared = [f for f in fields if f.name != "extra"]
        for f in declared:
            if f.name.startswith("_") or f.converter is not None or f.validator is not None:
                raise _Unsupported(cls)
            if f.default is not attrs.NOTHING and f.default is not None and f.default.__class__ not in (str, int, bool):
                raise _Unsupported(cls)  # a factory, or a default the wire form would not show as it is
        known = self.const(frozenset(f.name for f in declared))
        # A closed class has no leftovers: no ``left`` at all (the less source, the cheaper the compile).
        is_open = getattr(cls, "__open__", False) and has_extra
        if is_open:
            lines = [
                "if v.__class__ is not dict: raise _Bail",
                "if %s.issuperset(v): left = None" % known,
                "else:",
                "    left = {k: x for k, x in v.items() if k not in %s}" % known,
                "    if not _sendable(left): raise _Bail",
            ]
        else:
            lines = ["if v.__class__ is not dict or not %s.issuperset(v): raise _Bail" % known]
        lines += ["out = {}"]
        # cattrs writes the fields it always writes first, then those left out when None
        # (make_dict_unstructure_fn, the same on cattrs 23.1 to 26): the wire order follows.
        for f in [f for f in declared if f.default is not None] + [f for f in declared if f.default is None]:
            key = repr(f.name)
            conv = self.safe_conv(f.type, "s", "d")
            if f.default is attrs.NOTHING:
                lines += ["if %s not in v: raise _Bail" % key]
                if has_extra and NullType in _members(f.type):
                    # The general path leaves out a required field unstructured as None (NULL given).
                    lines += ["s = v[%s]" % key, *conv, "if d is not None: out[%s] = d" % key]
                else:
                    lines += _store(conv, key)
            else:
                stored = _store(conv, key)
                if len(stored) == 1:
                    lines += ["if %s in v: %s" % (key, stored[0])]
                else:
                    lines += ["if %s in v:" % key, *["    " + line for line in stored]]
                if f.default is not None:  # a tag: always written
                    lines += ["else: out[%s] = %s" % (key, self.const(f.default))]
        checker = _fast_checker(cls)
        if checker is not None:
            name = self.const(checker)
            self.checkers[name] = cls
            lines += ["%s(v, %s)" % (name, "left" if is_open else "None")]
        if is_open:
            lines += ["if left: out.update(left)"]
        lines += ["return out"]
        return lines

    def conv(self, t: Any, s: str, d: str) -> List[str]:
        """Lines that check the value named ``s`` and put its wire form in ``d`` (or raise _Bail)."""
        if t is str:
            return [
                "if %s.__class__ is not str or (not %s.isascii() and _sur(%s)): raise _Bail" % (s, s, s),
                "%s = %s" % (d, s),
            ]
        if t is int or t is bool:
            return ["if %s.__class__ is not %s: raise _Bail" % (s, t.__name__), "%s = %s" % (d, s)]
        if t is float:
            return [
                "if %s.__class__ is float:" % s,
                "    if not _fin(%s): raise _Bail" % s,
                "elif %s.__class__ is not int: raise _Bail" % s,
                "%s = %s" % (d, s),
            ]
        if t is NullType:
            return ["if %s is not None and %s is not NULL: raise _Bail" % (s, s), "%s = None" % d]
        if t is Any:
            return ["if %s is None or %s is NULL or not _sendable(%s): raise _Bail" % (s, s, s), "%s = %s" % (d, s)]
        if _is_literal(t):
            values = get_args(t)
            kinds = self.const(frozenset(type(x) for x in values))
            allowed = self.const(frozenset((type(x), x) for x in values))
            return [
                "if %s.__class__ not in %s or (%s.__class__, %s) not in %s: raise _Bail" % (s, kinds, s, s, allowed),
                "%s = %s" % (d, s),
            ]
        if _is_dict(t):
            args = get_args(t)
            if len(args) != 2 or args[1] is Any:  # s_any: any sendable value, kept as it is
                return ["if %s is None or %s is NULL or not _sendable(%s): raise _Bail" % (s, s, s), "%s = %s" % (d, s)]
            return ["%s = %s(%s)" % (d, self.ref(t), s)]
        if _is_union(t):
            return self.union_conv(t, s, d)
        if _is_list(t) or attrs.has(t):
            return ["%s = %s(%s)" % (d, self.ref(t), s)]
        raise _Unsupported(t)


class _Unsupported(Exception):
    """A type the generator does not handle: its values always take the general path."""


def _is_call(lines: List[str], d: str, s: str) -> bool:
    """Whether ``lines`` only put ``f(s)`` in ``d``, f a generated function (it tests the kind of s itself)."""
    if len(lines) != 1 or not lines[0].startswith(d + " = _f") or not lines[0].endswith("(%s)" % s):
        return False
    return lines[0][len(d) + 3 : -len(s) - 2].isidentifier()


def _store(conv: List[str], key: str) -> List[str]:
    """The lines of a field: the value ``v[key]`` checked by ``conv`` (from s to d), its wire form put in out."""
    if _is_call(conv, "d", "s"):  # out['audio'] = _f17_RealtimeAudioConfig(v['audio'])
        return ["out[%s] = %s(v[%s])" % (key, conv[0][4:-3], key)]
    if conv[-1] == "d = s" and not any(line.lstrip().startswith("d = ") or ": d = " in line for line in conv[:-1]):
        return ["s = v[%s]" % key, *conv[:-1], "out[%s] = s" % key]  # the value as it is, once checked
    return ["s = v[%s]" % key, *conv, "out[%s] = d" % key]


def _source_name(t: Any) -> str:
    # The same on every Python (List[str] has a __name__ from 3.10 on): the prebuilt module's names.
    name = t.__name__ if isinstance(t, type) else {list: "list", dict: "dict"}.get(get_origin(t), "type")
    return "".join(ch if ch.isalnum() else "_" for ch in str(name))


_GENERATOR: List[_Generator] = []
_fast_request_bodies: Dict[type, Callable[[Dict[str, Any]], Dict[str, Any]]] = {}


def _generator() -> _Generator:
    if not _GENERATOR:
        with _lock:
            if not _GENERATOR:
                _GENERATOR.append(_Generator())
    return _GENERATOR[0]


class _LazyChecker:
    """A prebuilt function's ``_fast_checker`` of a class (module and name), planned when it first runs.

    ``reads``: what ``_check_reads`` found when the module was written (reading the bytecode costs
    more than the rest of a first request; the module is checked to be current on every Python).
    """

    def __init__(self, module: str, qualname: str, reads: Optional[FrozenSet[str]]) -> None:
        self.where = (module, qualname)
        self.reads = reads
        self.run: Optional[Callable[[Any, Any], None]] = None

    def __call__(self, v: Any, leftovers: Any) -> None:
        run = self.run
        if run is None:
            import importlib

            module, qualname = self.where
            found: Any = importlib.import_module(module)
            for part in qualname.split("."):
                found = getattr(found, part)
            run = self.run = _checker_reading(found, self.reads)
        run(v, leftovers)


def _prebuilt(cls: type) -> Optional[Callable[[Any], Any]]:
    """The function scripts/gen_fast_requests.py wrote for ``cls`` (a common call's request), if any.

    The request types of the common calls have their functions written out as a module, compiled
    to bytecode once like any module: their first call plans and compiles nothing (the runtime
    generator's source, the same text: tests/test_serde_fast.py checks the module is current).
    """
    from . import _fast_requests

    fn: Optional[Callable[[Any], Any]] = _fast_requests.FUNCTIONS.get("%s.%s" % (cls.__module__, cls.__qualname__))
    return fn


def _fast_request_body(cls: type) -> Callable[[Dict[str, Any]], Dict[str, Any]]:
    """``fast(fields)``: request_body's result for plainly valid keyword arguments; _Bail otherwise."""
    fast = _fast_request_bodies.get(cls)
    if fast is None:
        fn = _prebuilt(cls) or _generator().function(cls)
        types = _field_types(cls)
        arguments = frozenset(types)
        # The models an argument may be (session=RealtimeSessionCreateRequest(...)): the general
        # path re-validates one as its JSON form, which is a dict the generated function takes.
        accepted = {name: frozenset(m for m in _members(t) if attrs.has(m)) for name, t in types.items()}
        gen = _generator()
        # Each model's unstructure function by name, generated on its first use (nearly every call
        # passes dicts: generating them here cost a fifth of a first call's compiling).
        namespace = gen.ns
        unstructurers = {m: gen.ref(m, "u") for models in accepted.values() for m in models}

        def fast(fields: Dict[str, Any]) -> Dict[str, Any]:
            if not arguments.issuperset(fields):
                raise _Bail  # an unknown argument, even if None
            # A method's own None is "not given"; NULL is a value (the field's null, where allowed).
            given = {}
            for name, value in fields.items():
                if value is not None:
                    given[name] = (
                        namespace[unstructurers[value.__class__]](value) if value.__class__ in accepted[name] else value
                    )
            body: Dict[str, Any] = fn(given)
            return body

        _fast_request_bodies[cls] = fast
    return fast


# --------------------------------------------------------------------------- public (internal) API


def _unstructure(obj: Any) -> Any:
    return _converter(_RESPONSE).unstructure(obj)


def unstructure(obj: Any) -> Any:
    """Turn a model (or a list/dict of them) into JSON-ready data; ``None`` fields are left out."""
    return _unstructure(obj)


def dump(obj: Any, *, exclude_unset: bool = True, exclude_none: bool = False) -> Any:
    """``Model.to_dict()``: :func:`unstructure`, plus the official SDK's two options that change the result.

    ``exclude_unset=False`` also lists the declared fields that were not sent (as ``None``);
    ``exclude_none=True`` leaves out every ``None`` value of an object.
    """
    out = _unstructure(obj)
    if not exclude_unset:
        out = _with_unset(obj, out)
    if exclude_none:
        _drop_nones(out)
    return out


def _with_unset(obj: Any, out: Any) -> Any:
    # Recursion follows the model tree only (bounded by the declarations), never free JSON.
    if not attrs.has(type(obj)) or _is_fallback(type(obj)) or not isinstance(out, dict):
        return out
    for f in attrs.fields(type(obj)):
        if not f.init or f.name == "extra":
            continue
        value = getattr(obj, f.name)
        if value is None:
            out.setdefault(f.name, None)
        elif f.name not in out:
            continue
        elif attrs.has(type(value)):
            out[f.name] = _with_unset(value, out[f.name])
        elif isinstance(value, list) and isinstance(out[f.name], list):
            out[f.name] = [_with_unset(item, data) for item, data in zip(value, out[f.name])]
        elif isinstance(value, dict) and isinstance(out[f.name], dict):
            out[f.name] = {k: _with_unset(value.get(k), data) for k, data in out[f.name].items()}
    return out


def _drop_nones(data: Any) -> None:
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key in [k for k, v in node.items() if v is None]:
                del node[key]
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))


def structure(data: Any, cls: Type[T], *, strict: bool = False) -> T:
    """Build ``cls`` from decoded JSON.

    Tolerant by default (server data): a missing field reads as ``None``, a field of an
    unexpected type keeps its raw value (logged at debug); :class:`APIResponseValidationError`
    only when the data is not an object of the right kind or an essential field is unusable.
    With ``strict=True`` (user input) validates and raises :class:`RequestValidationError`.
    Tolerant reads of clean data go through :func:`fast_reader` (also the first call of a
    process: planning a reader costs a fraction of generating the converter's functions),
    and from a type's second read on through its :func:`compiled_reader` (a third of the
    time per answer; compiling costs more than planning, which a cold start pays only once).
    """
    if strict:
        try:
            return _converter(_DICT).structure(data, cls)
        except Exception as exc:
            raise RequestValidationError(_messages(exc)) from exc
    read = _compiled.get(cls)
    if read is None:
        if cls in _read_once:
            read = _compiled_now(cls)
        else:
            _read_once.add(cls)
            read = _reader(_plan(cls))
    try:
        result: T = read(data)
    except Exception:  # a model's own __init__ refusing a value: the converter reports it
        result = _BAIL
    if result is not _BAIL:
        return result
    try:
        return _converter(_RESPONSE).structure(data, cls)
    except Exception as exc:
        raise APIResponseValidationError(
            "response did not match %s" % getattr(cls, "__name__", cls), errors=_messages(exc)
        ) from exc


def response_structurer(cls: Any) -> Callable[[Any], Any]:
    """``structure(data, cls)`` (tolerant) for a hot path: the hook for ``cls`` is looked up once.

    ``Converter.structure`` finds the hook on every call, and for a ``Union`` that lookup hashes
    every member (the sideband's event unions have 50): more than the union's own tag dispatch.
    Clean data (every value of its declared type: nearly every server event) is read by
    :func:`compiled_reader`'s reader for ``cls``; anything else by the converter, as before.
    """
    cell: List[Callable[[Any, Any], Any]] = []
    read: Optional[Callable[[Any], Any]] = None
    name = getattr(cls, "__name__", cls)

    def run(data: Any) -> Any:
        nonlocal read
        if read is None:
            read = _compiled_now(cls)  # compiled on first use (a benign race: both threads compile the same)
        try:
            result = read(data)
        except Exception:  # a model's own __init__ refusing a value: the converter reports it
            result = _BAIL
        if result is not _BAIL:
            return result
        if not cell:
            cell.append(_cattrs_hook(_converter(_RESPONSE), cls))  # a benign race: both threads find the same
        try:
            return cell[0](data, cls)
        except Exception as exc:
            raise APIResponseValidationError("response did not match %s" % name, errors=_messages(exc)) from exc

    return run


def parse_response(cls: Type[T], data: Any) -> T:
    """Structure a decoded JSON response into ``cls``, keeping everything unknown (tolerant reader).

    Raises :class:`APIResponseValidationError` (with ``errors`` paths) only when the body is
    not an object or what the answer exists for (an ``ESSENTIAL`` field) is missing or unusable.
    """
    return structure(data, cls)


_field_types_cache: Dict[type, Dict[str, Any]] = {}


def _field_types(cls: type) -> Dict[str, Any]:
    types = _field_types_cache.get(cls)
    if types is None:
        attrs.resolve_types(cls)
        types = {f.name: f.type for f in attrs.fields(cls) if f.init}
        _field_types_cache[cls] = types
    return types


def request_body(cls: type, *, strict: bool = True, **fields: Any) -> Dict[str, Any]:
    """Validate the constructor arguments of ``cls`` and return its JSON-ready body.

    Each value may be a model, a dict in the official SDK's form (absent key = omitted,
    ``None`` = ``null``), ``NULL``, or ``None`` (= not given: a method's own parameter).
    Every problem is reported at once in a :class:`RequestValidationError`.

    ``strict=False`` forwards unknown keys of dicts unchanged (and unknown union variants as
    they are); known keys are still type-checked.
    """
    try:
        return (_fast_request_bodies.get(cls) or _fast_request_body(cls))(fields)
    except Exception:  # _Bail (or anything unforeseen): the general path decides, errors included
        pass
    return _request_body(cls, strict, fields)


def _request_body(cls: type, strict: bool, fields: Dict[str, Any]) -> Dict[str, Any]:
    # The general path: structure every field (an attrs object), check, unstructure.
    types = _field_types(cls)
    errors: List[str] = []
    kwargs: Dict[str, Any] = {}
    dict_mode = _DICT if strict else _MODEL
    for name, value in fields.items():
        if name not in types:
            expected = ", ".join(sorted(n for n in types if n != "extra"))
            errors.append("%s: unknown argument (expected one of %s)" % (name, expected))
            continue
        if value is None:
            continue
        if name == "extra" and not isinstance(value, Mapping):
            # The keys to send as they are: an object (Dict[str, Any] alone would take any JSON).
            errors.append("extra: expected an object, got %s" % _show(value))
            continue
        if attrs.has(type(value)):
            accepted = [m for m in _members(types[name]) if attrs.has(m)]
            if type(value) not in accepted:
                errors.append(
                    "%s: expected %s or a dict, got a %s"
                    % (name, " or ".join(m.__name__ for m in accepted) or "a value", type(value).__name__)
                )
                continue
            try:
                data = _unstructure(value)
            except Exception as exc:  # a model holding what no declaration allows (extra=True, a 3000-deep list)
                errors.extend(_messages(exc, name))
                continue
            mode = _MODEL
        else:
            mode, data = dict_mode, (None if value is NULL else value)
        try:
            kwargs[name] = _converter(mode).structure(data, types[name])
        except Exception as exc:
            errors.extend(_messages(exc, name))
    for field in attrs.fields(cls):
        if field.default is attrs.NOTHING and field.name not in kwargs and fields.get(field.name) is None:
            errors.append("%s: required field missing" % field.name)
    if errors:
        raise RequestValidationError(errors)
    obj = cls(**kwargs)
    # The request's own checks (nested models run theirs while structuring).
    check = _checks_of(cls)
    if check is not None:
        errors.extend("%s: %s" % (field, message) for field, message in check(obj))
    if errors:
        raise RequestValidationError(errors)
    body: Dict[str, Any] = _unstructure(obj)
    return body


def dumps(obj: Any) -> bytes:
    """Compact UTF-8 JSON exactly as the official SDK writes it (models are unstructured first).

    Data that JSON cannot carry (a NaN, a lone surrogate, an unknown type, nesting deeper
    than the interpreter can encode) raises :class:`RequestValidationError`, never a raw
    ``ValueError``/``TypeError``/``RecursionError``.
    """
    try:
        return _encode(obj)
    except (ValueError, TypeError, RecursionError) as exc:  # UnicodeEncodeError is a ValueError
        problems = check_json(obj, "")
        raise RequestValidationError(problems or ["(body): cannot be sent as JSON (%s)" % type(exc).__name__]) from None


def _json_default(obj: Any) -> Any:
    # Models and NULL anywhere in plain data (json calls this only for unknown types).
    if obj is NULL:
        return None
    if attrs.has(type(obj)):
        return _unstructure(obj)
    raise TypeError("Object of type %s is not JSON serializable" % type(obj).__name__)


def _dumps_encode(obj: Any) -> bytes:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=_json_default).encode(
        "utf-8"
    )


def _shared_encoder() -> Callable[[Any], bytes]:
    # json.dumps builds a JSONEncoder and then a C encoder on every call: for a typical request
    # body that is a third of the encoding's instructions. The C encoder built here once does the
    # same encoding (compact, UTF-8 text, no NaN, models and NULL through _json_default). It is
    # built without circular-reference bookkeeping, so it holds no state and threads share it
    # safely; circular data then ends in the RecursionError that dumps() already reports as it
    # reports nesting too deep. Without the C accelerator (another interpreter), json.dumps.
    make, quote = getattr(json.encoder, "c_make_encoder", None), getattr(json.encoder, "c_encode_basestring", None)
    if make is None or quote is None:
        return _dumps_encode
    try:
        encoder = make(None, _json_default, quote, None, ":", ",", False, False, False)
    except TypeError:  # a signature this was not written for
        return _dumps_encode
    join = "".join

    def encode(obj: Any) -> bytes:
        return join(encoder(obj, 0)).encode("utf-8")

    return encode


_encode = _shared_encoder()


# --------------------------------------------------------------------------- the fast reader of clean server data
#
# Server events arrive by the hundred per second and are nearly always clean: every value of the
# type its declaration names. For such data the tolerant converter above does a lot of work that
# changes nothing (cattrs' generated function, its detailed-validation bookkeeping, the union
# hook per value). The readers below are planned once per type from the same declarations and
# read clean data straight into the same objects; anything else (a value of another type, a
# missing required field, an unknown tag, a non-dict mapping, an essential field without a
# usable value...) makes them give up with _BAIL, and the converter then reads the data from
# the start, so everything the tolerant reader does for odd data (kept raw values, debug logs,
# Unknown* fallbacks, errors) is exactly as before. tests/test_fast_reader.py checks the two
# give equal results on generated data. No cattrs, no code generation: planning a type is cheap
# (it runs on the first call of a fresh process).

_BAIL: Any = object()
_MISSING: Any = object()
_ANY_VALUE = None  # "allowed classes" of a value that passes whatever it is (Any)

# A plan for one type: either a frozenset of the exact classes that pass unchanged (or None: any
# value passes), or a reader function (value -> structured value or _BAIL).
_Plan = Union[Optional[FrozenSet[type]], Callable[[Any], Any]]
_plans: Dict[Any, _Plan] = {}
_plans_lock = threading.RLock()


def _null_passes(t: Any) -> bool:
    # Does the tolerant converter read a null of type t as None without complaint?
    members = _members(t)
    return t is Any or t is NullType or any(m is NullType or m is _NoneType or m is Any for m in members)


def _plan(t: Any) -> _Plan:
    # Called while planning and on a reader's first use, never per value: hashing a typing alias is fine.
    plan = _plans.get(t, _MISSING)
    if plan is _MISSING:
        with _plans_lock:
            plan = _plans.get(t, _MISSING)
            if plan is _MISSING:
                plan = _plans[t] = _make_plan(t)
    result: _Plan = plan
    return result


def _reader(plan: _Plan) -> Callable[[Any], Any]:
    # Any plan as a function (for list items, dict values and union members).
    if callable(plan):
        return plan
    if plan is None:
        return _read_as_is
    allowed = plan

    def read_checked(v: Any) -> Any:
        return v if v.__class__ in allowed else _BAIL

    return read_checked


def _read_as_is(v: Any) -> Any:
    return v if v is not None else _BAIL


def _make_plan(t: Any) -> _Plan:
    plan: _Plan
    if t is str:
        plan = frozenset([str])
    elif t is int:
        plan = frozenset([int])
    elif t is float:
        plan = frozenset([int, float])
    elif t is bool:
        plan = frozenset([bool])
    elif t is Any:
        plan = _ANY_VALUE
    elif t is NullType:
        plan = frozenset()  # only null, which the object's own reader handles
    elif _is_literal(t):
        plan = frozenset(type(x) for x in get_args(t))  # responses: any value of the same JSON type
    elif _is_union(t):
        plan = _union_plan(t)
    elif _is_list(t):
        plan = _list_plan(t)
    elif _is_dict(t):
        plan = _dict_plan(t)
    elif isinstance(t, type) and attrs.has(t) and not _is_fallback(t):
        plan = _class_plan(t)
    else:
        plan = frozenset()  # fallbacks and anything unusual: the converter reads them
    return plan


def _list_plan(t: Any) -> _Plan:
    args = get_args(t)
    if not args or args[0] is Any:
        # The converter copies the list: so does this reader.
        return lambda v: list(v) if v.__class__ is list else _BAIL
    cell: List[Callable[[Any], Any]] = []

    def read_list(v: Any) -> Any:
        if v.__class__ is not list:
            return _BAIL
        if not cell:
            cell.append(_reader(_plan(args[0])))
        read = cell[0]
        out = []
        for item in v:
            item = read(item)
            if item is _BAIL:
                return _BAIL
            out.append(item)
        return out

    return read_list


def _dict_plan(t: Any) -> _Plan:
    args = get_args(t)
    elem = args[1] if len(args) == 2 else Any
    if elem is Any:
        return lambda v: dict(v) if v.__class__ is dict else _BAIL
    cell: List[Callable[[Any], Any]] = []

    def read_dict(v: Any) -> Any:
        if v.__class__ is not dict:
            return _BAIL
        if not cell:
            cell.append(_reader(_plan(elem)))
        read = cell[0]
        out = {}
        for k, item in v.items():
            item = read(item)
            if item is _BAIL or k.__class__ is not str:
                return _BAIL
            out[k] = item
        return out

    return read_dict


_UnionShape = Tuple[str, Dict[str, Any], FrozenSet[type], bool, Any, Any]
_union_shapes: Dict[Any, _UnionShape] = {}


def _union_shape(t: Any) -> _UnionShape:
    # The tolerant union hook's rules (_union_hook), for the values it returns unchanged or hands
    # to one member: (tag, {tag value: member}, classes passing as they are, Any a member, the
    # member of an untagged object, the list member). Everything else (fallbacks, a missing
    # tag, errors) is left to the hook. Kept per union (a benign race: both find the same).
    shape = _union_shapes.get(t)
    if shape is None:
        shape = _union_shapes[t] = _find_union_shape(t)
    return shape


def _find_union_shape(t: Any) -> _UnionShape:
    members = _members(t)
    any_ok = Any in members
    has = {m for m in members if m in (str, int, float, bool)}
    str_lits = any(isinstance(x, str) for m in members if _is_literal(m) for x in get_args(m))
    int_lits = any(type(x) is int for m in members if _is_literal(m) for x in get_args(m))
    scalars: Set[type] = set()
    if str in has or str_lits or any_ok:
        scalars.add(str)
    if bool in has or any_ok:
        scalars.add(bool)
    if int in has or int_lits or float in has or any_ok:
        scalars.add(int)
    if float in has or any_ok:
        scalars.add(float)
    list_t = next((m for m in members if _is_list(m)), None)
    dict_t = next((m for m in members if _is_dict(m)), None)
    classes = [m for m in members if attrs.has(m) and not _is_fallback(m)]
    tag = _tag_field(classes) if classes else "type"
    by_tag: Dict[str, Any] = {}
    untagged: List[Any] = []
    for c in classes:
        value = _tag_value(c, tag)
        if value is None:
            untagged.append(c)
        else:
            by_tag[value] = c
    if by_tag:
        dict_target: Any = None
    elif untagged:
        dict_target = untagged[0]
    else:
        dict_target = dict_t
    return tag, by_tag, frozenset(scalars), any_ok, dict_target, list_t


def _union_plan(t: Any) -> _Plan:
    tag, by_tag, passes, any_ok, dict_target, list_t = _union_shape(t)
    if not by_tag and dict_target is None and list_t is None:
        return _ANY_VALUE if any_ok else passes
    # Member readers are found on first use (a member may be the type being planned: recursion).
    tag_readers: Dict[str, Callable[[Any], Any]] = {}
    dict_reader: List[Callable[[Any], Any]] = []
    list_reader: List[Callable[[Any], Any]] = []

    def read_union(v: Any) -> Any:
        cls = v.__class__
        if cls in passes:
            return v
        if cls is dict:
            if by_tag:
                value = v.get(tag)
                read = tag_readers.get(value) if value.__class__ is str else None
                if read is None:
                    target = by_tag.get(value) if value.__class__ is str else None
                    if target is None:
                        return _BAIL  # no tag, or an unknown one: the converter's fallback
                    read = tag_readers[value] = _reader(_plan(target))
                return read(v)
            if dict_target is not None:
                if not dict_reader:
                    dict_reader.append(_reader(_plan(dict_target)))
                return dict_reader[0](v)
            return v if any_ok else _BAIL
        if cls is list:
            if list_t is not None:
                if not list_reader:
                    list_reader.append(_reader(_plan(list_t)))
                return list_reader[0](v)
            return v if any_ok else _BAIL
        return _BAIL

    return read_union


def _class_plan(cls: Any) -> _Plan:
    # The tolerant object hook's rules (_class_hook's s_class with cattrs' generated function) for
    # a dict whose declared values all read: unknown keys into extra, nulls remembered.
    attrs.resolve_types(cls)
    fields = [f for f in attrs.fields(cls) if f.init]
    if not any(f.name == "extra" for f in fields) or any(f.name[:1] == "_" for f in fields):
        return frozenset()  # not a model: the converter reads it
    declared = [f for f in fields if f.name != "extra"]
    n_required = sum(1 for f in declared if f.default is attrs.NOTHING)
    essential = tuple(f.name for f in declared if f.metadata.get("essential"))
    # Planned on first use (declarations may refer to each other and to themselves), then
    # [{name: (allowed classes, reader, null reads as None, required)}, flat, exact, builders]:
    # flat, for an object of scalars only, {name: allowed classes}; exact, if each of those
    # allows one class, (a getter of every field's value, their classes); builders, see
    # _slot_builders (None: the class's __init__ builds).
    cell: List[Any] = []

    def prepare() -> List[Any]:
        with _plans_lock:
            if not cell:
                steps: Dict[str, Tuple[Any, Any, bool, bool]] = {}
                for f in declared:
                    plan = _plan(f.type)
                    allowed, read = (None, plan) if callable(plan) else (plan, None)
                    steps[f.name] = (allowed, read, _null_passes(f.type), f.default is attrs.NOTHING)
                flat: Dict[str, FrozenSet[type]] = {}
                exact: Any = None
                if not essential and all(
                    read is None and allowed is not None for allowed, read, _, _ in steps.values()
                ):
                    flat = {name: step[0] for name, step in steps.items()}
                    if len(flat) > 1 and all(len(allowed) == 1 for allowed in flat.values()):
                        exact = (operator.itemgetter(*flat), tuple(next(iter(allowed)) for allowed in flat.values()))
                cell.extend((steps, flat, exact, _slot_builders(cls)))  # under the lock; read once whole
        return cell

    def read_object(v: Any) -> Any:
        if v.__class__ is not dict:
            return _BAIL
        steps, flat, exact, builders = cell if len(cell) == 4 else prepare()
        if exact is not None and len(v) == len(flat):
            # Every declared key (as many keys, all found) and each value exactly of its one class.
            try:
                values = exact[0](v)
            except KeyError:
                values = None
            if values is not None and tuple(map(type, values)) == exact[1]:
                return cls(**v) if builders is None else builders[0](values)
        kwargs: Dict[str, Any] = {}
        nulls: Optional[List[str]] = None
        leftovers: Optional[Dict[str, Any]] = None
        required = 0
        for name, x in v.items():
            step = steps.get(name)
            if step is None:
                if leftovers is None:
                    leftovers = {name: x}
                else:
                    leftovers[name] = x
                continue
            allowed, read, null_ok, is_required = step
            if is_required:
                required += 1
            if x is None:
                if not null_ok:
                    return _BAIL
                if nulls is None:
                    nulls = [name]
                else:
                    nulls.append(name)
            elif read is not None:
                x = read(x)
                if x is _BAIL:
                    return _BAIL
            elif allowed is not None and x.__class__ not in allowed:
                return _BAIL
            kwargs[name] = x
        if required != n_required:
            return _BAIL  # a required field is missing
        extra: Any = leftovers or {}
        if nulls:
            extra = models.Extra(extra)
            extra.nulls = frozenset(nulls)
        if builders is None:
            obj = cls(**kwargs)
            if extra or nulls:  # an empty Extra still names the nulls
                object.__setattr__(obj, "extra", extra)
        else:
            obj = builders[1](kwargs, extra)
        for name in essential:
            if getattr(obj, name) in (None, ""):
                return _BAIL
        return obj

    return read_object


def _slot_stores(cls: Any) -> Optional[Dict[str, Callable[[Any, Any], None]]]:
    # For an attrs class whose generated __init__ only stores its arguments (no validators,
    # converters or init hooks; plain defaults; extra a fresh dict): each field's slot store
    # (its member descriptor's __set__), which builds objects as that __init__ would, in a
    # third less time than a keyword call (the small events come by the hundred). None when
    # anything differs.
    init = getattr(cls, "__init__", None)
    if not getattr(getattr(init, "__code__", None), "co_filename", "").startswith("<attrs generated"):
        return None
    if hasattr(cls, "__attrs_post_init__") or hasattr(cls, "__attrs_pre_init__"):
        return None
    stores: Dict[str, Callable[[Any, Any], None]] = {}
    for f in attrs.fields(cls):
        descriptor = inspect.getattr_static(cls, f.name, None)
        if not isinstance(descriptor, types.MemberDescriptorType) or f.validator is not None or f.converter is not None:
            return None
        if not f.init or getattr(f, "alias", None) not in (None, f.name):
            return None
        if f.name == "extra":
            if f.default != attrs.Factory(dict):
                return None
        elif isinstance(f.default, attrs.Factory):  # type: ignore[arg-type]
            return None
        stores[f.name] = descriptor.__set__
    return stores if "extra" in stores else None


def _slot_builders(cls: Any) -> Optional[Tuple[Callable[[Tuple[Any, ...]], Any], Callable[[Dict[str, Any], Any], Any]]]:
    # Objects built from their slot stores (_slot_stores): build(values) takes every declared
    # field's value in order; build_from(kwargs, extra) the given ones (a required one is never
    # missing: the readers check), the others their defaults. None when the class has no stores.
    by_name = _slot_stores(cls)
    if by_name is None:
        return None
    set_extra = by_name["extra"]
    stores = []
    defaults = []
    for f in attrs.fields(cls):
        if f.name != "extra":
            stores.append(by_name[f.name])
            defaults.append((f.name, f.default, by_name[f.name]))
    new = object.__new__

    def build(values: Tuple[Any, ...]) -> Any:
        obj = new(cls)
        set_extra(obj, {})
        for store, value in zip(stores, values):
            store(obj, value)
        return obj

    def build_from(kwargs: Dict[str, Any], extra: Any) -> Any:
        obj = new(cls)
        set_extra(obj, extra)
        get = kwargs.get
        for name, default, store in defaults:
            store(obj, get(name, default))
        return obj

    return build, build_from


def fast_reader(cls: Any) -> Callable[[Any], Any]:
    """A reader of clean server data into ``cls``: the tolerant converter's result, or :data:`FALLBACK`.

    Quick for data where every value has its declared type; anything else returns
    ``FALLBACK`` (never raises) and must be read with :func:`structure`.
    """
    return _reader(_plan(cls))


FALLBACK = _BAIL
"""What :func:`fast_reader`'s readers return for data they leave to the converter."""


# --------------------------------------------------------------------------- compiled readers (server events)
#
# The event parsers (response_structurer, tag_reader) run per WebSocket message, thousands of
# times per call, so their readers are the plans above written out as Python source: per
# class, every key read, check and store unrolled; per union, list and dict type, the tag
# table or the loop without a step interpreted per value. Each function is compiled on its
# first call (a stand-in holds its place until then: nothing at import, and only the types a
# process meets; tag_reader and structure() call it from a type's second value on, reading the
# first by its plan), and follows the plan it is written from rule for rule: the
# same objects for what the plan reads, _BAIL for everything else, which the converter then
# reads from the start. tests/test_fast_reader.py compares them with the converter.
#
# Objects are built in a subclass of their class that adds nothing but Python's plain
# attribute stores (the class itself is frozen: each store would go through a descriptor's
# __set__, a call costing more than the rest of a small event's reading), then given their
# class: `obj.__class__ = cls` between two classes of the same slots is plain Python (the
# builder is never seen outside the reader). A class where that does not hold is built with
# its slots' __set__.

_compiled: Dict[Any, Callable[[Any], Any]] = {}
_read_once: Set[Any] = set()  # types structure() has read once (by their plan)
_NONE_OR_EMPTY = (None, "")  # an essential field's unusable values (read_object's test)


def compiled_reader(t: Any) -> Callable[[Any], Any]:
    """:func:`fast_reader`'s reader for ``t``, compiled: the same results, in less time per value.

    Compiled on its first call (a benign race between threads: both compile the same).
    """
    read = _compiled.get(t)
    return read if read is not None else _later(t)


def tag_reader(union: Any, tag: Any, table: Dict[str, Callable[[Any], Any]]) -> Callable[[Any], Any]:
    """The compiled reader of the member of ``union`` whose ``type`` is ``tag``, kept in ``table``.

    For an event parser's own table (tag -> reader, filled as event types arrive): a parser
    looks the tag up there first and asks here on a miss. Any other tag (unknown, not a
    string, or a union that does not dispatch on ``type``) gets a reader answering
    :data:`FALLBACK`, and is not kept (a hostile stream cannot grow the table).

    As for REST answers (:func:`structure`), a type's first value is read by its plan and its
    second compiles the reader: compiling costs up to ~10 ms a type (``response.done``),
    planning a fifth of that, and a type seen once (``session.created``) never pays it.
    """
    target = None
    if tag.__class__ is str:
        key, by_tag = _union_shape(union)[:2]
        target = by_tag.get(tag) if key == "type" else None
    if target is None:
        return _no_reader
    read = _compiled.get(target)
    if read is None:
        table[tag] = _later(target, table, tag)  # compiles on the next value, then takes its place
        return _reader(_plan(target))
    table[tag] = read
    return read


def _no_reader(_: Any) -> Any:
    return _BAIL


def _compiled_now(t: Any) -> Callable[[Any], Any]:
    read = _compiled.get(t)
    if read is None:
        with _plans_lock:
            read = _compiled.get(t)
            if read is None:
                read = _compiled[t] = _compile_reader(t)
    return read


def _later(t: Any, table: Optional[Dict[str, Any]] = None, key: str = "") -> Callable[[Any], Any]:
    # A stand-in for t's compiled reader: compiles it on its first call and, given the table
    # (a generated function's globals, a union's tag table) and key it sits under, puts the
    # compiled reader there so that later calls go straight to it.
    def first_call(v: Any) -> Any:
        read = _compiled_now(t)
        if table is not None:
            table[key] = read
        return read(v)

    return first_call


def _compile_reader(t: Any) -> Callable[[Any], Any]:
    plan = _plan(t)
    if not callable(plan):
        return _reader(plan)  # a class check: nothing to compile
    source = _ReaderSource()
    args = get_args(t)
    if _is_union(t):
        body = source.union_body(t)
    elif _is_list(t) and args and args[0] is not Any:
        body = source.list_body(args[0])
    elif _is_dict(t) and len(args) == 2 and args[1] is not Any:
        body = source.dict_body(args[1])
    elif isinstance(t, type):
        body = source.class_body(t)
    else:
        return plan  # List[Any], Dict[str, Any]: the plan is one copy already
    try:
        return source.compile(body, str(getattr(t, "__name__", t)))
    except SyntaxError:  # a declaration Python source cannot name: read as planned
        return plan


def _builder_class(cls: Any) -> Optional[type]:
    # The subclass objects of cls are built in (see above), or None.
    if _slot_stores(cls) is None:
        return None  # validators, converters, hooks...: not only slots to fill
    # No slots of its own (the layout stays cls's, so the class can change); object's __setattr__
    # and __delattr__ both (CPython fills one C slot from the two: with both plain, `o.x = v`
    # is a plain slot store); object's __init__ (builder() takes nothing, fields come one by one).
    namespace = {
        "__slots__": (),
        "__setattr__": object.__setattr__,
        "__delattr__": object.__delattr__,
        "__init__": object.__init__,
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__ + "._builder",
    }
    try:
        builder = type(cls.__name__, (cls,), namespace)
        probe = builder()
        probe.__class__ = cls
    except TypeError:
        return None
    return builder if type(probe) is cls else None


class _ReaderSource:
    """The source of one compiled reader (``read(v)`` -> value or ``BAIL``) and its globals."""

    def __init__(self) -> None:
        self.ns: Dict[str, Any] = {"BAIL": _BAIL, "dict": dict, "list": list}
        for scalar in (str, int, float, bool):
            self.ns[scalar.__name__] = scalar
        self.lists = 0  # list loops written so far

    def const(self, value: Any, name: str) -> str:
        # A global of the function: name, made unique and an identifier.
        name = "".join(ch if ch.isalnum() else "_" for ch in name)
        unique = name
        while unique in self.ns and self.ns[unique] is not value:
            unique = "%s_%d" % (name, len(self.ns))
        self.ns[unique] = value
        return unique

    def reader(self, t: Any, name: str) -> str:
        # A global naming t's compiled reader: the reader if compiled, else a stand-in.
        name = self.const(None, "read_" + name)
        read = _compiled.get(t)
        self.ns[name] = read if read is not None else _later(t, self.ns, name)
        return name

    def compile(self, body: List[str], name: str) -> Callable[[Any], Any]:
        source = "def read(v):\n%s\n" % "\n".join("    " + line for line in body)
        exec(compile(source, "<realtime_sync._serde reader of %s>" % name, "exec"), self.ns)
        read: Callable[[Any], Any] = self.ns["read"]
        return read

    def check(self, t: Any, x: str, on_null: List[str], name: str) -> List[str]:
        """Lines reading value ``x`` as type ``t`` in place; they ``return BAIL`` if it does not read.

        ``on_null``: the lines run for a null, which no plan reads (the object's reader decides).
        """
        plan = _plan(t)
        if callable(plan) and _is_union(t):
            _, by_tag, passes, any_ok, dict_target, list_t = _union_shape(t)
            if not (by_tag or passes or any_ok) and (dict_target is None) != (list_t is None):
                # Optional[Union[Model, NullType]], Optional[List[...]] and the like: the union only
                # hands an object (a list) to its one member, whose reader refuses anything else too.
                return self.check(list_t if dict_target is None else dict_target, x, on_null, name)
        if plan is None:  # Any: whatever it is
            return ["if %s is None:" % x, *_indent(on_null)]
        if callable(plan):
            args = get_args(t)
            if _is_list(t) and args and args[0] is not Any:
                read_it = self.list_lines(args[0], x, name)
            else:
                read_it = ["%s = %s(%s)" % (x, self.reader(t, name), x), "if %s is BAIL:" % x, "    return BAIL"]
            return ["if %s is None:" % x, *_indent(on_null), "else:", *_indent(read_it)]
        if len(plan) == 1:
            kind = next(iter(plan))
            test = "%s.__class__ is not %s" % (x, self.const(kind, kind.__name__))
        else:
            test = "%s.__class__ not in %s" % (x, self.const(plan, "allowed_" + name))
        if on_null == ["return BAIL"]:
            return ["if %s:" % test, "    return BAIL"]
        return ["if %s:" % test, "    if %s is not None:" % x, "        return BAIL", *_indent(on_null)]

    def class_body(self, cls: Any) -> List[str]:
        # _class_plan's read_object, unrolled: required keys read at once (one missing: the
        # converter), the others if present, then every value checked or read in place.
        declared = [f for f in attrs.fields(cls) if f.init and f.name != "extra"]
        builder = _builder_class(cls)
        stores = _slot_stores(cls) if builder is None else None
        self.ns.update(cls=cls, builder=builder, KNOWN=frozenset(f.name for f in declared), Extra=models.Extra)
        self.ns.update(NONE_OR_EMPTY=_NONE_OR_EMPTY, new=object.__new__, setattr_=object.__setattr__)
        required = [f for f in declared if f.default is attrs.NOTHING]
        local = {f.name: _local(i, f.name) for i, f in enumerate(declared)}
        lines = ["if v.__class__ is not dict:", "    return BAIL"]
        if required:
            lines.append("try:")
            lines += ["    %s = v[%r]" % (local[f.name], f.name) for f in required]
            lines += ["except KeyError:", "    return BAIL  # a required field is missing"]
        lines += ["found = %d  # declared keys" % len(required), "null = False"]
        if builder is None and stores is None:
            lines.append("kw = {%s}" % ", ".join("%r: %s" % (f.name, local[f.name]) for f in required))
        for f in declared:
            x = local[f.name]
            on_null = ["null = True"] if _null_passes(f.type) else ["return BAIL"]
            check = self.check(f.type, x, on_null, f.name)
            if f.default is attrs.NOTHING:
                lines += check
                continue
            lines += ["if %r in v:" % f.name, "    %s = v[%r]" % (x, f.name), "    found += 1", *_indent(check)]
            if builder is None and stores is None:
                lines.append("    kw[%r] = %s" % (f.name, x))
            else:
                lines += ["else:", "    %s = %s" % (x, self.const(f.default, "default_" + f.name))]
        lines += [
            "if found == len(v):",
            "    extra = {}",
            "else:  # unknown keys, kept as sent",
            "    extra = {key: x for key, x in v.items() if key not in KNOWN}",
            "if null:  # the declared keys sent as null, in the order sent (what the converter remembers)",
            "    extra = Extra(extra)",
            "    extra.nulls = frozenset([key for key, x in v.items() if x is None and key in KNOWN])",
        ]
        essential = [f.name for f in declared if f.metadata.get("essential")]
        if builder is not None:
            lines.append("o = builder()")
            for f in declared:
                if f.name.isidentifier():  # (a keyword would not compile: the planned reader then reads)
                    lines.append("o.%s = %s" % (f.name, local[f.name]))
                else:
                    lines.append("setattr_(o, %r, %s)" % (f.name, local[f.name]))
            lines += ["o.extra = extra", "o.__class__ = cls"]
        elif stores is not None:
            lines.append("o = new(cls)")
            for name, store in stores.items():
                lines.append(
                    "%s(o, %s)" % (self.const(store, "set_" + name), "extra" if name == "extra" else local[name])
                )
        else:
            lines += ["o = cls(**kw)", "if extra or null:  # an empty Extra still names the nulls"]
            lines.append("    setattr_(o, 'extra', extra)")
        for name in essential:
            lines += ["if o.%s in NONE_OR_EMPTY:" % name, "    return BAIL"]
        return [*lines, "return o"]

    def list_body(self, elem: Any) -> List[str]:
        return [*self.list_lines(elem, "v", "item"), "return v"]

    def list_lines(self, elem: Any, x: str, name: str) -> List[str]:
        # _list_plan's read_list, in place (a list field's items are read in its object's reader);
        # a list of plain values is checked, then copied in one step.
        self.lists += 1
        item = "item%d" % self.lists  # a name of its own (lists in lists)
        lines = ["if %s.__class__ is not list:" % x, "    return BAIL"]
        check = self.check(elem, item, ["return BAIL"], name + "_item")
        if not callable(_plan(elem)):
            return [*lines, "for %s in %s:" % (item, x), *_indent(check), "%s = list(%s)" % (x, x)]
        out = item + "_out"
        loop = [*lines, "%s = []" % out, "for %s in %s:" % (item, x), *_indent(check)]
        return [*loop, "    %s.append(%s)" % (out, item), "%s = %s" % (x, out)]

    def dict_body(self, elem: Any) -> List[str]:
        # _dict_plan's read_dict.
        lines = ["if v.__class__ is not dict:", "    return BAIL", "out = {}", "for key, x in v.items():"]
        lines += _indent(self.check(elem, "x", ["return BAIL"], "value"))
        return [*lines, "    if key.__class__ is not str:", "        return BAIL", "    out[key] = x", "return out"]

    def union_body(self, t: Any) -> List[str]:
        # _union_plan's read_union, from the same analysis (_union_shape).
        tag, by_tag, passes, any_ok, dict_target, list_t = _union_shape(t)
        lines = ["c = v.__class__"]
        if passes:
            lines += ["if c in %s:" % self.const(passes, "passes"), "    return v"]
        lines.append("if c is dict:")
        if by_tag:
            tags: Dict[str, Any] = {}
            for value, target in by_tag.items():
                read = _compiled.get(target)
                tags[value] = read if read is not None else _later(target, tags, value)
            lines += [
                "    tag = v.get(%r)" % tag,
                "    if tag.__class__ is str:",
                "        read = %s.get(tag)" % self.const(tags, "readers"),
                "        if read is not None:",
                "            return read(v)",
                "    return BAIL  # no tag, or an unknown one: the converter's fallback",
            ]
        elif dict_target is not None:
            lines.append("    return %s(v)" % self.reader(dict_target, "object"))
        else:
            lines.append("    return %s" % ("v" if any_ok else "BAIL"))
        if list_t is not None:
            lines += ["if c is list:", "    return %s(v)" % self.reader(list_t, "list")]
        elif any_ok:
            lines += ["if c is list:", "    return v"]
        return [*lines, "return BAIL"]


def _local(index: int, name: str) -> str:
    # The local variable holding a field's value (a field may be named like a Python keyword).
    return "f%d_%s" % (index, "".join(ch if ch.isalnum() else "_" for ch in name))


def _indent(lines: List[str]) -> List[str]:
    return ["    " + line for line in lines]
