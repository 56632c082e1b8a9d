"""Checking officials against the standard of their position: đạt / chưa đạt / thiếu thông tin.

Per official and requirement one outcome with the reason in words; a missing value is
never "đạt". A training in progress that would close a gap gives the day it ends. The sets
themselves are :mod:`cchc_desktop.core.standards`; the ratios :mod:`.standard_ratios`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from cchc_desktop.core.staff import Official, StaffLists
from cchc_desktop.core.standards import (
    AGE,
    FIELD,
    POSITION,
    Position,
    Requirement,
    StandardSet,
    attribute_label,
    standard_in_force,
)
from cchc_desktop.core.text import fold_for_search, format_date


class Outcome(enum.StrEnum):
    MET = "dat"
    NOT_MET = "chua_dat"
    UNKNOWN = "thieu_thong_tin"
    NOT_APPLICABLE = "khong_ap_dung"

    @property
    def label(self) -> str:
        return {
            Outcome.MET: "Đạt",
            Outcome.NOT_MET: "Chưa đạt",
            Outcome.UNKNOWN: "Thiếu thông tin",
            Outcome.NOT_APPLICABLE: "Không thuộc diện chuẩn hóa",
        }[self]


@dataclass(frozen=True)
class Check:
    attribute: str
    label: str
    outcome: Outcome
    reason: str
    meets_on: date | None = None  # a training in progress closes the gap on this day


@dataclass(frozen=True)
class Evaluation:
    official: Official
    on: date
    outcome: Outcome
    checks: tuple[Check, ...] = ()
    standard: StandardSet | None = None
    position: Position | None = None

    @property
    def gaps(self) -> list[Check]:
        return [c for c in self.checks if c.outcome in (Outcome.NOT_MET, Outcome.UNKNOWN)]

    @property
    def meets_on(self) -> date | None:
        """When every unmet requirement is covered by a training: the day the last one ends."""
        last = self._training_end()
        return last if last is not None and last >= self.on else None

    @property
    def training_overdue(self) -> date | None:
        """The training that would close every gap should have ended before ``on``."""
        last = self._training_end()
        return last if last is not None and last < self.on else None

    def _training_end(self) -> date | None:
        unmet = self.gaps
        if self.outcome != Outcome.NOT_MET or any(c.meets_on is None for c in unmet):
            return None
        return max(c.meets_on for c in unmet if c.meets_on is not None)

    @property
    def deadline(self) -> date | None:
        return self.standard.deadline if self.standard else None

    def days_left(self, today: date) -> int | None:
        return (self.deadline - today).days if self.deadline else None

    def summary(self) -> str:
        if self.outcome == Outcome.MET:
            return "Đạt chuẩn"
        if self.outcome == Outcome.NOT_APPLICABLE:
            return Outcome.NOT_APPLICABLE.label
        if self.outcome == Outcome.UNKNOWN:
            return "Thiếu thông tin: " + ", ".join(lower_name(c.label) for c in self.gaps)
        if self.training_overdue is not None:
            return (
                f"Chưa đạt: khóa đào tạo lẽ ra kết thúc ngày {format_date(self.training_overdue)}"
                " — cập nhật trình độ nếu đã tốt nghiệp"
            )
        if self.meets_on is not None:
            return f"Sẽ đạt chuẩn khi kết thúc đào tạo ({format_date(self.meets_on)})"
        unmet = [lower_name(c.label) for c in self.checks if c.outcome == Outcome.NOT_MET]
        return "Chưa đạt: " + ", ".join(unmet)


def deadline_text(deadline: date | None, today: date) -> str:
    if deadline is None:
        return ""
    days = (deadline - today).days
    if days > 0:
        return f"{format_date(deadline)} (còn {days:,} ngày)".replace(",", ".")
    if days == 0:
        return f"{format_date(deadline)} (hôm nay)"
    return f"{format_date(deadline)} (đã quá {-days:,} ngày)".replace(",", ".")


def lower_name(text: str) -> str:
    """A name inside a sentence: "Ứng dụng CNTT cơ bản" → "ứng dụng CNTT cơ bản"."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]


