"""A fingerprint of a store's records: what a plan was computed against.

An import (of a file or of a package) plans without writing, then writes only when the
store is still as the plan saw it. Every write of a record changes its ``updated_at``, so
the uuids and ``updated_at`` of the tables a plan read tell whether anything changed; a
package import also reads the deletions and the exchange state (``sync_state``).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence

# The exchange state a package import also depends on: deletions, the clock, the versions.
SYNC_STATE_QUERIES = (
    "SELECT uuid, deleted_at, hlc, node FROM tombstones ORDER BY uuid",
    "SELECT hlc FROM sync_clock",
    "SELECT count(*), max(hlc) FROM field_versions",
)


def fingerprint(
    conn: sqlite3.Connection, tables: Sequence[str], *, sync_state: bool = False
) -> str:
    """Changes whenever a record of ``tables`` is added, changed or removed, and (with
    ``sync_state``) whenever a tombstone or the exchange state changes."""
    digest = hashlib.sha256()
    queries = [f'SELECT uuid, updated_at FROM "{table}" ORDER BY uuid' for table in tables]
    if sync_state:
        queries += SYNC_STATE_QUERIES
    for query in queries:
        for row in conn.execute(query):
            digest.update(repr(row).encode())
        digest.update(b"|")
    return digest.hexdigest()
