"""The machine-readable data of a commune's submission workbook: its format, shared by the
writer (:mod:`cchc_desktop.exports.excel_document`) and the reader
(:mod:`cchc_desktop.importers.submission_excel`).

A hidden sheet «_du_lieu» holds, below a warning in A1, one row per piece: its kind in
column A and its JSON text in column B (a long text goes on in ``MORE_ROW`` rows). The
first row names the format and its version; the last holds the SHA-256 of the canonical
JSON of the whole payload.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

DATA_FORMAT = "cchc-desktop/ho-so-nop"
DATA_FORMAT_VERSION = 1
DATA_SHEET = "_du_lieu"
# The kinds of the rows of «_du_lieu» (column A); the JSON text is in column B.
FORMAT_ROW = "format"  # B: DATA_FORMAT, C: DATA_FORMAT_VERSION (read before anything else)
DOCUMENT_ROW = "document"  # the payload without its tables
TABLE_ROW = "table"  # a table without its rows
LINE_ROW = "row"  # one row of the table above
MORE_ROW = "more"  # the rest of the JSON text of the row above
CHECKSUM_ROW = "checksum"  # B: SHA-256 (hex) of the canonical JSON of the payload


def canonical_json(value: object) -> str:
    """The text the checksum is computed on (the same on every machine)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def checksum(payload: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()
