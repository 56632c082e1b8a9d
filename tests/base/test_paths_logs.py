from __future__ import annotations

import logging
from pathlib import Path

import pytest

from cchc_desktop import paths
from cchc_desktop.logs import current_log_file, setup_logging


def test_data_folder_follows_the_override(home: Path) -> None:
    assert paths.data_dir() == home
    assert paths.default_store_path() == home / "cchc.db"
    assert paths.demo_store_path() == home / "cchc-demo.db"
    assert paths.log_dir() == home / "logs"


def test_default_data_folder_is_per_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.HOME_ENV)
    assert paths.data_dir().name == "CCHC Desktop"


def test_bundled_folders_are_found() -> None:
    assert (paths.fonts_dir() / "LiberationSerif-Regular.ttf").exists()
    assert (paths.migrations_dir() / "0001_foundation.sql").exists()
    assert (paths.icons_dir() / "app.png").exists()
    assert paths.data_resource("provinces.json").exists()


def test_backup_folder_sits_beside_the_store(tmp_path: Path) -> None:
    assert paths.backup_dir_for(tmp_path / "cchc.db") == tmp_path / "cchc-sao-luu"


def test_log_file_is_written_in_the_data_folder(home: Path) -> None:
    path = setup_logging(paths.log_dir())
    try:
        logging.getLogger("cchc_desktop.test").warning("Thử ghi nhật ký: tiếng Việt có dấu")
        assert path == home / "logs" / "cchc-desktop.log"
        assert current_log_file() == path
        assert "tiếng Việt có dấu" in path.read_text(encoding="utf-8")
    finally:
        setup_logging(paths.log_dir())  # reset handlers to a live folder


def test_unwritable_log_folder_does_not_stop_the_program(tmp_path: Path) -> None:
    blocker = tmp_path / "logs"
    blocker.write_text("a file, not a folder")
    assert setup_logging(blocker) is None
    assert current_log_file() is None
