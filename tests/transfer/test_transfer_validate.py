"""A package's records are validated like the officer's input before anything is written.

Each bad value is put into one record of a real package (read back by the reader), and
``validate_records`` must refuse the package with the record's kind, its name and the
reason, in Vietnamese. Every record of the sample commune and of a real store passes.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from cchc_desktop.core.standards import shipped_standard_sets, standard_set_json
from cchc_desktop.demo import fill_demo_store
from cchc_desktop.store import open_store
from cchc_desktop.store.kinds import KINDS
from cchc_desktop.store.records import utc_now
from cchc_desktop.store.settings_repo import BACKUP_WARNING_DAYS, DUE_SOON_DAYS, REPORT_SCHEDULE
from cchc_desktop.transfer import PackageError
from cchc_desktop.transfer.reader import verify_package
from cchc_desktop.transfer.validate import validate_records
from cchc_desktop.transfer.validate.names import column_name
from tests.support.transfer_helpers import TODAY, export, fill_real_store, new_store

UNIT = "21607"  # the commune of tests.support.transfer_helpers' stores

Rows = dict[str, list[dict[str, Any]]]


@dataclass
class Package:
    records: Rows
    tombstones: list[dict[str, Any]]
    store: Path  # the closed store the package was made from


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Package:
    """A real commune's package: tasks, reports, officials with history and plan, two
    self-assessments (one locked), evidence files, a setting and a deleted task."""
    folder = tmp_path_factory.mktemp("validate")
    with new_store(folder / "a" / "cchc.db") as store:
        fill_real_store(store, folder / "files")
        path = export(store, folder / "a.cchc")
    package = verify_package(path)
    assert package.tombstones and package.records["settings"]
    assert package.records["document_files"] and package.records["official_history"]
    return Package(package.records, package.tombstones, folder / "a" / "cchc.db")


def now() -> str:
    return utc_now()


def validate(records: Rows, tombstones: list[dict[str, Any]] | None = None, **options: Any) -> None:
    options.setdefault("unit_code", UNIT)
    options.setdefault("now", now())
    validate_records(records, tombstones or [], **options)


_IDENTIFIER = re.compile(r"\b[a-z]+_[a-z_0-9]+\b")
_ENGLISH = ("Error", "error", "Invalid", "invalid", "None", "Expecting", "object", "column")
_QUOTED = re.compile(r"«[^«»]*»")
COLUMNS = {c for k in KINDS for c in ("uuid", "updated_at", "created_at", *k.personal)} | {
    c for k in KINDS for ref, _parent in (*k.hard_refs, *k.soft_refs) for c in (ref,)
}


def refused(records: Rows, tombstones: list[dict[str, Any]] | None = None, **options: Any) -> str:
    """The message of the refusal, after checking that it is Vietnamese through and through:
    no identifier outside the quoted values, and no column named by its identifier."""
    with pytest.raises(PackageError) as caught:
        validate(records, tombstones, **options)
    message = caught.value.message
    outside = _QUOTED.sub("«»", message)
    assert not _IDENTIFIER.search(outside), message
    assert not any(word in outside for word in _ENGLISH), message
    columns = COLUMNS | {c for rows in records.values() for row in rows[:1] for c in row}
    assert not any(f"«{c}»" in message for c in columns if "_" in c or c.isascii()), message
    assert message.rstrip().endswith("Chưa có gì thay đổi."), message
    return message


def edited(
    package: Package,
    table: str,
    pick: Callable[[dict[str, Any]], bool] = lambda r: True,
    /,
    **values: Any,
) -> tuple[Rows, dict[str, Any]]:
    """A copy of the package's records with one record of ``table`` changed."""
    records = copy.deepcopy(package.records)
    row = next(r for r in records[table] if pick(r))
    row.update(values)
    return records, row


def plain_task(row: dict[str, Any]) -> bool:
    """A task of the register with a deadline, not done, not a periodic report."""
    return (
        row["recurrence_key"] is None
        and row["deadline"] is not None
        and row["status"] != "hoan_thanh"
        and not row["self_assigned"]
    )


def done_task(row: dict[str, Any]) -> bool:
    return row["status"] == "hoan_thanh"


# --- good packages pass ---------------------------------------------------------------------


