"""The tests sit by layer: every test file in a layer's folder, and Qt only in tests/ui."""

from __future__ import annotations

import ast

from tests.support.paths import REPO

TESTS = REPO / "tests"
QT_FREE_FOLDERS = (
    "base",
    "core",
    "store",
    "importers",
    "exports",
    "transfer",
    "demo",
    "app",
    "cli",
)
QT_FIXTURES = {"qtbot", "qapp", "qtmodeltester", "window", "settings"}


def _qt_uses(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        elif isinstance(node, ast.FunctionDef):
            found += [f"fixture {a.arg}" for a in node.args.args if a.arg in QT_FIXTURES]
            continue
        else:
            continue
        found += [
            f"import {name}"
            for name in names
            if name.split(".")[0] in ("PySide6", "shiboken6")
            or name.startswith(("cchc_desktop.ui", "tests.support.ui_helpers"))
        ]
    return found


def test_every_test_file_sits_in_a_layer_folder() -> None:
    assert sorted(p.name for p in TESTS.glob("test_*.py")) == []


def test_the_qt_free_layers_tests_use_no_qt() -> None:
    offenders = [
        f"{path.relative_to(TESTS)}: {use}"
        for folder in QT_FREE_FOLDERS
        for path in sorted((TESTS / folder).glob("test_*.py"))
        for use in _qt_uses(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
