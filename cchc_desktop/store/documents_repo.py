"""Documents (số/ký hiệu, ngày, cơ quan, trích yếu) and the files attached to them.

File bytes are kept inside the store, once per content (SHA-256): the same
scan attached to many documents, or again next year, costs nothing more.
Files are streamed in and out in chunks, so a large scan never sits whole in
memory.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from dataclasses import replace
from pathlib import Path

from cchc_desktop.core.tasks import Document, DocumentFile
from cchc_desktop.core.text import normalize_text, os_error_text
from cchc_desktop.store.database import Store
from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.records import iso_date, new_uuid, stored_date, utc_now

_CHUNK = 1 << 20


def load_document(store: Store, uuid: str) -> Document | None:
    row = store.conn.execute(
        "SELECT number, issued_on, issuer, summary FROM documents WHERE uuid = ?", (uuid,)
    ).fetchone()
    if row is None:
        return None
    return Document(row[0], stored_date(row[1]), row[2], row[3], uuid, tuple(files_of(store, uuid)))


def save_document(
    store: Store, document: Document, *, with_files: bool = True
) -> tuple[Document, bool]:
    """Insert a new document or update a stored one.

    Must run inside the caller's transaction. ``updated_at`` moves only on a
    real change. With ``with_files`` the document's files become exactly
    ``document.files``; without it (a form that does not show files) the stored
    files are left as they are. Returns the document as stored and whether the
    text of an existing document changed (the tasks citing it must then be
    found and sorted by the new text).
    """
    values = (
        normalize_text(document.number),
        iso_date(document.issued_on),
        normalize_text(document.issuer),
        normalize_text(document.summary),
    )
    uuid = document.uuid or ""
    row = None
    if uuid:
        row = store.conn.execute(
            "SELECT number, issued_on, issuer, summary FROM documents WHERE uuid = ?", (uuid,)
        ).fetchone()
    edited = False
    if row is None:
        uuid = uuid or new_uuid()
        store.conn.execute(
            "INSERT INTO documents (uuid, updated_at, number, issued_on, issuer, summary) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (uuid, utc_now(), *values),
        )
    elif tuple(row) != values:
        store.conn.execute(
            "UPDATE documents SET number = ?, issued_on = ?, issuer = ?, summary = ?, "
            "updated_at = ? WHERE uuid = ?",
            (*values, utc_now(), uuid),
        )
        edited = True
    if with_files:
        sync_files(store, uuid, document.files)
    stored = replace(
        document,
        uuid=uuid,
        number=values[0],
        issuer=values[2],
        summary=values[3],
        files=tuple(files_of(store, uuid)),
    )
    return stored, edited


def documents_for_choice(store: Store, limit: int = 500) -> list[Document]:
    """Recent documents, newest first, for picking an existing one."""
    rows = store.conn.execute(
        "SELECT uuid, number, issued_on, issuer, summary FROM documents "
        "ORDER BY COALESCE(issued_on, '') DESC, id DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [Document(r[1], stored_date(r[2]), r[3], r[4], r[0]) for r in rows]


def files_of(store: Store, document_uuid: str) -> list[DocumentFile]:
    rows = store.conn.execute(
        "SELECT uuid, file_name, size, sha256 FROM document_files WHERE document_uuid = ? "
        "ORDER BY id",
        (document_uuid,),
    ).fetchall()
    return [DocumentFile(name=r[1], size=r[2], sha256=r[3], uuid=r[0]) for r in rows]


def _hash_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def store_blob(store: Store, path: Path) -> tuple[str, int]:
    """Copy a file's bytes into the store (once per content). Inside a transaction."""
    try:
        sha256, size = _hash_file(path)
        exists = store.conn.execute(
            "SELECT 1 FROM file_blobs WHERE sha256 = ?", (sha256,)
        ).fetchone()
        if not exists:
            cursor = store.conn.execute(
                "INSERT INTO file_blobs (sha256, size, data) VALUES (?, ?, zeroblob(?))",
                (sha256, size, size),
            )
            blob_row = cursor.lastrowid
            assert blob_row is not None  # the row just inserted
            if size:
                with store.conn.blobopen("file_blobs", "data", blob_row) as blob:
                    with open(path, "rb") as handle:
                        while chunk := handle.read(_CHUNK):
                            blob.write(chunk)
    except OSError as exc:
        raise StoreError(f"Không đọc được tệp {path} ({os_error_text(exc)}).", path) from exc
    return sha256, size


def sync_files(store: Store, document_uuid: str, wanted: tuple[DocumentFile, ...]) -> None:
    """Make the document's files exactly ``wanted``. Inside the caller's transaction."""
    kept = {f.uuid for f in wanted if f.uuid}
    for current in files_of(store, document_uuid):
        if current.uuid not in kept:
            store.conn.execute("DELETE FROM document_files WHERE uuid = ?", (current.uuid,))
    for attached in wanted:
        if attached.uuid or attached.source is None:
            continue
        sha256, size = store_blob(store, attached.source)
        store.conn.execute(
            "INSERT INTO document_files (uuid, updated_at, document_uuid, file_name, sha256, "
            "size, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (new_uuid(), utc_now(), document_uuid, attached.name, sha256, size, utc_now()),
        )


def export_file(store: Store, file_uuid: str, folder: Path) -> Path:
    """Write a stored file into ``folder`` under its own name (temporary name, then rename)."""
    row = store.conn.execute(
        "SELECT f.file_name, b.rowid, b.size FROM document_files f "
        "JOIN file_blobs b ON b.sha256 = f.sha256 WHERE f.uuid = ?",
        (file_uuid,),
    ).fetchone()
    if row is None:
        raise StoreError("Không tìm thấy tệp đính kèm này trong dữ liệu.")
    name, rowid, size = row
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / Path(name).name
    partial = target.with_name(f".{target.name}.dang-ghi")
    with store.conn.blobopen("file_blobs", "data", rowid, readonly=True) as blob:
        with open(partial, "wb") as handle:
            remaining = size
            while remaining:
                chunk = blob.read(min(_CHUNK, remaining))
                handle.write(chunk)
                remaining -= len(chunk)
    os.replace(partial, target)
    return target


def prune_viewed_copies(folder: Path, keep_days: int = 2) -> int:
    """Remove the copies written for viewing (one folder per file) older than ``keep_days``.

    Copies still open in a viewer cannot be removed on Windows: they are left for the
    next time. Returns how many folders were removed.
    """
    if not folder.is_dir():
        return 0
    limit = time.time() - keep_days * 86400
    removed = 0
    for entry in folder.iterdir():
        try:
            if entry.is_dir() and entry.stat().st_mtime < limit:
                shutil.rmtree(entry)
                removed += 1
        except OSError:
            continue
    return removed


def document_usage(store: Store, uuid: str) -> int:
    """How many tasks cite this document (as source or result): editing it changes them all."""
    count: int = store.conn.execute(
        "SELECT (SELECT count(*) FROM tasks WHERE source_document_uuid = :u)"
        " + (SELECT count(*) FROM task_documents WHERE document_uuid = :u)",
        {"u": uuid},
    ).fetchone()[0]
    return count
