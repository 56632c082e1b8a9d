"""Test configuration: headless Qt, and never the user's real data folder."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Before anything imports Qt: no display is needed, and none is used.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# A session-wide fallback; each test gets its own folder below.
os.environ["CCHC_DESKTOP_HOME"] = tempfile.mkdtemp(prefix="cchc-test-home-")

import pytest

from cchc_desktop.paths import migrations_dir
from cchc_desktop.store import Store, open_store


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's own data folder (store, backups, logs, interface settings)."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("CCHC_DESKTOP_HOME", str(folder))
    return folder


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "cchc.db"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    store_path.parent.mkdir(parents=True, exist_ok=True)
    opened = open_store(store_path)
    yield opened
    opened.close()


@pytest.fixture
def migrations_copy(tmp_path: Path) -> Path:
    """A private copy of db/ that a test may add migrations to."""
    folder = tmp_path / "migrations"
    shutil.copytree(migrations_dir(), folder)
    return folder


pytest_plugins = ["tests.support.ui_helpers"]
