"""The docs/ folder stays in sync with the code: every public name, command and option is documented."""

import argparse
import importlib
import inspect
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Set, Tuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

PUBLIC_MODULES = [
    "realtime_sync",
    "realtime_sync.models",
    "realtime_sync.errors",
    "realtime_sync.transport",
    "realtime_sync.fixtures",
    "realtime_sync.webhooks",
    "realtime_sync.contrib.django",
    "realtime_sync.sideband",
    "realtime_sync.cli",
]

REGENERATE = "run `python scripts/gen_api_docs.py` and commit docs/api.md"


def load(module_name: str) -> Any:
    relative = Path(*module_name.split("."))
    if not (ROOT / relative).with_suffix(".py").exists() and not (ROOT / relative / "__init__.py").exists():
        pytest.skip("%s is not written yet" % module_name)
    if module_name == "realtime_sync.contrib.django":
        pytest.importorskip("django")
    return importlib.import_module(module_name)


def api_sections() -> Dict[str, str]:
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    sections: Dict[str, str] = {}
    for match in re.finditer(r"^## `([\w.]+)`\n(.*?)(?=^## |\Z)", text, re.M | re.S):
        sections[match.group(1)] = match.group(2)
    return sections


def headings(section: str) -> List[str]:
    return re.findall(r"^### `([\w.]+)`", section, re.M)


def all_headings() -> Set[str]:
    return {name for section in api_sections().values() for name in headings(section)}


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_every_public_name_is_documented(module_name: str) -> None:
    module = load(module_name)
    public = list(getattr(module, "__all__", []))
    assert public, "%s has no __all__" % module_name
    sections = api_sections()
    assert module_name in sections, "docs/api.md has no section for %s: %s" % (module_name, REGENERATE)
    section = sections[module_name]
    documented = all_headings()
    missing = [n for n in public if "`%s`" % n not in section or n not in documented]
    assert not missing, "undocumented public names of %s: %s; %s" % (module_name, missing, REGENERATE)


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_no_documented_name_is_stale(module_name: str) -> None:
    module = load(module_name)
    section = api_sections().get(module_name, "")
    stale = [n for n in headings(section) if n not in getattr(module, "__all__", [])]
    assert not stale, "docs/api.md documents names %s no longer lists: %s; %s" % (module_name, stale, REGENERATE)


def test_every_documented_name_has_a_description() -> None:
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    empty = re.findall(r"^### `([\w.]+)`\n\n(?:```python\n.*?\n```\n\n)?\(no docstring\)", text, re.M | re.S)
    assert not empty, "public names without a docstring: %s" % empty


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_public_callables_have_a_docstring_with_an_example(module_name: str) -> None:
    module = load(module_name)
    missing = []
    for name in getattr(module, "__all__", []):
        value = getattr(module, name)
        if not (inspect.isclass(value) or inspect.isfunction(value)):
            continue
        if getattr(value, "__module__", "").split(".")[0] != "realtime_sync":
            continue
        if _is_declared_type(value):
            continue  # a model is a declaration, not an entry point: its fields say how to build it
        doc = inspect.getdoc(value) or ""
        if "Example::" not in doc:
            missing.append(name)
    assert not missing, "public names of %s without an Example:: block: %s" % (module_name, missing)


def _is_declared_type(value: Any) -> bool:
    from realtime_sync.models import Model, Unknown

    return inspect.isclass(value) and issubclass(value, (Model, Unknown)) and value not in (Model, Unknown)


def test_generator_is_deterministic(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / ("api-%s.md" % seed)
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "gen_api_docs.py"), "--out", str(out)],
            check=True,
            capture_output=True,
            cwd=str(ROOT),
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
        )
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert "### `RealtimeClient`" in outputs[0]


# --------------------------------------------------------------------------------------------------------------------
# The command line reference


def cli_commands() -> List[Tuple[str, argparse.ArgumentParser]]:
    from realtime_sync import cli

    found: List[Tuple[str, argparse.ArgumentParser]] = []

    def walk(prefix: str, parser: argparse.ArgumentParser) -> None:
        subactions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subactions:
            found.append((prefix, parser))
        for action in subactions:
            for name, sub in action.choices.items():
                walk(prefix + " " + name, sub)

    walk("realtime-sync", cli.build_parser())
    return found


def test_cli_doc_covers_every_command_and_option() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    problems = []
    commands = cli_commands()
    assert len(commands) == 9, [c for c, _ in commands]
    for command, parser in commands:
        if command not in text:
            problems.append("command %r" % command)
        for action in parser._actions:
            for option in action.option_strings:
                if option.startswith("--") and option not in text:
                    problems.append("option %s of %r" % (option, command))
    assert not problems, "docs/cli.md does not mention: %s" % problems


def test_cli_doc_lists_the_exit_codes() -> None:
    from realtime_sync import cli

    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for name in ("EXIT_OK", "EXIT_FAILURE", "EXIT_USAGE", "EXIT_AUTH", "EXIT_NETWORK", "EXIT_INTERRUPTED"):
        code = getattr(cli, name)
        assert re.search(r"^\| `?%d`? \|" % code, text, re.M), "exit code %d (%s) missing from docs/cli.md" % (
            code,
            name,
        )


# --------------------------------------------------------------------------------------------------------------------
# Links


def test_relative_links_in_docs_resolve() -> None:
    broken = []
    for page in sorted(DOCS.glob("*.md")):
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if re.match(r"^[a-z]+:", target):
                continue
            if not (page.parent / target).exists():
                broken.append("%s -> %s" % (page.name, target))
    assert not broken, broken


def test_index_links_every_page() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    for page in sorted(DOCS.glob("*.md")):
        if page.name != "index.md":
            assert "(%s)" % page.name in index, "docs/index.md does not link %s" % page.name
