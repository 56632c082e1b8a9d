"""Importing a verified package into a store: a dry-run plan, then one transaction.

Records are matched by uuid (or, for a record created separately on each PC,
by its natural key: the same year's self-assessment, the same setting …).
Each store keeps, per record that came in from a package (``sync_state``), its
own version when both PCs last held the same content (*base*) and the other
PC's version last imported (*seen*); a package carries, as ``_base``, the
latest version its sender knew the other side had. For a record that differs:

- this very version was imported before → whatever was decided then stands;
- the package's record was built on this PC's current version, or this PC has
  not changed it since the last agreement → take the package's;
- the sender has not changed it since what it received → keep this PC's;
- nothing is known of a common version → the newer update wins;
- otherwise both PCs changed it since the last exchange → a **conflict** that
  the officer resolves (this PC's version is kept unless they choose otherwise).

Exporting records a base only for a record sent for the first time: a package
may never reach the other PC, so only an import moves the common version.
Deletions travel as tombstones and follow the same rule (deleted there but
changed here, or deleted here but changed there, is a conflict). A record of a
self-assessment that is locked (chốt) on this PC is never changed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cchc_desktop.jobs import CancelledFn, JobCancelled, ProgressFn, never_cancelled, no_progress
from cchc_desktop.store import history
from cchc_desktop.store.records import utc_now
from cchc_desktop.transfer import PackageError
from cchc_desktop.transfer.kinds import (
    BY_NAME,
    HISTORY_PERSONAL,
    KINDS,
    LOCAL_COLUMNS,
    Kind,
    column_label,
)
from cchc_desktop.transfer.model import (
    BOTH_CHANGED,
    DELETED_HERE,
    DELETED_THERE,
    KEEP_LOCAL,
    TAKE_INCOMING,
    Conflict,
    Difference,
    ImportPlan,
    ImportResult,
    KindSummary,
    VerifiedPackage,
)
from cchc_desktop.transfer.reader import PackageFiles
from cchc_desktop.transfer.writer import data_member

log = logging.getLogger(__name__)

BACKUP_REASON = "truoc-nhap-goi"

# Actions of the plan.
NEW = "new"
UPDATE = "update"
RESTORE = "restore"  # deleted here, brought back from the package
DELETE = "delete"
UNCHANGED = "unchanged"
CONFLICT = "conflict"
LOCKED = "locked"

# Columns computed from others for sorting and searching: not shown in conflicts.
_DERIVED = frozenset(
    {"search_text", "content_sort", "lead_sort", "source_sort", "issuer_sort", "name_sort"}
)


@dataclass
class _Step:
    kind: str
    uuid: str  # the uuid on this PC (after matching by natural key)
    action: str
    row: dict[str, Any] | None = None  # the incoming record (aliased), None for a deletion
    base: str | None = None  # this PC's version once both PCs hold the same content
    conflict: Conflict | None = None
    deleted_at: str = ""
    seen: str | None = None  # the package's version (or deletion time) of the record


@dataclass
class _Plan:
    steps: list[_Step] = field(default_factory=list)
    unknown_tombstones: list[dict[str, Any]] = field(default_factory=list)
    fingerprint: str = ""


# --- reading this PC's side -------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    type: str
    notnull: bool
    has_default: bool


def _columns(conn: sqlite3.Connection, table: str) -> dict[str, _Column]:
    return {
        row[1]: _Column(str(row[2]).upper(), bool(row[3]), row[4] is not None)
        for row in conn.execute(f'PRAGMA table_info("{table}")')
        if row[1] not in LOCAL_COLUMNS
    }


def _local_rows(conn: sqlite3.Connection, table: str, columns: list[str]) -> dict[str, dict]:
    quoted = ", ".join(f'"{c}"' for c in columns)
    return {
        row["uuid"]: row
        for row in (
            dict(zip(columns, values, strict=True))
            for values in conn.execute(f'SELECT {quoted} FROM "{table}"')
        )
    }


def fingerprint(conn: sqlite3.Connection) -> str:
    """Changes whenever a travelling record, a tombstone or the exchange state changes (every
    change of a record moves its updated_at)."""
    digest = hashlib.sha256()
    queries = [f'SELECT uuid, updated_at FROM "{kind.name}" ORDER BY uuid' for kind in KINDS]
    queries.append("SELECT uuid, deleted_at FROM tombstones ORDER BY uuid")
    queries.append("SELECT uuid, base_updated_at, seen_updated_at FROM sync_state ORDER BY uuid")
    for query in queries:
        for row in conn.execute(query):
            digest.update(repr(row).encode())
        digest.update(b"|")
    return digest.hexdigest()


def check_destination(conn: sqlite3.Connection, package: VerifiedPackage) -> None:
    """Refuse another commune's package, and sample data mixed with real data."""
    manifest = package.manifest
    kind_row = conn.execute("SELECT value FROM store_meta WHERE key = 'store_kind'").fetchone()
    store_is_demo = bool(kind_row and kind_row[0] == "demo")
    if manifest.demo and not store_is_demo:
        raise PackageError(
            "Gói này được tạo từ dữ liệu mẫu (chạy thử), không nhập vào tệp dữ liệu thật."
        )
    if store_is_demo and not manifest.demo:
        raise PackageError(
            "Tệp đang mở là dữ liệu mẫu (chạy thử): không nhập dữ liệu thật vào đây. Hãy mở "
            "tệp dữ liệu thật của xã rồi nhập gói."
        )
    profile = conn.execute(
        "SELECT commune_code, unit_kind, commune_name FROM commune_profile"
    ).fetchone()
    if profile and profile[0] != manifest.unit_code:
        raise PackageError(
            f"Gói này là dữ liệu của {manifest.unit_name} (mã {manifest.unit_code}), không phải "
            f"của {profile[1]} {profile[2]} (mã {profile[0]}). Tệp dữ liệu của một xã chỉ nhận "
            "gói của chính xã đó. Chưa có gì thay đổi."
        )


