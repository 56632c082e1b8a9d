"""Bad packages (.cchc): each is refused with its own message, and the store stays the same.

Every bad package is made from a good one (PC A's changes since the last exchange with
PC B, so that importing it *would* change B) by rewriting its zip. For each, the whole
import is attempted — verify, plan, apply — and every row of every table of B (local
tables, tombstones and file contents included) is compared before and after.
"""

from __future__ import annotations

import json
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cchc_desktop.core.tasks import Document, DocumentFile
from cchc_desktop.demo import fill_demo_store
from cchc_desktop.store import Store, open_store
from cchc_desktop.store.documents_repo import save_document
from cchc_desktop.store.records import utc_now
from cchc_desktop.store.task_repo import add_tasks
from cchc_desktop.transfer import PackageError, WrongPasswordError
from cchc_desktop.transfer.merge import apply_import, plan_import
from cchc_desktop.transfer.model import TAKE_INCOMING
from cchc_desktop.transfer.reader import read_manifest, verify_package
from tests.support.task_factory import task
from tests.support.transfer_helpers import (
    OTHER_PROFILE,
    TEXT_FILE,
    TODAY,
    Templates,
    copy_store,
    export,
    fingerprint,
    jsonl,
    new_store,
    parse_jsonl,
    read_members,
    rewrite_package,
    set_row,
    sha,
    stamp,
    summary,
)

PASSWORD = "Vân Canh 2026"
NEW_FILE = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"  # only in the new package
TASKS = "data/tasks.jsonl"
BOMB = bytes(50 * 1024 * 1024)  # 50 MiB of zeros: a few tens of kilobytes once deflated


@dataclass
class Good:
    templates: Templates
    plain: Path  # A's changes since the exchange
    encrypted: Path  # one task changed, with PASSWORD
    other_commune: Path
    demo: Path
    folder: Path


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Good:
    folder = tmp_path_factory.mktemp("bad-packages")
    templates = Templates(folder / "pair")
    with copy_store(templates.a, folder / "a2" / "cchc.db") as a:
        edited, removed = (
            r[0]
            for r in a.conn.execute(
                "SELECT uuid FROM tasks WHERE recurrence_key IS NULL AND uuid NOT IN "
                "(SELECT task_uuid FROM task_documents) ORDER BY content LIMIT 2"
            )
        )
        set_row(a.conn, "tasks", edited, stamp(1), content="Nội dung sửa ở máy A")
        a.conn.execute("DELETE FROM tasks WHERE uuid = ?", (removed,))
        add_tasks(a, [task("Nhiệm vụ mới của máy A")], TODAY)
        source = folder / "moi.pdf"
        source.write_bytes(NEW_FILE)
        with a.transaction():
            save_document(
                a,
                Document(
                    "20/BC-UBND",
                    TODAY,
                    "UBND xã Vân Canh",
                    "Báo cáo mới",
                    files=(DocumentFile("moi.pdf", source=source),),
                ),
            )
        plain = export(a, folder / "tot.cchc")
    # the password package from a fresh copy of A, whose sync state the export above left alone
    with copy_store(templates.a, folder / "a3" / "cchc.db") as a:
        set_row(a.conn, "tasks", edited, stamp(1), content="Nội dung sửa ở máy A")
        encrypted = export(a, folder / "mat-khau.cchc", password=PASSWORD)
    with new_store(folder / "other" / "cchc.db", OTHER_PROFILE) as other:
        add_tasks(other, [task("Nhiệm vụ của xã khác")], TODAY)
        other_commune = export(other, folder / "xa-khac.cchc")
    (folder / "demo").mkdir()
    with open_store(folder / "demo" / "cchc.db") as demo:
        fill_demo_store(demo, TODAY)
        demo_package = export(demo, folder / "mau.cchc")
    return Good(templates, plain, encrypted, other_commune, demo_package, folder)


@pytest.fixture
def b(tmp_path: Path, good: Good) -> Iterator[Store]:
    """PC B: in step with A before A's changes."""
    store = copy_store(good.templates.b, tmp_path / "b" / "cchc.db")
    yield store
    store.close()


