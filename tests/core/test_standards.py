"""Standard sets as data, and checking officials against them: reasons, training, ratios."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from cchc_desktop.core.staff import Birth, Official, Training, load_staff_lists
from cchc_desktop.core.standard_checks import (
    Evaluation,
    Outcome,
    deadline_text,
    evaluate,
    evaluate_on,
    gap_text,
)
from cchc_desktop.core.standard_ratios import Ratio, overall_ratio, ratios_by
from cchc_desktop.core.standards import (
    AGE,
    FIELD,
    POSITION,
    REQUIREMENT_ATTRIBUTES,
    Position,
    Requirement,
    StandardSet,
    latest_versions,
    parse_standard_set,
    shipped_standard_sets,
    standard_in_force,
    standard_set_json,
    validate_standard_set,
    with_position_requirement,
)

ON = date(2026, 11, 22)
LISTS = load_staff_lists()
SETS = shipped_standard_sets()
ND33 = next(s for s in SETS if s.family == "nd33-2023")
VTVL = next(s for s in SETS if s.family == "vtvl-2025")


def tu_phap(**values: object) -> Official:
    """A Tư pháp – hộ tịch civil servant (ND33) who meets every requirement."""
    base = Official(
        full_name="Phan Thị Hồng",
        category="cong_chuc",
        birth=Birth.of(date(1990, 5, 17)),
        standard_family="nd33-2023",
        position="tp_ht",
        general_education="thpt",
        professional="trung_cap",
        field_of_study="Luật",
        it="co_ban",
    )
    return replace(base, **values)  # type: ignore[arg-type]


def van_phong(**values: object) -> Official:
    """A Văn phòng – thống kê civil servant (ND33, needs đại học) who meets every requirement."""
    defaults: dict[str, object] = {
        "position": "vp_tk",
        "professional": "dai_hoc",
        "field_of_study": "Hành chính",
    }
    return tu_phap(**{**defaults, **values})


def check(e: Evaluation, attribute: str):  # type: ignore[no-untyped-def]
    found = [c for c in e.checks if c.attribute == attribute]
    assert len(found) == 1, [c.attribute for c in e.checks]
    return found[0]


# --- the shipped sets -----------------------------------------------------------------------


def test_shipped_sets_parse_and_validate() -> None:
    assert {s.family for s in SETS} == {"nd33-2023", "vtvl-2025"}
    for s in SETS:
        assert validate_standard_set(s, LISTS) == {}, s.family
        assert s.shipped and s.version == 1 and s.uuid
        assert s.positions and s.name
        codes = [p.code for p in s.positions]
        assert len(codes) == len(set(codes))
        # every position is of a standardised category, so its officials are counted
        assert all(LISTS.is_standardised(p.category) for p in s.positions)


def test_shipped_sets_carry_legal_basis_and_deadline() -> None:
    assert "33/2023/NĐ-CP" in ND33.legal_basis
    assert ND33.effective_from == date(2023, 8, 1)
    assert ND33.deadline == date(2028, 8, 1) and ND33.deadline_label
    assert "80/2025/QH15" in VTVL.legal_basis
    assert VTVL.effective_from == date(2025, 7, 1)
    assert VTVL.deadline == date(2027, 7, 1) and VTVL.deadline_label


def test_nd33_has_the_titles_of_the_decree() -> None:
    names = {p.name for p in ND33.positions}
    for title in (
        "Chủ tịch Ủy ban nhân dân",
        "Văn phòng – thống kê",
        "Tài chính – kế toán",
        "Tư pháp – hộ tịch",
        "Văn hóa – xã hội",
        "Chỉ huy trưởng Ban Chỉ huy quân sự",
    ):
        assert title in names


def test_validation_names_each_problem() -> None:
    broken = replace(
        ND33,
        name=" ",
        positions=(
            Position("a", "A", "cong_chuc", requirements=(Requirement("professional", "tot"),)),
            Position("a", "", "vien_chuc", department="phong_x"),
            Position(
                "b",
                "B",
                "cong_chuc",
                requirements=(Requirement(AGE, min_age=40, max_age=30), Requirement("x", "y")),
            ),
        ),
        common=(Requirement("it", "sieu"),),
    )
    errors = validate_standard_set(broken, LISTS)
    assert set(errors) == {
        "name",
        "position:a",
        "position:a:professional",
        "position:a:name",
        "position:a:category",
        "position:a:department",
        "position:b:age",
        "position:b:x",
        "common:it",
    }
    assert errors["position:a:professional"] == (
        "A: mức «tot» không có trong danh sách trình độ chuyên môn."
    )
    assert errors["position:b:age"] == "B: tuổi tối thiểu 40 lớn hơn tuổi tối đa 30."


# --- reading and writing sets ---------------------------------------------------------------


@pytest.mark.parametrize("family", ["nd33-2023", "vtvl-2025"])
def test_set_json_round_trips(family: str) -> None:
    s = next(x for x in SETS if x.family == family)
    text = json.dumps(standard_set_json(s), ensure_ascii=False)
    assert parse_standard_set(json.loads(text), shipped=True) == s


def test_custom_set_round_trips_with_age_bounds_notes_and_no_deadline() -> None:
    custom = StandardSet(
        family="tinh-x-2026",
        name="Tiêu chuẩn của tỉnh",
        legal_basis="Quyết định 12/2026/QĐ-UBND",
        effective_from=date(2026, 1, 1),
        positions=(
            Position(
                "cv",
                "Chuyên viên",
                "cong_chuc",
                department="phong_kinh_te",
                requirements=(
                    Requirement("professional", "cao_dang", note="vùng khó khăn"),
                    Requirement(FIELD, accepted=("Kế toán", "Kinh tế")),
                    Requirement(AGE, max_age=55),
                ),
                note="thí điểm",
            ),
        ),
        common=(Requirement(AGE, min_age=18, max_age=60, categories=("cong_chuc",)),),
        uuid="u-1",
        version=3,
        change_note="Sửa theo Quyết định 12",
    )
    assert parse_standard_set(json.loads(json.dumps(standard_set_json(custom)))) == custom


def test_with_position_requirement_replaces_adds_and_removes() -> None:
    stricter = with_position_requirement(
        ND33, "tp_ht", Requirement("professional", "dai_hoc"), "professional"
    )
    position = stricter.position("tp_ht")
    assert position is not None
    assert position.requirement("professional") == Requirement("professional", "dai_hoc")
    assert [r.attribute for r in position.requirements].count("professional") == 1
    # the original set and the other positions are untouched
    assert ND33.position("tp_ht").requirement("professional").min_level == "trung_cap"  # type: ignore[union-attr]
    assert stricter.position("vp_tk") == ND33.position("vp_tk")
    assert len(stricter.positions) == len(ND33.positions)

    added = with_position_requirement(
        ND33, "tp_ht", Requirement("political_theory", "so_cap"), "political_theory"
    )
    order = [r.attribute for r in added.position("tp_ht").requirements]  # type: ignore[union-attr]
    assert "political_theory" in order
    assert order == sorted(order, key=REQUIREMENT_ATTRIBUTES.index)

    removed = with_position_requirement(ND33, "tp_ht", None, "it")
    assert removed.position("tp_ht").requirement("it") is None  # type: ignore[union-attr]
    assert removed.position("tp_ht").requirement("professional") is not None  # type: ignore[union-attr]
    assert removed.position("vp_tk").requirement("it") is not None  # type: ignore[union-attr]


# --- versions ------------------------------------------------------------------------------


def test_standard_in_force_picks_the_version_by_date() -> None:
    v2 = replace(ND33, version=2, effective_from=date(2026, 1, 1), uuid="v2", shipped=False)
    v3 = replace(ND33, version=3, effective_from=date(2026, 7, 1), uuid="v3", shipped=False)
    sets = [v3, VTVL, ND33, v2]
    assert standard_in_force(sets, "nd33-2023", date(2025, 12, 31)) is ND33
    assert standard_in_force(sets, "nd33-2023", date(2026, 1, 1)) is v2
    assert standard_in_force(sets, "nd33-2023", date(2026, 6, 30)) is v2
    assert standard_in_force(sets, "nd33-2023", date(2026, 7, 1)) is v3
    assert standard_in_force(sets, "nd33-2023", ON) is v3
    # before any version: the earliest
    assert standard_in_force(sets, "nd33-2023", date(2020, 1, 1)) is ND33
    assert standard_in_force(sets, "vtvl-2025", ON) is VTVL
    assert standard_in_force(sets, "khong-co", ON) is None
    # the newest of each family, families in the order their first versions come
    assert latest_versions(sets) == [VTVL, v3]


def test_two_versions_on_the_same_day_the_later_wins() -> None:
    v2 = replace(ND33, version=2, uuid="v2", shipped=False)
    assert standard_in_force([ND33, v2], "nd33-2023", ON) is v2


def test_evaluation_uses_the_version_in_force_on_the_day() -> None:
    stricter = replace(
        with_position_requirement(
            ND33, "tp_ht", Requirement("professional", "dai_hoc"), "professional"
        ),
        version=2,
        effective_from=date(2026, 1, 1),
    )
    person = tu_phap()
    before = evaluate(person, [ND33, stricter], LISTS, date(2025, 12, 31))
    after = evaluate(person, [ND33, stricter], LISTS, date(2026, 1, 1))
    assert before.outcome == Outcome.MET and before.standard is ND33
    assert after.outcome == Outcome.NOT_MET and after.standard is stricter


# --- level requirements ----------------------------------------------------------------------


def test_everyone_meeting_every_requirement_is_met() -> None:
    e = evaluate(tu_phap(), SETS, LISTS, ON)
    assert e.outcome == Outcome.MET
    assert e.summary() == "Đạt chuẩn"
    assert e.gaps == []
    assert [c.attribute for c in e.checks] == [
        AGE,
        "general_education",
        "professional",
        FIELD,
        "it",
    ]
    assert e.position is not None and e.position.code == "tp_ht"
    assert e.deadline == date(2028, 8, 1)


@pytest.mark.parametrize(
    ("professional", "outcome", "reason"),
    [
        (
            "trung_cap",
            Outcome.NOT_MET,
            "Trình độ chuyên môn: trung cấp; vị trí yêu cầu đại học trở lên",
        ),
        (
            "cao_dang",
            Outcome.NOT_MET,
            "Trình độ chuyên môn: cao đẳng; vị trí yêu cầu đại học trở lên",
        ),
        (
            "chua_co",
            Outcome.NOT_MET,
            "Trình độ chuyên môn: chưa qua đào tạo chuyên môn; vị trí yêu cầu đại học trở lên",
        ),
        ("dai_hoc", Outcome.MET, "Trình độ chuyên môn: đại học; vị trí yêu cầu đại học trở lên"),
        ("tien_si", Outcome.MET, "Trình độ chuyên môn: tiến sĩ; vị trí yêu cầu đại học trở lên"),
        (
            None,
            Outcome.UNKNOWN,
            "Trình độ chuyên môn: chưa có thông tin; vị trí yêu cầu đại học trở lên",
        ),
    ],
)
def test_professional_level(professional: str | None, outcome: Outcome, reason: str) -> None:
    e = evaluate(van_phong(professional=professional), SETS, LISTS, ON)
    c = check(e, "professional")
    assert (c.outcome, c.reason) == (outcome, reason)
    assert e.outcome == outcome


@pytest.mark.parametrize(
    ("level", "outcome", "reason"),
    [
        ("so_cap", Outcome.NOT_MET, "Lý luận chính trị: sơ cấp; vị trí yêu cầu trung cấp trở lên"),
        (
            "trung_cap",
            Outcome.MET,
            "Lý luận chính trị: trung cấp; vị trí yêu cầu trung cấp trở lên",
        ),
        ("cao_cap", Outcome.MET, "Lý luận chính trị: cao cấp; vị trí yêu cầu trung cấp trở lên"),
        ("cu_nhan", Outcome.MET, "Lý luận chính trị: cử nhân; vị trí yêu cầu trung cấp trở lên"),
        (
            None,
            Outcome.UNKNOWN,
            "Lý luận chính trị: chưa có thông tin; vị trí yêu cầu trung cấp trở lên",
        ),
    ],
)
def test_political_theory_of_a_cadre(level: str | None, outcome: Outcome, reason: str) -> None:
    cadre = tu_phap(
        category="can_bo", position="ct_ubnd", professional="dai_hoc", political_theory=level
    )
    c = check(evaluate(cadre, SETS, LISTS, ON), "political_theory")
    assert (c.outcome, c.reason) == (outcome, reason)


def test_highest_level_and_it_are_worded_without_or_above() -> None:
    e = evaluate(tu_phap(general_education="thcs", it="chua_co"), SETS, LISTS, ON)
    assert check(e, "general_education").reason == (
        "Giáo dục phổ thông: trung học cơ sở; vị trí yêu cầu trung học phổ thông"
    )
    assert check(e, "it").reason == (
        "Tin học: chưa có chứng chỉ; vị trí yêu cầu ứng dụng CNTT cơ bản"
    )
    assert e.outcome == Outcome.NOT_MET
    assert e.summary() == "Chưa đạt: giáo dục phổ thông, tin học"


def test_not_met_outweighs_unknown_and_unknown_is_never_met() -> None:
    e = evaluate(tu_phap(it=None, professional="so_cap"), SETS, LISTS, ON)
    assert e.outcome == Outcome.NOT_MET
    assert {c.attribute for c in e.gaps} == {"it", "professional"}
    assert e.summary() == "Chưa đạt: trình độ chuyên môn"
    unknown = evaluate(tu_phap(it=None, general_education=None), SETS, LISTS, ON)
    assert unknown.outcome == Outcome.UNKNOWN
    assert unknown.summary() == "Thiếu thông tin: giáo dục phổ thông, tin học"


# --- field of study --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "outcome"),
    [
        ("Luật", Outcome.MET),
        ("Luật kinh tế", Outcome.MET),
        ("luật hành chính", Outcome.MET),
        ("Lua\u0323\u0302t", Outcome.MET),  # decomposed, as some keyboards type it
        ("LUẬT", Outcome.MET),
        ("Kế toán", Outcome.NOT_MET),
        ("Luậtsư", Outcome.NOT_MET),
        ("", Outcome.UNKNOWN),
    ],
)
def test_field_of_study_among_accepted(field: str, outcome: Outcome) -> None:
    c = check(evaluate(tu_phap(field_of_study=field), SETS, LISTS, ON), FIELD)
    assert c.outcome == outcome


def test_field_reasons() -> None:
    accounting = replace(
        ND33,
        family="ke-toan",
        positions=(
            Position(
                "kt",
                "Kế toán",
                "cong_chuc",
                requirements=(Requirement(FIELD, accepted=("Kế toán", "Tài chính – ngân hàng")),),
            ),
        ),
        common=(),
    )

    def field_check(field: str):  # type: ignore[no-untyped-def]
        person = tu_phap(standard_family="ke-toan", position="kt", field_of_study=field)
        return check(evaluate(person, [accounting], LISTS, ON), FIELD)

    auditing = field_check("Kiểm toán")
    assert auditing.outcome == Outcome.NOT_MET
    assert auditing.reason == (
        "Chuyên ngành đào tạo: Kiểm toán; vị trí nhận các ngành Kế toán, Tài chính – ngân hàng"
    )
    assert field_check("Kế toán doanh nghiệp").outcome == Outcome.MET
    assert field_check("Kế toán doanh nghiệp").reason == (
        "Chuyên ngành đào tạo: Kế toán doanh nghiệp"
    )
    assert field_check("Tài chính - Ngân hàng").outcome == Outcome.MET  # hyphen, not en dash
    assert field_check("Tài chính").outcome == Outcome.NOT_MET  # only part of an accepted field
    missing = field_check("")
    assert missing.outcome == Outcome.UNKNOWN
    assert missing.reason == (
        "Chuyên ngành đào tạo: chưa có thông tin; vị trí nhận các ngành Kế toán, "
        "Tài chính – ngân hàng"
    )


def test_empty_accepted_list_takes_any_field() -> None:
    any_field = replace(
        ND33,
        family="any",
        positions=(Position("x", "X", "cong_chuc", requirements=(Requirement(FIELD),)),),
        common=(),
    )
    c = check(evaluate(tu_phap(standard_family="any", position="x"), [any_field], LISTS, ON), FIELD)
    assert c.outcome == Outcome.MET
    assert c.reason == "Chuyên ngành đào tạo: vị trí nhận mọi chuyên ngành"


# --- age ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "outcome", "reason"),
    [
        (Birth.of(date(2008, 11, 22)), Outcome.MET, "Tuổi: 18; yêu cầu từ 18 tuổi"),
        (Birth.of(date(2008, 11, 23)), Outcome.NOT_MET, "Tuổi: 17; yêu cầu từ 18 tuổi"),
        (
            Birth(2008),
            Outcome.UNKNOWN,
            "Tuổi: 17 hoặc 18 (chỉ có năm sinh); yêu cầu từ 18 tuổi",
        ),
        (Birth(2007), Outcome.MET, "Tuổi: 18 hoặc 19 (chỉ có năm sinh); yêu cầu từ 18 tuổi"),
        (
            Birth(2009),
            Outcome.NOT_MET,
            "Tuổi: 16 hoặc 17 (chỉ có năm sinh); yêu cầu từ 18 tuổi",
        ),
        (None, Outcome.UNKNOWN, "Ngày sinh: chưa có thông tin; yêu cầu từ 18 tuổi"),
    ],
)
def test_minimum_age(birth: Birth | None, outcome: Outcome, reason: str) -> None:
    c = check(evaluate(tu_phap(birth=birth), SETS, LISTS, ON), AGE)
    assert (c.outcome, c.reason) == (outcome, reason)


@pytest.mark.parametrize(
    ("birth", "outcome"),
    [
        (Birth.of(date(1990, 11, 23)), Outcome.MET),  # 35
        (Birth.of(date(1990, 11, 22)), Outcome.NOT_MET),  # 36 today
        (Birth(1991), Outcome.MET),  # 34 or 35
        (Birth(1990), Outcome.UNKNOWN),  # 35 or 36
        (Birth(1989), Outcome.NOT_MET),  # 36 or 37
    ],
)
def test_maximum_age(birth: Birth, outcome: Outcome) -> None:
    young = replace(
        ND33,
        family="tre",
        positions=(
            Position(
                "bt",
                "Bí thư Đoàn",
                "can_bo",
                requirements=(Requirement(AGE, min_age=18, max_age=35),),
            ),
        ),
        common=(),
    )
    person = tu_phap(category="can_bo", standard_family="tre", position="bt", birth=birth)
    c = check(evaluate(person, [young], LISTS, ON), AGE)
    assert c.outcome == outcome
    assert c.reason.endswith("; yêu cầu từ 18 tuổi và không quá 35 tuổi")


# --- which requirements apply -------------------------------------------------------------------


def test_position_requirement_replaces_the_common_one_and_common_ones_follow_categories() -> None:
    custom = StandardSet(
        family="mien-nui",
        name="Tiêu chuẩn vùng khó khăn",
        legal_basis="Quyết định của tỉnh",
        effective_from=date(2024, 1, 1),
        common=(
            Requirement("general_education", "thpt", categories=("can_bo", "cong_chuc")),
            Requirement(AGE, min_age=21, categories=("can_bo",)),
            Requirement("it", "co_ban"),  # every category
        ),
        positions=(
            Position(
                "thon",
                "Công chức vùng cao",
                "cong_chuc",
                requirements=(Requirement("general_education", "thcs"),),
            ),
            Position("xa", "Công chức", "cong_chuc"),
        ),
    )
    person = tu_phap(standard_family="mien-nui", general_education="thcs", birth=Birth(2006))
    on_own = evaluate(replace(person, position="thon"), [custom], LISTS, ON)
    assert [c.attribute for c in on_own.checks] == ["it", "general_education"]
    assert check(on_own, "general_education").outcome == Outcome.MET
    assert check(on_own, "general_education").reason == (
        "Giáo dục phổ thông: trung học cơ sở; vị trí yêu cầu trung học cơ sở trở lên"
    )
    assert on_own.outcome == Outcome.MET
    on_common = evaluate(replace(person, position="xa"), [custom], LISTS, ON)
    assert check(on_common, "general_education").outcome == Outcome.NOT_MET
    assert on_common.outcome == Outcome.NOT_MET
    # the age requirement is only for cadres
    cadre = evaluate(replace(person, position="xa", category="can_bo"), [custom], LISTS, ON)
    assert check(cadre, AGE).outcome == Outcome.NOT_MET  # 19 or 20, under 21


@pytest.mark.parametrize("category", ["hop_dong", "khong_chuyen_trach"])
def test_category_outside_standardisation(category: str) -> None:
    e = evaluate(tu_phap(category=category, professional=None), SETS, LISTS, ON)
    assert e.outcome == Outcome.NOT_APPLICABLE
    assert e.checks == ()
    assert e.summary() == "Không thuộc diện chuẩn hóa"


@pytest.mark.parametrize(
    "changes",
    [
        {"standard_family": None, "position": None},
        {"standard_family": "nd33-2023", "position": None},
        {"standard_family": "nd33-2023", "position": "cv_tu_phap"},  # a code of the other set
        {"standard_family": "khong-co", "position": "tp_ht"},
    ],
)
def test_no_position_of_a_set_is_unknown(changes: dict[str, object]) -> None:
    e = evaluate(tu_phap(position_title="Công chức địa chính", **changes), SETS, LISTS, ON)
    assert e.outcome == Outcome.UNKNOWN
    assert len(e.checks) == 1
    c = e.checks[0]
    assert c.attribute == POSITION and c.outcome == Outcome.UNKNOWN
    assert c.reason == (
        "Chưa chọn chức danh, vị trí việc làm có trong bộ tiêu chuẩn "
        "(đang ghi «Công chức địa chính»)"
    )
    assert e.summary() == "Thiếu thông tin: chức danh, vị trí việc làm"
    assert e.meets_on is None


def test_no_position_and_no_title() -> None:
    e = evaluate(tu_phap(standard_family=None, position=None), SETS, LISTS, ON)
    assert e.checks[0].reason == "Chưa chọn chức danh, vị trí việc làm có trong bộ tiêu chuẩn"


def test_new_position_set_is_checked_by_its_own_requirements() -> None:
    person = tu_phap(
        standard_family="vtvl-2025",
        position="cv_tu_phap",
        professional="dai_hoc",
        state_management=None,
    )
    e = evaluate(person, SETS, LISTS, ON)
    assert e.outcome == Outcome.UNKNOWN
    assert [c.attribute for c in e.gaps] == ["state_management"]
    assert check(e, "state_management").reason == (
        "Quản lý nhà nước: chưa có thông tin; vị trí yêu cầu chuyên viên trở lên"
    )
    assert e.deadline == date(2027, 7, 1)


# --- a training in progress ------------------------------------------------------------------


UNIVERSITY_LAW = Training(
    "professional",
    "dai_hoc",
    "Luật",
    "Đại học Luật, hệ vừa làm vừa học",
    starts_on=date(2024, 9, 1),
    ends_on=date(2027, 6, 30),
)


def test_training_that_closes_the_gap() -> None:
    person = van_phong(professional="trung_cap", field_of_study="Luật", training=UNIVERSITY_LAW)
    e = evaluate(person, SETS, LISTS, ON)
    assert e.outcome == Outcome.NOT_MET  # not yet: shown as will meet, never as met
    assert e.meets_on == date(2027, 6, 30)
    assert e.summary() == "Sẽ đạt chuẩn khi kết thúc đào tạo (30/06/2027)"
    c = check(e, "professional")
    assert c.meets_on == date(2027, 6, 30)
    assert c.reason == (
        "Trình độ chuyên môn: trung cấp; vị trí yêu cầu đại học trở lên; "
        "đang học, dự kiến xong 30/06/2027"
    )


def test_training_closing_both_level_and_field() -> None:
    person = van_phong(professional="trung_cap", field_of_study="Kế toán", training=UNIVERSITY_LAW)
    e = evaluate(person, SETS, LISTS, ON)
    assert {c.attribute for c in e.gaps} == {"professional", FIELD}
    assert check(e, FIELD).reason.endswith("; đang học ngành phù hợp, dự kiến xong 30/06/2027")
    assert e.meets_on == date(2027, 6, 30)


def test_training_covering_one_of_two_gaps_is_not_enough() -> None:
    person = van_phong(professional="trung_cap", field_of_study="Luật", it="chua_co")
    e = evaluate(replace(person, training=UNIVERSITY_LAW), SETS, LISTS, ON)
    assert check(e, "professional").meets_on == date(2027, 6, 30)
    assert check(e, "it").meets_on is None
    assert e.meets_on is None
    assert e.summary() == "Chưa đạt: trình độ chuyên môn, tin học"


def test_training_does_not_cover_an_unknown_elsewhere() -> None:
    person = van_phong(professional="trung_cap", field_of_study="Luật", it=None)
    e = evaluate(replace(person, training=UNIVERSITY_LAW), SETS, LISTS, ON)
    assert e.outcome == Outcome.NOT_MET
    assert e.meets_on is None


@pytest.mark.parametrize(
    "training",
    [
        replace(UNIVERSITY_LAW, level="cao_dang"),  # still below đại học
        replace(UNIVERSITY_LAW, attribute="political_theory", level="trung_cap"),  # another kind
        replace(UNIVERSITY_LAW, ends_on=None),
    ],
)
def test_training_that_does_not_close_the_gap(training: Training) -> None:
    person = van_phong(professional="trung_cap", field_of_study="Luật", training=training)
    e = evaluate(person, SETS, LISTS, ON)
    assert check(e, "professional").meets_on is None
    assert e.meets_on is None
    assert e.summary() == "Chưa đạt: trình độ chuyên môn"


def test_training_in_an_unaccepted_field_does_not_close_the_field_gap() -> None:
    person = van_phong(
        field_of_study="Kế toán", training=replace(UNIVERSITY_LAW, field_of_study="Kiểm toán")
    )
    e = evaluate(person, SETS, LISTS, ON)
    assert check(e, FIELD).meets_on is None
    assert e.meets_on is None


def test_a_short_course_in_the_right_field_does_not_make_the_degree_fit() -> None:
    # Đại học Kế toán in Văn phòng – thống kê (needs đại học in an accepted field); a sơ cấp
    # course in Luật leaves them with no accepted degree at the level the post needs.
    person = van_phong(
        field_of_study="Kế toán",
        training=replace(UNIVERSITY_LAW, level="so_cap", name="Sơ cấp Luật"),
    )
    e = evaluate(person, SETS, LISTS, ON)
    assert e.meets_on is None
    assert e.summary() == "Chưa đạt: chuyên ngành đào tạo"


# --- deadlines ---------------------------------------------------------------------------------


def test_deadline_text() -> None:
    assert deadline_text(date(2028, 8, 1), ON) == "01/08/2028 (còn 618 ngày)"
    assert deadline_text(date(2030, 1, 1), ON) == "01/01/2030 (còn 1.136 ngày)"
    assert deadline_text(ON, ON) == "22/11/2026 (hôm nay)"
    assert deadline_text(date(2026, 11, 1), ON) == "01/11/2026 (đã quá 21 ngày)"
    assert deadline_text(date(2023, 8, 1), ON) == "01/08/2023 (đã quá 1.209 ngày)"
    assert deadline_text(None, ON) == ""


def test_evaluation_days_left_to_the_set_deadline() -> None:
    assert evaluate(tu_phap(), SETS, LISTS, ON).days_left(ON) == 618
    vtvl = tu_phap(standard_family="vtvl-2025", position="chq_truong", field_of_study="Quân sự")
    assert evaluate(vtvl, SETS, LISTS, ON).days_left(date(2027, 7, 2)) == -1
    outside = evaluate(tu_phap(category="hop_dong"), SETS, LISTS, ON)
    assert outside.deadline is None and outside.days_left(ON) is None


# --- ratios ------------------------------------------------------------------------------------


def test_ratio_text() -> None:
    assert Ratio("Công chức", 20, 18, 2).text("công chức") == "18/20 công chức đạt chuẩn, tỷ lệ 90%"
    assert Ratio("x", 3, 2, 1).text() == "2/3 người đạt chuẩn, tỷ lệ 66,7%"
    assert Ratio("x", 3, 1, 2).percent_text() == "33,3%"
    assert Ratio("x", 8, 1, 7).percent_text() == "12,5%"
    assert Ratio("x", 4, 4).percent_text() == "100%"
    assert Ratio("x", 4, 0, 4).percent_text() == "0%"
    assert Ratio("x").percent is None and Ratio("x").percent_text() == "—"
    assert Ratio("x").text("công chức") == "Không có công chức thuộc diện chuẩn hóa"


def _people() -> list[Official]:
    met = [
        tu_phap(full_name=f"Nguyễn Văn {name}", department="vp_hdnd_ubnd")
        for name in ("An", "Bình", "Cường")
    ]
    below = [
        tu_phap(full_name="Trần Thị Dung", professional="so_cap", department="vp_hdnd_ubnd"),
        van_phong(
            full_name="Lê Văn Em",
            professional="trung_cap",
            training=UNIVERSITY_LAW,
            department="phong_kinh_te",
        ),
    ]
    unknown = [tu_phap(full_name="Hồ Thị Gấm", it=None, department="phong_kinh_te")]
    cadres = [
        tu_phap(
            full_name="Đinh Văn Hùng",
            category="can_bo",
            position="ct_ubnd",
            professional="dai_hoc",
            political_theory="trung_cap",
        )
    ]
    outside = [tu_phap(full_name="Vi Văn Khánh", category="hop_dong")]
    return met + below + unknown + cadres + outside


def test_ratios_by_category_department_and_position() -> None:
    evaluations = [evaluate(o, SETS, LISTS, ON) for o in _people()]
    by_category = ratios_by(evaluations, lambda e: LISTS.name("categories", e.official.category))
    assert by_category == [
        Ratio("Công chức", total=6, met=3, not_met=2, unknown=1, will_meet=1),
        Ratio("Cán bộ", total=1, met=1),
    ]
    assert by_category[0].text("công chức") == "3/6 công chức đạt chuẩn, tỷ lệ 50%"
    by_department = ratios_by(evaluations, lambda e: e.official.department or "")
    assert [(r.group, r.total, r.met) for r in by_department] == [
        ("vp_hdnd_ubnd", 4, 3),
        ("phong_kinh_te", 2, 0),
        ("", 1, 1),
    ]
    by_position = ratios_by(evaluations, lambda e: e.position.name if e.position else "")
    assert [(r.group, r.total, r.met) for r in by_position] == [
        ("Tư pháp – hộ tịch", 5, 3),
        ("Văn phòng – thống kê", 1, 0),
        ("Chủ tịch Ủy ban nhân dân", 1, 1),
    ]
    overall = overall_ratio(evaluations)
    assert overall == Ratio("Tổng số", total=7, met=4, not_met=2, unknown=1, will_meet=1)
    assert overall.text() == "4/7 người đạt chuẩn, tỷ lệ 57,1%"
    assert overall_ratio([]) == Ratio("Tổng số")


def test_evaluate_on_counts_only_those_in_post_that_day() -> None:
    people = [
        tu_phap(full_name="Nguyễn Văn An", started_on=date(2020, 1, 1)),
        tu_phap(full_name="Trần Văn Bình", started_on=date(2026, 3, 1)),
        tu_phap(
            full_name="Lê Thị Chi",
            professional="so_cap",
            status="nghi_huu",
            status_on=date(2026, 6, 1),
        ),
    ]
    last_year = evaluate_on(people, SETS, LISTS, date(2025, 12, 31))
    assert [e.official.full_name for e in last_year] == ["Nguyễn Văn An", "Lê Thị Chi"]
    assert overall_ratio(last_year).text() == "1/2 người đạt chuẩn, tỷ lệ 50%"
    now = evaluate_on(people, SETS, LISTS, ON)
    assert [e.official.full_name for e in now] == ["Nguyễn Văn An", "Trần Văn Bình"]
    assert overall_ratio(now).text() == "2/2 người đạt chuẩn, tỷ lệ 100%"
    assert all(e.on == ON for e in now)


@pytest.mark.parametrize(
    ("position", "field", "meets"),
    [
        ("dc_xd_dt_mt", "Xây dựng dân dụng và công nghiệp", True),
        ("dc_xd_dt_mt", "Xây dựng Đảng và chính quyền nhà nước", False),
        ("vh_xh", "Công nghệ thông tin", False),
        ("vh_xh", "Thông tin học", True),
        ("tp_ht", "Luật kinh tế", True),
        ("tc_kt", "Quản trị kinh doanh", False),
    ],
)
def test_a_field_of_study_fits_when_it_starts_with_an_accepted_name(
    position: str, field: str, meets: bool
) -> None:
    official = Official(
        "Nguyễn Văn Hải",
        "cong_chuc",
        standard_family="nd33-2023",
        position=position,
        professional="dai_hoc",
        field_of_study=field,
    )
    (check,) = [c for c in evaluate(official, SETS, LISTS, ON).checks if c.attribute == "field"]
    assert (check.outcome == Outcome.MET) is meets, check.reason


def test_a_position_added_by_a_later_version_is_judged_by_that_version() -> None:
    (vtvl,) = [s for s in SETS if s.family == "vtvl-2025"]
    added = replace(
        vtvl,
        version=2,
        effective_from=date(2027, 1, 1),
        positions=(
            *vtvl.positions,
            replace(vtvl.positions[1], code="cv_moi", name="Chuyên viên mới"),
        ),
    )
    official = Official(
        "Lê Thị Hoa",
        "cong_chuc",
        birth=Birth(1990),
        standard_family="vtvl-2025",
        position="cv_moi",
        general_education="thpt",
    )
    evaluation = evaluate(official, [*SETS, added], LISTS, ON)
    assert evaluation.standard is added and evaluation.position.name == "Chuyên viên mới"
    assert "position" not in {c.attribute for c in evaluation.checks}


# --- a gap told without personal data --------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "personal", "text"),
    [
        (Birth.of(date(2008, 11, 23)), True, "Tuổi: 17; yêu cầu từ 18 tuổi"),
        (Birth.of(date(2008, 11, 23)), False, "Tuổi: không đáp ứng (yêu cầu từ 18 tuổi)"),
        (Birth(2008), False, "Tuổi: chưa xác định được (yêu cầu từ 18 tuổi)"),
        # Without a birth date there is no age to hide.
        (None, False, "Ngày sinh: chưa có thông tin; yêu cầu từ 18 tuổi"),
    ],
)
def test_gap_text_hides_an_age_without_personal_data(
    birth: Birth | None, personal: bool, text: str
) -> None:
    c = check(evaluate(tu_phap(birth=birth), SETS, LISTS, ON), AGE)
    assert gap_text(c, include_personal=personal) == text


def test_gap_text_gives_other_reasons_as_they_are() -> None:
    c = check(evaluate(tu_phap(professional=None), SETS, LISTS, ON), "professional")
    assert gap_text(c, include_personal=False) == c.reason
