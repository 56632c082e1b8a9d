"""The one fingerprint of a store's records (store/fingerprint.py): what an import of a file
and an import of a package were planned against."""

from __future__ import annotations

import hashlib
from datetime import date

from cchc_desktop.store.database import Store
from cchc_desktop.store.fingerprint import fingerprint
from cchc_desktop.store.profile_repo import save_profile
from tests.support.profile import PROFILE


def _officials(store: Store) -> str:
    return fingerprint(store.conn, ["officials", "tasks"])


def test_it_is_the_uuid_and_time_of_every_record_table_by_table(store: Store) -> None:
    save_profile(store, PROFILE, date(2025, 6, 1))
    digest = hashlib.sha256()
    for table in ("commune_profile", "tasks"):
        rows = store.conn.execute(f'SELECT uuid, updated_at FROM "{table}" ORDER BY uuid')
        for row in rows:
            digest.update(repr(row).encode())
        digest.update(b"|")
    assert fingerprint(store.conn, ["commune_profile", "tasks"]) == digest.hexdigest()


def test_it_changes_with_a_write_of_a_record_read(store: Store) -> None:
    before = fingerprint(store.conn, ["commune_profile"])
    unrelated = _officials(store)
    save_profile(store, PROFILE, date(2025, 6, 1))
    assert fingerprint(store.conn, ["commune_profile"]) != before
    assert _officials(store) == unrelated


def test_the_sync_state_adds_the_deletions_and_the_clock(store: Store) -> None:
    plain = fingerprint(store.conn, ["tasks"])
    with_sync = fingerprint(store.conn, ["tasks"], sync_state=True)
    assert with_sync != plain
    with store.transaction():
        store.conn.execute(
            "INSERT INTO tombstones (uuid, record_kind, deleted_at, hlc, node, who) "
            "VALUES ('x', 'tasks', '2025-01-01T00:00:00Z', 5, 'n', '')"
        )
    assert fingerprint(store.conn, ["tasks"]) == plain
    assert fingerprint(store.conn, ["tasks"], sync_state=True) != with_sync
