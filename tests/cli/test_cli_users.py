"""``cchc-desktop users``: the recovery when the only leader forgot the password."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cchc_desktop.cli import main
from cchc_desktop.store import open_store, users_repo

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


def _signed_store(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open_store(path) as store:
        users_repo.enable_sign_in(store, "Lê Thị Hồng", "mat-khau-cu-1")
        users_repo.add_user(store, "Trần Văn Bình", users_repo.DATA_ENTRY, "mat-khau-cu-2")


def test_reset_password_from_stdin(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "cchc.db"
    _signed_store(path)
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-moi-2026\n"))
    code = main(
        ["users", "reset-password", "--db", str(path), "--name", "lê thị hồng", "--password-stdin"]
    )
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "Đã đặt mật khẩu mới cho Lê Thị Hồng (Lãnh đạo)." in out.out
    assert "mat-khau-moi-2026" not in out.out + out.err
    with open_store(path) as store:
        assert users_repo.verify(store, "Lê Thị Hồng", "mat-khau-moi-2026", NOW).is_leader
        assert users_repo.sign_in_enabled(store)


def test_reset_password_asks_twice(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "cchc.db"
    _signed_store(path)
    answers = iter(["mat-khau-moi-1", "mat-khau-moi-2"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(answers))
    code = main(["users", "reset-password", "--db", str(path), "--name", "Lê Thị Hồng"])
    assert code == 1
    assert "Hai lần nhập mật khẩu không giống nhau. Chưa làm gì." in capsys.readouterr().err
    answers = iter(["ngan", "ngan"])
    code = main(["users", "reset-password", "--db", str(path), "--name", "Lê Thị Hồng"])
    assert code == 1
    assert "Mật khẩu cần ít nhất 8 ký tự. Chưa làm gì." in capsys.readouterr().err
    code = main(["users", "reset-password", "--db", str(path), "--name", "Không Có Ai"])
    assert code == 1
    assert "Không có người dùng «Không Có Ai»" in capsys.readouterr().err
    with open_store(path) as store:
        assert users_repo.verify(store, "Lê Thị Hồng", "mat-khau-cu-1", NOW)


def test_disable_sign_in_and_list(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "cchc.db"
    _signed_store(path)
    assert main(["users", "disable-sign-in", "--db", str(path)]) == 0
    assert "Đã tắt đăng nhập." in capsys.readouterr().out
    with open_store(path) as store:
        assert not users_repo.sign_in_enabled(store)
        assert len(users_repo.users(store)) == 2  # kept for turning it on again
    assert main(["users", "list", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Đăng nhập: đang tắt." in out and "Trần Văn Bình (Cán bộ nhập liệu)" in out


def test_a_missing_file_is_refused(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["users", "disable-sign-in", "--db", str(tmp_path / "khong-co.db")]) == 1
    assert "Không tìm thấy tệp dữ liệu" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["users"])
