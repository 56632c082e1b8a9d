"""Importing a verified package into a store: a dry-run plan, then one transaction.

The rule (format 2, version 0.7.0) is the one of CRDT maps and cr-sqlite: every field of
every travelling record is a **last-writer-wins register**. Its version is a hybrid
logical clock (milliseconds × 65536 + a counter, moved past every clock an import brings)
and the store id of the PC that wrote it (``db/0008_sync.sql`` stamps every local write).
Merging keeps, field by field, the value with the greater ``(clock, store id)``; columns
tied by a rule of the table (a task's status and completion date) merge as one group. A
deletion is a register too: a record is deleted when its tombstone is newer than every
field of the record, and brought back when an edit newer than the deletion arrives. A
record that a live record needs is never left deleted.

Because the decision depends only on the versions, every PC decides every pair the same
way, in any order of packages, any number of times: after the packages have crossed, the
stores are identical. Two edits neither of which had seen the other (the sender's
``manifest.clock`` and this PC's ``sync_peers`` tell) are a **conflict**: still decided by
the rule, but recorded in ``sync_conflicts`` with both values, who and when, and shown to
the officer, whose different choice is saved as a new edit that travels. Nothing typed
disappears without a trace: the losing value stays in that log.

Records that are one thing by nature have the uuid every PC computes
(``records.stable_uuid``); a package of 0.6.0 (format 1, no versions) is read with each
record's ``updated_at`` as the version of all its fields and its records moved to those
uuids.
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

from cchc_desktop.core.profile import other_unit_refusal
from cchc_desktop.jobs import CancelledFn, JobCancelled, ProgressFn, never_cancelled, no_progress
from cchc_desktop.store import history
from cchc_desktop.store.kinds import (
    BY_NAME,
    HISTORY_PERSONAL,
    KINDS,
    UNMERGED_COLUMNS,
    Kind,
    value_text,
)
from cchc_desktop.store.records import utc_now
from cchc_desktop.transfer import PackageError
from cchc_desktop.transfer.conflicts import write_side
from cchc_desktop.transfer.model import (
    BOTH_CHANGED,
    BY_RULE,
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
from cchc_desktop.transfer.rows import clock_time, insert_row, legacy_clock, rebuild_derived
from cchc_desktop.transfer.writer import data_member, record_columns

log = logging.getLogger(__name__)

BACKUP_REASON = "truoc-nhap-goi"

# What the import does to a record.
NEW = "new"
UPDATE = "update"
RESTORE = "restore"  # deleted here, brought back by a newer edit there
DELETE = "delete"
UNCHANGED = "unchanged"
VERSIONS = "versions"  # same content; only the versions move (nothing the officer sees)

# When a record was first made: merged as the earliest, never a conflict.
CREATED = "created_at"

# A version: (clock, store id, who).
Version = tuple[int, str, str]
ZERO: Version = (0, "", "")
HERE = "here"
THERE = "there"


def _key(version: Version) -> tuple[int, str]:
    return version[0], version[1]


def _newest(versions: Iterable[Version]) -> Version:
    return max(versions, key=_key, default=ZERO)


# --- reading this PC's side -------------------------------------------------------------


def _merged_columns(columns: list[str]) -> list[str]:
    return [c for c in columns if c not in UNMERGED_COLUMNS]


def _units(kind: Kind, columns: list[str]) -> list[tuple[str, ...]]:
    """The merge units of a kind: its groups, then every other column alone."""
    grouped = {c for group in kind.groups for c in group}
    units = [tuple(c for c in group if c in columns) for group in kind.groups]
    units += [(c,) for c in columns if c not in grouped]
    return [u for u in units if u]


def fingerprint(conn: sqlite3.Connection) -> str:
    """Changes whenever a travelling record, a tombstone or the exchange state changes."""
    digest = hashlib.sha256()
    queries = [f'SELECT uuid, updated_at FROM "{kind.name}" ORDER BY uuid' for kind in KINDS]
    queries.append("SELECT uuid, deleted_at, hlc, node FROM tombstones ORDER BY uuid")
    queries.append("SELECT hlc FROM sync_clock")
    queries.append("SELECT count(*), max(hlc) FROM field_versions")
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
    if profile and (
        refusal := other_unit_refusal(
            manifest.unit_name, manifest.unit_code, f"{profile[1]} {profile[2]}", profile[0]
        )
    ):
        raise PackageError(refusal)


def unit_code_of(conn: sqlite3.Connection, package: VerifiedPackage) -> str:
    """The commune this store belongs to (its profile), else the one the package names."""
    row = conn.execute("SELECT commune_code FROM commune_profile").fetchone()
    return row[0] if row else package.manifest.unit_code


def _check_shapes(package: VerifiedPackage, columns: dict[str, list[str]]) -> None:
    """Every record has only known columns (the rules of each column are checked by
    ``validate``, and by the store's own constraints when written)."""
    for kind in KINDS:
        known = set(columns[kind.name])
        member = data_member(kind.name)
        for number, row in enumerate(package.records.get(kind.name, []), start=1):
            for name in row:
                if name.startswith("_"):
                    continue
                if name not in known:
                    raise PackageError(
                        f"Thành phần «{member}» có bản ghi thứ {number} ({row.get('uuid')}) chứa "
                        f"cột lạ «{name}».",
                        member=member,
                    )


def _validate(conn: sqlite3.Connection, package: VerifiedPackage) -> None:
    from cchc_desktop.transfer.validate import validate_records

    validate_records(
        package.records,
        package.tombstones,
        unit_code=unit_code_of(conn, package),
        now=utc_now(),
        conn=conn,
    )


# --- the incoming side, canonical ------------------------------------------------------


@dataclass
class _Incoming:
    """A package's records on this PC's terms: stable uuids, references followed, versions
    per field (a format-1 package: its ``updated_at`` for every field)."""

    records: dict[str, dict[str, dict[str, Any]]]  # kind → uuid → row (without "_" keys)
    versions: dict[str, dict[str, Version]]  # uuid → column ('*' for all) → version
    tombstones: dict[str, dict[str, Any]]  # uuid → tombstone with "version"
    clock: dict[str, int]  # what the sender had seen, per PC
    node: str  # the sender's store id


def _canonical(package: VerifiedPackage) -> _Incoming:
    alias: dict[str, str] = {}
    records: dict[str, dict[str, dict[str, Any]]] = {}
    versions: dict[str, dict[str, Version]] = {}
    personal = package.manifest.personal_data
    for kind in KINDS:
        rows: dict[str, dict[str, Any]] = {}
        for incoming in package.records.get(kind.name, []):
            row = {k: v for k, v in incoming.items() if not k.startswith("_")}
            for column, _target in kind.hard_refs + kind.soft_refs:
                if row.get(column) in alias:
                    row[column] = alias[row[column]]
            stable = kind.stable_uuid(row)
            if stable is not None and stable != row["uuid"]:
                alias[row["uuid"]] = stable
                row["uuid"] = stable
            if not personal and kind.name == "officials":
                for name in HISTORY_PERSONAL:
                    row.pop(name, None)
            marks = incoming.get("_v")
            if isinstance(marks, dict) and marks:
                versions[row["uuid"]] = {
                    col: (int(v[0]), str(v[1]), str(v[2])) for col, v in marks.items()
                }
            else:
                versions[row["uuid"]] = {"*": (legacy_clock(row["updated_at"]), "", "")}
            rows[row["uuid"]] = row
        records[kind.name] = rows
    tombstones = {}
    for tomb in package.tombstones:
        uuid = alias.get(tomb["uuid"], tomb["uuid"])
        hlc = tomb.get("hlc")
        if isinstance(hlc, int) and not isinstance(hlc, bool) and hlc > 0:
            version: Version = (hlc, str(tomb.get("node") or ""), str(tomb.get("who") or ""))
        else:
            version = (legacy_clock(tomb["deleted_at"]), "", "")
        tombstones[uuid] = {
            "uuid": uuid,
            "record_kind": tomb["record_kind"],
            "deleted_at": tomb["deleted_at"],
            "version": version,
        }
    _refuse_future_clocks(versions, tombstones, package.manifest.clock)
    return _Incoming(
        records, versions, tombstones, dict(package.manifest.clock), package.manifest.store_id
    )


# A clock more than a day ahead of this PC's is a wrong clock: taken, it would win every
# later comparison (a record stamped 9999 could never be edited again).
_FUTURE_SLACK_MS = 24 * 3600 * 1000


def _refuse_future_clocks(
    versions: dict[str, dict[str, Version]],
    tombstones: dict[str, dict[str, Any]],
    clock: dict[str, int],
) -> None:
    import time

    limit = (int(time.time() * 1000) + _FUTURE_SLACK_MS) * 65536
    newest = [v[0] for marks in versions.values() for v in marks.values()]
    newest += [t["version"][0] for t in tombstones.values()]
    newest += list(clock.values())
    if newest and max(newest) > limit:
        raise PackageError(
            f"Gói có bản ghi được sửa lúc {local_clock_text(max(newest))}, muộn hơn hôm nay "
            "quá một ngày: đồng hồ của máy tạo gói có vẻ bị sai (hoặc đồng hồ của máy này bị "
            "chậm). Hãy chỉnh lại ngày giờ của máy bị sai rồi tạo lại gói. Chưa có gì thay đổi."
        )


def local_clock_text(clock: int) -> str:
    """dd/mm/yyyy hh:mm of a clock, as the officer reads times."""
    from cchc_desktop.core.text import format_utc_time

    return format_utc_time(clock_time(min(clock, (253402300799000) * 65536)))


# --- this PC's side ----------------------------------------------------------------------


@dataclass
class _Local:
    node: str
    clock: int
    peers: dict[str, int]
    columns: dict[str, list[str]]
    rows: dict[str, dict[str, dict[str, Any]]]
    versions: dict[str, dict[str, Version]]
    tombstones: dict[str, dict[str, Any]]


def _read_local(conn: sqlite3.Connection) -> _Local:
    columns = {kind.name: record_columns(conn, kind.name) for kind in KINDS}
    rows: dict[str, dict[str, dict[str, Any]]] = {}
    for kind in KINDS:
        names = columns[kind.name]
        quoted = ", ".join(f'"{c}"' for c in names)
        rows[kind.name] = {
            row["uuid"]: row
            for row in (
                dict(zip(names, values, strict=True))
                for values in conn.execute(f'SELECT {quoted} FROM "{kind.name}"')
            )
        }
    versions: dict[str, dict[str, Version]] = {}
    for uuid, col, hlc, node, who in conn.execute(
        "SELECT uuid, col, hlc, node, who FROM field_versions"
    ):
        versions.setdefault(uuid, {})[col] = (hlc, node, who)
    tombstones = {
        row[0]: {
            "uuid": row[0],
            "record_kind": row[1],
            "deleted_at": row[2],
            "version": (row[3], row[4], row[5]),
        }
        for row in conn.execute(
            "SELECT uuid, record_kind, deleted_at, hlc, node, who FROM tombstones"
        )
    }
    node_row = conn.execute("SELECT value FROM store_meta WHERE key = 'store_id'").fetchone()
    return _Local(
        node=node_row[0] if node_row else "",
        clock=conn.execute("SELECT hlc FROM sync_clock WHERE id = 1").fetchone()[0],
        peers=dict(conn.execute("SELECT node, hlc FROM sync_peers").fetchall()),
        columns=columns,
        rows=rows,
        versions=versions,
        tombstones=tombstones,
    )


def _version(marks: dict[str, Version], column: str) -> Version:
    return marks.get(column) or marks.get("*") or ZERO


def _record_version(marks: dict[str, Version]) -> Version:
    return _newest(marks.values())


# --- the plan ----------------------------------------------------------------------------


@dataclass
class _Step:
    kind: str
    uuid: str
    action: str
    row: dict[str, Any] | None = None  # the record as it will be (all columns)
    versions: dict[str, Version] = field(default_factory=dict)  # versions to write
    tombstone: dict[str, Any] | None = None  # for DELETE / a tombstone to keep
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    local: dict[str, Any] | None = None  # the record here before the import


@dataclass
class _Plan:
    steps: list[_Step] = field(default_factory=list)
    tombstones: list[dict[str, Any]] = field(default_factory=list)  # to store (no record)
    dropped: int = 0
    kept: int = 0
    fingerprint: str = ""
    clock: int = 0  # the newest clock in the package


class _Planner:
    def __init__(self, conn: sqlite3.Connection, package: VerifiedPackage):
        self.package = package
        self.local = _read_local(conn)
        self.incoming = _canonical(package)
        self.complete = package.manifest.years is None and package.manifest.personal_data

    # -- who had seen what
    def sender_saw(self, version: Version) -> bool:
        hlc, node, _who = version
        return not node or self.incoming.clock.get(node, 0) >= hlc

    def we_saw(self, version: Version) -> bool:
        hlc, node, _who = version
        return not node or node == self.local.node or self.local.peers.get(node, 0) >= hlc

    def concurrent(self, here: Version, there: Version) -> bool:
        return not self.sender_saw(here) and not self.we_saw(there)

    def title(self, kind: Kind, row: dict[str, Any]) -> str:
        if kind.name == "assessments":
            return f"Phiếu tự chấm điểm năm {row.get('year', '')}"
        if kind.assessment and kind.name != "assessments":
            assessment = self.local.rows["assessments"].get(row.get("assessment_uuid", ""), {})
            year = assessment.get("year") or self.incoming.records["assessments"].get(
                row.get("assessment_uuid", ""), {}
            ).get("year", "")
            return f"Tiêu chí {row.get('code', '')} (năm {year})".replace(" (năm )", "")
        value = row.get(kind.title, "") if kind.title else ""
        return _shown(value) if value not in (None, "") else kind.label

    # -- one record present on both sides
    def merge_record(
        self, kind: Kind, uuid: str, local: dict[str, Any], row: dict[str, Any]
    ) -> _Step:
        here = self.local.versions.get(uuid, {})
        there = self.incoming.versions.get(uuid, {})
        columns = [
            c for c in _merged_columns(self.local.columns[kind.name]) if c in row and c != CREATED
        ]
        merged = dict(local)
        versions: dict[str, Version] = {}
        content_changed = False
        conflicts = []
        if CREATED in row and CREATED in local and row[CREATED] != local[CREATED]:
            # made on both PCs under one identity: the earlier creation, without a question
            merged[CREATED] = min(row[CREATED], local[CREATED])
        for unit in _units(kind, columns):
            v_here = _newest(_version(here, c) for c in unit)
            v_there = _newest(_version(there, c) for c in unit)
            same_values = all(local.get(c) == row.get(c) for c in unit)
            if same_values:
                for c in unit:
                    best = max(_version(here, c), _version(there, c), key=_key)
                    if _key(best) != _key(_version(here, c)):
                        versions[c] = best
                continue
            there_wins = _key(v_there) > _key(v_here) or (
                _key(v_there) == _key(v_here)
                and _tiebreak([row.get(c) for c in unit]) > _tiebreak([local.get(c) for c in unit])
            )
            if there_wins:
                for c in unit:
                    merged[c] = row.get(c)
                    versions[c] = _version(there, c)
                content_changed = True
            if self.concurrent(v_here, v_there):
                for c in unit:
                    if local.get(c) != row.get(c):
                        conflicts.append(
                            {
                                "col": c,
                                "nature": BOTH_CHANGED,
                                "here": local.get(c),
                                "there": row.get(c),
                                "here_version": v_here,
                                "there_version": v_there,
                                "winner": THERE if there_wins else HERE,
                            }
                        )
        merged["updated_at"] = max(local["updated_at"], row["updated_at"])
        if content_changed:
            action = UPDATE
        elif versions or any(merged[c] != local[c] for c in ("updated_at", CREATED) if c in local):
            action = VERSIONS
        else:
            action = UNCHANGED
        return _Step(kind.name, uuid, action, merged, versions, conflicts=conflicts, local=local)

    def new_record(self, kind: Kind, uuid: str, row: dict[str, Any], restore: bool) -> _Step:
        marks = self.incoming.versions.get(uuid, {})
        full = {c: row.get(c) for c in self.local.columns[kind.name] if c in row}
        return _Step(kind.name, uuid, RESTORE if restore else NEW, full, dict(marks))

    def plan(self) -> _Plan:
        result = _Plan()
        newest = [self.local.clock]
        for marks in self.incoming.versions.values():
            newest.extend(v[0] for v in marks.values())
        newest.extend(t["version"][0] for t in self.incoming.tombstones.values())
        result.clock = max(newest)
        for kind in KINDS:
            for uuid, row in self.incoming.records[kind.name].items():
                result.steps.append(self.record_step(kind, uuid, row))
        for uuid, tomb in self.incoming.tombstones.items():
            if any(uuid in rows for rows in self.incoming.records.values()):
                continue  # the record travels alive: its versions are newer than the deletion
            tomb_kind = BY_NAME.get(tomb["record_kind"])
            if tomb_kind is None:
                continue
            tomb_step = self.tombstone_step(tomb_kind, uuid, tomb)
            if tomb_step is not None:
                result.steps.append(tomb_step)
            else:
                known = self.local.tombstones.get(uuid)
                if known is None or _key(tomb["version"]) > _key(known["version"]):
                    result.tombstones.append(tomb)
        return result

    def record_step(self, kind: Kind, uuid: str, row: dict[str, Any]) -> _Step:
        local = self.local.rows[kind.name].get(uuid)
        if local is not None and not self.package.manifest.personal_data:
            if kind.name == "official_history":
                row = _merged_history(row, local)
        if local is not None:
            return self.merge_record(kind, uuid, local, row)
        tomb = self.local.tombstones.get(uuid)
        incoming_version = _record_version(self.incoming.versions.get(uuid, {}))
        if tomb is None:
            return self.new_record(kind, uuid, row, restore=False)
        deleted = tomb["version"]
        concurrent = self.concurrent(deleted, incoming_version)
        if _key(incoming_version) > _key(deleted):
            step = self.new_record(kind, uuid, row, restore=True)
            winner = THERE
        else:
            step = _Step(kind.name, uuid, UNCHANGED, dict(row))
            winner = HERE
        if concurrent:
            step.conflicts.append(
                {
                    "col": "",
                    "nature": DELETED_HERE,
                    "here": None,
                    "there": row,
                    "here_version": deleted,
                    "there_version": incoming_version,
                    "winner": winner,
                }
            )
        return step

    def tombstone_step(self, kind: Kind, uuid: str, tomb: dict[str, Any]) -> _Step | None:
        local = self.local.rows[kind.name].get(uuid)
        if local is None:
            return None
        here = _record_version(self.local.versions.get(uuid, {}))
        deleted = tomb["version"]
        if _key(deleted) > _key(here):
            step = _Step(kind.name, uuid, DELETE, None, tombstone=tomb, local=local)
            winner = THERE
        else:
            step = _Step(kind.name, uuid, UNCHANGED, dict(local), local=local)
            winner = HERE
        if self.concurrent(here, deleted):
            step.conflicts.append(
                {
                    "col": "",
                    "nature": DELETED_THERE,
                    "here": local,
                    "there": None,
                    "here_version": here,
                    "there_version": deleted,
                    "winner": winner,
                }
            )
        return step


def _merged_history(row: dict[str, Any], local: dict[str, Any]) -> dict[str, Any]:
    """An earlier record of an official from a package without personal data keeps this PC's
    personal fields."""
    data = json.loads(row["data"])
    old = json.loads(local["data"])
    for name in HISTORY_PERSONAL:
        if name in old:
            data[name] = old[name]
    return {**row, "data": json.dumps(data, ensure_ascii=False, sort_keys=True)}


def _tiebreak(values: list[Any]) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)