def test_every_record_of_the_sample_commune_passes(tmp_path: Path) -> None:
    (tmp_path / "mau").mkdir()
    with open_store(tmp_path / "mau" / "cchc.db") as demo:
        fill_demo_store(demo, TODAY)
        path = export(demo, tmp_path / "mau.cchc")
        package = verify_package(path)
        empty = {k.name for k in KINDS if not package.records[k.name]}
        assert empty <= {"settings", "document_files", "standard_sets", "criteria_mappings"}
        code = package.manifest.unit_code
        validate_records(package.records, package.tombstones, unit_code=code, now=now())
        validate_records(
            package.records, package.tombstones, unit_code=code, now=now(), conn=demo.conn
        )


def test_every_record_of_a_real_store_passes(real: Package) -> None:
    validate(real.records, real.tombstones)
    with open_store(real.store) as store:
        validate(real.records, real.tombstones, conn=store.conn)


def test_a_package_without_personal_data_passes(real: Package, tmp_path: Path) -> None:
    with open_store(real.store) as store:
        path = export(store, tmp_path / "khong-ca-nhan.cchc", personal_data=False)
    package = verify_package(path)
    assert all("birth" not in r for r in package.records["officials"])
    validate(package.records, package.tombstones)


def test_a_package_of_some_years_passes(real: Package, tmp_path: Path) -> None:
    with open_store(real.store) as store:
        path = export(store, tmp_path / "nam.cchc", years=(TODAY.year,))
    package = verify_package(path)
    validate(package.records, package.tombstones)


# --- the refusal names the kind, the record and the reason --------------------------------


def test_a_deadline_that_is_not_a_real_day(real: Package) -> None:
    records, row = edited(real, "tasks", plain_task, deadline="2026-02-31")
    with pytest.raises(PackageError) as caught:
        validate(records)
    error = caught.value
    assert error.member == "data/tasks.jsonl"
    assert error.message.startswith("Gói có một bản ghi không hợp lệ nên không nhập được.")
    assert f"Nhiệm vụ CCHC «{row['content'][:40]}" in error.message
    assert "«Hạn» ghi «2026-02-31», không phải một ngày có thật" in error.message
    refused(records)


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"deadline": "20260228"}, "«Hạn» ghi «20260228», không phải một ngày có thật"),
        ({"deadline": "28/02/2026"}, "không phải một ngày có thật"),
        ({"assigned_on": "2026-00-10"}, "«Ngày giao» ghi «2026-00-10»"),
        ({"assigned_on": None}, "«Ngày giao» để trống"),
        ({"coordinators": "Lê Văn A, Trần Thị B"}, "«Phối hợp» không phải dữ liệu JSON hợp lệ"),
        ({"coordinators": '{"ten": "Lê Văn A"}'}, "«Phối hợp» phải là một danh sách"),
        ({"coordinators": "[1, 2]"}, "«Phối hợp» phải là một danh sách"),
        ({"status": "xong"}, "«Trạng thái» có giá trị lạ «xong»"),
        ({"kind": "khac_la"}, "«Loại» có giá trị lạ «khac_la»"),
        ({"self_assigned": 2}, "«Đơn vị tự đặt» có giá trị lạ «2»"),
        ({"content": "   "}, "Chưa nhập nội dung nhiệm vụ."),
        ({"lead": ""}, "Chưa nhập người hoặc đơn vị chủ trì."),
        ({"field_code": "XYZ"}, "Lĩnh vực này không có trong danh mục."),
        ({"deadline": "1999-01-01"}, "Thời hạn 01/01/1999 trước ngày giao"),
        ({"status": "hoan_thanh"}, "Nhiệm vụ đã hoàn thành phải có ngày hoàn thành."),
        ({"completed_on": "2026-05-05"}, "Chỉ nhiệm vụ có trạng thái «Hoàn thành»"),
        ({"created_at": "hôm qua"}, "«Thời điểm tạo» ghi «hôm qua», không phải một thời điểm"),
        ({"notes": 5}, "«Ghi chú» phải là chữ"),
    ],
)
def test_a_task_breaking_a_rule(real: Package, values: dict[str, Any], words: str) -> None:
    records, _row = edited(real, "tasks", plain_task, **values)
    message = refused(records)
    assert "Nhiệm vụ CCHC «" in message and words in message


