"""Reading a package: every check is made before any record reaches a store.

:func:`verify_package` refuses, with a message naming the member when there is
one: a file that is not a zip or is cut short; member names that are absolute
or climb out with ``..``; a missing, extra or resized member; a member whose
SHA-256 differs from the manifest; a package from a newer version ("tạo bởi
phiên bản X, máy này có Y, cần cập nhật lên ít nhất Z"); sizes that betray a
zip bomb; a wrong password; JSON that does not parse; records without a valid
uuid or time; counts that differ from the manifest.
"""

from __future__ import annotations

import hashlib
import json
import lzma
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from cchc_desktop import __version__, crypto
from cchc_desktop.jobs import CancelledFn, JobCancelled, ProgressFn, never_cancelled, no_progress
from cchc_desktop.paths import migrations_dir
from cchc_desktop.store import migrations as migration_files
from cchc_desktop.store.kinds import BY_NAME, label_of
from cchc_desktop.transfer import PackageError, WrongPasswordError
from cchc_desktop.transfer.model import (
    FORMAT_NAME,
    FORMAT_VERSION,
    KNOWN_PACKAGE_KINDS,
    Manifest,
    Member,
    VerifiedPackage,
)
from cchc_desktop.transfer.validate.names import column_name
from cchc_desktop.transfer.writer import CHUNK, MANIFEST_NAME, TOMBSTONES_MEMBER

# Limits against zip bombs and absurd files (far above any commune's real data).
MAX_MEMBERS = 200_000
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
MAX_DATA_MEMBER_BYTES = 256 * 1024 * 1024
MAX_FILE_MEMBER_BYTES = 4 * 1024**3
MAX_TOTAL_BYTES = 64 * 1024**3
MAX_RATIO = 200  # uncompressed ÷ compressed, for members above 1 MiB

_MEMBER_RE = re.compile(r"^(data/[a-z_]+\.jsonl|files/[0-9a-f]{64})$")
_UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", str(text))[:3]) or (0,)


def _damaged(name: str, detail: str) -> PackageError:
    return PackageError(f"Thành phần «{name}» của gói bị hỏng: {detail}.", member=name)


# What the zip library raises for a damaged or unusual archive, besides OSError: a header
# field it does not support (a compression method, a flag, a zip version) gives
# NotImplementedError, an encrypted entry RuntimeError, a cut or garbled one the others.
_ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    RuntimeError,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    struct.error,
    ValueError,
    OverflowError,
)


def _open_zip(path: Path) -> zipfile.ZipFile:
    path = Path(path)
    if not path.is_file():
        raise PackageError(f"Không tìm thấy tệp «{path}». Nếu tệp ở USB, hãy kiểm tra USB còn cắm.")
    try:
        return zipfile.ZipFile(path)
    except NotImplementedError as exc:
        raise PackageError(
            f"Tệp «{path.name}» không đọc được như một gói dữ liệu CCHC: gói bị hỏng (mục lục "
            "của tệp nén ghi một phiên bản hoặc kiểu nén mà chương trình không đọc được). Hãy "
            "chép lại tệp, hoặc tạo lại gói trên máy gửi."
        ) from exc
    except OSError as exc:
        from cchc_desktop.core.text import os_error_text

        raise PackageError(f"Không đọc được tệp «{path}» ({os_error_text(exc)}).") from exc
    except _ZIP_ERRORS as exc:
        raise PackageError(
            f"Tệp «{path.name}» không đọc được như một gói dữ liệu CCHC: tệp bị cắt cụt (chép "
            "chưa xong?), bị hỏng, hoặc không phải gói dữ liệu. Hãy chép lại tệp từ máy gửi."
        ) from exc


