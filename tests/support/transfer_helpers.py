"""Builders shared by the tests of the data packages (.cchc): stores, packages, rewrites."""

from __future__ import annotations

import contextlib
import hashlib
import json
import random
import shutil
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from cchc_desktop.core.criteria import shipped_criteria_sets
from cchc_desktop.core.periodic_reports import default_schedule, report_tasks
from cchc_desktop.core.tasks import Document, DocumentFile
from cchc_desktop.demo import demo_tasks, fill_demo_scoring, fill_demo_staff
from cchc_desktop.store import Store, open_store
from cchc_desktop.store.kinds import KINDS
from cchc_desktop.store.profile_repo import save_profile
from cchc_desktop.store.scoring_evidence import add_evidence
from cchc_desktop.store.scoring_repo import assessment_for_year
from cchc_desktop.store.settings_repo import DUE_SOON_DAYS, set_setting
from cchc_desktop.store.task_repo import add_periodic_reports, add_tasks, delete_tasks
from cchc_desktop.transfer.merge import apply_import, plan_import
from cchc_desktop.transfer.model import ImportPlan, ImportResult, PackageOptions
from cchc_desktop.transfer.reader import verify_package
from cchc_desktop.transfer.writer import export_package
from tests.support.profile import PROFILE

TODAY = date(2026, 11, 22)
LEAD = "Lê Thị Hồng"
OTHER_PROFILE = replace(PROFILE, commune_name="Canh Thuận", commune_code="21610")

# The evidence files attached on the sending PC: more than one chunk, empty, and text.
BIG_FILE = random.Random(7).randbytes(1_300_000)
EMPTY_FILE = b""
TEXT_FILE = "Biên bản kiểm tra công tác cải cách hành chính — bản chụp số 15.\n".encode()
FILE_BYTES = {
    "bao-cao-15.pdf": BIG_FILE,
    "ghi-chu-trong.txt": EMPTY_FILE,
    "bien-ban.txt": TEXT_FILE,
}
SECRET_NAME = "Trần Văn Minh"  # an official of the sample staff: must not show in encrypted zips


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def new_store(path: Path, profile: Any = PROFILE) -> Store:
    path.parent.mkdir(parents=True, exist_ok=True)
    store = open_store(path)
    if profile is not None:
        save_profile(store, profile, TODAY)
    return store


def fill_real_store(store: Store, files_dir: Path) -> None:
    """A real (not demo) commune store with records of every common kind, three attached
    files, a setting, a locked 2025 self-assessment, an open 2026 one and a deleted task."""
    add_tasks(store, demo_tasks(TODAY), TODAY)
    add_periodic_reports(store, report_tasks(default_schedule(), TODAY.year, LEAD), TODAY)
    fill_demo_staff(store, TODAY)
    fill_demo_scoring(store, TODAY, LEAD)
    set_setting(store, DUE_SOON_DAYS, 10)
    files_dir.mkdir(parents=True, exist_ok=True)
    attached = []
    for name, data in FILE_BYTES.items():
        (files_dir / name).write_bytes(data)
        attached.append(DocumentFile(name, source=files_dir / name))
    current = assessment_for_year(store, TODAY.year)
    assert current is not None
    code = next(iter(shipped_criteria_sets()[0].leaves())).code
    add_evidence(
        store,
        current,
        code,
        Document(
            "15/BC-UBND",
            date(2026, 3, 2),
            "UBND xã Vân Canh",
            "Báo cáo kết quả kiểm tra công tác cải cách hành chính quý I",
            files=tuple(attached),
        ),
        TODAY,
    )
    victim = store.conn.execute(
        "SELECT uuid FROM tasks WHERE recurrence_key IS NULL ORDER BY content LIMIT 1"
    ).fetchone()[0]
    delete_tasks(store, [victim])


