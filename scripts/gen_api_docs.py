"""Generate docs/api.md, the API reference, from ``__all__`` and the docstrings.

Every public module's ``__all__`` is walked; each name gets a ``### `name` ``
heading in the section of the module it belongs to, with its signature and its
docstring (classes also list their public methods and properties). Names a
module re-exports from another public module are listed under "Also exported
here" and documented once. ``tests/test_docs.py`` fails when docs/api.md misses a
public name, so run this after adding one:

    python scripts/gen_api_docs.py            # rewrite docs/api.md
    python scripts/gen_api_docs.py --check    # exit 1 if docs/api.md is out of date
"""

import __future__

import argparse
import enum
import importlib
import inspect
import os
import re
import sys
import textwrap
from typing import Any, Dict, Generic, List, Optional, Sequence, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

#: The public modules, in the order the reference presents them.
PUBLIC_MODULES = [
    "realtime_sync",
    "realtime_sync.models",
    "realtime_sync.live",
    "realtime_sync.live.models",
    "realtime_sync.errors",
    "realtime_sync.transport",
    "realtime_sync.fixtures",
    "realtime_sync.webhooks",
    "realtime_sync.webhook_delivery",
    "realtime_sync.contrib.django",
    "realtime_sync.contrib.flask",
    "realtime_sync.contrib.redis",
    "realtime_sync.sideband",
    "realtime_sync.supervisor",
    "realtime_sync.cli",
]

API_MD = os.path.join(ROOT, "docs", "api.md")

#: Objects reached through an attribute of a public class rather than by name.
RESOURCES = {
    "RealtimeClient": [
        ("client.calls", "realtime_sync._resources", "Calls"),
        ("client.client_secrets", "realtime_sync._resources", "ClientSecrets"),
        ("client.translations.client_secrets", "realtime_sync._resources", "TranslationClientSecrets"),
        ("client.webhooks", "realtime_sync._webhook_resources", "Webhooks"),
        ("client.webhooks.event_types", "realtime_sync._webhook_resources", "WebhookEventTypes"),
    ],
}

HEADER = """\
# API reference

Every public name of `realtime_sync`, generated from the code's own `__all__` lists and
docstrings by `python scripts/gen_api_docs.py` (do not edit by hand; edit the docstring and
re-run). `tests/test_docs.py` fails when a public name is missing here.

Names are documented once, in the module that owns them; a module that re-exports names
from another one lists them under "Also exported here". Everything in `realtime_sync.models`,
`realtime_sync.errors` and the core transport types is also importable from `realtime_sync`
itself.

See also: [the command line](cli.md), [migrating from the official SDK](migrating.md),
[the index](index.md).
"""


def public_modules() -> List[Tuple[str, Any]]:
    # A public module that fails to import is an error, not something to skip: the
    # reference would silently lose a section.
    return [(name, importlib.import_module(name)) for name in PUBLIC_MODULES]


def _home(value: Any, listed_in: List[str]) -> str:
    """The public module that documents ``value``: where it is defined, else the first listing it."""
    defined = getattr(value, "__module__", None)
    if isinstance(defined, str):
        # realtime_sync.fixtures._transport -> realtime_sync.fixtures
        for module in sorted(listed_in, key=len, reverse=True):
            inside = defined == module or defined.startswith(module + ".")
            if inside and (module != "realtime_sync" or defined.split(".")[1].startswith("_")):
                return module
    return listed_in[0]


def _is_documentable_object(value: Any) -> bool:
    return inspect.isclass(value) or inspect.isfunction(value) or inspect.isbuiltin(value)


def _clean(text: str) -> str:
    """Type names as a reader writes them: no module paths, ``None`` not ``NoneType``."""
    text = re.sub(r"<built-in method (\w+) of (\w+) object at 0x[0-9a-f]+>", r"\2().\1", text)
    text = re.sub(r"<([\w.]+) object at 0x[0-9a-f]+>", r"\1", text)
    text = re.sub(r"ForwardRef\('([^']+)'\)", r"\1", text)
    text = re.sub(r"(: |-> )'([^']+)'", r"\1\2", text)  # string annotations, unquoted
    prefixes = r"\b(?:typing|typing_extensions|realtime_sync(?:\.\w+)*|collections\.abc|os)\.(?=[A-Za-z_])"
    text = re.sub(prefixes, "", text)
    return _optional(re.sub(r"\bNoneType\b", "None", text))


