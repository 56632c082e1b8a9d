"""``python -m cchc_desktop package export|verify|import`` and ``backup``, without the interface.

Every refusal exits with 1 and the message the interface shows, on stderr.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest

from cchc_desktop.cli import main
from cchc_desktop.core.tasks import Document, DocumentFile
from cchc_desktop.demo import fill_demo_store
from cchc_desktop.store import open_store
from cchc_desktop.store.documents_repo import save_document
from cchc_desktop.store.kinds import KINDS
from cchc_desktop.store.profile_repo import save_profile
from cchc_desktop.store.records import utc_now
from tests.support.files import file_fingerprint
from tests.support.profile import PROFILE

PASSWORD = "mat-khau-goi-2026"
SCAN = os.urandom(300_000)  # an incompressible "scan"


class _Keyboard(io.StringIO):
    """Standard input typed by a person at a terminal."""

    def isatty(self) -> bool:
        return True


def _demo_source(folder: Path) -> Path:
    """A demo store with a document carrying a scanned file."""
    path = folder / "nguon.db"
    scan = folder / "bien-ban-kiem-tra.pdf"
    scan.write_bytes(SCAN)
    with open_store(path) as store:
        fill_demo_store(store, date.today())
        with store.transaction():
            save_document(
                store,
                Document(
                    number="15/BB-UBND",
                    issuer="UBND xã",
                    summary="Biên bản kiểm tra công tác CCHC",
                    files=(DocumentFile("bien-ban-kiem-tra.pdf", source=scan),),
                ),
            )
    return path


def _empty_demo_store(path: Path) -> Path:
    """A fresh store that accepts demo packages."""
    with open_store(path) as store:
        store.set_meta("store_kind", "demo")
    return path


def _counts(path: Path) -> dict[str, int]:
    with open_store(path) as store:
        found = {
            kind.name: store.conn.execute(f'SELECT count(*) FROM "{kind.name}"').fetchone()[0]
            for kind in KINDS
        }
        found["file_blobs"] = store.conn.execute("SELECT count(*) FROM file_blobs").fetchone()[0]
    return found


def _summary_table(text: str) -> dict[str, list[int]]:
    """The dry-run table: label → [new, updated, unchanged, deleted, conflicts]."""
    rows: dict[str, list[int]] = {}
    labels = {kind.label for kind in KINDS}
    for line in text.splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if cells and cells[0] in labels and len(cells) == 6:
            rows[cells[0]] = [0 if c == "–" else int(c) for c in cells[1:]]
    return rows


def _export(capsys: pytest.CaptureFixture[str], db: Path, out: Path, *extra: str) -> Path:
    assert main(["package", "export", "--db", str(db), "--out", str(out), *extra]) == 0
    printed = capsys.readouterr().out
    found = re.search(r"Đã tạo gói dữ liệu: (.+\.cchc)$", printed, re.MULTILINE)
    assert found, printed
    return Path(found.group(1))


def _member_offset(package: Path, name: str) -> int:
    """Where the stored bytes of a member begin in the package file."""
    with zipfile.ZipFile(package) as archive:
        info = archive.getinfo(name)
    with open(package, "rb") as handle:
        handle.seek(info.header_offset + 26)
        name_length = int.from_bytes(handle.read(2), "little")
        extra_length = int.from_bytes(handle.read(2), "little")
    return info.header_offset + 30 + name_length + extra_length


# --- the whole round trip ---------------------------------------------------------------------


def test_export_verify_import_and_import_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _demo_source(tmp_path)
    target = _empty_demo_store(tmp_path / "dich.db")
    out = tmp_path / "usb"
    out.mkdir()
    before = _counts(source)

    assert main(["package", "export", "--db", str(source), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    packages = list(out.glob("*.cchc"))
    assert [p.name for p in packages] == [
        re.search(r"(cchc-xa-an-binh-toan-bo-\d{4}-\d{2}-\d{2}\.cchc)", printed).group(1)  # type: ignore[union-attr]
    ]
    package = packages[0]
    assert f"Đã tạo gói dữ liệu: {package}" in printed
    assert "toàn bộ dữ liệu; có dữ liệu cá nhân; không đặt mật khẩu" in printed
    assert re.search(rf"Nhiệm vụ CCHC\s+{before['tasks']}$", printed, re.MULTILINE)
    assert re.search(r"Nội dung tệp đính kèm\s+1$", printed, re.MULTILINE)

    # The dry run: every record of the source is new on the empty store, nothing is written.
    assert main(["package", "verify", str(package), "--db", str(target)]) == 0
    printed = capsys.readouterr().out
    assert "Kiểm tra: gói nguyên vẹn" in printed
    table = _summary_table(printed)
    seeded = _counts(target)
    for kind in KINDS:
        if not before[kind.name]:
            continue
        new, updated, unchanged, deleted, conflicts = table[kind.label]
        assert new + unchanged == before[kind.name], kind.name
        assert new == before[kind.name] - seeded[kind.name], kind.name
        assert (updated, deleted, conflicts) == (0, 0, 0)
    total_new = sum(row[0] for row in table.values())
    assert f"Tổng: {total_new} mới, 0 cập nhật" in printed
    assert "Tệp đính kèm mới: 1 tệp" in printed
    assert "chưa có gì thay đổi trên máy" in printed
    assert _counts(target) == seeded

    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["package", "import", str(package), "--db", str(target), "--yes"]) == 0
    printed = capsys.readouterr().out
    assert f"Đã nhập gói «{package.name}»: {total_new} bản ghi mới, 0 cập nhật, 0 xóa" in printed
    assert "1 tệp đính kèm mới" in printed
    backup = Path(re.search(r"Bản sao lưu dữ liệu trước khi nhập: (.+)$", printed, re.M).group(1))  # type: ignore[union-attr]
    assert backup.is_file() and backup.parent == tmp_path / "dich-sao-luu"
    after = _counts(target)
    assert {k: v for k, v in after.items() if k != "file_blobs"} == {
        k: v for k, v in before.items() if k != "file_blobs"
    }
    assert after["file_blobs"] == 1

    # The same package again: nothing new, nothing written, no backup.
    untouched = file_fingerprint(target)
    assert main(["package", "import", str(package), "--db", str(target), "--yes"]) == 0
    printed = capsys.readouterr().out
    assert "Gói này không có gì mới so với dữ liệu trên máy." in printed
    assert "Tổng: 0 mới, 0 cập nhật" in printed
    assert "Bản sao lưu" not in printed
    assert file_fingerprint(target) == untouched
    assert list((tmp_path / "dich-sao-luu").iterdir()) == [backup]


def test_verify_writes_nothing_to_the_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _demo_source(tmp_path)
    target = _empty_demo_store(tmp_path / "dich.db")
    package = _export(capsys, source, tmp_path / "goi.cchc")
    before = file_fingerprint(target)
    files_before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["package", "verify", str(package), "--db", str(target)]) == 0
    assert "Mới" in capsys.readouterr().out
    assert file_fingerprint(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files_before  # no backup, no -wal
    # Without --db only the package is checked.
    assert main(["package", "verify", str(package)]) == 0
    printed = capsys.readouterr().out
    assert "Kiểm tra: gói nguyên vẹn" in printed and "So với tệp dữ liệu" not in printed
    assert file_fingerprint(target) == before


# --- passwords --------------------------------------------------------------------------------


def test_password_from_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _demo_source(tmp_path)
    target = _empty_demo_store(tmp_path / "dich.db")
    monkeypatch.setenv("CCHC_MAT_KHAU", PASSWORD)
    package = _export(capsys, source, tmp_path / "goi-mat-khau", "--password-env", "CCHC_MAT_KHAU")
    assert package.name == "goi-mat-khau.cchc"
    assert PASSWORD.encode() not in package.read_bytes()
    assert SCAN[:4096] not in package.read_bytes()

    assert main(["package", "verify", str(package), "--password-env", "CCHC_MAT_KHAU"]) == 0
    assert "có mật khẩu" in capsys.readouterr().out

    monkeypatch.setenv("CCHC_MAT_KHAU", "mat-khau-sai")
    before = file_fingerprint(target)
    code = main(
        ["package", "import", str(package), "--db", str(target), "--yes",
         "--password-env", "CCHC_MAT_KHAU"]
    )  # fmt: skip
    assert code == 1
    captured = capsys.readouterr()
    assert captured.err.strip() == "Mật khẩu không đúng. Hãy nhập lại mật khẩu của gói."
    assert file_fingerprint(target) == before

    assert main(["package", "verify", str(package)]) == 1
    assert "--password-env" in capsys.readouterr().err
    assert main(["package", "verify", str(package), "--password-env", "CHUA_DAT"]) == 1
    assert "Biến môi trường «CHUA_DAT»" in capsys.readouterr().err

    # One line on standard input also works (for a script that pipes it).
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code = main(
        ["package", "import", str(package), "--db", str(target), "--yes", "--password-stdin"]
    )
    assert code == 0, capsys.readouterr().err
    assert "1 tệp đính kèm mới" in capsys.readouterr().out


def test_a_short_password_is_refused_when_exporting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _demo_source(tmp_path)
    monkeypatch.setenv("CCHC_MAT_KHAU", "123")
    code = main(
        ["package", "export", "--db", str(source), "--out", str(tmp_path),
         "--password-env", "CCHC_MAT_KHAU"]
    )  # fmt: skip
    assert code == 1
    assert "Mật khẩu cần ít nhất 6 ký tự." in capsys.readouterr().err
    assert not list(tmp_path.glob("*.cchc"))


# --- refusals ---------------------------------------------------------------------------------


def _damage(package: Path, prefix: str, how: str) -> str:
    """Spoil the stored bytes of the first member named ``prefix…``; return its name."""
    with zipfile.ZipFile(package) as archive:
        name = next(n for n in archive.namelist() if n.startswith(prefix))
        size = archive.getinfo(name).compress_size
    data = bytearray(package.read_bytes())
    start = _member_offset(package, name)
    if how == "flip":  # eight bytes in the middle: the CRC-32 and SHA-256 no longer match
        for index in range(start + size // 2, start + size // 2 + 8):
            data[index] ^= 0xFF
    else:  # the first deflate block gets the reserved type 3: the stream cannot be inflated
        data[start] |= 0b110
    package.write_bytes(bytes(data))
    return name


def _assert_refused_naming(
    capsys: pytest.CaptureFixture[str], package: Path, target: Path, name: str
) -> None:
    before = file_fingerprint(target)
    assert main(["package", "verify", str(package), "--db", str(target)]) == 1
    assert f"Thành phần «{name}» của gói bị hỏng" in capsys.readouterr().err
    assert main(["package", "import", str(package), "--db", str(target), "--yes"]) == 1
    assert f"Thành phần «{name}» của gói bị hỏng" in capsys.readouterr().err
    assert file_fingerprint(target) == before
    assert not (target.parent / "dich-sao-luu").exists()


def test_a_damaged_evidence_file_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _demo_source(tmp_path)
    target = _empty_demo_store(tmp_path / "dich.db")
    package = _export(capsys, source, tmp_path / "goi.cchc")
    name = _damage(package, "files/", "flip")
    _assert_refused_naming(capsys, package, target, name)


def test_a_damaged_compressed_member_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _demo_source(tmp_path)
    target = _empty_demo_store(tmp_path / "dich.db")
    package = _export(capsys, source, tmp_path / "goi.cchc")
    name = _damage(package, "data/tasks.jsonl", "inflate")
    _assert_refused_naming(capsys, package, target, name)


def test_not_a_package_and_missing_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _empty_demo_store(tmp_path / "dich.db")
    junk = tmp_path / "khong-phai-goi.cchc"
    junk.write_bytes(b"day khong phai tep zip")
    assert main(["package", "verify", str(junk)]) == 1
    assert "không đọc được như một gói dữ liệu CCHC" in capsys.readouterr().err
    assert main(["package", "verify", str(tmp_path / "khong-co.cchc")]) == 1
    assert "Không tìm thấy tệp" in capsys.readouterr().err
    missing_db = tmp_path / "khong-co.db"
    assert main(["package", "verify", str(junk), "--db", str(missing_db)]) == 1
    assert f"Không tìm thấy tệp dữ liệu «{missing_db}»." in capsys.readouterr().err
    assert main(["backup", "--db", str(missing_db)]) == 1
    assert main(["package", "export", "--db", str(missing_db), "--out", str(tmp_path)]) == 1
    capsys.readouterr()
    assert not missing_db.exists()  # these commands never create a store
    assert target.is_file()


def test_a_demo_package_is_refused_by_real_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _demo_source(tmp_path)
    real = tmp_path / "that.db"
    with open_store(real) as store:
        save_profile(store, PROFILE, date.today())
    package = _export(capsys, source, tmp_path / "goi.cchc")
    before = file_fingerprint(real)
    assert main(["package", "import", str(package), "--db", str(real), "--yes"]) == 1
    assert capsys.readouterr().err.strip() == (
        "Gói này được tạo từ dữ liệu mẫu (chạy thử), không nhập vào tệp dữ liệu thật."
    )
    assert file_fingerprint(real) == before


def test_a_store_open_in_the_interface_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _demo_source(tmp_path)
    target = _empty_demo_store(tmp_path / "dich.db")
    package = _export(capsys, source, tmp_path / "goi.cchc")
    with open_store(target):
        for argv in (
            ["package", "verify", str(package), "--db", str(target)],
            ["package", "import", str(package), "--db", str(target), "--yes"],
            ["package", "export", "--db", str(target), "--out", str(tmp_path / "x.cchc")],
            ["backup", "--db", str(target)],
        ):
            assert main(argv) == 1
            assert "đang được mở trong một cửa sổ CCHC Desktop khác" in capsys.readouterr().err


def test_export_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _demo_source(tmp_path)
    out = tmp_path / "goi.cchc"
    _export(capsys, source, out)
    assert main(["package", "export", "--db", str(source), "--out", str(out)]) == 1
    refused = capsys.readouterr().err
    assert f"Tệp «{out}» đã có" in refused and "--overwrite" in refused
    assert main(["package", "export", "--db", str(source), "--out", str(out), "--overwrite"]) == 0
    capsys.readouterr()
    code = main(["package", "export", "--db", str(source), "--out", str(tmp_path), "--years",
                 "1999"])  # fmt: skip
    assert code == 1
    assert "Năm 1999 không có dữ liệu" in capsys.readouterr().err
    assert main(["package", "export", "--db", str(source), "--out", str(tmp_path), "--years",
                 "20x5"]) == 1  # fmt: skip
    assert "Năm «20x5» không hợp lệ" in capsys.readouterr().err
    missing = tmp_path / "khong-co" / "goi.cchc"
    assert main(["package", "export", "--db", str(source), "--out", str(missing)]) == 1
    assert "Không tìm thấy thư mục" in capsys.readouterr().err
    empty = tmp_path / "trong.db"
    open_store(empty).close()
    assert main(["package", "export", "--db", str(empty), "--out", str(tmp_path)]) == 1
    assert "Chưa có thông tin đơn vị" in capsys.readouterr().err


def test_export_of_some_years_without_personal_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _demo_source(tmp_path)
    with open_store(source) as store:
        from cchc_desktop.transfer.writer import available_years

        year = available_years(store.conn)[0]
    code = main(["package", "export", "--db", str(source), "--out", str(tmp_path), "--years",
                 str(year), "--no-personal-data"])  # fmt: skip
    assert code == 0
    printed = capsys.readouterr().out
    assert f"các năm {year}; không có dữ liệu cá nhân" in printed
    assert list(tmp_path.glob(f"cchc-xa-an-binh-nam-{year}-khong-du-lieu-ca-nhan-*.cchc"))


# --- confirmation -----------------------------------------------------------------------------


def test_import_asks_first_and_refuses_without_a_person(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _demo_source(tmp_path)
    target = _empty_demo_store(tmp_path / "dich.db")
    package = _export(capsys, source, tmp_path / "goi.cchc")
    before = file_fingerprint(target)
    argv = ["package", "import", str(package), "--db", str(target)]

    monkeypatch.setattr("sys.stdin", io.StringIO("c\n"))  # a pipe, not a person
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert "Mới" in captured.out  # the summary is shown first
    assert "thêm --yes" in captured.err and "Chưa có gì thay đổi" in captured.err
    assert file_fingerprint(target) == before
    assert not (tmp_path / "dich-sao-luu").exists()

    monkeypatch.setattr("sys.stdin", _Keyboard("k\n"))
    assert main(argv) == 1
    printed = capsys.readouterr().out
    assert "Nhập gói này? (c/k)" in printed and "Đã hủy" in printed
    assert file_fingerprint(target) == before

    monkeypatch.setattr("sys.stdin", _Keyboard("c\n"))
    assert main(argv) == 0
    assert "Đã nhập gói" in capsys.readouterr().out


# --- conflicts --------------------------------------------------------------------------------


def _edit_task(path: Path, uuid: str, content: str) -> None:
    with open_store(path) as store, store.transaction():
        store.conn.execute(
            "UPDATE tasks SET content = ?, updated_at = ? WHERE uuid = ?",
            (content, utc_now(), uuid),
        )


def _task_content(path: Path, uuid: str) -> str:
    with open_store(path) as store:
        return store.conn.execute("SELECT content FROM tasks WHERE uuid = ?", (uuid,)).fetchone()[0]


@pytest.mark.parametrize("choice", ["giu-may-nay", "lay-goi", "theo-quy-tac"])
def test_conflicts_follow_the_rule_unless_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], choice: str
) -> None:
    source = _demo_source(tmp_path)
    target = _empty_demo_store(tmp_path / "dich.db")
    first = _export(capsys, source, tmp_path / "lan-1.cchc")
    assert main(["package", "import", str(first), "--db", str(target), "--yes"]) == 0
    capsys.readouterr()
    with open_store(source) as store:
        uuid = store.conn.execute("SELECT uuid FROM tasks ORDER BY uuid LIMIT 1").fetchone()[0]
    _edit_task(source, uuid, "Nội dung sửa ở máy gửi")
    _edit_task(target, uuid, "Nội dung sửa ở máy nhận")
    second = _export(capsys, source, tmp_path / "lan-2.cchc")

    assert main(["package", "verify", str(second), "--db", str(target)]) == 0
    printed = capsys.readouterr().out
    assert "Xung đột (1)" in printed
    assert "Cả hai máy đã sửa" in printed
    assert "Nội dung: máy này «Nội dung sửa ở máy nhận», gói «Nội dung sửa ở máy gửi»" in printed
    assert _summary_table(printed)["Nhiệm vụ CCHC"][4] == 1

    argv = ["package", "import", str(second), "--db", str(target), "--yes"]
    if choice != "theo-quy-tac":
        argv += ["--conflicts", choice]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    if choice == "lay-goi":
        assert "1 xung đột: đã lấy bản trong gói." in printed
        assert _task_content(target, uuid) == "Nội dung sửa ở máy gửi"
    elif choice == "giu-may-nay":
        assert "1 xung đột: đã giữ bản trên máy này." in printed
        assert _task_content(target, uuid) == "Nội dung sửa ở máy nhận"
    else:  # the default: the later edit (made on the receiving PC) wins, on every PC
        assert "giữ bản sửa sau cùng cho cả 1 xung đột" in printed
        assert "1 xung đột: đã giữ bản sửa sau cùng" in printed
        assert _task_content(target, uuid) == "Nội dung sửa ở máy nhận"


# --- backups ----------------------------------------------------------------------------------


def test_backup_and_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _demo_source(tmp_path)
    assert main(["backup", "--db", str(source), "--list"]) == 0
    assert "Chưa có bản sao lưu nào" in capsys.readouterr().out

    assert main(["backup", "--db", str(source)]) == 0
    printed = capsys.readouterr().out
    made = Path(re.search(r"Đã sao lưu \(đã kiểm tra bản sao\): (.+)$", printed, re.M).group(1))  # type: ignore[union-attr]
    assert made.parent == tmp_path / "nguon-sao-luu" and made.name.endswith("-thu-cong.db")
    assert "Kích thước: " in printed
    with open_store(made) as copy:
        assert copy.conn.execute("SELECT count(*) FROM file_blobs").fetchone()[0] == 1

    usb = tmp_path / "usb"
    usb.mkdir()
    assert main(["backup", "--db", str(source), "--out", str(usb)]) == 0
    assert str(usb) in capsys.readouterr().out
    assert len(list(usb.glob("nguon-*-thu-cong.db"))) == 1

    assert main(["backup", "--db", str(source), "--list"]) == 0
    printed = capsys.readouterr().out
    assert "1 bản sao lưu trong thư mục" in printed
    assert re.search(
        rf"^  \d\d/\d\d/\d{{4}} \d\d:\d\d  Sao lưu thủ công  +[\d,]+ [KM]B  {made.name}$",
        printed,
        re.M,
    )
    assert main(["backup", "--db", str(source), "--out", str(tmp_path / "khong-co")]) == 1
    assert "Không tìm thấy thư mục" in capsys.readouterr().err


def test_bad_arguments_exit_with_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["package", "import", "goi.cchc", "--db", "x.db", "--conflicts", "ca-hai"])
    assert stopped.value.code == 2
    assert "giá trị không hợp lệ" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        main(["backup", "--db", "x.db", "--list", "--out", str(tmp_path)])
    assert stopped.value.code == 2
    assert "không dùng được cùng với tham số" in capsys.readouterr().err


def test_conflicts_met_by_imports_are_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _demo_source(tmp_path)
    target = _empty_demo_store(tmp_path / "dich.db")
    first = _export(capsys, source, tmp_path / "lan-1.cchc")
    assert main(["package", "import", str(first), "--db", str(target), "--yes"]) == 0
    assert main(["package", "conflicts", "--db", str(target)]) == 0
    assert "Không có xung đột nào chưa xem" in capsys.readouterr().out
    with open_store(source) as store:
        uuid = store.conn.execute("SELECT uuid FROM tasks ORDER BY uuid LIMIT 1").fetchone()[0]
    _edit_task(source, uuid, "Nội dung sửa ở máy gửi")
    _edit_task(target, uuid, "Nội dung sửa ở máy nhận")
    second = _export(capsys, source, tmp_path / "lan-2.cchc")
    assert main(["package", "import", str(second), "--db", str(target), "--yes"]) == 0
    capsys.readouterr()
    assert main(["package", "conflicts", "--db", str(target)]) == 0
    printed = capsys.readouterr().out
    assert "1 xung đột chưa xem:" in printed
    assert "Cả hai máy đã sửa · đang giữ: bản trên máy này · chưa xem" in printed
    assert "Nội dung: máy này «Nội dung sửa ở máy nhận»" in printed
    assert "máy kia «Nội dung sửa ở máy gửi»" in printed
