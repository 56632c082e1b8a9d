"""Officials' records: birth dates, validation at each field, Vietnamese name order, level lists."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import pytest

from cchc_desktop.core.staff import (
    Birth,
    Gender,
    Official,
    Training,
    load_staff_lists,
    name_parts,
    name_sort_key,
    normalized_official,
    parse_birth,
    validate_official,
)

TODAY = date(2026, 11, 22)
LISTS = load_staff_lists()
KNOWN = {("nd33-2023", "tp_ht"), ("vtvl-2025", "cv_tu_phap")}


def official(**values: object) -> Official:
    base = Official(
        full_name="Nguyễn Thị Minh Khai",
        category="cong_chuc",
        gender=Gender.FEMALE,
        birth=Birth.of(date(1988, 3, 12)),
        ethnicity="Kinh",
        standard_family="nd33-2023",
        position="tp_ht",
        department="vp_hdnd_ubnd",
        started_on=date(2015, 9, 1),
        general_education="thpt",
        professional="dai_hoc",
        field_of_study="Luật",
        political_theory="trung_cap",
        state_management="chuyen_vien",
        it="co_ban",
        foreign_language="bac_2",
        training=Training(
            "professional",
            "thac_si",
            "Luật hành chính",
            "Thạc sĩ Luật, Trường Đại học Luật Huế",
            starts_on=date(2025, 9, 1),
            ends_on=date(2027, 6, 30),
        ),
    )
    return replace(base, **values)  # type: ignore[arg-type]


# --- birth dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/03/1985", Birth(1985, date(1985, 3, 12))),
        ("2/3/1985", Birth(1985, date(1985, 3, 2))),
        ("1985-03-12", Birth(1985, date(1985, 3, 12))),
        ("1985", Birth(1985)),
        ("  1985 ", Birth(1985)),
        ("năm 1985", Birth(1985)),
        ("", None),
        (None, None),
    ],
)
def test_parse_birth_reads_a_date_or_a_year_alone(text: str | None, expected: Birth | None) -> None:
    assert parse_birth(text) == expected


def test_a_year_alone_stays_a_year() -> None:
    birth = parse_birth("1985")
    assert birth is not None and birth.day is None
    assert birth.text() == "1985"
    assert birth.stored() == "1985"
    assert Birth.from_stored("1985") == birth
    full = parse_birth("02/03/1985")
    assert full is not None and full.text() == "02/03/1985" and full.stored() == "1985-03-02"
    assert Birth.from_stored("1985-03-02") == full
    assert Birth.from_stored("") is None


@pytest.mark.parametrize("text", ["abc", "31/02/1985", "12/1985", "19855"])
def test_unreadable_birth_gets_a_vietnamese_message(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_birth(text)
    assert str(caught.value) == (
        f"Ngày sinh «{text}» không đọc được; nhập ngày/tháng/năm (12/03/1985) hoặc chỉ năm "
        "sinh (1985)."
    )


def test_a_two_digit_birth_year_is_in_the_last_century() -> None:
    # parse_date reads "85" as 2085; for a birth that is never right.
    assert parse_birth("12/03/85") == Birth.of(date(1985, 3, 12))
    assert parse_birth("01/01/05") == Birth.of(date(2005, 1, 1))
    errors = validate_official(
        official(birth=parse_birth("12/03/85"), started_on=None), TODAY, LISTS, KNOWN
    )
    assert "birth" not in errors


def test_birth_day_and_year_must_agree() -> None:
    with pytest.raises(ValueError):
        Birth(1986, date(1985, 3, 12))


@pytest.mark.parametrize(
    ("birth", "on", "expected"),
    [
        (Birth.of(date(1985, 3, 12)), date(2026, 3, 11), (40, 40)),
        (Birth.of(date(1985, 3, 12)), date(2026, 3, 12), (41, 41)),
        (Birth.of(date(1985, 12, 31)), date(2026, 12, 31), (41, 41)),
        (Birth.of(date(2000, 2, 29)), date(2018, 2, 28), (17, 17)),
        (Birth.of(date(2000, 2, 29)), date(2018, 3, 1), (18, 18)),
        (Birth(1985), date(2026, 6, 1), (40, 41)),
        (Birth(1985), date(2026, 1, 1), (40, 41)),
    ],
)
def test_age_range(birth: Birth, on: date, expected: tuple[int, int]) -> None:
    assert birth.age_range(on) == expected


# --- validation --------------------------------------------------------------------------------


def test_a_valid_record_has_no_errors() -> None:
    assert validate_official(official(), TODAY, LISTS, KNOWN) == {}


def test_a_year_alone_and_the_least_information_are_valid() -> None:
    bare = Official(full_name="Lê Văn Tám", category="can_bo", birth=Birth(1970))
    assert validate_official(bare, TODAY, LISTS, set()) == {}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"full_name": ""}, "full_name", "Chưa nhập họ và tên."),
        ({"full_name": "   "}, "full_name", "Chưa nhập họ và tên."),
        (
            {"full_name": "Khai"},
            "full_name",
            "Nhập đủ họ và tên (ít nhất họ và tên gọi), ví dụ «Nguyễn Văn An».",
        ),
        (
            {"birth": Birth.of(date(2027, 1, 5)), "started_on": None},
            "birth",
            "Ngày sinh 05/01/2027 ở sau hôm nay (22/11/2026).",
        ),
        (
            {"birth": Birth.of(date(2026, 11, 23)), "started_on": None},
            "birth",
            "Ngày sinh 23/11/2026 ở sau hôm nay (22/11/2026).",
        ),
        (
            {"birth": Birth(2027), "started_on": None},
            "birth",
            "Ngày sinh 2027 ở sau hôm nay (22/11/2026).",
        ),
        (
            {"birth": Birth.of(date(2008, 11, 23))},
            "birth",
            "Sinh 23/11/2008: chưa đủ 18 tuổi, không thể là cán bộ, công chức.",
        ),
        (
            {"birth": Birth(2009)},
            "birth",
            "Sinh 2009: chưa đủ 18 tuổi, không thể là cán bộ, công chức.",
        ),
        ({"birth": Birth(1920)}, "birth", "Năm sinh 1920 quá xa; hãy kiểm tra lại."),
        (
            {"professional": "dai_hoc_chinh_quy"},
            "professional",
            "«dai_hoc_chinh_quy» không có trong danh sách mức trình độ chuyên môn.",
        ),
        (
            {"political_theory": "thac_si"},
            "political_theory",
            "«thac_si» không có trong danh sách mức lý luận chính trị.",
        ),
        (
            {"it": "B"},
            "it",
            "«B» không có trong danh sách mức tin học.",
        ),
        (
            {
                "training": Training(
                    "professional",
                    "dai_hoc",
                    "Luật",
                    starts_on=date(2026, 9, 1),
                    ends_on=date(2026, 1, 15),
                )
            },
            "training_ends_on",
            "Ngày kết thúc 15/01/2026 trước ngày bắt đầu 01/09/2026.",
        ),
        (
            {"training": Training("professional", "dai_hoc", "Luật", starts_on=date(2026, 9, 1))},
            "training_ends_on",
            "Nhập ngày dự kiến kết thúc khóa học.",
        ),
        (
            {"training": Training("professional", "cu_nhan_x", ends_on=date(2027, 6, 30))},
            "training_level",
            "Chọn trình độ sẽ đạt khi học xong.",
        ),
        (
            {"training": Training("field", "dai_hoc", ends_on=date(2027, 6, 30))},
            "training_attribute",
            "Chọn loại đào tạo, bồi dưỡng.",
        ),
        (
            {"category": "vien_chuc"},
            "category",
            "Chọn đối tượng (cán bộ, công chức …) trong danh sách.",
        ),
        (
            {"position": "chuc_danh_la"},
            "position",
            "Chức danh, vị trí việc làm này không có trong bộ tiêu chuẩn.",
        ),
        (
            {"standard_family": "vtvl-2025"},
            "position",
            "Chức danh, vị trí việc làm này không có trong bộ tiêu chuẩn.",
        ),
        (
            {"department": "phong_noi_vu"},
            "department",
            "Phòng, bộ phận này không có trong danh sách.",
        ),
        (
            {"started_on": date(2026, 12, 1)},
            "started_on",
            "Ngày bắt đầu giữ chức danh 01/12/2026 ở sau hôm nay.",
        ),
        (
            {"started_on": date(1987, 1, 1)},
            "started_on",
            "Ngày bắt đầu giữ chức danh trước cả năm sinh.",
        ),
        (
            {"status": "nghi_phep"},
            "status",
            "Chọn tình trạng công tác trong danh sách.",
        ),
        ({"status": "nghi_huu"}, "status_on", "Nhập ngày nghỉ hưu."),
        (
            {"status_on": date(2026, 12, 1)},
            "status_on",
            "Ngày 01/12/2026 ở sau hôm nay.",
        ),
    ],
)
def test_each_mistake_is_named_at_its_field(
    changes: dict[str, object], field: str, message: str
) -> None:
    assert validate_official(official(**changes), TODAY, LISTS, KNOWN) == {field: message}


def test_eighteenth_birthday_today_is_old_enough() -> None:
    assert (
        validate_official(official(birth=Birth.of(date(2008, 11, 22))), TODAY, LISTS, KNOWN) == {}
    )
    # a year alone: 18 this year may be true, so it is accepted (the standard says "unknown")
    assert validate_official(official(birth=Birth(2008)), TODAY, LISTS, KNOWN) == {}


def test_several_mistakes_are_all_reported() -> None:
    bad = official(full_name="", birth=Birth(2030), professional="x", status="y")
    assert set(validate_official(bad, TODAY, LISTS, KNOWN)) == {
        "full_name",
        "birth",
        "professional",
        "status",
        "started_on",  # 2015, before the year of birth
    }


def test_leaving_with_a_date_is_valid() -> None:
    left = official(status="nghi_huu", status_on=date(2026, 6, 1))
    assert validate_official(left, TODAY, LISTS, KNOWN) == {}


def test_normalisation_of_text_fields() -> None:
    messy = official(
        full_name="  Nguyễn   Thị\u00a0Minh Khai ",
        field_of_study="Lua\u0323\u0302t",  # decomposed "Luật", as some keyboards type it
        training=Training(
            "professional", "thac_si", "  Luật  hành chính ", ends_on=date(2027, 1, 1)
        ),
    )
    clean = normalized_official(messy)
    assert clean.full_name == "Nguyễn Thị Minh Khai"
    assert clean.field_of_study == "Luật"
    assert clean.training is not None and clean.training.field_of_study == "Luật hành chính"


# --- names the Vietnamese way --------------------------------------------------------------


def test_name_parts() -> None:
    assert name_parts("Nguyễn Thị Minh Khai") == ("Khai", "Nguyễn Thị Minh")
    assert name_parts("  Lê   An ") == ("An", "Lê")
    assert name_parts("") == ("", "")


VIETNAMESE_ORDER = [
    "Lê Thị An",
    "Nguyễn Văn Anh",
    "Trần Đức Ánh",
    "Phạm Thị Ắng",
    "Hoàng Văn Ân",
    "Đỗ Văn Bình",
    "Vũ Thị Dung",
    "Bùi Văn Đức",
    "Lò Văn Giang",
    "Hà Thị Ơn",
    "Cao Văn Phúc",
    "Triệu Thị Uyên",
    "Mai Văn Ưng",
    "Đinh Thị Vân",
]


def test_names_sort_by_given_name_in_vietnamese_alphabet_order() -> None:
    shuffled = VIETNAMESE_ORDER[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=name_sort_key) == VIETNAMESE_ORDER
    # Code-point order would put Đức after Ơn, and the test would then mean nothing.
    assert sorted(VIETNAMESE_ORDER, key=lambda n: n.split()[-1]) != VIETNAMESE_ORDER


def test_same_given_name_sorts_by_family_then_middle_name() -> None:
    expected = [
        "Âu Văn An",
        "Bùi Thị An",
        "Bùi Văn An",
        "Dương Văn An",
        "Đặng Thị An",
        "Ông Văn An",
        "Phan Văn An",
    ]
    shuffled = list(reversed(expected))
    assert sorted(shuffled, key=name_sort_key) == expected


def test_name_sort_ignores_spacing_and_decomposed_text() -> None:
    assert name_sort_key(" Trần  Đức Ánh ") == name_sort_key("Tra\u0302\u0300n Đức A\u0301nh")


def test_given_name_decides_before_family_name_even_when_only_tones_differ() -> None:
    names = ["Nguyễn Văn Ánh", "Trần Đức Anh"]
    assert sorted(names, key=name_sort_key) == ["Trần Đức Anh", "Nguyễn Văn Ánh"]


# --- level lists ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attribute", "text", "code"),
    [
        ("general_education", "12/12", "thpt"),
        ("general_education", "THPT", "thpt"),
        ("general_education", "9/12", "thcs"),
        ("professional", "ĐH", "dai_hoc"),
        ("professional", "đh", "dai_hoc"),
        ("professional", "Cử nhân", "dai_hoc"),
        ("professional", "Kỹ sư", "dai_hoc"),
        ("professional", "Đại học Luật", "dai_hoc"),
        ("professional", "dai hoc", "dai_hoc"),
        ("professional", "dai_hoc", "dai_hoc"),
        ("professional", "Cao đẳng sư phạm", "cao_dang"),
        ("professional", "Thạc sỹ", "thac_si"),
        ("professional", "Trung cấp", "trung_cap"),
        ("professional", "không", "chua_co"),
        ("political_theory", "Cử nhân", "cu_nhan"),
        ("political_theory", "Trung cấp lý luận chính trị", "trung_cap"),
        ("political_theory", "cao cấp LLCT", "cao_cap"),
        ("state_management", "Chuyên viên chính QLNN", "chuyen_vien_chinh"),
        ("state_management", "ngạch chuyên viên", "chuyen_vien"),
        ("foreign_language", "B1", "bac_3"),
        ("foreign_language", "bậc 4", "bac_4"),
        ("it", "B", "co_ban"),
        ("it", "Chứng chỉ C", "nang_cao"),
        ("ethnic_language", "có", "chung_chi"),
    ],
)
def test_scale_finds_codes_names_and_aliases(attribute: str, text: str, code: str) -> None:
    found = LISTS.scales[attribute].find(text)
    assert found is not None and found.code == code


@pytest.mark.parametrize("text", ["", None, "Trung học", "lớp 12", "Đại họcLuật", "Sơ"])
def test_scale_finds_nothing_for_other_text(text: str | None) -> None:
    assert LISTS.scales["professional"].find(text) is None


@pytest.mark.parametrize(
    "text", ["ĐH Luật", "Cử nhân Kinh tế", "Kỹ sư xây dựng", "ThS Quản lý công"]
)
def test_scale_finds_an_alias_followed_by_the_field(text: str) -> None:
    found = LISTS.scales["professional"].find(text)
    assert found is not None and found.code in {"dai_hoc", "thac_si"}


def test_levels_are_ordered() -> None:
    professional = LISTS.scales["professional"]
    ranks = [
        professional.level(c).rank
        for c in ("trung_cap", "cao_dang", "dai_hoc", "thac_si", "tien_si")
    ]  # type: ignore[union-attr]
    assert ranks == sorted(ranks) and len(set(ranks)) == 5
    theory = LISTS.scales["political_theory"]
    ranks = [theory.level(c).rank for c in ("so_cap", "trung_cap", "cao_cap")]  # type: ignore[union-attr]
    assert ranks == sorted(ranks) and len(set(ranks)) == 3
    assert theory.level("cu_nhan").rank == theory.level("cao_cap").rank  # type: ignore[union-attr]


def test_lists_find_departments_by_alias_and_know_which_categories_count() -> None:
    found = LISTS.find("departments", "Văn phòng HĐND - UBND")
    assert found is not None and found.code == "vp_hdnd_ubnd"
    assert LISTS.is_standardised("cong_chuc") and LISTS.is_standardised("can_bo")
    assert not LISTS.is_standardised("hop_dong")
    assert not LISTS.is_standardised("khong_chuyen_trach")
    assert LISTS.is_active("dang_cong_tac") and not LISTS.is_active("nghi_huu")


# --- who is counted on a day ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "day", "counted"),
    [
        ({}, date(2020, 1, 1), True),
        ({"started_on": date(2026, 3, 1)}, date(2026, 2, 28), False),
        ({"started_on": date(2026, 3, 1)}, date(2026, 3, 1), True),
        ({"started_on": None}, date(1999, 1, 1), True),
        ({"status": "nghi_huu", "status_on": date(2026, 5, 1)}, date(2026, 4, 30), True),
        ({"status": "nghi_huu", "status_on": date(2026, 5, 1)}, date(2026, 5, 1), False),
        ({"status": "chuyen_cong_tac", "status_on": date(2026, 5, 1)}, TODAY, False),
        ({"status": "nghi_huu", "status_on": None}, date(2020, 1, 1), False),
        (
            {"started_on": date(2026, 3, 1), "status": "thoi_viec", "status_on": date(2026, 9, 1)},
            date(2025, 12, 31),
            False,
        ),
        ({"status": "khong_ro"}, TODAY, False),
    ],
)
def test_is_counted_on(changes: dict[str, object], day: date, counted: bool) -> None:
    base = official(started_on=date(2015, 9, 1))
    assert replace(base, **changes).is_counted_on(day, LISTS) is counted  # type: ignore[arg-type]
