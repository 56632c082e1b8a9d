"""Opening a data file from the interface: a message and a way out for each problem."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from cchc_desktop.store import DamagedStoreError, NewerStoreError, StoreLocationError, open_store
from cchc_desktop.ui.shell.store_dialogs import Choice, open_store_interactively


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
    from tests.store.test_store_open import _corrupt_pages
    from tests.support.profile import PROFILE

    path = tmp_path / "cchc.db"
    with open_store(path) as store:
        save_profile(store, PROFILE, date.today())
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


def _buttons(error, can_use_default=False):  # type: ignore[no-untyped-def]
    from cchc_desktop.ui.shell.store_dialogs import problem_box

    box, choices = problem_box(error, can_use_default=can_use_default)
    texts = {choice: button.text() for button, choice in choices.items()}
    default = choices.get(box.defaultButton())
    box.deleteLater()
    return texts, default


def test_a_full_disk_a_lock_or_a_permission_get_retry_never_restore(
    tmp_path: Path, settings
) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.store import (
        StoreDiskFullError,
        StoreIOError,
        StoreLockedError,
        StorePermissionError,
    )

    path = tmp_path / "cchc.db"
    for kind in (StoreDiskFullError, StoreLockedError, StorePermissionError, StoreIOError):
        texts, default = _buttons(kind("…", path))
        assert default is Choice.RETRY and texts[Choice.RETRY] == "Thử lại"
        assert Choice.RESTORE not in texts and Choice.OPEN_BACKUPS not in texts
        assert Choice.CHOOSE_OTHER in texts and Choice.QUIT in texts
    texts, default = _buttons(DamagedStoreError("…", path, tmp_path / "sao-luu.db"))
    assert default is Choice.RESTORE
    assert texts[Choice.RESTORE] == "Khôi phục từ bản sao lưu tốt gần nhất"
    assert Choice.RETRY not in texts


def test_a_full_disk_at_start_then_retry_opens_the_same_file(
    tmp_path: Path, settings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.store import StoreDiskFullError
    from cchc_desktop.store.backup import make_backup
    from cchc_desktop.store.profile_repo import load_profile, save_profile
    from tests.store.test_store_open import _disk_full_error, _inject
    from tests.support.profile import PROFILE

    path = tmp_path / "cchc.db"
    with open_store(path) as store:
        save_profile(store, PROFILE, date.today())
    make_backup(path)
    before = path.read_bytes()
    _inject(monkeypatch, _disk_full_error())
    officer = Officer([Choice.RETRY])

    def ask(error, **kwargs):  # type: ignore[no-untyped-def]
        monkeypatch.undo()  # the officer frees some space, then «Thử lại»
        return officer.ask(error, **kwargs)

    store = open_store_interactively(path, path, ask=ask, choose=officer.choose)
    assert [type(p) for p in officer.problems] == [StoreDiskFullError]
    assert store is not None and store.path == path and load_profile(store) == PROFILE
    store.close()
    assert list(tmp_path.glob("cchc-hong-*")) == []
    assert path.read_bytes() == before


def test_a_remembered_file_is_never_created_by_retrying(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    usb_file = tmp_path / "usb" / "cchc.db"
    usb_file.parent.mkdir()
    officer = Officer([Choice.RETRY, Choice.QUIT])
    store = open_store_interactively(
        usb_file, tmp_path / "mac-dinh.db", must_exist=True, ask=officer.ask, choose=officer.choose
    )
    assert store is None and len(officer.problems) == 2
    assert not usb_file.exists()
