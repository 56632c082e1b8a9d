"""The one place that knows where things live: bundled resources and user data.

Resources (fonts, icons, default data) and the SQL migrations ship with the
program; where they sit depends on how it runs: from the source tree (or an
editable install), from an installed wheel, or frozen by PyInstaller.

User data lives in the per-user data folder (on Windows
``%LOCALAPPDATA%\\CCHC Desktop``). Setting ``CCHC_DESKTOP_HOME`` moves all of
it (store, backups, logs, interface settings) into one folder; the tests use it
so that they never touch a real user's data.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HOME_ENV = "CCHC_DESKTOP_HOME"

_PACKAGE_DIR = Path(__file__).resolve().parent

STORE_FILE_NAME = "cchc.db"
DEMO_STORE_FILE_NAME = "cchc-demo.db"


def _bundled_dir(name: str) -> Path:
    """Find a top-level folder of the product (``resources`` or ``db``)."""
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / name)
    candidates.append(_PACKAGE_DIR / name)  # installed wheel (mapped into the package)
    candidates.append(_PACKAGE_DIR.parent / name)  # source tree or editable install
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"Không tìm thấy thư mục '{name}' của chương trình (đã tìm ở: "
        + ", ".join(str(c) for c in candidates)
        + "). Hãy cài đặt lại chương trình."
    )


def resources_dir() -> Path:
    return _bundled_dir("resources")


def migrations_dir() -> Path:
    return _bundled_dir("db")


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def icons_dir() -> Path:
    return resources_dir() / "icons"


def data_resource(name: str) -> Path:
    """A default-data file shipped in ``resources/data``."""
    return resources_dir() / "data" / name


def data_dir() -> Path:
    """The per-user folder that holds the store, its backups and the logs."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    # roaming=False: a growing database should not travel with a Windows
    # roaming profile; this is %LOCALAPPDATA%\CCHC Desktop.
    return Path(user_data_dir("CCHC Desktop", appauthor=False, roaming=False))


def default_store_path() -> Path:
    return data_dir() / STORE_FILE_NAME


def demo_store_path() -> Path:
    return data_dir() / DEMO_STORE_FILE_NAME


def log_dir() -> Path:
    return data_dir() / "logs"


def ui_settings_path() -> Path:
    """Interface preferences (window size, text size), kept next to the data."""
    return data_dir() / "giao-dien.ini"


def backup_dir_for(store_path: Path) -> Path:
    """Backups of a store sit in a folder beside it: ``cchc.db`` → ``cchc-sao-luu/``."""
    store_path = Path(store_path)
    return store_path.with_name(f"{store_path.stem}-sao-luu")
