"""The sample commune: written through the users' own code paths, never into real data."""

from __future__ import annotations

from datetime import date

import pytest

from cchc_desktop.demo import demo_profile, fill_demo_store
from cchc_desktop.store import DemoRefusedError
from cchc_desktop.store.profile_repo import load_profile, save_profile
from tests.support.profile import PROFILE


def test_demo_fills_an_empty_store(store) -> None:  # type: ignore[no-untyped-def]
    assert fill_demo_store(store, date(2026, 5, 1))
    assert store.is_demo
    profile = load_profile(store)
    assert profile == demo_profile(date(2026, 5, 1))
    assert profile.assessment_year == 2026
    assert not fill_demo_store(store, date.today())  # already filled: nothing written twice


def test_demo_is_refused_on_a_store_with_real_data(store) -> None:  # type: ignore[no-untyped-def]
    save_profile(store, PROFILE, date.today())
    with pytest.raises(DemoRefusedError) as caught:
        fill_demo_store(store, date.today())
    assert "dữ liệu thật" in caught.value.message
    assert load_profile(store) == PROFILE
    assert not store.is_demo


@pytest.mark.parametrize(
    "today", [date(2026, 11, 22), date(2027, 1, 2), date(2028, 2, 29), date(2026, 12, 31)]
)
def test_demo_register_is_valid_and_shows_every_state_on_any_day(tmp_path, today) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.core.tasks import DerivedState
    from cchc_desktop.store import open_store
    from cchc_desktop.store.task_query import TaskFilter, state_counts
    from cchc_desktop.store.task_table import task_count

    with open_store(tmp_path / "demo.db") as store:
        assert fill_demo_store(store, today)
        assert task_count(store) >= 20
        counts = state_counts(store, TaskFilter(), today, 7)
        for state in DerivedState:  # the demo shows every state
            assert counts[state] > 0, state
        assert store.integrity_problems() == []


# The sample made on one day, as the code written before its data moved to
# resources/data/demo made it (checked table by table when the data moved).
SAMPLE_DAY = date(2026, 5, 1)
SAMPLE_COUNTS = {
    "assessment_events": 1,
    "assessments": 2,
    "commune_profile": 1,
    "criteria_sets": 1,
    "criterion_tasks": 1,
    "documents": 14,
    "official_history": 1,
    "officials": 14,
    "score_evidence": 43,
    "scores": 59,
    "standard_actions": 3,
    "task_documents": 4,
    "tasks": 27,
}


@pytest.fixture
def sample(tmp_path):  # type: ignore[no-untyped-def]
    import sqlite3

    from cchc_desktop.store import open_store

    path = tmp_path / "demo.db"
    with open_store(path) as store:
        assert fill_demo_store(store, SAMPLE_DAY)
    conn = sqlite3.connect(path)
    yield conn
    conn.close()


def test_demo_store_holds_the_same_records_as_before(sample) -> None:  # type: ignore[no-untyped-def]
    for table, count in SAMPLE_COUNTS.items():
        assert sample.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == count, table


def test_demo_tasks_keep_their_dates_relative_to_the_day(sample) -> None:  # type: ignore[no-untyped-def]
    rows = sample.execute(
        "SELECT t.content, t.kind, t.self_assigned, t.lead, t.assigned_on, t.deadline, "
        "t.status, t.completed_on, t.coordinators, t.notes, d.number, d.issued_on, d.summary "
        "FROM tasks t LEFT JOIN documents d ON d.uuid = t.source_document_uuid "
        "WHERE t.content LIKE 'Tổ chức kiểm tra%' OR t.content LIKE 'Thực hiện cơ chế%' "
        "OR t.content LIKE 'Cập nhật kết quả%' OR t.content LIKE 'Chuẩn hóa%' ORDER BY t.id"
    ).fetchall()
    assert rows == [
        (
            "Tổ chức kiểm tra công tác cải cách hành chính tại các thôn, làng",
            "ke_hoach_nam", 0, "Văn phòng HĐND và UBND", "2025-06-30", "2026-03-07",
            "hoan_thanh", "2026-03-24", '["Công an xã"]', "",
            "12/KH-UBND", "2025-06-25", "Kế hoạch cải cách hành chính năm 2025",
        ),
        (
            "Thực hiện cơ chế tự chủ tài chính tại đơn vị sự nghiệp công lập của xã",
            "ke_hoach_nam", 0, "Công chức Tài chính – kế toán", "2024-07-02", "2025-03-27",
            "tam_dung", None, "[]", "Tạm dừng chờ hướng dẫn sau sắp xếp đơn vị hành chính.",
            "08/KH-UBND", "2024-06-30", "Kế hoạch cải cách hành chính năm 2024",
        ),
        (
            "Cập nhật kết quả thực hiện nhiệm vụ cải cách hành chính vào phần mềm theo dõi",
            "khac", 1, "Nguyễn Thị Thu Hà", "2026-03-02", "2026-05-04",
            "dang_thuc_hien", None, "[]", "", None, None, None,
        ),
        (
            "Chuẩn hóa cán bộ, công chức: bồi dưỡng cho Võ Văn Ân (tin học) — Học chứng chỉ "
            "ứng dụng CNTT cơ bản tại Trung tâm GDNN-GDTX",
            "khac", 1, "Nguyễn Thị Thu Hà", "2026-03-02", "2026-04-11",
            "hoan_thanh", "2026-04-06", "[]", "", None, None, None,
        ),
    ]  # fmt: skip


