"""A crossed exchange between two PCs of one commune, on the full demo store.

PC 1 holds the sample commune (tasks, officials, two scored years, evidence); PC 2 is made
from PC 1's package. Each then edits a share of the tasks (some the same ones: real
conflicts) and scores a few lines, exports a package, and imports the other's — the
office's crossed exchange. Timed per step (median of ``--runs``): export, verify, plan
(preview), apply (with the automatic backup), and the whole exchange; the stores are
checked identical at the end.

    .venv/bin/python benchmarks/exchange.py [--runs 3] [--edits 40]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc_desktop.demo import fill_demo_store  # noqa: E402
from cchc_desktop.store import open_store  # noqa: E402
from cchc_desktop.transfer.merge import (  # noqa: E402
    apply_import,
    create_store_from_package,
    plan_import,
)
from cchc_desktop.transfer.model import PackageOptions  # noqa: E402
from cchc_desktop.transfer.reader import verify_package  # noqa: E402
from cchc_desktop.transfer.writer import export_package  # noqa: E402


def travelling(conn) -> list:  # type: ignore[no-untyped-def]
    from cchc_desktop.store.kinds import DERIVED_COLUMNS, KINDS

    found = []
    for kind in KINDS:
        cursor = conn.execute(f'SELECT * FROM "{kind.name}" ORDER BY uuid')
        names = [d[0] for d in cursor.description]
        found.append(
            [
                {k: v for k, v in zip(names, row, strict=True) if k not in DERIVED_COLUMNS | {"id"}}
                for row in cursor
            ]
        )
    return found


def one_run(folder: Path, edits: int) -> dict[str, float]:
    times: dict[str, float] = {}
    (folder / "pc1").mkdir()
    first = open_store(folder / "pc1" / "cchc.db")
    fill_demo_store(first, today=date(2026, 11, 1))
    seed = folder / "seed.cchc"
    export_package(first.conn, seed, PackageOptions())
    (folder / "pc2").mkdir()
    create_store_from_package(verify_package(seed), folder / "pc2" / "cchc.db")
    second = open_store(folder / "pc2" / "cchc.db")
    uuids = [r[0] for r in first.conn.execute("SELECT uuid FROM tasks ORDER BY uuid")]
    for number, uuid in enumerate(uuids[:edits]):
        with first.transaction():
            first.conn.execute(
                "UPDATE tasks SET notes = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') "
                "WHERE uuid = ?",
                (f"Máy 1 ghi chú {number}", uuid),
            )
    for number, uuid in enumerate(uuids[edits // 2 : edits // 2 + edits]):
        with second.transaction():
            second.conn.execute(
                "UPDATE tasks SET notes = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') "
                "WHERE uuid = ?",
                (f"Máy 2 ghi chú {number}", uuid),
            )
    start_all = time.perf_counter()
    packages = []
    for index, store in enumerate((first, second)):
        start = time.perf_counter()
        target = folder / f"goi-{index}.cchc"
        export_package(store.conn, target, PackageOptions())
        times[f"export PC{index + 1}"] = time.perf_counter() - start
        packages.append(target)
    conflicts = 0
    for index, (store, package) in enumerate(((second, packages[0]), (first, packages[1]))):
        start = time.perf_counter()
        verified = verify_package(package)
        times[f"verify on PC{2 - index}"] = time.perf_counter() - start
        start = time.perf_counter()
        plan = plan_import(store.conn, verified)
        times[f"preview on PC{2 - index}"] = time.perf_counter() - start
        conflicts += len(plan.conflicts)
        start = time.perf_counter()
        apply_import(store.conn, store.path, plan)
        times[f"import on PC{2 - index}"] = time.perf_counter() - start
    times["whole crossed exchange"] = time.perf_counter() - start_all
    same = travelling(first.conn) == travelling(second.conn)
    times["identical (1 = yes)"] = float(same)
    times["conflicts shown"] = float(conflicts)
    first.close()
    second.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--edits", type=int, default=40)
    args = parser.parse_args()
    results: list[dict[str, float]] = []
    for _run in range(args.runs):
        with tempfile.TemporaryDirectory() as scratch:
            results.append(one_run(Path(scratch), args.edits))
    for name in results[0]:
        values = [r[name] for r in results]
        median = statistics.median(values)
        if name.startswith(("identical", "conflicts")):
            print(f"{name:28s} {median:g}")
        else:
            print(
                f"{name:28s} {median * 1000:8.0f} ms   (min {min(values) * 1000:.0f}, "
                f"max {max(values) * 1000:.0f})"
            )


if __name__ == "__main__":
    main()
