"""Criteria sets in the store, and the mapping between two of them.

A set that has scores is never changed in place (the schema refuses it too); a correction
is saved as a new version."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace

from cchc_desktop.core.criteria import (
    CriteriaSet,
    criteria_set_to_json,
    next_version,
    parse_criteria_set,
    shipped_criteria_sets,
    validate_criteria_set,
)
from cchc_desktop.core.score_comparison import CodeLink, LinkKind, default_mapping, validate_mapping
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store.database import Store
from cchc_desktop.store.records import new_uuid, stable_uuid, utc_now


@dataclass(frozen=True)
class StoredSet:
    criteria: CriteriaSet
    stored: bool  # False: a shipped sample not used yet
    years: tuple[int, ...] = ()  # the years whose sheet uses it
    scored: bool = False  # a sheet on it has scores: it can no longer change

    @property
    def uuid(self) -> str:
        return self.criteria.uuid


def _stored_sets(store: Store) -> dict[str, CriteriaSet]:
    rows = store.conn.execute("SELECT data FROM criteria_sets ORDER BY family, version, id")
    found = {}
    for (data,) in rows:
        s = parse_criteria_set(json.loads(data))
        found[s.uuid] = s
    return found


def load_criteria_set(store: Store, uuid: str) -> CriteriaSet | None:
    row = store.conn.execute("SELECT data FROM criteria_sets WHERE uuid = ?", (uuid,)).fetchone()
    if row is not None:
        return parse_criteria_set(json.loads(row[0]))
    return next((s for s in shipped_criteria_sets() if s.uuid == uuid), None)


def list_criteria_sets(store: Store) -> list[StoredSet]:
    """Every set the officer can choose: the stored ones, then unused shipped samples."""
    stored = _stored_sets(store)
    years: dict[str, list[int]] = {}
    for uuid, year in store.conn.execute(
        "SELECT criteria_set_uuid, year FROM assessments ORDER BY year"
    ):
        years.setdefault(uuid, []).append(year)
    scored = {
        r[0]
        for r in store.conn.execute(
            "SELECT DISTINCT a.criteria_set_uuid FROM scores s "
            "JOIN assessments a ON a.uuid = s.assessment_uuid"
        )
    }
    result = [
        StoredSet(s, True, tuple(years.get(uuid, ())), uuid in scored) for uuid, s in stored.items()
    ]
    result += [StoredSet(s, False) for s in shipped_criteria_sets() if s.uuid not in stored]
    return result


def _insert_set(store: Store, s: CriteriaSet) -> None:
    now = utc_now()
    store.conn.execute(
        "INSERT INTO criteria_sets (uuid, updated_at, created_at, family, version, name, data) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            s.uuid,
            now,
            now,
            s.family,
            s.version,
            s.name,
            json.dumps(criteria_set_to_json(s), ensure_ascii=False),
        ),
    )


def ensure_stored(store: Store, s: CriteriaSet) -> None:
    found = store.conn.execute("SELECT 1 FROM criteria_sets WHERE uuid = ?", (s.uuid,)).fetchone()
    if found is None:
        _insert_set(store, s)


def _family_for(store: Store, name: str) -> str:
    """A new family name from the set's name: ASCII letters, digits and dashes, unused."""
    import re

    from cchc_desktop.core.text import fold_for_search

    base = re.sub(r"[^a-z0-9]+", "-", fold_for_search(name)).strip("-")[:60] or "bo-tieu-chi"
    taken = {r[0] for r in store.conn.execute("SELECT DISTINCT family FROM criteria_sets")}
    taken |= {s.family for s in shipped_criteria_sets()}
    family, n = base, 1
    while family in taken:
        n += 1
        family = f"{base}-{n}"
    return family


def _top_version(store: Store, family: str) -> int:
    top: int = store.conn.execute(
        "SELECT COALESCE(MAX(version), 0) FROM criteria_sets WHERE family = ?", (family,)
    ).fetchone()[0]
    shipped = max((x.version for x in shipped_criteria_sets() if x.family == family), default=0)
    return max(top, shipped)


def save_new_criteria_set(store: Store, s: CriteriaSet) -> CriteriaSet:
    """Store an imported set: a family of its own (a set of the same name is another family:
    each year's provincial set often has the same title), or, when ``s.family`` names one,
    its next version. Refuses an unsound set with the node named; never overwrites."""
    errors = validate_criteria_set(s)
    if errors:
        raise ValidationError(errors)
    with store.transaction():
        family = s.family or _family_for(store, s.name)
        version = _top_version(store, family) + 1
        # the same set imported on two PCs is one record (a shipped one keeps its uuid)
        uuid = s.uuid or stable_uuid("criteria_sets", family, version)
        saved = replace(s, uuid=uuid, family=family, version=version)
        exists = store.conn.execute(
            "SELECT 1 FROM criteria_sets WHERE uuid = ?", (saved.uuid,)
        ).fetchone()
        if exists:
            raise ValidationError({"set": "Bộ tiêu chí này đã có trong dữ liệu."})
        _insert_set(store, saved)
    return saved


def correct_criteria_set(store: Store, old: CriteriaSet, corrected: CriteriaSet) -> CriteriaSet:
    """Save ``corrected`` as the next version of ``old``'s family (the old one stays)."""
    fresh = next_version(replace(corrected, family=old.family), new_uuid())
    errors = validate_criteria_set(fresh)
    if errors:
        raise ValidationError(errors)
    with store.transaction():
        version = max(fresh.version, _top_version(store, old.family) + 1)
        fresh = replace(
            fresh, version=version, uuid=stable_uuid("criteria_sets", old.family, version)
        )
        _insert_set(store, fresh)
    return fresh


def load_mapping(store: Store, old: CriteriaSet, new: CriteriaSet) -> list[CodeLink]:
    """The officer's mapping of ``old``'s codes to ``new``'s, else the default by code."""
    row = store.conn.execute(
        "SELECT data FROM criteria_mappings WHERE old_set_uuid = ? AND new_set_uuid = ?",
        (old.uuid, new.uuid),
    ).fetchone()
    if row is None:
        return default_mapping(old, new)
    return [
        CodeLink(LinkKind(item["kind"]), tuple(item["old"]), tuple(item["new"]))
        for item in json.loads(row[0])
    ]


def save_mapping(
    store: Store, old: CriteriaSet, new: CriteriaSet, links: Iterable[CodeLink]
) -> None:
    links = list(links)
    problems = validate_mapping(links, old, new)
    if problems:
        raise ValidationError({"mapping": " ".join(problems)})
    data = json.dumps(
        [{"kind": k.kind.value, "old": list(k.old), "new": list(k.new)} for k in links],
        ensure_ascii=False,
    )
    now = utc_now()
    with store.transaction():
        ensure_stored(store, old)
        ensure_stored(store, new)
        store.conn.execute(
            "INSERT INTO criteria_mappings (uuid, updated_at, old_set_uuid, new_set_uuid, data) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (old_set_uuid, new_set_uuid) "
            "DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
            (stable_uuid("criteria_mappings", old.uuid, new.uuid), now, old.uuid, new.uuid, data),
        )