def _check_shapes(package: VerifiedPackage, columns: dict[str, dict[str, _Column]]) -> None:
    """Every record has only known columns, its required ones, and values of the right type."""
    skipped_personal = () if package.manifest.personal_data else HISTORY_PERSONAL
    for kind in KINDS:
        known = columns[kind.name]
        member = data_member(kind.name)
        for number, row in enumerate(package.records.get(kind.name, []), start=1):
            where = f"bản ghi thứ {number} ({row.get('uuid')})"
            for name, value in row.items():
                if name == "_base":
                    continue
                column = known.get(name)
                if column is None:
                    raise PackageError(
                        f"Thành phần «{member}» có {where} chứa cột lạ «{name}».", member=member
                    )
                if value is None:
                    if column.notnull:
                        raise PackageError(
                            f"Thành phần «{member}» có {where} để trống cột bắt buộc «{name}».",
                            member=member,
                        )
                    continue
                expected: type | tuple[type, ...] = int if column.type == "INTEGER" else str
                if column.type in ("REAL", "NUMERIC"):
                    expected = (int, float)
                out_of_range = isinstance(value, int) and not -(2**63) <= value < 2**63
                if not isinstance(value, expected) or isinstance(value, bool) or out_of_range:
                    raise PackageError(
                        f"Thành phần «{member}» có {where}: cột «{name}» sai kiểu dữ liệu.",
                        member=member,
                    )
            for name, column in known.items():
                required = column.notnull and not column.has_default and name != "id"
                if required and name not in row and name not in skipped_personal:
                    raise PackageError(
                        f"Thành phần «{member}» có {where} thiếu cột bắt buộc «{name}».",
                        member=member,
                    )


# --- the plan ---------------------------------------------------------------------------


def _merged_history(row: dict[str, Any], local: dict[str, Any] | None) -> dict[str, Any]:
    """An earlier record of an official from a package without personal data keeps this PC's
    personal fields."""
    data = json.loads(row["data"])
    if local is not None:
        old = json.loads(local["data"])
        for name in HISTORY_PERSONAL:
            if name in old:
                data[name] = old[name]
    return {**row, "data": json.dumps(data, ensure_ascii=False, sort_keys=True)}