def attempt(store: Store, path: Path, password: str | None = None) -> PackageError:
    """Try the whole import (taking the package's side of every conflict); return the
    refusal, after checking that nothing at all changed in the store."""
    before = fingerprint(store.conn)
    with pytest.raises(PackageError) as caught:
        verified = verify_package(path, password)
        plan = plan_import(store.conn, verified)
        apply_import(store.conn, store.path, plan, {c.key: TAKE_INCOMING for c in plan.conflicts})
    assert fingerprint(store.conn) == before
    return caught.value


def test_the_good_packages_do_change_the_store(b: Store, good: Good, tmp_path: Path) -> None:
    """Else "nothing changed" below would prove nothing."""
    before = fingerprint(b.conn)
    verified = verify_package(good.plain)
    plan = plan_import(b.conn, verified)
    assert summary(plan) == {
        "tasks": {"new": 1, "updated": 1, "deleted": 1},
        "documents": {"new": 2},
        "document_files": {"new": 1},
    }
    assert plan.new_files == 1 and plan.new_file_bytes == len(NEW_FILE)
    apply_import(b.conn, b.path, plan)
    assert fingerprint(b.conn) != before
    assert (
        bytes(
            b.conn.execute(
                "SELECT data FROM file_blobs WHERE sha256 = ?", (sha(NEW_FILE),)
            ).fetchone()[0]
        )
        == NEW_FILE
    )
    with copy_store(good.templates.b, tmp_path / "b2" / "cchc.db") as other:
        plan = plan_import(other.conn, verify_package(good.encrypted, PASSWORD))
        assert summary(plan) == {"tasks": {"updated": 1}}


# --- the file itself ----------------------------------------------------------------------