_WRITES = (NEW, RESTORE, UPDATE)


def _keep_whole(planner: _Planner, plan: _Plan) -> None:
    """A record that a live record needs stays (or comes back): a deletion of it is not made,
    and a record deleted here that the package still has is brought back. Decided on the
    merged state only, so both PCs decide alike. What cannot be made whole (a parent neither
    here nor in the package) is not written."""
    foreign = {kind.name: [(column, target) for column, target in kind.hard_refs] for kind in KINDS}
    by_key = {(s.kind, s.uuid): s for s in plan.steps}
    for _round in range(8):
        changed = False
        alive: dict[str, set[str]] = {}
        for kind in KINDS:
            uuids = set(planner.local.rows[kind.name])
            for step in plan.steps:
                if step.kind != kind.name:
                    continue
                if step.action == DELETE:
                    uuids.discard(step.uuid)
                elif step.action in _WRITES:
                    uuids.add(step.uuid)
            alive[kind.name] = uuids
        for kind in KINDS:
            for uuid in list(alive[kind.name]):
                found = by_key.get((kind.name, uuid))
                row = (
                    found.row
                    if found is not None and found.row
                    else planner.local.rows[kind.name].get(uuid, {})
                )
                for column, target in foreign[kind.name]:
                    parent = row.get(column)
                    if parent is None or parent in alive[target]:
                        continue
                    parent_step = by_key.get((target, parent))
                    if parent_step is not None and parent_step.action == DELETE:
                        parent_step.action = UNCHANGED  # needed here: the deletion waits
                        parent_step.tombstone = None
                        plan.kept += 1
                    elif parent_step is not None and parent in planner.incoming.records[target]:
                        parent_step.action = RESTORE
                        parent_step.row = {
                            c: v
                            for c, v in planner.incoming.records[target][parent].items()
                            if c in planner.local.columns[target]
                        }
                        parent_step.versions = dict(planner.incoming.versions.get(parent, {}))
                        plan.kept += 1
                    elif parent in planner.incoming.records[target]:
                        new = planner.new_record(
                            BY_NAME[target],
                            parent,
                            planner.incoming.records[target][parent],
                            restore=True,
                        )
                        plan.steps.append(new)
                        by_key[(target, parent)] = new
                        plan.kept += 1
                    elif (
                        found is not None
                        and found.action in _WRITES
                        and uuid not in planner.local.rows[kind.name]
                    ):
                        found.action = UNCHANGED
                        plan.dropped += 1
                    else:
                        continue
                    changed = True
                    break
        if not changed:
            break
    order = {kind.name: index for index, kind in enumerate(KINDS)}
    plan.steps.sort(key=lambda s: order[s.kind])


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
        else:
            summary.unchanged += 1
        summary.conflicts += 1 if step.conflicts else 0
    return list(by_kind.values())


