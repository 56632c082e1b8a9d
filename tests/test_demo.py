"""The sample commune: written through the users' own code paths, never into real data."""

from __future__ import annotations

from datetime import date

import pytest

from cchc_desktop.demo import demo_profile, fill_demo_store
from cchc_desktop.store import DemoRefusedError
from cchc_desktop.store.profile_repo import load_profile, save_profile
from tests.test_store_open import PROFILE


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
    from cchc_desktop.store.task_repo import TaskFilter, state_counts, task_count

    with open_store(tmp_path / "demo.db") as store:
        assert fill_demo_store(store, today)
        assert task_count(store) >= 20
        counts = state_counts(store, TaskFilter(), today, 7)
        for state in DerivedState:  # the demo shows every state
            assert counts[state] > 0, state
        assert store.integrity_problems() == []