def test_a_truncated_package(b: Store, good: Good, tmp_path: Path) -> None:
    data = good.plain.read_bytes()
    cut = tmp_path / "cat-cut.cchc"
    cut.write_bytes(data[: len(data) // 2])
    error = attempt(b, cut)
    assert "cắt cụt" in error.message and "«cat-cut.cchc»" in error.message
    assert "chép lại tệp" in error.message
    assert error.member is None  # the zip's directory is gone with the second half


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 khong phai zip", b"%PDF-1.4\n"])
def test_a_file_that_is_not_a_package(b: Store, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "la.cchc"
    path.write_bytes(content)
    error = attempt(b, path)
    assert "không đọc được như một gói dữ liệu CCHC" in error.message


def test_a_missing_file(b: Store, tmp_path: Path) -> None:
    error = attempt(b, tmp_path / "usb" / "khong-co.cchc")
    assert "Không tìm thấy tệp" in error.message and "USB còn cắm" in error.message


def test_a_zip_without_a_manifest(b: Store, tmp_path: Path) -> None:
    path = tmp_path / "khong-ban-ke.cchc"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(TASKS, b"")
    error = attempt(b, path)
    assert "không có «manifest.json»" in error.message and error.member == "manifest.json"


# --- hashes and damage ----------------------------------------------------------------------


def _same_length_edit(data: bytes) -> bytes:
    rows = parse_jsonl(data)
    target = next(r for r in rows if r["content"] == "Nội dung sửa ở máy A")
    target["content"] = "Nội dung sửa ở máy X"
    edited = jsonl(rows)
    assert len(edited) == len(data) and edited != data
    return edited


def test_a_member_whose_hash_differs_from_the_manifest(
    b: Store, good: Good, tmp_path: Path
) -> None:
    _manifest, members = read_members(good.plain)
    forged = rewrite_package(
        good.plain,
        tmp_path / "sai-ma.cchc",
        replace_members={TASKS: _same_length_edit(members[TASKS])},
        rehash=False,
    )
    error = attempt(b, forged)
    assert error.member == TASKS
    assert f"Thành phần «{TASKS}» của gói bị hỏng" in error.message
    assert "SHA-256 không khớp với bản kê" in error.message


def test_a_member_of_another_size_than_the_manifest(b: Store, good: Good, tmp_path: Path) -> None:
    _manifest, members = read_members(good.plain)
    forged = rewrite_package(
        good.plain,
        tmp_path / "sai-co.cchc",
        replace_members={TASKS: members[TASKS] + b"\n"},
        rehash=False,
    )
    error = attempt(b, forged)
    assert error.member == TASKS and "bản kê ghi" in error.message


def test_damaged_bytes_inside_the_zip_name_the_member(b: Store, good: Good, tmp_path: Path) -> None:
    data = bytearray(good.plain.read_bytes())
    at = bytes(data).index(TEXT_FILE)  # evidence files are stored as they are
    data[at + 10] ^= 0xFF
    damaged = tmp_path / "hong.cchc"
    damaged.write_bytes(bytes(data))
    error = attempt(b, damaged)
    member = f"files/{sha(TEXT_FILE)}"
    assert error.member == member
    assert f"Thành phần «{member}» của gói bị hỏng" in error.message


def test_a_file_whose_content_is_not_its_name(b: Store, good: Good, tmp_path: Path) -> None:
    member = f"files/{sha(NEW_FILE)}"
    forged = rewrite_package(
        good.plain,
        tmp_path / "tep-khac.cchc",
        replace_members={member: NEW_FILE[::-1]},  # same size, consistent manifest
    )
    error = attempt(b, forged)
    assert error.member == member and "không khớp với mã SHA-256 của tệp" in error.message


def test_a_member_missing_from_the_zip(b: Store, good: Good, tmp_path: Path) -> None:
    manifest, members = read_members(good.plain)
    path = tmp_path / "thieu.cchc"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            if name != TASKS:
                archive.writestr(name, data)
        archive.writestr("manifest.json", json.dumps(manifest))
    error = attempt(b, path)
    assert error.member == TASKS and "Gói thiếu thành phần «data/tasks.jsonl»" in error.message


def test_a_member_not_in_the_manifest(b: Store, good: Good, tmp_path: Path) -> None:
    name = f"files/{sha(b'them vao')}"
    forged = rewrite_package(good.plain, tmp_path / "them.cchc", add={name: b"them vao"})
    error = attempt(b, forged)
    assert error.member == name and "không có trong bản kê" in error.message


def test_a_record_removed_with_a_consistent_manifest_but_not_its_count(
    b: Store, good: Good, tmp_path: Path
) -> None:
    _manifest, members = read_members(good.plain)
    rows = parse_jsonl(members[TASKS])
    forged = rewrite_package(
        good.plain, tmp_path / "bot.cchc", replace_members={TASKS: jsonl(rows[1:])}
    )
    error = attempt(b, forged)
    assert f"Số bản ghi «Nhiệm vụ CCHC» trong gói ({len(rows) - 1}) khác bản kê ({len(rows)})" in (
        error.message
    )


# --- names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["data/../../evil.jsonl", "../cchc.db", "files/../../../etc/cron.d/x"]
)
def test_a_member_that_climbs_out(b: Store, good: Good, tmp_path: Path, name: str) -> None:
    forged = rewrite_package(
        good.plain, tmp_path / "leo.cchc", add={name: b"{}\n"}, list_added=True
    )
    with zipfile.ZipFile(forged) as archive:
        assert name in archive.namelist()
    error = attempt(b, forged)
    assert error.member == name
    assert "trỏ ra ngoài thư mục (có «..»)" in error.message and "Không nhập gói này" in (
        error.message
    )


@pytest.mark.parametrize("name", ["/tmp/evil.jsonl", "C:\\Windows\\evil.jsonl", "\\\\pc\\x"])
def test_a_member_with_an_absolute_path(b: Store, good: Good, tmp_path: Path, name: str) -> None:
    forged = rewrite_package(
        good.plain, tmp_path / "tuyet-doi.cchc", add={name: b"{}\n"}, list_added=True
    )
    with zipfile.ZipFile(forged) as archive:
        assert name in archive.namelist()
    error = attempt(b, forged)
    assert error.member == name and "đường dẫn tuyệt đối" in error.message


def test_a_member_of_an_unknown_name(b: Store, good: Good, tmp_path: Path) -> None:
    forged = rewrite_package(
        good.plain, tmp_path / "la.cchc", add={"doc-toi.txt": b"x"}, list_added=True
    )
    error = attempt(b, forged)
    assert error.member == "doc-toi.txt" and "thành phần lạ" in error.message


def test_a_record_kind_this_version_does_not_know(b: Store, good: Good, tmp_path: Path) -> None:
    name = "data/budgets.jsonl"
    forged = rewrite_package(
        good.plain, tmp_path / "loai-moi.cchc", add={name: b""}, list_added=True
    )
    error = attempt(b, forged)
    assert error.member == name and "«budgets»" in error.message


# --- versions and kinds ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "named"),
    [
        ({"format_version": 3, "app_version": "0.9.0"}, "0.9.0"),
        ({"min_reader_version": "9.0.0", "app_version": "9.1.0"}, "9.0.0"),
        ({"schema_version": 99, "app_version": "7.0.0"}, "7.0.0"),
    ],
)
def test_a_package_from_a_newer_version(
    b: Store, good: Good, tmp_path: Path, edit: dict[str, Any], named: str
) -> None:
    forged = rewrite_package(
        good.plain, tmp_path / "moi-hon.cchc", edit_manifest=lambda m: m.update(edit)
    )
    error = attempt(b, forged)
    assert error.member == "manifest.json"
    assert f"Gói này được tạo bởi phiên bản {edit['app_version']}" in error.message
    assert f"cần cập nhật CCHC Desktop lên ít nhất phiên bản {named}" in error.message
    assert "Chưa có gì thay đổi" in error.message


def test_a_package_kind_this_version_does_not_know(b: Store, good: Good, tmp_path: Path) -> None:
    forged = rewrite_package(
        good.plain,
        tmp_path / "tham-dinh.cchc",
        edit_manifest=lambda m: m.update(package_kind="tham-dinh"),
    )
    error = attempt(b, forged)
    assert "Gói loại «tham-dinh»" in error.message and error.member == "manifest.json"


def test_a_manifest_of_another_format(b: Store, good: Good, tmp_path: Path) -> None:
    forged = rewrite_package(
        good.plain, tmp_path / "khac.cchc", edit_manifest=lambda m: m.update(format="khac")
    )
    error = attempt(b, forged)
    assert "không phải gói dữ liệu CCHC Desktop" in error.message


# --- the receiving store --------------------------------------------------------------


def test_another_communes_package(b: Store, good: Good) -> None:
    error = attempt(b, good.other_commune)
    assert "Gói này là dữ liệu của xã Canh Thuận (mã 21610)" in error.message
    assert "không phải của xã Vân Canh (mã 21607)" in error.message
    assert "Chưa có gì thay đổi" in error.message


def test_a_sample_package_into_a_real_store(b: Store, good: Good) -> None:
    error = attempt(b, good.demo)
    assert "dữ liệu mẫu" in error.message and "không nhập vào tệp dữ liệu thật" in error.message


def test_a_real_package_into_a_sample_store(good: Good, tmp_path: Path) -> None:
    with copy_store(good.folder / "demo" / "cchc.db", tmp_path / "demo" / "cchc.db") as demo:
        error = attempt(demo, good.plain)
    assert "Tệp đang mở là dữ liệu mẫu" in error.message


# --- zip bombs -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bomb(good: Good) -> Path:
    path = good.folder / "bom.cchc"
    name = f"files/{sha(BOMB)}"
    return rewrite_package(good.plain, path, add={name: BOMB}, list_added=True)


def test_a_zip_bomb(b: Store, good: Good, bomb: Path) -> None:
    assert bomb.stat().st_size - good.plain.stat().st_size < 200_000  # small on the stick
    error = attempt(b, bomb)
    assert error.member == f"files/{sha(BOMB)}"
    assert "bom nén" in error.message and "52.428.800 byte" in error.message


def test_a_data_member_that_inflates_too_much(b: Store, good: Good, tmp_path: Path) -> None:
    forged = rewrite_package(
        good.plain, tmp_path / "bom-du-lieu.cchc", replace_members={TASKS: b"\n" * 5_000_000}
    )
    error = attempt(b, forged)
    assert error.member == TASKS and "bom nén" in error.message


# --- contents ----------------------------------------------------------------------------


def test_invalid_json_in_a_member(b: Store, good: Good, tmp_path: Path) -> None:
    _manifest, members = read_members(good.plain)
    forged = rewrite_package(
        good.plain,
        tmp_path / "json.cchc",
        replace_members={TASKS: b'{"uuid": "khong dong ngoac\n' + members[TASKS]},
    )
    error = attempt(b, forged)
    assert error.member == TASKS and "dòng 1 không phải JSON hợp lệ" in error.message


def test_an_invalid_manifest(b: Store, good: Good, tmp_path: Path) -> None:
    forged = rewrite_package(good.plain, tmp_path / "ban-ke.cchc", manifest_bytes=b'{"format": ')
    error = attempt(b, forged)
    assert error.member == "manifest.json" and "không phải JSON hợp lệ" in error.message


def _edit_first_task(good: Good, tmp_path: Path, change: Callable[[dict], None]) -> Path:
    _manifest, members = read_members(good.plain)
    rows = parse_jsonl(members[TASKS])
    change(rows[0])
    return rewrite_package(good.plain, tmp_path / "sua.cchc", replace_members={TASKS: jsonl(rows)})


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda r: r.update(uuid="../../x"), "mã định danh không hợp lệ «../../x»"),
        (lambda r: r.update(updated_at="hôm qua"), "thời điểm sửa không hợp lệ «hôm qua»"),
        (lambda r: r.update(_base="mai"), "thời điểm của phiên bản chung không hợp lệ «mai»"),
        (lambda r: r.update(notes=["danh", "sách"]), "cột «Ghi chú» có giá trị không hợp lệ"),
        (lambda r: r.update(drop_table="x"), "chứa cột lạ «drop_table»"),
        (lambda r: r.update(content=None), "«Nội dung» để trống"),
        (lambda r: r.pop("lead"), "Thiếu «Chủ trì»"),
        (lambda r: r.update(self_assigned="có"), "«Đơn vị tự đặt» phải là số nguyên"),
    ],
)
def test_a_record_of_the_wrong_shape(
    b: Store, good: Good, tmp_path: Path, change: Callable[[dict], None], words: str
) -> None:
    error = attempt(b, _edit_first_task(good, tmp_path, change))
    assert error.member == TASKS and words in error.message


