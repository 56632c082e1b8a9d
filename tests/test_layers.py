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
    "cchc_desktop.context",
    "cchc_desktop.core.profile",
    "cchc_desktop.core.text",
    "cchc_desktop.core.validation",
    "cchc_desktop.core.errors",
    "cchc_desktop.core.changes",
    "cchc_desktop.core.periodic_reports",
    "cchc_desktop.core.task_stats",
    "cchc_desktop.core.tasks",
    "cchc_desktop.demo",
    "cchc_desktop.exports",
    "cchc_desktop.exports.staff_excel",
    "cchc_desktop.importers.sheet",
    "cchc_desktop.importers.tasks_excel",
    "cchc_desktop.importers.staff_excel",
    "cchc_desktop.importers.staff_import",
    "cchc_desktop.core.staff",
    "cchc_desktop.core.standards",
    "cchc_desktop.core.standard_plan",
    "cchc_desktop.core.criteria",
    "cchc_desktop.core.scoring",
    "cchc_desktop.store.scoring_repo",
    "cchc_desktop.store.users_repo",
    "cchc_desktop.importers.criteria_excel",
    "cchc_desktop.importers.appraisal_excel",
    "cchc_desktop.exports.criteria_excel",
    "cchc_desktop.exports.workbook",
    "cchc_desktop.exports.excel_document",
    "cchc_desktop.importers.submission_excel",
    "cchc_desktop.exports.pdf_document",
    "cchc_desktop.exports.document",
    "cchc_desktop.exports.reports",
    "cchc_desktop.store.history",
    "cchc_desktop.exports.history_excel",
    "cchc_desktop.exports.submission",
    "cchc_desktop.demo.staff",
    "cchc_desktop.store.staff_repo",
    "cchc_desktop.store.overview_repo",
    "cchc_desktop.jobs",
    "cchc_desktop.logs",
    "cchc_desktop.paths",
    "cchc_desktop.store",
    "cchc_desktop.store.backup",
    "cchc_desktop.store.restore",
    "cchc_desktop.store.protected_backup",
    "cchc_desktop.removable",
    "cchc_desktop.store.documents_repo",
    "cchc_desktop.store.profile_repo",
    "cchc_desktop.store.settings_repo",
    "cchc_desktop.store.task_repo",
    "cchc_desktop.transfer",
    "cchc_desktop.transfer.model",
    "cchc_desktop.store.kinds",
    "cchc_desktop.crypto",
    "cchc_desktop.transfer.writer",
    "cchc_desktop.transfer.reader",
    "cchc_desktop.transfer.merge",
]


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


def test_importing_the_core_layers_does_not_load_qt() -> None:
    assert _modules_loaded_after(QT_FREE_MODULES, ("PySide6", "shiboken6")) == "[]"


def test_only_the_ui_package_imports_pyside6() -> None:
    pattern = re.compile(r"^\s*(from|import)\s+PySide6", re.MULTILINE)
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1] and pattern.search(path.read_text())
    ]
    assert offenders == []


def test_start_up_does_not_import_the_export_libraries() -> None:
    loaded = _modules_loaded_after(["cchc_desktop.ui.app"], ("reportlab", "openpyxl"))
    assert loaded == "[]"
