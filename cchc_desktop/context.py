"""The application context: what every screen of one open data file shares, free of Qt.

The main window builds it once, for the store it opened; a screen reads the store, the
interface settings, today's date and the working year from it instead of holding its own
copies. The settings object is the interface's (``ui.toolkit.settings.UiSettings``); this module
only carries it, so the root package stays importable without Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cchc_desktop.core.clock import Clock, system_clock
from cchc_desktop.core.profile import working_year
from cchc_desktop.store.database import Store
from cchc_desktop.store.profile_repo import load_profile


@dataclass(frozen=True)
class AppContext:
    """``today`` is the clock: read it at the moment of acting (a window open past midnight
    sees the new day). Tests pass a fixed one."""

    store: Store
    settings: object
    today: Clock = field(default=system_clock)

    def working_year(self) -> int:
        """The year the officer works on: the profile's assessment year, else today's."""
        return working_year(load_profile(self.store), self.today())
