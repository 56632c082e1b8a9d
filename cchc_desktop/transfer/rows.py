"""A travelling record written here, and a clock read as a time: what the merge of a
package (:mod:`.merge`) and the conflict log (:mod:`.conflicts`) both do.

The clock is the merge's logical clock: milliseconds × 65536 + a counter.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any


def legacy_clock(stamp: str) -> int:
    """The clock of a record of 0.6.0 from its UTC time text (what migration 0008 computes)."""
    moment = datetime.strptime(stamp[:23], "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000) * 65536


def clock_time(clock: int) -> str:
    """The UTC time text of a clock, for what the officer reads."""
    moment = datetime.fromtimestamp((clock >> 16) / 1000, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def insert_row(conn: sqlite3.Connection, kind: str, row: dict[str, Any]) -> None:
    """Insert a travelling record as it is (the profile has the row id 1)."""
    values = dict(row)
    if kind == "commune_profile":
        values["id"] = 1
    names = ", ".join(f'"{k}"' for k in values)
    marks = ", ".join("?" for _ in values)
    conn.execute(f'INSERT INTO "{kind}" ({names}) VALUES ({marks})', list(values.values()))


def rebuild_derived(conn: sqlite3.Connection, written: set[tuple[str, str]]) -> None:
    """Search text, sort keys and caches of these records (kind, uuid), computed here."""
    from cchc_desktop.core.staff import name_sort_key
    from cchc_desktop.store import task_repo

    tasks = {u for k, u in written if k == "tasks"}
    documents = {u for k, u in written if k == "documents"}
    task_repo.refresh_caches(conn, tasks, documents)
    for kind, uuid in written:
        if kind == "officials":
            row = conn.execute("SELECT full_name FROM officials WHERE uuid = ?", (uuid,)).fetchone()
            if row:
                conn.execute(
                    "UPDATE officials SET name_sort = ? WHERE uuid = ?",
                    (name_sort_key(row[0]), uuid),
                )