def _shown(value: Any, column: str = "") -> str:
    text = value_text(value, column)
    return text if len(text) <= 160 else text[:157] + "…"


def _conflicts(planner: _Planner, steps: list[_Step]) -> list[Conflict]:
    from cchc_desktop.transfer.validate import column_name

    found = []
    for step in steps:
        if not step.conflicts:
            continue
        kind = BY_NAME[step.kind]
        first = step.conflicts[0]
        shown_row = (
            {**(step.local or {}), **(first["there"] or {})}
            if first["col"] == ""
            else (step.row or {})
        )
        differences = tuple(
            Difference(
                column_name(kind.name, c["col"]),
                _shown(c["here"], c["col"]),
                _shown(c["there"], c["col"]),
            )
            for c in step.conflicts
            if c["col"]
        )
        found.append(
            Conflict(
                step.uuid,
                kind.name,
                kind.label,
                planner.title(kind, shown_row),
                first["nature"],
                clock_time(first["here_version"][0]) if first["here_version"][0] else "",
                clock_time(first["there_version"][0]) if first["there_version"][0] else "",
                differences,
                winner=first["winner"],
                local_who=first["here_version"][2],
                incoming_who=first["there_version"][2],
            )
        )
    return found


def _new_files(
    conn: sqlite3.Connection, package: VerifiedPackage, steps: list[_Step]
) -> dict[str, int]:
    """The evidence files that written records need and this PC does not have."""
    wanted = {
        (s.row or {})["sha256"]
        for s in steps
        if s.kind == "document_files" and s.action in _WRITES and (s.row or {}).get("sha256")
    }
    have = {
        row[0]
        for sha in wanted
        for row in conn.execute("SELECT sha256 FROM file_blobs WHERE sha256 = ?", (sha,))
    }
    missing = sorted(wanted - have)
    unknown = [sha for sha in missing if sha not in package.files]
    if unknown:
        raise PackageError(
            f"Gói thiếu tệp kiểm chứng «files/{unknown[0]}» mà một tệp đính kèm cần. "
            "Chưa có gì thay đổi.",
            member=f"files/{unknown[0]}",
        )
    return {sha: package.files[sha] for sha in missing}


