"""Backups protected by a password, for the copies that leave the PC («Sao lưu ra USB…»).

Automatic backups and «Sao lưu ngay» stay in the local backup folder as plain ``.db`` files:
the program makes them by itself and cannot ask for a password. A backup written elsewhere
may be protected with the packages' encryption (:mod:`cchc_desktop.crypto`: scrypt,
then AES-256-GCM streamed in chunks). The file (``<store>-<time>-<reason>.cchcbak``) is::

    b"CCHCBAK\\n"                  8 bytes: what the file is
    header length                 4 bytes, big-endian
    header                        JSON, ASCII: format_version, app_version, created_at (UTC),
                                  database (the name of the .db inside), size (its bytes),
                                  unit (the commune, readable without the password),
                                  encryption (method, kdf, salt, n, r, p, check)
    nonce | ciphertext | tag      the database, AES-256-GCM; the associated data is the
                                  header, so no byte of it can change unnoticed

Writing (:func:`make_protected_backup`): a verified copy of the store is made beside the
store (SQLite's backup API and ``integrity_check``, as every backup), encrypted into the
target folder under a temporary name, flushed and renamed, read back and authenticated,
and the plain copy is removed. Reading (:func:`decrypt_backup`): the password is checked
against the header's check value (a wrong password is told from damage), the database is
decrypted into a temporary file beside the store and only kept when the whole file
authenticates and has the announced size. :func:`preview_backup` and
:func:`restore_backup` take any backup (plain or protected): a protected one is decrypted
beside the store, checked and previewed or restored exactly as a plain one
(:mod:`cchc_desktop.store.restore`), and the decrypted copy is removed in every case.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import sqlite3
import struct
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cchc_desktop import __version__
from cchc_desktop.core.text import format_utc_time, os_error_text
from cchc_desktop.jobs import CancelledFn, JobCancelled, ProgressFn, never_cancelled, no_progress
from cchc_desktop.store import backup as backups
from cchc_desktop.store.errors import BackupError
from cchc_desktop.store.records import utc_now
from cchc_desktop.store.restore import RestorePreview, restore_from_file, restore_preview

log = logging.getLogger(__name__)

SUFFIX = ".cchcbak"
MAGIC = b"CCHCBAK\n"
FORMAT_VERSION = 1
CHUNK_SIZE = 1024 * 1024
_LENGTH = struct.Struct(">I")
_MAX_HEADER = 64 * 1024
_AAD_PREFIX = "cchc-backup\n"
# Temporary files beside the store: the plain copy being encrypted, the decrypted copy
# being restored (store.leftovers removes those a killed program left).
ENCRYPTING_TAG = "ma-hoa"
DECRYPTED_TAG = "giai-ma"

UNPROTECTED_USB_WARNING = (
    "Bản sao lưu này KHÔNG có mật khẩu: ai cầm USB cũng đọc được ngày sinh, dân tộc… của "
    "cán bộ và toàn bộ dữ liệu."
)
LOCAL_BACKUPS_NOTE = (
    "Bản sao lưu tự động và «Sao lưu ngay» trên máy này không đặt mật khẩu (chương trình tự "
    "sao lưu nên không hỏi được mật khẩu): ai mở được thư mục sao lưu trên máy này là đọc được "
    "toàn bộ dữ liệu. Khi mang bản sao lưu ra khỏi máy, dùng «Sao lưu ra USB…» và đặt mật khẩu."
)


class BackupPasswordError(BackupError):
    """The backup is protected and the password is missing or wrong; nothing was changed."""


@dataclass(frozen=True)
class ProtectedBackupInfo:
    """What a protected backup says about itself without the password."""

    path: Path
    format_version: int
    app_version: str
    created_at: str  # UTC, 2026-11-22T03:04:05.678Z
    database_name: str
    size: int  # bytes of the database inside
    unit: str  # "xã Vân Canh", "" when the store had no profile
    encryption: dict[str, Any] = field(repr=False)
    associated_data: str = field(repr=False)
    body_offset: int = field(repr=False)

    @property
    def description(self) -> str:
        """One sentence for a password prompt: whose backup, made when."""
        unit = self.unit or "đơn vị"
        return f"Bản sao lưu của {unit}, tạo lúc {format_utc_time(self.created_at)}, có mật khẩu."


# --- recognising and reading a protected backup -------------------------------------------


def is_protected_backup(path: Path) -> bool:
    """The file is (or is named as) a password-protected backup; reads 8 bytes at most."""
    path = Path(path)
    if path.suffix.lower() == SUFFIX:
        return True
    try:
        with open(path, "rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _damaged(path: Path, what: str) -> BackupError:
    return BackupError(
        f"Bản sao lưu {path} bị hỏng ({what}), không khôi phục được. Hãy chọn bản sao lưu "
        "khác. Dữ liệu hiện tại chưa bị thay đổi.",
        path,
        reason="bản sao lưu bị hỏng",
    )


def read_protected_header(path: Path) -> ProtectedBackupInfo:
    """The readable part of a protected backup; :class:`BackupError` when it is not one."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Không tìm thấy tệp {path}.", path)
    try:
        with open(path, "rb") as handle:
            magic = handle.read(len(MAGIC))
            length_bytes = handle.read(_LENGTH.size)
            if magic != MAGIC:
                raise _damaged(path, "không phải bản sao lưu có mật khẩu của CCHC Desktop")
            if len(length_bytes) != _LENGTH.size:
                raise _damaged(path, "tệp bị cắt cụt")
            (length,) = _LENGTH.unpack(length_bytes)
            if not 2 <= length <= _MAX_HEADER:
                raise _damaged(path, "phần đầu tệp không hợp lệ")
            raw = handle.read(length)
    except OSError as exc:
        raise BackupError(
            f"Không đọc được tệp {path} ({os_error_text(exc)}).", path, reason=os_error_text(exc)
        ) from exc
    if len(raw) != length:
        raise _damaged(path, "tệp bị cắt cụt")
    try:
        text = raw.decode("ascii")
        header = json.loads(text)
        version = int(header["format_version"])
        if version > FORMAT_VERSION:
            raise BackupError(
                f"Bản sao lưu {path} được tạo bởi phiên bản CCHC Desktop mới hơn "
                f"({header.get('app_version') or 'không rõ'}, máy này có {__version__}). Hãy "
                "cài bản mới hơn rồi khôi phục; dữ liệu hiện tại chưa bị thay đổi.",
                path,
            )
        encryption = header["encryption"]
        if not isinstance(encryption, dict):
            raise TypeError("encryption")
        info = ProtectedBackupInfo(
            path=path,
            format_version=version,
            app_version=str(header.get("app_version") or ""),
            created_at=str(header.get("created_at") or ""),
            database_name=str(header.get("database") or ""),
            size=int(header["size"]),
            unit=str(header.get("unit") or ""),
            encryption=encryption,
            associated_data=_AAD_PREFIX + text,
            body_offset=len(MAGIC) + _LENGTH.size + length,
        )
    except BackupError:
        raise
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _damaged(path, "phần đầu tệp không đọc được") from exc
    if info.size < 0:
        raise _damaged(path, "phần đầu tệp không hợp lệ")
    return info


