"""Ordered SQL migrations from ``db/``: ``0001_foundation.sql``, ``0002_….sql`` …

Each file becomes one migration of a sqlite-utils ``Migrations`` set; it runs
inside one transaction together with the record of having run it and the new
``PRAGMA user_version`` (the schema version written in the file). A failing
migration is rolled back and stays pending.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "cchc_desktop"
_NAME_RE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
_TRANSACTION_WORDS = ("BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE")


@dataclass(frozen=True)
class MigrationFile:
    number: int
    path: Path

    @property
    def name(self) -> str:
        return self.path.stem

    def statements(self) -> list[str]:
        return split_statements(self.path.read_text(encoding="utf-8"))


def discover(folder: Path) -> list[MigrationFile]:
    """The migration files of ``folder`` in order; gaps and strays are errors."""
    found: list[MigrationFile] = []
    for path in sorted(Path(folder).glob("*.sql")):
        match = _NAME_RE.match(path.name)
        if not match:
            raise ValueError(f"Migration file name not of the form NNNN_name.sql: {path.name}")
        found.append(MigrationFile(int(match.group(1)), path))
    numbers = [m.number for m in found]
    if numbers != list(range(1, len(found) + 1)):
        raise ValueError(f"Migrations must be numbered 1, 2, 3… without gaps: {numbers}")
    for migration in found:
        for statement in migration.statements():
            word = re.match(r"\s*(\w*)", statement)  # matches every text, if only emptily
            first_word = word.group(1).upper() if word else ""
            if first_word in _TRANSACTION_WORDS:
                raise ValueError(
                    f"{migration.path.name}: transaction control is the runner's job, "
                    f"not the file's ({first_word})"
                )
    return found


def split_statements(sql: str) -> list[str]:
    """Split a script into complete statements (trigger bodies kept whole).

    ``executescript`` would commit the surrounding transaction; executing the
    statements one by one keeps the whole migration atomic.
    """
    statements: list[str] = []
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statement = _strip_comment_lines(buffer)
            if statement:
                statements.append(statement)
            buffer = ""
    if _strip_comment_lines(buffer):
        raise ValueError(f"Incomplete SQL statement at end of script: {buffer.strip()[:80]}")
    return statements


def _strip_comment_lines(text: str) -> str:
    lines = [line for line in text.splitlines() if not line.strip().startswith("--")]
    return "\n".join(lines).strip()


def latest_version(files: list[MigrationFile]) -> int:
    return files[-1].number if files else 0


def _python_steps() -> dict[int, Callable[[sqlite3.Connection], object]]:
    """Work a migration needs that SQL cannot do, run right after its statements in the same
    transaction."""
    from cchc_desktop.store.identity import rekey_natural_records

    return {8: rekey_natural_records}


def _runner(migration: MigrationFile) -> Callable[[Database], None]:
    statements = migration.statements()

    def run(db: Database) -> None:
        for statement in statements:
            db.execute(statement)
        step = _python_steps().get(migration.number)
        if step is not None:
            step(db.conn)
        db.execute(f"PRAGMA user_version = {migration.number:d}")

    run.__name__ = migration.name
    return run


def build_migration_set(files: list[MigrationFile]) -> Migrations:
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for migration in files:
        migrations(name=migration.name)(_runner(migration))
    return migrations
