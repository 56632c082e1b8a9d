"""The two sides of a merge: the package's records on this PC's terms, and this PC's own."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from cchc_desktop.store.kinds import HISTORY_PERSONAL, KINDS
from cchc_desktop.transfer import PackageError
from cchc_desktop.transfer.merge.steps import Version
from cchc_desktop.transfer.model import VerifiedPackage
from cchc_desktop.transfer.rows import clock_time, legacy_clock
from cchc_desktop.transfer.writer import record_columns


@dataclass
class Incoming:
    """A package's records on this PC's terms: stable uuids, references followed, versions
    per field (a format-1 package: its ``updated_at`` for every field)."""

    records: dict[str, dict[str, dict[str, Any]]]  # kind → uuid → row (without "_" keys)
    versions: dict[str, dict[str, Version]]  # uuid → column ('*' for all) → version
    tombstones: dict[str, dict[str, Any]]  # uuid → tombstone with "version"
    clock: dict[str, int]  # what the sender had seen, per PC
    node: str  # the sender's store id


def canonical(package: VerifiedPackage) -> Incoming:
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
    refuse_future_clocks(versions, tombstones, package.manifest.clock)
    return Incoming(
        records, versions, tombstones, dict(package.manifest.clock), package.manifest.store_id
    )


# A clock more than a day ahead of this PC's is a wrong clock: taken, it would win every
# later comparison (a record stamped 9999 could never be edited again).
_FUTURE_SLACK_MS = 24 * 3600 * 1000


def refuse_future_clocks(
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


@dataclass
class Local:
    node: str
    clock: int
    peers: dict[str, int]
    columns: dict[str, list[str]]
    rows: dict[str, dict[str, dict[str, Any]]]
    versions: dict[str, dict[str, Version]]
    tombstones: dict[str, dict[str, Any]]


def read_local(conn: sqlite3.Connection) -> Local:
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
    return Local(
        node=node_row[0] if node_row else "",
        clock=conn.execute("SELECT hlc FROM sync_clock WHERE id = 1").fetchone()[0],
        peers=dict(conn.execute("SELECT node, hlc FROM sync_peers").fetchall()),
        columns=columns,
        rows=rows,
        versions=versions,
        tombstones=tombstones,
    )
