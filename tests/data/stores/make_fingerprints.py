"""Writes ``upgraded.json``: every table's record count and content fingerprint after each
stored ``v{N}.db`` is upgraded to the current schema (``tests/store/test_migrations.py`` compares).

Run it, and commit the file, only when the change it records is meant:
* a new ``v{N}.db`` was stored (``make_fixture.py``), or
* a new migration deliberately adds tables, columns or rows, or transforms records (as
  0008 gave the records with a natural key their stable uuid) — after the test that old
  rows survive the upgrade (``test_upgrade_keeps_every_record_of_every_table``) passes.
Never to make a failing comparison pass: a fingerprint that moved without such a reason
is data that an upgrade changes.

    python tests/data/stores/make_fingerprints.py
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from tests.support.migration_fingerprints import FIXTURES, RECORDED, summary, upgraded_copy  # noqa: E402

with tempfile.TemporaryDirectory() as scratch:
    os.environ["CCHC_DESKTOP_HOME"] = scratch  # never the user's own data folder
    recorded = {}
    for fixture in sorted(FIXTURES.glob("v*.db"), key=lambda p: int(p.stem[1:])):
        folder = Path(scratch) / fixture.stem
        folder.mkdir()
        recorded[fixture.name] = summary(upgraded_copy(fixture, folder))
RECORDED.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n", encoding="utf-8")
print(RECORDED)
