"""The module seams hold: read the package's source (no imports) and enforce the layer rules.

* No module uses another module's private (underscore) names: neither
  ``from .x import _name`` nor ``obj._name`` for a ``_name`` the module does
  not define itself (``self._name`` is the object's own business).
* No import cycle between the package's modules (imports under
  ``TYPE_CHECKING`` and inside a module ``__getattr__``, the lazy re-exports,
  are not edges).
* Layers: only ``_requests_transport`` imports requests/urllib3, only
  ``sideband._websocket_client`` imports websocket; webhooks and everything it
  imports use the standard library only; the core imports no framework, no CLI
  and no contrib module; models know nothing of HTTP.
"""

import ast
import functools
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Set, Tuple

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "realtime_sync"

#: Private attributes of third-party objects that cannot be avoided: cattrs < 24.1 (the
#: floor) has no public hook getters. Each entry is a (module, attribute) pair.
THIRD_PARTY_PRIVATE = {
    ("realtime_sync._serde", "_structure_func"),
    ("realtime_sync._serde", "_unstructure_func"),
}
THIRD_PARTY = {"requests", "urllib3", "attr", "attrs", "cattr", "cattrs", "django", "flask", "websocket", "pytest"}
#: Modules outside the core: they may import frameworks, the CLI and each other.
NOT_CORE = ("realtime_sync.contrib",)
NOT_CORE_EXACT = {
    "realtime_sync.__main__",
    "realtime_sync.cli",
    "realtime_sync._cli_demo",
    "realtime_sync._cli_shared",
    "realtime_sync.pytest_plugin",
}
#: Import-on-use edges that close a loop, each with its reason. Keep this short.
ALLOWED_LAZY_EDGES = {
    # Model.to_dict() resolves the converter on use; the converter is built from the models'
    # declarations, so it must import them at module level.
    ("realtime_sync.models", "realtime_sync._serde"),
    # _serde loads the prebuilt request functions (its generator's code, written out by
    # scripts/gen_fast_requests.py) on the first request.
    ("realtime_sync._serde", "realtime_sync._fast_requests"),
}


class Module:
    def __init__(self, path: Path) -> None:
        self.path = path
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(relative.parts)
        self.is_package = parts[-1] == "__init__"
        if self.is_package:
            parts = parts[:-1]
        self.name = ".".join(parts)
        self.tree = ast.parse(path.read_text(encoding="utf-8"), str(path))

    def resolve(self, node: ast.ImportFrom) -> str:
        if not node.level:
            return node.module or ""
        base = self.name.split(".")
        if not self.is_package:
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        return ".".join(base + ([node.module] if node.module else []))


