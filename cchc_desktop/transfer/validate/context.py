"""What the other records of the package (and this PC) say: for the rules that look beyond
one record."""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from cchc_desktop.core.criteria import CriteriaSet, parse_criteria_set, shipped_criteria_sets
from cchc_desktop.core.staff import StaffLists, load_staff_lists
from cchc_desktop.core.standards import StandardSet, parse_standard_set, shipped_standard_sets
from cchc_desktop.core.tasks import Document
from cchc_desktop.store.records import stored_date
from cchc_desktop.store.staff_repo import known_positions


@dataclass
class Context:
    today: date
    lists: StaffLists
    field_codes: set[str] | None
    positions: set[tuple[str, str]]
    documents: dict[str, Document] = field(default_factory=dict)
    results: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    criteria: dict[str, CriteriaSet] = field(default_factory=dict)
    assessment_sets: dict[str, str] = field(default_factory=dict)
    conn: sqlite3.Connection | None = None

    def document(self, uuid: str) -> Document | None:
        if uuid in self.documents:
            return self.documents[uuid]
        if self.conn is not None:
            row = self.conn.execute(
                "SELECT number, issued_on, issuer, summary FROM documents WHERE uuid = ?", (uuid,)
            ).fetchone()
            if row is not None:
                return lenient(lambda: Document(row[0], stored_date(row[1]), row[2], row[3], uuid))
        return None

    def criteria_of(self, assessment_uuid: str) -> CriteriaSet | None:
        set_uuid = self.assessment_sets.get(assessment_uuid)
        if set_uuid is None and self.conn is not None:
            row = self.conn.execute(
                "SELECT criteria_set_uuid FROM assessments WHERE uuid = ?", (assessment_uuid,)
            ).fetchone()
            set_uuid = row[0] if row else None
        return self.criteria_set(set_uuid) if set_uuid else None

    def criteria_set(self, uuid: Any) -> CriteriaSet | None:
        return self.criteria.get(uuid) if isinstance(uuid, str) else None


_Made = TypeVar("_Made")


def lenient(make: Callable[[], _Made]) -> _Made | None:
    """What ``make`` builds, or None when the record is broken (it is refused on its turn)."""
    try:
        return make()
    except Exception:
        return None


def _from_json(parse: Callable[[Any], _Made], text: Any) -> _Made:
    return parse(json.loads(text))


def _document_of_row(row: dict[str, Any]) -> Document:
    return Document(
        row.get("number") or "",
        stored_date(row.get("issued_on")),
        row.get("issuer") or "",
        row.get("summary") or "",
        row.get("uuid"),
    )


def make_context(
    records: Mapping[str, list[dict[str, Any]]], today: date, conn: sqlite3.Connection | None
) -> Context:
    lists = load_staff_lists()
    codes = {r.get("code") for r in records.get("reform_fields", ())}
    standard_sets: list[StandardSet] = list(shipped_standard_sets())
    criteria = {s.uuid: s for s in shipped_criteria_sets()}
    set_rows = [r.get("data") for r in records.get("standard_sets", ())]
    # Criteria sets by the uuid of their row, as criteria_repo.load_criteria_set finds them.
    criteria_rows = [(r.get("uuid"), r.get("data")) for r in records.get("criteria_sets", ())]
    if conn is not None:
        codes |= {r[0] for r in conn.execute("SELECT code FROM reform_fields")}
        set_rows += [r[0] for r in conn.execute("SELECT data FROM standard_sets")]
        # the package's version of a set comes last and wins
        criteria_rows[:0] = conn.execute("SELECT uuid, data FROM criteria_sets").fetchall()
    for data in set_rows:
        standard_set = lenient(functools.partial(_from_json, parse_standard_set, data))
        if standard_set is not None:
            standard_sets.append(standard_set)
    for uuid, data in criteria_rows:
        criteria_set = lenient(functools.partial(_from_json, parse_criteria_set, data))
        if criteria_set is not None and isinstance(uuid, str):
            criteria[uuid] = criteria_set
    ctx = Context(
        today=today,
        lists=lists,
        field_codes={c for c in codes if isinstance(c, str)} or None,
        positions=known_positions(standard_sets),
        criteria=criteria,
        conn=conn,
    )
    for row in records.get("documents", ()):
        document = lenient(functools.partial(_document_of_row, row))
        if document is not None:
            ctx.documents[str(row.get("uuid"))] = document
    for row in records.get("task_documents", ()):
        position = row.get("position")
        ctx.results.setdefault(str(row.get("task_uuid")), []).append(
            (position if isinstance(position, int) else 0, str(row.get("document_uuid")))
        )
    for row in records.get("assessments", ()):
        if isinstance(row.get("criteria_set_uuid"), str):
            ctx.assessment_sets[str(row.get("uuid"))] = row["criteria_set_uuid"]
    return ctx