def test_a_task_completed_in_the_future(real: Package) -> None:
    later = (datetime.now(UTC) + timedelta(days=5)).date().isoformat()
    records, _row = edited(real, "tasks", done_task, completed_on=later)
    message = refused(records)
    assert "chưa tới (hôm nay là" in message


def test_a_task_citing_a_document_without_number(real: Package) -> None:
    records, row = edited(real, "tasks", plain_task)
    source = next(d for d in records["documents"] if d["uuid"] == row["source_document_uuid"])
    source["number"] = ""
    message = refused(records)
    assert "Nhập số, ký hiệu văn bản giao nhiệm vụ" in message
    # only in the documents of the package (or of this PC) is there anything to check
    records["documents"].remove(source)
    validate(records)


def test_a_document_dated_after_today_or_on_no_real_day(real: Package) -> None:
    later = (datetime.now(UTC) + timedelta(days=9)).date()
    records, _row = edited(real, "documents", lambda r: r["issued_on"], issued_on=later.isoformat())
    message = refused(records)
    assert "Văn bản, tài liệu «" in message and "không được sau hôm nay" in message
    records, _row = edited(real, "documents", lambda r: r["issued_on"], issued_on="2026-02-30")
    assert "«Ngày ban hành» ghi «2026-02-30»" in refused(records)


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"file_name": ".."}, "không dùng được làm tên tệp"),
        ({"file_name": "C:\\"}, "không dùng được làm tên tệp"),
        ({"file_name": ""}, "«Tên tệp» để trống"),
        ({"sha256": "abc"}, "Mã kiểm tra nội dung tệp không đúng dạng"),
        ({"size": -1}, "Dung lượng tệp không được là số âm"),
        ({"added_at": "2026-11-22"}, "«Thời điểm đính kèm» ghi «2026-11-22»"),
    ],
)
def test_an_attached_file_breaking_a_rule(
    real: Package, values: dict[str, Any], words: str
) -> None:
    records, _row = edited(real, "document_files", **values)
    message = refused(records)
    assert "Tệp đính kèm «" in message and words in message


# --- scores --------------------------------------------------------------------------------


def manual_score(row: dict[str, Any]) -> bool:
    return row["value"] is not None and row["appraised_1"] is None


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"value": "mười"}, "«Điểm tự chấm» ghi «mười», không phải một số"),
        ({"value": "NaN"}, "không phải một số"),
        ({"value": "Infinity"}, "không phải một số"),
        ({"value": "500"}, "Điểm 500 vượt"),
        ({"value": "-1"}, "Điểm không được là số âm."),
        ({"appraised_1": "1000"}, "Điểm thẩm định phải từ 0 đến"),
        ({"numerator": "3"}, "Tiêu chí này không chấm theo tỷ lệ."),
        ({"override": "1"}, "Chỉ tiêu chí tính tự động mới có điểm điều chỉnh."),
        ({"value": 5}, "«Điểm tự chấm» phải là chữ, không phải «5»"),
        ({"explanation": None}, "«Giải trình» để trống"),
    ],
)
def test_a_score_breaking_a_rule(real: Package, values: dict[str, Any], words: str) -> None:
    records, row = edited(real, "scores", manual_score, **values)
    message = refused(records)
    assert f"Điểm tự chấm «{row['code']}»" in message and words in message


def test_a_ratio_with_more_done_than_received(real: Package) -> None:
    records, row = edited(real, "scores", lambda r: r["numerator"] is not None)
    row["numerator"] = str(int(row["denominator"]) + 1)
    assert "Tử số không được lớn hơn mẫu số." in refused(records)


def test_scores_are_checked_against_the_set_on_this_pc_too(real: Package) -> None:
    records, _row = edited(real, "scores", manual_score, value="500")
    records["assessments"] = []
    records["criteria_sets"] = []
    validate(records)  # the sheet and its set are nowhere to be seen: only numbers are checked
    with open_store(real.store) as store:
        assert "vượt" in refused(records, conn=store.conn)
    records, _row = edited(real, "scores", manual_score, value="mười")
    records["assessments"] = []
    assert "không phải một số" in refused(records)