@functools.lru_cache(maxsize=1)
def modules() -> Dict[str, Module]:
    """Every module of the package, parsed once per test run."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = Module(path)
        found[module.name] = module
    return found


_walked: Dict[ast.AST, List[ast.AST]] = {}


def walk(tree: ast.AST) -> List[ast.AST]:
    """``list(ast.walk(tree))``, once per tree: every check walks every module (a second of the suite)."""
    nodes = _walked.get(tree)
    if nodes is None:
        nodes = _walked[tree] = list(ast.walk(tree))
    return nodes


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def type_checking_nodes(tree: ast.AST) -> Set[int]:
    """ids of every node under ``if TYPE_CHECKING:``."""
    skipped: Set[int] = set()
    for node in walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
            if name == "TYPE_CHECKING":
                for child in node.body:
                    skipped.update(id(n) for n in ast.walk(child))
    return skipped


def lazy_nodes(tree: ast.Module) -> Set[int]:
    """ids of every node inside a module-level ``__getattr__`` (PEP 562 lazy re-exports)."""
    skipped: Set[int] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "__getattr__":
            skipped.update(id(n) for n in ast.walk(node))
    return skipped


def imports(module: Module, *, runtime_only: bool, annotations: bool = False) -> List[Tuple[int, str, Optional[str]]]:
    return _imports(module.name, runtime_only, annotations)


@functools.lru_cache(maxsize=None)
def _imports(name: str, runtime_only: bool, annotations: bool) -> List[Tuple[int, str, Optional[str]]]:
    return list(
        _scan_imports(modules().get(name) or _scratch[name], runtime_only=runtime_only, annotations=annotations)
    )


_scratch: Dict[str, Module] = {}  # modules built by the self-test, outside the package


def _scan_imports(module: Module, *, runtime_only: bool, annotations: bool) -> Iterator[Tuple[int, str, Optional[str]]]:
    """``(line, imported module, imported name or None)`` for every import of ``module``.

    ``runtime_only`` leaves out the lazy re-exports of a module ``__getattr__``;
    ``annotations`` includes the imports under ``TYPE_CHECKING``.
    """
    skipped = set() if annotations else type_checking_nodes(module.tree)
    if runtime_only:
        skipped |= lazy_nodes(module.tree)
    for node in walk(module.tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, None
        elif isinstance(node, ast.ImportFrom):
            target = module.resolve(node)
            for alias in node.names:
                yield node.lineno, target, alias.name


def defined_names(tree: ast.AST) -> Set[str]:
    """Every name a module defines or assigns anywhere: functions, classes, attributes, slots, parameters."""
    names: Set[str] = set()
    for node in walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isidentifier():
            # __slots__ entries and object.__setattr__(self, "_x", ...) define attributes by string.
            names.add(node.value)
    return names


def dotted(node: ast.AST) -> str:
    """``a.b.c`` for a Name/Attribute chain, ``...`` for anything else (ast.unparse needs Python 3.9)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return dotted(node.value) + "." + node.attr
    return "..."


def private_uses(module: Module, package: Set[str]) -> List[str]:
    problems = []
    own = defined_names(module.tree)
    for line, target, name in imports(module, runtime_only=False, annotations=True):
        if name is not None and target + "." + name in package:
            continue  # a submodule: underscore modules inside the package are fine
        if name is not None and is_private(name) and target.split(".")[0] == "realtime_sync":
            problems.append("%s:%d imports %s from %s" % (module.name, line, name, target))
    for node in walk(module.tree):
        if not isinstance(node, ast.Attribute) or not is_private(node.attr):
            continue
        if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
            continue  # the object's own (or inherited) members
        if node.attr in own or (module.name, node.attr) in THIRD_PARTY_PRIVATE:
            continue
        problems.append("%s:%d uses %s.%s" % (module.name, node.lineno, dotted(node.value), node.attr))
    return problems


def test_no_module_uses_another_modules_private_names() -> None:
    found = modules()
    problems = [p for module in found.values() for p in private_uses(module, set(found))]
    assert not problems, "cross-module private names:\n  " + "\n  ".join(problems)


def package_graph(*, runtime_only: bool) -> Dict[str, Set[str]]:
    found = modules()
    graph: Dict[str, Set[str]] = {name: set() for name in found}
    for name, module in found.items():
        for _, target, imported in imports(module, runtime_only=runtime_only):
            candidates = [target + "." + imported] if imported else []
            candidates.append(target)
            for candidate in candidates:
                if candidate in found and candidate != name:
                    graph[name].add(candidate)
                    break
    return graph


def find_cycle(graph: Dict[str, Set[str]]) -> Optional[List[str]]:
    state: Dict[str, int] = {}
    stack: List[str] = []

    def visit(node: str) -> Optional[List[str]]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def parents(name: str) -> Set[str]:
    # Importing a.b.c runs a/__init__ and a/b/__init__ first: a module never "cycles" with its own package.
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))}


def test_no_import_cycle() -> None:
    graph = package_graph(runtime_only=True)
    for name, targets in graph.items():
        # A package's __init__ runs before its submodules: that is not a cycle; nor are the allowed lazy edges.
        graph[name] = {
            t
            for t in targets
            if t not in parents(name) and name not in parents(t) and (name, t) not in ALLOWED_LAZY_EDGES
        }
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def third_party_imports(module: Module) -> Set[str]:
    return {target.split(".")[0] for _, target, _ in imports(module, runtime_only=False)} & THIRD_PARTY


