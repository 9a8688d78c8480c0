"""The shape of the package: its import graph has no cycle (imports inside functions and
for type checking counted too), no module imports from a layer above its own, and no
module grows much past 600 lines. CONTRIBUTING ("Where things are") describes the layers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "diglot"

# Lowest first: a module may import from its own layer and the layers below it.
LAYERS = (
    # foundations: reading files, text, YAML as text, the output folder, processes
    "diglot diagnostics files jsonlimits script dates suggest textdiff interrupts xmlsafe cache "
    "cssvalue inline source yamltree yamlplain yamledit fileset config output executor "
    "templateloader templatesandbox typorules numerals wordml linebreak quotes dashes",
    # the declarations: schemas, language profiles, document types, labels, the glossary
    "schema languages types locale glossary model",
    # content: loading and aligning documents, their provenance, their layout
    "load align provenance gitstate versions running layout layoutbreaks tables",
    # the checks and their settings
    "checks semantic settings report",
    # a project opened for a command
    "project",
    # running the checks, writing the editions
    "qa writers incremental",
    # the workflows
    "pipeline status edits approve xliff reviewfile tm release serve",
    # the command line
    "cli entry",
)
# the import graph is read once, on one worker: both tests that ask for it run there
pytestmark = pytest.mark.xdist_group("architecture")

MAX_LINES = 625  # "about 600": a module longer than this does more than one job


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of the package that a module imports anywhere in it."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                whole = f"{target}.{alias.name}"
                if whole in known:
                    found.add(whole)
                elif target in known:
                    found.add(target)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in known}
    return found - {name}


def registry_imports(known: dict[str, Path]) -> dict[str, set[str]]:
    """The imports made by name at run time (importlib), which no import statement shows:
    the writers' registry imports each built-in writer's module, the command line each
    command module."""
    from diglot import writers

    commands = {name for name in known if name.startswith("diglot.cli.commands.")}
    return {
        "diglot.writers": {f"diglot.writers.{module}" for module, *_ in writers.BUILTIN},
        "diglot.cli": {name for name in commands if not name.split(".")[-1].startswith("_")},
    }


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    """Each module's imports, the registries' imports by name included (read once per run:
    both tests ask)."""
    known = modules()
    found = {name: imports(name, path, known) for name, path in known.items()}
    for name, more in registry_imports(known).items():
        assert more and more <= set(known), (name, more - set(known))
        found[name] |= more
    return found


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def layer(module: str) -> int:
    top = module.split(".")[1] if "." in module else module
    for number, names in enumerate(LAYERS):
        if top in names.split():
            return number
    raise AssertionError(f"{module} is in no layer: add it to LAYERS (and to CONTRIBUTING)")


def test_the_import_graph_has_no_cycle(graph):
    assert cycles(graph) == []


def test_the_cycle_finder_finds_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_imports_from_a_layer_above_its_own(graph):
    upward = [
        f"{module} imports {other}"
        for module, others in graph.items()
        for other in sorted(others)
        if layer(other) > layer(module)
    ]
    assert upward == []


def test_no_module_does_several_jobs():
    long = {
        str(path.relative_to(PACKAGE.parent)): n
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
