"""The rules of a report request, in one Qt-free place the screen and the command line share."""

from __future__ import annotations

from datetime import date

import pytest

from cchc_desktop.demo import fill_demo_store
from cchc_desktop.exports import ExportError
from cchc_desktop.exports.reports.common import SELF_ASSESSMENT, STAFF, TASKS, ReportOptions
from cchc_desktop.exports.request import (
    DAY,
    DOCUMENTS,
    FORMATS_KEY,
    NUMBER,
    PARENT_LINE_KEY,
    PERIOD,
    RECIPIENTS,
    RECIPIENTS_KEY,
    YEAR,
    DocumentLines,
    SubmissionRequest,
    check_request,
    default_lines,
    document_lines,
    readiness_of,
    remember_lines,
    request_problems,
    year_range,
)
from cchc_desktop.store.database import Store
from cchc_desktop.store.profile_repo import load_profile
from cchc_desktop.store.settings_repo import get_setting

TODAY = date(2026, 11, 22)
ALL = (SELF_ASSESSMENT, TASKS, STAFF)


@pytest.fixture
def demo(store: Store) -> Store:
    fill_demo_store(store, TODAY)
    return store


def _problems(request: SubmissionRequest, **options) -> dict[str, str]:  # type: ignore[no-untyped-def]
    options.setdefault("day", TODAY)
    return request_problems(request, today=TODAY, **options)


def test_a_sound_request_has_no_problem() -> None:
    assert _problems(SubmissionRequest(ALL, 2026)) == {}
    one = SubmissionRequest((STAFF,), 2026)
    assert _problems(one, number="7", recipients=("- Lưu: VT.",)) == {}


def test_a_date_after_today_is_refused() -> None:
    problems = _problems(SubmissionRequest(ALL, 2026), day=date(2031, 1, 1))
    assert "không được sau hôm nay (22/11/2026)" in problems[DAY]
    assert "Nhập ngày" in _problems(SubmissionRequest(ALL, 2026), day=None)[DAY]


def test_one_number_for_several_documents_is_refused() -> None:
    problems = _problems(SubmissionRequest(ALL, 2026), number="15")
    assert "Mỗi báo cáo có số riêng" in problems[NUMBER]
    assert NUMBER not in _problems(SubmissionRequest((TASKS,), 2026), number="15")


def test_the_other_rules_of_a_request() -> None:
    assert DOCUMENTS in _problems(SubmissionRequest((), 2026))
    assert DOCUMENTS in _problems(SubmissionRequest(("bao-cao-la",), 2026))
    assert FORMATS_KEY in _problems(SubmissionRequest(ALL, 2026, formats=()))
    assert FORMATS_KEY in _problems(SubmissionRequest(ALL, 2026, formats=("docx",)))
    assert "«quy-2»" in _problems(SubmissionRequest((TASKS,), 2026, period="quy-2"))[PERIOD]
    assert PERIOD not in _problems(SubmissionRequest((STAFF,), 2026, period="quy-2"))
    first, last = year_range(TODAY)
    assert last == 2027
    assert YEAR in _problems(SubmissionRequest(ALL, first - 1))
    assert YEAR in _problems(SubmissionRequest(ALL, last + 1))
    assert RECIPIENTS in _problems(SubmissionRequest(ALL, 2026), recipients=())
    assert RECIPIENTS not in _problems(SubmissionRequest(ALL, 2026), recipients=None)  # defaults


def test_check_request_names_every_problem_and_what_cannot_be_built(demo: Store) -> None:
    request = SubmissionRequest(ALL, 2026)
    with pytest.raises(ExportError) as refused:
        check_request(demo, request, ReportOptions(date(2031, 1, 1), number="15"), TODAY)
    assert "không được sau hôm nay" in refused.value.message
    assert "Mỗi báo cáo có số riêng" in refused.value.message

    with pytest.raises(ExportError) as unready:
        check_request(demo, SubmissionRequest(ALL, 2023), ReportOptions(TODAY), TODAY)
    assert "Năm 2023 chưa có bảng tự chấm điểm" in unready.value.message

    ready = check_request(demo, SubmissionRequest(ALL, 2026), ReportOptions(TODAY), TODAY)
    assert set(ready) == set(ALL) and all(r.available for r in ready.values())
    assert ready[SELF_ASSESSMENT].caution  # the sample's sheet of this year is half scored


def test_a_report_dated_before_its_year_cannot_be_built(demo: Store) -> None:
    ready = readiness_of(demo, 2026, "nam", date(2025, 12, 20))
    assert not ready[SELF_ASSESSMENT].available and not ready[STAFF].available
    assert "Năm 2026 chưa đến" in ready[SELF_ASSESSMENT].text


def test_the_lines_of_a_document_follow_the_profile_until_changed(demo: Store) -> None:
    profile = load_profile(demo)
    usual = default_lines(profile)
    assert usual.parent_line == "UBND TỈNH GIA LAI"
    assert usual.recipients[-1] == "- Lưu: VT, VP."
    assert document_lines(demo, profile) == usual
    assert default_lines(None).parent_line == ""

    changed = DocumentLines("", ("- Lưu: VT.",))
    assert remember_lines(demo, profile, changed) == {}
    assert document_lines(demo, profile) == changed
    assert (get_setting(demo, PARENT_LINE_KEY), get_setting(demo, RECIPIENTS_KEY)) == (
        "",
        ["- Lưu: VT."],
    )
    # the usual lines again: nothing stored, they follow the profile from now on
    assert remember_lines(demo, profile, usual) == {}
    assert get_setting(demo, PARENT_LINE_KEY) is None and get_setting(demo, RECIPIENTS_KEY) is None
    assert document_lines(demo, profile) == usual