def _prepare(conn: sqlite3.Connection, package: VerifiedPackage) -> tuple[_Planner, _Plan]:
    from cchc_desktop.store.identity import rekey_natural_records

    check_destination(conn, package)
    _validate(conn, package)
    rekey_natural_records(conn)  # records a 0.6.0 build created since the upgrade
    fresh = fingerprint(conn)
    planner = _Planner(conn, package)
    _check_shapes(package, planner.local.columns)
    plan = planner.plan()
    _keep_whole(planner, plan)
    plan.fingerprint = fresh
    return planner, plan


def _notes(package: VerifiedPackage, plan: _Plan) -> list[str]:
    notes = []
    if plan.kept:
        notes.append(
            f"{plan.kept} bản ghi được giữ lại hoặc lấy lại vì dữ liệu còn lại vẫn dùng đến "
            "(ví dụ văn bản mà một nhiệm vụ trích dẫn)."
        )
    if plan.dropped:
        notes.append(
            f"{plan.dropped} bản ghi trong gói chưa nhập vì bản ghi mà nó cần (ví dụ nhiệm vụ, "
            "văn bản, cán bộ) không có trên máy này và không có trong gói."
        )
    if not package.manifest.personal_data:
        notes.append(
            "Gói không kèm dữ liệu cá nhân: giới tính, ngày sinh, dân tộc của cán bộ trên máy "
            "này được giữ nguyên."
        )
    return notes


