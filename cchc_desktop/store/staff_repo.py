"""The staff register: officials, their earlier records, standard sets and the plan.

Every write validates with the rules of ``core`` first and happens inside one
transaction: a record is saved whole or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from cchc_desktop.core.staff import (
    Birth,
    Gender,
    Official,
    StaffLists,
    Training,
    load_staff_lists,
    name_sort_key,
    normalized_official,
    validate_official,
)
from cchc_desktop.core.standard_plan import (
    ActionKind,
    PlanAction,
    normalized_action,
    task_for_action,
    validate_action,
)
from cchc_desktop.core.standards import (
    StandardSet,
    latest_versions,
    parse_standard_set,
    shipped_standard_sets,
    standard_set_json,
    validate_standard_set,
)
from cchc_desktop.core.tasks import Status, Task
from cchc_desktop.core.text import format_date, normalize_text
from cchc_desktop.core.validation import ValidationError
from cchc_desktop.store.database import Store
from cchc_desktop.store.records import iso_date, new_uuid, stable_uuid, stored_date, utc_now

_COLUMNS = (
    "uuid",
    "full_name",
    "category",
    "gender",
    "birth",
    "ethnicity",
    "standard_family",
    "position",
    "position_title",
    "department",
    "started_on",
    "general_education",
    "professional",
    "field_of_study",
    "political_theory",
    "state_management",
    "it",
    "foreign_language",
    "ethnic_language",
    "training",
    "status",
    "status_on",
    "notes",
)
_DATES = ("started_on", "status_on")


def _training_json(t: Training | None) -> str | None:
    if t is None:
        return None
    return json.dumps(
        {
            "attribute": t.attribute,
            "level": t.level,
            "field_of_study": t.field_of_study,
            "name": t.name,
            "starts_on": iso_date(t.starts_on),
            "ends_on": iso_date(t.ends_on),
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def _training(value: str | None) -> Training | None:
    if not value:
        return None
    raw = json.loads(value)
    return Training(
        attribute=raw["attribute"],
        level=raw["level"],
        field_of_study=raw.get("field_of_study", ""),
        name=raw.get("name", ""),
        starts_on=stored_date(raw.get("starts_on")),
        ends_on=stored_date(raw.get("ends_on")),
    )


def official_values(o: Official) -> dict[str, Any]:
    """The stored form of a record (columns of ``officials``, and history JSON)."""
    values: dict[str, Any] = {name: getattr(o, name) for name in _COLUMNS}
    values["gender"] = o.gender.value if o.gender else None
    values["birth"] = o.birth.stored() if o.birth else None
    values["training"] = _training_json(o.training)
    for name in _DATES:
        values[name] = iso_date(values[name])
    return values


def official_from_values(values: dict[str, Any]) -> Official:
    data: dict[str, Any] = {name: values.get(name) for name in _COLUMNS}
    data["gender"] = Gender(data["gender"]) if data["gender"] else None
    data["birth"] = Birth.from_stored(data["birth"])
    data["training"] = _training(data["training"])
    for name in _DATES:
        data[name] = stored_date(data[name])
    for text in ("ethnicity", "position_title", "field_of_study", "notes"):
        data[text] = data[text] or ""
    return Official(**data)


def _select(store: Store, where: str = "", params: Sequence[Any] = ()) -> list[Official]:
    cursor = store.conn.execute(
        f"SELECT {', '.join(_COLUMNS)} FROM officials {where} ORDER BY name_sort, id", params
    )
    return [official_from_values(dict(zip(_COLUMNS, row, strict=True))) for row in cursor]


def load_officials(store: Store) -> list[Official]:
    """Everyone in the register, current records, sorted the Vietnamese way."""
    return _select(store)


def load_official(store: Store, uuid: str) -> Official | None:
    found = _select(store, "WHERE uuid = ?", (uuid,))
    return found[0] if found else None


def official_count(store: Store) -> int:
    count: int = store.conn.execute("SELECT count(*) FROM officials").fetchone()[0]
    return count


def officials_on(store: Store, day: date) -> list[Official]:
    """Everyone's record as it was on ``day``: the earliest history entry still valid then,
    or the current record."""
    current = {o.uuid: o for o in load_officials(store)}
    rows = store.conn.execute(
        "SELECT official_uuid, data FROM official_history WHERE valid_until > ? "
        "ORDER BY official_uuid, valid_until",
        (day.isoformat(),),
    )
    earlier: dict[str | None, Official] = {}
    for official_uuid, data in rows:
        if official_uuid not in earlier:
            earlier[official_uuid] = official_from_values(json.loads(data))
    return [earlier.get(uuid, o) for uuid, o in current.items()]


def history_of(store: Store, uuid: str) -> list[tuple[date, Official]]:
    """Earlier records of an official: (the day the next record took over, the record)."""
    rows = store.conn.execute(
        "SELECT valid_until, data FROM official_history WHERE official_uuid = ? "
        "ORDER BY valid_until",
        (uuid,),
    )
    return [(date.fromisoformat(v), official_from_values(json.loads(d))) for v, d in rows]


def known_positions(sets: Iterable[StandardSet]) -> set[tuple[str, str]]:
    return {(s.family, p.code) for s in sets for p in s.positions}


def _check(store: Store, official: Official, today: date, lists: StaffLists) -> Official:
    sets = load_standard_sets(store)
    errors = validate_official(official, today, lists, known_positions(sets))
    if errors:
        raise ValidationError(errors)
    return normalized_official(official)


def _write(store: Store, o: Official, now: str) -> Official:
    values = official_values(o)
    values["name_sort"] = name_sort_key(o.full_name)
    if o.uuid is None:
        values["uuid"] = new_uuid()
        columns = [*values, "updated_at", "created_at"]
        store.conn.execute(
            f"INSERT INTO officials ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})",
            [*values.values(), now, now],
        )
        return replace(o, uuid=values["uuid"])
    assignments = ", ".join(f"{name} = :{name}" for name in values if name != "uuid")
    store.conn.execute(
        f"UPDATE officials SET {assignments}, updated_at = :now WHERE uuid = :uuid",
        {**values, "now": now},
    )
    return o


def save_official(
    store: Store,
    official: Official,
    today: date,
    *,
    change_from: date | None = None,
    lists: StaffLists | None = None,
) -> Official:
    """Validate and save one record; nothing is saved when a field is wrong.

    ``change_from``: the change applies from that day — the record as it was
    is kept for the days before (so earlier ratios stay as they were). Without
    it the change corrects the current record.
    """
    lists = lists or load_staff_lists()
    clean = _check(store, official, today, lists)
    with store.transaction():
        current = load_official(store, clean.uuid) if clean.uuid else None
        if clean.uuid and current is None:
            raise ValidationError({"full_name": "Người này không còn trong dữ liệu."})
        if current == clean:
            return clean
        now = utc_now()
        if current is not None and change_from is not None:
            _keep_history(store, current, change_from, today, now)
        elif current is not None:
            _correct_history(store, current, clean, now)
        return _write(store, clean, now)


def _keep_history(
    store: Store, current: Official, change_from: date, today: date, now: str
) -> None:
    if change_from > today:
        raise ValidationError(
            {"change_from": f"Ngày áp dụng {format_date(change_from)} ở sau hôm nay."}
        )
    latest = store.conn.execute(
        "SELECT max(valid_until) FROM official_history WHERE official_uuid = ?", (current.uuid,)
    ).fetchone()[0]
    if latest is not None and change_from.isoformat() < latest:
        raise ValidationError(
            {
                "change_from": "Ngày áp dụng phải từ ngày của lần thay đổi trước "
                f"({format_date(date.fromisoformat(latest))}) trở về sau."
            }
        )
    data = json.dumps(official_values(current), ensure_ascii=False, sort_keys=True)
    if latest == change_from.isoformat():
        # A second change on the same day: the record before the first change still holds.
        return
    store.conn.execute(
        "INSERT INTO official_history (uuid, updated_at, official_uuid, valid_until, data) "
        "VALUES (?, ?, ?, ?, ?)",
        (
            stable_uuid("official_history", current.uuid, change_from.isoformat()),
            now,
            current.uuid,
            change_from.isoformat(),
            data,
        ),
    )


def _correct_history(store: Store, current: Official, corrected: Official, now: str) -> None:
    """A correction is true for every day: earlier records that held the wrong value get the
    right one too (a value that really changed since is left as it was then)."""
    before, after = official_values(current), official_values(corrected)
    changed = {k for k in before if k != "uuid" and before[k] != after[k]}
    if not changed:
        return
    rows = store.conn.execute(
        "SELECT id, data FROM official_history WHERE official_uuid = ?", (current.uuid,)
    ).fetchall()
    for row_id, data in rows:
        values = json.loads(data)
        fixed = {k: after[k] for k in changed if values.get(k) == before[k]}
        if fixed:
            values.update(fixed)
            store.conn.execute(
                "UPDATE official_history SET data = ?, updated_at = ? WHERE id = ?",
                (json.dumps(values, ensure_ascii=False, sort_keys=True), now, row_id),
            )


def _all_valid(
    store: Store, officials: Iterable[Official], today: date, lists: StaffLists | None
) -> list[Official]:
    """Every record checked before any is written; the first invalid one's errors, each
    keyed by its position ("3.full_name")."""
    lists = lists or load_staff_lists()
    positions = known_positions(load_standard_sets(store))
    valid = []
    for index, official in enumerate(officials):
        errors = validate_official(official, today, lists, positions)
        if errors:
            raise ValidationError({f"{index}.{k}": v for k, v in errors.items()})
        valid.append(official)
    return valid


def add_officials(
    store: Store, officials: Iterable[Official], today: date, lists: StaffLists | None = None
) -> list[Official]:
    """Add many records in one transaction (import); all or none."""
    valid = _all_valid(store, officials, today, lists)
    prepared = [normalized_official(replace(official, uuid=None)) for official in valid]
    now = utc_now()
    with store.transaction():
        return [_write(store, o, now) for o in prepared]


def update_officials(
    store: Store, officials: Iterable[Official], today: date, lists: StaffLists | None = None
) -> list[Official]:
    """Correct many existing records in one transaction (re-import); all or none.

    Like a correction in the editor, it is true for every day (earlier records holding the
    old value are corrected too); a real change from a date is entered in the editor.
    """
    prepared = [normalized_official(o) for o in _all_valid(store, officials, today, lists)]
    now = utc_now()
    with store.transaction():
        changed = []
        for o in prepared:
            current = load_official(store, o.uuid or "")
            if current not in (None, o):
                assert current is not None
                _correct_history(store, current, o, now)
                changed.append(_write(store, o, now))
        return changed


def delete_officials(store: Store, uuids: Sequence[str]) -> int:
    """Delete records entered by mistake (with their history and plan). Someone who left
    keeps their record with a status such as «Nghỉ hưu»: earlier ratios need it."""
    with store.transaction():
        removed = 0
        for uuid in uuids:
            removed += store.conn.execute("DELETE FROM officials WHERE uuid = ?", (uuid,)).rowcount
    return removed


# --- standard sets -----------------------------------------------------------------------------


def load_standard_sets(store: Store) -> list[StandardSet]:
    """Every version: the shipped ones, then the ones edited in the program."""
    sets = list(shipped_standard_sets())
    for (data,) in store.conn.execute("SELECT data FROM standard_sets ORDER BY family, version"):
        sets.append(parse_standard_set(json.loads(data)))
    return sets


def current_standard_sets(store: Store) -> list[StandardSet]:
    return latest_versions(load_standard_sets(store))


def save_standard_version(
    store: Store,
    edited: StandardSet,
    effective_from: date,
    change_note: str,
    lists: StaffLists | None = None,
) -> StandardSet:
    """Keep an edited set as a new version of its family; earlier versions stay as they were."""
    lists = lists or load_staff_lists()
    errors = validate_standard_set(edited, lists)
    note = normalize_text(change_note)
    if not note:
        errors["change_note"] = "Ghi ngắn gọn nội dung thay đổi (ví dụ: theo văn bản nào)."
    if errors:
        raise ValidationError(errors)
    with store.transaction():
        versions = [s for s in load_standard_sets(store) if s.family == edited.family]
        newest = max(versions, key=lambda s: s.version, default=None)
        if newest is not None and effective_from < newest.effective_from:
            raise ValidationError(
                {
                    "effective_from": "Phiên bản mới phải áp dụng từ ngày "
                    f"{format_date(newest.effective_from)} (ngày áp dụng của phiên bản "
                    f"{newest.version}) trở về sau."
                }
            )
        version = max((s.version for s in versions), default=0) + 1
        saved = replace(
            edited,
            uuid=stable_uuid("standard_sets", edited.family, version),
            version=version,
            effective_from=effective_from,
            change_note=note,
            shipped=False,
        )
        now = utc_now()
        store.conn.execute(
            "INSERT INTO standard_sets (uuid, updated_at, created_at, family, version, "
            "effective_from, name, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                saved.uuid,
                now,
                now,
                saved.family,
                saved.version,
                effective_from.isoformat(),
                saved.name,
                json.dumps(standard_set_json(saved), ensure_ascii=False),
            ),
        )
    return saved


# --- the plan ------------------------------------------------------------------------------------

ACTION_COLUMNS = (
    "uuid",
    "official_uuid",
    "attribute",
    "kind",
    "content",
    "deadline",
    "responsible",
    "notes",
    "task_uuid",
)


def plan_action_of(row: Sequence[Any]) -> PlanAction:
    v = dict(zip(ACTION_COLUMNS, row, strict=True))
    return PlanAction(
        official_uuid=v["official_uuid"],
        attribute=v["attribute"],
        kind=ActionKind(v["kind"]),
        deadline=stored_date(v["deadline"]),
        responsible=v["responsible"],
        content=v["content"],
        notes=v["notes"],
        task_uuid=v["task_uuid"],
        uuid=v["uuid"],
    )


def load_actions(store: Store, official_uuid: str | None = None) -> list[PlanAction]:
    where, params = ("WHERE official_uuid = ?", (official_uuid,)) if official_uuid else ("", ())
    cursor = store.conn.execute(
        f"SELECT {', '.join(ACTION_COLUMNS)} FROM standard_actions {where} "
        "ORDER BY deadline IS NULL, deadline, id",
        params,
    )
    return [plan_action_of(row) for row in cursor]


def load_action(store: Store, uuid: str) -> PlanAction | None:
    row = store.conn.execute(
        f"SELECT {', '.join(ACTION_COLUMNS)} FROM standard_actions WHERE uuid = ?", (uuid,)
    ).fetchone()
    return plan_action_of(row) if row else None


def action_for_task(store: Store, task_uuid: str) -> PlanAction | None:
    row = store.conn.execute(
        f"SELECT {', '.join(ACTION_COLUMNS)} FROM standard_actions WHERE task_uuid = ?",
        (task_uuid,),
    ).fetchone()
    return plan_action_of(row) if row else None


def save_action(store: Store, action: PlanAction) -> PlanAction:
    errors = validate_action(action)
    if errors:
        raise ValidationError(errors)
    a = normalized_action(action)
    values = {
        "official_uuid": a.official_uuid,
        "attribute": a.attribute,
        "kind": a.kind.value,
        "content": a.content,
        "deadline": iso_date(a.deadline),
        "responsible": a.responsible,
        "notes": a.notes,
        "task_uuid": a.task_uuid,
    }
    now = utc_now()
    with store.transaction():
        if a.uuid is None:
            uuid = new_uuid()
            store.conn.execute(
                f"INSERT INTO standard_actions (uuid, updated_at, created_at, {', '.join(values)}) "
                f"VALUES (?, ?, ?, {', '.join('?' * len(values))})",
                (uuid, now, now, *values.values()),
            )
            return replace(a, uuid=uuid)
        if load_action(store, a.uuid) == a:
            return a
        assignments = ", ".join(f"{k} = :{k}" for k in values)
        updated = store.conn.execute(
            f"UPDATE standard_actions SET {assignments}, updated_at = :now WHERE uuid = :uuid",
            {**values, "now": now, "uuid": a.uuid},
        ).rowcount
        if not updated:
            raise ValidationError({"content": "Biện pháp này không còn trong dữ liệu."})
    return a


def delete_action(store: Store, uuid: str) -> None:
    with store.transaction():
        store.conn.execute("DELETE FROM standard_actions WHERE uuid = ?", (uuid,))


def create_task_for_action(
    store: Store, action: PlanAction, official_name: str, gap_label: str, today: date
) -> tuple[PlanAction, Task]:
    """Add the task that carries out an action, and link the two, in one transaction."""
    from cchc_desktop.store.task_repo import add_tasks

    if action.task_uuid is not None:
        raise ValidationError({"task": "Biện pháp này đã có nhiệm vụ."})
    task = task_for_action(action, official_name, gap_label, today)
    with store.transaction():
        saved_action = save_action(store, action)
        (saved_task,) = add_tasks(store, [task], today)
        linked = replace(saved_action, task_uuid=saved_task.uuid)
        save_action(store, linked)
    return linked, saved_task


def task_states(store: Store, task_uuids: Iterable[str]) -> dict[str, tuple[Status, date | None]]:
    """The status and completion date of the tasks that carry out actions."""
    wanted = sorted({u for u in task_uuids if u})
    found: dict[str, tuple[Status, date | None]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = store.conn.execute(
            f"SELECT uuid, status, completed_on FROM tasks WHERE uuid IN "
            f"({', '.join('?' * len(chunk))})",
            chunk,
        )
        for uuid, status, completed_on in rows:
            found[uuid] = (Status(status), stored_date(completed_on))
    return found
