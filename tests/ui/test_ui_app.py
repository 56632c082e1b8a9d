"""Start-up as the application does it: which file opens, first run, switching files."""

from __future__ import annotations

import argparse
from pathlib import Path

from cchc_desktop.paths import default_store_path, demo_store_path
from cchc_desktop.store.profile_repo import load_profile
from cchc_desktop.ui.shell.app import AppController
from tests.support.profile import PROFILE


def _args(**values) -> argparse.Namespace:  # type: ignore[no-untyped-def]
    return argparse.Namespace(**{"db": None, "demo": False, "measure_startup": False, **values})


def test_first_start_opens_the_default_store_and_asks_for_the_profile(
    qtbot, settings, home
) -> None:  # type: ignore[no-untyped-def]
    controller = AppController(settings, _args())
    assert controller.start()
    try:
        assert controller.store.path == default_store_path().absolute()
        assert controller.first_run is not None and controller.first_run.isVisible()
        controller.first_run.form.set_profile(PROFILE)
        controller.first_run.save_button.click()
        assert load_profile(controller.store) == PROFILE
        assert controller.window.windowTitle() == "UBND xã Vân Canh — CCHC Desktop"
        assert controller.window.current_page_key() == "overview"
    finally:
        controller.window.close()
        controller.shutdown()


def test_postponed_first_run_shows_the_profile_screen(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    controller = AppController(settings, _args())
    assert controller.start()
    try:
        controller.first_run.later_button.click()
        assert controller.window.current_page_key() == "profile"
    finally:
        controller.window.close()
        controller.shutdown()


def test_demo_opens_its_own_filled_store(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    controller = AppController(settings, _args(demo=True))
    assert controller.start()
    try:
        assert controller.store.path == demo_store_path().absolute()
        assert controller.store.is_demo
        assert controller.first_run is None
        assert controller.window.demo_banner.isVisible()
        assert not default_store_path().exists()
    finally:
        controller.window.close()
        controller.shutdown()


def test_db_option_opens_that_file(qtbot, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "usb" / "xa.db"
    path.parent.mkdir()
    controller = AppController(settings, _args(db=str(path)))
    assert controller.start()
    try:
        assert controller.store.path == path.absolute()
        assert settings.chosen_store_path is None  # --db is for this start only
    finally:
        controller.window.close()
        controller.shutdown()


def test_chosen_file_is_remembered_and_forgotten(qtbot, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.store import open_store

    controller = AppController(settings, _args())
    with open_store(tmp_path / "usb.db") as usb:
        controller._remember(usb)
    assert settings.chosen_store_path == (tmp_path / "usb.db").absolute()
    with open_store(default_store_path()) as default:
        controller._remember(default)
    assert settings.chosen_store_path is None


def test_switching_to_another_data_file(qtbot, settings, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from cchc_desktop.ui.shell import app as app_module

    other = tmp_path / "usb" / "xa-khac.db"
    other.parent.mkdir()
    controller = AppController(settings, _args(demo=True))
    assert controller.start()
    first_store = controller.store
    monkeypatch.setattr(app_module, "choose_store_file", lambda parent, start: other)
    controller.open_other_store()
    try:
        assert controller.store is not first_store
        assert controller.store.path == other.absolute()
        assert controller.window.isVisible() and not controller.window.demo_banner.isVisible()
        assert settings.chosen_store_path == other.absolute()
        # the demo file was closed cleanly and can be opened again
        from cchc_desktop.store import open_store

        with open_store(first_store.path) as again:
            assert again.is_demo
    finally:
        controller.window.close()
        controller.shutdown()