def _optional(text: str) -> str:
    """``Union[X, None]`` as ``Optional[X]``, as Python 3.9+ prints it (3.8 does not): one output on every Python."""
    out: List[str] = []
    i = 0
    while True:
        j = text.find("Union[", i)
        if j < 0 or (j > 0 and (text[j - 1].isalnum() or text[j - 1] == "_")):
            if j < 0:
                out.append(text[i:])
                return "".join(out)
            out.append(text[i : j + 6])
            i = j + 6
            continue
        depth, k, args, start = 0, j + 6, [], j + 6
        while k < len(text):
            ch = text[k]
            if ch == "[":
                depth += 1
            elif ch == "]":
                if depth == 0:
                    break
                depth -= 1
            elif ch == "," and depth == 0:
                args.append(text[start:k].strip())
                start = k + 1
            k += 1
        args.append(text[start:k].strip())
        args = [_optional(a) for a in args]
        out.append(text[i:j])
        if len(args) == 2 and "None" in args:
            other = args[1] if args[0] == "None" else args[0]
            out.append("Optional[%s]" % other)
        else:
            out.append("Union[%s]" % ", ".join(args))
        i = k + 1


def _format_signature(prefix: str, sig: inspect.Signature) -> str:
    one_line = _clean("%s%s" % (prefix, sig))
    if len(one_line) <= 100:
        return one_line
    params = [_clean(str(p)) for p in sig.parameters.values()]
    # Re-insert the bare "*" and "/" markers that str(Parameter) drops.
    shown: List[str] = []
    seen_kw_only = False
    kinds = [p.kind for p in sig.parameters.values()]
    for index, (text, kind) in enumerate(zip(params, kinds)):
        if kind is inspect.Parameter.KEYWORD_ONLY and not seen_kw_only:
            if inspect.Parameter.VAR_POSITIONAL not in kinds:
                shown.append("*")
            seen_kw_only = True
        shown.append(text)
        if kind is inspect.Parameter.POSITIONAL_ONLY and (
            index + 1 == len(kinds) or kinds[index + 1] is not inspect.Parameter.POSITIONAL_ONLY
        ):
            shown.append("/")
    result = "%s(\n%s\n)" % (prefix, "".join("    %s,\n" % p for p in shown).rstrip("\n"))
    if sig.return_annotation is not inspect.Signature.empty:
        result += " -> " + _clean(inspect.formatannotation(sig.return_annotation))
    return result


def _evaluated(sig: inspect.Signature, fn: Any) -> inspect.Signature:
    """``sig`` with its annotations as objects, also in modules with ``from __future__ import annotations``.

    Such a module keeps its annotations as source text (cheaper to import); shown as they were
    evaluated, the page is the same either way. A name only imported for type checkers stays text.
    """
    namespace = getattr(inspect.unwrap(fn), "__globals__", None) if fn is not None else None
    if not namespace or namespace.get("annotations") is not __future__.annotations:
        return sig  # annotations written as text in the source are shown as text

    def value(annotation: Any) -> Any:
        if not isinstance(annotation, str):
            return annotation
        try:
            return eval(annotation, namespace)
        except Exception:
            return annotation

    params = [p.replace(annotation=value(p.annotation)) for p in sig.parameters.values()]
    return sig.replace(parameters=params, return_annotation=value(sig.return_annotation))