def test_a_record_breaking_a_rule_of_the_store(b: Store, good: Good, tmp_path: Path) -> None:
    def bad_status(row: dict) -> None:
        # a newer version, so that the import would really write it
        row.update(status="xong", content="Nhiệm vụ mới của máy A (sửa)", updated_at=utc_now())

    error = attempt(b, _edit_first_task(good, tmp_path, bad_status))
    assert error.member == TASKS
    assert "Nhiệm vụ CCHC «Nhiệm vụ mới của máy A (sửa)»" in error.message
    assert "«Trạng thái» có giá trị lạ «xong»" in error.message
    assert "Chưa có gì thay đổi" in error.message


# --- passwords ---------------------------------------------------------------------------


def test_a_wrong_password(b: Store, good: Good) -> None:
    error = attempt(b, good.encrypted, "mat khau sai")
    assert isinstance(error, WrongPasswordError)
    assert error.message == "Mật khẩu không đúng. Hãy nhập lại mật khẩu của gói."


def test_no_password_for_an_encrypted_package(b: Store, good: Good) -> None:
    error = attempt(b, good.encrypted)
    assert isinstance(error, WrongPasswordError) and "Gói này có mật khẩu" in error.message
    assert read_manifest(good.encrypted).unit_code == "21607"  # the manifest stays readable


