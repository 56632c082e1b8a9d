"""The change history: written by the store's triggers, read and exported here."""

from __future__ import annotations

import importlib.util
import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

from cchc_desktop.core.tasks import Status
from cchc_desktop.demo import fill_demo_store
from cchc_desktop.exports.history_excel import HEADERS, export_history
from cchc_desktop.paths import migrations_dir
from cchc_desktop.store import Store, open_store
from cchc_desktop.store import history as hist
from cchc_desktop.store.profile_repo import save_profile
from cchc_desktop.store.restore import restore_from_file
from cchc_desktop.store.task_repo import delete_tasks, load_task, save_task
from tests.support.files import file_fingerprint
from tests.support.paths import DATA, STORE_FIXTURES
from tests.support.profile import PROFILE
from tests.support.task_factory import task
from tests.support.transfer_helpers import TODAY, export, fill_real_store, import_package, new_store

FIXTURES = STORE_FIXTURES
DAY = date(2026, 3, 1)


def _log(store: Store) -> list[tuple[str, str, str, dict]]:
    rows = store.conn.execute(
        "SELECT who, action, record_kind, changes FROM change_log ORDER BY id"
    ).fetchall()
    return [(who, action, kind, json.loads(changes)) for who, action, kind, changes in rows]


def _profiled(store: Store) -> Store:
    save_profile(store, PROFILE, TODAY)
    store.conn.execute("DELETE FROM change_log")
    return store


def test_task_insert_update_delete_are_recorded_with_who_and_values(store: Store) -> None:
    _profiled(store)
    saved = save_task(store, task(), DAY)
    store.conn.execute("DELETE FROM change_log WHERE record_kind <> 'tasks'")
    entries = _log(store)
    assert [(who, action) for who, action, _k, _c in entries] == [("Lê Thị Hồng", "them")]
    assert entries[0][3]["content"] == "Rà soát, công bố thủ tục hành chính"
    assert "search_text" not in entries[0][3] and "updated_at" not in entries[0][3]

    save_task(store, replace(saved, deadline=date(2026, 7, 31), notes="Gấp"), DAY)
    assert [(a, k, c) for _w, a, k, c in _log(store)[1:]] == [
        ("sua", "tasks", {"deadline": ["2026-06-30", "2026-07-31"], "notes": ["", "Gấp"]})
    ]

    count = len(_log(store))
    save_task(store, load_task(store, saved.uuid), DAY)  # type: ignore[arg-type]
    assert len(_log(store)) == count  # nothing changed, nothing recorded

    delete_tasks(store, [saved.uuid])
    actions = {(a, k) for _w, a, k, _c in _log(store)}
    assert ("xoa", "tasks") in actions

    shown = hist.history(store, record_uuid=saved.uuid)
    assert [e.action_label for e in shown][:1] == ["Xóa"]
    assert shown[0].record_title == "Rà soát, công bố thủ tục hành chính"  # from the log
    assert shown[0].kind_label == "Nhiệm vụ CCHC"
    update = next(e for e in shown if e.action == "sua")
    assert update.changes_text().splitlines() == ["Hạn: 30/06/2026 → 31/07/2026", "Ghi chú: Gấp"]


def test_the_actor_comes_from_the_profile_and_follows_it(store: Store) -> None:
    save_profile(store, PROFILE, TODAY)
    assert _log(store)[0][:3] == ("Lê Thị Hồng", "them", "commune_profile")
    save_profile(store, replace(PROFILE, preparer_name="Trần Văn Bình"), TODAY)
    assert _log(store)[-1][0] == "Lê Thị Hồng"  # the change itself is the previous officer's
    saved = save_task(store, task(), DAY)
    assert _log(store)[-1][:2] == ("Trần Văn Bình", "them")
    hist.set_actor(store, "Người khác")
    save_task(store, replace(saved, notes="x"), DAY)
    assert _log(store)[-1][0] == "Người khác"
    assert hist.people(store) == ["Lê Thị Hồng", "Người khác", "Trần Văn Bình"]


def test_opening_an_unchanged_store_writes_nothing(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True, exist_ok=True)
    with open_store(store_path) as store:
        save_profile(store, PROFILE, TODAY)
        save_task(store, task(), DAY)
    before = file_fingerprint(store_path)
    with open_store(store_path) as store:
        assert hist.current_actor(store) == "Lê Thị Hồng"
    assert file_fingerprint(store_path) == before