def _differences(kind: Kind, local: dict[str, Any], row: dict[str, Any]) -> tuple[Difference, ...]:
    found = []
    for name, value in row.items():
        if name in ("_base", "uuid", "updated_at") or name in _DERIVED:
            continue
        if local.get(name) != value:
            found.append(
                Difference(column_label(kind.name, name), _shown(local.get(name)), _shown(value))
            )
    return tuple(found)


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(trống)"
    text = str(value)
    return text if len(text) <= 160 else text[:157] + "…"


class _Planner:
    def __init__(self, conn: sqlite3.Connection, package: VerifiedPackage):
        self.conn = conn
        self.package = package
        self.columns = {kind.name: _columns(conn, kind.name) for kind in KINDS}
        self.local = {
            kind.name: _local_rows(conn, kind.name, list(self.columns[kind.name])) for kind in KINDS
        }
        self.tombs = {
            row[0]: (row[1], row[2])
            for row in conn.execute("SELECT uuid, record_kind, deleted_at FROM tombstones")
        }
        self.sync = {
            row[0]: (row[1], row[2])
            for row in conn.execute("SELECT uuid, base_updated_at, seen_updated_at FROM sync_state")
        }
        self.foreign_keys = {
            kind.name: [
                (
                    row[3],
                    row[2],
                    row[4],
                    str(row[6]).upper(),
                )  # column, parent, its column, on delete
                for row in conn.execute(f'PRAGMA foreign_key_list("{kind.name}")')
            ]
            for kind in KINDS
        }
        self.alias: dict[str, str] = {}
        self.indexes: dict[str, dict[tuple[Any, ...], str]] = {}
        self.personal = package.manifest.personal_data
        self.deleted_there = {t["uuid"] for t in package.tombstones}

    def locked(self, kind: Kind, row: dict[str, Any] | None, uuid: str) -> bool:
        if not kind.assessment:
            return False
        source = row if row is not None else self.local[kind.name].get(uuid, {})
        assessment = uuid if kind.assessment == "uuid" else source.get(kind.assessment)
        local = self.local["assessments"].get(assessment or "")
        return bool(local and local.get("locked_at"))

    def title(self, kind: Kind, row: dict[str, Any]) -> str:
        if kind.assessment and kind.name != "assessments":
            assessment = self.local["assessments"].get(row.get("assessment_uuid", ""), {})
            year = assessment.get("year", "")
            return f"Tiêu chí {row.get('code', '')} (năm {year})".replace(" (năm )", "")
        if kind.name == "assessments":
            return f"Phiếu tự chấm điểm năm {row.get('year', '')}"
        value = row.get(kind.title, "") if kind.title else ""
        return _shown(value) if value not in (None, "") else kind.label

    def aliased(self, kind: Kind, row: dict[str, Any]) -> dict[str, Any]:
        row = dict(row)
        for column, _target in kind.hard_refs + kind.soft_refs:
            value = row.get(column)
            if value in self.alias:
                row[column] = self.alias[value]
        return row

    def match(self, kind: Kind, row: dict[str, Any]) -> str:
        """This PC's uuid for the record: its own, or that of the record with its natural key."""
        uuid = row["uuid"]
        if kind.natural_key is None or uuid in self.local[kind.name] or uuid in self.tombs:
            return uuid
        key = tuple(self.aliased(kind, row).get(c) for c in kind.natural_key)
        if any(v is None for v in key):
            return uuid
        found = self.natural_index(kind).get(key)
        if found is not None and found not in self.deleted_there:
            self.alias[uuid] = found
            return found
        return uuid

    def natural_index(self, kind: Kind) -> dict[tuple[Any, ...], str]:
        """This PC's records of ``kind`` by natural key (unique: a UNIQUE constraint)."""
        if kind.name not in self.indexes:
            self.indexes[kind.name] = {
                tuple(local_row.get(c) for c in kind.natural_key or ()): local_uuid
                for local_uuid, local_row in self.local[kind.name].items()
            }
        return self.indexes[kind.name]

    def content_equal(self, local: dict[str, Any], row: dict[str, Any]) -> bool:
        return all(
            local.get(name) == value
            for name, value in row.items()
            if name not in ("_base", "updated_at", "uuid")
        )

    def record_step(self, kind: Kind, incoming: dict[str, Any]) -> _Step:
        uuid = self.match(kind, incoming)
        row = self.aliased(kind, {**incoming, "uuid": uuid})
        if not self.personal and kind.name == "official_history":
            row = _merged_history(row, self.local[kind.name].get(uuid))
        theirs = row["updated_at"]
        ib = incoming.get("_base")  # the version the sender last had from another PC
        lb, seen = self.sync.get(uuid, (None, None))
        local = self.local[kind.name].get(uuid)
        step = _Step(kind.name, uuid, UNCHANGED, row, seen=theirs)
        they_kept = ib is not None and theirs == ib  # not changed there since the agreement
        if seen == theirs:
            pass  # this very version was imported before: whatever was decided stands
        elif local is None:
            tomb = self.tombs.get(uuid)
            if tomb is None:
                step.action = NEW
            elif ib is not None and ib == tomb[1]:
                step.action = RESTORE  # they saw this deletion and chose to keep the record
            elif they_kept:
                pass  # deleted here, unchanged there: stays deleted
            elif lb is None or ib is None:
                step.action = RESTORE if theirs > tomb[1] else UNCHANGED
            else:
                step.action = CONFLICT
                step.conflict = Conflict(
                    uuid, kind.name, kind.label, self.title(kind, row), DELETED_HERE, "", theirs
                )
        elif self.content_equal(local, row):
            step.base = local["updated_at"]  # both PCs hold the same content now
        elif ib is not None and ib == local["updated_at"]:
            step.action = UPDATE  # built on this PC's current version
        elif lb is not None and lb == local["updated_at"]:
            step.action = UPDATE  # not changed here since the agreement
        elif they_kept:
            pass  # not changed there since the agreement: this PC's change stays
        elif lb is None or ib is None:
            step.action = UPDATE if theirs > local["updated_at"] else UNCHANGED
        else:
            step.action = CONFLICT
            step.conflict = Conflict(
                uuid,
                kind.name,
                kind.label,
                self.title(kind, {**local, **row}),
                BOTH_CHANGED,
                local["updated_at"],
                theirs,
                _differences(kind, local, row),
            )
        if step.action in (NEW, UPDATE, RESTORE):
            step.base = theirs
        if step.action != UNCHANGED and self.locked(kind, row, uuid):
            step.action = LOCKED
            step.conflict = None
        return step

    def tombstone_step(self, tomb: dict[str, Any]) -> _Step | None:
        kind = BY_NAME[tomb["record_kind"]]
        uuid = tomb["uuid"]
        local = self.local[kind.name].get(uuid)
        deleted_at = tomb["deleted_at"]
        if local is None:
            return None
        ib = tomb.get("_base")
        lb, seen = self.sync.get(uuid, (None, None))
        step = _Step(kind.name, uuid, UNCHANGED, None, seen=deleted_at, deleted_at=deleted_at)
        if seen == deleted_at:
            pass
        elif ib is not None and ib == local["updated_at"]:
            step.action = DELETE  # the version deleted there is the one here
        elif lb is not None and lb == local["updated_at"]:
            step.action = DELETE  # not changed here since the agreement
        elif lb is None or ib is None:
            step.action = DELETE if deleted_at > local["updated_at"] else UNCHANGED
        else:
            step.action = CONFLICT
            step.conflict = Conflict(
                uuid,
                kind.name,
                kind.label,
                self.title(kind, local),
                DELETED_THERE,
                local["updated_at"],
                deleted_at,
            )
        if step.action != UNCHANGED and self.locked(kind, None, uuid):
            step.action = LOCKED
            step.conflict = None
        return step

    def plan(self) -> _Plan:
        result = _Plan(fingerprint=fingerprint(self.conn))
        incoming_uuids = set()
        for kind in KINDS:
            for incoming in self.package.records.get(kind.name, []):
                incoming_uuids.add(incoming["uuid"])
                result.steps.append(self.record_step(kind, incoming))
        for tomb in self.package.tombstones:
            if tomb["uuid"] in incoming_uuids:
                continue  # the record itself travels: it was brought back after the deletion
            step = self.tombstone_step(tomb)
            if step is not None:
                result.steps.append(step)
            elif tomb["uuid"] not in self.tombs and not any(
                tomb["uuid"] in rows for rows in self.local.values()
            ):
                result.unknown_tombstones.append(tomb)
        return result


