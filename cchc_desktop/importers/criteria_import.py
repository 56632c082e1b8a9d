"""From a read criteria sheet and the details the officer completes to the set to store.

Qt-free: the import dialog and any other caller use the same checks. The officer names the
set, its province, years and issuing decision, and saves it as a new set or as a new version
(a correction) of a set already stored; :func:`plan_criteria_import` checks those details
and gives the plan that the store's :func:`~cchc_desktop.store.imports.apply_criteria_import`
writes, when the stored sets are still as :func:`criteria_import_state` read them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from cchc_desktop.core.criteria import CriteriaSet, Decision, MethodKind
from cchc_desktop.core.points import format_points
from cchc_desktop.core.tasks import document_date_problem
from cchc_desktop.core.text import fold_for_search, normalize_text
from cchc_desktop.core.year_list import parse_years
from cchc_desktop.importers.criteria_excel import CriteriaReading
from cchc_desktop.store.criteria_repo import StoredSet, list_criteria_sets
from cchc_desktop.store.database import Store
from cchc_desktop.store.imports import CRITERIA_TABLES, Basis, snapshot, take_basis


def set_summary(s: CriteriaSet) -> str:
    """ "Tổng điểm tối đa 99 điểm: 7 lĩnh vực, 18 tiêu chí chấm điểm …" """
    leaves = list(s.leaves())
    bonus = sum(1 for n in leaves if n.kind == MethodKind.BONUS)
    penalty = sum(1 for n in leaves if n.kind == MethodKind.PENALTY)
    text = (
        f"Tổng điểm tối đa {format_points(s.total)} điểm: {len(s.fields)} lĩnh vực, "
        f"{len(leaves) - bonus - penalty} tiêu chí chấm điểm"
    )
    if s.survey_maximum:
        text += f" (trong đó {format_points(s.survey_maximum)} điểm điều tra xã hội học)"
    extra = []
    if bonus:
        extra.append(f"{bonus} dòng điểm thưởng")
    if penalty:
        extra.append(f"{penalty} dòng điểm trừ")
    if extra:
        text += "; " + ", ".join(extra) + " tính ngoài tổng"
    return text + "."


def family_label(s: CriteriaSet) -> str:
    label = s.title
    if s.province:
        label += f" — {s.province}"
    if s.years:
        label += f" (năm {s.years_text})"
    return label


@dataclass(frozen=True)
class CriteriaImportState:
    """The sets a correction may be of: the latest version of each stored family (never a
    shipped sample), by name."""

    families: list[StoredSet]
    basis: Basis

    def same_name(self, name: str) -> StoredSet | None:
        """A stored family named ``name`` (case and accents aside): perhaps a correction."""
        folded = fold_for_search(normalize_text(name))
        return next(
            (s for s in self.families if folded and fold_for_search(s.criteria.name) == folded),
            None,
        )

    def family(self, uuid: str | None) -> StoredSet | None:
        return next((s for s in self.families if s.uuid == uuid), None)


def criteria_import_state(store: Store) -> CriteriaImportState:
    with snapshot(store):
        sets = list_criteria_sets(store)
        basis = take_basis(store, CRITERIA_TABLES)
    latest: dict[str, StoredSet] = {}
    for s in sets:
        if not s.stored or s.criteria.sample:
            continue  # a correction is of a province's set, not of a sample
        known = latest.get(s.criteria.family)
        if known is None or s.criteria.version > known.criteria.version:
            latest[s.criteria.family] = s
    families = sorted(latest.values(), key=lambda s: fold_for_search(s.criteria.name))
    return CriteriaImportState(families, basis)


@dataclass(frozen=True)
class CriteriaDetails:
    """What the officer completes: as typed, except the date (read by the form)."""

    name: str
    province: str = ""
    years: str = ""
    decision_number: str = ""
    decision_date: date | None = None
    decision_issuer: str = ""
    note: str = ""
    as_version: bool = False  # a new version (correction) of ``corrected``
    corrected: StoredSet | None = None


@dataclass(frozen=True)
class CriteriaImportPlan:
    criteria: CriteriaSet  # the set read, with the details
    corrected: CriteriaSet | None  # the stored set it corrects, or None: a new family
    basis: Basis | None = None


def plan_criteria_import(
    reading: CriteriaReading,
    details: CriteriaDetails,
    today: date,
    basis: Basis | None = None,
) -> tuple[CriteriaImportPlan | None, dict[str, str]]:
    """The set to store, or None with the reasons by field (name, years, decision_date,
    mode). A reading with errors gives no plan and no reasons: the errors are the file's."""
    if not reading.ok or reading.criteria_set is None:
        return None, {}
    errors: dict[str, str] = {}
    name = normalize_text(details.name)
    if not name:
        errors["name"] = "Chưa nhập tên bộ tiêu chí."
    years: tuple[int, ...] = ()
    try:
        years = parse_years(details.years)
    except ValueError as exc:
        errors["years"] = str(exc)
    if problem := document_date_problem(details.decision_date, today):
        errors["decision_date"] = problem
    if details.as_version and details.corrected is None:
        errors["mode"] = "Chọn bộ tiêu chí được đính chính."
    if errors:
        return None, errors
    criteria = replace(
        reading.criteria_set,
        name=name,
        province=normalize_text(details.province),
        years=years,
        decision=Decision(
            number=normalize_text(details.decision_number),
            issued_on=details.decision_date,
            issuer=normalize_text(details.decision_issuer),
        ),
        note=details.note.strip(),
    )
    corrected = details.corrected.criteria if details.as_version and details.corrected else None
    return CriteriaImportPlan(criteria, corrected, basis), {}
