"""The program as a user or CI starts it: ``python -m cchc_desktop …``."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from cchc_desktop.store import open_store
from cchc_desktop.store.profile_repo import load_profile, save_profile
from tests.support.files import file_fingerprint
from tests.support.profile import PROFILE


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CCHC_DESKTOP_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "cchc_desktop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def test_self_test_passes_in_a_temporary_store(home: Path) -> None:
    result = run(home, "--self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Tự kiểm tra ĐẠT." in result.stdout
    assert "Dựng cửa sổ chính (offscreen): đạt, 7 mục chức năng" in result.stdout
    assert not (home / "cchc.db").exists()  # the real default store is not touched


def test_self_test_with_demo_fills_the_named_store(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "mau.db"
    result = run(home, "--self-test", "--demo", "--db", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Ghi dữ liệu mẫu: đạt" in result.stdout
    with open_store(path) as store:
        assert store.is_demo
        assert load_profile(store).commune_name == "An Bình"


def test_demo_is_refused_on_real_data(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "that.db"
    with open_store(path) as store:
        save_profile(store, PROFILE, date.today())
    result = run(home, "--self-test", "--demo", "--db", str(path))
    assert result.returncode == 1
    assert "không ghi dữ liệu mẫu" in result.stdout
    with open_store(path) as store:
        assert load_profile(store) == PROFILE and not store.is_demo


def test_newer_file_fails_the_self_test_and_stays_untouched(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "moi.db"
    with open_store(path) as store:
        save_profile(store, PROFILE, date.today())
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    before = file_fingerprint(path)
    result = run(home, "--self-test", "--db", str(path))
    assert result.returncode == 1
    assert "Tự kiểm tra KHÔNG ĐẠT" in result.stdout
    assert "phiên bản CCHC Desktop mới hơn" in result.stdout
    assert file_fingerprint(path) == before


def test_second_copy_on_the_same_file_is_told_it_is_in_use(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "chung.db"
    with open_store(path) as store:
        save_profile(store, PROFILE, date.today())
        result = run(home, "--self-test", "--db", str(path))
        assert result.returncode == 1
        assert "đang được mở trong một cửa sổ CCHC Desktop khác" in result.stdout
        assert store.integrity_problems() == []
        assert load_profile(store) == PROFILE


def test_the_interface_starts_and_shows_its_window(home: Path, tmp_path: Path) -> None:
    result = run(home, "--demo", "--measure-startup")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["shown"] is True
    assert (home / "cchc-demo.db").exists()
    assert not (home / "cchc.db").exists()
    assert (home / "logs" / "cchc-desktop.log").exists()


def test_bad_arguments_are_explained_in_vietnamese(home: Path) -> None:
    result = run(home, "--khong-co")
    assert result.returncode == 2
    assert "Lỗi tham số dòng lệnh: không nhận ra tham số: --khong-co" in result.stderr
    assert "Cách dùng:" in result.stderr


def test_version(home: Path) -> None:
    from cchc_desktop import __version__

    result = run(home, "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"CCHC Desktop {__version__}"


# --- export ------------------------------------------------------------------------------------


def test_export_writes_the_submission_folder(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "mau.db"
    from cchc_desktop.demo import fill_demo_store

    with open_store(path) as store:
        fill_demo_store(store, date.today())
    out = tmp_path / "ho-so"
    out.mkdir()
    result = run(
        home, "export", "--db", str(path), "--document", "self-assessment", "--document",
        "staff", "--year", "2025", "--out", str(out), "--zip", "--date", "31/12/2025",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    folder = out / "ho-so-nop-xa-an-binh-bao-cao-cchc-nam-2025"
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "bao-cao-chuan-hoa-can-bo-cong-chuc-2025-xa-an-binh.pdf",
        "bao-cao-chuan-hoa-can-bo-cong-chuc-2025-xa-an-binh.xlsx",
        "bao-cao-tu-danh-gia-chi-so-cchc-nam-2025-xa-an-binh.pdf",
        "bao-cao-tu-danh-gia-chi-so-cchc-nam-2025-xa-an-binh.xlsx",
    ]
    assert (out / f"{folder.name}.zip").is_file()
    assert f"Đã xuất hồ sơ vào thư mục {folder}" in result.stdout
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_export_refusal_exits_non_zero_with_the_message(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "mau.db"
    from cchc_desktop.demo import fill_demo_store

    with open_store(path) as store:
        fill_demo_store(store, date.today())
    out = tmp_path / "ho-so"
    out.mkdir()
    result = run(
        home, "export", "--db", str(path), "--document", "self-assessment", "--year", "2023",
        "--out", str(out),
    )  # fmt: skip
    assert result.returncode == 1
    assert "Năm 2023 chưa có bảng tự chấm điểm Chỉ số CCHC" in result.stderr
    assert list(out.iterdir()) == []
    missing = run(home, "export", "--db", str(tmp_path / "khong-co.db"), "--document", "all",
                  "--year", "2025", "--out", str(out))  # fmt: skip
    assert missing.returncode == 1 and "Không tìm thấy tệp dữ liệu" in missing.stderr
    assert not (tmp_path / "khong-co.db").exists()
    bad_date = run(home, "export", "--db", str(path), "--document", "tasks", "--year", "2025",
                   "--out", str(out), "--date", "32/13/2025")  # fmt: skip
    assert bad_date.returncode == 1 and "không đúng dạng ngày/tháng/năm" in bad_date.stderr


def test_export_makes_the_checks_the_screen_makes(home: Path, tmp_path: Path) -> None:
    """A date after today and one number for several reports are refused as on the screen."""
    path = tmp_path / "mau.db"
    from cchc_desktop.demo import fill_demo_store

    with open_store(path) as store:
        fill_demo_store(store, date.today())
    out = tmp_path / "ho-so"
    out.mkdir()
    result = run(
        home, "export", "--db", str(path), "--document", "all", "--year", "2026", "--out",
        str(out), "--date", "01/01/2031", "--number", "15",
    )  # fmt: skip
    assert result.returncode == 1, result.stdout
    assert "Ngày văn bản không được sau hôm nay" in result.stderr
    assert "Mỗi báo cáo có số riêng" in result.stderr
    assert list(out.iterdir()) == []
    one = run(
        home, "export", "--db", str(path), "--document", "staff", "--year", "2026", "--out",
        str(out), "--number", "7", "--format", "pdf",
    )  # fmt: skip
    assert one.returncode == 0, one.stderr
    assert len(list(out.iterdir())) == 1


def test_export_to_a_missing_folder_is_refused(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "mau.db"
    from cchc_desktop.demo import fill_demo_store

    with open_store(path) as store:
        fill_demo_store(store, date.today())
    result = run(home, "export", "--db", str(path), "--document", "staff", "--year", "2025",
                 "--out", str(tmp_path / "khong-co"))  # fmt: skip
    assert result.returncode == 1
    assert "Không tìm thấy thư mục" in result.stderr


# --- commands that read a store never create one -------------------------------------------

_READING_COMMANDS = {
    "backup": ["backup", "--db", "{db}"],
    "backup-out": ["backup", "--db", "{db}", "--out", "{out}"],
    "users-list": ["users", "list", "--db", "{db}"],
    "users-disable": ["users", "disable-sign-in", "--db", "{db}"],
    "export": ["export", "--db", "{db}", "--document", "tasks", "--year", "2026", "--out", "{out}"],
    "package-export": ["package", "export", "--db", "{db}", "--out", "{out}"],
    "package-verify": ["package", "verify", "{out}/goi.cchc", "--db", "{db}"],
    "package-import": ["package", "import", "{out}/goi.cchc", "--db", "{db}", "--yes"],
}


def _reading(name: str, db: Path, out: Path) -> list[str]:
    return [part.format(db=db, out=out) for part in _READING_COMMANDS[name]]


@pytest.mark.parametrize("name", sorted(_READING_COMMANDS))
def test_an_empty_file_is_refused_as_damaged_not_made_a_store(
    name: str, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.cli import main

    db, out = tmp_path / "du-lieu" / "cchc.db", tmp_path / "ra"
    db.parent.mkdir()
    out.mkdir()
    db.write_bytes(b"")
    code = main(_reading(name, db, out))
    err = capsys.readouterr().err
    assert code == 1
    assert "bị hỏng" in err and "0 byte" in err
    assert db.read_bytes() == b""
    assert {p.name for p in db.parent.iterdir()} <= {"cchc.db", "cchc.db.lock"}
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("name", sorted(_READING_COMMANDS))
def test_a_missing_file_is_refused_not_created(name: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.cli import main

    db, out = tmp_path / "du-lieu" / "cchc.db", tmp_path / "ra"
    db.parent.mkdir()
    out.mkdir()
    code = main(_reading(name, db, out))
    assert code == 1
    assert "Không tìm thấy tệp dữ liệu" in capsys.readouterr().err
    assert list(db.parent.iterdir()) == [] and list(out.iterdir()) == []


def test_export_without_year_takes_the_working_year_and_the_lines_in_use(
    home: Path, tmp_path: Path
) -> None:
    """The same defaults as the screen: the profile's year, the lines last used."""
    from dataclasses import replace

    import pypdf

    from cchc_desktop.demo import fill_demo_store
    from cchc_desktop.exports.request import DocumentLines, remember_lines

    path = tmp_path / "mau.db"
    last_year = date.today().year - 1
    with open_store(path) as store:
        fill_demo_store(store, date.today())
        profile = replace(load_profile(store), assessment_year=last_year)  # type: ignore[arg-type]
        save_profile(store, profile, date.today())
        lines = DocumentLines("UBND tỉnh thử nghiệm", ("- Nơi nhận thử nghiệm;", "- Lưu: VT."))
        assert remember_lines(store, profile, lines) == {}
    out = tmp_path / "ho-so"
    out.mkdir()
    result = run(home, "export", "--db", str(path), "--document", "staff", "--format", "pdf",
                 "--out", str(out))  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    (folder,) = out.iterdir()
    assert folder.name.endswith(f"-{last_year}")
    (pdf,) = folder.iterdir()
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(pdf).pages)
    assert "UBND TỈNH THỬ NGHIỆM" in text
    assert "- Nơi nhận thử nghiệm;" in text
