"""The points a self-assessment lost, line by line: what remedial tasks are made from."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from cchc_desktop.core.points import format_points
from cchc_desktop.core.scoring import Line, Sheet


@dataclass(frozen=True)
class LostPoints:
    line: Line
    lost: Decimal

    @property
    def code(self) -> str:
        return self.line.node.code


def lost_points(sheet: Sheet) -> list[LostPoints]:
    """Scored lines below their maximum (bonus, penalty and unscored lines apart), by the
    points lost, most first; ties in the order of the set."""
    order = {code: i for i, code in enumerate(sheet.lines)}
    result = []
    for line in sheet.lines.values():
        node = line.node
        if not node.is_leaf or node.outside_maximum or line.final is None:
            continue
        lost = node.maximum - line.final
        if lost > 0:
            result.append(LostPoints(line, lost))
    result.sort(key=lambda item: (-item.lost, order[item.code]))
    return result


def remedial_task_content(item: LostPoints, year: int) -> str:
    node = item.line.node
    return (
        f"Khắc phục tiêu chí {node.code} «{node.title}»: năm {year} đạt "
        f"{format_points(item.line.final)}/{format_points(node.maximum)} điểm, "
        f"mất {format_points(item.lost)} điểm."
    )