@pytest.mark.parametrize(
    "library, allowed",
    [
        ("requests", {"realtime_sync._requests_transport"}),
        ("urllib3", {"realtime_sync._requests_transport"}),
        ("websocket", {"realtime_sync.sideband._websocket_client"}),
    ],
)
def test_one_module_per_network_library(library: str, allowed: Set[str]) -> None:
    users = {name for name, module in modules().items() if library in third_party_imports(module)}
    assert users <= allowed, "%s imported outside %s: %s" % (library, allowed, sorted(users - allowed))


def reachable(start: str, graph: Dict[str, Set[str]]) -> Set[str]:
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(graph[name] | parents(name))
    return seen & set(graph)


def test_webhooks_need_the_standard_library_only() -> None:
    found = modules()
    graph = package_graph(runtime_only=True)
    for name in sorted(reachable("realtime_sync.webhooks", graph)):
        # Only what runs at import or in a call: TYPE_CHECKING imports are annotations.
        assert not third_party_imports(found[name]), "webhooks reach %s, which imports %s" % (
            name,
            sorted(third_party_imports(found[name])),
        )


def is_core(name: str) -> bool:
    return name not in NOT_CORE_EXACT and not any(name == p or name.startswith(p) for p in NOT_CORE)


def test_the_core_imports_no_framework_no_cli_and_no_contrib() -> None:
    problems = []
    for name, module in modules().items():
        if not is_core(name):
            continue
        for line, target, imported in imports(module, runtime_only=False):
            full = target + ("." + imported if imported else "")
            framework = target.split(".")[0] in ("django", "flask")
            outside = target.startswith("realtime_sync") and not (is_core(target) and is_core(full))
            if framework or outside:
                problems.append("%s:%d imports %s" % (name, line, full))
    assert not problems, "the core reaches outside its layer:\n  " + "\n  ".join(problems)


def test_models_know_nothing_of_http() -> None:
    http = {"realtime_sync.transport", "realtime_sync._client", "realtime_sync._resources", "realtime_sync._resource"}
    for name in ("realtime_sync.models", "realtime_sync.sideband.events", "realtime_sync.live.events"):
        module = modules()[name]
        targets = {t for _, t, _ in imports(module, runtime_only=False)}
        assert not targets & http, "%s imports %s" % (name, sorted(targets & http))
        assert not third_party_imports(module) - {"attr", "attrs"}, name


def test_the_scanner_sees_what_it_must_refuse(tmp_path: Path) -> None:
    # The rules above pass on the package: prove each one can fail.
    bad = tmp_path / "realtime_sync"
    bad.mkdir()
    (bad / "a.py").write_text(
        "from typing import TYPE_CHECKING\nfrom .b import _hidden\nfrom . import b\nb.thing._inner()\n"
        "if TYPE_CHECKING:\n    from .b import _Type\n"
    )
    module = Module.__new__(Module)
    module.path = bad / "a.py"
    module.name = "realtime_sync.scratch_a"
    module.is_package = False
    module.tree = ast.parse((bad / "a.py").read_text())
    _scratch[module.name] = module
    problems = private_uses(module, {"realtime_sync.scratch_a", "realtime_sync.b"})
    assert any("imports _hidden from realtime_sync.b" in p for p in problems)
    assert any("uses b.thing._inner" in p for p in problems)
    assert any("imports _Type from realtime_sync.b" in p for p in problems)  # annotations count too
    assert len(problems) == 3  # "from . import b" is a module import, not a private name
    assert find_cycle({"x": {"y"}, "y": {"x"}}) == ["x", "y", "x"]
    assert find_cycle({"x": {"y"}, "y": set()}) is None
