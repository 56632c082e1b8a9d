"""The overview's figures agree with the screens and reports behind them (no display)."""

from __future__ import annotations

from datetime import date, datetime

from cchc_desktop.core.task_stats import compute_statistics
from cchc_desktop.core.tasks import DerivedState
from cchc_desktop.demo import fill_demo_store
from cchc_desktop.store.database import Store
from cchc_desktop.store.overview_repo import NO_FIELD_NAME, URGENT_LIMIT, overview
from cchc_desktop.store.scoring_repo import assessment_for_year, sheet_state
from cchc_desktop.store.settings_repo import (
    BACKUP_WARNING_DAYS,
    backup_warning_days,
    due_soon_days,
    set_setting,
)
from cchc_desktop.store.task_query import TaskFilter, state_counts
from cchc_desktop.store.task_repo import task_facts

TODAY = date(2025, 10, 15)


def test_demo_figures_match_the_task_register_and_the_sheet(store: Store) -> None:
    fill_demo_store(store, TODAY)
    o = overview(store, TODAY)
    counts = state_counts(store, TaskFilter(), TODAY, due_soon_days(store))
    assert o.overdue == counts[DerivedState.OVERDUE] > 0
    assert o.due_soon == counts[DerivedState.DUE_SOON]
    assert o.due_soon_days == due_soon_days(store) == 7
    assert len(o.urgent) == min(URGENT_LIMIT, o.overdue + o.due_soon)
    assert [t.deadline for t in o.urgent] == sorted(t.deadline for t in o.urgent)
    assert o.urgent[0].days_late == (TODAY - o.urgent[0].deadline).days > 0

    start, end = date(2025, 1, 1), date(2025, 12, 31)
    stats = compute_statistics(task_facts(store, start, end), start, end, TODAY, 7)
    assert sum(f.total for f in o.status_by_field) == stats.total
    assert sum(f.overdue for f in o.status_by_field) == stats.overdue

    sheet = sheet_state(store, assessment_for_year(store, 2025), TODAY).sheet
    assert o.score is not None and o.score.total == sheet.total
    assert o.score.band == sheet.band.name
    assert o.without_evidence == len(sheet.without_evidence())
    assert o.last_score is not None and o.last_score.year == 2024
    assert len(o.points_by_field) == len(sheet.criteria.fields)

    assert o.staff_counted == sum(r.total for r in o.ratio_by_department)
    assert o.next_report is not None and o.next_report.due >= TODAY
    assert o.last_backup is None and o.backup_is_old
    assert o.needs_reminder


def test_an_empty_store_has_nothing_to_show(store: Store) -> None:
    o = overview(store, TODAY)
    assert (o.overdue, o.due_soon, o.urgent, o.status_by_field) == (0, 0, [], [])
    assert o.score is None and o.points_by_field == [] and o.ratio_by_department == []
    assert not o.needs_reminder
    assert o.next_report is not None  # the calendar exists before any task


def test_backup_warning_days_is_a_setting(store: Store) -> None:
    assert backup_warning_days(store) == 7
    set_setting(store, BACKUP_WARNING_DAYS, 3)
    o = overview(store, TODAY)
    o.last_backup = datetime(2025, 10, 11, 9, 0)
    assert o.backup_is_old
    o.last_backup = datetime(2025, 10, 12, 9, 0)
    assert not o.backup_is_old


def test_a_field_has_one_name_on_both_charts(store: Store) -> None:
    """0.6.0: «Cải cách tổ chức bộ máy» on one chart, «… hành chính nhà nước» on the other."""
    from cchc_desktop.store.task_repo import reform_fields

    fill_demo_store(store, TODAY)
    o = overview(store, TODAY)
    names = {f.name for f in reform_fields(store)}
    assert o.points_by_field and {p.title for p in o.points_by_field} <= names
    assert {f.name for f in o.status_by_field} - {NO_FIELD_NAME} <= names


def test_the_staff_figures_count_only_officials_in_post(store: Store) -> None:
    """As the staff screen and the reports count them: a retired official is not among the
    people to standardise (the overview said 13 where the staff list said 12)."""
    from cchc_desktop.core.staff import load_staff_lists
    from cchc_desktop.core.standard_checks import Outcome, evaluate_on
    from cchc_desktop.store.staff_repo import load_officials, load_standard_sets

    fill_demo_store(store, TODAY)
    later = date(TODAY.year + 1, 6, 1)  # the sample's retirement has happened by then
    lists = load_staff_lists()
    officials = load_officials(store)
    assert any(not o.is_counted_on(later, lists) for o in officials)
    in_post = evaluate_on(officials, load_standard_sets(store), lists, later)
    figures = overview(store, later)
    assert figures.staff_counted == sum(e.outcome != Outcome.NOT_APPLICABLE for e in in_post)
    assert figures.staff_counted == sum(r.total for r in figures.ratio_by_department)
