"""Importing a verified package into a store: a dry-run plan, then one transaction.

The rule (format 2, version 0.7.0) is the one of CRDT maps and cr-sqlite: every field of
every travelling record is a **last-writer-wins register**. Its version is a hybrid
logical clock (milliseconds × 65536 + a counter, moved past every clock an import brings)
and the store id of the PC that wrote it (``db/0008_sync.sql`` stamps every local write).
Merging keeps, field by field, the value with the greater ``(clock, store id)``; columns
tied by a rule of the table (a task's status and completion date) merge as one group. A
deletion is a register too: a record is deleted when its tombstone is newer than every
field of the record, and brought back when an edit newer than the deletion arrives. A
record that a live record needs is never left deleted.

Because the decision depends only on the versions, every PC decides every pair the same
way, in any order of packages, any number of times: after the packages have crossed, the
stores are identical. Two edits neither of which had seen the other (the sender's
``manifest.clock`` and this PC's ``sync_peers`` tell) are a **conflict**: still decided by
the rule, but recorded in ``sync_conflicts`` with both values, who and when, and shown to
the officer, whose different choice is saved as a new edit that travels. Nothing typed
disappears without a trace: the losing value stays in that log.

Records that are one thing by nature have the uuid every PC computes
(``records.stable_uuid``); a package of 0.6.0 (format 1, no versions) is read with each
record's ``updated_at`` as the version of all its fields and its records moved to those
uuids.

The steps, one module each: :mod:`.sides` (the package's records on this PC's terms, and
this PC's own), :mod:`.planner` (the decision per record), :mod:`.whole` (no live record
without a record it needs), :mod:`.preview` (the checks and the dry run), :mod:`.write` and
:mod:`.apply` (the one transaction); :mod:`.steps` holds what they share.
"""

from __future__ import annotations

from cchc_desktop.transfer.merge.apply import apply_import, create_store_from_package
from cchc_desktop.transfer.merge.preview import plan_import

__all__ = ["apply_import", "create_store_from_package", "plan_import"]
