"""Writing a plan: the evidence files, the records, their versions and deletions, the conflict
log."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any

from cchc_desktop.jobs import CancelledFn, JobCancelled, ProgressFn
from cchc_desktop.store.kinds import BY_NAME
from cchc_desktop.store.records import utc_now
from cchc_desktop.transfer import PackageError
from cchc_desktop.transfer.conflicts import keep_side
from cchc_desktop.transfer.merge.planner import Planner
from cchc_desktop.transfer.merge.preview import files_needed
from cchc_desktop.transfer.merge.steps import (
    CREATED,
    DELETE,
    HERE,
    NEW,
    RESTORE,
    THERE,
    UPDATE,
    VERSIONS,
    WRITES,
    ZERO,
    Plan,
    Step,
    Version,
)
from cchc_desktop.transfer.model import BY_RULE, KEEP_LOCAL, TAKE_INCOMING, VerifiedPackage
from cchc_desktop.transfer.reader import PackageFiles
from cchc_desktop.transfer.rows import insert_row, rebuild_derived


def _copy_blobs(
    conn: sqlite3.Connection,
    package: VerifiedPackage,
    wanted: dict[str, int],
    progress: ProgressFn,
    cancelled: CancelledFn,
) -> None:
    total = max(sum(wanted.values()), 1)
    done = 0
    with PackageFiles(package) as files:
        for sha, size in wanted.items():
            cursor = conn.execute(
                "INSERT INTO file_blobs (sha256, size, data) VALUES (?, ?, zeroblob(?))",
                (sha, size, size),
            )
            digest = hashlib.sha256()
            written = 0
            blob_row = cursor.lastrowid
            assert blob_row is not None  # the row just inserted
            with conn.blobopen("file_blobs", "data", blob_row) as blob:
                for chunk in files.chunks(sha):
                    if cancelled():
                        raise JobCancelled()
                    if written + len(chunk) > size:
                        raise PackageError(
                            f"Tệp «files/{sha}» trong gói dài hơn khai báo.", member=f"files/{sha}"
                        )
                    blob.write(chunk)
                    digest.update(chunk)
                    written += len(chunk)
                    done += len(chunk)
                    progress(done, total, "Đang chép tệp kiểm chứng…")
            if written != size or digest.hexdigest() != sha:
                raise PackageError(
                    f"Thành phần «files/{sha}» của gói đã thay đổi sau khi kiểm tra (USB bị rút "
                    "hoặc tệp bị chép đè?). Chưa có gì thay đổi.",
                    member=f"files/{sha}",
                )


def dangling_links(conn: sqlite3.Connection) -> list[str]:
    problems = []
    for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check").fetchall()[:5]:
        uuid_row = conn.execute(f'SELECT uuid FROM "{table}" WHERE rowid = ?', (rowid,)).fetchone()
        label = BY_NAME[table].label if table in BY_NAME else table
        problems.append(
            f"«{label}» {uuid_row[0] if uuid_row else rowid} cần một bản ghi «"
            f"{BY_NAME[parent].label if parent in BY_NAME else parent}» không có trên máy này"
        )
    return problems


def _update(conn: sqlite3.Connection, kind: str, uuid: str, values: dict[str, Any]) -> None:
    if not values:
        return
    assignments = ", ".join(f'"{k}" = ?' for k in values)
    conn.execute(f'UPDATE "{kind}" SET {assignments} WHERE uuid = ?', [*values.values(), uuid])


def _write_versions(
    conn: sqlite3.Connection, uuid: str, marks: dict[str, Version], fresh: bool
) -> None:
    if fresh:
        conn.execute("DELETE FROM field_versions WHERE uuid = ?", (uuid,))
    conn.executemany(
        "INSERT INTO field_versions (uuid, col, hlc, node, who) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (uuid, col) DO UPDATE SET hlc = excluded.hlc, node = excluded.node, "
        "who = excluded.who",
        [(uuid, col, v[0], v[1], v[2]) for col, v in marks.items()],
    )


def _write_tombstone(conn: sqlite3.Connection, tomb: dict[str, Any]) -> None:
    hlc, node, who = tomb["version"]
    conn.execute(
        "INSERT INTO tombstones (uuid, record_kind, deleted_at, hlc, node, who) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (uuid) DO UPDATE SET "
        "deleted_at = excluded.deleted_at, hlc = excluded.hlc, node = excluded.node, "
        "who = excluded.who",
        (tomb["uuid"], tomb["record_kind"], tomb["deleted_at"], hlc, node, who),
    )


def write_plan(
    conn: sqlite3.Connection,
    planner: Planner,
    plan: Plan,
    progress: ProgressFn,
    cancelled: CancelledFn,
) -> None:
    package = planner.package
    steps = plan.steps
    _copy_blobs(conn, package, files_needed(conn, package, steps), progress, cancelled)
    progress(0, 0, "Đang ghi dữ liệu…")
    # Deletions first, children before parents.
    for step in reversed(steps):
        if step.action == DELETE and step.tombstone is not None:
            conn.execute(f'DELETE FROM "{step.kind}" WHERE uuid = ?', (step.uuid,))
            _write_tombstone(conn, step.tombstone)
            conn.execute("DELETE FROM field_versions WHERE uuid = ?", (step.uuid,))
    for step in steps:
        row = step.row or {}
        if step.action in (NEW, RESTORE):
            conn.execute("DELETE FROM tombstones WHERE uuid = ?", (step.uuid,))
            insert_row(conn, step.kind, row)
            _write_versions(conn, step.uuid, step.versions or {"*": ZERO}, fresh=True)
        elif step.action == UPDATE:
            local = step.local or {}
            changed = {c: v for c, v in row.items() if c != "uuid" and local.get(c) != v}
            _update(conn, step.kind, step.uuid, changed)
            _write_versions(conn, step.uuid, step.versions, fresh=False)
        elif step.action == VERSIONS:
            local = step.local or {}
            moved = {
                c: row[c] for c in ("updated_at", CREATED) if c in row and row[c] != local.get(c)
            }
            _update(conn, step.kind, step.uuid, moved)
            _write_versions(conn, step.uuid, step.versions, fresh=False)
    for tomb in plan.tombstones:
        _write_tombstone(conn, tomb)
    # Cascaded deletions made by this import carry the deletion's clock, not none.
    conn.execute(
        "UPDATE tombstones SET hlc = (SELECT hlc FROM sync_clock WHERE id = 1), node = ? "
        "WHERE hlc = 0",
        (planner.local.node,),
    )
    _rebuild_derived(conn, steps)


def _rebuild_derived(conn: sqlite3.Connection, steps: list[Step]) -> None:
    rebuild_derived(conn, {(s.kind, s.uuid) for s in steps if s.action in WRITES})


def log_conflicts(conn: sqlite3.Connection, planner: Planner, plan: Plan) -> None:
    now = utc_now()
    package_id = planner.package.manifest.package_id
    for step in plan.steps:
        kind = BY_NAME[step.kind]
        for c in step.conflicts:
            shown = {**(step.local or {}), **(step.row or {})}
            here_v, there_v = c["here_version"], c["there_version"]
            conn.execute(
                "INSERT INTO sync_conflicts (found_at, package_id, record_kind, record_uuid, "
                "title, col, nature, here_value, here_hlc, here_node, here_who, there_value, "
                "there_hlc, there_node, there_who, winner) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    now,
                    package_id,
                    step.kind,
                    step.uuid,
                    planner.title(kind, shown),
                    c["col"],
                    c["nature"],
                    _stored_value(c["here"], field=bool(c["col"])),
                    here_v[0],
                    here_v[1],
                    here_v[2],
                    _stored_value(c["there"], field=bool(c["col"])),
                    there_v[0],
                    there_v[1],
                    there_v[2],
                    c["winner"],
                ),
            )


def _stored_value(value: Any, *, field: bool) -> str | None:
    """JSON of a field's value (``null`` for an empty one) or of a whole record; None stands
    for a deletion."""
    if value is None and not field:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def apply_choices(
    conn: sqlite3.Connection, planner: Planner, plan: Plan, resolutions: dict[str, str]
) -> int:
    """The officer's choices against the rule, saved as new edits here (they travel), from
    the conflict log this import has just written."""
    package_id = planner.package.manifest.package_id
    made = 0
    for step in plan.steps:
        if not step.conflicts:
            continue
        choice = resolutions.get(step.uuid, BY_RULE)
        if choice not in (KEEP_LOCAL, TAKE_INCOMING, BY_RULE):
            raise ValueError(choice)
        winner = step.conflicts[0]["winner"]
        if choice == BY_RULE or (choice == KEEP_LOCAL) == (winner == HERE):
            continue
        made += 1
        ids = [
            row[0]
            for row in conn.execute(
                "SELECT id FROM sync_conflicts WHERE record_uuid = ? AND package_id = ?",
                (step.uuid, package_id),
            )
        ]
        keep_side(conn, step.kind, step.uuid, HERE if choice == KEEP_LOCAL else THERE, ids)
    return made
