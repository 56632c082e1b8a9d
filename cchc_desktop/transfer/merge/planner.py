"""Deciding every record: field by field, the newer version wins; a deletion is a version too."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from cchc_desktop.store.kinds import BY_NAME, HISTORY_PERSONAL, KINDS, Kind
from cchc_desktop.transfer.merge.sides import canonical, read_local
from cchc_desktop.transfer.merge.steps import (
    CREATED,
    DELETE,
    HERE,
    NEW,
    RESTORE,
    THERE,
    UNCHANGED,
    UPDATE,
    VERSIONS,
    Plan,
    Step,
    Version,
    column_version,
    merge_units,
    merged_columns,
    newest_version,
    record_version,
    shown_text,
    tiebreak,
    version_key,
)
from cchc_desktop.transfer.model import BOTH_CHANGED, DELETED_HERE, DELETED_THERE, VerifiedPackage


class Planner:
    """Both sides of a merge, read once, and the decision for every record of the package."""

    def __init__(self, conn: sqlite3.Connection, package: VerifiedPackage):
        self.package = package
        self.local = read_local(conn)
        self.incoming = canonical(package)
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
        return shown_text(value) if value not in (None, "") else kind.label

    # -- one record present on both sides
    def merge_record(
        self, kind: Kind, uuid: str, local: dict[str, Any], row: dict[str, Any]
    ) -> Step:
        here = self.local.versions.get(uuid, {})
        there = self.incoming.versions.get(uuid, {})
        columns = [
            c for c in merged_columns(self.local.columns[kind.name]) if c in row and c != CREATED
        ]
        merged = dict(local)
        versions: dict[str, Version] = {}
        content_changed = False
        conflicts = []
        if CREATED in row and CREATED in local and row[CREATED] != local[CREATED]:
            # made on both PCs under one identity: the earlier creation, without a question
            merged[CREATED] = min(row[CREATED], local[CREATED])
        for unit in merge_units(kind, columns):
            v_here = newest_version(column_version(here, c) for c in unit)
            v_there = newest_version(column_version(there, c) for c in unit)
            same_values = all(local.get(c) == row.get(c) for c in unit)
            if same_values:
                for c in unit:
                    best = max(column_version(here, c), column_version(there, c), key=version_key)
                    if version_key(best) != version_key(column_version(here, c)):
                        versions[c] = best
                continue
            there_wins = version_key(v_there) > version_key(v_here) or (
                version_key(v_there) == version_key(v_here)
                and tiebreak([row.get(c) for c in unit]) > tiebreak([local.get(c) for c in unit])
            )
            if there_wins:
                for c in unit:
                    merged[c] = row.get(c)
                    versions[c] = column_version(there, c)
                content_changed = True
            if self.concurrent(v_here, v_there):
                for c in unit:
                    if local.get(c) != row.get(c):
                        winner = THERE if there_wins else HERE
                        conflicts.append(
                            _conflict(
                                c,
                                BOTH_CHANGED,
                                (local.get(c), v_here),
                                (row.get(c), v_there),
                                winner,
                            )
                        )
        merged["updated_at"] = max(local["updated_at"], row["updated_at"])
        if content_changed:
            action = UPDATE
        elif versions or any(merged[c] != local[c] for c in ("updated_at", CREATED) if c in local):
            action = VERSIONS
        else:
            action = UNCHANGED
        return Step(kind.name, uuid, action, merged, versions, conflicts=conflicts, local=local)

    def new_record(self, kind: Kind, uuid: str, row: dict[str, Any], restore: bool) -> Step:
        marks = self.incoming.versions.get(uuid, {})
        full = {c: row.get(c) for c in self.local.columns[kind.name] if c in row}
        return Step(kind.name, uuid, RESTORE if restore else NEW, full, dict(marks))

    def plan(self) -> Plan:
        result = Plan()
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
                if known is None or version_key(tomb["version"]) > version_key(known["version"]):
                    result.tombstones.append(tomb)
        return result

    def record_step(self, kind: Kind, uuid: str, row: dict[str, Any]) -> Step:
        local = self.local.rows[kind.name].get(uuid)
        if local is not None and not self.package.manifest.personal_data:
            if kind.name == "official_history":
                row = merged_history(row, local)
        if local is not None:
            return self.merge_record(kind, uuid, local, row)
        tomb = self.local.tombstones.get(uuid)
        incoming_version = record_version(self.incoming.versions.get(uuid, {}))
        if tomb is None:
            return self.new_record(kind, uuid, row, restore=False)
        deleted = tomb["version"]
        concurrent = self.concurrent(deleted, incoming_version)
        if version_key(incoming_version) > version_key(deleted):
            step = self.new_record(kind, uuid, row, restore=True)
            winner = THERE
        else:
            step = Step(kind.name, uuid, UNCHANGED, dict(row))
            winner = HERE
        if concurrent:
            step.conflicts.append(
                _conflict("", DELETED_HERE, (None, deleted), (row, incoming_version), winner)
            )
        return step

    def tombstone_step(self, kind: Kind, uuid: str, tomb: dict[str, Any]) -> Step | None:
        local = self.local.rows[kind.name].get(uuid)
        if local is None:
            return None
        here = record_version(self.local.versions.get(uuid, {}))
        deleted = tomb["version"]
        if version_key(deleted) > version_key(here):
            step = Step(kind.name, uuid, DELETE, None, tombstone=tomb, local=local)
            winner = THERE
        else:
            step = Step(kind.name, uuid, UNCHANGED, dict(local), local=local)
            winner = HERE
        if self.concurrent(here, deleted):
            step.conflicts.append(
                _conflict("", DELETED_THERE, (local, here), (None, deleted), winner)
            )
        return step


def _conflict(
    column: str, nature: str, here: tuple[Any, Version], there: tuple[Any, Version], winner: str
) -> dict[str, Any]:
    """Two edits (or an edit and a deletion) neither of which had seen the other: both values
    with their versions (``column`` empty for a whole record), and the side the rule keeps."""
    return {
        "col": column,
        "nature": nature,
        "here": here[0],
        "there": there[0],
        "here_version": here[1],
        "there_version": there[1],
        "winner": winner,
    }


def merged_history(row: dict[str, Any], local: dict[str, Any]) -> dict[str, Any]:
    """An earlier record of an official from a package without personal data keeps this PC's
    personal fields."""
    data = json.loads(row["data"])
    old = json.loads(local["data"])
    for name in HISTORY_PERSONAL:
        if name in old:
            data[name] = old[name]
    return {**row, "data": json.dumps(data, ensure_ascii=False, sort_keys=True)}