_WRITES = (NEW, RESTORE, UPDATE)


def _prune(planner: _Planner, steps: list[_Step]) -> tuple[list[_Step], list[str]]:
    """Keep the store whole: a deletion stays undone while a remaining record needs the
    record; a record whose parent will not exist is not written. Returns the steps and notes."""
    steps = list(steps)
    kept_deletions = 0
    dropped = 0
    for _round in range(4):
        changed = False
        deleting = {(s.kind, s.uuid) for s in steps if s.action == DELETE}
        written = {(s.kind, s.uuid): s.row or {} for s in steps if s.action in _WRITES}
        needed: set[tuple[str, str]] = set()
        for kind in KINDS:
            keys = [fk for fk in planner.foreign_keys[kind.name] if fk[2] == "uuid"]
            if not keys or not deleting:
                continue
            rows = {**planner.local[kind.name]}
            rows.update({u: r for (k, u), r in written.items() if k == kind.name})
            for uuid, row in rows.items():
                gone = (kind.name, uuid) in deleting
                for column, parent, _to, on_delete in keys:
                    target = (parent, row.get(column))
                    if target not in deleting:
                        continue
                    if on_delete == "CASCADE" and ((kind.name, uuid) not in written or gone):
                        continue  # goes with its parent
                    if not gone:
                        needed.add(target)
        if needed:
            changed = True
            for step in steps:
                if step.action == DELETE and (step.kind, step.uuid) in needed:
                    step.action = UNCHANGED
                    step.base = step.seen = None
                    kept_deletions += 1
        deleting = {(s.kind, s.uuid) for s in steps if s.action == DELETE}
        existing = {
            kind.name: {u for u in planner.local[kind.name] if (kind.name, u) not in deleting}
            for kind in KINDS
        }
        for step in steps:
            if step.action in _WRITES:
                existing[step.kind].add(step.uuid)
        for step in steps:
            if step.action not in _WRITES:
                continue
            for column, parent, to, _on_delete in planner.foreign_keys[step.kind]:
                value = (step.row or {}).get(column)
                if to == "uuid" and value is not None and value not in existing.get(parent, ()):
                    step.action = UNCHANGED
                    step.base = step.seen = None
                    existing[step.kind].discard(step.uuid)
                    dropped += 1
                    changed = True
                    break
        for step in steps:
            if step.action in (NEW, RESTORE) and _collides(planner, step, deleting):
                step.action = UNCHANGED
                step.base = step.seen = None
                dropped += 1
                changed = True
        if not changed:
            break
    notes = []
    if kept_deletions:
        notes.append(
            f"{kept_deletions} bản ghi mà gói đã xóa được giữ lại vì dữ liệu trên máy này vẫn "
            "dùng đến."
        )
    if dropped:
        notes.append(
            f"{dropped} bản ghi trong gói không nhập vì bản ghi liên quan (ví dụ nhiệm vụ, văn "
            "bản, cán bộ) không có hoặc đã bị xóa trên máy này."
        )
    return steps, notes


