"""Backups protected by a password (``.cchcbak``): written, read, refused, restored."""

from __future__ import annotations

import json
import re
import struct
from datetime import date
from pathlib import Path

import pytest

from cchc_desktop.cli import main
from cchc_desktop.demo import fill_demo_store
from cchc_desktop.jobs import JobCancelled
from cchc_desktop.store import BackupError, open_store
from cchc_desktop.store import history as hist
from cchc_desktop.store import protected_backup as protected
from cchc_desktop.store.backup import REASON_MANUAL, list_backups, make_backup
from cchc_desktop.store.protected_backup import (
    MAGIC,
    SUFFIX,
    BackupPasswordError,
    is_protected_backup,
    make_protected_backup,
    preview_backup,
    read_protected_header,
    restore_backup,
)
from tests.store.test_restore import _content
from tests.support.files import file_fingerprint

TODAY = date(2026, 11, 20)
PASSWORD = "mật-khẩu-USB"


@pytest.fixture
def demo_path(store_path: Path) -> Path:
    store_path.parent.mkdir(parents=True, exist_ok=True)
    with open_store(store_path) as store:
        fill_demo_store(store, TODAY)
    return store_path


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def _temporary_copies(store_path: Path) -> list[str]:
    """Plain copies a protected backup made beside the store (none may stay)."""
    return sorted(
        p.name for p in store_path.parent.iterdir() if re.search(r"-(ma-hoa|giai-ma)-", p.name)
    )


def _edit(store_path: Path) -> None:
    with open_store(store_path) as store, store.transaction():
        store.conn.execute("UPDATE tasks SET content = 'Sửa sau sao lưu'")
        store.conn.execute("DELETE FROM officials")


def test_a_protected_backup_hides_the_data_and_restores_it(demo_path: Path, usb: Path) -> None:
    expected = _content(demo_path)
    with open_store(demo_path) as store:
        birth, ethnicity, name = store.conn.execute(
            "SELECT birth, ethnicity, full_name FROM officials WHERE birth IS NOT NULL LIMIT 1"
        ).fetchone()
    target = make_protected_backup(demo_path, usb, PASSWORD)
    assert target.parent == usb and target.name.endswith(f"-thu-cong{SUFFIX}")
    assert [p.name for p in usb.iterdir()] == [target.name]  # no temporary name left
    assert _temporary_copies(demo_path) == []
    raw = target.read_bytes()
    assert raw.startswith(MAGIC) and is_protected_backup(target)
    assert not is_protected_backup(make_backup(demo_path, REASON_MANUAL))
    for secret in (b"SQLite format 3", birth.encode(), ethnicity.encode(), name.encode()):
        assert secret not in raw
    info = read_protected_header(target)
    assert info.unit == "xã An Bình" and info.size > 0
    assert info.database_name == target.with_suffix(".db").name
    assert info.encryption["method"] == "AES-256-GCM" and info.encryption["kdf"] == "scrypt"

    _edit(demo_path)
    assert _content(demo_path) != expected
    preview = preview_backup(demo_path, target, PASSWORD)
    assert preview.source == target and preview.size == target.stat().st_size
    counts = {c.table: (c.current, c.source) for c in preview.counts}
    assert counts["officials"] == (0, len(expected["officials"]))
    assert _temporary_copies(demo_path) == []

    safety = restore_backup(demo_path, target, PASSWORD)
    assert _content(demo_path) == expected
    assert safety.name.endswith("-truoc-khoi-phuc.db")
    assert _temporary_copies(demo_path) == []
    with open_store(demo_path) as store:
        entry = hist.history(store)[0]
        assert (entry.action, entry.record_title) == ("khoi_phuc", target.name)


@pytest.mark.parametrize("password", [None, "", "mật-khẩu-sai"])
def test_a_missing_or_wrong_password_changes_nothing(
    demo_path: Path, usb: Path, password: str | None
) -> None:
    target = make_protected_backup(demo_path, usb, PASSWORD)
    _edit(demo_path)
    before = file_fingerprint(demo_path)
    backups_before = list_backups(demo_path)
    for attempt in (preview_backup, restore_backup):
        with pytest.raises(BackupPasswordError) as refused:
            attempt(demo_path, target, password)
        if password:
            assert "không đúng" in refused.value.message
        else:
            assert "có mật khẩu" in refused.value.message
        assert "chưa bị thay đổi" in refused.value.message or not password
    assert file_fingerprint(demo_path) == before
    assert list_backups(demo_path) == backups_before  # not even a safety backup
    assert _temporary_copies(demo_path) == []


def _truncated(raw: bytes) -> bytes:
    return raw[:-20]


