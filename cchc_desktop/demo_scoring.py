"""The sample commune's self-assessments: last year's locked and appraised, this year's begun.

Written through the repositories, on the shipped sample criteria set, so that the sample
shows every state: scored lines with and without evidence, a computed ratio, automatic
lines, a survey line waiting, an appraisal that lowered two lines, and a remedial task
for the line that lost the most points.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from cchc_desktop.core.criteria import Criterion, MethodKind, shipped_criteria_sets
from cchc_desktop.core.scoring import Score, compute_sheet, lost_points
from cchc_desktop.core.tasks import Document
from cchc_desktop.store.database import Store
from cchc_desktop.store.scoring_repo import (
    add_evidence,
    create_remedial_task,
    lock_assessment,
    save_score,
    start_assessment,
)

# Lines the sample commune did not score in full: code → the share of the maximum reached.
_LAST_YEAR_SHORT = {
    "4": Decimal("0.5"),
    "13": Decimal("0.6"),
    "21": Decimal(0),
    "30.2": Decimal("0.6"),
}
_RATIOS = {  # code → (numerator, denominator) last year
    "9.2": (7, 8),
    "14.1": (112, 112),
    "15.1": (1843, 1870),
    "22": (9, 12),
    "28.1": (1204, 1290),
    "29.1": (512, 1870),
    "29.2": (84, 1870),
}


def _typed_score(node: Criterion, share: Decimal) -> Decimal:
    """A valid score near ``share`` of the maximum for the line's rule."""
    method = node.method
    if method and method.kind == MethodKind.STEPS:
        target = node.maximum * share
        return max((v for v in method.steps if v <= target), default=min(method.steps))
    if method and method.kind == MethodKind.FIXED:
        return node.maximum if share >= 1 else Decimal(0)
    return (node.maximum * share).quantize(Decimal("0.25"))


def _score_for(node: Criterion, year_offset: int) -> Score | None:
    kind = node.kind or MethodKind.MANUAL
    if kind == MethodKind.AUTO:
        if node.code == "2" and year_offset == 1:
            # no periodic-report tasks that year in the sample: scored by hand, with the reason
            return Score(
                node.code,
                override=node.maximum,
                override_reason="Chưa theo dõi báo cáo định kỳ trong chương trình năm đó; theo "
                "sổ văn bản đi, 4/4 báo cáo gửi đúng hạn.",
            )
        return None
    if kind == MethodKind.RATIO:
        numerator, denominator = _RATIOS.get(node.code, (10, 10))
        if year_offset == 0:
            numerator = min(denominator, numerator + denominator // 20)
        return Score(node.code, numerator=Decimal(numerator), denominator=Decimal(denominator))
    if kind == MethodKind.PENALTY:
        return None
    if kind == MethodKind.BONUS:
        return Score(node.code, value=Decimal("0.5")) if year_offset == 1 else None
    if kind == MethodKind.SURVEY:
        return Score(node.code, value=Decimal("3.25")) if year_offset == 1 else None
    share = _LAST_YEAR_SHORT.get(node.code, Decimal(1)) if year_offset == 1 else Decimal(1)
    return Score(node.code, value=_typed_score(node, share))


def fill_demo_scoring(store: Store, today: date, lead: str) -> None:
    criteria = shipped_criteria_sets()[0]
    plan = Document(
        "12/KH-UBND",
        date(today.year - 1, 1, 10),
        "UBND xã An Bình",
        f"Kế hoạch cải cách hành chính năm {today.year - 1}",
    )
    report = Document(
        "98/BC-UBND",
        date(today.year - 1, 12, 5),
        "UBND xã An Bình",
        f"Báo cáo kết quả thực hiện công tác cải cách hành chính năm {today.year - 1}",
    )
    last = start_assessment(store, today.year - 1, criteria)
    evidence_for = {"I": plan, "II": report, "III": report, "V": plan, "VII": report}
    for node in criteria.leaves():
        score = _score_for(node, 1)
        if score is None:
            continue
        field = criteria.field_of[node.code].code
        if node.code == "13":
            score = replace(
                score,
                explanation="Chưa có kiến nghị đơn giản hóa TTHC bằng văn bản gửi cấp trên.",
            )
        save_score(store, last, node, score)
        document = evidence_for.get(field)
        if document is not None and node.kind != MethodKind.SURVEY:
            saved = add_evidence(store, last, node.code, document, today)
            evidence_for[field] = saved  # the same document again: stored once, linked many
    last = lock_assessment(store, last, lead)
    appraisal = {
        "6": ("0", "Chưa có văn bản gắn kết quả CCHC với bình xét thi đua"),
        "25": ("2", "Công khai quyết toán chậm so với quy định"),
    }
    for code, (points, reason) in appraisal.items():
        node = criteria.by_code[code]
        save_score(
            store,
            last,
            node,
            Score(
                code,
                value=_score_for(node, 1).value,
                appraised_1=Decimal(points),  # type: ignore[union-attr]
                appraisal_1_note=reason,
            ),
        )
    scores = {}
    for node in criteria.leaves():
        score = _score_for(node, 1)
        if score is not None:
            scores[node.code] = score
    worst = lost_points(compute_sheet(criteria, scores))[0]
    field_code = criteria.field_of[worst.code].field_code
    create_remedial_task(
        store,
        last,
        worst,
        field_code,
        lead,
        date(today.year, 9, 30) if today.month < 9 else None,
        today,
    )

    # This year: begun, half the lines scored, two of them still without evidence.
    current = start_assessment(store, today.year, criteria)
    for i, node in enumerate(criteria.leaves()):
        if i % 2:
            continue
        score = _score_for(node, 0)
        if score is None:
            continue
        save_score(store, current, node, score)
        if i % 8 and node.kind != MethodKind.RATIO:
            add_evidence(store, current, node.code, evidence_for.get("I", plan), today)
