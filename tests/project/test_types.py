"""The type check: mypy, pinned in the test extras and configured in pyproject.toml, finds
nothing in the package; the Qt-free layers carry no «type: ignore» at all."""

from __future__ import annotations

import subprocess
import sys

from tests.support.paths import REPO

PACKAGE = REPO / "cchc_desktop"
QT_FREE_LAYERS = ("core", "store", "importers", "exports", "transfer")


def test_mypy_finds_no_error() -> None:
    # The incremental cache (ignored by git) makes a second run take a second or two.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(REPO / "pyproject.toml"),
            "--cache-dir",
            str(REPO / ".mypy_cache"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_qt_free_layers_silence_no_type_error() -> None:
    found = [
        f"{path.relative_to(REPO)}:{number}"
        for layer in QT_FREE_LAYERS
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "type: ignore" in line
    ]
    assert found == []