# --- officials --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"birth": "2026-13-45"}, "«Ngày sinh» ghi «2026-13-45», không phải một ngày sinh có thật"),
        ({"birth": "19850312"}, "không phải một ngày sinh có thật"),
        ({"birth": "năm 85"}, "không phải một ngày sinh có thật"),
        ({"birth": "2020"}, "chưa đủ 18 tuổi"),
        ({"birth": "1850"}, "Năm sinh 1850 quá xa"),
        ({"gender": "khac"}, "«Giới tính» có giá trị lạ «khac»"),
        ({"full_name": "An"}, "Nhập đủ họ và tên"),
        ({"category": "khach"}, "Chọn đối tượng (cán bộ, công chức …) trong danh sách."),
        ({"status": "di_choi"}, "Chọn tình trạng công tác trong danh sách."),
        ({"department": "phong_la"}, "Phòng, bộ phận này không có trong danh sách."),
        ({"professional": "tien_si_la"}, "«tien_si_la» không có trong danh sách mức"),
        ({"position": "khong_co"}, "Chức danh, vị trí việc làm này không có trong bộ tiêu chuẩn."),
        ({"started_on": "2026-02-29"}, "«Ngày bắt đầu giữ chức danh» ghi «2026-02-29»"),
        ({"training": "đang học đại học"}, "«Khóa đào tạo đang học» không phải dữ liệu JSON"),
        ({"training": '["dai_hoc"]'}, "«Khóa đào tạo đang học» không đúng dạng"),
        (
            {"training": json.dumps({"attribute": "professional", "level": "dai_hoc"})},
            "Nhập ngày dự kiến kết thúc khóa học.",
        ),
        (
            {
                "training": json.dumps(
                    {"attribute": "professional", "level": "dai_hoc", "ends_on": "2027-02-30"}
                )
            },
            "không phải một ngày có thật",
        ),
    ],
)
def test_an_official_breaking_a_rule(real: Package, values: dict[str, Any], words: str) -> None:
    def chosen(row: dict[str, Any]) -> bool:
        return row["position"] is not None

    records, row = edited(real, "officials", chosen, **values)
    message = refused(records)
    assert f"Cán bộ, công chức «{row['full_name']}»" in message or "«An»" in message
    assert words in message


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda data: "không phải JSON", "«Nội dung chi tiết» không phải dữ liệu JSON hợp lệ"),
        (lambda data: "[]", "Hồ sơ cũ không đúng dạng."),
        (lambda data: json.dumps({**data, "birth": "1990-02-30"}), "«Ngày sinh» ghi «1990-02-30»"),
        (lambda data: json.dumps({**data, "status": "la"}), "tình trạng công tác"),
    ],
)
def test_an_earlier_record_of_an_official_breaking_a_rule(
    real: Package, change: Callable[[dict[str, Any]], str], words: str
) -> None:
    records, row = edited(real, "official_history")
    data = json.loads(row["data"])
    row["data"] = change(data)
    message = refused(records)
    assert "Hồ sơ cũ của cán bộ «" in message and words in message
    if "JSON" not in words and words != "Hồ sơ cũ không đúng dạng.":
        assert f"«{data['full_name']}, đến ngày" in message


def test_an_earlier_record_with_a_valid_until_that_is_no_day(real: Package) -> None:
    records, _row = edited(real, "official_history", valid_until="2026-04-31")
    assert "«Ngày hồ sơ mới thay thế» ghi «2026-04-31»" in refused(records)


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"kind": "cho_nghi"}, "«Loại» có giá trị lạ «cho_nghi»"),
        ({"deadline": None}, "Nhập thời hạn hoàn thành biện pháp."),
        ({"deadline": "2027-06-31"}, "«Hạn» ghi «2027-06-31»"),
        ({"responsible": " "}, "Nhập người hoặc bộ phận chịu trách nhiệm."),
    ],
)
def test_a_plan_action_breaking_a_rule(real: Package, values: dict[str, Any], words: str) -> None:
    records, _row = edited(real, "standard_actions", **values)
    message = refused(records)
    assert "Kế hoạch chuẩn hóa cán bộ «" in message and words in message