def test_a_package_import_is_one_entry(tmp_path: Path) -> None:
    a = new_store(tmp_path / "a" / "a.db")
    fill_real_store(a, tmp_path / "files")
    package = export(a, tmp_path / "goi.cchc")
    b = new_store(tmp_path / "b" / "b.db")
    before = b.conn.execute("SELECT count(*) FROM change_log").fetchone()[0]
    import_package(b, package)
    rows = b.conn.execute(
        "SELECT action, record_kind, changes FROM change_log WHERE id > ?", (before,)
    )
    rows = rows.fetchall()
    assert [(r[0], r[1]) for r in rows] == [("nhap_goi", hist.KIND_PACKAGE)]
    summary = json.loads(rows[0][2])
    assert summary["file"] == "goi.cchc" and summary["kinds"]["tasks"]["new"] > 0
    assert b.conn.execute("SELECT paused FROM change_actor").fetchone()[0] == 0
    entry = hist.history(b)[0]
    assert entry.action_label == "Nhập gói dữ liệu" and entry.record_title == "goi.cchc"
    assert any(c.label == "Nhiệm vụ CCHC" and "thêm" in c.new for c in entry.changes)
    # The rows written afterwards are recorded again.
    save_task(b, task("Nhiệm vụ sau khi nhập"), DAY)
    assert b.conn.execute("SELECT action FROM change_log ORDER BY id DESC").fetchone()[0] == "them"
    a.close()
    b.close()


def test_the_sample_data_is_one_entry(store: Store) -> None:
    fill_demo_store(store, TODAY)
    assert [(a, k) for _w, a, k, _c in _log(store)] == [("them", hist.KIND_DEMO)]


def test_a_restore_is_one_entry_in_the_restored_store(tmp_path: Path) -> None:
    path = tmp_path / "s" / "cchc.db"
    store = new_store(path)
    save_task(store, task(), DAY)
    store.close()
    copy = tmp_path / "ban-sao.db"
    shutil.copyfile(path, copy)
    restore_from_file(path, copy)
    with open_store(path) as store:
        entry = hist.history(store)[0]
        assert (entry.action, entry.record_title, entry.who) == (
            "khoi_phuc",
            "ban-sao.db",
            "Lê Thị Hồng",
        )
        assert store.meta(hist.PENDING_RESTORE_KEY) is None


def test_a_damaged_entry_is_listed_without_raising(store: Store) -> None:
    _profiled(store)
    save_task(store, task(), DAY)
    store.conn.execute(
        "INSERT INTO change_log (who, action, record_kind, record_uuid, changes) "
        "VALUES ('X', 'sua', 'tasks', 'không-có', '{hỏng')"
    )
    entries = hist.history(store)
    assert entries[0].damaged and entries[0].record_title == hist.DAMAGED_TEXT
    assert not entries[1].damaged


def test_filters(store: Store) -> None:
    _profiled(store)
    save_task(store, task("Công bố thủ tục"), DAY)
    hist.set_actor(store, "Trần Văn Bình")
    save_task(store, task("Số hóa hồ sơ"), DAY)
    assert [e.record_title for e in hist.history(store, who="Trần Văn Bình", kinds={"tasks"})] == [
        "Số hóa hồ sơ"
    ]
    assert [e.record_title for e in hist.history(store, text="so hoa")] == ["Số hóa hồ sơ"]
    assert len(hist.history(store, who="Trần Văn Bình")) == 2  # the task and its document
    assert hist.history(store, kinds={"officials"}) == []
    assert len(hist.history(store, kinds={"tasks"}, since=date.today())) == 2
    assert hist.history(store, until=date(2000, 1, 1)) == []


def test_every_column_of_a_logged_table_is_covered(store: Store) -> None:
    spec = importlib.util.spec_from_file_location("make_history_sql", DATA / "make_history_sql.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    for table in module.LOGGED_TABLES:
        (sql,) = store.conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
            (f"{table}_log_update",),
        ).fetchone()
        for (column,) in store.conn.execute(f"SELECT name FROM pragma_table_info('{table}')"):
            if column not in module.SKIPPED_COLUMNS:
                assert f"old.{column} IS NOT new.{column}" in sql, (table, column)
    assert (migrations_dir() / "0006_history.sql").is_file()


def test_the_v5_fixture_upgrades_with_an_actor(tmp_path: Path) -> None:
    target = tmp_path / "v5.db"
    shutil.copy(FIXTURES / "v5.db", target)
    with open_store(target) as store:
        profile = store.conn.execute("SELECT preparer_name FROM commune_profile").fetchone()
        assert hist.current_actor(store) == (profile[0] if profile else "")
        assert store.conn.execute("SELECT count(*) FROM change_log").fetchone()[0] == 0


def test_excel_export_reads_back(store: Store, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    _profiled(store)
    saved = save_task(store, task(), DAY)
    save_task(store, replace(saved, status=Status.PAUSED), DAY)
    target = export_history(hist.history(store), tmp_path / "lich-su.xlsx", unit="Xã Vân Canh")
    ws = load_workbook(target).active
    values = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    header_index = next(i for i, row in enumerate(values) if row[0] == HEADERS[0])
    assert tuple(values[header_index]) == HEADERS
    first = values[header_index + 1]
    assert tuple(first[1:5]) == ("Lê Thị Hồng", "Sửa", "Nhiệm vụ CCHC", saved.content)
    assert first[5] == "Trạng thái: Đang thực hiện → Tạm dừng"
    assert str(first[0])[2] == "/"  # dd/mm/yyyy hh:mm