def test_a_tampered_encrypted_member(b: Store, good: Good, tmp_path: Path) -> None:
    _manifest, members = read_members(good.encrypted)
    data = bytearray(members[TASKS])
    data[40] ^= 0x01
    forged = rewrite_package(
        good.encrypted, tmp_path / "ma-hoa-sua.cchc", replace_members={TASKS: bytes(data)}
    )
    error = attempt(b, forged, PASSWORD)
    assert error.member == TASKS and "giải mã thất bại" in error.message


def test_encrypted_members_cannot_be_swapped(b: Store, good: Good, tmp_path: Path) -> None:
    _manifest, members = read_members(good.encrypted)
    other = "data/settings.jsonl"
    forged = rewrite_package(
        good.encrypted,
        tmp_path / "doi-cho.cchc",
        replace_members={TASKS: members[other], other: members[TASKS]},
    )
    error = attempt(b, forged, PASSWORD)
    assert error.member in (TASKS, other) and "giải mã thất bại" in error.message


# --- the package changes between the check and the import --------------------------------


def test_a_package_replaced_after_the_check(b: Store, good: Good, tmp_path: Path) -> None:
    path = tmp_path / "goi.cchc"
    path.write_bytes(good.plain.read_bytes())
    plan = plan_import(b.conn, verify_package(path))
    path.write_bytes(good.encrypted.read_bytes())
    before = fingerprint(b.conn)
    with pytest.raises(PackageError, match="đã bị thay bằng một gói khác"):
        apply_import(b.conn, b.path, plan)
    assert fingerprint(b.conn) == before