def test_a_standard_set_breaking_a_rule(real: Package) -> None:
    shipped = shipped_standard_sets()[0]
    data = standard_set_json(shipped)
    data["positions"][0]["category"] = "khong_co"
    row = {
        "uuid": "0b7f0a51-8a41-4c7e-9d1c-6f1d2a3b4c5d",
        "updated_at": now(),
        "created_at": now(),
        "family": data["family"],
        "version": 9,
        "effective_from": "2026-01-01",
        "name": "Bộ tiêu chuẩn sửa tay",
        "data": json.dumps(data, ensure_ascii=False),
    }
    records = copy.deepcopy(real.records)
    records["standard_sets"] = [row]
    message = refused(records)
    assert "Bộ tiêu chuẩn chức danh «Bộ tiêu chuẩn sửa tay»" in message
    assert "đối tượng không có trong danh sách" in message
    row["data"] = json.dumps({"family": "x"})
    assert "Nội dung bộ tiêu chuẩn không đọc được" in refused(records)
    row.update(data=json.dumps(standard_set_json(shipped), ensure_ascii=False), version=0)
    assert "Phiên bản phải từ 1 trở lên." in refused(records)


# --- the self-assessment -----------------------------------------------------------------------


def test_a_criteria_set_breaking_a_rule(real: Package) -> None:
    records, row = edited(real, "criteria_sets")
    data = json.loads(row["data"])
    data["fields"][0]["max"] = "1000"
    row["data"] = json.dumps(data, ensure_ascii=False)
    message = refused(records)
    assert f"Bộ tiêu chí Chỉ số CCHC «{row['name'][:30]}" in message
    assert "khác tổng điểm tối đa của các tiêu chí con" in message
    row["data"] = "{}"
    assert "Bộ tiêu chí chưa có lĩnh vực nào." in refused(records)
    row["data"] = '{"fields": [{"code": "I", "max": "mười"}]}'
    assert "Nội dung bộ tiêu chí không đọc được" in refused(records)


def test_a_mapping_of_codes_breaking_a_rule(real: Package) -> None:
    records = copy.deepcopy(real.records)
    sets = records["criteria_sets"]
    assert sets
    row = {
        "uuid": "1c8e1b62-9b52-4d8f-8e2d-7a2e3b4c5d6e",
        "updated_at": now(),
        "old_set_uuid": sets[0]["uuid"],
        "new_set_uuid": sets[0]["uuid"],
        "data": "không phải JSON",
    }
    records["criteria_mappings"] = [row]
    assert "«Nội dung chi tiết» không phải dữ liệu JSON" in refused(records)
    row["data"] = json.dumps([{"kind": "doi_ten", "old": ["1"], "new": ["1"]}])
    assert "Bảng đối chiếu mã tiêu chí không đúng dạng." in refused(records)
    row["data"] = json.dumps([{"kind": "same", "old": ["ZZZ"], "new": ["1"]}])
    message = refused(records)
    assert "Đối chiếu mã tiêu chí giữa hai năm «" in message
    assert "Mã năm trước không có trong bộ tiêu chí: ZZZ." in message


@pytest.mark.parametrize(
    ("kind", "values", "words"),
    [
        ("assessments", {"locked_at": "hôm qua"}, "«Chốt lúc» ghi «hôm qua»"),
        ("assessments", {"year": "2026"}, "«Năm» phải là số nguyên"),
        ("assessment_events", {"action": "xoa_het"}, "«Thao tác» có giá trị lạ «xoa_het»"),
        ("assessment_events", {"happened_at": "2026-11-31T00:00:00Z"}, "«Thời điểm» ghi"),
        ("score_evidence", {"code": ""}, "«Mã tiêu chí» để trống"),
        ("criterion_tasks", {"task_uuid": None}, "«Nhiệm vụ» để trống"),
        ("task_documents", {"document_uuid": 7}, "«Văn bản» phải là chữ"),
        ("reform_fields", {"name": ""}, "«Tên» để trống"),
    ],
)
def test_other_records_breaking_a_rule(
    real: Package, kind: str, values: dict[str, Any], words: str
) -> None:
    records, _row = edited(real, kind, **values)
    message = refused(records)
    label = next(k.label for k in KINDS if k.name == kind)
    assert f"{label} «" in message and words in message