def _key(info: ProtectedBackupInfo, password: str | None) -> bytes:
    from cchc_desktop.crypto import DecryptionError, key_for

    if not password:
        raise BackupPasswordError(
            f"{info.description} Hãy nhập mật khẩu của bản sao lưu.", info.path
        )
    try:
        key = key_for(password, info.encryption)
    except DecryptionError as exc:
        raise _damaged(info.path, "thông số mã hóa không hợp lệ") from exc
    if key is None:
        raise BackupPasswordError(
            f"Mật khẩu của bản sao lưu {info.path.name} không đúng. Dữ liệu hiện tại chưa bị "
            "thay đổi.",
            info.path,
        )
    return key


# --- writing ------------------------------------------------------------------------------


def temporary_copy_path(store_path: Path, tag: str) -> Path:
    """A hidden, unique name beside the store for a plain copy (``tag``: why it exists)."""
    store_path = Path(store_path)
    return store_path.with_name(f".{store_path.stem}-{tag}-{uuid.uuid4().hex[:8]}.db")


def protected_backup_name(store_path: Path, reason: str) -> str:
    return backups.backup_name(store_path, reason).removesuffix(".db") + SUFFIX


def _unique_target(folder: Path, name: str) -> Path:
    target = folder / name
    counter = 2
    while target.exists():
        target = folder / name.replace(SUFFIX, f"-{counter}{SUFFIX}")
        counter += 1
    return target


def _unit_name(path: Path) -> str:
    """The commune of a (plain, verified) copy, for the readable header; "" when unknown."""
    with contextlib.suppress(sqlite3.Error):
        conn = backups.connect_read_only(path)
        try:
            row = conn.execute(
                "SELECT unit_kind, commune_name FROM commune_profile LIMIT 1"
            ).fetchone()
        finally:
            conn.close()
        if row and row[1]:
            return f"{row[0] or ''} {row[1]}".strip()
    return ""