def _check_names(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos: dict[str, zipfile.ZipInfo] = {}
    listed = archive.infolist()
    if len(listed) > MAX_MEMBERS:
        raise PackageError(f"Gói có {len(listed)} thành phần, quá nhiều cho một gói dữ liệu.")
    for info in listed:
        name = info.filename
        pure = PurePosixPath(name.replace("\\", "/"))
        if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or pure.is_absolute():
            raise PackageError(
                f"Gói chứa thành phần có đường dẫn tuyệt đối «{name}»: gói không hợp lệ, có thể "
                "bị sửa có chủ ý. Không nhập gói này.",
                member=name,
            )
        if ".." in pure.parts:
            raise PackageError(
                f"Gói chứa thành phần «{name}» trỏ ra ngoài thư mục (có «..»): gói không hợp lệ, "
                "có thể bị sửa có chủ ý. Không nhập gói này.",
                member=name,
            )
        if name in infos:
            raise PackageError(f"Gói chứa hai thành phần cùng tên «{name}».", member=name)
        if name != MANIFEST_NAME and not _MEMBER_RE.match(name):
            raise PackageError(f"Gói chứa thành phần lạ «{name}».", member=name)
        infos[name] = info
    return infos


def _bytes(count: int) -> str:
    return f"{count:,}".replace(",", ".")


def _check_sizes(infos: dict[str, zipfile.ZipInfo]) -> None:
    total = 0
    for name, info in infos.items():
        limit = (
            MAX_MANIFEST_BYTES
            if name == MANIFEST_NAME
            else MAX_DATA_MEMBER_BYTES
            if name.startswith("data/")
            else MAX_FILE_MEMBER_BYTES
        )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limit or (info.file_size > 1024 * 1024 and ratio > MAX_RATIO):
            raise PackageError(
                f"Thành phần «{name}» khai báo {_bytes(info.file_size)} byte khi giải nén (nén "
                f"{_bytes(info.compress_size)} byte): vượt giới hạn an toàn, có thể là «bom nén» "
                "cố ý làm đầy ổ đĩa. Không nhập gói này.",
                member=name,
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise PackageError("Tổng dung lượng giải nén của gói vượt giới hạn an toàn.")


def _member_chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The stored bytes of a member, never more than its declared size.

    Whatever the zip library raises while opening or reading the member becomes a
    :class:`PackageError` naming it ("gói bị hỏng"), never an unexpected error.
    """
    read = 0
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(CHUNK):
                read += len(chunk)
                if read > info.file_size:
                    raise _damaged(info.filename, "dài hơn kích thước khai báo")
                yield chunk
    except zipfile.BadZipFile as exc:
        raise _damaged(
            info.filename, "nội dung hoặc phần đầu hỏng, sai mã kiểm tra CRC hoặc sai cấu trúc"
        ) from exc
    except (zlib.error, lzma.LZMAError) as exc:
        raise _damaged(info.filename, "dữ liệu nén không đúng") from exc
    except NotImplementedError as exc:
        raise _damaged(
            info.filename,
            "phần đầu ghi một kiểu nén hoặc một cờ mà chương trình không đọc được (gói không "
            "phải do CCHC Desktop tạo, hoặc đã bị sửa)",
        ) from exc
    except RuntimeError as exc:
        raise _damaged(
            info.filename,
            "phần đầu ghi rằng thành phần được khóa bằng mật khẩu kiểu zip (gói của CCHC "
            "Desktop không dùng kiểu này)",
        ) from exc
    except PackageError:
        raise
    except (OSError, EOFError, ValueError, struct.error, OverflowError) as exc:
        raise _damaged(info.filename, "đọc không hết, tệp bị cắt cụt hoặc bị hỏng") from exc


def _parse_manifest(archive: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo]) -> Manifest:
    if MANIFEST_NAME not in infos:
        raise PackageError(
            f"Gói không có «{MANIFEST_NAME}»: đây không phải gói dữ liệu CCHC Desktop.",
            member=MANIFEST_NAME,
        )
    raw = b"".join(_member_chunks(archive, infos[MANIFEST_NAME]))
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _damaged(MANIFEST_NAME, "không phải JSON hợp lệ") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise PackageError(
            "Tệp này không phải gói dữ liệu CCHC Desktop (bản kê không đúng định dạng).",
            member=MANIFEST_NAME,
        )
    _check_versions(data)
    try:
        unit = data["unit"]
        scope = data["scope"]
        years = scope.get("years")
        members = tuple(
            Member(str(m["name"]), str(m["sha256"]).lower(), int(m["size"]))
            for m in data["members"]
        )
        manifest = Manifest(
            format_version=int(data["format_version"]),
            package_kind=str(data["package_kind"]),
            app_version=str(data["app_version"]),
            min_reader_version=str(data["min_reader_version"]),
            schema_version=int(data["schema_version"]),
            unit_code=str(unit["code"]),
            unit_name=str(unit["name"]),
            province=str(unit.get("province", "")),
            demo=bool(data.get("demo", False)),
            store_id=str(data.get("store_id", "")),
            package_id=str(data["package_id"]),
            created_at=str(data["created_at"]),
            years=tuple(int(y) for y in years) if years else None,
            personal_data=bool(scope["personal_data"]),
            encryption=_encryption(data.get("encryption")),
            counts={str(k): int(v) for k, v in data["counts"].items()},
            members=members,
            clock=_clock(data.get("clock")),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _damaged(MANIFEST_NAME, "thiếu mục bắt buộc hoặc có mục sai kiểu") from exc
    if manifest.package_kind not in KNOWN_PACKAGE_KINDS:
        raise PackageError(
            f"Gói loại «{manifest.package_kind}» chưa được phiên bản {__version__} hỗ trợ. "
            "Hãy cập nhật CCHC Desktop.",
            member=MANIFEST_NAME,
        )
    return manifest


def _encryption(value: Any) -> dict[str, Any] | None:
    if value in (None, {}):
        return None
    if not isinstance(value, dict):
        raise TypeError("encryption")
    return value


def _check_versions(data: dict[str, Any]) -> None:
    made_by = str(data.get("app_version", "?"))
    needed = str(data.get("min_reader_version", made_by))
    latest_schema = migration_files.latest_version(migration_files.discover(migrations_dir()))
    too_new = (
        _version_tuple(needed) > _version_tuple(__version__)
        or not isinstance(data.get("format_version"), int)
        or data["format_version"] > FORMAT_VERSION
        or not isinstance(data.get("schema_version"), int)
        or data["schema_version"] > latest_schema
    )
    if too_new:
        if _version_tuple(needed) <= _version_tuple(__version__):
            needed = made_by
        raise PackageError(
            f"Gói này được tạo bởi phiên bản {made_by}, máy này có phiên bản {__version__}, "
            f"cần cập nhật CCHC Desktop lên ít nhất phiên bản {needed} để đọc gói. "
            "Chưa có gì thay đổi.",
            member=MANIFEST_NAME,
        )


def read_manifest(path: Path) -> Manifest:
    """The manifest, after checking the names and sizes of the members (no password needed)."""
    with _open_zip(path) as archive:
        infos = _check_names(archive)
        _check_sizes(infos)
        return _parse_manifest(archive, infos)


def _is_clock(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63


def _versions_ok(value: Any) -> bool:
    """``_v`` of a record: column → [clock, store id, who] (format 2 and later)."""
    return isinstance(value, dict) and all(
        isinstance(column, str)
        and isinstance(version, list)
        and len(version) == 3
        and _is_clock(version[0])
        and isinstance(version[1], str)
        and isinstance(version[2], str)
        for column, version in value.items()
    )


def _clock(value: Any) -> dict[str, int]:
    """The manifest's ``clock``: the newest clock the sender had seen of each PC."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and _is_clock(v) for k, v in value.items()
    ):
        raise ValueError("clock")
    return dict(value)


def _shown(value: Any) -> str:
    """A refused value at the end of a message: " «…»", or "" when there is none."""
    if value is None or value == "":
        return " (để trống)" if value == "" else " (thiếu)"
    text = str(value)
    return f" «{text[:60]}…»" if len(text) > 60 else f" «{text}»"


def _parse_jsonl(name: str, data: bytes) -> list[dict[str, Any]]:
    kind = None if name == TOMBSTONES_MEMBER else name.removeprefix("data/").removesuffix(".jsonl")
    rows = []
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise _damaged(name, f"dòng {number} không phải JSON hợp lệ") from exc
        if not isinstance(row, dict):
            raise _damaged(name, f"dòng {number} không phải một bản ghi")
        for key, value in row.items():
            if key == "_v":
                if not _versions_ok(value):
                    raise _damaged(name, f"dòng {number} có phiên bản của từng cột sai dạng")
                continue
            if not isinstance(value, str | int | float | type(None)) or isinstance(value, bool):
                column = column_name(kind, key) if kind else "một cột"
                raise _damaged(name, f"dòng {number}, cột «{column}» có giá trị không hợp lệ")
        uuid = row.get("uuid")
        if not isinstance(uuid, str) or not _UUID_RE.match(uuid):
            raise _damaged(name, f"dòng {number} có mã định danh không hợp lệ{_shown(uuid)}")
        time_key, time_name = (
            ("deleted_at", "thời điểm xóa")
            if name == TOMBSTONES_MEMBER
            else ("updated_at", "thời điểm sửa")
        )
        stamp = row.get(time_key)
        if not isinstance(stamp, str) or not _TIME_RE.match(stamp):
            raise _damaged(name, f"dòng {number} có {time_name} không hợp lệ{_shown(stamp)}")
        base = row.get("_base")
        if base is not None and (not isinstance(base, str) or not _TIME_RE.match(base)):
            raise _damaged(
                name, f"dòng {number} có thời điểm của phiên bản chung không hợp lệ{_shown(base)}"
            )
        if name == TOMBSTONES_MEMBER and row.get("record_kind") not in BY_NAME:
            raise _damaged(
                name, f"dòng {number} có loại bản ghi lạ{_shown(row.get('record_kind'))}"
            )
        rows.append(row)
    return rows


def _key(manifest: Manifest, password: str | None) -> bytes | None:
    if manifest.encryption is None:
        return None
    if not password:
        raise WrongPasswordError("Gói này có mật khẩu. Hãy nhập mật khẩu của gói.")
    try:
        key = crypto.key_for(password, manifest.encryption)
    except crypto.DecryptionError as exc:
        raise _damaged(
            MANIFEST_NAME, "thông số mã hóa không hợp lệ, hoặc đòi tạo khóa tốn quá nhiều sức máy"
        ) from exc
    if key is None:
        raise WrongPasswordError("Mật khẩu không đúng. Hãy nhập lại mật khẩu của gói.")
    return key


def plain_chunks(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, key: bytes | None
) -> Iterator[bytes]:
    """The member's content (decrypted when the package is encrypted)."""
    stored = _member_chunks(archive, info)
    if key is None:
        yield from stored
        return
    try:
        yield from crypto.decrypt_stream(key, info.filename, stored)
    except crypto.DecryptionError as exc:
        raise _damaged(info.filename, f"giải mã thất bại ({exc})") from exc


def verify_package(
    path: Path,
    password: str | None = None,
    *,
    progress: ProgressFn = no_progress,
    cancelled: CancelledFn = never_cancelled,
) -> VerifiedPackage:
    """Check everything in the package and return its records (files stay in the zip)."""
    path = Path(path)
    with _open_zip(path) as archive:
        infos = _check_names(archive)
        _check_sizes(infos)
        manifest = _parse_manifest(archive, infos)
        key = _key(manifest, password)
        listed = {m.name: m for m in manifest.members}
        for name in infos:
            if name != MANIFEST_NAME and name not in listed:
                raise PackageError(
                    f"Thành phần «{name}» không có trong bản kê của gói: gói đã bị sửa.",
                    member=name,
                )
        for name, member in listed.items():
            if name not in infos:
                raise PackageError(
                    f"Gói thiếu thành phần «{name}» (có trong bản kê): gói không đầy đủ.",
                    member=name,
                )
            if infos[name].file_size != member.size:
                raise _damaged(
                    name, f"kích thước {infos[name].file_size} byte, bản kê ghi {member.size}"
                )
        total = max(sum(m.size for m in manifest.members), 1)
        done = 0
        records: dict[str, list[dict[str, Any]]] = {}
        tombstones: list[dict[str, Any]] = []
        files: dict[str, int] = {}
        for member in manifest.members:

            def advance(size: int) -> None:
                nonlocal done
                if cancelled():
                    raise JobCancelled()
                done += size
                progress(done, total, "Đang kiểm tra gói dữ liệu…")

            stored_hash, plain_hash, plain_size, content = _read_member(
                archive, infos[member.name], key, advance
            )
            if stored_hash != member.sha256:
                raise _damaged(member.name, "mã kiểm tra SHA-256 không khớp với bản kê")
            if member.name.startswith("files/"):
                sha = member.name.removeprefix("files/")
                if plain_hash != sha:
                    raise _damaged(member.name, "nội dung không khớp với mã SHA-256 của tệp")
                files[sha] = plain_size
            elif member.name == TOMBSTONES_MEMBER:
                tombstones = _parse_jsonl(member.name, b"".join(content))
            else:
                kind = member.name.removeprefix("data/").removesuffix(".jsonl")
                if kind not in BY_NAME:
                    raise PackageError(
                        f"Gói chứa loại dữ liệu «{kind}» mà phiên bản {__version__} không biết.",
                        member=member.name,
                    )
                records[kind] = _parse_jsonl(member.name, b"".join(content))
    _check_counts(manifest, records, tombstones, files)
    return VerifiedPackage(path, manifest, records, tombstones, files, password)


def _read_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    key: bytes | None,
    advance: Callable[[int], None],
) -> tuple[str, str, int, list[bytes]]:
    """SHA-256 of the stored bytes, SHA-256 and size of the content, and the content itself
    unless the member is an evidence file (those are only hashed, never held in memory)."""
    stored_hash = hashlib.sha256()
    plain_hash = hashlib.sha256()
    plain_size = 0
    content: list[bytes] = []

    def counted() -> Iterator[bytes]:
        for chunk in _member_chunks(archive, info):
            advance(len(chunk))
            stored_hash.update(chunk)
            yield chunk

    stream = counted()
    if key is not None:
        stream = _decrypting(key, info.filename, stream)
    keep = not info.filename.startswith("files/")
    for chunk in stream:
        plain_size += len(chunk)
        plain_hash.update(chunk)
        if keep:
            content.append(chunk)
    return stored_hash.hexdigest(), plain_hash.hexdigest(), plain_size, content


