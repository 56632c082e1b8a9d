"""Interface preferences of this PC (window place, text size), in an INI file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from cchc_desktop.ui.toolkit.fonts import DEFAULT_POINT_SIZE, clamp_point_size

DEFAULT_AUTO_BACKUP_MINUTES = 30
MAX_AUTO_BACKUP_MINUTES = 24 * 60


class UiSettings:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    @property
    def point_size(self) -> int:
        value: Any = self._qs.value("view/point_size", DEFAULT_POINT_SIZE)
        try:
            return clamp_point_size(int(value))
        except (TypeError, ValueError):
            return DEFAULT_POINT_SIZE

    @point_size.setter
    def point_size(self, value: int) -> None:
        self._qs.setValue("view/point_size", clamp_point_size(value))

    @property
    def window_geometry(self) -> QByteArray | None:
        value: Any = self._qs.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self._qs.setValue("window/geometry", value)

    @property
    def last_page(self) -> int:
        try:
            stored: Any = self._qs.value("window/page", 0)
            return int(stored)
        except (TypeError, ValueError):
            return 0

    @last_page.setter
    def last_page(self, value: int) -> None:
        self._qs.setValue("window/page", int(value))

    @property
    def chosen_store_path(self) -> Path | None:
        """A data file the officer chose instead of the default one, if any."""
        value: Any = self._qs.value("store/path", "")
        return Path(value) if value else None

    @chosen_store_path.setter
    def chosen_store_path(self, value: Path | None) -> None:
        if value is None:
            self._qs.remove("store/path")
        else:
            self._qs.setValue("store/path", str(value))

    @property
    def submission_folder(self) -> Path | None:
        """Where this officer last saved a «Hồ sơ nộp» (the folder the submissions go in)."""
        value: Any = self._qs.value("reports/folder", "")
        return Path(value) if value else None

    @submission_folder.setter
    def submission_folder(self, value: Path | None) -> None:
        if value is None:
            self._qs.remove("reports/folder")
        else:
            self._qs.setValue("reports/folder", str(value))

    @property
    def auto_backup_minutes(self) -> int:
        """Back up automatically after changes at most every N minutes; 0 turns it off."""
        try:
            stored: Any = self._qs.value("backup/auto_minutes", DEFAULT_AUTO_BACKUP_MINUTES)
            value = int(stored)
        except (TypeError, ValueError):
            return DEFAULT_AUTO_BACKUP_MINUTES
        return min(max(value, 0), MAX_AUTO_BACKUP_MINUTES)

    @auto_backup_minutes.setter
    def auto_backup_minutes(self, value: int) -> None:
        self._qs.setValue("backup/auto_minutes", min(max(int(value), 0), MAX_AUTO_BACKUP_MINUTES))

    @property
    def reminder_snoozed_on(self) -> date | None:
        """The day the officer asked not to be reminded again (start-up «Nhắc việc»)."""
        try:
            return date.fromisoformat(str(self._qs.value("reminder/snoozed_on", "")))
        except ValueError:
            return None

    @reminder_snoozed_on.setter
    def reminder_snoozed_on(self, value: date | None) -> None:
        if value is None:
            self._qs.remove("reminder/snoozed_on")
        else:
            self._qs.setValue("reminder/snoozed_on", value.isoformat())

    def sync(self) -> None:
        self._qs.sync()


def _list_value(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str) and value:
        return [value]
    return []


class TableSettings:
    """Which columns of a table the officer shows, and their widths."""

    def __init__(self, settings: UiSettings, name: str):
        self._qs = settings._qs
        self._name = name

    def visible_columns(self, default: tuple[str, ...]) -> list[str]:
        value: Any = self._qs.value(f"{self._name}/columns")
        return _list_value(value) if value is not None else list(default)

    def set_visible_columns(self, keys: list[str]) -> None:
        self._qs.setValue(f"{self._name}/columns", keys)

    def header_state(self, columns: list[str]) -> QByteArray | None:
        """The saved order, widths and sort of the columns, if saved for these columns."""
        if _list_value(self._qs.value(f"{self._name}/header_columns")) != columns:
            return None  # another version's columns: start from the defaults
        value: Any = self._qs.value(f"{self._name}/header")
        return value if isinstance(value, QByteArray) else None

    def set_header_state(self, columns: list[str], state: QByteArray) -> None:
        self._qs.setValue(f"{self._name}/header_columns", columns)
        self._qs.setValue(f"{self._name}/header", state)