def _half(raw: bytes) -> bytes:
    return raw[: len(raw) // 2]


def _flipped(raw: bytes) -> bytes:
    middle = len(raw) // 2
    return raw[:middle] + bytes([raw[middle] ^ 0x01]) + raw[middle + 1 :]


def _header_edited(raw: bytes) -> bytes:
    """The readable header changed (another commune's name, same length): the body no
    longer authenticates, since the header is its associated data."""
    start = len(MAGIC) + 4
    (length,) = struct.unpack(">I", raw[len(MAGIC) : start])
    header = json.loads(raw[start : start + length])
    header["unit"] = header["unit"].replace("An", "Ba")
    text = json.dumps(header, ensure_ascii=True, sort_keys=True).encode("ascii")
    assert len(text) == length
    return raw[:start] + text + raw[start + length :]


def _header_only(raw: bytes) -> bytes:
    return raw[:10]


@pytest.mark.parametrize("damage", [_truncated, _half, _flipped, _header_edited, _header_only])
def test_a_damaged_protected_backup_is_refused_as_damaged(
    demo_path: Path, usb: Path, damage
) -> None:  # type: ignore[no-untyped-def]
    target = make_protected_backup(demo_path, usb, PASSWORD)
    target.write_bytes(damage(target.read_bytes()))
    _edit(demo_path)
    before = file_fingerprint(demo_path)
    for attempt in (preview_backup, restore_backup):
        with pytest.raises(BackupError) as refused:
            attempt(demo_path, target, PASSWORD)
        assert not isinstance(refused.value, BackupPasswordError)
        assert "bị hỏng" in refused.value.message
        assert "Dữ liệu hiện tại chưa bị thay đổi" in refused.value.message
    assert file_fingerprint(demo_path) == before
    assert list_backups(demo_path) == []
    assert _temporary_copies(demo_path) == []


def test_writing_refuses_a_short_password_and_leaves_nothing_when_stopped(
    demo_path: Path, usb: Path
) -> None:
    with pytest.raises(BackupError, match="ít nhất 6 ký tự"):
        make_protected_backup(demo_path, usb, "12345")
    with pytest.raises(BackupError, match="Không tìm thấy thư mục"):
        make_protected_backup(demo_path, usb / "khong-co", PASSWORD)
    calls = {"n": 0}

    def stop_while_encrypting() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    with pytest.raises(JobCancelled):
        make_protected_backup(demo_path, usb, PASSWORD, cancelled=stop_while_encrypting)
    assert list(usb.iterdir()) == []
    assert _temporary_copies(demo_path) == []


def test_a_plain_backup_goes_through_unchanged(demo_path: Path) -> None:
    expected = _content(demo_path)
    plain = make_backup(demo_path, REASON_MANUAL)
    _edit(demo_path)
    assert preview_backup(demo_path, plain, "bỏ qua").source == plain
    restore_backup(demo_path, plain)
    assert _content(demo_path) == expected


def test_plain_copies_left_by_a_killed_program_are_removed_at_opening(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    open_store(store_path).close()
    folder = store_path.parent
    left = [
        folder / ".cchc-ma-hoa-0a1b2c3d.db",
        folder / ".cchc-giai-ma-0a1b2c3d.db",
        folder / ".cchc-giai-ma-0a1b2c3d.db-journal",
    ]
    kept = [folder / ".cchc-giai-ma-xyz.db", folder / ".cchc-mau-giai-ma-0a1b2c3d.db"]
    for path in left + kept:
        path.write_bytes(b"x")
    open_store(store_path).close()
    assert [p for p in left if p.exists()] == []
    assert [p for p in kept if not p.exists()] == []


# --- the command line ------------------------------------------------------------------------


def test_command_line_backup_with_a_password_then_verify_and_restore(
    demo_path: Path, usb: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = _content(demo_path)
    monkeypatch.setenv("CCHC_MAT_KHAU", PASSWORD)
    args = ["backup", "--db", str(demo_path), "--out", str(usb), "--password-env", "CCHC_MAT_KHAU"]
    assert main(args) == 0
    printed = capsys.readouterr().out
    found = re.search(r"^Đã sao lưu có mật khẩu \(đã kiểm tra bản sao\): (.+)$", printed, re.M)
    assert found, printed
    made = Path(found.group(1))
    assert made.parent == usb and made.suffix == SUFFIX and made.read_bytes().startswith(MAGIC)
    assert "quên mật khẩu thì không khôi phục được" in printed

    _edit(demo_path)
    verify = ["backup", "--db", str(demo_path), "--verify", str(made)]
    assert main(verify) == 1
    assert "có mật khẩu. Hãy cho biết mật khẩu bằng --password-env" in capsys.readouterr().err
    monkeypatch.setenv("SAI", "mật-khẩu-sai")
    assert main([*verify, "--password-env", "SAI"]) == 1
    assert "không đúng" in capsys.readouterr().err
    assert main([*verify, "--password-env", "CCHC_MAT_KHAU"]) == 0
    printed = capsys.readouterr().out
    assert "Bảo vệ: có mật khẩu (mã hóa AES-256-GCM), mật khẩu đúng." in printed
    assert "Kiểm tra: bản sao lưu nguyên vẹn" in printed
    assert "Cán bộ, công chức: 0 → " in printed
    assert "Chỉ kiểm tra: chưa có gì thay đổi trên máy." in printed
    assert _content(demo_path) != expected  # verifying changed nothing
    assert _temporary_copies(demo_path) == []

    restore_backup(demo_path, made, PASSWORD)
    assert _content(demo_path) == expected


def test_command_line_says_plainly_when_a_backup_is_not_protected(
    demo_path: Path, usb: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["backup", "--db", str(demo_path), "--out", str(usb)]) == 0
    printed = capsys.readouterr().out
    assert protected.UNPROTECTED_USB_WARNING in printed
    assert "--password-env" in printed
    made = next(usb.iterdir())
    assert main(["backup", "--db", str(demo_path), "--verify", str(made)]) == 0
    assert "Bảo vệ: không có mật khẩu." in capsys.readouterr().out

    monkeypatch.setenv("CCHC_MAT_KHAU", PASSWORD)
    local = ["backup", "--db", str(demo_path), "--password-env", "CCHC_MAT_KHAU"]
    assert main(local) == 1
    assert "thư mục sao lưu trên máy không đặt mật khẩu" in capsys.readouterr().err
    monkeypatch.setenv("NGAN", "12345")
    assert (
        main(["backup", "--db", str(demo_path), "--out", str(usb), "--password-env", "NGAN"]) == 1
    )
    assert "ít nhất 6 ký tự" in capsys.readouterr().err
    assert list_backups(demo_path) == [] and len(list(usb.iterdir())) == 1
