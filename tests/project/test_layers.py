"""The layers: Qt stays in the interface, and every import goes down, never up or sideways.

The layers, bottom to top, come from where a module sits in the package:

- base: the package's own root modules (paths, logs, jobs, files, crypto, …);
- core: the rules (``cchc_desktop.core``);
- store: the SQLite store (``cchc_desktop.store``);
- importers and exports, siblings: neither imports the other;
- transfer: the data packages;
- demo: the sample data;
- app: what the screens of one open file share, Qt-free (the application context);
- the Qt interface in three floors: its toolkit (``ui.toolkit``: widgets, the job and
  operation runners, the shared import dialog, settings), the features (one package per
  area: ``ui.tasks``, ``ui.staff`` …; a feature may use another's dialog, without loops),
  and the shell (``ui.shell``: the application, the main window, the first run);
- entry: the command line and ``python -m cchc_desktop``.

A module imports from its own layer or below; the import graph (read from the source,
every import: at the top, inside functions and under ``TYPE_CHECKING``) has no loop.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from tests.support.paths import REPO

PACKAGE = REPO / "cchc_desktop"
ROOT = PACKAGE.name

# Bottom to top; a layer's number is its height. Siblings share a height.
LAYER_HEIGHTS = {
    "base": 0,
    "core": 1,
    "store": 2,
    "importers": 3,
    "exports": 3,
    "transfer": 4,
    "demo": 5,
    "app": 6,
    "ui.toolkit": 7,
    "ui.features": 8,
    "ui.shell": 9,
    "entry": 10,
}
# A root module (or package) is in the base layer unless named here.
ROOT_MODULE_LAYERS = {
    "context": "app",
    "cli": "entry",
    "__main__": "entry",
}


def _module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules(package: Path = PACKAGE) -> dict[str, Path]:
    return {_module_name(p, package): p for p in sorted(package.rglob("*.py"))}


def layer_of(module: str) -> str:
    """The layer of a module, from its place in the package."""
    parts = module.split(".")
    if len(parts) == 1:
        return "base"
    if parts[1] == "ui":
        if len(parts) == 2 or parts[2] == "toolkit":
            return "ui.toolkit"
        return "ui.shell" if parts[2] == "shell" else "ui.features"
    if parts[1] in LAYER_HEIGHTS:  # a layer's package (or the demo's module)
        return parts[1]
    if parts[1] in ROOT_MODULE_LAYERS:  # a root module, or a package in its place (cli)
        return ROOT_MODULE_LAYERS[parts[1]]
    if len(parts) == 2:
        return "base"
    raise AssertionError(f"{module}: the package {parts[0]}.{parts[1]} belongs to no layer")


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> Iterator[str]:
    """Every module name an import statement may load (ours or not)."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
        return
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - node.level + 1]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module or ""
    yield source  # ``from x import y`` reads y from x: it depends on x's __init__
    yield from (f"{source}.{alias.name}" for alias in node.names)


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """module -> the modules of the package it imports, by every import statement in it."""
    modules = _modules(package)
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        is_package = path.name == "__init__.py"
        graph[module] = {
            name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for name in _imported(node, module, is_package)
            if name in modules and name != module
        }
    return graph


def wrong_way_imports(graph: dict[str, set[str]]) -> list[str]:
    found = []
    for module, imported in sorted(graph.items()):
        here = layer_of(module)
        for other in sorted(imported):
            there = layer_of(other)
            if here == there or LAYER_HEIGHTS[there] < LAYER_HEIGHTS[here]:
                continue
            how = "a sibling" if LAYER_HEIGHTS[there] == LAYER_HEIGHTS[here] else "a higher layer"
            found.append(f"{module} ({here}) imports {other} ({there}): {how}")
    return found


def import_cycles(graph: dict[str, set[str]]) -> list[str]:
    """One loop per strongly connected group of modules, as ``a -> b -> a``."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(module: str) -> None:  # Tarjan's algorithm
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = set()
            while not group or module not in group:
                group.add(stack.pop())
            if len(group) > 1:
                groups.append(group)

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return [" -> ".join(_loop_through(graph, group)) for group in groups]


def _loop_through(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """A shortest way from the group's first module back to itself, inside the group."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for module in frontier:
            for other in sorted(graph[module] & group):
                if other == start:
                    return [*paths[module], start]
                if other not in paths:
                    paths[other] = [*paths[module], other]
                    following.append(other)
        frontier = following
    raise AssertionError(f"no loop in {sorted(group)}")


def _modules_loaded_after(imports: list[str], prefixes: tuple[str, ...]) -> str:
    """In a fresh interpreter, import ``imports`` and list loaded modules matching ``prefixes``."""
    code = (
        "import importlib, sys\n"
        f"for name in {imports!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {prefixes!r}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_every_module_belongs_to_a_layer() -> None:
    layers = {module: layer_of(module) for module in _modules()}
    assert set(layers.values()) <= set(LAYER_HEIGHTS)


def test_imports_go_down_never_up_or_sideways() -> None:
    found = wrong_way_imports(import_graph())
    assert found == [], "Imports against the layers:\n" + "\n".join(found)


def test_modules_import_each_other_in_no_loop() -> None:
    found = import_cycles(import_graph())
    assert found == [], "Import loops:\n" + "\n".join(found)


def test_the_graph_reads_every_kind_of_import(tmp_path: Path) -> None:
    package = tmp_path / ROOT
    for name, text in {
        "__init__.py": "",
        "paths.py": "",
        "core/__init__.py": "",
        "core/rules.py": "from .. import paths\n",
        "store/__init__.py": "from cchc_desktop.store.repo import load\n",
        "store/repo.py": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from cchc_desktop.exports.sheet import Sheet\n"
            "def load():\n    import cchc_desktop.core.rules\n"
        ),
        "exports/__init__.py": "",
        "exports/sheet.py": "from cchc_desktop.store import repo\n",
        "importers/__init__.py": "",
        "importers/read.py": "from ..exports.sheet import Sheet\n",
    }.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text, encoding="utf-8")

    graph = import_graph(package)

    assert graph[f"{ROOT}.core.rules"] == {ROOT, f"{ROOT}.paths"}
    assert graph[f"{ROOT}.store.repo"] == {f"{ROOT}.exports.sheet", f"{ROOT}.core.rules"}
    assert wrong_way_imports(graph) == [
        f"{ROOT}.importers.read (importers) imports {ROOT}.exports.sheet (exports): a sibling",
        f"{ROOT}.store.repo (store) imports {ROOT}.exports.sheet (exports): a higher layer",
    ]
    assert import_cycles(graph) == [
        f"{ROOT}.exports.sheet -> {ROOT}.store.repo -> {ROOT}.exports.sheet"
    ]


def test_importing_every_module_below_the_interface_does_not_load_qt() -> None:
    qt_free = sorted(m for m in _modules() if not layer_of(m).startswith("ui"))
    assert {f"{ROOT}.cli", f"{ROOT}.core.text", f"{ROOT}.store"} <= set(qt_free)
    assert _modules_loaded_after(qt_free, ("PySide6", "shiboken6")) == "[]"


def test_only_the_ui_package_imports_pyside6() -> None:
    pattern = re.compile(r"^\s*(from|import)\s+PySide6", re.MULTILINE)
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1] and pattern.search(path.read_text())
    ]
    assert offenders == []


def test_start_up_does_not_import_the_export_libraries() -> None:
    loaded = _modules_loaded_after(["cchc_desktop.ui.shell.app"], ("reportlab", "openpyxl"))
    assert loaded == "[]"
