"""The log of concurrent edits that imports met (``sync_conflicts``), read and acted on.

Each import that meets two edits of one record that had not seen each other writes one row
per field (or one row for an edit against a deletion), decided by the rule the same way on
every PC. The officer reads them here after the import, marks them seen, or takes the value
that lost: that is written as a new edit on this PC, which travels to the others like any
edit. The interface and the command line both call these functions.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cchc_desktop.store.kinds import BY_NAME, label_of, value_text
from cchc_desktop.store.records import utc_now
from cchc_desktop.transfer.model import BOTH_CHANGED, DELETED_HERE, DELETED_THERE
from cchc_desktop.transfer.rows import clock_time, insert_row, rebuild_derived
from cchc_desktop.transfer.validate.names import column_name

HERE = "here"
THERE = "there"

_NATURES = {
    BOTH_CHANGED: "Cả hai máy đã sửa",
    DELETED_THERE: "Máy kia đã xóa, máy này đã sửa",
    DELETED_HERE: "Máy này đã xóa, máy kia đã sửa",
}


@dataclass(frozen=True)
class Side:
    value: Any  # the field's value, the record (a dict) or None for a deletion
    column: str
    when: str  # UTC time text, "" when unknown
    who: str
    is_deletion: bool

    @property
    def who_and_when(self) -> str:
        """«Lê Thị Hồng, 07/12/2026 22:03» (either part may be unknown)."""
        from cchc_desktop.core.text import format_utc_time

        parts = [p for p in (self.who, format_utc_time(self.when)) if p]
        return ", ".join(parts) or "không rõ"

    @property
    def text(self) -> str:
        if self.is_deletion:
            return "(đã xóa)"
        if isinstance(self.value, dict):
            return "(còn bản ghi)"
        return value_text(self.value, self.column)


@dataclass(frozen=True)
class LoggedConflict:
    """One import's concurrent edits of one record: its fields, both sides, the rule's pick."""

    ids: tuple[int, ...]
    found_at: str
    kind: str
    record_uuid: str
    title: str
    nature: str
    fields: tuple[tuple[str, Side, Side], ...]  # (column label, this PC's side, the other's)
    winner: str  # HERE or THERE
    seen: bool

    @property
    def kind_label(self) -> str:
        return label_of(self.kind)

    @property
    def description(self) -> str:
        return _NATURES.get(self.nature, self.nature)

    @property
    def kept_text(self) -> str:
        return "Bản trên máy này" if self.winner == HERE else "Bản của máy kia"


def _time(clock: int) -> str:
    return clock_time(clock) if clock else ""


def _side(raw: str | None, column: str, clock: int, who: str) -> Side:
    value = json.loads(raw) if raw is not None else None
    return Side(value, column, _time(clock), who, raw is None)


def list_conflicts(conn: sqlite3.Connection, *, only_open: bool = False) -> list[LoggedConflict]:
    """Newest first; one entry per import and record."""
    where = "WHERE seen = 0" if only_open else ""
    rows = conn.execute(
        "SELECT id, found_at, package_id, record_kind, record_uuid, title, col, nature, "
        "here_value, here_hlc, here_who, there_value, there_hlc, there_who, winner, seen "
        f"FROM sync_conflicts {where} ORDER BY found_at DESC, id"
    ).fetchall()
    grouped: dict[tuple[str, str, str], list[tuple[Any, ...]]] = {}
    for row in rows:
        grouped.setdefault((row[1], row[2], row[4]), []).append(row)
    found = []
    for members in grouped.values():
        first = members[0]
        kind = first[3]
        fields = tuple(
            (
                column_name(kind, m[6]) if m[6] else "Bản ghi",
                _side(m[8], m[6], m[9], m[10]),
                _side(m[11], m[6], m[12], m[13]),
            )
            for m in members
        )
        found.append(
            LoggedConflict(
                ids=tuple(m[0] for m in members),
                found_at=first[1],
                kind=kind,
                record_uuid=first[4],
                title=first[5],
                nature=first[7],
                fields=fields,
                winner=first[14],
                seen=all(m[15] for m in members),
            )
        )
    return found


def open_count(conn: sqlite3.Connection) -> int:
    count: int = conn.execute("SELECT count(*) FROM sync_conflicts WHERE seen = 0").fetchone()[0]
    return count


def mark_seen(conn: sqlite3.Connection, conflict: LoggedConflict) -> None:
    with _transaction(conn):
        _mark(conn, conflict)


def _mark(conn: sqlite3.Connection, conflict: LoggedConflict) -> None:
    conn.executemany(
        "UPDATE sync_conflicts SET seen = 1 WHERE id = ?", [(i,) for i in conflict.ids]
    )


class _transaction:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, kind: object, *rest: object) -> None:
        self.conn.execute("ROLLBACK" if kind else "COMMIT")


def use_other_value(conn: sqlite3.Connection, conflict: LoggedConflict) -> str:
    """Take the side the rule did not keep, as a new edit on this PC (it travels); returns
    what was done, for the message. Raises ``ValueError`` with a Vietnamese message when
    the record changed since in a way that makes it impossible."""
    lost = THERE if conflict.winner == HERE else HERE
    if conflict.kind not in BY_NAME:
        raise ValueError("Loại dữ liệu này không còn trong chương trình.")
    with _transaction(conn):
        return keep_side(conn, conflict.kind, conflict.record_uuid, lost, conflict.ids)


def keep_side(conn: sqlite3.Connection, kind: str, uuid: str, side: str, ids: Sequence[int]) -> str:
    """The officer's choice of one side of a logged conflict, inside the caller's
    transaction: that side written as a new edit here (it travels), and the log rows
    ``ids`` saying that side is kept, decided (seen). The import preview's choice and the
    log's «Dùng bản còn lại» both come here."""
    done = write_side(conn, kind, uuid, side, ids)
    conn.executemany(
        "UPDATE sync_conflicts SET seen = 1, winner = ? WHERE id = ?", [(side, i) for i in ids]
    )
    return done