def _collides(planner: _Planner, step: _Step, deleting: set[tuple[str, str]]) -> bool:
    """A new record whose natural key is taken by another record that stays on this PC."""
    kind = BY_NAME[step.kind]
    if not kind.natural_key:
        return False
    key = tuple((step.row or {}).get(c) for c in kind.natural_key)
    if any(v is None for v in key):
        return False
    taken_by = planner.natural_index(kind).get(key)
    return taken_by is not None and taken_by != step.uuid and (kind.name, taken_by) not in deleting


def _summaries(steps: Iterable[_Step]) -> list[KindSummary]:
    by_kind = {kind.name: KindSummary(kind.name, kind.label) for kind in KINDS}
    for step in steps:
        summary = by_kind[step.kind]
        if step.action in (NEW, RESTORE):
            summary.new += 1
        elif step.action == UPDATE:
            summary.updated += 1
        elif step.action == DELETE:
            summary.deleted += 1
        elif step.action == CONFLICT:
            summary.conflicts += 1
        elif step.action == LOCKED:
            summary.kept_locked += 1
        else:
            summary.unchanged += 1
    return list(by_kind.values())


def _new_files(
    conn: sqlite3.Connection, package: VerifiedPackage, steps: list[_Step]
) -> dict[str, int]:
    """The evidence files that written records need and this PC does not have."""
    wanted = {
        (s.row or {})["sha256"]
        for s in steps
        if s.kind == "document_files" and s.action in (NEW, RESTORE, UPDATE, CONFLICT)
    }
    have = {
        row[0]
        for sha in wanted
        for row in conn.execute("SELECT sha256 FROM file_blobs WHERE sha256 = ?", (sha,))
    }
    return {sha: package.files[sha] for sha in sorted(wanted - have)}


