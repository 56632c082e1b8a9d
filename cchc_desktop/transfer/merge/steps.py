"""Versions, and the steps a merge plans: one per record, with what it does to it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cchc_desktop.store.kinds import KINDS, UNMERGED_COLUMNS, Kind, value_text
from cchc_desktop.transfer.model import KindSummary

# What the import does to a record.
NEW = "new"
UPDATE = "update"
RESTORE = "restore"  # deleted here, brought back by a newer edit there
DELETE = "delete"
UNCHANGED = "unchanged"
VERSIONS = "versions"  # same content; only the versions move (nothing the officer sees)

# When a record was first made: merged as the earliest, never a conflict.
CREATED = "created_at"

# A version: (clock, store id, who).
Version = tuple[int, str, str]
ZERO: Version = (0, "", "")
HERE = "here"
THERE = "there"


def version_key(version: Version) -> tuple[int, str]:
    return version[0], version[1]


def newest_version(versions: Iterable[Version]) -> Version:
    return max(versions, key=version_key, default=ZERO)


def merged_columns(columns: list[str]) -> list[str]:
    return [c for c in columns if c not in UNMERGED_COLUMNS]


def merge_units(kind: Kind, columns: list[str]) -> list[tuple[str, ...]]:
    """The merge units of a kind: its groups, then every other column alone."""
    grouped = {c for group in kind.groups for c in group}
    units = [tuple(c for c in group if c in columns) for group in kind.groups]
    units += [(c,) for c in columns if c not in grouped]
    return [u for u in units if u]


def column_version(marks: dict[str, Version], column: str) -> Version:
    return marks.get(column) or marks.get("*") or ZERO


def record_version(marks: dict[str, Version]) -> Version:
    return newest_version(marks.values())


@dataclass
class Step:
    kind: str
    uuid: str
    action: str
    row: dict[str, Any] | None = None  # the record as it will be (all columns)
    versions: dict[str, Version] = field(default_factory=dict)  # versions to write
    tombstone: dict[str, Any] | None = None  # for DELETE / a tombstone to keep
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    local: dict[str, Any] | None = None  # the record here before the import


@dataclass
class Plan:
    steps: list[Step] = field(default_factory=list)
    tombstones: list[dict[str, Any]] = field(default_factory=list)  # to store (no record)
    dropped: int = 0
    kept: int = 0
    fingerprint: str = ""
    clock: int = 0  # the newest clock in the package


def tiebreak(values: list[Any]) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)


WRITES = (NEW, RESTORE, UPDATE)


def kind_summaries(steps: Iterable[Step]) -> list[KindSummary]:
    by_kind = {kind.name: KindSummary(kind.name, kind.label) for kind in KINDS}
    for step in steps:
        summary = by_kind[step.kind]
        if step.action in (NEW, RESTORE):
            summary.new += 1
        elif step.action == UPDATE:
            summary.updated += 1
        elif step.action == DELETE:
            summary.deleted += 1
        else:
            summary.unchanged += 1
        summary.conflicts += 1 if step.conflicts else 0
    return list(by_kind.values())


def shown_text(value: Any, column: str = "") -> str:
    text = value_text(value, column)
    return text if len(text) <= 160 else text[:157] + "…"