def write_side(
    conn: sqlite3.Connection, kind: str, uuid: str, side: str, ids: Sequence[int]
) -> str:
    """Write one side (HERE or THERE) of the logged conflict rows ``ids`` of a record as a new
    edit here, inside the caller's transaction: the fields it had, the record brought back,
    or the deletion made. Returns what was done, for the message."""
    rows = conn.execute(
        f"SELECT col, {side}_value FROM sync_conflicts WHERE id IN ({', '.join('?' for _ in ids)})",
        list(ids),
    ).fetchall()
    columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{kind}")') if r[1] != "id"]
    exists = conn.execute(f'SELECT 1 FROM "{kind}" WHERE uuid = ?', (uuid,)).fetchone()
    if rows and rows[0][0]:  # fields
        if not exists:
            raise ValueError("Bản ghi này đã bị xóa sau đó; không dùng lại được giá trị của nó.")
        values = {col: json.loads(raw) if raw is not None else None for col, raw in rows}
        values["updated_at"] = utc_now()
        assignments = ", ".join(f'"{c}" = ?' for c in values)
        conn.execute(f'UPDATE "{kind}" SET {assignments} WHERE uuid = ?', [*values.values(), uuid])
        done = "Đã dùng giá trị còn lại; lần trao đổi sau sẽ gửi sang máy kia."
    else:
        raw = rows[0][1] if rows else None
        if raw is None:  # the deletion: delete now
            if exists:
                conn.execute(f'DELETE FROM "{kind}" WHERE uuid = ?', (uuid,))
            done = "Đã xóa bản ghi; lần trao đổi sau sẽ gửi việc xóa sang máy kia."
        else:  # the record: bring it back (its insert is newer than the deletion)
            if not exists:
                record = {k: v for k, v in json.loads(raw).items() if k in columns}
                record["updated_at"] = utc_now()
                insert_row(conn, kind, record)
            done = "Đã lấy lại bản ghi; lần trao đổi sau sẽ gửi sang máy kia."
    rebuild_derived(conn, {(kind, uuid)})
    return done