def _prepare(conn: sqlite3.Connection, package: VerifiedPackage) -> tuple[_Planner, _Plan]:
    check_destination(conn, package)
    planner = _Planner(conn, package)
    _check_shapes(package, planner.columns)
    return planner, planner.plan()


def plan_import(conn: sqlite3.Connection, package: VerifiedPackage) -> ImportPlan:
    """What importing ``package`` would change, per kind of record; writes nothing."""
    conn.execute("BEGIN")
    try:
        planner, plan = _prepare(conn, package)
        steps, notes = _prune(planner, [_copy_step(s) for s in plan.steps])
        new_files = _new_files(conn, package, steps)
    finally:
        conn.execute("COMMIT")
    locked = sum(1 for s in plan.steps if s.action == LOCKED)
    if locked:
        notes.append(
            f"{locked} bản ghi thuộc phiếu tự chấm điểm đã chốt trên máy này được giữ nguyên "
            "(phiếu đã chốt không bao giờ bị ghi đè; muốn nhận thì mở khóa phiếu trước)."
        )
    if not package.manifest.personal_data:
        notes.append(
            "Gói không kèm dữ liệu cá nhân: giới tính, ngày sinh, dân tộc của cán bộ trên máy "
            "này được giữ nguyên."
        )
    result = ImportPlan(
        package=package,
        summaries=_summaries(steps),
        conflicts=[s.conflict for s in plan.steps if s.conflict is not None],
        new_files=len(new_files),
        new_file_bytes=sum(new_files.values()),
        notes=notes,
        fingerprint=plan.fingerprint,
    )
    del planner
    return result


# --- applying ---------------------------------------------------------------------------


def _copy_step(step: _Step) -> _Step:
    return _Step(
        step.kind,
        step.uuid,
        step.action,
        step.row,
        step.base,
        step.conflict,
        step.deleted_at,
        step.seen,
    )


def _resolve(plan: _Plan, resolutions: dict[str, str]) -> list[_Step]:
    """The steps to write, each conflict decided by the officer (this PC's version by default)."""
    steps = []
    for step in plan.steps:
        if step.action != CONFLICT:
            steps.append(step)
            continue
        assert step.conflict is not None
        choice = resolutions.get(step.conflict.key, KEEP_LOCAL)
        if choice not in (KEEP_LOCAL, TAKE_INCOMING):
            raise ValueError(choice)
        theirs = (step.row or {}).get("updated_at")
        if choice == KEEP_LOCAL:
            action, base = UNCHANGED, None
        elif step.conflict.nature == DELETED_THERE:
            action, base = DELETE, None
        elif step.conflict.nature == DELETED_HERE:
            action, base = RESTORE, theirs
        else:
            action, base = UPDATE, theirs
        steps.append(
            _Step(step.kind, step.uuid, action, step.row, base, None, step.deleted_at, step.seen)
        )
    return steps


def _insert(conn: sqlite3.Connection, kind: str, row: dict[str, Any]) -> None:
    values = {k: v for k, v in row.items() if k != "_base"}
    if kind == "commune_profile":
        values["id"] = 1
    names = ", ".join(f'"{k}"' for k in values)
    marks = ", ".join("?" for _ in values)
    conn.execute(f'INSERT INTO "{kind}" ({names}) VALUES ({marks})', list(values.values()))


