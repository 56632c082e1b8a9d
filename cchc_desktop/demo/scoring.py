"""The sample commune's self-assessments: last year's locked and appraised, this year's begun.

Written through the repositories, on the shipped sample criteria set, so that the sample
shows every state: scored lines with and without evidence, a computed ratio, automatic
lines, a survey line waiting, an appraisal that lowered two lines, and a remedial task
for the line that lost the most points. Which lines and which numbers: ``scoring.json``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from cchc_desktop.core.criteria import CriteriaSet, Criterion, MethodKind, shipped_criteria_sets
from cchc_desktop.core.lost_points import lost_points
from cchc_desktop.core.scoring import Score, compute_sheet
from cchc_desktop.demo.data import document, load, relative_date
from cchc_desktop.store.database import Store
from cchc_desktop.store.scoring_evidence import add_evidence, create_remedial_task
from cchc_desktop.store.scoring_repo import (
    Assessment,
    lock_assessment,
    save_score,
    start_assessment,
)


def _typed_score(node: Criterion, share: Decimal) -> Decimal:
    """A valid score near ``share`` of the maximum for the line's rule."""
    method = node.method
    if method and method.kind == MethodKind.STEPS:
        target = node.maximum * share
        return max((v for v in method.steps if v <= target), default=min(method.steps))
    if method and method.kind == MethodKind.FIXED:
        return node.maximum if share >= 1 else Decimal(0)
    return (node.maximum * share).quantize(Decimal("0.25"))


def _score_for(node: Criterion, year_offset: int, data: dict[str, Any]) -> Score | None:
    """The sample's score of a line last year (``year_offset`` 1) or this year (0)."""
    kind = node.kind or MethodKind.MANUAL
    last_year = year_offset == 1
    if kind == MethodKind.AUTO:
        reason = data["last_year_overrides"].get(node.code) if last_year else None
        if reason is None:
            return None
        return Score(node.code, override=node.maximum, override_reason=reason)
    if kind == MethodKind.RATIO:
        numerator, denominator = data["ratios"].get(node.code, data["default_ratio"])
        if not last_year:
            numerator = min(denominator, numerator + denominator // 20)
        return Score(node.code, numerator=Decimal(numerator), denominator=Decimal(denominator))
    if kind == MethodKind.PENALTY:
        return None
    if kind == MethodKind.BONUS:
        return Score(node.code, value=Decimal(data["last_year_bonus"])) if last_year else None
    if kind == MethodKind.SURVEY:
        return Score(node.code, value=Decimal(data["last_year_survey"])) if last_year else None
    short = data["last_year_short"].get(node.code, "1") if last_year else "1"
    return Score(node.code, value=_typed_score(node, Decimal(short)))


def fill_demo_scoring(store: Store, today: date, lead: str) -> None:
    data = load("scoring")
    criteria = shipped_criteria_sets()[0]
    years = {"last_year": today.year - 1}
    documents = {name: document(spec, today, years) for name, spec in data["documents"].items()}
    evidence_for = {field: documents[name] for field, name in data["evidence_by_field"].items()}
    last = start_assessment(store, today.year - 1, criteria)
    for node in criteria.leaves():
        score = _score_for(node, 1, data)
        if score is None:
            continue
        field = criteria.field_of[node.code].code
        explanation = data["last_year_explanations"].get(node.code)
        if explanation is not None:
            score = replace(score, explanation=explanation)
        save_score(store, last, node, score)
        evidence = evidence_for.get(field)
        if evidence is not None and node.kind != MethodKind.SURVEY:
            saved = add_evidence(store, last, node.code, evidence, today)
            evidence_for[field] = saved  # the same document again: stored once, linked many
    last = lock_assessment(store, last, lead)
    _appraise_and_remedy(store, last, criteria, data, today, lead)

    # This year: begun, half the lines scored, two of them still without evidence.
    plan = evidence_for.get("I", documents["plan"])
    current = start_assessment(store, today.year, criteria)
    for i, node in enumerate(criteria.leaves()):
        if i % 2:
            continue
        score = _score_for(node, 0, data)
        if score is None:
            continue
        save_score(store, current, node, score)
        if i % 8 and node.kind != MethodKind.RATIO:
            add_evidence(store, current, node.code, plan, today)


def _appraise_and_remedy(
    store: Store,
    last: Assessment,
    criteria: CriteriaSet,
    data: dict[str, Any],
    today: date,
    lead: str,
) -> None:
    """Last year's appraisal, and the remedial task for the line that lost the most points."""
    for code, appraised in data["appraisal"].items():
        node = criteria.by_code[code]
        own = _score_for(node, 1, data)
        save_score(
            store,
            last,
            node,
            Score(
                code,
                value=own.value if own is not None else None,
                appraised_1=Decimal(appraised["points"]),
                appraisal_1_note=appraised["note"],
            ),
        )
    scores: dict[str, Score] = {}
    for node in criteria.leaves():
        score = _score_for(node, 1, data)
        if score is not None:
            scores[node.code] = score
    worst = lost_points(compute_sheet(criteria, scores))[0]
    field_code = criteria.field_of[worst.code].field_code
    due = relative_date(data["remedial_deadline"], today)
    deadline = due if today.month < due.month else None
    create_remedial_task(store, last, worst, field_code, lead, deadline, today)
