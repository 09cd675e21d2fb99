"""Write realtime_sync/_fast_requests.py: the fast request functions of the common calls, prebuilt.

``request_body`` turns a user's dicts into a request body with functions generated from the
declarations in ``realtime_sync.models`` (``_serde._Generator``). Generating them at run time
(planning, then ``compile``) was most of a fresh process's first call. For the requests of the
client's own calls (``ROOTS``) this script writes the generator's functions, the same source
text, into a module, which is compiled to bytecode once like any module; ``_serde._prebuilt``
finds them by the request class's module and name. Every other type is still generated at run
time.

Run it after changing a declaration those requests reach; tests/test_serde_fast.py fails while
the committed module is not what this script writes (on every supported Python)::

    python scripts/gen_fast_requests.py           # rewrite the module
    python scripts/gen_fast_requests.py --check   # exit 1 if the committed module differs
"""

import os
import sys
from typing import Any, Dict, List

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.path.join(ROOT, "realtime_sync", "_fast_requests.py")

#: The requests of realtime_sync._resources' calls (client.calls, client.client_secrets, translations).
ROOTS = [
    "RealtimeCallCreateRequest",
    "RealtimeCallAcceptRequest",
    "RealtimeCallReferRequest",
    "RealtimeCallRejectRequest",
    "RealtimeCreateClientSecretRequest",
    "RealtimeTranslationClientSecretCreateRequest",
]

HEADER = '''\
# mypy: ignore-errors
"""The fast request functions of the common calls: written by scripts/gen_fast_requests.py, do not edit.

The source ``realtime_sync._serde._Generator`` generates at run time for these request types,
written out so that it is compiled once, to bytecode, like any module (see the script).
"""

from ._serde import generated_globals

globals().update(generated_globals())  # the names the generated source refers to, as when generated at run time

'''


def literal(value: Any) -> str:
    """Source that evaluates to ``value``, the same text on every Python (sets in sorted order)."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return repr(value)
    if value in (str, int, float, bool):
        return value.__name__
    if isinstance(value, tuple):
        return "(%s,)" % literal(value[0]) if len(value) == 1 else "(%s)" % ", ".join(literal(x) for x in value)
    if isinstance(value, frozenset):
        return "frozenset([%s])" % ", ".join(sorted(literal(x) for x in value))
    raise TypeError("no literal for a generated constant: %r" % (value,))


def source() -> str:
    """The module's text."""
    sys.path.insert(0, ROOT)
    from realtime_sync import _serde, models

    gen = _serde._Generator()
    base = set(gen.ns)
    roots: Dict[str, str] = {}
    for name in ROOTS:
        cls = getattr(models, name)
        roots["%s.%s" % (cls.__module__, cls.__qualname__)] = gen.ref(cls)
    functions: List[str] = []
    while gen.pending:  # each function's body refers to others: generate until none is left
        name = next(iter(gen.pending))
        kind, t = gen.pending.pop(name)
        functions.append(gen.source(name, kind, t))
    constants, late = [], []
    for name, value in gen.ns.items():
        if name in base or not name.startswith("_k"):
            continue
        if name in gen.tables:  # tag -> function: after the functions
            late.append("%s = {%s}" % (name, ", ".join("%r: %s" % item for item in gen.tables[name].items())))
        elif name in gen.checkers:
            cls = gen.checkers[name]
            reads = literal(_serde._check_reads(cls))
            late.append("%s = _LazyChecker(%r, %r, %s)" % (name, cls.__module__, cls.__qualname__, reads))
        else:
            assert eval(literal(value)) == value, name  # the text reads back as the value
            constants.append("%s = %s" % (name, literal(value)))
    table = "".join("    %r: %s,\n" % item for item in roots.items())
    return "%s%s\n\n\n%s\n\n%s\n\nFUNCTIONS = {\n%s}\n" % (
        HEADER,
        "\n".join(constants),
        "\n\n".join(functions),
        "\n".join(late),
        table,
    )


def main(argv: List[str]) -> int:
    text = source()
    if "--check" in argv:
        with open(TARGET, encoding="utf-8") as f:
            if f.read() != text:
                print("%s is not current: run python scripts/gen_fast_requests.py" % TARGET)
                return 1
        return 0
    with open(TARGET, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("wrote %s (%d functions)" % (TARGET, text.count("\ndef ")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