class _Shown:
    """A default value shown as given text (``{}`` for an attrs ``Factory(dict)``)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _factory_defaults(cls: type, sig: inspect.Signature) -> inspect.Signature:
    fields = getattr(cls, "__attrs_attrs__", None)
    if not fields:
        return sig
    shown = {}
    for field in fields:
        factory = getattr(field.default, "factory", None)
        if factory is not None:
            literal = {dict: "{}", list: "[]", tuple: "()"}.get(factory)
            shown[field.alias if getattr(field, "alias", None) else field.name.lstrip("_")] = literal or (
                "%s()" % getattr(factory, "__name__", "factory")
            )
    params = [p.replace(default=_Shown(shown[p.name])) if p.name in shown else p for p in sig.parameters.values()]
    return sig.replace(parameters=params)


def _own_init(cls: type) -> bool:
    """Whether ``cls.__init__`` is written in this package (not typing's or object's)."""
    owner = next((c for c in cls.__mro__ if "__init__" in vars(c)), object)
    return owner.__module__.startswith("realtime_sync")


def _signature(name: str, value: Any) -> Optional[str]:
    if inspect.isclass(value) and (
        issubclass(value, (BaseException, enum.Enum)) or getattr(value, "_is_protocol", False)
    ):
        # Their call signatures are the machinery's (and differ between Python versions).
        return "class %s(%s)" % (name, ", ".join(b.__name__ for b in value.__bases__))
    if inspect.isclass(value) and issubclass(value, dict) and hasattr(value, "__total__"):
        return "class %s(TypedDict)" % name  # Python 3.8 gives it dict's (*args, **kwargs)
    try:
        if inspect.isclass(value) and Generic in value.__mro__ and _own_init(value):
            # Python 3.8 reports Generic.__new__'s (*args, **kwds) for generic classes.
            sig = inspect.signature(value.__init__)
            sig = sig.replace(parameters=list(sig.parameters.values())[1:])
        else:
            sig = inspect.signature(value)
    except (TypeError, ValueError):
        return None
    sig = _evaluated(sig, getattr(value, "__init__", None) if inspect.isclass(value) else value)
    if inspect.isclass(value):
        sig = _factory_defaults(value, sig.replace(return_annotation=inspect.Signature.empty))
        return _format_signature("class " + name, sig)
    return _format_signature("def " + name, sig)


def _doc(value: Any) -> str:
    doc = inspect.getdoc(value) or ""
    return _rst_to_md(doc)


def _rst_to_md(doc: str) -> str:
    """Turn the docstrings' ``Example::`` blocks into fenced code; keep the rest as text."""
    out: List[str] = []
    lines = doc.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.rstrip().endswith("::"):
            head = line.rstrip()[:-2].rstrip()
            if head:
                out.append(head + ":")
            i += 1
            block: List[str] = []
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith((" ", "\t"))):
                block.append(lines[i])
                i += 1
            while block and not block[-1].strip():
                block.pop()
            while block and not block[0].strip():
                block.pop(0)
            out.append("")
            shell = all(b.strip().startswith("$ ") for b in block if b.strip())
            out.append(
                "```console" if shell else "```python" if head.lower().startswith("example") or not head else "```"
            )
            out.extend(textwrap.dedent("\n".join(block)).splitlines())
            out.append("```")
            out.append("")
            continue
        out.append(line)
        i += 1
    in_code = False
    for index, line in enumerate(out):
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code:
            line = re.sub(r":(?:class|func|meth|attr|mod|exc|data):`~?([^`]+)`", r"`\1`", line)
            out[index] = re.sub(r"``([^`]+)``", r"`\1`", line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


def _constant_comment(module_name: str, name: str) -> str:
    """The ``#:`` comment above ``name = ...`` in the module that defines it."""
    module = sys.modules.get(module_name)
    try:
        source = inspect.getsource(module) if module is not None else ""
    except (OSError, TypeError):
        return ""
    lines = source.splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^%s\s*(:[^=]*)?=" % re.escape(name), line):
            comments = []
            j = i - 1
            while j >= 0 and lines[j].lstrip().startswith("#:"):
                comments.insert(0, lines[j].lstrip()[2:].strip())
                j -= 1
            return " ".join(comments)
    return ""


def _defining_module(module_name: str, name: str) -> str:
    """For a constant re-exported from a private module, find where it is assigned."""
    module = sys.modules[module_name]
    private = sorted(m for m in sys.modules if m.startswith((module_name + ".", "realtime_sync._")))
    for candidate in [module_name, *private]:
        mod = sys.modules.get(candidate)
        same = mod is not None and getattr(mod, name, object()) is getattr(module, name, None)
        if same and _constant_comment(candidate, name):
            return candidate
    return module_name


def _members(cls: type) -> List[Tuple[str, Any]]:
    members = []
    for attr, raw in vars(cls).items():
        if attr.startswith("_"):
            continue
        if isinstance(raw, (staticmethod, classmethod)):
            raw = raw.__func__
        if (isinstance(raw, property) or inspect.isfunction(raw)) and inspect.getdoc(raw):
            members.append((attr, raw))
    return members


def _render_member(owner: str, attr: str, raw: Any) -> List[str]:
    if isinstance(raw, property):
        title = "`%s.%s` (property)" % (owner, attr)
        sig = None
    else:
        title = "`%s.%s()`" % (owner, attr)
        try:
            sig = _format_signature("def " + attr, _evaluated(inspect.signature(raw), raw))
        except (TypeError, ValueError):
            sig = None
    lines = ["#### %s" % title, ""]
    if sig:
        lines += ["```python", sig, "```", ""]
    lines += [_doc(raw), ""]
    return lines


def _render_name(module_name: str, module: Any, name: str) -> List[str]:
    value = getattr(module, name)
    lines = ["### `%s`" % name, ""]
    if _is_documentable_object(value):
        sig = _signature(name, value)
        if sig:
            lines += ["```python", sig, "```", ""]
        doc = _doc(value)
        lines += [doc or "(no docstring)", ""]
        if inspect.isclass(value) and not issubclass(value, BaseException):
            for attr, raw in _members(value):
                lines += _render_member(name, attr, raw)
            for path, module_path, cls_name in RESOURCES.get(name, []):
                try:
                    resource = getattr(importlib.import_module(module_path), cls_name)
                except (ImportError, AttributeError):
                    continue
                for attr, raw in _members(resource):
                    lines += _render_member(path, attr, raw)
        return lines
    # A constant, a type alias or a sentinel.
    if isinstance(value, (set, frozenset)):
        shown = "%s({%s})" % (type(value).__name__, ", ".join(repr(v) for v in sorted(value)))
    else:
        shown = _clean(repr(value))
    lines += ["```python", "%s = %s" % (name, shown), "```", ""]
    comment = _constant_comment(_defining_module(module_name, name), name)
    doc_of_type = "" if comment else _doc(type(value)) if type(value).__module__.startswith("realtime_sync") else ""
    is_alias = type(value).__module__ in ("typing", "typing_extensions")
    lines += [comment or doc_of_type or ("A type alias." if is_alias else "A constant."), ""]
    return lines


def generate() -> str:
    modules = public_modules()
    listed: Dict[int, List[str]] = {}
    values: Dict[int, Any] = {}
    for module_name, module in modules:
        for name in getattr(module, "__all__", []):
            value = getattr(module, name)
            listed.setdefault(id(value), []).append(module_name)
            values[id(value)] = value

    out = [HEADER, "## Contents", ""]
    for module_name, _ in modules:
        out.append("- [`%s`](#%s)" % (module_name, module_name.replace(".", "")))
    out.append("")
    for module_name, module in modules:
        out += ["## `%s`" % module_name, ""]
        module_doc = _doc(module)
        if module_doc:
            out += [module_doc, ""]
        own, elsewhere = [], []
        for name in sorted(getattr(module, "__all__", []), key=lambda n: (n.startswith("_"), n.lower())):
            value = getattr(module, name)
            owners = listed[id(value)]
            simple = isinstance(value, (str, int, float, tuple, frozenset, bool)) or value is None
            home = module_name if simple else _home(value, owners)
            (own if home == module_name else elsewhere).append((name, home))
        if elsewhere:
            out.append("Also exported here (documented in their own module):")
            out.append("")
            for name, home in elsewhere:
                out.append("- `%s` (see `%s`)" % (name, home))
            out.append("")
        for name, _ in own:
            out += _render_name(module_name, module, name)
    return "\n".join(out).rstrip() + "\n"


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/api.md is out of date")
    parser.add_argument("--out", default=API_MD)
    args = parser.parse_args(argv)
    text = generate()
    if args.check:
        with open(args.out, encoding="utf-8") as f:
            current = f.read()
        if current != text:
            print("%s is out of date: run python scripts/gen_api_docs.py" % args.out, file=sys.stderr)
            return 1
        return 0
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("wrote %s" % args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
