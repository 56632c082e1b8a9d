"""One shape for today, and the working year written once."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import cchc_desktop
from cchc_desktop.core.clock import system_clock
from cchc_desktop.core.profile import CommuneProfile, working_year

PACKAGE = Path(cchc_desktop.__file__).parent

# Still reading the system date themselves; remove each from here as it moves to a plain
# ``today: date``. ``parse_birth`` reads «12/03/85» as 1985 rather than
# 2085 against today, and its other caller, the staff workbook reader, carries no day.
NOT_YET = {
    "core/staff.py",
}


def test_the_working_year_is_the_profiles_else_todays() -> None:
    today = date(2026, 3, 9)
    profile = CommuneProfile(assessment_year=2025)
    assert working_year(profile, today) == 2025
    assert working_year(None, today) == 2026
    # a profile without a year (never saved through the form) counts as none
    assert working_year(replace(profile, assessment_year=0), today) == 2026


def test_the_system_clock_reads_today() -> None:
    assert system_clock() == date.today()


def test_only_the_clock_asks_the_system_for_the_date() -> None:
    """A rule takes ``today: date``; a page or the command line holds a ``Clock``."""
    asking = re.compile(r"\bdate\.today\b|\btoday: date \| None\b|Callable\[\[\], date\]")
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name == "core/clock.py" or name in NOT_YET:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if asking.search(line):
                found.append(f"{name}:{number}: {line.strip()}")
    assert found == []
