"""The columns of the store: every record has the columns of its table, typed as declared."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cchc_desktop.store.kinds import HISTORY_PERSONAL, KINDS, LOCAL_COLUMNS
from cchc_desktop.transfer.validate.names import Refused, column_name, read_date, read_time, shown

_DATE_COLUMNS = ("deadline", "valid_until", "effective_from")


@dataclass(frozen=True)
class _Column:
    type: str
    notnull: bool
    has_default: bool


@dataclass(frozen=True)
class _Columns:
    """The columns of one kind: each one's declaration, the required ones (NOT NULL without
    a default), the dates (``…_on``, a deadline …) and the times (``…_at``)."""

    all: dict[str, _Column]
    required: tuple[str, ...]
    dates: tuple[str, ...]
    times: tuple[str, ...]

    @classmethod
    def of(cls, columns: dict[str, _Column]) -> _Columns:
        return cls(
            columns,
            tuple(
                name
                for name, c in columns.items()
                if c.notnull and not c.has_default and name not in HISTORY_PERSONAL
            ),
            tuple(n for n in columns if n.endswith("_on") or n in _DATE_COLUMNS),
            tuple(n for n in columns if n.endswith("_at") and n != "updated_at"),
        )


Schema = dict[str, _Columns]


def schema_of(conn: sqlite3.Connection) -> Schema:
    return {
        kind.name: _Columns.of(
            {
                row[1]: _Column(str(row[2]).upper(), bool(row[3]), row[4] is not None)
                for row in conn.execute(f'PRAGMA table_info("{kind.name}")')
                if row[1] not in LOCAL_COLUMNS
            }
        )
        for kind in KINDS
    }


@functools.cache
def current_schema() -> Schema:
    """The columns of a store of this version: the migrations, run on an empty database."""
    from cchc_desktop.paths import migrations_dir
    from cchc_desktop.store import migrations

    conn = sqlite3.connect(":memory:")
    try:
        for migration in migrations.discover(migrations_dir()):
            for statement in migration.statements():
                conn.execute(statement)
        return schema_of(conn)
    finally:
        conn.close()


def check_columns(kind: str, row: Mapping[str, Any], columns: _Columns) -> None:
    """Each value has its column's type (TEXT: text, INTEGER: a 64-bit integer), a required
    column is neither empty nor missing. Unknown columns are the merge's to refuse."""
    declared = columns.all
    for column, value in row.items():
        spec = declared.get(column)
        if spec is None:  # "_base", "_unit" … and unknown columns
            continue
        if value is None:
            if spec.notnull:
                raise Refused(f"«{column_name(kind, column)}» để trống.")
            continue
        if spec.type == "INTEGER":
            fits = isinstance(value, int) and not isinstance(value, bool)
            if not fits or not -(2**63) <= value < 2**63:
                raise Refused(
                    f"«{column_name(kind, column)}» phải là số nguyên, không phải «{shown(value)}»."
                )
        elif spec.type == "TEXT" and not isinstance(value, str):
            raise Refused(
                f"«{column_name(kind, column)}» phải là chữ, không phải «{shown(value)}»."
            )
        elif spec.type in ("REAL", "NUMERIC") and (
            not isinstance(value, int | float) or isinstance(value, bool)
        ):
            raise Refused(f"«{column_name(kind, column)}» phải là số, không phải «{shown(value)}».")
    for column in columns.required:
        if column not in row:
            raise Refused(f"Thiếu «{column_name(kind, column)}».")


def check_dates_and_times(kind: str, row: Mapping[str, Any], columns: _Columns) -> None:
    """Every date column holds a real day; every time column (``…_at``) a real UTC time."""
    for column in columns.dates:
        read_date(kind, row, column)
    for column in columns.times:
        value = row.get(column)
        if value is not None and read_time(value) is None:
            raise Refused(
                f"«{column_name(kind, column)}» ghi «{shown(value)}», không phải một thời "
                "điểm có thật."
            )
