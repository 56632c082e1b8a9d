"""What the package commands print: a package's manifest, its records, an import's dry run."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from cchc_desktop.transfer.model import ImportPlan, Manifest

# The values of ``package import --conflicts`` (those of transfer.model, kept here so that
# building the parser imports nothing heavy).
RULE_CHOICE = "theo-quy-tac"
KEEP_LOCAL_CHOICE = "giu-may-nay"
TAKE_INCOMING_CHOICE = "lay-goi"


def scope_text(manifest: Manifest) -> str:
    from cchc_desktop.transfer.model import years_text

    return (
        f"{years_text(manifest.years)}; "
        + ("có" if manifest.personal_data else "không có")
        + " dữ liệu cá nhân; "
        + ("có mật khẩu" if manifest.encrypted else "không đặt mật khẩu")
    )


def counts_lines(counts: dict[str, int]) -> list[str]:
    """One line per kind of record in the package (labels of store.kinds)."""
    from cchc_desktop.store.kinds import KINDS

    rows = [(kind.label, counts.get(kind.name, 0)) for kind in KINDS if counts.get(kind.name)]
    if counts.get("tombstones"):
        rows.append(("Bản ghi đã xóa (để xóa ở máy nhận)", counts["tombstones"]))
    if counts.get("files"):
        rows.append(("Nội dung tệp đính kèm", counts["files"]))
    if not rows:
        return ["  (không có bản ghi nào)"]
    width = max(len(label) for label, _ in rows)
    return [f"  {label:<{width}}  {count:>7}" for label, count in rows]


def manifest_lines(manifest: Manifest, size: int) -> list[str]:
    from cchc_desktop.core.text import format_size, format_utc_time

    unit = manifest.unit_name or "(chưa có tên đơn vị)"
    if manifest.province:
        unit = f"{unit}, {manifest.province}"
    lines = [
        f"Đơn vị: {unit} (mã {manifest.unit_code or 'chưa có'})",
        f"Tạo lúc: {format_utc_time(manifest.created_at)}, "
        f"bằng CCHC Desktop {manifest.app_version}",
        f"Nội dung: {scope_text(manifest)}",
        f"Kích thước gói: {format_size(size)}",
    ]
    if manifest.counts.get("files"):
        lines.append(
            f"Tệp đính kèm: {manifest.counts['files']} tệp ({format_size(manifest.files_size)})"
        )
    if manifest.demo:
        lines.append("Lưu ý: đây là gói DỮ LIỆU MẪU, không phải dữ liệu thật của đơn vị.")
    return lines


def plan_lines(plan: ImportPlan, store_path: Path, choice: str) -> list[str]:
    """The dry run as the interface's preview shows it: per kind, then the conflicts."""
    from cchc_desktop.core.text import format_size, format_utc_time
    from cchc_desktop.transfer.summary import SUMMARY_COLUMNS, summary_rows

    lines = [f"So với tệp dữ liệu {store_path}:"]
    shown = summary_rows(plan.summaries)
    if shown:
        first = "Loại dữ liệu"
        width = max(len(first), *(len(label) for label, _ in shown))
        lines.append(f"  {first:<{width}}  " + "  ".join(SUMMARY_COLUMNS))
        for label, values in shown:
            cells = [
                f"{(str(v) if v else '–'):>{len(h)}}"
                for v, h in zip(values, SUMMARY_COLUMNS, strict=True)
            ]
            lines.append(f"  {label:<{width}}  " + "  ".join(cells))
    new = sum(s.new for s in plan.summaries)
    updated = sum(s.updated for s in plan.summaries)
    deleted = sum(s.deleted for s in plan.summaries)
    unchanged = sum(s.unchanged for s in plan.summaries)
    total = (
        f"Tổng: {new} mới, {updated} cập nhật, {unchanged} không đổi, {deleted} xóa, "
        f"{len(plan.conflicts)} xung đột"
    )
    lines.append(total + ".")
    if plan.new_files:
        lines.append(
            f"Tệp đính kèm mới: {plan.new_files} tệp ({format_size(plan.new_file_bytes)})."
        )
    lines.extend(f"• {note}" for note in plan.notes)
    if plan.conflicts:
        lines.append(
            f"Xung đột ({len(plan.conflicts)}): sửa ở cả hai máy kể từ lần trao đổi trước "
            "(hoặc một máy xóa, máy kia sửa)."
        )
        for number, conflict in enumerate(plan.conflicts, start=1):
            lines.append(
                f"  {number}. {conflict.title or '(không tên)'} — {conflict.label} — "
                f"{conflict.description}; máy này sửa lúc "
                f"{format_utc_time(conflict.local_updated) or '–'}, gói sửa lúc "
                f"{format_utc_time(conflict.incoming_updated) or '–'}"
            )
            for difference in conflict.differences:
                lines.append(
                    f"       {difference.column}: máy này «{difference.local}», "
                    f"gói «{difference.incoming}»"
                )
        lines.append(f"Cách xử lý xung đột: {_choice_text(choice, len(plan.conflicts))}.")
    if not plan.has_changes:
        lines.append("Gói này không có gì mới so với dữ liệu trên máy.")
    return lines


def _choice_text(choice: str, count: int) -> str:
    if choice == TAKE_INCOMING_CHOICE:
        return f"lấy bản trong gói cho cả {count} xung đột (--conflicts {TAKE_INCOMING_CHOICE})"
    if choice == RULE_CHOICE:
        return (
            f"giữ bản sửa sau cùng cho cả {count} xung đột, như mọi máy khác (mặc định; muốn "
            f"chọn khác thì thêm --conflicts {KEEP_LOCAL_CHOICE} hoặc {TAKE_INCOMING_CHOICE})"
        )
    return (
        f"giữ bản trên máy này cho cả {count} xung đột (mặc định; muốn lấy bản trong gói thì "
        f"thêm --conflicts {TAKE_INCOMING_CHOICE})"
    )
