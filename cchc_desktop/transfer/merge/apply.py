"""Applying a plan: a verified backup, then one transaction that writes it all or nothing,
and a new store made of a package (to restore from)."""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from cchc_desktop.jobs import CancelledFn, ProgressFn, never_cancelled, no_progress
from cchc_desktop.store import history
from cchc_desktop.store.records import utc_now
from cchc_desktop.transfer import PackageError
from cchc_desktop.transfer.merge.preview import plan_import, prepare
from cchc_desktop.transfer.merge.steps import NEW, kind_summaries
from cchc_desktop.transfer.merge.write import (
    apply_choices,
    dangling_links,
    log_conflicts,
    write_plan,
)
from cchc_desktop.transfer.model import (
    BY_RULE,
    KEEP_LOCAL,
    TAKE_INCOMING,
    ImportPlan,
    ImportResult,
    KindSummary,
    VerifiedPackage,
)

log = logging.getLogger(__name__)

BACKUP_REASON = "truoc-nhap-goi"


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
        backup_path = _backup_before(store_path, progress, cancelled)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise _write_failure(exc) from exc
    try:
        merged = _merge_in(conn, plan, resolutions, progress, cancelled)
        _record_exchange(conn, package, merged, backup_path)
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
    return ImportResult(backup_path, merged.summaries, merged.new_files)


def _backup_before(store_path: Path, progress: ProgressFn, cancelled: CancelledFn) -> Path:
    """A verified backup of the store before the import; refused, nothing is imported."""
    from cchc_desktop.store import backup as backups
    from cchc_desktop.store.errors import BackupError

    progress(0, 0, "Đang sao lưu dữ liệu hiện tại trước khi nhập…")
    reason = getattr(backups, "REASON_BEFORE_IMPORT", BACKUP_REASON)
    try:
        return backups.make_backup(store_path, reason, cancelled=cancelled)
    except BackupError as exc:
        raise PackageError(
            f"Chưa nhập vì không sao lưu được dữ liệu hiện tại: {exc.message}"
        ) from exc


@dataclass
class _Merged:
    """What the transaction wrote, per kind of record, and how many evidence files."""

    summaries: list[KindSummary]
    new_files: int


def _merge_in(
    conn: sqlite3.Connection,
    plan: ImportPlan,
    resolutions: dict[str, str],
    progress: ProgressFn,
    cancelled: CancelledFn,
) -> _Merged:
    """Inside the transaction: plan again (refused when the store changed since the
    preview), write, move the clocks, log the conflicts and the officer's choices."""
    conn.execute("PRAGMA defer_foreign_keys = ON")
    planner, fresh = prepare(conn, plan.package)
    if plan.fingerprint and fresh.fingerprint != plan.fingerprint:
        raise PackageError(
            "Dữ liệu trên máy đã thay đổi sau khi xem trước. Hãy kiểm tra và xem trước lại "
            "gói rồi mới nhập. Chưa có gì thay đổi."
        )
    conn.execute("UPDATE sync_clock SET paused = 1 WHERE id = 1")
    # The change history gets one entry for the whole import, not one per record.
    with history.paused(conn):
        write_plan(conn, planner, fresh, progress, cancelled)
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
    conn.execute("UPDATE sync_clock SET hlc = max(hlc, ?), paused = 0 WHERE id = 1", (fresh.clock,))
    log_conflicts(conn, planner, fresh)
    apply_choices(conn, planner, fresh, resolutions)
    problems = dangling_links(conn)
    if problems:
        raise PackageError(
            "Không nhập được vì dữ liệu sẽ thiếu liên kết: " + "; ".join(problems) + ". "
            "Chưa có gì thay đổi."
        )
    new_files = sum(1 for s in fresh.steps if s.kind == "document_files" and s.action == NEW)
    return _Merged(kind_summaries(fresh.steps), new_files)


def _record_exchange(
    conn: sqlite3.Connection,
    package: VerifiedPackage,
    merged: _Merged,
    backup_path: Path | None,
) -> None:
    """The import in the exchange log and, as one entry, in the change history."""
    kinds_summary = {
        s.kind: {
            "new": s.new,
            "updated": s.updated,
            "deleted": s.deleted,
            "conflicts": s.conflicts,
        }
        for s in merged.summaries
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
    from cchc_desktop.store.database import KIND_DEMO
    from cchc_desktop.store.errors import StoreError
    from cchc_desktop.store.opening import open_store

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