def test_a_file_changed_after_the_check(b: Store, good: Good, tmp_path: Path) -> None:
    path = tmp_path / "goi.cchc"
    path.write_bytes(good.plain.read_bytes())
    plan = plan_import(b.conn, verify_package(path))
    member = f"files/{sha(NEW_FILE)}"
    rewrite_package(
        good.plain, path, replace_members={member: NEW_FILE[::-1]}, rehash=False
    )  # same package id, same manifest
    before = fingerprint(b.conn)
    with pytest.raises(PackageError) as caught:
        apply_import(b.conn, b.path, plan)
    assert caught.value.member == member
    assert "đã thay đổi sau khi kiểm tra" in caught.value.message
    assert fingerprint(b.conn) == before


# --- more forgeries ----------------------------------------------------------------------


def test_two_members_of_the_same_name(b: Store, good: Good, tmp_path: Path) -> None:
    path = tmp_path / "trung.cchc"
    path.write_bytes(good.plain.read_bytes())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate it is asked to add
        with zipfile.ZipFile(path, "a") as archive:
            archive.writestr(TASKS, b"")
    error = attempt(b, path)
    assert error.member == TASKS and "hai thành phần cùng tên" in error.message


@pytest.mark.parametrize("kind", ["sqlite_master", "store_meta", "sync_state"])
def test_a_tombstone_of_a_kind_that_does_not_travel(
    b: Store, good: Good, tmp_path: Path, kind: str
) -> None:
    name = "data/tombstones.jsonl"
    _manifest, members = read_members(good.plain)
    rows = parse_jsonl(members[name])
    rows[0]["record_kind"] = kind
    forged = rewrite_package(good.plain, tmp_path / "xoa.cchc", replace_members={name: jsonl(rows)})
    error = attempt(b, forged)
    assert error.member == name and "loại bản ghi lạ" in error.message


def test_a_manifest_with_a_non_numeric_schema_version(b: Store, good: Good, tmp_path: Path) -> None:
    forged = rewrite_package(
        good.plain, tmp_path / "ban-ke.cchc", edit_manifest=lambda m: m.update(schema_version="5a")
    )
    error = attempt(b, forged)
    assert error.member == "manifest.json"


def test_a_manifest_whose_encryption_is_not_an_object(b: Store, good: Good, tmp_path: Path) -> None:
    forged = rewrite_package(
        good.encrypted,
        tmp_path / "ma-hoa.cchc",
        edit_manifest=lambda m: m.update(encryption="AES-256-GCM"),
    )
    error = attempt(b, forged, PASSWORD)
    assert error.member == "manifest.json"


@pytest.mark.parametrize("cost", [{"p": 1_000_000}, {"n": 2**20, "r": 32}])
def test_an_absurd_key_derivation_cost_is_refused_before_deriving(
    b: Store, good: Good, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cost: dict[str, int]
) -> None:
    def derive(password: str, params: dict[str, Any]) -> bytes:
        raise AssertionError(f"derived with n, r, p = {params['n']}, {params['r']}, {params['p']}")

    forged = rewrite_package(
        good.encrypted,
        tmp_path / "ton-kem.cchc",
        edit_manifest=lambda m: m["encryption"].update(cost),
    )
    monkeypatch.setattr("cchc_desktop.crypto.derive_key", derive)
    error = attempt(b, forged, PASSWORD)
    assert error.member == "manifest.json"


