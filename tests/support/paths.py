"""Where the tests find the repository and their data files, from any test folder."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
IMPORT_SAMPLES = DATA / "imports"  # workbooks written by make_samples.py
STORE_FIXTURES = DATA / "stores"  # v{N}.db, one per schema version, and upgraded.json