def plan_import(conn: sqlite3.Connection, package: VerifiedPackage) -> ImportPlan:
    """What importing ``package`` would change, per kind of record; writes nothing."""
    conn.execute("BEGIN")
    try:
        planner, plan = _prepare(conn, package)
        new_files = _new_files(conn, package, plan.steps)
    finally:
        conn.execute("ROLLBACK")
    return ImportPlan(
        package=package,
        summaries=_summaries(plan.steps),
        conflicts=_conflicts(planner, plan.steps),
        new_files=len(new_files),
        new_file_bytes=sum(new_files.values()),
        notes=_notes(package, plan),
        fingerprint=plan.fingerprint,
    )


# --- applying ---------------------------------------------------------------------------


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


def _write(
    conn: sqlite3.Connection,
    planner: _Planner,
    plan: _Plan,
    progress: ProgressFn,
    cancelled: CancelledFn,
) -> None:
    package = planner.package
    steps = plan.steps
    _copy_blobs(conn, package, _new_files(conn, package, steps), progress, cancelled)
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


def _rebuild_derived(conn: sqlite3.Connection, steps: list[_Step]) -> None:
    rebuild_derived(conn, {(s.kind, s.uuid) for s in steps if s.action in _WRITES})


def _log_conflicts(conn: sqlite3.Connection, planner: _Planner, plan: _Plan) -> None:
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