def test_an_integer_too_large_for_the_store(b: Store, good: Good, tmp_path: Path) -> None:
    def huge(row: dict) -> None:
        row.update(self_assigned=2**70, content="Nhiệm vụ mới của máy A (sửa)")

    error = attempt(b, _edit_first_task(good, tmp_path, huge))
    assert error.member == TASKS or "quy tắc" in error.message


# --- unusual zip header fields ------------------------------------------------------------

# Where a field sits in a central directory entry and in a local header (the name follows
# at 46 and at 30). The zip library gives NotImplementedError for a compression method or
# a flag it does not support, RuntimeError for an encrypted entry: each must be «bị hỏng».
_CENTRAL = {"version": 6, "flags": 8, "method": 10}
_LOCAL = {"version": 4, "flags": 6, "method": 8}


def _with_header_field(source: Path, target: Path, member: str, field: str, value: int) -> Path:
    """A copy of a package whose ``member`` has ``field`` set (flags: bits added) in both
    its central directory entry and its local header; nothing else changes."""
    data = bytearray(source.read_bytes())
    name = member.encode()
    for signature, name_at, offset in (
        (b"PK\x01\x02", 46, _CENTRAL[field]),
        (b"PK\x03\x04", 30, _LOCAL[field]),
    ):
        at = data.find(signature)
        while data[at + name_at : at + name_at + len(name)] != name:
            at = data.find(signature, at + 1)
            assert at >= 0, (member, signature)
        old = int.from_bytes(data[at + offset : at + offset + 2], "little")
        new = old | value if field == "flags" else value
        data[at + offset : at + offset + 2] = new.to_bytes(2, "little")
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("flags", 0x20, "kiểu nén hoặc một cờ mà chương trình không đọc được"),  # patched data
        ("flags", 0x40, "kiểu nén hoặc một cờ mà chương trình không đọc được"),  # strong crypto
        ("method", 99, "kiểu nén hoặc một cờ mà chương trình không đọc được"),  # AES of WinZip
        ("method", 6, "kiểu nén hoặc một cờ mà chương trình không đọc được"),  # implode
        ("flags", 0x01, "khóa bằng mật khẩu kiểu zip"),  # zip's own encryption
    ],
)
@pytest.mark.parametrize("member", [TASKS, "manifest.json"])
def test_an_unusual_zip_header_field_is_damage_naming_the_member(
    b: Store, good: Good, tmp_path: Path, field: str, value: int, words: str, member: str
) -> None:
    path = _with_header_field(good.plain, tmp_path / "la.cchc", member, field, value)
    error = attempt(b, path)
    assert error.member == member
    assert f"Thành phần «{member}» của gói bị hỏng" in error.message and words in error.message
    assert "Error" not in error.message
    if member == "manifest.json":
        with pytest.raises(PackageError) as caught:
            read_manifest(path)
        assert caught.value.member == member


def test_a_zip_version_this_program_cannot_read_is_damage(
    b: Store, good: Good, tmp_path: Path
) -> None:
    path = _with_header_field(good.plain, tmp_path / "phien-ban.cchc", TASKS, "version", 99)
    error = attempt(b, path)
    assert "«phien-ban.cchc»" in error.message and "gói bị hỏng" in error.message
    assert "NotImplementedError" not in error.message
    with pytest.raises(PackageError):
        read_manifest(path)


def test_files_of_a_package_read_at_import_are_damage_too(good: Good, tmp_path: Path) -> None:
    """The evidence files are read again when the import copies them: a member that has
    become unreadable since the check is named, never an unexpected error."""
    from cchc_desktop.transfer.reader import PackageFiles

    path = tmp_path / "goi.cchc"
    path.write_bytes(good.plain.read_bytes())
    package = verify_package(path)
    member = f"files/{sha(NEW_FILE)}"
    _with_header_field(good.plain, path, member, "method", 99)
    with PackageFiles(package) as files, pytest.raises(PackageError) as caught:
        b"".join(files.chunks(sha(NEW_FILE)))
    assert caught.value.member == member and "bị hỏng" in caught.value.message
