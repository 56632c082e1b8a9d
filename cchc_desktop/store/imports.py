"""Writing what an import planned: in one transaction, refused when the store changed since.

An import reads a file and plans without writing (:mod:`cchc_desktop.importers`); the
writing is here, one function per kind of file. A plan carries the :class:`Basis` it was
computed against: a fingerprint of the tables it read (:mod:`.fingerprint`, the one a package
import takes too: every record's uuid and ``updated_at``, which every write of a record
changes). Each ``apply_*`` checks it again inside its transaction and
refuses with :class:`StaleImportError` when anything changed: what is written is what was
previewed, or nothing.

The functions take any plan of the right shape (:class:`TaskChanges` …), so that the store
needs nothing of the importers.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Protocol

from cchc_desktop.core.criteria import CriteriaSet, shipped_criteria_sets
from cchc_desktop.core.staff import Official, StaffLists
from cchc_desktop.core.tasks import Task
from cchc_desktop.core.text import ascii_slug
from cchc_desktop.store.criteria_repo import correct_criteria_set, save_new_criteria_set
from cchc_desktop.store.database import Store
from cchc_desktop.store.errors import StoreError
from cchc_desktop.store.fingerprint import fingerprint
from cchc_desktop.store.scoring_repo import Assessment, save_appraisals
from cchc_desktop.store.staff_repo import add_officials, update_officials
from cchc_desktop.store.task_repo import add_tasks

# The tables each kind of import reads to plan, and so must find unchanged to apply.
TASK_TABLES = ("tasks", "reform_fields")
STAFF_TABLES = ("officials", "standard_sets")
CRITERIA_TABLES = ("criteria_sets",)
APPRAISAL_TABLES = ("criteria_sets", "assessments", "scores")

STALE_MESSAGE = (
    "Dữ liệu đã thay đổi sau khi xem trước (có thể do một thao tác khác vừa lưu). Bản xem "
    "trước đã được lập lại theo dữ liệu hiện tại; hãy kiểm tra rồi xác nhận lại. Chưa có gì "
    "được lưu."
)


@dataclass(frozen=True)
class Basis:
    """What a plan was computed against: some tables, and their fingerprint then."""

    tables: tuple[str, ...]
    fingerprint: str


class StaleImportError(StoreError):
    """The store changed between the plan and its apply; nothing was written."""

    def __init__(self) -> None:
        super().__init__(STALE_MESSAGE)


def take_basis(store: Store, tables: Sequence[str]) -> Basis:
    return Basis(tuple(tables), fingerprint(store.conn, tables))


@contextlib.contextmanager
def snapshot(store: Store) -> Iterator[None]:
    """Reads that must see one state of the store (what a plan reads, and its basis)."""
    if store.conn.in_transaction:
        yield
        return
    store.conn.execute("BEGIN")
    try:
        yield
    finally:
        store.conn.execute("ROLLBACK")


@contextlib.contextmanager
def guarded(store: Store, basis: Basis | None) -> Iterator[None]:
    """One transaction that first checks the store is still as the plan saw it.

    Under WAL a write after this check fails when another connection committed in between,
    so nothing planned on an older state is ever written.
    """
    if basis is None:
        raise ValueError("a plan is applied only with the basis it was computed against")
    with store.transaction():
        if fingerprint(store.conn, basis.tables) != basis.fingerprint:
            raise StaleImportError()
        yield


# --- tasks ----------------------------------------------------------------------------------


class TaskChanges(Protocol):
    @property
    def basis(self) -> Basis | None: ...

    @property
    def tasks(self) -> list[Task]: ...


def apply_task_import(store: Store, plan: TaskChanges, today: date) -> list[Task]:
    """Add the planned tasks, all or none."""
    with guarded(store, plan.basis):
        return add_tasks(store, plan.tasks, today)


# --- staff ----------------------------------------------------------------------------------


class StaffChanges(Protocol):
    @property
    def basis(self) -> Basis | None: ...

    @property
    def to_add(self) -> list[Official]: ...

    @property
    def to_update(self) -> list[Official]: ...


@dataclass(frozen=True)
class StaffImportResult:
    added: list[Official]
    updated: list[Official]

    @property
    def uuids(self) -> list[str]:
        return [o.uuid for o in (*self.added, *self.updated) if o.uuid]


def apply_staff_import(
    store: Store, plan: StaffChanges, today: date, lists: StaffLists | None = None
) -> StaffImportResult:
    """Add and update what the officer chose, all or nothing.

    Raises ValidationError or StoreError (Vietnamese messages), and then nothing is saved.
    """
    to_add, to_update = plan.to_add, plan.to_update
    with guarded(store, plan.basis):
        added = add_officials(store, to_add, today, lists) if to_add else []
        updated = update_officials(store, to_update, today, lists) if to_update else []
    return StaffImportResult(added, _in_order(to_update, updated))


def _in_order(wanted: Iterable[Official], written: list[Official]) -> list[Official]:
    """Every record chosen for update (an unchanged one is not rewritten, but still counts)."""
    done = {o.uuid: o for o in written}
    return [done.get(o.uuid, o) for o in wanted]


# --- criteria sets --------------------------------------------------------------------------


class CriteriaChanges(Protocol):
    @property
    def basis(self) -> Basis | None: ...

    @property
    def criteria(self) -> CriteriaSet: ...

    @property
    def corrected(self) -> CriteriaSet | None: ...


def new_family_id(name: str, taken: set[str]) -> str:
    """An ASCII family id from the set's name, not used by any set stored or shipped.

    The store would otherwise derive it from the name alone, and a new set named like an
    existing one (every year's set is often called the same) would become a version of it.
    """
    base = ascii_slug(name, 60) or "bo-tieu-chi"
    family, number = base, 2
    while family in taken:
        family = f"{base}-{number}"
        number += 1
    return family


def taken_families(store: Store) -> set[str]:
    """The family ids of every set stored or shipped."""
    stored = {row[0] for row in store.conn.execute("SELECT family FROM criteria_sets")}
    return stored | {s.family for s in shipped_criteria_sets()}


def apply_criteria_import(store: Store, plan: CriteriaChanges) -> CriteriaSet:
    """Store the set: the next version of the corrected family, or a family of its own."""
    with guarded(store, plan.basis):
        if plan.corrected is not None:
            return correct_criteria_set(store, plan.corrected, plan.criteria)
        family = new_family_id(plan.criteria.name, taken_families(store))
        return save_new_criteria_set(store, replace(plan.criteria, family=family))


# --- appraisals -----------------------------------------------------------------------------


class AppraisalChanges(Protocol):
    @property
    def basis(self) -> Basis | None: ...

    @property
    def assessment(self) -> Assessment: ...

    @property
    def round_no(self) -> int: ...

    def updates(self) -> list[tuple[str, Decimal, str]]: ...


def apply_appraisal_import(store: Store, plan: AppraisalChanges) -> int:
    """Write the appraised points of the round chosen; the lines changed."""
    with guarded(store, plan.basis):
        return save_appraisals(store, plan.assessment, plan.round_no, plan.updates())
