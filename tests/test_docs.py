"""The docs/ folder stays in sync with the code: every public name, command and option is documented."""

import argparse
import importlib
import inspect
import pkgutil
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict, Iterator, List, Set, Tuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

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

REGENERATE = "run `python scripts/gen_api_docs.py` and commit docs/api.md"


def load(module_name: str) -> Any:
    # A public module that disappears (or fails to import) is a failure, never a skip:
    # the test environment installs every extra (Django, websocket-client).
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
    # Section by section (one regex over the whole page with .*? rescanned the rest of it for every heading).
    empty = []
    for section in text.split("\n### `")[1:]:
        name, _, body = section.partition("`\n\n")
        if body.startswith("```python\n"):
            body = body.split("\n```\n\n", 1)[-1]
        if body.startswith("(no docstring)"):
            empty.append(name)
    assert not empty, "public names without a docstring: %s" % empty


# --------------------------------------------------------------------------------------------------------------------
# Examples: on the entry points a user starts from, not on every name. A model, an event or an internal helper
# is explained by its fields and by comments that say why; a repeated "if isinstance(event, X): print(...)"
# only buries those.

#: Where a user starts. Every public method of every resource on the client (client.calls.accept,
#: client.realtime.connect, ...) is an entry point too: see resource_methods().
ENTRY_POINTS = [
    "realtime_sync.RealtimeClient",
    "realtime_sync.RetryPolicy",
    "realtime_sync.fixtures.FixtureTransport",
    "realtime_sync.fixtures.use_fixture",
    "realtime_sync.webhooks.unwrap",
    "realtime_sync.webhooks.verify",
    "realtime_sync.webhooks.sign",
    "realtime_sync.contrib.django.WebhookView",
    "realtime_sync.contrib.django.webhook_view",
    "realtime_sync.contrib.django.ClientSecretView",
    "realtime_sync.contrib.django.SdpProxyView",
    "realtime_sync.contrib.django.get_client",
    "realtime_sync.sideband.FixtureConnector",
    "realtime_sync.cli.main",
]

#: Client attributes that are settings, not resources.
CLIENT_SETTINGS = {"base_url", "max_retries", "timeout", "retry_policy", "transport", "is_ephemeral_key"}


def resources() -> Dict[str, Any]:
    """``{"client.calls": <Calls>, ...}``: every resource reachable from a client."""
    from realtime_sync import RealtimeClient

    found: Dict[str, Any] = {}

    def walk(path: str, resource: Any) -> None:
        found[path] = resource
        for attr in sorted(getattr(resource, "__dict__", {})):
            value = getattr(resource, attr)
            if not attr.startswith("_") and type(value).__module__.startswith("realtime_sync."):
                walk("%s.%s" % (path, attr), value)

    with RealtimeClient("sk-test-docs") as client:
        for attr in dir(client):
            if attr.startswith("_") or attr in CLIENT_SETTINGS:
                continue
            value = getattr(client, attr)
            if not callable(value) and type(value).__module__.startswith("realtime_sync."):
                walk("client." + attr, value)
    return found


def resource_methods() -> Dict[str, Any]:
    """``{"client.calls.accept": function, ...}``: the public methods of every resource."""
    found: Dict[str, Any] = {}
    for path, resource in resources().items():
        for attr in sorted(dir(type(resource))):
            raw = inspect.getattr_static(type(resource), attr)
            if not attr.startswith("_") and inspect.isfunction(raw):
                found["%s.%s" % (path, attr)] = raw
    return found


def resolve(dotted: str) -> Any:
    module_name, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module_name), name)


def test_resources_are_found() -> None:
    methods = resource_methods()
    for expected in (
        "client.calls.accept",
        "client.client_secrets.create",
        "client.translations.client_secrets.create",
    ):
        assert expected in methods, sorted(methods)


def test_entry_points_have_an_example() -> None:
    entry_points = {name: resolve(name) for name in ENTRY_POINTS}
    entry_points.update(resource_methods())
    missing = [name for name, value in sorted(entry_points.items()) if "Example::" not in (inspect.getdoc(value) or "")]
    assert not missing, "entry points without an Example:: block in their docstring: %s" % missing


#: Modules users import from that the API reference does not list name by name.
OTHER_PUBLIC_MODULES = ["realtime_sync.sideband.events", "realtime_sync.live.events", "realtime_sync.pytest_plugin"]


