"""How a gap against a standard becomes the action the plan proposes (Qt-free)."""

from __future__ import annotations

from datetime import date

import pytest

from cchc_desktop.core.standard_checks import Check, Outcome
from cchc_desktop.core.standard_plan import (
    ActionKind,
    PlanAction,
    proposed_action,
    suggested_kind,
)


def gap(attribute: str, meets_on: date | None = None) -> Check:
    return Check(attribute, "Tiêu chuẩn", Outcome.NOT_MET, "Chưa đạt", meets_on)


@pytest.mark.parametrize(
    ("attribute", "kind"),
    [
        ("professional", ActionKind.TRAINING),
        ("field", ActionKind.TRAINING),
        ("general_education", ActionKind.TRAINING),
        ("political_theory", ActionKind.COURSE),
        ("state_management", ActionKind.COURSE),
        ("it", ActionKind.COURSE),
        ("foreign_language", ActionKind.COURSE),
        ("ethnic_language", ActionKind.COURSE),
        ("position", ActionKind.REASSIGN),
        ("age", ActionKind.OTHER),
        ("something_new", ActionKind.OTHER),
    ],
)
def test_each_gap_suggests_its_kind_of_action(attribute: str, kind: ActionKind) -> None:
    assert suggested_kind(gap(attribute)) == kind


def test_the_proposed_action_is_blank_but_for_kind_and_deadline() -> None:
    assert proposed_action("o-1", gap("it")) == PlanAction("o-1", "it", ActionKind.COURSE, None, "")


def test_a_study_in_progress_gives_its_end_as_deadline() -> None:
    ends = date(2026, 6, 30)
    action = proposed_action("o-1", gap("professional", meets_on=ends))
    assert (action.kind, action.deadline, action.responsible) == (ActionKind.TRAINING, ends, "")
