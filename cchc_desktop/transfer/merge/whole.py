"""Keeping the merged store whole: no live record left without a record it needs.

A record that a live record needs stays (or comes back): a deletion of it is not made, and
a record deleted here that the package still has is brought back. Decided on the merged
state only, so both PCs decide alike. What cannot be made whole (a parent neither here nor
in the package) is not written.
"""

from __future__ import annotations

from typing import Any

from cchc_desktop.store.kinds import BY_NAME, KINDS, Kind
from cchc_desktop.transfer.merge.planner import Planner
from cchc_desktop.transfer.merge.steps import DELETE, RESTORE, UNCHANGED, WRITES, Plan, Step

# Rounds of mending at most: each round may bring back parents whose own parents are gone.
_ROUNDS = 8

_StepsByKey = dict[tuple[str, str], Step]


def keep_whole(planner: Planner, plan: Plan) -> None:
    """Mend ``plan`` so that every live record finds the records it needs, then order its
    steps parents first."""
    by_key = {(s.kind, s.uuid): s for s in plan.steps}
    for _round in range(_ROUNDS):
        if not _mend_round(planner, plan, by_key, _alive(planner, plan)):
            break
    order = {kind.name: index for index, kind in enumerate(KINDS)}
    plan.steps.sort(key=lambda s: order[s.kind])


def _alive(planner: Planner, plan: Plan) -> dict[str, set[str]]:
    """The uuids of every kind present once the plan is written."""
    alive: dict[str, set[str]] = {}
    for kind in KINDS:
        uuids = set(planner.local.rows[kind.name])
        for step in plan.steps:
            if step.kind != kind.name:
                continue
            if step.action == DELETE:
                uuids.discard(step.uuid)
            elif step.action in WRITES:
                uuids.add(step.uuid)
        alive[kind.name] = uuids
    return alive


def _mend_round(
    planner: Planner, plan: Plan, by_key: _StepsByKey, alive: dict[str, set[str]]
) -> bool:
    """One pass over the live records (against the state at the round's start); True when a
    step changed."""
    changed = False
    for kind in KINDS:
        for uuid in list(alive[kind.name]):
            found = by_key.get((kind.name, uuid))
            row = (
                found.row
                if found is not None and found.row
                else planner.local.rows[kind.name].get(uuid, {})
            )
            for column, target in kind.hard_refs:
                parent = row.get(column)
                if parent is None or parent in alive[target]:
                    continue
                if _mend(planner, plan, by_key, (target, parent), (kind, uuid, found)):
                    changed = True
                    break
    return changed


def _mend(
    planner: Planner,
    plan: Plan,
    by_key: _StepsByKey,
    missing: tuple[str, str],
    child: tuple[Kind, str, Step | None],
) -> bool:
    """A live record needs a parent that will not be there: keep the parent, bring it back
    from the package, or (a new record only) leave the child out. False: nothing to do."""
    target, parent = missing
    kind, uuid, found = child
    parent_step = by_key.get((target, parent))
    incoming: dict[str, Any] | None = planner.incoming.records[target].get(parent)
    if parent_step is not None and parent_step.action == DELETE:
        parent_step.action = UNCHANGED  # needed here: the deletion waits
        parent_step.tombstone = None
        plan.kept += 1
    elif parent_step is not None and incoming is not None:
        parent_step.action = RESTORE
        parent_step.row = {c: v for c, v in incoming.items() if c in planner.local.columns[target]}
        parent_step.versions = dict(planner.incoming.versions.get(parent, {}))
        plan.kept += 1
    elif incoming is not None:
        new = planner.new_record(BY_NAME[target], parent, incoming, restore=True)
        plan.steps.append(new)
        by_key[(target, parent)] = new
        plan.kept += 1
    elif found is not None and found.action in WRITES and uuid not in planner.local.rows[kind.name]:
        found.action = UNCHANGED
        plan.dropped += 1
    else:
        return False
    return True