def copy_store(source: Path, target: Path) -> Store:
    """Open a copy of a closed store file (the whole state of a PC, sync_state included)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return open_store(target)


def export(store: Store, target: Path, **options: Any) -> Path:
    export_package(store.conn, target, PackageOptions(**options))
    return target


def import_package(
    store: Store,
    package: Path,
    password: str | None = None,
    resolutions: dict[str, str] | None = None,
) -> tuple[ImportPlan, ImportResult]:
    verified = verify_package(package, password)
    plan = plan_import(store.conn, verified)
    result = apply_import(store.conn, store.path, plan, resolutions)
    return plan, result


def summary(plan: ImportPlan | ImportResult) -> dict[str, dict[str, int]]:
    """Per kind with something to say: the non-zero counts of the plan (unchanged left out)."""
    found = {}
    for s in plan.summaries:
        counts = {
            "new": s.new,
            "updated": s.updated,
            "deleted": s.deleted,
            "conflicts": s.conflicts,
        }
        counts = {k: v for k, v in counts.items() if v}
        if counts:
            found[s.kind] = counts
    return found


def travelling() -> list[str]:
    return [k.name for k in KINDS]


def rows(conn: sqlite3.Connection, table: str, where: str = "", *params: Any) -> list[dict]:
    """The rows of a table without the local row number, sorted by uuid."""
    cursor = conn.execute(f'SELECT * FROM "{table}" {where}', params)
    names = [d[0] for d in cursor.description]
    found = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    for row in found:
        row.pop("id", None)
    return sorted(found, key=lambda r: r.get("uuid") or "")


def content(conn: sqlite3.Connection) -> dict[str, Any]:
    """What a store holds for the commune: every travelling record, the files, the deletions."""
    from cchc_desktop.store.kinds import DERIVED_COLUMNS

    found: dict[str, Any] = {
        name: [
            {k: v for k, v in row.items() if k not in DERIVED_COLUMNS} for row in rows(conn, name)
        ]
        for name in travelling()
    }
    found["file_blobs"] = {
        s: (size, bytes(data))
        for s, size, data in conn.execute("SELECT sha256, size, data FROM file_blobs")
    }
    found["tombstones"] = sorted(
        conn.execute("SELECT uuid, record_kind, deleted_at FROM tombstones").fetchall()
    )
    return found


def fingerprint(conn: sqlite3.Connection) -> dict[str, Any]:
    """Every row of every table (local ones too: sync_state, exchanges, store_meta, blobs)."""
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
    ]
    found: dict[str, Any] = {
        t: sorted(repr(r) for r in conn.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables
    }
    found["user_version"] = conn.execute("PRAGMA user_version").fetchone()[0]
    return found


def set_row(conn: sqlite3.Connection, table: str, uuid: str, stamp: str, **values: Any) -> None:
    """Edit a record as the program would: its columns and a new ``updated_at``."""
    assignments = ", ".join(f'"{k}" = ?' for k in values)
    cursor = conn.execute(
        f'UPDATE "{table}" SET {assignments}, updated_at = ? WHERE uuid = ?',
        [*values.values(), stamp, uuid],
    )
    assert cursor.rowcount == 1, (table, uuid)


def stamp(n: int) -> str:
    """A time after anything the repositories wrote, increasing with ``n`` (a few minutes
    ahead at most: a package with times far in the future is refused)."""
    from datetime import UTC, datetime, timedelta

    moment = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=2, seconds=n)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


# --- rewriting a package's zip -----------------------------------------------------------


def read_members(path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        members = {
            i.filename: archive.read(i) for i in archive.infolist() if i.filename != "manifest.json"
        }
    return manifest, members


def rewrite_package(
    source: Path,
    target: Path,
    *,
    replace_members: dict[str, bytes] | None = None,
    add: dict[str, bytes] | None = None,
    drop: tuple[str, ...] = (),
    rehash: bool = True,
    list_added: bool = False,
    edit_manifest: Callable[[dict[str, Any]], None] | None = None,
    manifest_bytes: bytes | None = None,
) -> Path:
    """A copy of a package with members replaced, added or dropped.

    ``rehash``: the manifest gets the SHA-256 and size of the new contents (a consistent
    forgery); without it the manifest keeps the values of the original members.
    ``list_added``: added members are declared in the manifest too.
    """
    manifest, members = read_members(source)
    for name in drop:
        del members[name]
    members.update(replace_members or {})
    if rehash:
        for entry in manifest["members"]:
            if entry["name"] in members:
                entry["sha256"] = sha(members[entry["name"]])
                entry["size"] = len(members[entry["name"]])
    if drop:
        manifest["members"] = [m for m in manifest["members"] if m["name"] not in drop]
    extra = add or {}
    if list_added:
        manifest["members"] += [
            {"name": n, "sha256": sha(d), "size": len(d)} for n, d in extra.items()
        ]
    if edit_manifest is not None:
        edit_manifest(manifest)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in {**members, **extra}.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 22, 8, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
        text = manifest_bytes
        if text is None:
            text = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        archive.writestr("manifest.json", text)
    return target


def jsonl(rows_: list[dict[str, Any]]) -> bytes:
    return b"".join(
        json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode() + b"\n"
        for r in rows_
    )


def parse_jsonl(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.splitlines() if line.strip()]


# --- a pair of PCs of one commune that have exchanged once ------------------------------


class Templates:
    """Closed store files to copy: PC A (filled, exported once), PC B (made from that package)."""

    def __init__(self, folder: Path):
        from cchc_desktop.transfer.merge import create_store_from_package

        self.folder = folder
        self.a = folder / "a" / "cchc.db"
        self.b = folder / "b" / "cchc.db"
        self.package = folder / "p0.cchc"
        with new_store(self.a) as store:
            fill_real_store(store, folder / "files")
            export(store, self.package)
        self.b.parent.mkdir(parents=True)
        create_store_from_package(verify_package(self.package), self.b)


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A closed store file, read without opening it as a store (which would write to it)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        yield conn
    finally:
        conn.close()