def _update(conn: sqlite3.Connection, kind: str, row: dict[str, Any]) -> None:
    values = {k: v for k, v in row.items() if k not in ("_base", "uuid")}
    assignments = ", ".join(f'"{k}" = ?' for k in values)
    conn.execute(
        f'UPDATE "{kind}" SET {assignments} WHERE uuid = ?', [*values.values(), row["uuid"]]
    )


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
            with conn.blobopen("file_blobs", "data", cursor.lastrowid) as blob:
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


def _dangling(conn: sqlite3.Connection) -> list[str]:
    problems = []
    for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check").fetchall()[:5]:
        uuid_row = conn.execute(f'SELECT uuid FROM "{table}" WHERE rowid = ?', (rowid,)).fetchone()
        label = BY_NAME[table].label if table in BY_NAME else table
        problems.append(
            f"«{label}» {uuid_row[0] if uuid_row else rowid} cần một bản ghi «"
            f"{BY_NAME[parent].label if parent in BY_NAME else parent}» không có trên máy này"
        )
    return problems


def apply_import(
    conn: sqlite3.Connection,
    store_path: Path | None,
    plan: ImportPlan,
    resolutions: dict[str, str] | None = None,
    *,
    make_backup: bool = True,
    progress: ProgressFn = no_progress,
    cancelled: CancelledFn = never_cancelled,
) -> ImportResult:
    """Write ``plan`` (with the officer's choice per conflict) in one transaction.

    First a verified backup of the store at ``store_path``. Raises
    :class:`PackageError` (nothing written) when the store changed since the
    plan was made, a file in the package differs from what was checked, or a
    record would break the store's rules.
    """
    package = plan.package
    resolutions = resolutions or {}
    backup_path: Path | None = None
    if make_backup and store_path is not None:
        from cchc_desktop.store import backup as backups
        from cchc_desktop.store.errors import BackupError

        progress(0, 0, "Đang sao lưu dữ liệu hiện tại trước khi nhập…")
        reason = getattr(backups, "REASON_BEFORE_IMPORT", BACKUP_REASON)
        try:
            backup_path = backups.make_backup(store_path, reason, cancelled=cancelled)
        except BackupError as exc:
            raise PackageError(
                f"Chưa nhập vì không sao lưu được dữ liệu hiện tại: {exc.message}"
            ) from exc
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("PRAGMA defer_foreign_keys = ON")
        planner, fresh = _prepare(conn, package)
        if plan.fingerprint and fresh.fingerprint != plan.fingerprint:
            raise PackageError(
                "Dữ liệu trên máy đã thay đổi sau khi xem trước. Hãy kiểm tra và xem trước lại "
                "gói rồi mới nhập. Chưa có gì thay đổi."
            )
        steps, _notes = _prune(planner, _resolve(fresh, resolutions))
        # The change history gets one entry for the whole import, not one per record.
        with history.paused(conn):
            _write(conn, package, steps, fresh, progress, cancelled)
        problems = _dangling(conn)
        if problems:
            raise PackageError(
                "Không nhập được vì dữ liệu sẽ thiếu liên kết: " + "; ".join(problems) + ". "
                "Chưa có gì thay đổi."
            )
        summaries = _summaries(steps)
        for summary in summaries:  # decided conflicts: their outcome is in the other columns
            summary.conflicts = sum(
                1 for s in fresh.steps if s.kind == summary.kind and s.action == CONFLICT
            )
        new_files = sum(1 for s in steps if s.kind == "document_files" and s.action == NEW)
        conn.execute(
            "INSERT INTO exchanges (happened_at, direction, package_id, file_name, unit_code, "
            "summary, backup_path) VALUES (?, 'nhap', ?, ?, ?, ?, ?)",
            (
                utc_now(),
                package.manifest.package_id,
                str(package.path),
                package.manifest.unit_code,
                json.dumps(
                    {
                        s.kind: {
                            "new": s.new,
                            "updated": s.updated,
                            "deleted": s.deleted,
                            "conflicts": s.conflicts,
                        }
                        for s in summaries
                        if s.changes
                    },
                    ensure_ascii=False,
                ),
                str(backup_path or ""),
            ),
        )
        history.write_entry(
            conn,
            history.IMPORT,
            history.KIND_PACKAGE,
            {
                "file": Path(package.path).name,
                "unit": package.manifest.unit_code,
                "kinds": {
                    s.kind: {
                        "new": s.new,
                        "updated": s.updated,
                        "deleted": s.deleted,
                        "conflicts": s.conflicts,
                    }
                    for s in summaries
                    if s.changes
                },
            },
            record_uuid=package.manifest.package_id,
        )
        del planner
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        conn.execute("ROLLBACK")
        raise PackageError(f"Không ghi được dữ liệu ({exc}). Chưa có gì thay đổi.") from exc
    log.info("Imported package %s", package.path)
    return ImportResult(backup_path, summaries, new_files)


