"""An open store: its connection, its one way of writing (a transaction), its meta and the
kinds of its tables.

Opening one is :mod:`.opening` (the safety argument); judging a file without writing to
it is :mod:`.inspection`.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_desktop.store.errors import StoreError, StoreWriteError, sqlite_problem_text

if TYPE_CHECKING:
    from filelock import BaseFileLock
    from sqlite_utils import Database

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
APPLICATION_ID = 0x43434843  # "CCHC"

KIND_USER = "user"
KIND_DEMO = "demo"

# Tables that never travel between PCs, so carry no uuid.
LOCAL_TABLES = frozenset(
    {
        "store_meta",
        "tombstones",
        "_sqlite_migrations",
        "sync_state",
        "exchanges",
        "change_log",
        "change_actor",
        "users",
        "field_versions",
        "sync_clock",
        "sync_peers",
        "sync_conflicts",
    }
)
# Tables whose rows are identified by their content (a SHA-256), not by a uuid.
CONTENT_TABLES = frozenset({"file_blobs"})
# Tables that a migration fills with defaults: rows there are not the user's data.
SEEDED_TABLES = frozenset({"reform_fields"})


class Store:
    """An open store: the connection (for this thread only) and its lock."""

    def __init__(
        self, path: Path, conn: sqlite3.Connection, lock: BaseFileLock, schema_version: int
    ):
        self.path = path
        self.conn = conn
        self._lock = lock
        self.schema_version = schema_version

    @functools.cached_property
    def db(self) -> Database:
        """sqlite-utils over the same connection, made on first use.

        Importing sqlite-utils costs about a tenth of a second, which an
        up-to-date store does not need to pay at start-up.
        """
        return _wrap(self.conn)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """All writes go through here: everything or nothing is saved.

        A failure to write (full disk, pulled USB stick, read-only file) rolls
        the whole transaction back and becomes a :class:`StoreWriteError` with
        a message the officer can act on.
        """
        try:
            with self.db.atomic() as db:
                yield db
        except sqlite3.OperationalError as exc:
            raise _write_error(self.path, exc) from exc
        except sqlite3.IntegrityError as exc:
            # A rule of the file refused the change (the checks before it missed a case).
            log.error("Write to %s refused by a constraint: %s", self.path, exc)
            raise StoreError(
                "Không lưu được: thay đổi này trái với quy tắc của tệp dữ liệu (chi tiết đã "
                "ghi vào nhật ký). Thay đổi vừa rồi chưa được lưu; dữ liệu đã lưu trước đó vẫn "
                "nguyên vẹn.",
                self.path,
            ) from exc

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM store_meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO store_meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    @property
    def store_id(self) -> str:
        return self.meta("store_id") or ""

    @property
    def is_demo(self) -> bool:
        return self.meta("store_kind") == KIND_DEMO

    def travelling_tables(self) -> list[str]:
        """Tables whose rows carry a uuid (and so may travel between PCs)."""
        names = [
            row[0]
            for row in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return [
            name
            for name in names
            if name not in LOCAL_TABLES
            and any(col[1] == "uuid" for col in self.conn.execute(f'PRAGMA table_info("{name}")'))
        ]

    def has_user_data(self) -> bool:
        """True once anything has been entered (defaults shipped by migrations do not count)."""
        return any(
            self.conn.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone()
            for name in self.travelling_tables()
            if name not in SEEDED_TABLES
        )

    def integrity_problems(self) -> list[str]:
        """The full ``PRAGMA integrity_check``; empty when the file is sound."""
        rows = [row[0] for row in self.conn.execute("PRAGMA integrity_check")]
        rows += [
            f"Khóa ngoại không hợp lệ ở bảng {row[0]} (dòng {row[1]})"
            for row in self.conn.execute("PRAGMA foreign_key_check")
        ]
        return [] if rows == ["ok"] else [r for r in rows if r != "ok"]

    def close(self) -> None:
        try:
            self.conn.close()
        finally:
            self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _write_error(path: Path, exc: sqlite3.OperationalError) -> StoreWriteError:
    detail = sqlite_problem_text(exc)  # SQLite's own (English) text goes to the log only
    log.error("Write to %s failed: %s", path, exc)
    return StoreWriteError(
        f"Không lưu được vào tệp dữ liệu {path}: {detail}. Thay đổi vừa rồi chưa được lưu; "
        "dữ liệu đã lưu trước đó vẫn nguyên vẹn. Hãy khắc phục rồi lưu lại.",
        path,
    )


def _wrap(conn: sqlite3.Connection) -> Database:
    from sqlite_utils import Database

    return Database(conn, execute_plugins=False)