def _decrypting(key: bytes, name: str, stream: Iterator[bytes]) -> Iterator[bytes]:
    try:
        yield from crypto.decrypt_stream(key, name, stream)
    except crypto.DecryptionError as exc:
        raise _damaged(name, f"giải mã thất bại ({exc})") from exc


def _counted(kind: str) -> str:
    """What a count of the manifest counts, inside a sentence."""
    if kind == "tombstones":
        return "bản ghi đã xóa"
    if kind == "files":
        return "tệp đính kèm"
    return f"bản ghi «{label_of(kind)}»"


def _check_counts(
    manifest: Manifest,
    records: dict[str, list[dict[str, Any]]],
    tombstones: list[dict[str, Any]],
    files: dict[str, int],
) -> None:
    found = {kind: len(rows) for kind, rows in records.items()}
    found["tombstones"] = len(tombstones)
    found["files"] = len(files)
    for kind, count in manifest.counts.items():
        if found.get(kind, 0) != count:
            raise PackageError(
                f"Số {_counted(kind)} trong gói ({found.get(kind, 0)}) khác bản kê ({count}): "
                "gói không đầy đủ hoặc đã bị sửa.",
                member=MANIFEST_NAME,
            )
    for row in records.get("document_files", []):
        if row.get("sha256") not in files:
            raise PackageError(
                f"Gói thiếu nội dung của tệp đính kèm «{row.get('file_name')}».",
                member="data/document_files.jsonl",
            )


class PackageFiles:
    """The evidence files of a verified package, opened once for the import."""

    def __init__(self, package: VerifiedPackage):
        self._archive = _open_zip(package.path)
        manifest = _parse_manifest(self._archive, _check_names(self._archive))
        if manifest.package_id != package.manifest.package_id:
            self._archive.close()
            raise PackageError(
                f"Tệp «{package.path.name}» đã bị thay bằng một gói khác sau khi kiểm tra. "
                "Hãy kiểm tra lại gói."
            )
        self._key = _key(manifest, package.password)

    def chunks(self, sha256: str) -> Iterator[bytes]:
        """The file's content, in chunks (decrypted when the package is encrypted)."""
        name = f"files/{sha256}"
        try:
            info = self._archive.getinfo(name)
        except KeyError as exc:
            raise PackageError(f"Gói thiếu thành phần «{name}».", member=name) from exc
        return plain_chunks(self._archive, info, self._key)

    def close(self) -> None:
        self._archive.close()

    def __enter__(self) -> PackageFiles:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