def _write(
    conn: sqlite3.Connection,
    package: VerifiedPackage,
    steps: list[_Step],
    plan: _Plan,
    progress: ProgressFn,
    cancelled: CancelledFn,
) -> None:
    try:
        _copy_blobs(conn, package, _new_files(conn, package, steps), progress, cancelled)
        progress(0, 0, "Đang ghi dữ liệu…")
        # Deletions first, children before parents: a record deleted there and created
        # again under the same natural key (a line cleared and scored again) can then be
        # written.
        for step in reversed(steps):
            if step.action == DELETE:
                conn.execute(f'DELETE FROM "{step.kind}" WHERE uuid = ?', (step.uuid,))
                conn.execute(
                    "UPDATE tombstones SET deleted_at = ? WHERE uuid = ?",
                    (step.deleted_at, step.uuid),
                )
        for step in steps:
            if step.action == NEW:
                _insert(conn, step.kind, step.row or {})
            elif step.action == RESTORE:
                conn.execute("DELETE FROM tombstones WHERE uuid = ?", (step.uuid,))
                _insert(conn, step.kind, step.row or {})
            elif step.action == UPDATE:
                _update(conn, step.kind, step.row or {})
        conn.executemany(
            "INSERT OR IGNORE INTO tombstones (uuid, record_kind, deleted_at) VALUES (?, ?, ?)",
            ((t["uuid"], t["record_kind"], t["deleted_at"]) for t in plan.unknown_tombstones),
        )
        now = utc_now()
        conn.executemany(
            "INSERT INTO sync_state (uuid, record_kind, base_updated_at, seen_updated_at, "
            "exchanged_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(uuid) DO UPDATE SET "
            "base_updated_at = coalesce(excluded.base_updated_at, base_updated_at), "
            "seen_updated_at = excluded.seen_updated_at, exchanged_at = excluded.exchanged_at",
            ((s.uuid, s.kind, s.base, s.seen, now) for s in steps if s.seen and s.action != LOCKED),
        )
    except sqlite3.IntegrityError as exc:
        raise PackageError(
            f"Không nhập được: một bản ghi trong gói trái với quy tắc của tệp dữ liệu ({exc}). "
            "Chưa có gì thay đổi."
        ) from exc
    except sqlite3.OperationalError as exc:
        raise PackageError(
            f"Không ghi được dữ liệu ({exc}): ổ đĩa đầy, USB bị rút hoặc tệp chỉ cho đọc? "
            "Chưa có gì thay đổi."
        ) from exc


def create_store_from_package(
    package: VerifiedPackage,
    target: Path,
    *,
    progress: ProgressFn = no_progress,
    cancelled: CancelledFn = never_cancelled,
) -> Path:
    """A new store file at ``target`` holding exactly the package's data (to restore from)."""
    from cchc_desktop.store.backup import remove_store_files
    from cchc_desktop.store.database import KIND_DEMO, open_store
    from cchc_desktop.store.errors import StoreError

    target = Path(target)
    if target.exists():
        raise PackageError(f"Tệp {target} đã có; chọn tên khác.")
    try:
        store = open_store(target)
    except StoreError as exc:
        raise PackageError(exc.message) from exc
    try:
        if package.manifest.demo:
            store.set_meta("store_kind", KIND_DEMO)
        plan = plan_import(store.conn, package)
        apply_import(
            store.conn, None, plan, make_backup=False, progress=progress, cancelled=cancelled
        )
    except BaseException:
        store.close()
        remove_store_files(target)
        raise
    store.close()
    return target