def test_a_record_of_the_wrong_shape(real: Package) -> None:
    """The columns' types and required values, as the store's schema declares them."""
    records, _row = edited(real, "task_documents", position="một")
    assert "Tài liệu kết quả của nhiệm vụ «" in refused(records)
    assert "«Thứ tự» phải là số nguyên, không phải «một»" in refused(records)
    records, _row = edited(real, "tasks", plain_task, self_assigned=2**70)
    assert "«Đơn vị tự đặt» phải là số nguyên" in refused(records)
    records, row = edited(real, "tasks", plain_task)
    del row["lead"]
    assert "Thiếu «Chủ trì»." in refused(records)
    records, row = edited(real, "officials")
    del row["birth"], row["gender"], row["ethnicity"]  # a package without personal data
    validate(records)
    records, _row = edited(real, "reform_fields", sort_order=1.5)
    assert "«Thứ tự» phải là số nguyên, không phải «1.5»" in refused(records)
    with open_store(real.store) as store:  # the receiving store's own columns
        assert "«Thứ tự» phải là số nguyên" in refused(records, conn=store.conn)


# --- settings and the profile -------------------------------------------------------------------


SOON = "Thiết lập chung «Số ngày báo nhiệm vụ sắp đến hạn»"
BACKUP = "Thiết lập chung «Số ngày không sao lưu thì nhắc»"
SCHEDULE = "Thiết lập chung «Lịch nộp báo cáo định kỳ»"


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        (DUE_SOON_DAYS, "mười", f"{SOON}: «Giá trị» không phải dữ liệu JSON hợp lệ"),
        (DUE_SOON_DAYS, '"mười"', f"{SOON}: Số ngày phải là số nguyên từ 1 đến 90"),
        (DUE_SOON_DAYS, "100000000", f"{SOON}: Số ngày phải là số nguyên từ 1 đến 90"),
        (BACKUP_WARNING_DAYS, "0", f"{BACKUP}: Số ngày phải là số nguyên từ 1 đến 90"),
        (REPORT_SCHEDULE, '["quy-1"]', f"{SCHEDULE}: Lịch báo cáo định kỳ không đúng dạng."),
        (REPORT_SCHEDULE, '{"quy-1": {"day": 31, "month": 2}}', "Tháng 2 không có ngày 31."),
        (REPORT_SCHEDULE, '{"nam": {"day": 1, "month": 13}}', "Tháng phải từ 1 đến 12."),
        (REPORT_SCHEDULE, '{"nam": {"day": "mot", "month": 1}}', "không đúng dạng ngày, tháng"),
        ("reports.recipients", "[Như trên", "«Giá trị» không phải dữ liệu JSON hợp lệ"),
    ],
)
def test_a_setting_breaking_a_rule(real: Package, key: str, value: str, words: str) -> None:
    records = copy.deepcopy(real.records)
    row = {**records["settings"][0], "key": key, "value": value}
    records["settings"] = [row]
    message = refused(records)
    assert "Thiết lập chung «" in message and words in message


def test_good_settings_pass(real: Package) -> None:
    records = copy.deepcopy(real.records)
    template = records["settings"][0]
    records["settings"] = [
        {**template, "key": DUE_SOON_DAYS, "value": "14"},
        {**template, "key": REPORT_SCHEDULE, "value": '{"quy-1": {"day": 29, "month": 2}}'},
        {**template, "key": "reports.recipients", "value": '["Như trên"]'},
    ]
    validate(records)


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"preparer_phone": "gọi tôi"}, "Số điện thoại chỉ gồm chữ số"),
        ({"unit_kind": "thôn"}, "Loại đơn vị phải là xã, phường hoặc đặc khu."),
        ({"assessment_year": 1990}, "Năm đánh giá phải từ 2015"),
        ({"assessment_year": "2026"}, "«Năm đánh giá» phải là số nguyên"),
        ({"signer_name": ""}, "Chưa nhập họ tên người ký báo cáo."),
    ],
)
def test_a_profile_breaking_a_rule(real: Package, values: dict[str, Any], words: str) -> None:
    records, _row = edited(real, "commune_profile", **values)
    message = refused(records)
    assert "Thông tin đơn vị «Vân Canh»" in message and words in message


# --- records of another commune ---------------------------------------------------------------


