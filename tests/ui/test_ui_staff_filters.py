"""The staff list's filter: which officials each choice above the list keeps. Qt-free."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import date

from cchc_desktop.core.staff import Birth, Gender, Official, load_staff_lists
from cchc_desktop.core.standard_checks import Outcome, evaluate
from cchc_desktop.core.standards import position_names, shipped_standard_sets
from cchc_desktop.core.text import fold_for_search
from cchc_desktop.ui.staff.filters import OUTCOME_FILTERS, StaffFilter, outcome_key, position_key

TODAY = date(2026, 11, 22)
LISTS = load_staff_lists()
SETS = shipped_standard_sets()
NAMES = position_names(SETS)


def official(**values: object) -> Official:
    base = Official(
        uuid="a",
        full_name="Nguyễn Thị Minh Khai",
        category="cong_chuc",
        gender=Gender.FEMALE,
        birth=Birth.of(date(1988, 3, 12)),
        standard_family="nd33-2023",
        position="tp_ht",
        department="vp_hdnd_ubnd",
        started_on=date(2015, 9, 1),
        general_education="thpt",
        professional="dai_hoc",
        field_of_study="Luật",
        political_theory="trung_cap",
        notes="ghi chú riêng",
    )
    return replace(base, **values)  # type: ignore[arg-type]


def chosen(**values: object) -> StaffFilter:
    return StaffFilter(today=TODAY, lists=LISTS, position_names=NAMES, **values)  # type: ignore[arg-type]


def test_the_filter_needs_no_qt() -> None:
    code = "import sys, cchc_desktop.ui.staff.filters; print('PySide6' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_nothing_chosen_keeps_everyone() -> None:
    e = evaluate(official(), SETS, LISTS, TODAY)
    assert chosen().accepts(e)


def test_each_choice_keeps_only_its_own() -> None:
    e = evaluate(official(), SETS, LISTS, TODAY)
    assert chosen(position=["nd33-2023", "tp_ht"]).accepts(e)
    assert not chosen(position=("nd33-2023", "vp_tk")).accepts(e)
    assert chosen(department="vp_hdnd_ubnd").accepts(e)
    assert not chosen(department="other").accepts(e)
    assert chosen(category="cong_chuc").accepts(e)
    assert not chosen(category="can_bo").accepts(e)
    assert chosen(outcome=outcome_key(e)).accepts(e)
    assert not chosen(outcome="not_applicable").accepts(e)


def test_active_keeps_those_counted_today_and_a_status_keeps_its_own() -> None:
    working = evaluate(official(), SETS, LISTS, TODAY)
    assert chosen(status="active").accepts(working) == working.official.is_counted_on(TODAY, LISTS)
    assert chosen(status=working.official.status).accepts(working)
    assert not chosen(status="some_other_status").accepts(working)


def test_a_requirement_keeps_those_it_is_missing_for() -> None:
    e = evaluate(official(political_theory=""), SETS, LISTS, TODAY)
    missing = {c.attribute for c in e.gaps}
    assert missing
    assert chosen(requirement=next(iter(missing))).accepts(e)
    assert not chosen(requirement="no_such_requirement").accepts(e)


def test_every_search_word_must_appear_in_name_position_field_notes_or_outcome() -> None:
    e = evaluate(official(), SETS, LISTS, TODAY)

    def search(text: str) -> bool:
        return chosen(words=fold_for_search(text).split()).accepts(e)

    assert search("khai")
    assert search("nguyen khai luat")
    assert search("ghi chu")
    assert search(NAMES[("nd33-2023", "tp_ht")].split()[0])
    assert not search("khai toan")


def test_the_outcome_groups_and_the_position_key() -> None:
    e = evaluate(official(), SETS, LISTS, TODAY)
    assert outcome_key(e) in {key for _label, key in OUTCOME_FILTERS}
    assert position_key(e) == ("nd33-2023", "tp_ht")
    free = evaluate(
        official(standard_family="", position="", position_title="Bảo vệ"), SETS, LISTS, TODAY
    )
    assert position_key(free) == ("", "Bảo vệ")
    assert (
        outcome_key(free)
        == {
            Outcome.MET: "met",
            Outcome.NOT_MET: "not_met",
            Outcome.UNKNOWN: "unknown",
            Outcome.NOT_APPLICABLE: "not_applicable",
        }[free.outcome]
    )
