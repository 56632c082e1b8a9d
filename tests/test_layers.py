"""The domain, store and command-line layers run without Qt."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "cchc_desktop"

QT_FREE_MODULES = [
    "cchc_desktop",
    "cchc_desktop.cli",
    "cchc_desktop.core.profile",
    "cchc_desktop.core.text",
    "cchc_desktop.core.validation",
    "cchc_desktop.demo",
    "cchc_desktop.jobs",
    "cchc_desktop.logs",
    "cchc_desktop.paths",
    "cchc_desktop.store",
    "cchc_desktop.store.backup",
    "cchc_desktop.store.profile_repo",
]


def test_importing_the_core_layers_does_not_load_qt() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {QT_FREE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_the_ui_package_imports_pyside6() -> None:
    pattern = re.compile(r"^\s*(from|import)\s+PySide6", re.MULTILINE)
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1] and pattern.search(path.read_text())
    ]
    assert offenders == []


def test_start_up_does_not_import_the_export_libraries() -> None:
    code = (
        "import sys\n"
        "import cchc_desktop.ui.app\n"
        "heavy = sorted(m for m in ('reportlab', 'openpyxl') if m in sys.modules)\n"
        "print(heavy)\n"
        "sys.exit(1 if heavy else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