# Fields of study that start like an accepted one but are another discipline:
# "Xây dựng Đảng và chính quyền nhà nước" is not "Xây dựng" (construction).
_OTHER_DISCIPLINES = ("xay dung dang",)


def _field_words(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold_for_search(text)).split())


def _field_matches(value: str, accepted: str) -> bool:
    """The field of study starts with the accepted name, word for word.

    Accepted "Luật" matches "Luật kinh tế"; "Kế toán" does not match "Kiểm toán";
    "Thông tin" does not match "Công nghệ thông tin".
    """
    have, want = _field_words(value), _field_words(accepted)
    if not want or not f"{have} ".startswith(f"{want} "):
        return False
    return not any(
        f"{have} ".startswith(f"{other} ") and not f"{want} ".startswith(f"{other} ")
        for other in _OTHER_DISCIPLINES
    )


def _training_covers(
    official: Official, attribute: str, check: Callable[[str | None, str], bool]
) -> date | None:
    t = official.training
    if t is None or t.ends_on is None:
        return None
    if attribute == FIELD:
        if t.attribute == "professional" and check(None, t.field_of_study):
            return t.ends_on
        return None
    if t.attribute == attribute and check(t.level, t.field_of_study):
        return t.ends_on
    return None


def _level_check(official: Official, r: Requirement, lists: StaffLists) -> Check:
    scale = lists.scales[r.attribute]
    required = scale.level(r.min_level)
    assert required is not None, "validated when the set was saved"
    wanted = f"vị trí yêu cầu {lower_name(required.name)} trở lên"
    if r.attribute in ("it", "ethnic_language") or required.rank == max(
        lv.rank for lv in scale.levels
    ):
        wanted = f"vị trí yêu cầu {lower_name(required.name)}"
    have = scale.level(official.level_of(r.attribute))
    if have is None:
        outcome, text = Outcome.UNKNOWN, "chưa có thông tin"
    else:
        outcome = Outcome.MET if have.rank >= required.rank else Outcome.NOT_MET
        text = lower_name(have.name)
    reason = f"{scale.label}: {text}; {wanted}"
    meets_on = None
    if outcome != Outcome.MET:
        meets_on = _training_covers(
            official,
            r.attribute,
            lambda level, _field: (
                (lv := scale.level(level)) is not None and lv.rank >= required.rank
            ),
        )
        if meets_on is not None:
            reason += f"; đang học, dự kiến xong {format_date(meets_on)}"
    return Check(r.attribute, scale.label, outcome, reason, meets_on)


def _field_check(
    official: Official, r: Requirement, lists: StaffLists, min_level: str | None
) -> Check:
    label = attribute_label(FIELD, lists)
    accepted = ", ".join(r.accepted)
    if not r.accepted:
        return Check(FIELD, label, Outcome.MET, f"{label}: vị trí nhận mọi chuyên ngành")
    if not official.field_of_study:
        outcome, reason = Outcome.UNKNOWN, f"{label}: chưa có thông tin"
    elif any(_field_matches(official.field_of_study, a) for a in r.accepted):
        outcome, reason = Outcome.MET, f"{label}: {official.field_of_study}"
    else:
        outcome = Outcome.NOT_MET
        reason = f"{label}: {official.field_of_study}; vị trí nhận các ngành {accepted}"
    if outcome == Outcome.UNKNOWN:
        reason += f"; vị trí nhận các ngành {accepted}"
    meets_on = None
    if outcome != Outcome.MET:
        # A degree in a suited field, at the level the position asks for (a short course in
        # the right field does not make a degree fit).
        scale = lists.scales["professional"]
        wanted = scale.level(min_level)
        have = scale.level(official.professional)
        floor = wanted.rank if wanted else (have.rank if have else 1)

        def covers(_level: str | None, study: str) -> bool:
            level = official.training.level if official.training else None
            found = scale.level(level)
            return (
                found is not None
                and found.rank >= floor
                and any(_field_matches(study, a) for a in r.accepted)
            )

        meets_on = _training_covers(official, FIELD, covers)
        if meets_on is not None:
            reason += f"; đang học ngành phù hợp, dự kiến xong {format_date(meets_on)}"
    return Check(FIELD, label, outcome, reason, meets_on)