def test_a_profile_of_another_commune_is_refused_whatever_the_manifest_says(
    real: Package,
) -> None:
    records, _row = edited(real, "commune_profile", commune_code="21610", commune_name="Canh Thuận")
    message = refused(records)
    assert "Gói có thông tin đơn vị của xã Canh Thuận (mã 21610)" in message
    assert "tệp dữ liệu này là của đơn vị mã 21607" in message


def test_a_record_of_another_commune_is_refused(real: Package) -> None:
    records, row = edited(real, "tasks", plain_task, _unit="21610")
    with pytest.raises(PackageError) as caught:
        validate(records)
    assert caught.value.member == "data/tasks.jsonl"
    message = refused(records)
    assert f"Nhiệm vụ CCHC «{row['content'][:40]}" in message
    assert "thuộc đơn vị mã 21610, còn tệp dữ liệu này là của đơn vị mã 21607" in message
    records, _row = edited(real, "tasks", plain_task, _unit=UNIT)
    validate(records)


def task_tombstone(tombstones: list[dict[str, Any]]) -> dict[str, Any]:
    return next(t for t in tombstones if t["record_kind"] == "tasks")


def test_a_deletion_of_another_commune_is_refused(real: Package) -> None:
    tombstones = copy.deepcopy(real.tombstones)
    task_tombstone(tombstones)["_unit"] = "21610"
    message = refused(real.records, tombstones)
    assert "Gói xóa một bản ghi «Nhiệm vụ CCHC» của đơn vị mã 21610" in message


def test_a_store_without_a_profile_takes_the_commune_of_the_package(real: Package) -> None:
    validate(real.records, real.tombstones, unit_code="")
    records, _row = edited(real, "officials", _unit="21610")
    message = refused(records, unit_code="")
    assert "thuộc đơn vị mã 21610, còn tệp dữ liệu này là của đơn vị mã 21607" in message


# --- times far in the future --------------------------------------------------------------------


def stamp_after(delta: timedelta) -> str:
    moment = datetime.now(UTC) + delta
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@pytest.mark.parametrize("stamp", ["9999-12-31T23:59:59.999Z", "2099-01-01T00:00:00.000Z"])
def test_a_record_stamped_far_in_the_future(real: Package, stamp: str) -> None:
    records, row = edited(real, "officials", updated_at=stamp)
    message = refused(records)
    assert f"Cán bộ, công chức «{row['full_name']}» có thời điểm sửa ghi ngày" in message
    assert "đồng hồ của máy tạo gói có vẻ bị sai" in message


def test_a_time_a_few_hours_ahead_is_accepted_more_than_a_day_is_not(real: Package) -> None:
    records, _row = edited(real, "tasks", plain_task, updated_at=stamp_after(timedelta(hours=20)))
    validate(records)
    records, _row = edited(real, "tasks", plain_task, updated_at=stamp_after(timedelta(hours=30)))
    assert "đồng hồ của máy tạo gói có vẻ bị sai" in refused(records)
    # judged against the ``now`` given, not this PC's clock
    validate(records, now=stamp_after(timedelta(days=2)))


def test_a_deletion_stamped_far_in_the_future(real: Package) -> None:
    tombstones = copy.deepcopy(real.tombstones)
    task_tombstone(tombstones)["deleted_at"] = "9999-01-01T00:00:00.000Z"
    message = refused(real.records, tombstones)
    assert "Một bản ghi đã xóa (Nhiệm vụ CCHC" in message
    assert "có thời điểm xóa ghi ngày 01/01/9999" in message
    assert "đồng hồ của máy tạo gói có vẻ bị sai" in message


def test_a_time_of_change_that_is_no_real_moment(real: Package) -> None:
    records, _row = edited(real, "tasks", plain_task, updated_at="2026-13-01T00:00:00.000Z")
    assert "có thời điểm sửa «2026-13-01T00:00:00.000Z» không có thật" in refused(records)


# --- the words the officer reads ---------------------------------------------------------------


def test_every_column_has_a_vietnamese_name(real: Package) -> None:
    for kind in KINDS:
        columns = {c for row in real.records[kind.name] for c in row if not c.startswith("_")}
        for column in columns:
            name = column_name(kind.name, column)
            assert name != column and not _IDENTIFIER.search(name), (kind.name, column, name)
            assert name != "một cột dữ liệu", (kind.name, column)
