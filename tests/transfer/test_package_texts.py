"""What the «Gói dữ liệu» tab says, decided without Qt: a refusal, the history of exchanges,
and the warnings before a package's data replaces the store."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

from cchc_desktop.store.kinds import KINDS
from cchc_desktop.transfer import PackageError, package_error_text
from cchc_desktop.transfer.exchange_text import counts_text, direction_text, exchange_summary
from cchc_desktop.transfer.model import Manifest, VerifiedPackage
from cchc_desktop.transfer.package_restore import (
    demo_refusal,
    record_counts,
    restore_rows,
    restore_warnings,
)
from tests.support.profile import PROFILE

LABELS = {kind.name: kind.label for kind in KINDS}
MANIFEST = Manifest(
    format_version=2,
    package_kind="full",
    app_version="0.6.0",
    min_reader_version="0.6.0",
    schema_version=8,
    unit_code="21607",
    unit_name="xã Vân Canh",
    province="Tỉnh Gia Lai",
    demo=False,
    store_id="s",
    package_id="p",
    created_at="2026-03-01T08:00:00Z",
    years=None,
    personal_data=True,
    encryption=None,
    counts={},
    members=(),
)


def test_error_text_names_the_member_once() -> None:
    assert package_error_text(PackageError("Hỏng.", "data/x.jsonl")) == (
        "Hỏng.\n\nPhần bị lỗi trong gói: data/x.jsonl"
    )
    assert package_error_text(PackageError("«data/x.jsonl» hỏng.", "data/x.jsonl")) == (
        "«data/x.jsonl» hỏng."
    )
    assert package_error_text(PackageError("Hỏng.")) == "Hỏng."


def test_a_written_package_is_summed_up_by_its_counts() -> None:
    raw = json.dumps({"counts": {"tasks": 42, "documents": 3, "tombstones": 5, "files": 2}})
    short, detail = exchange_summary(raw)
    assert short == "45 bản ghi, 2 tệp đính kèm"
    assert detail == (f"{LABELS['documents']}: 3; {LABELS['tasks']}: 42; Nội dung tệp đính kèm: 2")


def test_an_import_is_summed_up_by_its_changes_per_kind() -> None:
    raw = json.dumps(
        {
            "tasks": {"new": 2, "updated": 1, "deleted": 0, "conflicts": 1},
            "documents": {"new": 0, "updated": 0, "deleted": 0, "conflicts": 0},
        }
    )
    assert exchange_summary(raw) == (
        "2 mới, 1 cập nhật, 1 xung đột",
        f"{LABELS['tasks']}: 2 mới, 1 cập nhật, 1 xung đột",
    )
    assert exchange_summary(json.dumps({"tasks": {"new": 0}})) == ("Không có thay đổi", "")


def test_a_summary_that_is_no_json_object_says_nothing() -> None:
    assert exchange_summary("không phải JSON") == ("", "")
    assert exchange_summary("[1, 2]") == ("", "")


def test_counts_and_directions_in_words() -> None:
    assert counts_text({}) == "không có bản ghi nào"
    assert counts_text({"tasks": 0, "files": 1}) == "Nội dung tệp đính kèm: 1"
    assert direction_text("xuat") == "Xuất gói"
    assert direction_text("nhap") == "Nhập gói"
    assert direction_text("khac") == "khac"


def test_demo_data_and_real_data_never_replace_each_other() -> None:
    assert demo_refusal(False, False) is None
    assert demo_refusal(True, True) is None
    assert demo_refusal(True, False) == (
        "Đây là gói DỮ LIỆU MẪU, không khôi phục vào dữ liệu thật của đơn vị."
    )
    assert demo_refusal(False, True) == (
        "Tệp đang mở là DỮ LIỆU MẪU: không khôi phục gói dữ liệu thật vào đó. "
        "Mở tệp dữ liệu của đơn vị rồi khôi phục."
    )


def test_a_whole_package_of_this_unit_with_personal_data_needs_no_warning() -> None:
    assert restore_warnings(MANIFEST, PROFILE) == []
    assert restore_warnings(MANIFEST, None) == []


def test_another_unit_some_years_and_no_personal_data_are_each_warned() -> None:
    other = replace(
        MANIFEST, unit_code="99999", unit_name="xã Khác", years=(2026, 2025), personal_data=False
    )
    warnings = restore_warnings(other, PROFILE)
    assert len(warnings) == 3
    assert warnings[0].startswith("Gói là của đơn vị khác: xã Khác (mã 99999)")
    assert warnings[1] == (
        "Gói chỉ có dữ liệu các năm 2025, 2026: sau khi khôi phục, dữ liệu các năm khác trên "
        "máy này không còn (vẫn có trong bản sao lưu)."
    )
    assert warnings[2] == (
        "Gói không kèm dữ liệu cá nhân của cán bộ: sau khi khôi phục, giới tính, ngày sinh, "
        "dân tộc của cán bộ để trống."
    )
    # no profile yet: nobody else's data
    assert len(restore_warnings(other, None)) == 2


def test_the_kinds_shown_before_a_restore_are_those_on_either_side() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE tasks (uuid TEXT)")
    conn.executemany("INSERT INTO tasks VALUES (?)", [("a",), ("b",)])
    conn.execute("CREATE TABLE documents (uuid TEXT)")
    here = record_counts(conn)
    assert here == {"tasks": 2, "documents": 0}  # the other kinds: no table in this schema
    package = VerifiedPackage(
        path=Path("goi.cchc"),
        manifest=MANIFEST,
        records={"documents": [{"uuid": "d"}], "tasks": []},
        tombstones=[],
        files={},
    )
    rows = restore_rows(package, here)
    assert sorted(rows) == sorted([(LABELS["documents"], 1, 0), (LABELS["tasks"], 0, 2)])
