"""Today, one way through the code base.

A rule takes the day it judges on as a plain ``today: date`` argument, so a test fixes
it by passing a date. Whatever lives long enough to see midnight pass — the window's
pages, the command line — holds a :data:`Clock` and reads it at the moment it acts;
:func:`system_clock` is the real one and the only place that asks the system for the
date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

Clock = Callable[[], date]


def system_clock() -> date:
    """Today's date on this PC."""
    return date.today()