def test_demo_officials_and_their_plan(sample) -> None:  # type: ignore[no-untyped-def]
    officials = sample.execute(
        "SELECT full_name, birth, status, status_on, started_on, training FROM officials "
        "WHERE full_name IN ('Ngô Văn Tư', 'Rơ Châm Hyanh', 'Đặng Thị Ánh', 'Mai Thị Hồng') "
        "ORDER BY id"
    ).fetchall()
    assert officials == [
        ("Rơ Châm Hyanh", "1987", "dang_cong_tac", None, "2022-08-01", None),
        (
            "Đặng Thị Ánh", "1997-06-01", "dang_cong_tac", None, "2022-08-01",
            '{"attribute": "professional", "ends_on": "2027-06-30", "field_of_study": "Luật", '
            '"level": "dai_hoc", "name": "Đại học Luật, hệ vừa làm vừa học", '
            '"starts_on": "2025-09-05"}',
        ),
        ("Mai Thị Hồng", None, "dang_cong_tac", None, "2022-08-01", None),
        ("Ngô Văn Tư", "1965-02-02", "nghi_huu", "2026-03-01", "2006-01-01", None),
    ]  # fmt: skip
    assert sample.execute("SELECT valid_until FROM official_history").fetchall() == [
        ("2026-01-15",)
    ]
    actions = sample.execute(
        "SELECT attribute, kind, deadline, responsible FROM standard_actions ORDER BY id"
    ).fetchall()
    assert actions == [
        ("field", "bo_tri_lai", "2027-06-30", "Trần Văn Minh"),
        ("it", "boi_duong", "2026-04-11", "Nguyễn Thị Thu Hà"),
        ("state_management", "boi_duong", "2027-10-31", "Nguyễn Thị Thu Hà"),
    ]


def test_demo_scores_appraisal_and_remedial_task(sample) -> None:  # type: ignore[no-untyped-def]
    scores = sample.execute(
        "SELECT a.year, s.code, s.value, s.numerator, s.denominator, s.override, "
        "s.explanation, s.appraised_1, s.appraisal_1_note FROM scores s "
        "JOIN assessments a ON a.uuid = s.assessment_uuid "
        "WHERE s.code IN ('2', '6', '13', '15.1') ORDER BY a.year, s.code"
    ).fetchall()
    assert scores == [
        (2025, "13", "1", None, None, None,
         "Chưa có kiến nghị đơn giản hóa TTHC bằng văn bản gửi cấp trên.", None, ""),
        (2025, "15.1", None, "1843", "1870", None, "", None, ""),
        (2025, "2", None, None, None, "2", "", None, ""),
        (2025, "6", "1.5", None, None, None, "", "0",
         "Chưa có văn bản gắn kết quả CCHC với bình xét thi đua"),
        (2026, "13", "2.5", None, None, None, "", None, ""),
        (2026, "6", "1.5", None, None, None, "", None, ""),
    ]  # fmt: skip
    remedial = sample.execute(
        "SELECT c.code, t.deadline, t.lead FROM criterion_tasks c "
        "JOIN tasks t ON t.uuid = c.task_uuid"
    ).fetchall()
    assert remedial == [("4", "2026-09-30", "Nguyễn Thị Thu Hà")]


def test_demo_data_files_hold_no_calendar_date() -> None:
    """A sample made on any day looks the same: its files hold only relative dates."""
    import re

    from cchc_desktop.paths import data_resource

    files = sorted((data_resource("demo")).glob("*.json"))
    assert [f.stem for f in files] == ["profile", "scoring", "staff", "tasks"]
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert not re.search(r"\b(19|20)\d\d-\d\d-\d\d\b", text), file.name
        assert not re.search(r"năm (19|20)\d\d\b", text), file.name