def _chunks(handle: IO[bytes], cancelled: CancelledFn) -> Iterator[bytes]:
    while True:
        if cancelled():
            raise JobCancelled()
        chunk = handle.read(CHUNK_SIZE)
        if not chunk:
            return
        yield chunk


def _steps(size: int) -> int:
    return max(1, -(-size // CHUNK_SIZE))


def make_protected_backup(
    store_path: Path,
    folder: Path,
    password: str,
    reason: str = backups.REASON_MANUAL,
    *,
    progress: ProgressFn = no_progress,
    cancelled: CancelledFn = never_cancelled,
) -> Path:
    """Write a password-protected backup of the store into ``folder``; return its path.

    Raises :class:`BackupError` (nothing left in ``folder``, no plain copy left beside the
    store) or :class:`~cchc_desktop.jobs.JobCancelled`.
    """
    from cchc_desktop.crypto import Encryptor, new_encryption, short_password_text
    from cchc_desktop.files import WriteError, write_atomically

    if problem := short_password_text(password or ""):
        raise BackupError(problem)
    store_path, folder = Path(store_path), Path(folder)
    if not folder.is_dir():
        raise BackupError(
            f"Không tìm thấy thư mục {folder}. Nếu đó là USB, hãy kiểm tra USB còn cắm.", folder
        )
    target = _unique_target(folder, protected_backup_name(store_path, reason))
    plain = temporary_copy_path(store_path, ENCRYPTING_TAG)
    source = backups._connect_source(store_path)
    try:
        backups.copy_database(source, plain, progress=progress, cancelled=cancelled)
    finally:
        source.close()
    try:
        size = plain.stat().st_size
        params, key = new_encryption(password)
        header = json.dumps(
            {
                "format_version": FORMAT_VERSION,
                "app_version": __version__,
                "created_at": utc_now(),
                "database": target.with_suffix(".db").name,
                "size": size,
                "unit": _unit_name(plain),
                "encryption": params,
            },
            ensure_ascii=True,
            sort_keys=True,
        )
        steps = _steps(size)

        def write(handle: IO[bytes]) -> None:
            raw = header.encode("ascii")
            handle.write(MAGIC + _LENGTH.pack(len(raw)) + raw)
            encryptor = Encryptor(key, _AAD_PREFIX + header)
            handle.write(encryptor.header())
            with open(plain, "rb") as src:
                for done, chunk in enumerate(_chunks(src, cancelled), start=1):
                    handle.write(encryptor.update(chunk))
                    progress(done, steps, "Đang mã hóa bản sao lưu…")
            handle.write(encryptor.finish())

        try:
            write_atomically(target, write, "bản sao lưu", "chương trình khác")
        except WriteError as exc:
            raise BackupError(exc.message, target) from exc
        with contextlib.suppress(OSError):
            backups._fsync_dir(folder)
        try:
            _authenticate(target, key, progress=progress, cancelled=cancelled)
        except BaseException:
            with contextlib.suppress(OSError):
                target.unlink()
            raise
    finally:
        backups.remove_store_files(plain)
    log.info("Protected backup written: %s", target)
    return target


def _authenticate(path: Path, key: bytes, *, progress: ProgressFn, cancelled: CancelledFn) -> None:
    """Read a protected backup just written back in full; :class:`BackupError` if it differs."""
    from cchc_desktop.crypto import DecryptionError, decrypt_stream

    info = read_protected_header(path)
    steps, done, total = _steps(info.size), 0, 0
    try:
        with open(path, "rb") as handle:
            handle.seek(info.body_offset)
            for piece in decrypt_stream(key, info.associated_data, _chunks(handle, cancelled)):
                total += len(piece)
                done += 1
                progress(min(done, steps), steps, "Đang đọc lại để kiểm tra bản sao lưu…")
    except (DecryptionError, OSError) as exc:
        log.error("The protected backup %s did not read back: %s", path, exc)
        total = -1
    if total != info.size:
        raise BackupError(
            f"Bản sao lưu vừa ghi vào {path.parent} đọc lại không khớp (USB hoặc ổ đĩa có thể "
            "bị lỗi); tệp đã được xóa. Hãy thử lại, hoặc dùng USB khác.",
            path,
            reason="bản sao đọc lại không khớp",
        )


# --- reading --------------------------------------------------------------------------------


def decrypt_backup(
    source: Path,
    target: Path,
    password: str | None,
    *,
    progress: ProgressFn = no_progress,
    cancelled: CancelledFn = never_cancelled,
) -> ProtectedBackupInfo:
    """Decrypt the protected backup ``source`` into ``target`` (a temporary name).

    ``target`` is kept only when the whole file authenticates and has the announced size;
    otherwise nothing is left there and :class:`BackupPasswordError` (missing or wrong
    password), :class:`BackupError` (damaged, unreadable) or
    :class:`~cchc_desktop.jobs.JobCancelled` is raised.
    """
    from cchc_desktop.crypto import DecryptionError, decrypt_stream

    source, target = Path(source), Path(target)
    info = read_protected_header(source)
    progress(0, 0, "Đang kiểm tra mật khẩu…")
    key = _key(info, password)
    steps, done, written = _steps(info.size), 0, 0
    backups.remove_store_files(target)
    try:
        with open(source, "rb") as src, open(target, "wb") as out:
            src.seek(info.body_offset)
            for piece in decrypt_stream(key, info.associated_data, _chunks(src, cancelled)):
                out.write(piece)
                written += len(piece)
                done += 1
                progress(min(done, steps), steps, "Đang giải mã bản sao lưu…")
        if written != info.size:
            raise DecryptionError("kích thước không khớp")
    except DecryptionError as exc:
        backups.remove_store_files(target)
        log.error("The protected backup %s does not authenticate: %s", source, exc)
        raise _damaged(source, "tệp bị cắt cụt hoặc đã bị sửa đổi") from exc
    except OSError as exc:
        backups.remove_store_files(target)
        reason = os_error_text(exc)
        raise BackupError(
            f"Không giải mã được bản sao lưu {source} vào thư mục {target.parent} ({reason}). "
            "Dữ liệu hiện tại chưa bị thay đổi.",
            source,
            reason=reason,
        ) from exc
    except BaseException:
        backups.remove_store_files(target)
        raise
    return info


@contextlib.contextmanager
def decrypted_copy(
    store_path: Path,
    source: Path,
    password: str | None,
    *,
    progress: ProgressFn = no_progress,
    cancelled: CancelledFn = never_cancelled,
) -> Iterator[Path]:
    """The database of a protected backup, decrypted beside the store for the ``with``
    block, then removed whatever happens; messages about it name ``source``."""
    plain = temporary_copy_path(store_path, DECRYPTED_TAG)
    try:
        decrypt_backup(source, plain, password, progress=progress, cancelled=cancelled)
        try:
            yield plain
        except BackupError as exc:
            if str(plain) not in exc.message:
                raise
            raise BackupError(
                exc.message.replace(str(plain), str(source)), Path(source), reason=exc.reason
            ) from exc
    finally:
        backups.remove_store_files(plain)


def preview_backup(
    store_path: Path,
    source: Path,
    password: str | None = None,
    *,
    progress: ProgressFn = no_progress,
    cancelled: CancelledFn = never_cancelled,
) -> RestorePreview:
    """:func:`~cchc_desktop.store.restore.restore_preview` of any backup, protected or not."""
    source = Path(source)
    if not is_protected_backup(source):
        return restore_preview(store_path, source)
    with decrypted_copy(
        store_path, source, password, progress=progress, cancelled=cancelled
    ) as plain:
        progress(0, 0, "Đang kiểm tra bản sao lưu…")
        preview = restore_preview(store_path, plain)
    return dataclasses.replace(preview, source=source, size=source.stat().st_size)


def restore_backup(
    store_path: Path,
    source: Path,
    password: str | None = None,
    *,
    progress: ProgressFn = no_progress,
    cancelled: CancelledFn = never_cancelled,
) -> Path:
    """:func:`~cchc_desktop.store.restore.restore_from_file` from any backup, protected or
    not; returns the backup of the data as it was before."""
    source = Path(source)
    if not is_protected_backup(source):
        return restore_from_file(store_path, source, progress=progress, cancelled=cancelled)
    with decrypted_copy(
        store_path, source, password, progress=progress, cancelled=cancelled
    ) as plain:
        return restore_from_file(
            store_path, plain, progress=progress, cancelled=cancelled, source_name=source.name
        )


__all__ = [
    "LOCAL_BACKUPS_NOTE",
    "SUFFIX",
    "UNPROTECTED_USB_WARNING",
    "BackupPasswordError",
    "ProtectedBackupInfo",
    "decrypt_backup",
    "decrypted_copy",
    "is_protected_backup",
    "make_protected_backup",
    "preview_backup",
    "read_protected_header",
    "restore_backup",
]
