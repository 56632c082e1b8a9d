"""The sample commune's officials: every kind of result the staff screens show.

Written through the staff repository, like the officer's own entries. Dates
are counted from ``today`` so that the sample looks the same whenever it is made.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from cchc_desktop.core.staff import Birth, Gender, Official, Training
from cchc_desktop.core.standard_plan import ActionKind, PlanAction
from cchc_desktop.core.tasks import Status
from cchc_desktop.store.database import Store
from cchc_desktop.store.staff_repo import (
    add_officials,
    create_task_for_action,
    save_action,
    save_official,
)
from cchc_desktop.store.task_repo import set_status

ND33 = "nd33-2023"
VTVL = "vtvl-2025"
M, F = Gender.MALE, Gender.FEMALE


def _years_ago(today: date, years: int, month: int = 3, day: int = 15) -> date:
    return date(today.year - years, month, day)


def demo_officials(today: date) -> list[Official]:
    y = today.year

    def person(name: str, gender: Gender, born: Birth, **values: object) -> Official:
        base = Official(
            full_name=name,
            category="cong_chuc",
            gender=gender,
            birth=born,
            ethnicity="Kinh",
            general_education="thpt",
            started_on=date(y - 4, 8, 1),
        )
        return replace(base, **values)  # type: ignore[arg-type]

    return [
        person(
            "Trần Văn Minh",
            M,
            Birth.of(date(y - 48, 5, 2)),
            category="can_bo",
            standard_family=ND33,
            position="ct_ubnd",
            department=None,
            professional="dai_hoc",
            field_of_study="Luật",
            political_theory="cao_cap",
            state_management="chuyen_vien",
            it="co_ban",
            started_on=date(y - 6, 7, 1),
        ),
        person(
            "Lê Văn Hùng",
            M,
            Birth.of(date(y - 44, 11, 20)),
            category="can_bo",
            standard_family=ND33,
            position="pct_ubnd",
            professional="dai_hoc",
            field_of_study="Kinh tế nông nghiệp",
            political_theory="trung_cap",
            it="co_ban",
        ),
        person(
            "Rơ Châm Hyanh",
            F,
            Birth(y - 39),
            ethnicity="Jrai",
            category="can_bo",
            standard_family=ND33,
            position="ct_phu_nu",
            professional="trung_cap",
            field_of_study="Quản lý văn hóa",
            political_theory="so_cap",
            ethnic_language="chung_chi",
        ),
        person(
            "Nguyễn Thị Thu Hà",
            F,
            Birth.of(date(y - 35, 2, 9)),
            standard_family=VTVL,
            position="cv_noi_vu",
            department="phong_vh_xh",
            professional="dai_hoc",
            field_of_study="Hành chính học",
            state_management="chuyen_vien",
            it="co_ban",
            foreign_language="bac_2",
        ),
        person(
            "Phạm Quốc Bảo",
            M,
            Birth.of(date(y - 31, 9, 30)),
            standard_family=VTVL,
            position="cv_tc_kh",
            department="phong_kinh_te",
            professional="dai_hoc",
            field_of_study="Kế toán",
            state_management="chuyen_vien",
            it="co_ban",
        ),
        person(
            "Đặng Thị Ánh",
            F,
            Birth.of(date(y - 29, 6, 1)),
            standard_family=VTVL,
            position="cv_tu_phap",
            department="vp_hdnd_ubnd",
            professional="trung_cap",
            field_of_study="Luật",
            state_management="chua_co",
            it="co_ban",
            training=Training(
                "professional",
                "dai_hoc",
                "Luật",
                "Đại học Luật, hệ vừa làm vừa học",
                date(y - 1, 9, 5),
                date(y + 1, 6, 30),
            ),
        ),
        person(
            "Võ Văn Ân",
            M,
            Birth(y - 52),
            standard_family=VTVL,
            position="cv_nn_mt",
            department="phong_kinh_te",
            professional="trung_cap",
            field_of_study="Trồng trọt",
            it="chua_co",
            state_management="chua_co",
        ),
        person(
            "Hoàng Thị Lan",
            F,
            Birth.of(date(y - 27, 12, 24)),
            standard_family=VTVL,
            position="cv_mot_cua",
            department="ttpvhcc",
            professional="dai_hoc",
            field_of_study="Quản trị văn phòng",
            state_management="chuyen_vien",
            it="nang_cao",
        ),
        person(
            "Bùi Đức Thắng",
            M,
            Birth.of(date(y - 41, 4, 18)),
            standard_family=VTVL,
            position="cv_xd_ct",
            department="phong_kinh_te",
            professional="cao_dang",
            field_of_study="Xây dựng",
            state_management="chuyen_vien",
            it=None,
        ),
        person(
            "Ksor Y Blao",
            M,
            Birth.of(date(y - 33, 1, 7)),
            ethnicity="Jrai",
            standard_family=VTVL,
            position="cv_vh_cds",
            department="phong_vh_xh",
            professional="dai_hoc",
            field_of_study="Công nghệ thông tin",
            state_management="chuyen_vien",
            it="nang_cao",
            ethnic_language="chung_chi",
        ),
        person(
            "Đinh Văn Dũng",
            M,
            Birth.of(date(y - 38, 8, 8)),
            standard_family=VTVL,
            position="chq_truong",
            professional="trung_cap",
            field_of_study="Quân sự cơ sở",
        ),
        person(
            "Mai Thị Hồng",
            F,
            None,
            standard_family=VTVL,
            position="ke_toan",
            department="vp_hdnd_ubnd",
            professional="dai_hoc",
            field_of_study="Tài chính",
        ),
        person(
            "Lý Thị Mơ",
            F,
            Birth.of(date(y - 24, 3, 3)),
            category="hop_dong",
            position_title="Nhân viên phục vụ",
            general_education="thpt",
        ),
        person(
            "Ngô Văn Tư",
            M,
            Birth.of(date(y - 61, 2, 2)),
            category="cong_chuc",
            standard_family=ND33,
            position="dc_nn_xd_mt",
            professional="trung_cap",
            field_of_study="Quản lý đất đai",
            status="nghi_huu",
            status_on=date(y, 3, 1),
            started_on=date(y - 20, 1, 1),
        ),
    ]


def fill_demo_staff(store: Store, today: date) -> None:
    """The sample officials, one earlier record, and a plan with a task done on time."""
    added = add_officials(store, demo_officials(today), today)
    by_name = {o.full_name: o for o in added}
    # Lan finished her university degree this year: last year's ratio counted her as a gap.
    lan = by_name["Hoàng Thị Lan"]
    save_official(store, replace(lan, professional="cao_dang"), today)
    save_official(store, lan, today, change_from=min(date(today.year, 1, 15), today))

    an = by_name["Võ Văn Ân"]
    save_action(
        store,
        PlanAction(
            an.uuid or "",
            "field",
            ActionKind.REASSIGN,
            date(today.year + 1, 6, 30),
            "Trần Văn Minh",
            "Xem xét bố trí vị trí phù hợp chuyên ngành trồng trọt",
        ),
    )
    course = save_action(
        store,
        PlanAction(
            an.uuid or "",
            "it",
            ActionKind.COURSE,
            today - timedelta(days=20),
            "Nguyễn Thị Thu Hà",
            "Học chứng chỉ ứng dụng CNTT cơ bản tại Trung tâm GDNN-GDTX",
        ),
    )
    _action, task = create_task_for_action(
        store, course, an.full_name, "Tin học", today - timedelta(days=60)
    )
    if task.uuid:
        set_status(store, [task.uuid], Status.DONE, today - timedelta(days=25), today)
    anh = by_name["Đặng Thị Ánh"]
    save_action(
        store,
        PlanAction(
            anh.uuid or "",
            "state_management",
            ActionKind.COURSE,
            date(today.year + 1, 10, 31),
            "Nguyễn Thị Thu Hà",
            "Đăng ký lớp bồi dưỡng QLNN ngạch chuyên viên",
        ),
    )
