"""Tổng quan: what needs the officer's attention today, read from the store (no Qt).

One call gathers every figure of the overview page and of the start-up reminder, with
the same rules as the screens behind them: the task states of the task register, the
staff page's evaluation of each official, the scoring page's sheet, the backup folder.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from cchc_desktop.core.profile import working_year
from cchc_desktop.core.tasks import DerivedState, Status, derived_state_sql
from cchc_desktop.store.database import Store

if TYPE_CHECKING:
    from cchc_desktop.store.scoring_repo import SheetState

URGENT_LIMIT = 5
NO_FIELD_NAME = "Chưa xếp lĩnh vực"
NO_DEPARTMENT_NAME = "Không thuộc phòng nào"


@dataclass(frozen=True)
class UrgentTask:
    uuid: str
    content: str
    deadline: date
    days_late: int  # negative: days left before the deadline


@dataclass(frozen=True)
class NextReport:
    name: str
    due: date
    done: bool = False  # its task in the register is finished


@dataclass(frozen=True)
class TrainingEnd:
    name: str
    ends_on: date


@dataclass(frozen=True)
class YearScore:
    year: int
    total: Decimal
    maximum: Decimal
    percent: Decimal | None
    band: str  # "" when the set has no band for the percentage
    locked: bool


@dataclass(frozen=True)
class FieldPoints:
    title: str
    maximum: Decimal
    score: Decimal | None  # this year
    last_score: Decimal | None  # last year, when comparable
    last_maximum: Decimal | None


@dataclass(frozen=True)
class FieldStatus:
    """Tasks of one reform field this year, grouped for the stacked bars."""

    name: str
    done: int = 0
    in_progress: int = 0  # in time, due soon, without deadline
    overdue: int = 0
    paused: int = 0

    @property
    def total(self) -> int:
        return self.done + self.in_progress + self.overdue + self.paused


@dataclass(frozen=True)
class DepartmentRatio:
    name: str
    met: int
    total: int

    @property
    def percent(self) -> float:
        return 100 * self.met / self.total if self.total else 0.0


@dataclass
class Overview:
    today: date
    due_soon_days: int
    overdue: int = 0
    due_soon: int = 0
    urgent: list[UrgentTask] = field(default_factory=list)  # overdue, then due soon
    next_report: NextReport | None = None
    staff_counted: int = 0  # officials under standardisation
    staff_not_met: int = 0  # not meeting, with no training closing every gap
    staff_will_meet: int = 0
    staff_unknown: int = 0
    trainings_ending: list[TrainingEnd] = field(default_factory=list)
    assessment_year: int = 0
    score: YearScore | None = None
    last_score: YearScore | None = None
    without_evidence: int = 0
    unscored: int = 0
    last_backup: datetime | None = None
    backup_warning_days: int = 7
    task_year: int = 0
    status_by_field: list[FieldStatus] = field(default_factory=list)
    points_by_field: list[FieldPoints] = field(default_factory=list)
    ratio_by_department: list[DepartmentRatio] = field(default_factory=list)

    @property
    def backup_is_old(self) -> bool:
        if self.last_backup is None:
            return True
        age = self.today - self.last_backup.date()
        return age > timedelta(days=self.backup_warning_days)

    @property
    def needs_reminder(self) -> bool:
        return bool(self.overdue or self.due_soon)


def overview(store: Store, today: date, assessment_year: int | None = None) -> Overview:
    """Everything the overview page shows on ``today``.

    ``assessment_year`` is the self-assessment year shown (the profile's by default).
    """
    from cchc_desktop.store.profile_repo import load_profile
    from cchc_desktop.store.settings_repo import backup_warning_days, due_soon_days

    if assessment_year is None:
        profile = load_profile(store)
        assessment_year = working_year(profile, today)
    result = Overview(
        today=today,
        due_soon_days=due_soon_days(store),
        assessment_year=assessment_year,
        backup_warning_days=backup_warning_days(store),
        task_year=today.year,
    )
    _tasks(store, result)
    result.next_report = next_report(store, today)
    _staff(store, result)
    _scores(store, result)
    _backup(store, result)
    return result


# --- tasks ------------------------------------------------------------------------------


def _tasks(store: Store, result: Overview) -> None:
    from cchc_desktop.core.task_stats import compute_statistics
    from cchc_desktop.store.task_repo import reform_fields, task_facts

    today, days = result.today, result.due_soon_days
    state_sql, params = derived_state_sql(today, days)
    counts = Counter(
        {
            DerivedState(s): n
            for s, n in store.conn.execute(
                f"SELECT {state_sql} AS s, count(*) FROM tasks GROUP BY s", params
            )
        }
    )
    result.overdue = counts[DerivedState.OVERDUE]
    result.due_soon = counts[DerivedState.DUE_SOON]
    rows = _urgent_rows(store, state_sql, params)
    result.urgent = [
        UrgentTask(uuid, content, deadline, (today - deadline).days)
        for uuid, content, deadline in rows
    ]

    start, end = date(today.year, 1, 1), date(today.year, 12, 31)
    stats = compute_statistics(task_facts(store, start, end), start, end, today, days)
    names = {f.code: f.name for f in reform_fields(store)}
    order = {code: index for index, code in enumerate(names)}
    ordered = sorted(
        stats.by_field,
        key=lambda code: (code is None, order.get(code or "", len(order)), code or ""),
    )
    for code in ordered:
        states = stats.by_field[code]
        result.status_by_field.append(
            FieldStatus(
                name=names.get(code, code) if code else NO_FIELD_NAME,
                done=states[DerivedState.DONE_ON_TIME] + states[DerivedState.DONE_LATE],
                in_progress=states[DerivedState.IN_TIME]
                + states[DerivedState.DUE_SOON]
                + states[DerivedState.NO_DEADLINE],
                overdue=states[DerivedState.OVERDUE],
                paused=states[DerivedState.PAUSED],
            )
        )


def _urgent_rows(
    store: Store, state_sql: str, params: dict[str, str]
) -> list[tuple[str, str, date]]:
    """The most urgent open tasks: overdue first (oldest deadline first), then due soon."""
    sql = (
        "SELECT uuid, content, deadline FROM"
        f" (SELECT uuid, content, deadline, {state_sql} AS s FROM tasks)"
        " WHERE s IN ('qua_han', 'sap_den_han') ORDER BY deadline, content LIMIT :limit"
    )
    return [
        (uuid, content, date.fromisoformat(deadline))
        for uuid, content, deadline in store.conn.execute(sql, {**params, "limit": URGENT_LIMIT})
    ]


def next_report(store: Store, today: date) -> NextReport | None:
    """The next periodic report of the report calendar not finished yet, due today or later."""
    from cchc_desktop.core.periodic_reports import schedule_with_overrides
    from cchc_desktop.store.settings_repo import REPORT_SCHEDULE, get_setting

    schedule = schedule_with_overrides(get_setting(store, REPORT_SCHEDULE))
    candidates = sorted(
        (report.due_date(year), report.name, report.recurrence_key(year))
        for year in (today.year - 1, today.year, today.year + 1)
        for report in schedule
        if report.due_date(year) >= today
    )
    for due, name, key in candidates:
        row = store.conn.execute(
            "SELECT status, completed_on FROM tasks WHERE recurrence_key = ?", (key,)
        ).fetchone()
        finished = row is not None and row[0] in (Status.DONE.value, Status.CANCELLED.value)
        if not finished:
            return NextReport(name, due)
    return None


# --- staff ------------------------------------------------------------------------------


def _staff(store: Store, result: Overview) -> None:
    from cchc_desktop.core.staff import load_staff_lists
    from cchc_desktop.core.standard_checks import Outcome, evaluate_on
    from cchc_desktop.core.standard_ratios import ratios_by
    from cchc_desktop.store.staff_repo import load_officials, load_standard_sets

    today = result.today
    lists = load_staff_lists()
    sets = load_standard_sets(store)
    # those in post today, as the staff screen and the reports count them
    evaluations = evaluate_on(load_officials(store), sets, lists, today)
    officials = [e.official for e in evaluations]
    counted = [e for e in evaluations if e.outcome != Outcome.NOT_APPLICABLE]
    result.staff_counted = len(counted)
    result.staff_will_meet = sum(e.meets_on is not None for e in counted)
    result.staff_not_met = sum(e.outcome == Outcome.NOT_MET and e.meets_on is None for e in counted)
    result.staff_unknown = sum(e.outcome == Outcome.UNKNOWN for e in counted)
    horizon = today + timedelta(days=result.due_soon_days)
    result.trainings_ending = sorted(
        (
            TrainingEnd(o.full_name, o.training.ends_on)
            for o in officials
            if o.training is not None
            and o.training.ends_on is not None
            and today <= o.training.ends_on <= horizon
        ),
        key=lambda t: (t.ends_on, t.name),
    )
    ratios = ratios_by(
        counted, lambda e: lists.name("departments", e.official.department) or NO_DEPARTMENT_NAME
    )
    result.ratio_by_department = [DepartmentRatio(r.group, r.met, r.total) for r in ratios]


# --- self-assessment --------------------------------------------------------------------


def _year_score(state: SheetState) -> YearScore:
    sheet = state.sheet
    return YearScore(
        year=state.assessment.year,
        total=sheet.total,
        maximum=sheet.maximum,
        percent=sheet.percent,
        band=sheet.band.name if sheet.band else "",
        locked=state.assessment.locked,
    )


def _scores(store: Store, result: Overview) -> None:
    from cchc_desktop.core.score_comparison import compare_fields
    from cchc_desktop.store.scoring_repo import assessment_for_year, sheet_state

    year = result.assessment_year
    current = assessment_for_year(store, year)
    previous = assessment_for_year(store, year - 1)
    state = sheet_state(store, current, result.today) if current else None
    old_state = sheet_state(store, previous, result.today) if previous else None
    if old_state is not None:
        result.last_score = _year_score(old_state)
    if state is None:
        return
    result.score = _year_score(state)
    result.without_evidence = len(state.sheet.without_evidence())
    result.unscored = len(state.sheet.unscored())
    rows = compare_fields(old_state.sheet if old_state else None, state.sheet)
    # One field, one name on both charts: a field of the criteria set that belongs to a
    # reform field is called by that field's name (as in the tasks chart).
    from cchc_desktop.store.task_repo import reform_fields

    names = {f.code: f.name for f in reform_fields(store)}
    belongs = {f.code: f.field_code for f in state.sheet.criteria.fields}
    result.points_by_field = [
        FieldPoints(
            names.get(belongs.get(r.code) or "", r.title),
            r.new_maximum,
            r.new_score,
            r.old_score,
            r.old_maximum,
        )
        for r in rows
    ]


# --- backups ----------------------------------------------------------------------------


def _backup(store: Store, result: Overview) -> None:
    from cchc_desktop.store.backup import list_backups

    try:
        backups = list_backups(store.path)
    except OSError:
        backups = []
    result.last_backup = backups[0].created if backups else None
