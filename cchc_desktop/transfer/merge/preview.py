"""The dry run: what importing a package would change, checked and planned, written nowhere."""

from __future__ import annotations

import sqlite3

from cchc_desktop.core.profile import other_unit_refusal
from cchc_desktop.store.fingerprint import fingerprint
from cchc_desktop.store.kinds import BY_NAME, KINDS
from cchc_desktop.store.records import utc_now
from cchc_desktop.transfer import PackageError
from cchc_desktop.transfer.merge.planner import Planner
from cchc_desktop.transfer.merge.steps import WRITES, Plan, Step, kind_summaries, shown_text
from cchc_desktop.transfer.merge.whole import keep_whole
from cchc_desktop.transfer.model import Conflict, Difference, ImportPlan, VerifiedPackage
from cchc_desktop.transfer.rows import clock_time
from cchc_desktop.transfer.writer import data_member


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


def check_shapes(package: VerifiedPackage, columns: dict[str, list[str]]) -> None:
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


def validate_package(conn: sqlite3.Connection, package: VerifiedPackage) -> None:
    from cchc_desktop.transfer.validate import validate_records

    validate_records(
        package.records,
        package.tombstones,
        unit_code=unit_code_of(conn, package),
        now=utc_now(),
        conn=conn,
    )


def plan_conflicts(planner: Planner, steps: list[Step]) -> list[Conflict]:
    from cchc_desktop.transfer.validate.names import column_name

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
                shown_text(c["here"], c["col"]),
                shown_text(c["there"], c["col"]),
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


def files_needed(
    conn: sqlite3.Connection, package: VerifiedPackage, steps: list[Step]
) -> dict[str, int]:
    """The evidence files that written records need and this PC does not have."""
    wanted = {
        (s.row or {})["sha256"]
        for s in steps
        if s.kind == "document_files" and s.action in WRITES and (s.row or {}).get("sha256")
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


def prepare(conn: sqlite3.Connection, package: VerifiedPackage) -> tuple[Planner, Plan]:
    from cchc_desktop.store.identity import rekey_natural_records

    check_destination(conn, package)
    validate_package(conn, package)
    rekey_natural_records(conn)  # records a 0.6.0 build created since the upgrade
    fresh = fingerprint(conn, [kind.name for kind in KINDS], sync_state=True)
    planner = Planner(conn, package)
    check_shapes(package, planner.local.columns)
    plan = planner.plan()
    keep_whole(planner, plan)
    plan.fingerprint = fresh
    return planner, plan


def plan_notes(package: VerifiedPackage, plan: Plan) -> list[str]:
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
        planner, plan = prepare(conn, package)
        new_files = files_needed(conn, package, plan.steps)
    finally:
        conn.execute("ROLLBACK")
    return ImportPlan(
        package=package,
        summaries=kind_summaries(plan.steps),
        conflicts=plan_conflicts(planner, plan.steps),
        new_files=len(new_files),
        new_file_bytes=sum(new_files.values()),
        notes=plan_notes(package, plan),
        fingerprint=plan.fingerprint,
    )