def _apply_choices(
    conn: sqlite3.Connection, planner: _Planner, plan: _Plan, resolutions: dict[str, str]
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
        write_side(conn, step.kind, step.uuid, HERE if choice == KEEP_LOCAL else THERE, ids)
        # decided by the officer: not an open question any more
        conn.executemany("UPDATE sync_conflicts SET seen = 1 WHERE id = ?", [(i,) for i in ids])
    return made


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
    """Write ``plan`` in one transaction; ``resolutions`` (conflict key → choice) are the
    officer's choices against the rule.

    First a verified backup of the store at ``store_path``. Raises
    :class:`PackageError` (nothing written) when the store changed since the
    plan was made, a file in the package differs from what was checked, or a
    record would break the store's rules.
    """
    package = plan.package
    resolutions = resolutions or {}
    for choice in resolutions.values():
        if choice not in (KEEP_LOCAL, TAKE_INCOMING, BY_RULE):
            raise ValueError(choice)
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
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise _write_failure(exc) from exc
    try:
        conn.execute("PRAGMA defer_foreign_keys = ON")
        planner, fresh = _prepare(conn, package)
        if plan.fingerprint and fresh.fingerprint != plan.fingerprint:
            raise PackageError(
                "Dữ liệu trên máy đã thay đổi sau khi xem trước. Hãy kiểm tra và xem trước lại "
                "gói rồi mới nhập. Chưa có gì thay đổi."
            )
        conn.execute("UPDATE sync_clock SET paused = 1 WHERE id = 1")
        # The change history gets one entry for the whole import, not one per record.
        with history.paused(conn):
            _write(conn, planner, fresh, progress, cancelled)
        # What this PC has now seen: the sender's clocks (a complete package only), and its
        # own clock moved past every clock in the package.
        if planner.complete:
            conn.executemany(
                "INSERT INTO sync_peers (node, hlc) VALUES (?, ?) ON CONFLICT (node) DO UPDATE "
                "SET hlc = max(hlc, excluded.hlc)",
                [
                    (node, hlc)
                    for node, hlc in planner.incoming.clock.items()
                    if node and node != planner.local.node
                ],
            )
        conn.execute(
            "UPDATE sync_clock SET hlc = max(hlc, ?), paused = 0 WHERE id = 1", (fresh.clock,)
        )
        _log_conflicts(conn, planner, fresh)
        _apply_choices(conn, planner, fresh, resolutions)
        problems = _dangling(conn)
        if problems:
            raise PackageError(
                "Không nhập được vì dữ liệu sẽ thiếu liên kết: " + "; ".join(problems) + ". "
                "Chưa có gì thay đổi."
            )
        summaries = _summaries(fresh.steps)
        new_files = sum(1 for s in fresh.steps if s.kind == "document_files" and s.action == NEW)
        kinds_summary = {
            s.kind: {
                "new": s.new,
                "updated": s.updated,
                "deleted": s.deleted,
                "conflicts": s.conflicts,
            }
            for s in summaries
            if s.changes
        }
        conn.execute(
            "INSERT INTO exchanges (happened_at, direction, package_id, file_name, unit_code, "
            "summary, backup_path) VALUES (?, 'nhap', ?, ?, ?, ?, ?)",
            (
                utc_now(),
                package.manifest.package_id,
                str(package.path),
                package.manifest.unit_code,
                json.dumps(kinds_summary, ensure_ascii=False),
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
                "kinds": kinds_summary,
            },
            record_uuid=package.manifest.package_id,
        )
    except sqlite3.IntegrityError as exc:
        _rollback(conn)
        raise PackageError(
            "Không nhập được: một bản ghi trong gói trái với quy tắc của tệp dữ liệu "
            f"({_constraint_text(exc)}). Chưa có gì thay đổi."
        ) from exc
    except sqlite3.OperationalError as exc:
        _rollback(conn)
        raise _write_failure(exc) from exc
    except BaseException:
        _rollback(conn)
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        _rollback(conn)
        raise _write_failure(exc) from exc
    log.info("Imported package %s", package.path)
    return ImportResult(backup_path, summaries, new_files)


def _rollback(conn: sqlite3.Connection) -> None:
    """Undo the transaction; a failed COMMIT may already have ended it."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            log.exception("Rollback after a failed import")


def _constraint_text(exc: sqlite3.Error) -> str:
    text = str(exc)
    if text.startswith("UNIQUE constraint failed"):
        return "trùng với một bản ghi đã có"
    if text.startswith("CHECK constraint failed"):
        return "giá trị không đúng quy tắc"
    if text.startswith("FOREIGN KEY") or "foreign key" in text.lower():
        return "thiếu bản ghi liên quan"
    if text.startswith("NOT NULL"):
        return "để trống một cột bắt buộc"
    return "quy tắc của bảng dữ liệu"


def _write_failure(exc: sqlite3.Error) -> PackageError:
    text = str(exc).lower()
    log.error("Import failed to write: %s", exc)
    if "full" in text:
        reason = "ổ đĩa đã đầy; hãy giải phóng dung lượng rồi nhập lại"
    elif "locked" in text or "busy" in text:
        reason = "tệp dữ liệu đang bị một chương trình khác giữ; hãy đóng chương trình đó"
    elif "readonly" in text or "read-only" in text:
        reason = "tệp dữ liệu chỉ cho đọc"
    else:
        reason = "lỗi ghi đĩa (USB bị rút hoặc ổ đĩa có lỗi?)"
    return PackageError(f"Không ghi được dữ liệu: {reason}. Chưa có gì thay đổi.")


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
