"""Writing a package: the store's records, tombstones and evidence files in one zip.

Layout of a ``.cchc`` file (a zip):

- ``data/<kind>.jsonl`` — one JSON object per record: its columns (no local
  row id), plus ``_v``: the version of each field (see
  :mod:`cchc_desktop.transfer.merge`) and ``_unit``: the commune's code;
- ``data/tombstones.jsonl`` — the deletions: uuid, kind, time, version;
- ``files/<sha256>`` — each evidence file once, named by its content hash;
- ``manifest.json`` — written last: versions, the unit, the scope, the counts,
  and the SHA-256 and size of every other member.

Everything is read inside one read transaction (a consistent snapshot while
the program goes on), and blobs are streamed in chunks, so memory does not
grow with the size of the evidence files.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from cchc_desktop import __version__, crypto
from cchc_desktop.core.text import ascii_slug
from cchc_desktop.files import WriteError, write_atomically
from cchc_desktop.jobs import CancelledFn, JobCancelled, ProgressFn, never_cancelled, no_progress
from cchc_desktop.store.kinds import HISTORY_PERSONAL, KINDS, LOCAL_COLUMNS
from cchc_desktop.store.records import new_uuid, utc_now
from cchc_desktop.transfer import PackageError
from cchc_desktop.transfer.model import (
    FORMAT_NAME,
    FORMAT_VERSION,
    KIND_COMMUNE_DATA,
    MIN_READER_VERSION,
    ExportResult,
    Manifest,
    Member,
    PackageOptions,
)

log = logging.getLogger(__name__)

CHUNK = 1024 * 1024
MANIFEST_NAME = "manifest.json"
TOMBSTONES_MEMBER = "data/tombstones.jsonl"


def data_member(kind: str) -> str:
    return f"data/{kind}.jsonl"


def file_member(sha256: str) -> str:
    return f"files/{sha256}"


def available_years(conn: sqlite3.Connection) -> list[int]:
    """Years that have a self-assessment or tasks, newest first."""
    rows = conn.execute(
        "SELECT year FROM assessments UNION "
        "SELECT CAST(substr(assigned_on, 1, 4) AS INTEGER) FROM tasks UNION "
        "SELECT CAST(substr(deadline, 1, 4) AS INTEGER) FROM tasks WHERE deadline IS NOT NULL"
    ).fetchall()
    return sorted({int(r[0]) for r in rows if r[0]}, reverse=True)


def package_file_name(unit_name: str, options: PackageOptions, day: date) -> str:
    """``cchc-xa-tan-phu-toan-bo-2026-11-22.cchc``: the commune, the content, the date."""
    if options.years:
        years = sorted(set(options.years))
        content = "nam-" + "-".join(str(y) for y in years)
    else:
        content = "toan-bo"
    if not options.personal_data:
        content += "-khong-du-lieu-ca-nhan"
    unit = ascii_slug(unit_name) or "don-vi"
    return f"cchc-{unit}-{content}-{day.isoformat()}.cchc"


def record_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """The columns of a travelling table that a package carries (not the local row id)."""
    return [
        row[1]
        for row in conn.execute(f'PRAGMA table_info("{table}")')
        if row[1] not in LOCAL_COLUMNS
    ]


def _in_scope(conn: sqlite3.Connection, years: tuple[int, ...] | None) -> dict[str, str]:
    """Per kind, a SQL condition choosing the rows of the package (empty: all rows)."""
    if not years:
        return {}
    year_list = ", ".join(str(int(y)) for y in sorted(set(years)))
    assessments = f"SELECT uuid FROM assessments WHERE year IN ({year_list})"
    tasks = (
        "SELECT uuid FROM tasks WHERE "
        f"CAST(substr(assigned_on, 1, 4) AS INTEGER) IN ({year_list}) OR "
        f"CAST(substr(deadline, 1, 4) AS INTEGER) IN ({year_list}) OR "
        f"CAST(substr(completed_on, 1, 4) AS INTEGER) IN ({year_list}) OR "
        f"uuid IN (SELECT task_uuid FROM criterion_tasks WHERE assessment_uuid IN ({assessments}))"
    )
    sets = f"SELECT criteria_set_uuid FROM assessments WHERE year IN ({year_list})"
    documents = (
        f"SELECT source_document_uuid FROM tasks WHERE uuid IN ({tasks}) UNION "
        f"SELECT document_uuid FROM task_documents WHERE task_uuid IN ({tasks}) UNION "
        f"SELECT document_uuid FROM score_evidence WHERE assessment_uuid IN ({assessments})"
    )
    return {
        "tasks": f"uuid IN ({tasks})",
        "task_documents": f"task_uuid IN ({tasks})",
        "documents": f"uuid IN ({documents})",
        "document_files": f"document_uuid IN ({documents})",
        "criteria_sets": f"uuid IN ({sets})",
        "criteria_mappings": f"old_set_uuid IN ({sets}) AND new_set_uuid IN ({sets})",
        "assessments": f"uuid IN ({assessments})",
        "assessment_events": f"assessment_uuid IN ({assessments})",
        "scores": f"assessment_uuid IN ({assessments})",
        "score_evidence": f"assessment_uuid IN ({assessments})",
        "criterion_tasks": f"assessment_uuid IN ({assessments})",
    }


def _without_personal(kind: str, row: dict[str, Any]) -> dict[str, Any]:
    if kind == "officials":
        return {k: v for k, v in row.items() if k not in HISTORY_PERSONAL}
    if kind == "official_history":
        data = json.loads(row["data"])
        for name in HISTORY_PERSONAL:
            data.pop(name, None)
        return {**row, "data": json.dumps(data, ensure_ascii=False, sort_keys=True)}
    return row


def read_records(
    conn: sqlite3.Connection, options: PackageOptions
) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
    """The records and tombstones a package with ``options`` holds (inside the caller's read
    transaction): each record with ``_v``, the version of each of its fields (column → [clock,
    store id, who]; ``*`` for the fields not edited since the record was made), and
    ``_unit``, the commune it belongs to."""
    scope = _in_scope(conn, options.years)
    unit = _meta_profile_code(conn)
    versions: dict[str, dict[str, list[Any]]] = {}
    for uuid, col, hlc, node, who in conn.execute(
        "SELECT uuid, col, hlc, node, who FROM field_versions"
    ):
        versions.setdefault(uuid, {})[col] = [hlc, node, who]
    skipped = set() if options.personal_data else set(HISTORY_PERSONAL)
    records: dict[str, list[dict[str, Any]]] = {}
    for kind in KINDS:
        columns = record_columns(conn, kind.name)
        where = f" WHERE {scope[kind.name]}" if kind.name in scope else ""
        quoted = ", ".join(f'"{c}"' for c in columns)
        rows = []
        for values in conn.execute(f'SELECT {quoted} FROM "{kind.name}"{where} ORDER BY uuid'):
            row = dict(zip(columns, values, strict=True))
            if not options.personal_data:
                row = _without_personal(kind.name, row)
            marks = versions.get(row["uuid"], {})
            if kind.name == "officials":
                marks = {c: v for c, v in marks.items() if c not in skipped}
            row["_v"] = marks
            row["_unit"] = unit
            rows.append(row)
        records[kind.name] = rows
    tombstones = [
        {
            "uuid": u,
            "record_kind": k,
            "deleted_at": d,
            "hlc": hlc,
            "node": node,
            "who": who,
            "_unit": unit,
        }
        for u, k, d, hlc, node, who in conn.execute(
            "SELECT uuid, record_kind, deleted_at, hlc, node, who FROM tombstones ORDER BY uuid"
        )
    ]
    return records, tombstones


def _meta_profile_code(conn: sqlite3.Connection) -> str:
    row = conn.execute("SELECT commune_code FROM commune_profile").fetchone()
    return row[0] if row else ""


def sender_clock(conn: sqlite3.Connection) -> dict[str, int]:
    """What this PC has seen: the newest clock of each PC, its own included."""
    clock = dict(conn.execute("SELECT node, hlc FROM sync_peers").fetchall())
    own = _meta(conn, "store_id")
    clock[own] = conn.execute("SELECT hlc FROM sync_clock WHERE id = 1").fetchone()[0]
    return clock


def _jsonl(rows: list[dict[str, Any]]) -> bytes:
    return b"".join(
        json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
        + b"\n"
        for row in rows
    )


class _PackageWriter:
    """Adds members to an open zip, hashing (and encrypting) what it stores."""

    def __init__(self, archive: zipfile.ZipFile, key: bytes | None, when: datetime):
        self.archive = archive
        self.key = key
        self.when = when.timetuple()[:6]
        self.members: list[Member] = []

    def _info(self, name: str, compress: bool) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.when)
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        return info

    def add(self, name: str, chunks: Iterator[bytes], *, compress: bool) -> None:
        digest = hashlib.sha256()
        size = 0
        info = self._info(name, compress and self.key is None)
        with self.archive.open(info, "w", force_zip64=True) as out:

            def put(data: bytes) -> None:
                nonlocal size
                if data:
                    digest.update(data)
                    out.write(data)
                    size += len(data)

            try:
                if self.key is None:
                    for chunk in chunks:
                        put(chunk)
                else:
                    encryptor = crypto.Encryptor(self.key, name)
                    put(encryptor.header())
                    for chunk in chunks:
                        put(encryptor.update(chunk))
                    put(encryptor.finish())
            finally:
                close = getattr(chunks, "close", None)
                if close is not None:
                    close()  # a blob handle must not outlive a failed write
        self.members.append(Member(name, digest.hexdigest(), size))


def _blob_chunks(
    conn: sqlite3.Connection, sha256: str, cancelled: CancelledFn, advance: Any
) -> Iterator[bytes]:
    rowid = conn.execute("SELECT rowid FROM file_blobs WHERE sha256 = ?", (sha256,)).fetchone()[0]
    with conn.blobopen("file_blobs", "data", rowid, readonly=True) as blob:
        while chunk := blob.read(CHUNK):
            if cancelled():
                raise JobCancelled()
            advance(len(chunk))
            yield chunk


def manifest_dict(manifest: Manifest) -> dict[str, Any]:
    return {
        "format": FORMAT_NAME,
        "format_version": manifest.format_version,
        "package_kind": manifest.package_kind,
        "app": "CCHC Desktop",
        "app_version": manifest.app_version,
        "min_reader_version": manifest.min_reader_version,
        "schema_version": manifest.schema_version,
        "unit": {
            "code": manifest.unit_code,
            "name": manifest.unit_name,
            "province": manifest.province,
        },
        "demo": manifest.demo,
        "store_id": manifest.store_id,
        "package_id": manifest.package_id,
        "created_at": manifest.created_at,
        "scope": {
            "years": list(manifest.years) if manifest.years else None,
            "personal_data": manifest.personal_data,
        },
        "encryption": manifest.encryption,
        "counts": manifest.counts,
        "clock": manifest.clock,
        "members": [{"name": m.name, "sha256": m.sha256, "size": m.size} for m in manifest.members],
    }


def _meta(conn: sqlite3.Connection, key: str) -> str:
    row = conn.execute("SELECT value FROM store_meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else ""


def export_package(
    conn: sqlite3.Connection,
    target: Path,
    options: PackageOptions | None = None,
    *,
    progress: ProgressFn = no_progress,
    cancelled: CancelledFn = never_cancelled,
) -> ExportResult:
    """Write a package of the store behind ``conn`` at ``target`` (temporary name, then rename).

    Raises :class:`PackageError` (nothing left under ``target``) or JobCancelled.
    """
    target = Path(target)
    options = options or PackageOptions()
    profile = _exporting_unit(conn, target, options)
    created = utc_now()
    encryption, key = (None, None)
    if options.password:
        encryption, key = crypto.new_encryption(options.password)
    progress(0, 0, "Đang đọc dữ liệu…")
    _give_stable_identities(conn)
    conn.execute("BEGIN")
    try:
        records, tombstones = read_records(conn, options)
        shas = sorted({row["sha256"] for row in records["document_files"]})
        counts = {kind: len(rows) for kind, rows in records.items()}
        counts["tombstones"] = len(tombstones)
        counts["files"] = len(shas)
        manifest = Manifest(
            format_version=FORMAT_VERSION,
            package_kind=KIND_COMMUNE_DATA,
            app_version=__version__,
            min_reader_version=MIN_READER_VERSION,
            schema_version=int(conn.execute("PRAGMA user_version").fetchone()[0]),
            unit_code=profile[0],
            unit_name=f"{profile[1]} {profile[2]}",
            province=profile[3],
            demo=_meta(conn, "store_kind") == "demo",
            store_id=_meta(conn, "store_id"),
            package_id=new_uuid(),
            created_at=created,
            years=tuple(sorted(set(options.years))) if options.years else None,
            personal_data=options.personal_data,
            encryption=encryption,
            counts=counts,
            members=(),
            clock=sender_clock(conn),
        )
        contents = _Contents(records, tombstones, shas)
        manifest = _write_package(conn, target, manifest, contents, key, progress, cancelled)
    finally:
        conn.execute("COMMIT")
    size = target.stat().st_size
    _record_export(conn, manifest, records, target)
    log.info("Package written: %s (%s bytes)", target, size)
    return ExportResult(target, manifest, size)


def _exporting_unit(
    conn: sqlite3.Connection, target: Path, options: PackageOptions
) -> tuple[str, str, str, str]:
    """The commune the package is of (code, kind, name, province); refused without a
    profile, a folder to write in, or a year when years are chosen."""
    if not target.parent.is_dir():
        raise PackageError(
            f"Không tìm thấy thư mục {target.parent}. Nếu đó là USB, hãy kiểm tra USB còn cắm."
        )
    profile = conn.execute(
        "SELECT commune_code, unit_kind, commune_name, province FROM commune_profile"
    ).fetchone()
    if profile is None:
        raise PackageError(
            "Chưa có thông tin đơn vị (trang «Thông tin đơn vị»): gói dữ liệu phải ghi rõ "
            "của xã nào."
        )
    if options.years is not None and not options.years:
        raise PackageError("Hãy chọn ít nhất một năm để đưa vào gói.")
    return profile[0], profile[1], profile[2], profile[3]


@dataclass(frozen=True)
class _Contents:
    """What goes in a package: the records by kind, the tombstones, the evidence files."""

    records: dict[str, list[dict[str, Any]]]
    tombstones: list[dict[str, Any]]
    shas: list[str]


def _write_package(
    conn: sqlite3.Connection,
    target: Path,
    manifest: Manifest,
    contents: _Contents,
    key: bytes | None,
    progress: ProgressFn,
    cancelled: CancelledFn,
) -> Manifest:
    """The zip at ``target`` (atomically); returns the manifest written, with its members."""
    total = sum(
        conn.execute("SELECT size FROM file_blobs WHERE sha256 = ?", (s,)).fetchone()[0]
        for s in contents.shas
    )
    done = 0

    def advance(size: int) -> None:
        nonlocal done
        done += size
        progress(done, max(total, 1), "Đang chép tệp kiểm chứng vào gói…")

    manifest_written = manifest

    def write(handle: IO[bytes]) -> None:
        with zipfile.ZipFile(handle, "w", allowZip64=True) as archive:
            writer = _PackageWriter(archive, key, datetime.now())
            for kind, rows in contents.records.items():
                writer.add(data_member(kind), iter([_jsonl(rows)]), compress=True)
            writer.add(TOMBSTONES_MEMBER, iter([_jsonl(contents.tombstones)]), compress=True)
            for sha in contents.shas:
                if cancelled():
                    raise JobCancelled()
                writer.add(
                    file_member(sha), _blob_chunks(conn, sha, cancelled, advance), compress=False
                )
            final = replace(manifest, members=tuple(writer.members))
            text = json.dumps(manifest_dict(final), ensure_ascii=False, indent=1)
            info = zipfile.ZipInfo(MANIFEST_NAME, date_time=writer.when)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
            nonlocal manifest_written
            manifest_written = final

    try:
        write_atomically(target, write, "gói dữ liệu", "chương trình khác")
    except WriteError as exc:
        raise PackageError(exc.message) from exc
    return manifest_written


def _give_stable_identities(conn: sqlite3.Connection) -> None:
    """Records with a natural key made under another uuid (by an older version) take the one
    every PC computes, before they travel."""
    from cchc_desktop.store.identity import rekey_natural_records

    try:
        conn.execute("BEGIN")  # a write only when some record has to move
        try:
            rekey_natural_records(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        raise PackageError(
            "Không chuẩn bị được dữ liệu để xuất gói: tệp dữ liệu đang bận hoặc ổ đĩa đầy. "
            "Hãy thử lại."
        ) from exc


def _record_export(
    conn: sqlite3.Connection,
    manifest: Manifest,
    records: dict[str, list[dict[str, Any]]],
    target: Path,
) -> None:
    """Add the package to the exchange history."""
    now = utc_now()
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "INSERT INTO exchanges (happened_at, direction, package_id, file_name, unit_code, "
                "summary) VALUES (?, 'xuat', ?, ?, ?, ?)",
                (
                    now,
                    manifest.package_id,
                    str(target),
                    manifest.unit_code,
                    json.dumps({"counts": manifest.counts}, ensure_ascii=False),
                ),
            )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    except sqlite3.Error:
        # The package is written and complete; only the exchange record is missing, which
        # at worst turns a later change into a conflict the officer resolves.
        log.exception("Could not record the export of %s", target)
