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

import difflib
import json
import math
import threading
from collections.abc import Mapping  # typing.Mapping's isinstance is several times slower
from typing import (
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
import cattrs
from cattrs.errors import AttributeValidationNote, BaseValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from . import models
from .errors import APIResponseValidationError, RequestValidationError
from .models import NULL, NullType

__all__ = [
    "dumps",
    "parse_response",
    "request_body",
    "structure",
    "unstructure",
]

T = TypeVar("T")
_NoneType = type(None)
_JSON_SCALARS = frozenset([str, int, float, bool, _NoneType])
_Hook = Callable[..., Any]
_Check = Callable[[Any], List[Tuple[str, str]]]

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
    if isinstance(exc, _Problems):
        for seg, inner in exc.items:
            _collect(inner, _join(path, seg), out)
    elif isinstance(exc, BaseValidationError):
        for inner in exc.exceptions:
            sub = path
            for note in getattr(inner, "__notes__", ()):
                if isinstance(note, AttributeValidationNote):
                    sub = _join(path, _seg(note.name))
                    break
                if isinstance(note, IterableValidationNote):
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
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    if attrs.has(type(value)):
        return "a %s" % type(value).__name__
    return "a %s" % type(value).__name__


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


# --------------------------------------------------------------------------- the converters


@attrs.frozen
class _Mode:
    strict: bool  # closed enums, finite numbers, no null on non-nullable fields, range checks
    forbid_unknown_keys: bool
    fallback_variants: bool  # unknown union tags -> Unknown* object


_DICT = _Mode(strict=True, forbid_unknown_keys=True, fallback_variants=False)
_MODEL = _Mode(strict=True, forbid_unknown_keys=False, fallback_variants=True)
_RESPONSE = _Mode(strict=False, forbid_unknown_keys=False, fallback_variants=True)

_lock = threading.Lock()
_converters: Dict[_Mode, cattrs.Converter] = {}


def _converter(mode: _Mode) -> cattrs.Converter:
    conv = _converters.get(mode)
    if conv is None:
        with _lock:
            conv = _converters.get(mode)
            if conv is None:
                conv = _make_converter(mode)
                _converters[mode] = conv
    return conv


def _resolve(conv: cattrs.Converter, t: Any) -> Callable[[Any, Any], Any]:
    getter = getattr(conv, "get_structure_hook", None)
    dispatch: Any = conv._structure_func  # cattrs < 24.1 has no get_structure_hook
    hook: Callable[[Any, Any], Any] = getter(t) if getter is not None else dispatch.dispatch(t)
    return hook


def _lazy(conv: cattrs.Converter, t: Any) -> _Hook:
    # Resolve a delegate hook on first call, not per call and not at build time (order-proof).
    cell: List[_Hook] = []

    def call(value: Any, _t: Any = t) -> Any:
        if not cell:
            getter = getattr(conv, "get_structure_hook", None)
            dispatch: Any = conv._structure_func  # cattrs < 24.1 has no get_structure_hook
            cell.append(getter(t) if getter is not None else dispatch.dispatch(t))
        return cell[0](value, t)

    return call


def _make_converter(mode: _Mode) -> cattrs.Converter:
    conv = cattrs.Converter()
    strict = mode.strict

    # -- primitives: no coercion ("0.5" is not a number), bool is not an int
    def s_str(v: Any, _: Any) -> str:
        if isinstance(v, str):
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

    conv.register_structure_hook(str, s_str)
    conv.register_structure_hook(int, s_int)
    conv.register_structure_hook(float, s_float)
    conv.register_structure_hook(bool, s_bool)

    def s_null(v: Any, _: Any) -> NullType:
        if v is None or v is NULL:
            return NULL
        raise _Invalid("expected null, got %s" % _show(v))

    conv.register_structure_hook(NullType, s_null)
    conv.register_unstructure_hook(NullType, lambda _v: None)

    # -- containers
    def list_factory(t: Any) -> _Hook:
        args = get_args(t)
        elem = args[0] if args else Any
        cell: List[Callable[[Any, Any], Any]] = []

        def s_list(v: Any, _: Any) -> List[Any]:
            if not isinstance(v, (list, tuple)):
                raise _Invalid("expected a list, got %s" % _show(v))
            if not cell:
                cell.append(_resolve(conv, elem))
            hook = cell[0]
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

    def dict_factory(t: Any) -> _Hook:
        args = get_args(t)
        elem = args[1] if len(args) == 2 else Any
        cell: List[Callable[[Any, Any], Any]] = []

        def s_dict(v: Any, _: Any) -> Dict[str, Any]:
            if not isinstance(v, Mapping):
                raise _Invalid("expected an object, got %s" % _show(v))
            if not cell:
                cell.append(_resolve(conv, elem))
            sub = cell[0]
            out: Dict[str, Any] = {}
            problems: List[Tuple[str, BaseException]] = []
            for key, item in v.items():
                if not isinstance(key, str):
                    problems.append(("", _Invalid("expected string keys, got %s" % _show(key))))
                    continue
                try:
                    out[key] = sub(item, elem)
                except Exception as exc:
                    problems.append((_seg(key), exc))
            if problems:
                raise _Problems(problems)
            return out

        return s_dict

    # -- Literal: closed enums on requests, any string on responses
    def literal_factory(t: Any) -> _Hook:
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

    # -- unions: dispatch on the JSON type, then on the tag
    def union_factory(t: Any) -> _Hook:
        members = _members(t)
        nullable = NullType in members
        omittable = _NoneType in members
        str_lits = frozenset(x for m in members if _is_literal(m) for x in get_args(m) if isinstance(x, str))
        int_lits = frozenset(x for m in members if _is_literal(m) for x in get_args(m) if type(x) is int)
        has = {m for m in members if m in (str, int, float, bool)}
        has_any = Any in members
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
        tagless: Optional[type] = None
        if untagged:
            tagless = untagged[0]
        elif len(by_tag) == 1:
            tagless = next(iter(by_tag.values()))
        else:
            tagless = next((c for c in classes if getattr(c, "__tag_optional__", False)), None)
        desc = _describe(t)
        subs: Dict[Any, _Hook] = {}

        def sub(cls: Any) -> _Hook:
            hook = subs.get(cls)
            if hook is None:
                hook = subs[cls] = _lazy(conv, cls)
            return hook

        def s_union(v: Any, _: Any) -> Any:
            if v is None or v is NULL:
                if nullable:
                    return NULL
                if omittable and not strict:
                    return None
                if omittable:
                    raise _Invalid("may not be null (leave the field out to omit it)")
            elif isinstance(v, bool):
                if bool in has:
                    return v
            elif isinstance(v, str):
                if v in str_lits or str in has or (not strict and str_lits):
                    return v
            elif isinstance(v, int):
                if int in has or v in int_lits or (not strict and int_lits):
                    return v
                if float in has:
                    return sub(float)(v)
            elif isinstance(v, float):
                if float in has:
                    return sub(float)(v)
            elif isinstance(v, Mapping):
                if by_tag:
                    value = v.get(tag)
                    cls = by_tag.get(value) if isinstance(value, str) else None
                    if cls is not None:
                        return sub(cls)(v)
                    if value is None and tagless is not None:
                        # Tag left out where one variant is implied: its default tag is written.
                        return sub(tagless)(v)
                    if fallback is not None and mode.fallback_variants:
                        return sub(fallback)(v)
                    if value is None:
                        msg = "required field missing (one of %s)" % tags_desc
                    else:
                        msg = "expected one of %s, got %s" % (tags_desc, _show(value))
                    raise _Problems([(_seg(tag), _Invalid(msg))])
                if untagged:
                    return sub(untagged[0])(v)
                if dict_t is not None:
                    return sub(dict_t)(v)
                if fallback is not None:
                    return sub(fallback)(v)
            elif isinstance(v, (list, tuple)):
                if list_t is not None:
                    return sub(list_t)(v)
            elif type(v) in classes or type(v) is fallback:
                return sub(type(v))(v)
            if has_any:
                return v
            raise _Invalid("expected %s, got %s" % (desc, _show(v)))

        # Most values reaching a union are a str/int/bool that passes as it is (Optional[str], open
        # enums) or a dict whose class the tag names (Optional[Model], tagged unions): answer those
        # without the isinstance ladder and the lazy-hook layers above; everything else (None,
        # floats, fallbacks, errors) takes the general path, so the rules live in one place.
        passthrough = frozenset(
            tp
            for tp, ok in (
                (bool, bool in has),
                (str, str in has or (not strict and bool(str_lits))),
                (int, int in has or (not strict and bool(int_lits))),
            )
            if ok
        )
        resolved: Dict[Any, Callable[[Any, Any], Any]] = {}
        list_cell: List[Callable[[Any, Any], Any]] = []  # typing aliases hash slowly: no dict lookups
        float_cell: List[Callable[[Any, Any], Any]] = []
        dict_cell: List[Callable[[Any, Any], Any]] = []

        def s_union_fast(v: Any, _: Any) -> Any:
            tv = type(v)
            if tv in passthrough:
                return v
            if tv is list and list_t is not None:
                if not list_cell:
                    list_cell.append(_resolve(conv, list_t))
                return list_cell[0](v, list_t)
            if tv is float and float in has:
                if not float_cell:
                    float_cell.append(_resolve(conv, float))
                return float_cell[0](v, float)
            if tv is str and v in str_lits:
                return v
            if tv is dict and not classes and dict_t is not None:
                if not dict_cell:
                    dict_cell.append(_resolve(conv, dict_t))
                return dict_cell[0](v, dict_t)
            if tv is dict and classes:
                if by_tag:
                    value = v.get(tag)
                    cls = by_tag.get(value) if type(value) is str else None
                    if cls is None and value is None:
                        cls = tagless
                else:
                    cls = untagged[0]
                if cls is not None:
                    hook = resolved.get(cls)
                    if hook is None:
                        hook = resolved[cls] = _resolve(conv, cls)
                    return hook(v, cls)
            return s_union(v, _)

        return s_union_fast

    # -- attrs classes: generated hook + unknown keys, undocumented nulls, checks
    def class_factory(cls: Any) -> _Hook:
        if _is_fallback(cls):

            def s_fallback(v: Any, _: Any) -> Any:
                if isinstance(v, cls):
                    return v
                if not isinstance(v, Mapping):
                    raise _Invalid("expected an object, got %s" % _show(v))
                return cls(raw=dict(v))

            return s_fallback

        attrs.resolve_types(cls)
        fields = [f for f in attrs.fields(cls) if f.init]
        has_extra = any(f.name == "extra" for f in fields)
        overrides: Dict[str, Any] = {"extra": override(omit=True)} if has_extra else {}
        inner = make_dict_structure_fn(
            cls, conv, _cattrs_forbid_extra_keys=False, _cattrs_detailed_validation=True, **overrides
        )
        known = frozenset(f.name for f in fields if f.name != "extra")
        # Fields whose null has no NULL in the annotation: tolerated in responses, kept in extra.
        undocumented_nulls = frozenset(
            f.name for f in fields if f.name != "extra" and f.default is None and NullType not in _members(f.type)
        )
        check = _checks_of(cls) if strict else None
        name = cls.__name__
        # An open object (a forwarded Responses API tool) keeps the unknown keys of a request dict too.
        is_open = bool(getattr(cls, "__open__", False))

        def s_class(v: Any, _: Any) -> Any:
            if type(v) is not dict and not isinstance(v, Mapping):
                if isinstance(v, cls):
                    # A model inside a dict: re-validate it in "model" mode (its extra is deliberate).
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
            if not strict and undocumented_nulls and None in v.values():
                nulls = [k for k in undocumented_nulls if k in v and v[k] is None]
                if nulls:
                    v = {k: x for k, x in v.items() if k not in nulls}
                    leftovers = dict(leftovers or {})
                    leftovers.update((k, None) for k in nulls)
            try:
                obj = inner(v, cls)
            except Exception as exc:
                problems.append(("", exc))
                raise _Problems(problems) from exc
            if check is not None:
                problems.extend((_seg(f), _Invalid(m)) for f, m in check(obj))
            if problems:
                raise _Problems(problems)
            if leftovers:
                object.__setattr__(obj, "extra", leftovers)
            return obj

        return s_class

    def u_class_factory(cls: Any) -> Callable[[Any], Any]:
        if _is_fallback(cls):
            return lambda obj: dict(obj.raw)
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
        if not has_extra:
            return inner

        def u_class(obj: Any) -> Dict[str, Any]:
            out = inner(obj)
            if obj.extra:
                for key, value in obj.extra.items():
                    out.setdefault(key, value)
            return out

        return u_class

    conv.register_structure_hook_factory(attrs.has, class_factory)
    conv.register_structure_hook_factory(_is_list, list_factory)
    conv.register_structure_hook_factory(_is_dict, dict_factory)
    conv.register_structure_hook_factory(_is_literal, literal_factory)
    conv.register_structure_hook_factory(_is_union, union_factory)

    conv.register_unstructure_hook_factory(attrs.has, u_class_factory)
    conv.register_unstructure_hook_func(_is_literal, lambda v: v)
    # By runtime class: each member carries its own tag; NULL -> None. JSON scalars pass as they
    # are, and each class's hook is looked up once.
    u_hooks: Dict[type, Callable[[Any], Any]] = {}

    def u_union(v: Any) -> Any:
        cls = v.__class__
        if cls in _JSON_SCALARS:
            return v
        hook = u_hooks.get(cls)
        if hook is None:
            dispatch: Any = conv._unstructure_func  # get_unstructure_hook needs cattrs >= 24.1
            hook = u_hooks[cls] = dispatch.dispatch(cls)
        return hook(v)

    conv.register_unstructure_hook_func(_is_union, u_union)
    return conv


def _unknown_key_message(key: str, known: FrozenSet[str]) -> str:
    close = difflib.get_close_matches(key, sorted(known), n=1)
    hint = "; did you mean %r?" % close[0] if close else ""
    return "unknown field%s (fields this library does not model can be sent with extra_body= or a model's extra=)" % (
        hint,
    )


# --------------------------------------------------------------------------- public (internal) API


def _unstructure(obj: Any) -> Any:
    return _converter(_RESPONSE).unstructure(obj)


def unstructure(obj: Any) -> Any:
    """Turn a model (or a list/dict of them) into JSON-ready data; ``None`` fields are left out."""
    return _unstructure(obj)


def structure(data: Any, cls: Type[T], *, strict: bool = False) -> T:
    """Build ``cls`` from decoded JSON.

    Tolerant by default (server data): raises :class:`APIResponseValidationError`. With
    ``strict=True`` (user input) raises :class:`RequestValidationError`.
    """
    if strict:
        try:
            return _converter(_DICT).structure(data, cls)
        except Exception as exc:
            raise RequestValidationError(_messages(exc)) from exc
    try:
        return _converter(_RESPONSE).structure(data, cls)
    except Exception as exc:
        raise APIResponseValidationError(
            "response did not match %s" % getattr(cls, "__name__", cls), errors=_messages(exc)
        ) from exc


def parse_response(cls: Type[T], data: Any) -> T:
    """Structure a decoded JSON response into ``cls``, keeping everything unknown.

    Raises :class:`APIResponseValidationError` (with ``errors`` paths) on a wrong shape.
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


def request_body(cls: type, **fields: Any) -> Dict[str, Any]:
    """Validate the constructor arguments of ``cls`` and return the JSON-ready body.

    Each value may be a model, a dict in the official SDK's form (absent key = omitted,
    ``None`` = ``null``), ``NULL``, or ``None`` (= not given). Every problem is reported at
    once in a :class:`RequestValidationError`. For ``RealtimeCallAcceptRequest`` the body
    is the session itself.
    """
    types = _field_types(cls)
    errors: List[str] = []
    kwargs: Dict[str, Any] = {}
    for name, value in fields.items():
        if name not in types:
            expected = ", ".join(sorted(n for n in types if n != "extra"))
            errors.append("%s: unknown argument (expected one of %s)" % (name, expected))
            continue
        if value is None:
            continue
        if attrs.has(type(value)):
            accepted = [m for m in _members(types[name]) if attrs.has(m)]
            if type(value) not in accepted:
                errors.append(
                    "%s: expected %s or a dict, got a %s"
                    % (name, " or ".join(m.__name__ for m in accepted) or "a value", type(value).__name__)
                )
                continue
            mode, data = _MODEL, _unstructure(value)
        else:
            mode, data = _DICT, (None if value is NULL else value)
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
    if cls is models.RealtimeCallAcceptRequest:
        session: Dict[str, Any] = body["session"]
        return session
    return body


def dumps(obj: Any) -> bytes:
    """Compact UTF-8 JSON exactly as the official SDK writes it (models are unstructured first)."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=_json_default).encode(
        "utf-8"
    )


def _json_default(obj: Any) -> Any:
    # Models and NULL anywhere in plain data (json calls this only for unknown types).
    if obj is NULL:
        return None
    if attrs.has(type(obj)):
        return _unstructure(obj)
    raise TypeError("Object of type %s is not JSON serializable" % type(obj).__name__)
