"""Settings of the commune's data (they travel with it), stored as JSON values."""

from __future__ import annotations

import json
from typing import Any

from cchc_desktop.store.database import Store
from cchc_desktop.store.records import stable_uuid, utc_now

DUE_SOON_DAYS = "tasks.due_soon_days"
REPORT_SCHEDULE = "reports.schedule"
BACKUP_WARNING_DAYS = "backup.warning_days"
DEFAULT_BACKUP_WARNING_DAYS = 7


def get_setting(store: Store, key: str, default: Any = None) -> Any:
    row = store.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else default


def set_setting(store: Store, key: str, value: Any) -> None:
    """Save ``value`` (JSON-serialisable); nothing is written when it is unchanged."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    with store.transaction():
        row = store.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if row is None:
            store.conn.execute(
                "INSERT INTO settings (uuid, updated_at, key, value) VALUES (?, ?, ?, ?)",
                (stable_uuid("settings", key), utc_now(), key, text),
            )
        elif row[0] != text:
            store.conn.execute(
                "UPDATE settings SET value = ?, updated_at = ? WHERE key = ?",
                (text, utc_now(), key),
            )


def due_soon_days(store: Store) -> int:
    """How many days before its deadline a task counts as due soon (setting, default 7)."""
    from cchc_desktop.core.tasks import DEFAULT_DUE_SOON_DAYS

    return int(get_setting(store, DUE_SOON_DAYS, DEFAULT_DUE_SOON_DAYS))


def backup_warning_days(store: Store) -> int:
    """After how many days without a backup the overview warns (setting, default 7)."""
    return int(get_setting(store, BACKUP_WARNING_DAYS, DEFAULT_BACKUP_WARNING_DAYS))
