"""What an operation changed, said as areas of the data, so that screens refresh themselves.

A screen that changes data announces a :class:`Changes`; every screen that shows one of the
areas named reads its data again. Nothing else needs to know which screen shows what (the
main window no longer wires one page's change to another's refresh).
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Changes:
    """The areas of the data an operation changed.

    ``tasks``: the task register. ``staff``: officials, standards, the standardisation plan.
    ``scoring``: criteria sets, self-assessments, scores. ``profile``: the commune's profile
    (its name, the assessment year). ``reports``: recipients and numbering of reports.
    ``backups``: the backups and packages listed. ``settings``: preferences kept in the store.
    """

    tasks: bool = False
    staff: bool = False
    scoring: bool = False
    profile: bool = False
    reports: bool = False
    backups: bool = False
    settings: bool = False

    @classmethod
    def everything(cls) -> Changes:
        """The whole data file changed (a package imported, a backup restored)."""
        return cls(**{f.name: True for f in fields(cls)})

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            **{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)}
        )

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    @property
    def areas(self) -> tuple[str, ...]:
        """The names of the areas changed, in a stable order (for logs and tests)."""
        return tuple(f.name for f in fields(self) if getattr(self, f.name))
