"""Validating a package's records like the officer's own input, before anything is written.

A package is checked whole by :mod:`~cchc_desktop.transfer.reader` (zip, hashes, JSON
lines). What its records *say* is checked here, with the same rules as the forms: each
row goes through the repository's own conversion to a domain object (a task, an official,
a score …) and then through that object's validation in ``core``. A hand-edited package
(hashes recomputed) with a deadline 31/02, a score «mười», a birth date 2026-13-45 or
coordinators that are not JSON is refused here, with the record's kind, its name and
the reason, instead of making the task list, the overview, the sheet or the exports
fail later.

Three more things are refused whatever the manifest says: a record of another commune
(its ``_unit``, or a profile with another code), and a time of change (or deletion) more
than a day after now — a PC whose clock is wrong would otherwise win every later
comparison.

Rules that depend on the day (a completion date cannot be after today …) are judged on
``now`` plus one day: dates are typed in Vietnam's time, a few hours ahead of UTC.

One module per kind of check: :mod:`.origin` (whose records, and when), :mod:`.schema`
(the columns of each table), :mod:`.rules` (each kind's own rules, with :mod:`.context`:
what the other records say); :mod:`.names` holds the names the officer reads and the
reading of values.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

from cchc_desktop.store.kinds import KINDS
from cchc_desktop.transfer.validate.context import make_context
from cchc_desktop.transfer.validate.names import Refused, read_time, refusal
from cchc_desktop.transfer.validate.origin import check_communes, check_times
from cchc_desktop.transfer.validate.rules import CHECKS
from cchc_desktop.transfer.validate.schema import (
    check_columns,
    check_dates_and_times,
    current_schema,
    schema_of,
)

# How far after now a time of change may be: more is a wrong clock on the sending PC.
FUTURE_TOLERANCE = timedelta(days=1)


def validate_records(
    records: dict[str, list[dict[str, Any]]],
    tombstones: list[dict[str, Any]],
    *,
    unit_code: str,
    now: str,
    conn: sqlite3.Connection | None = None,
) -> None:
    """Raise :class:`~cchc_desktop.transfer.PackageError` for the first record that fails.

    ``records`` maps a kind (table) to its rows as read from a package (keys starting with
    "_" are ignored, except ``_unit``: the commune the record belongs to); ``unit_code`` is
    the commune of the receiving store ("" for a store without a profile yet: the package's
    profile decides); ``now`` is the current UTC time as the store writes it
    (``2026-11-22T03:04:05.678Z``). ``conn``, when given, is the receiving store: records
    that refer to what only it holds (a criteria set, a document) are checked against it.

    The message names the record's kind, its readable name (the kind's title column, else
    its uuid) and the reason, in Vietnamese.
    """
    moment = read_time(now)
    if moment is None:
        moment = datetime.fromisoformat(now.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    limit = moment + FUTURE_TOLERANCE
    check_communes(records, tombstones, unit_code)
    check_times(records, tombstones, limit)
    ctx = make_context(records, limit.date(), conn)
    schema = schema_of(conn) if conn is not None else current_schema()
    for kind in KINDS:
        check = CHECKS[kind.name]
        for row in records.get(kind.name, ()):
            try:
                check_columns(kind.name, row, schema[kind.name])
                check_dates_and_times(kind.name, row, schema[kind.name])
                check(row, ctx)
            except Refused as refused:
                raise refusal(kind.name, row, refused.reason) from None
