"""The application context carries the store, the settings, the clock and the working year."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from cchc_desktop.context import AppContext
from cchc_desktop.store.profile_repo import load_profile, save_profile
from tests.support.profile import PROFILE


def test_the_working_year_is_the_profiles_else_todays(store) -> None:  # type: ignore[no-untyped-def]
    context = AppContext(store, settings=None, today=lambda: date(2026, 11, 22))
    assert load_profile(store) is None
    assert context.working_year() == 2026


def test_the_profiles_assessment_year_wins(store) -> None:  # type: ignore[no-untyped-def]
    save_profile(store, replace(PROFILE, assessment_year=2024), date.today())
    context = AppContext(store, settings=None, today=lambda: date(2026, 11, 22))
    assert context.working_year() == 2024
