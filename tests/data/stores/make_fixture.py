"""Writes ``v{N}.db``: a store of the current schema version with the sample commune.

Run it once when a migration is added, *before* adding it, so that every
earlier schema version keeps a stored file whose upgrade the tests exercise:

    python tests/data/stores/make_fixture.py

then, with the new migration in place, record what the upgrade of every stored file gives
(``make_fingerprints.py``, whose note says when that is legitimate).
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from cchc_desktop.demo import fill_demo_store  # noqa: E402
from cchc_desktop.store import open_store  # noqa: E402
from cchc_desktop.store.backup import copy_database  # noqa: E402

with tempfile.TemporaryDirectory() as scratch:
    with open_store(Path(scratch) / "fixture.db") as store:
        fill_demo_store(store, today=date(2025, 11, 1))
        target = HERE / f"v{store.schema_version}.db"
        copy_database(store.conn, target)
    conn = sqlite3.connect(target)
    conn.execute("VACUUM")
    conn.close()
print(target)
