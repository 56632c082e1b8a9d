"""Saving the commune profile: validated first, normalised, stamped only on a real change."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store.profile_repo import load_profile, save_profile
from tests.support.profile import PROFILE

TODAY = date(2026, 11, 22)


def test_save_and_load(store) -> None:  # type: ignore[no-untyped-def]
    assert load_profile(store) is None
    saved = save_profile(store, replace(PROFILE, commune_name="Xã Vân Canh"), TODAY)
    assert saved.commune_name == "Vân Canh"
    assert load_profile(store) == saved


def test_invalid_profile_saves_nothing(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        save_profile(store, replace(PROFILE, commune_code="12"), TODAY)
    assert set(caught.value.errors) == {"commune_code"}
    assert load_profile(store) is None
    save_profile(store, PROFILE, TODAY)
    with pytest.raises(ValidationError):
        save_profile(store, replace(PROFILE, signer_name=""), TODAY)
    assert load_profile(store) == PROFILE


def test_updated_at_moves_only_on_a_real_change(store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    clock = iter(["2026-11-22T01:00:00.000Z", "2026-11-22T02:00:00.000Z"])
    monkeypatch.setattr("cchc_desktop.store.profile_repo.utc_now", lambda: next(clock))
    save_profile(store, PROFILE, TODAY)

    def identity() -> tuple[str, str]:
        return store.conn.execute("SELECT uuid, updated_at FROM commune_profile").fetchone()

    uuid, stamp = identity()
    save_profile(store, replace(PROFILE, preparer_name=" Lê  Thị Hồng"), TODAY)  # same once tidied
    assert identity() == (uuid, stamp)
    save_profile(store, replace(PROFILE, assessment_year=2026), TODAY)
    new_uuid, new_stamp = identity()
    assert new_uuid == uuid
    assert (stamp, new_stamp) == ("2026-11-22T01:00:00.000Z", "2026-11-22T02:00:00.000Z")