def _age_check(official: Official, r: Requirement, on: date) -> Check:
    label = "Tuổi"
    bounds = []
    if r.min_age is not None:
        bounds.append(f"từ {r.min_age} tuổi")
    if r.max_age is not None:
        bounds.append(f"không quá {r.max_age} tuổi")
    wanted = "yêu cầu " + " và ".join(bounds) if bounds else "không giới hạn"
    if official.birth is None:
        return Check(AGE, label, Outcome.UNKNOWN, f"Ngày sinh: chưa có thông tin; {wanted}")
    low, high = official.birth.age_range(on)
    lo_ok = r.min_age is None or low >= r.min_age
    hi_ok = r.max_age is None or high <= r.max_age
    lo_bad = r.min_age is not None and high < r.min_age
    hi_bad = r.max_age is not None and low > r.max_age
    age_text = f"{low}" if low == high else f"{low} hoặc {high} (chỉ có năm sinh)"
    if lo_ok and hi_ok:
        outcome = Outcome.MET
    elif lo_bad or hi_bad:
        outcome = Outcome.NOT_MET
    else:
        outcome = Outcome.UNKNOWN
    return Check(AGE, label, outcome, f"Tuổi: {age_text}; {wanted}")


def gap_text(check: Check, include_personal: bool) -> str:
    """The reason of a gap; without personal data, an age is not given (it reveals the birth)."""
    if check.attribute != AGE or include_personal or check.reason.startswith("Ngày sinh:"):
        return check.reason
    wanted = check.reason.split("; ", 1)[1] if "; " in check.reason else ""
    state = "không đáp ứng" if check.outcome == Outcome.NOT_MET else "chưa xác định được"
    return f"{check.label}: {state}" + (f" ({wanted})" if wanted else "")


def evaluate(
    official: Official, sets: Sequence[StandardSet], lists: StaffLists, on: date
) -> Evaluation:
    """Check one official against the standard of their position in force on ``on``."""
    if not lists.is_standardised(official.category):
        return Evaluation(official, on, Outcome.NOT_APPLICABLE)
    standard = (
        standard_in_force(sets, official.standard_family, on) if official.standard_family else None
    )
    position = standard.position(official.position) if standard else None
    if standard is not None and position is None and official.position:
        # A position added by a later version (or dropped by one): judged by the nearest
        # version that has it, rather than called "not chosen".
        holding = [
            s
            for s in sets
            if s.family == official.standard_family and s.position(official.position)
        ]
        if holding:
            standard = min(holding, key=lambda s: abs((s.effective_from - on).days))
            position = standard.position(official.position)
    if standard is None or position is None:
        check = Check(
            POSITION,
            attribute_label(POSITION, lists),
            Outcome.UNKNOWN,
            "Chưa chọn chức danh, vị trí việc làm có trong bộ tiêu chuẩn"
            + (f" (đang ghi «{official.position_title}»)" if official.position_title else ""),
        )
        return Evaluation(official, on, Outcome.UNKNOWN, (check,), standard, None)
    checks = []
    requirements = standard.requirements_for(position, official.category)
    degree = next((r.min_level for r in requirements if r.attribute == "professional"), None)
    for r in requirements:
        if r.attribute == AGE:
            checks.append(_age_check(official, r, on))
        elif r.attribute == FIELD:
            checks.append(_field_check(official, r, lists, degree))
        else:
            checks.append(_level_check(official, r, lists))
    outcomes = {c.outcome for c in checks}
    if Outcome.NOT_MET in outcomes:
        outcome = Outcome.NOT_MET
    elif Outcome.UNKNOWN in outcomes:
        outcome = Outcome.UNKNOWN
    else:
        outcome = Outcome.MET
    return Evaluation(official, on, outcome, tuple(checks), standard, position)


def evaluate_on(
    officials: Iterable[Official], sets: Sequence[StandardSet], lists: StaffLists, on: date
) -> list[Evaluation]:
    """Everyone in post on ``on`` (their records as they were that day), evaluated."""
    return [evaluate(o, sets, lists, on) for o in officials if o.is_counted_on(on, lists)]
