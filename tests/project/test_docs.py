"""The README's two commands are the ones CI runs."""

from __future__ import annotations

import re

from tests.support.paths import REPO

TEST_COMMAND = (
    'python3 -m venv .venv && .venv/bin/pip install -e ".[test]" && .venv/bin/python -m pytest'
)
RUN_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/cchc-desktop"


def test_ci_runs_the_readme_test_command_exactly() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert TEST_COMMAND in readme
    assert RUN_COMMAND in readme
    assert TEST_COMMAND in ci.splitlines()


# Names the note gives to things that are not files of the repository.
NOT_REPOSITORY_FILES = {"manifest.json"}  # a member of a data package


def _named_files(text: str) -> set[str]:
    """The file and folder names the architecture note writes between backquotes."""
    names = set()
    for token in re.findall(r"`([^`\s]+)`", text):
        name = token.split(":")[0].rstrip(",.")
        if any(mark in name for mark in ("*", "{", "…", "000N", "<")):  # a pattern, not a path
            continue
        if name.endswith((".py", ".json", ".sql", ".html", ".spec")) or (
            "/" in name and name.endswith("/")
        ):
            names.add(name)
    return names - NOT_REPOSITORY_FILES


def test_every_file_the_architecture_note_names_exists() -> None:
    """The note is kept true when code moves: a path it names is there, a bare module name
    is a module of the program or its tests."""
    text = (REPO / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    everywhere = {
        path.name
        for folder in ("cchc_desktop", "tests", "resources", "benchmarks")
        for path in (REPO / folder).rglob("*")
    }
    missing = [
        name
        for name in sorted(_named_files(text))
        if not (
            (REPO / name).exists()
            or (REPO / "cchc_desktop" / name).exists()
            or ("/" not in name.rstrip("/") and name.rstrip("/") in everywhere)
        )
    ]
    assert missing == []
