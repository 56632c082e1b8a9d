"""From the superior's appraisal workbook to the points written in a round of a year's sheet.

Qt-free. :func:`read_appraisal_file` reads the file once for every round it could be
written to (a sheet with a column per round is read in each), so that choosing the round
reads nothing more; :func:`plan_appraisal_import` projects the sheet with the file's points
against the sheet as :func:`appraisal_import_state` read it; the store's
:func:`~cchc_desktop.store.imports.apply_appraisal_import` writes them in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from cchc_desktop.core.criteria import CriteriaSet
from cchc_desktop.core.scoring import Score, Sheet, compute_sheet
from cchc_desktop.importers.appraisal_excel import AppraisalReading, read_appraisal_workbook
from cchc_desktop.jobs import CancelledFn, JobCancelled, ProgressFn
from cchc_desktop.store.database import Store
from cchc_desktop.store.imports import APPRAISAL_TABLES, Basis, snapshot, take_basis
from cchc_desktop.store.scoring_repo import Assessment, SheetState, sheet_state

ROUND_NUMBERS = (1, 2)


@dataclass(frozen=True)
class AppraisalFile:
    """The file as read without a round (``first``: the last round holding points), and in
    the column of each round when it has a column per round."""

    first: AppraisalReading
    per_round: dict[int, AppraisalReading] = field(default_factory=dict)

    def for_round(self, round_no: int) -> AppraisalReading:
        return self.per_round.get(round_no, self.first)


def read_appraisal_file(
    path: Path,
    criteria: CriteriaSet,
    progress: ProgressFn,
    cancelled: CancelledFn,
) -> AppraisalFile:
    first = read_appraisal_workbook(path, criteria)
    per_round: dict[int, AppraisalReading] = {}
    if len(first.rounds) > 1:
        for round_no in ROUND_NUMBERS:
            if cancelled():
                raise JobCancelled()
            per_round[round_no] = read_appraisal_workbook(path, criteria, round_no=round_no)
    return AppraisalFile(first, per_round)


@dataclass(frozen=True)
class AppraisalImportState:
    """The sheet as stored: the self-scores and the points already appraised."""

    sheet: SheetState
    basis: Basis


def appraisal_import_state(
    store: Store, assessment: Assessment, today: date
) -> AppraisalImportState:
    with snapshot(store):
        return AppraisalImportState(
            sheet_state(store, assessment, today), take_basis(store, APPRAISAL_TABLES)
        )


@dataclass(frozen=True)
class AppraisalImportPlan:
    reading: AppraisalReading
    assessment: Assessment
    round_no: int
    projected: Sheet  # the sheet as it would be with the file's points in the round
    replaced: int  # lines whose points of the round change
    basis: Basis | None = None

    @property
    def ok(self) -> bool:
        return self.reading.ok

    def updates(self) -> list[tuple[str, Decimal, str]]:
        return self.reading.updates()


def plan_appraisal_import(
    reading: AppraisalReading,
    state: AppraisalImportState,
    round_no: int,
) -> AppraisalImportPlan:
    """What writing the file's points into round ``round_no`` would give; writes nothing."""
    name, note = f"appraised_{round_no}", f"appraisal_{round_no}_note"
    stored = state.sheet.scores
    scores = dict(stored)
    replaced = 0
    for item in reading.items:
        before = scores.get(item.code) or Score(item.code)
        old = getattr(stored[item.code], name) if item.code in stored else None
        if old is not None and old != item.value:
            replaced += 1
        given: dict[str, Any] = {name: item.value, note: item.note}
        scores[item.code] = replace(before, **given)
    projected = compute_sheet(state.sheet.criteria, scores, None, state.sheet.figures)
    return AppraisalImportPlan(
        reading, state.sheet.assessment, round_no, projected, replaced, state.basis
    )
