"""Scoring a sheet: each method, totals, bands, evidence, appraisal, years compared, lost points.

Plain Python: no Qt, no store. Sets are built in code with the dataclasses.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from cchc_desktop.core.criteria import (
    DEFAULT_BANDS,
    AutoSource,
    Band,
    CriteriaSet,
    Criterion,
    Method,
    MethodKind,
    RatioBand,
)
from cchc_desktop.core.lost_points import lost_points, remedial_task_content
from cchc_desktop.core.points import PointsError, format_percent
from cchc_desktop.core.score_comparison import (
    CodeLink,
    ComparisonRow,
    LinkKind,
    compare_fields,
    compare_totals,
    default_mapping,
    validate_mapping,
)
from cchc_desktop.core.scoring import (
    AutoFigure,
    Score,
    Sheet,
    compute_sheet,
    count_problem,
    parse_score_input,
    validate_score,
)

D = Decimal
PLAN = AutoSource.PLAN_TASKS_ON_TIME


# --- helpers ---------------------------------------------------------------------------------


def leaf(code: str, maximum: str | int, method: Method | None = None, title: str = "") -> Criterion:
    return Criterion(
        code=code,
        title=title or f"Tiêu chí {code}",
        maximum=D(str(maximum).replace(",", ".")),
        method=method if method is not None else Method(),
    )


def parent(code: str, maximum: str | int, *children: Criterion, title: str = "") -> Criterion:
    return Criterion(
        code=code,
        title=title or f"Lĩnh vực {code}",
        maximum=D(str(maximum).replace(",", ".")),
        children=children,
    )


def make_set(*fields: Criterion, bands: tuple[Band, ...] = DEFAULT_BANDS) -> CriteriaSet:
    return CriteriaSet("set", "family", 1, "Bộ tiêu chí thử", fields, bands=bands)


def one_line_set(line: Criterion) -> CriteriaSet:
    return make_set(parent("1", line.maximum, line))


def fixed(code: str = "1.1", maximum: str | int = 2) -> Criterion:
    return leaf(code, maximum, Method(MethodKind.FIXED))


def steps(code: str = "1.1") -> Criterion:
    return leaf(code, 1, Method(MethodKind.STEPS, steps=(D(0), D("0.5"), D(1))))


def ratio_line(code: str = "1.1", *bands: tuple[str, str]) -> Criterion:
    bands = bands or (("100", "2"), ("90", "1"), ("0", "0"))
    return leaf(
        code,
        max(D(p) for _, p in bands),
        Method(
            MethodKind.RATIO,
            bands=tuple(RatioBand(D(m), D(p)) for m, p in bands),
            numerator="Số hồ sơ giải quyết đúng hạn",
            denominator="Tổng số hồ sơ tiếp nhận",
        ),
    )


def auto_line(code: str = "1.1") -> Criterion:
    return leaf(
        code,
        2,
        Method(
            MethodKind.AUTO,
            bands=(RatioBand(D(100), D(2)), RatioBand(D(80), D(1)), RatioBand(D(0), D(0))),
            source=PLAN,
        ),
    )


def scores(**values: str | Score) -> dict[str, Score]:
    """``scores(a_1="7,5")`` → ``{"a.1": Score("a.1", Decimal("7.5"))}`` (``_`` for ``.``)."""
    result = {}
    for key, value in values.items():
        code = key.replace("_", ".")
        result[code] = (
            value if isinstance(value, Score) else Score(code, D(value.replace(",", ".")))
        )
    return result


def sheet_of(s: CriteriaSet, **values: str | Score) -> Sheet:
    return compute_sheet(s, scores(**values))


# --- fixed -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "expected"), [("2", D(2)), ("0", D(0)), ("2,0", D(2))])
def test_fixed_is_the_maximum_or_zero(typed: str, expected: Decimal) -> None:
    assert parse_score_input(fixed(), typed) == expected


@pytest.mark.parametrize("typed", ["1", "0,5", "1,99"])
def test_fixed_refuses_anything_else(typed: str) -> None:
    with pytest.raises(PointsError, match="đạt") as info:
        parse_score_input(fixed(), typed)
    assert "1.1" in str(info.value)
    assert "value" in validate_score(fixed(), Score("1.1", D(typed.replace(",", "."))))


def test_a_stored_fixed_score_the_rule_refuses_does_not_count() -> None:
    sheet = sheet_of(one_line_set(fixed()), **{"1_1": "1"})
    line = sheet.lines["1.1"]
    assert line.score is None
    assert line.problem
    assert sheet.problems() == [line]
    assert sheet.total == 0


# --- steps -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "expected"), [("0", "0"), ("0,5", "0.5"), ("1", "1")])
def test_steps_accept_the_listed_values(typed: str, expected: str) -> None:
    assert parse_score_input(steps(), typed) == D(expected)


@pytest.mark.parametrize("typed", ["0,25", "0,75", "0.1"])
def test_steps_refuse_others_listing_the_allowed_ones(typed: str) -> None:
    with pytest.raises(PointsError) as info:
        parse_score_input(steps(), typed)
    assert "0; 0,5; 1" in str(info.value)
    errors = validate_score(steps(), Score("1.1", D(typed.replace(",", "."))))
    assert "0; 0,5; 1" in errors["value"]


# --- ratio -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numerator", "denominator", "points"),
    [
        (10, 10, "2"),
        (250, 250, "2"),
        (9, 10, "1"),  # exactly 90%: the boundary is inclusive
        (27, 30, "1"),
        (99, 100, "1"),
        (8999, 10000, "0"),
        (89, 100, "0"),
        (0, 5, "0"),
    ],
)
def test_ratio_bands_from_the_officers_counts(
    numerator: int, denominator: int, points: str
) -> None:
    score = Score("1.1", numerator=D(numerator), denominator=D(denominator))
    assert validate_score(ratio_line(), score) == {}
    line = compute_sheet(one_line_set(ratio_line()), {"1.1": score}).lines["1.1"]
    assert line.score == D(points)
    assert line.computed == D(points)
    assert not line.problem


def test_ratio_bands_are_data() -> None:
    # Online dossiers: at least 40% gives 1 point, at least 20% half a point.
    line = ratio_line("1.1", ("40", "1"), ("20", "0.5"))
    s = one_line_set(line)
    for numerator, points in ((40, "1"), (39, "0.5"), (20, "0.5"), (19, "0")):
        score = Score("1.1", numerator=D(numerator), denominator=D(100))
        assert compute_sheet(s, {"1.1": score}).lines["1.1"].score == D(points), numerator


@pytest.mark.parametrize(
    ("numerator", "denominator", "words"),
    [
        (5, 0, "Mẫu số"),
        (0, 0, "Mẫu số"),
        (11, 10, "Tử số không được lớn hơn"),
        (-1, 10, "âm"),
        (1, -10, "âm"),
        (None, 10, "cả tử số và mẫu số"),
        (3, None, "cả tử số và mẫu số"),
    ],
)
def test_ratio_counts_that_make_no_sense_are_refused(
    numerator: int | None, denominator: int | None, words: str
) -> None:
    score = Score(
        "1.1",
        numerator=None if numerator is None else D(numerator),
        denominator=None if denominator is None else D(denominator),
    )
    errors = validate_score(ratio_line(), score)
    assert words in errors["numerator"]
    line = compute_sheet(one_line_set(ratio_line()), {"1.1": score}).lines["1.1"]
    assert line.score is None
    assert words in line.problem


def test_count_problem_accepts_two_empty_counts() -> None:
    assert count_problem(None, None) is None
    assert count_problem(D(3), D(4)) is None


def test_a_ratio_score_is_not_typed_directly() -> None:
    assert "value" in validate_score(ratio_line(), Score("1.1", D(2)))


def test_counts_on_a_line_that_is_not_a_ratio_are_refused() -> None:
    errors = validate_score(fixed(), Score("1.1", numerator=D(1), denominator=D(2)))
    assert "numerator" in errors


# --- bonus and penalty -----------------------------------------------------------------------


def bonus_penalty_set() -> CriteriaSet:
    return make_set(
        parent(
            "1",
            10,
            leaf("1.1", 6),
            leaf("1.2", 4),
            leaf("1.3", 2, Method(MethodKind.BONUS), title="Điểm thưởng sáng kiến"),
            leaf("1.4", 3, Method(MethodKind.PENALTY), title="Điểm trừ chậm báo cáo"),
        ),
        parent("2", 5, leaf("2.1", 5)),
    )


def test_bonus_adds_and_penalty_subtracts_outside_the_parents_sum() -> None:
    sheet = sheet_of(bonus_penalty_set(), **{"1_1": "5", "1_2": "4", "1_3": "1,5", "1_4": "2"})
    assert sheet.lines["1"].score == D(9)  # 5 + 4: bonus and penalty apart
    assert sheet.regular == D(9)
    assert sheet.bonus == D("1.5")
    assert sheet.penalty == D(2)
    assert sheet.total == D("8.5")
    assert sheet.maximum == D(15)


@pytest.mark.parametrize(
    ("code", "typed", "words"), [("1.3", "2,5", "thưởng"), ("1.4", "4", "trừ")]
)
def test_bonus_and_penalty_have_their_own_caps(code: str, typed: str, words: str) -> None:
    node = bonus_penalty_set().by_code[code]
    with pytest.raises(PointsError, match=words):
        parse_score_input(node, typed)
    assert parse_score_input(node, "1") == D(1)


def test_a_penalty_is_typed_as_a_positive_number() -> None:
    node = bonus_penalty_set().by_code["1.4"]
    with pytest.raises(PointsError, match="số dương"):
        parse_score_input(node, "-1")


# --- survey ----------------------------------------------------------------------------------


def survey_set() -> CriteriaSet:
    return make_set(
        parent(
            "1",
            10,
            leaf("1.1", 6),
            leaf("1.2", 4, Method(MethodKind.SURVEY), title="Mức độ hài lòng"),
        )
    )


def test_survey_points_come_later_and_are_not_the_communes_gap() -> None:
    sheet = sheet_of(survey_set(), **{"1_1": "5"})
    assert sheet.unscored() == []
    assert sheet.survey_pending == D(4)
    assert sheet.total == D(5)


def test_survey_points_once_entered_count() -> None:
    sheet = sheet_of(survey_set(), **{"1_1": "5", "1_2": "3,25"})
    assert sheet.survey_pending == 0
    assert sheet.total == D("8.25")
    assert sheet.lines["1"].score == D("8.25")


def test_a_self_assessed_line_without_a_score_is_unscored() -> None:
    sheet = sheet_of(survey_set(), **{"1_2": "3"})
    assert [line.node.code for line in sheet.unscored()] == ["1.1"]


# --- automatic -------------------------------------------------------------------------------


@pytest.mark.parametrize(("done", "total", "points"), [(15, 15, 2), (12, 15, 1), (11, 15, 0)])
def test_automatic_lines_use_the_communes_figures(done: int, total: int, points: int) -> None:
    figure = AutoFigure(PLAN, done, total)
    sheet = compute_sheet(one_line_set(auto_line()), {}, figures={PLAN: figure})
    line = sheet.lines["1.1"]
    assert line.score == D(points)
    assert line.computed == D(points)
    assert line.figure == figure


def test_an_automatic_line_without_figures_has_no_score() -> None:
    sheet = compute_sheet(one_line_set(auto_line()), {}, figures={PLAN: AutoFigure(PLAN, 0, 0)})
    assert sheet.lines["1.1"].score is None


def test_figure_text() -> None:
    assert AutoFigure(PLAN, 12, 15).text() == (
        "12/15 nhiệm vụ của kế hoạch CCHC năm hoàn thành đúng hạn, tỷ lệ 80,0%"
    )


def test_an_override_needs_a_written_reason() -> None:
    node = auto_line()
    assert "override_reason" in validate_score(node, Score("1.1", override=D(2)))
    assert "override_reason" in validate_score(
        node, Score("1.1", override=D(2), override_reason="   ")
    )
    reason = "Hai nhiệm vụ được UBND tỉnh cho lùi hạn"
    assert validate_score(node, Score("1.1", override=D(2), override_reason=reason)) == {}


def test_an_override_is_checked_like_a_score() -> None:
    node = auto_line()
    errors = validate_score(node, Score("1.1", override=D(3), override_reason="Lý do"))
    assert "override" in errors
    errors = validate_score(fixed(), Score("1.1", D(2), override=D(2), override_reason="Lý do"))
    assert "override" in errors


def test_an_override_with_its_reason_replaces_the_computed_score() -> None:
    score = Score("1.1", override=D(2), override_reason="Hai nhiệm vụ được lùi hạn")
    sheet = compute_sheet(
        one_line_set(auto_line()), {"1.1": score}, figures={PLAN: AutoFigure(PLAN, 12, 15)}
    )
    line = sheet.lines["1.1"]
    assert line.score == D(2)
    assert line.computed == D(1)
    assert sheet.total == D(2)


def test_a_stored_override_above_the_maximum_does_not_count() -> None:
    # Every other kind of line: a stored value the rule refuses is a problem, not points.
    score = Score("1.1", override=D(50), override_reason="Nhập nhầm")
    sheet = compute_sheet(
        one_line_set(auto_line()), {"1.1": score}, figures={PLAN: AutoFigure(PLAN, 12, 15)}
    )
    assert sheet.total <= sheet.maximum
    assert sheet.lines["1.1"].problem


def test_a_typed_value_on_an_automatic_line_is_refused() -> None:
    assert "value" in validate_score(auto_line(), Score("1.1", D(1)))


# --- typing a score --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("7,5", "7.5"), ("7.5", "7.5"), ("8", "8"), ("0", "0"), ("0,25", "0.25"), ("", None)],
)
def test_a_score_is_typed_with_a_comma_or_a_dot(typed: str, expected: str | None) -> None:
    value = parse_score_input(leaf("1.1", 8), typed)
    assert value == (None if expected is None else D(expected))


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("8,5", "vượt điểm tối đa 8"),
        ("-1", "âm"),
        ("7,555", "hai chữ số"),
        ("bảy", "không phải là số điểm"),
        ("7,5đ", "không phải là số điểm"),
    ],
)
def test_a_score_the_line_cannot_take_is_refused(typed: str, words: str) -> None:
    with pytest.raises(PointsError, match=words):
        parse_score_input(leaf("1.1", 8), typed)


def test_seed_001_typo_over_a_maximum_of_24_is_refused_with_the_reason() -> None:
    with pytest.raises(PointsError) as info:
        parse_score_input(leaf("3", 24), "18/15")
    assert "24" in str(info.value)
    assert "15" in str(info.value)


def test_seed_001_typo_over_a_maximum_of_15_is_refused_with_the_reason() -> None:
    with pytest.raises(PointsError, match="vượt") as info:
        parse_score_input(leaf("3", 15), "18/15")
    assert "18" in str(info.value)
    assert "15" in str(info.value)


@pytest.mark.parametrize(
    ("maximum", "typed", "expected"),
    [(16, "13/16", "13"), (8, "7.82/8", "7.82"), (14, "11,5/14", "11.5"), (16, "13 / 16", "13")],
)
def test_score_over_maximum_as_reports_write_it(maximum: int, typed: str, expected: str) -> None:
    assert parse_score_input(leaf("1", maximum), typed) == D(expected)


def test_score_over_another_maximum_is_refused() -> None:
    with pytest.raises(PointsError, match="không phải 16"):
        parse_score_input(leaf("1", 13), "13/16")


# --- the sheet -------------------------------------------------------------------------------


def two_field_set() -> CriteriaSet:
    return make_set(
        parent(
            "1", 10, leaf("1.1", 6), parent("1.2", 4, leaf("1.2.1", "2,5"), leaf("1.2.2", "1,5"))
        ),
        parent("2", 5, leaf("2.1", 2), leaf("2.2", 3)),
    )


def test_field_and_overall_totals() -> None:
    sheet = sheet_of(
        two_field_set(), **{"1_1": "5,5", "1_2_1": "2", "1_2_2": "0,75", "2_1": "2", "2_2": "1"}
    )
    assert sheet.lines["1.2"].score == D("2.75")
    assert sheet.lines["1"].score == D("8.25")
    assert sheet.lines["2"].score == D(3)
    assert [line.score for line in sheet.field_lines()] == [D("8.25"), D(3)]
    assert sheet.total == D("11.25")
    assert sheet.maximum == D(15)
    assert sheet.percent == D(75)
    assert sheet.band is not None and sheet.band.name == "Khá"


def test_a_parent_without_any_scored_child_has_no_score() -> None:
    sheet = sheet_of(two_field_set(), **{"2_1": "1"})
    assert sheet.lines["1"].score is None
    assert sheet.lines["2"].score == D(1)


def ninety_nine_point_set(bands: tuple[Band, ...] = DEFAULT_BANDS) -> CriteriaSet:
    return make_set(parent("1", 50, leaf("1.1", 50)), parent("2", 49, leaf("2.1", 49)), bands=bands)


def test_percentage_is_of_the_sets_own_total_never_scaled_to_100() -> None:
    sheet = sheet_of(ninety_nine_point_set(), **{"1_1": "40", "2_1": "39,5"})
    assert sheet.total == D("79.5")
    assert sheet.maximum == D(99)
    assert sheet.percent is not None
    assert D("80.30") < sheet.percent < D("80.31")
    assert sheet.band is not None and sheet.band.name == "Tốt"
    assert sheet.summary() == "Tổng điểm 79,5/99 — 80,3% — Tốt"


@pytest.mark.parametrize(
    ("first", "second", "name"),
    [
        ("50", "49", "Xuất sắc"),
        ("45", "44,1", "Xuất sắc"),  # 89,1/99 = 90% exactly
        ("45", "44,09", "Tốt"),  # 89,09/99 < 90%
        ("40", "39,2", "Tốt"),  # 79,2/99 = 80% exactly
        ("40", "39,19", "Khá"),
        ("35", "34,3", "Khá"),  # 69,3/99 = 70% exactly
        ("25", "24,5", "Trung bình"),  # 49,5/99 = 50% exactly
        ("25", "24,49", "Yếu"),
    ],
)
def test_band_boundaries_on_a_set_of_99(first: str, second: str, name: str) -> None:
    sheet = sheet_of(ninety_nine_point_set(), **{"1_1": first, "2_1": second})
    assert sheet.band is not None
    assert sheet.band.name == name


@pytest.mark.parametrize(
    ("first", "second", "name"),
    [("50", "40", "Xuất sắc"), ("45", "44,99", "Tốt"), ("40", "30", "Khá"), ("25", "24,99", "Yếu")],
)
def test_default_band_boundaries_on_a_set_of_100(first: str, second: str, name: str) -> None:
    s = make_set(parent("1", 50, leaf("1.1", 50)), parent("2", 50, leaf("2.1", 50)))
    sheet = sheet_of(s, **{"1_1": first, "2_1": second})
    assert sheet.band is not None and sheet.band.name == name


def test_a_set_with_its_own_bands_is_ranked_by_them() -> None:
    own = (
        Band("Hoàn thành xuất sắc", D(85)),
        Band("Hoàn thành tốt", D(65)),
        Band("Không hoàn thành", D(0)),
    )
    s = make_set(parent("1", 50, leaf("1.1", 50)), parent("2", 50, leaf("2.1", 50)), bands=own)
    assert sheet_of(s, **{"1_1": "45", "2_1": "40"}).band.name == "Hoàn thành xuất sắc"  # type: ignore[union-attr]
    assert sheet_of(s, **{"1_1": "45", "2_1": "39,99"}).band.name == "Hoàn thành tốt"  # type: ignore[union-attr]
    assert sheet_of(s, **{"1_1": "30", "2_1": "20"}).band.name == "Không hoàn thành"  # type: ignore[union-attr]


def test_lines_scored_without_evidence_or_explanation_are_flagged() -> None:
    s = make_set(
        parent(
            "1",
            12,
            leaf("1.1", 2),  # scored, nothing behind it → flagged
            leaf("1.2", 2),  # scored with an evidence document
            leaf("1.3", 2),  # scored with an explanation
            leaf("1.4", 2),  # scored, explanation only blanks → flagged
            leaf("1.5", 2),  # zero needs nothing
            leaf("1.6", 2),  # not scored
        )
    )
    entered = {
        "1.1": Score("1.1", D(2)),
        "1.2": Score("1.2", D("1.5")),
        "1.3": Score("1.3", D(1), explanation="Đã ban hành kế hoạch, chưa có văn bản số hóa"),
        "1.4": Score("1.4", D(1), explanation="   "),
        "1.5": Score("1.5", D(0)),
    }
    sheet = compute_sheet(s, entered, evidence={"1.2": 1, "1.5": 0})
    assert [line.node.code for line in sheet.without_evidence()] == ["1.1", "1.4"]


def appraisal_set() -> CriteriaSet:
    return make_set(
        parent("1", 10, leaf("1.1", 6), leaf("1.2", 4)),
        parent("2", 5, leaf("2.1", 2), leaf("2.2", 3), leaf("2.3", 2, Method(MethodKind.PENALTY))),
    )


def test_without_appraisal_the_final_total_is_the_self_score() -> None:
    sheet = sheet_of(appraisal_set(), **{"1_1": "5", "1_2": "4", "2_1": "2", "2_2": "3"})
    assert sheet.appraised_1 is None and sheet.appraised_2 is None
    assert sheet.final_total == sheet.total == D(14)
    assert sheet.lines["1.1"].difference is None


def test_appraisal_rounds_count_lines_not_entered_at_the_previous_score() -> None:
    entered = {
        "1.1": Score("1.1", D(5), appraised_1=D(4)),
        "1.2": Score("1.2", D(4), appraised_2=D(3)),
        "2.1": Score("2.1", D(2), appraised_1=D("1.5"), appraised_2=D(2)),
        "2.2": Score("2.2", D(3)),
        "2.3": Score("2.3", D(1), appraised_1=D(2)),  # the superior doubles the penalty
    }
    sheet = compute_sheet(appraisal_set(), entered)
    assert sheet.total == D(13)  # 5 + 4 + 2 + 3 - 1
    # Round 1: 4 + 4 (self) + 1,5 + 3 (self) - 2.
    assert sheet.appraised_1 == D("10.5")
    # Round 2: 4 (round 1) + 3 + 2 + 3 (self) - 2 (round 1).
    assert sheet.appraised_2 == D(10)
    assert sheet.final_total == D(10)
    assert sheet.lines["1"].appraised_1 == D(8)
    assert sheet.lines["1"].appraised_2 == D(7)
    assert sheet.lines["2"].appraised_1 == D("4.5")  # the penalty is outside the field
    assert sheet.lines["1.1"].difference == D(-1)
    assert sheet.lines["1.2"].difference == D(-1)
    assert sheet.lines["2.1"].difference == D(0)
    assert sheet.lines["2.2"].difference == D(0)
    assert sheet.lines["1.2"].final == D(3)
    assert sheet.lines["1.1"].final == D(4)
    assert sheet.final_percent is not None
    assert format_percent(sheet.final_percent) == "66,7%"


def test_round_one_alone_is_the_final_total() -> None:
    entered = {
        "1.1": Score("1.1", D(6), appraised_1=D("5.5")),
        "1.2": Score("1.2", D(4)),
    }
    sheet = compute_sheet(appraisal_set(), entered)
    assert sheet.appraised_1 == D("9.5")
    assert sheet.appraised_2 is None
    assert sheet.final_total == D("9.5")
    assert sheet.total == D(10)


@pytest.mark.parametrize("attribute", ["appraised_1", "appraised_2"])
def test_an_appraised_score_stays_within_the_maximum(attribute: str) -> None:
    errors = validate_score(leaf("1.1", 2), Score("1.1", D(1), **{attribute: D(3)}))  # type: ignore[arg-type]
    assert attribute in errors


# --- decimal exactness -----------------------------------------------------------------------


def test_a_tenth_and_two_tenths_are_three_tenths() -> None:
    s = make_set(parent("1", "0,5", leaf("1.1", "0,2"), leaf("1.2", "0,3")))
    sheet = sheet_of(s, **{"1_1": "0,1", "1_2": "0,2"})
    assert sheet.lines["1"].score == D("0.3")
    assert sheet.total == D("0.3")
    assert str(sheet.total) == "0.3"


def test_many_quarter_points_add_up_exactly() -> None:
    s = make_set(parent("1", 10, *(leaf(f"1.{i}", "0,25") for i in range(1, 41))))
    sheet = sheet_of(s, **{f"1_{i}": "0,25" for i in range(1, 41)})
    assert sheet.total == D(10)
    assert sheet.percent == D(100)
    assert sheet.band is not None and sheet.band.name == "Xuất sắc"
    assert lost_points(sheet) == []


# --- year on year ----------------------------------------------------------------------------

TITLES = (
    "Công tác chỉ đạo, điều hành CCHC",
    "Xây dựng và tổ chức thực hiện văn bản QPPL",
    "Cải cách thủ tục hành chính",
    "Cải cách tổ chức bộ máy",
    "Cải cách chế độ công vụ",
    "Thực hiện cải cách tài chính công",
    "Chính quyền điện tử, chính quyền số",
)
MAXIMA_2020 = ("16", "12", "24", "8", "15", "7", "17")
MAXIMA_2021 = ("16", "13", "24", "8", "17", "7", "14")
SCORES_2020 = ("14", "12", "18", "7.82", "9.5", "2.74", "10.5")
SCORES_2021 = ("13", "13", "16", "8", "11", "7", "11.5")


def year_set(maxima: tuple[str, ...], titles: tuple[str, ...] = TITLES) -> CriteriaSet:
    """Seven fields, each with two criteria: ``n.1`` (maximum − 1) and ``n.2`` (1 point)."""
    fields = []
    for i, (maximum, title) in enumerate(zip(maxima, titles, strict=True), start=1):
        m = D(maximum)
        fields.append(
            parent(str(i), maximum, leaf(f"{i}.1", str(m - 1)), leaf(f"{i}.2", "1"), title=title)
        )
    return make_set(*fields)


def year_sheet(s: CriteriaSet, field_scores: tuple[str, ...]) -> Sheet:
    entered = {}
    for i, value in enumerate(field_scores, start=1):
        total = D(value)
        second = min(total, D(1))
        entered[f"{i}.1"] = Score(f"{i}.1", total - second)
        entered[f"{i}.2"] = Score(f"{i}.2", second)
    sheet = compute_sheet(s, entered)
    assert sheet.problems() == []
    return sheet


def seed_sheets() -> tuple[Sheet, Sheet]:
    return (
        year_sheet(year_set(MAXIMA_2020), SCORES_2020),
        year_sheet(year_set(MAXIMA_2021), SCORES_2021),
    )


def test_seed_001_year_on_year_table() -> None:
    old, new = seed_sheets()
    rows = compare_fields(old, new)
    assert [r.code for r in rows] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [(r.old_score, r.old_maximum) for r in rows] == [
        (D(s), D(m)) for s, m in zip(SCORES_2020, MAXIMA_2020, strict=True)
    ]
    assert [(r.new_score, r.new_maximum) for r in rows] == [
        (D(s), D(m)) for s, m in zip(SCORES_2021, MAXIMA_2021, strict=True)
    ]
    assert [r.change_text() for r in rows] == [
        "Giảm 1 điểm",
        "Đạt tối đa",
        "Giảm 2 điểm",
        "Tăng 0,18 điểm",
        "Tăng 1,5 điểm",
        "Tăng 4,26 điểm",
        "Tăng 1 điểm",
    ]


def test_seed_001_totals() -> None:
    old, new = seed_sheets()
    assert old.total == D("74.56")
    assert new.total == D("79.5")
    assert old.maximum == new.maximum == D(99)
    total = compare_totals(old, new)
    assert total.old_score == D("74.56")
    assert total.new_score == D("79.5")
    assert total.change == D("4.94")
    assert total.change_text() == "Tăng 4,94 điểm"


def test_default_mapping_links_by_code_and_title() -> None:
    old = make_set(
        parent("1", 3, leaf("1.1", 3), title="Chỉ đạo, điều hành"),
        parent("2", 2, leaf("2.1", 2), title="Hiện đại hóa hành chính"),
        parent("3", 1, leaf("3.1", 1), title="Tác động"),
    )
    new = make_set(
        parent("1", 3, leaf("1.1", 3), title="CHỈ ĐẠO, ĐIỀU HÀNH"),
        parent("2", 2, leaf("2.1", 2), title="Chính quyền điện tử, chính quyền số"),
        parent("4", 1, leaf("4.1", 1), title="Chuyển đổi số"),
    )
    links = default_mapping(old, new)
    assert set(links) == {
        CodeLink(LinkKind.SAME, ("1",), ("1",)),
        CodeLink(LinkKind.SAME, ("1.1",), ("1.1",)),
        CodeLink(LinkKind.RENAMED, ("2",), ("2",)),
        CodeLink(LinkKind.SAME, ("2.1",), ("2.1",)),
        CodeLink(LinkKind.NEW, (), ("4",)),
        CodeLink(LinkKind.NEW, (), ("4.1",)),
        CodeLink(LinkKind.REMOVED, ("3",), ()),
        CodeLink(LinkKind.REMOVED, ("3.1",), ()),
    }
    assert validate_mapping(links, old, new) == []


def linked_years() -> tuple[Sheet, Sheet]:
    """Last year 1..5, this year A..E (every code changed) so only the links join them."""
    old = make_set(
        parent("1", 10, leaf("1.1", 10), title="Chỉ đạo, điều hành"),
        parent("2", 10, leaf("2.1", 10), title="Hiện đại hóa hành chính"),
        parent("3", 10, leaf("3.1", 10), title="Cải cách TTHC và tổ chức bộ máy"),
        parent("4", 5, leaf("4.1", 5), title="Cải cách chế độ công vụ"),
        parent("5", 5, leaf("5.1", 5), title="Cải cách tài chính công"),
        parent("6", 4, leaf("6.1", 4), title="Tác động"),
    )
    new = make_set(
        parent("A", 10, leaf("A.1", 10), title="Chỉ đạo, điều hành"),
        parent("B", 10, leaf("B.1", 10), title="Chính quyền số"),
        parent("C", 6, leaf("C.1", 6), title="Cải cách TTHC"),
        parent("D", 4, leaf("D.1", 4), title="Cải cách tổ chức bộ máy"),
        parent("E", 12, leaf("E.1", 12), title="Công vụ và tài chính công"),
        parent("F", 3, leaf("F.1", 3), title="Sự hài lòng"),
    )
    old_sheet = sheet_of(
        old, **{"1_1": "8", "2_1": "7,5", "3_1": "9", "4_1": "3", "5_1": "4,25", "6_1": "2"}
    )
    new_sheet = sheet_of(
        new, **{"A_1": "9", "B_1": "8", "C_1": "5", "D_1": "4", "E_1": "9", "F_1": "2,5"}
    )
    return old_sheet, new_sheet


LINKS = [
    CodeLink(LinkKind.SAME, ("1",), ("A",)),
    CodeLink(LinkKind.RENAMED, ("2",), ("B",)),
    CodeLink(LinkKind.SPLIT, ("3",), ("C", "D")),
    CodeLink(LinkKind.MERGED, ("4", "5"), ("E",)),
    CodeLink(LinkKind.NEW, (), ("F",)),
    CodeLink(LinkKind.REMOVED, ("6",), ()),
]


def test_links_drive_the_comparison() -> None:
    old, new = linked_years()
    assert validate_mapping(LINKS, old.criteria, new.criteria) == []
    rows = {r.code: r for r in compare_fields(old, new, LINKS)}
    assert set(rows) == {"A", "B", "C", "D", "E", "F"}  # a removed field has no row
    assert rows["A"].change_text() == "Tăng 1 điểm"
    # Renamed: last year's score under its old code.
    assert (rows["B"].old_score, rows["B"].old_maximum) == (D("7.5"), D(10))
    assert rows["B"].change_text() == "Tăng 0,5 điểm"
    # Merged: the old fields are summed.
    assert (rows["E"].old_score, rows["E"].old_maximum) == (D("7.25"), D(10))
    assert rows["E"].change == D("1.75")
    assert rows["E"].change_text() == "Tăng 1,75 điểm"
    # New: nothing to compare with.
    assert rows["F"].old_score is None
    assert rows["F"].change is None
    assert rows["F"].change_text() == "Lĩnh vực mới"


@pytest.mark.parametrize("code", ["C", "D"])
def test_a_split_field_cannot_be_compared_and_says_so(code: str) -> None:
    old, new = linked_years()
    row = {r.code: r for r in compare_fields(old, new, LINKS)}[code]
    assert row.old_score is None
    assert row.change is None
    assert row.change_text() == "Tách từ lĩnh vực năm trước"


def test_without_last_years_sheet_every_row_says_so() -> None:
    _, new = seed_sheets()
    rows = compare_fields(None, new)
    assert {r.change_text() for r in rows} == {"Chưa có bảng điểm năm trước"}
    assert compare_totals(None, new).change_text() == "Chưa có bảng điểm năm trước"


@pytest.mark.parametrize(
    ("old", "old_max", "new", "new_max", "text"),
    [
        ("12", "12", "13", "13", "Đạt tối đa"),
        ("7.82", "8", "8", "8", "Tăng 0,18 điểm"),
        ("8", "8", "7.5", "8", "Giảm 0,5 điểm"),
        ("5", "8", "5", "8", "Không đổi"),
        ("5", "10", "5", "8", "Không đổi"),
    ],
)
def test_change_text(old: str, old_max: str, new: str, new_max: str, text: str) -> None:
    row = ComparisonRow("1", "Lĩnh vực", D(old), D(old_max), D(new), D(new_max))
    assert row.change_text() == text


def test_change_of_the_share_reached() -> None:
    row = ComparisonRow("3", "Cải cách TTHC", D(18), D(24), D(16), D(24))
    assert row.old_percent == D(75)
    assert row.percent_change is not None
    assert D("-8.34") < row.percent_change < D("-8.33")


@pytest.mark.parametrize(
    "link",
    [
        CodeLink(LinkKind.SAME, ("1", "2"), ("A",)),
        CodeLink(LinkKind.RENAMED, ("2",), ()),
        CodeLink(LinkKind.NEW, ("6",), ("F",)),
        CodeLink(LinkKind.REMOVED, ("6",), ("F",)),
        CodeLink(LinkKind.SPLIT, ("3",), ("C",)),
        CodeLink(LinkKind.SPLIT, ("3", "4"), ("C", "D")),
        CodeLink(LinkKind.MERGED, ("4",), ("E",)),
        CodeLink(LinkKind.MERGED, ("4", "5"), ("D", "E")),
    ],
)
def test_malformed_links_are_refused(link: CodeLink) -> None:
    old, new = linked_years()
    assert validate_mapping([link], old.criteria, new.criteria) != []


def test_unknown_codes_are_refused_by_name() -> None:
    old, new = linked_years()
    problems = validate_mapping(
        [CodeLink(LinkKind.SAME, ("9",), ("A",)), CodeLink(LinkKind.SAME, ("1",), ("Z",))],
        old.criteria,
        new.criteria,
    )
    assert len(problems) == 2
    assert "9" in problems[0] and "năm trước" in problems[0]
    assert "Z" in problems[1] and "năm nay" in problems[1]


# --- lost points -----------------------------------------------------------------------------


def lost_set() -> CriteriaSet:
    return make_set(
        parent(
            "1",
            10,
            leaf("1.1", 5, title="Ban hành kế hoạch CCHC năm"),
            leaf("1.2", 3),
            leaf("1.3", 2),
            leaf("1.4", 2, Method(MethodKind.BONUS)),
            leaf("1.5", 2, Method(MethodKind.PENALTY)),
        ),
        parent(
            "2",
            10,
            leaf("2.1", 4),
            leaf("2.2", 2),
            leaf("2.3", 2, Method(MethodKind.SURVEY)),
            leaf("2.4", 2),
        ),
    )


def test_lost_points_most_first_without_bonus_penalty_or_unscored_lines() -> None:
    entered = {
        "1.1": Score("1.1", D(2)),  # lost 3
        "1.2": Score("1.2", D(3)),  # at the maximum
        "1.3": Score("1.3", D(2), appraised_1=D("0.5")),  # appraised: lost 1,5
        "1.4": Score("1.4", D(0)),  # bonus: never a loss
        "1.5": Score("1.5", D(1)),  # penalty: never a loss
        "2.1": Score("2.1", D(1)),  # lost 3, after 1.1 in the set's order
        "2.4": Score("2.4", D("1.75")),  # lost 0,25
        # 2.2 unscored, 2.3 survey not come yet
    }
    items = lost_points(compute_sheet(lost_set(), entered))
    assert [(item.code, item.lost) for item in items] == [
        ("1.1", D(3)),
        ("2.1", D(3)),
        ("1.3", D("1.5")),
        ("2.4", D("0.25")),
    ]


def test_remedial_task_content_names_the_line_year_and_loss() -> None:
    entered = {"1.1": Score("1.1", D("2.5")), "1.2": Score("1.2", D(3))}
    item = lost_points(compute_sheet(lost_set(), entered))[0]
    text = remedial_task_content(item, 2025)
    assert "1.1" in text
    assert "Ban hành kế hoạch CCHC năm" in text
    assert "2025" in text
    assert "2,5/5" in text
    assert "mất 2,5 điểm" in text
    assert "2.5" not in text


def test_a_section_of_bonus_and_penalty_lines_counts_outside_the_total() -> None:
    """Provinces often print «II. ĐIỂM THƯỞNG, ĐIỂM TRỪ» as a section of its own."""
    from cchc_desktop.core.criteria import validate_criteria_set

    bonus = Criterion("2", "Sáng kiến", Decimal(2), method=Method(MethodKind.BONUS))
    penalty = Criterion("3", "Vi phạm kỷ luật", Decimal(1), method=Method(MethodKind.PENALTY))
    criteria = CriteriaSet(
        "u",
        "f",
        1,
        "Bộ có phần điểm thưởng",
        fields=(
            Criterion(
                "I",
                "Chỉ đạo",
                Decimal(2),
                children=(Criterion("1", "Kế hoạch", Decimal(2), method=Method()),),
            ),
            Criterion("II", "Điểm thưởng, điểm trừ", Decimal(3), children=(bonus, penalty)),
        ),
    )
    assert validate_criteria_set(criteria) == {}
    assert criteria.total == Decimal(2)
    wrong_cap = CriteriaSet(
        "u",
        "f",
        1,
        "Sai",
        fields=(criteria.fields[0], replace(criteria.fields[1], maximum=Decimal(2))),
    )
    assert "node:II" in validate_criteria_set(wrong_cap)
    sheet = compute_sheet(
        criteria,
        {
            "1": Score("1", value=Decimal(2)),
            "2": Score("2", value=Decimal(1)),
            "3": Score("3", value=Decimal("0.5")),
        },
    )
    assert sheet.total == Decimal("2.5")
    assert sheet.lines["II"].score == Decimal("0.5")
    assert lost_points(sheet) == []