def public_objects() -> Set[int]:
    """ids of every public class, function, method and property (their getters)."""
    found: Set[int] = set()

    def add_class(cls: type) -> None:
        found.add(id(cls))
        # Members inherited from a private base (a mixin) are public on the public class.
        for base in cls.__mro__:
            found.add(id(base))  # a base class (Resource) is read by whoever adds an endpoint
            for attr, raw in vars(base).items():
                if attr.startswith("_") and not attr.endswith("__"):
                    continue
                raw = getattr(raw, "__func__", raw)
                found.add(id(raw.fget if isinstance(raw, property) else raw))

    for module_name in PUBLIC_MODULES + OTHER_PUBLIC_MODULES:
        module = load(module_name)
        for name in getattr(module, "__all__", []):
            value = getattr(module, name)
            add_class(value) if inspect.isclass(value) else found.add(id(value))
    for resource in resources().values():
        add_class(type(resource))
    return found


def documented_objects() -> Iterator[Tuple[str, Any]]:
    """Every class, function, method and property defined anywhere in the package, with its dotted name."""
    import realtime_sync

    for info in pkgutil.walk_packages(realtime_sync.__path__, "realtime_sync."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if getattr(value, "__module__", None) != module.__name__:
                continue
            if inspect.isclass(value):
                yield "%s.%s" % (info.name, name), value
                for attr, raw in vars(value).items():
                    raw = getattr(raw, "__func__", raw)
                    raw = raw.fget if isinstance(raw, property) else raw
                    if inspect.isfunction(raw):
                        yield "%s.%s.%s" % (info.name, name, attr), raw
            elif inspect.isfunction(value):
                yield "%s.%s" % (info.name, name), value


def examples(doc: str) -> List[str]:
    """The code of each ``Example::`` block of a docstring."""
    blocks = []
    for match in re.finditer(r"Example::\n\n((?:(?:[ \t]+.*)?\n?)+)", doc):
        blocks.append(textwrap.dedent(match.group(1)).strip())
    return blocks


#: One line that only names what it documents: ``client.close()``, ``client.timeout.read``,
#: ``if isinstance(event, X): print(event.y)``.
TRIVIAL = re.compile(r"^(?:[\w.]+(?:\(\))?|if isinstance\(\w+, \w+\): print\([\w.]+\))(?:\s*#.*)?$")


def test_examples_are_for_the_public_api_only() -> None:
    public = public_objects()
    internal = [
        name
        for name, value in documented_objects()
        if id(value) not in public and examples(inspect.getdoc(value) or "")
    ]
    assert not internal, (
        "internal code documented with an Example:: block (say why in a comment instead, or make it public): %s"
        % internal
    )


def test_no_example_only_restates_its_name() -> None:
    trivial = [
        name
        for name, value in documented_objects()
        for block in examples(inspect.getdoc(value) or "")
        if TRIVIAL.match(block)
    ]
    assert not trivial, "Example:: blocks that only name the thing they document: %s" % trivial


def test_api_reference_is_up_to_date_and_deterministic() -> None:
    # The committed docs/api.md was generated under some hash seed; a fresh process with
    # another seed must write the same bytes (no set or dict order leaks into the output).
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_api_docs.py"), "--check"],
        capture_output=True,
        cwd=str(ROOT),
        env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr.decode() + "; " + REGENERATE
    assert "### `RealtimeClient`" in (DOCS / "api.md").read_text(encoding="utf-8")


# --------------------------------------------------------------------------------------------------------------------
# The README's promises about every method

#: Resource methods that are not REST calls (no per-call HTTP options).
NOT_REST = {
    "client.realtime.connect",
    "client.realtime.translations.connect",
    "client.translations.connect",
    "client.live.connect",
    "client.webhooks.unwrap",
    "client.webhooks.verify_signature",
}


def readme_section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^#+ %s\n(.*?)(?=^#)" % re.escape(title), text, re.M | re.S)
    assert match, "README.md has no section %r" % title
    return match.group(1)


def test_per_call_options_are_what_the_readme_says() -> None:
    section = readme_section("Per-call options")
    problems = []
    for name, method in sorted(resource_methods().items()):
        if name in NOT_REST:
            continue
        params = inspect.signature(method).parameters
        missing = [p for p in ("timeout", "extra_headers", "max_retries") if p not in params]
        if missing:
            problems.append("%s lacks %s" % (name, missing))
        short = name[len("client.") :]
        if "extra_body" not in params and "`%s`" % short not in section:
            problems.append("%s has no extra_body= and README's 'Per-call options' does not say so" % name)
        if "extra_body" in params and "`%s` sends none" % short in section:
            problems.append("%s takes extra_body= now: update README's 'Per-call options'" % name)
    assert not problems, problems


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
    assert len(commands) == 21, [c for c, _ in commands]
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
