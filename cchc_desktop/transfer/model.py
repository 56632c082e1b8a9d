"""What a package holds and what importing one would do: plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT_NAME = "cchc-goi-du-lieu"
# Raise FORMAT_VERSION when a reader of the previous version could not read the
# package correctly, and set MIN_READER_VERSION to the first application version
# that reads it.
FORMAT_VERSION = 2
MIN_READER_VERSION = "0.7.0"

# What a package is for. A commune store imports its own data packages; the
# superior-level mode will send appraisal packages and receipts back.
KIND_COMMUNE_DATA = "du-lieu-xa"
KNOWN_PACKAGE_KINDS = {KIND_COMMUNE_DATA: "Dữ liệu của xã"}

# The officer's choice for a conflict. Without a choice the rule decides (the newer edit
# wins, the same on every PC); a choice against the rule is saved as a new edit here and
# travels like any other.
KEEP_LOCAL = "giu-may-nay"
TAKE_INCOMING = "lay-goi"
BY_RULE = "theo-quy-tac"

# The nature of a conflict.
BOTH_CHANGED = "ca-hai-da-sua"
DELETED_THERE = "goi-da-xoa"  # deleted in the package, changed on this PC
DELETED_HERE = "may-nay-da-xoa"  # deleted on this PC, changed in the package


def years_text(years: tuple[int, ...] | list[int] | None) -> str:
    """What a package holds, inside a sentence: "toàn bộ dữ liệu" or "các năm 2025, 2026"."""
    if not years:
        return "toàn bộ dữ liệu"
    return "các năm " + ", ".join(str(y) for y in sorted(years))


@dataclass(frozen=True)
class PackageOptions:
    """What to put in a package."""

    years: tuple[int, ...] | None = None  # None: the whole store
    personal_data: bool = True  # officials' gender, birth date and ethnicity
    password: str | None = None  # None or "": not encrypted


@dataclass(frozen=True)
class Member:
    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    format_version: int
    package_kind: str
    app_version: str
    min_reader_version: str
    schema_version: int
    unit_code: str
    unit_name: str
    province: str
    demo: bool
    store_id: str
    package_id: str
    created_at: str  # UTC ISO 8601
    years: tuple[int, ...] | None
    personal_data: bool
    encryption: dict[str, Any] | None
    counts: dict[str, int]  # record kind → rows; also "tombstones" and "files"
    members: tuple[Member, ...]
    # Format 2: the newest clock the sender had seen of each PC (its own included).
    clock: dict[str, int] = field(default_factory=dict)

    @property
    def encrypted(self) -> bool:
        return self.encryption is not None

    @property
    def files_size(self) -> int:
        return sum(m.size for m in self.members if m.name.startswith("files/"))


@dataclass
class VerifiedPackage:
    """A package whose every member was checked; its records are in memory, files are not."""

    path: Path
    manifest: Manifest
    records: dict[str, list[dict[str, Any]]]  # record kind → rows (with "_base")
    tombstones: list[dict[str, Any]]
    files: dict[str, int]  # sha256 → size
    password: str | None = None


@dataclass
class KindSummary:
    kind: str
    label: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    conflicts: int = 0

    @property
    def changes(self) -> int:
        return self.new + self.updated + self.deleted + self.conflicts


@dataclass(frozen=True)
class Difference:
    column: str  # label shown to the officer
    local: str
    incoming: str


@dataclass(frozen=True)
class Conflict:
    key: str  # stable identifier of the conflict within a plan: the record's uuid
    kind: str
    label: str  # the kind's label, e.g. "Nhiệm vụ CCHC"
    title: str  # which record, e.g. the task's content
    nature: str  # BOTH_CHANGED, DELETED_THERE or DELETED_HERE
    local_updated: str  # UTC ISO 8601, "" when deleted here
    incoming_updated: str
    differences: tuple[Difference, ...] = ()
    winner: str = "there"  # "here" or "there": which side the rule keeps
    local_who: str = ""
    incoming_who: str = ""

    @property
    def rule_choice(self) -> str:
        return KEEP_LOCAL if self.winner == "here" else TAKE_INCOMING

    @property
    def description(self) -> str:
        if self.nature == DELETED_THERE:
            return "Máy kia đã xóa, máy này đã sửa"
        if self.nature == DELETED_HERE:
            return "Máy này đã xóa, máy kia đã sửa"
        return "Cả hai máy đã sửa"


@dataclass
class ImportPlan:
    package: VerifiedPackage
    summaries: list[KindSummary]
    conflicts: list[Conflict]
    new_files: int = 0
    new_file_bytes: int = 0
    notes: list[str] = field(default_factory=list)  # e.g. why some lines are kept
    fingerprint: str = ""  # the store's state when planned: applying checks it is unchanged

    @property
    def has_changes(self) -> bool:
        return bool(self.new_files) or any(s.changes for s in self.summaries)


@dataclass
class ImportResult:
    """What was written. In ``summaries``, ``conflicts`` counts the conflicts the officer
    decided; each one's outcome is also counted as updated, unchanged, new or deleted."""

    backup: Path | None
    summaries: list[KindSummary]
    new_files: int


@dataclass(frozen=True)
class ExportResult:
    path: Path
    manifest: Manifest
    size: int
