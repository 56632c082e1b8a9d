"""Opening a data file from the interface: a message and a way out for each problem."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cchc_desktop.store import DamagedStoreError, NewerStoreError, StoreLocationError, open_store
from cchc_desktop.ui.store_dialogs import Choice, open_store_interactively


class Officer:
    """Answers the problem dialog and the file chooser from a script."""

    def __init__(self, answers: list[Choice], files: list[Path | None] | None = None):
        self.answers = list(answers)
        self.files = list(files or [])
        self.problems: list[Exception] = []

    def ask(self, error, *, can_use_default, parent=None):  # type: ignore[no-untyped-def]
        self.problems.append(error)
        return self.answers.pop(0)

    def choose(self, parent, start):  # type: ignore[no-untyped-def]
        return self.files.pop(0)


def test_plain_opening_asks_nothing(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    officer = Officer([])
    store = open_store_interactively(
        tmp_path / "a.db", tmp_path / "a.db", ask=officer.ask, choose=officer.choose
    )
    assert store is not None and officer.problems == []
    store.close()


def test_damaged_file_then_choosing_another(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "hong.db"
    broken.write_bytes(b"not sqlite at all" * 10)
    other = tmp_path / "khac.db"
    officer = Officer([Choice.CHOOSE_OTHER], [other])
    store = open_store_interactively(
        broken, tmp_path / "mac-dinh.db", ask=officer.ask, choose=officer.choose
    )
    assert isinstance(officer.problems[0], DamagedStoreError)
    assert store is not None and store.path == other
    store.close()
    assert broken.read_bytes() == b"not sqlite at all" * 10


def test_remembered_file_on_an_unplugged_usb(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    usb_file = tmp_path / "usb" / "cchc.db"
    usb_file.parent.mkdir()
    default = tmp_path / "mac-dinh.db"
    officer = Officer([Choice.USE_DEFAULT])
    store = open_store_interactively(
        usb_file, default, must_exist=True, ask=officer.ask, choose=officer.choose
    )
    problem = officer.problems[0]
    assert isinstance(problem, StoreLocationError)
    assert "Không tìm thấy tệp dữ liệu đã dùng lần trước" in problem.message
    assert not usb_file.exists()  # no empty store silently created in its place
    assert store is not None and store.path == default
    store.close()


def test_cancelled_chooser_asks_again_then_quit(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    newer = tmp_path / "moi.db"
    open_store(newer).close()
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 50")
    conn.commit()
    conn.close()
    officer = Officer([Choice.CHOOSE_OTHER, Choice.QUIT], [None])
    assert open_store_interactively(newer, newer, ask=officer.ask, choose=officer.choose) is None
    assert [type(p) for p in officer.problems] == [NewerStoreError, NewerStoreError]


def test_damaged_store_restored_from_the_offered_backup(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.store.backup import make_backup
    from cchc_desktop.store.profile_repo import load_profile, save_profile
    from tests.test_store_open import PROFILE, _corrupt_pages

    path = tmp_path / "cchc.db"
    with open_store(path) as store:
        save_profile(store, PROFILE)
    make_backup(path)
    _corrupt_pages(path)
    told: list[str] = []
    officer = Officer([Choice.RESTORE])
    store = open_store_interactively(
        path, path, ask=officer.ask, choose=officer.choose, tell=lambda p, t: told.append(t)
    )
    assert isinstance(officer.problems[0], DamagedStoreError)
    assert store is not None and load_profile(store) == PROFILE
    store.close()
    assert told and told[0].startswith("Đã khôi phục dữ liệu từ bản sao lưu")
    assert len(list(tmp_path.glob("cchc-hong-*.db"))) == 1
