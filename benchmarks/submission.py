"""The full submission of a large commune: all three reports, PDF and Excel, and the zip.

Builds a store with 200 criteria lines (all scored, with evidence), 2,000 tasks and 60
officials, then runs the export command exactly as an office script would —
``python -m cchc_desktop export --document all --zip`` — in a child process, and reports
its wall time and peak memory (maximum resident set size of the child). Median of runs.

    .venv/bin/python benchmarks/submission.py [--lines 200] [--tasks 2000] [--people 60]
                                              [--runs 3] [--store big.db]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 22)
YEAR = 2026


def build_store(path: Path, lines: int, tasks: int, people: int) -> None:
    from cchc_desktop.core.criteria import CriteriaSet, Criterion, Method, MethodKind
    from cchc_desktop.core.scoring import Score
    from cchc_desktop.core.tasks import Document, Status
    from cchc_desktop.demo import demo_officials
    from cchc_desktop.store import open_store
    from cchc_desktop.store.criteria_repo import save_new_criteria_set
    from cchc_desktop.store.profile_repo import save_profile
    from cchc_desktop.store.scoring_evidence import add_evidence
    from cchc_desktop.store.scoring_repo import save_score, start_assessment
    from cchc_desktop.store.staff_repo import add_officials
    from cchc_desktop.store.task_repo import add_tasks
    from tests.support.profile import PROFILE
    from tests.support.task_factory import task

    fields_count = 8
    per_field = lines // fields_count
    fields = []
    for f in range(fields_count):
        leaves = tuple(
            Criterion(
                f"{f + 1}.{n + 1}",
                f"Tiêu chí thành phần số {n + 1} của lĩnh vực {f + 1}: mức độ hoàn thành "
                "nhiệm vụ cải cách hành chính được giao trong năm, có tài liệu kiểm chứng",
                Decimal(1),
                method=Method(MethodKind.MANUAL),
            )
            for n in range(per_field)
        )
        fields.append(
            Criterion(
                "IVX"[f % 3] + str(f + 1),
                f"Lĩnh vực {f + 1}",
                Decimal(per_field),
                children=leaves,
            )
        )
    criteria = CriteriaSet(
        uuid="", family="", version=1, name="Bộ tiêu chí lớn để đo", fields=tuple(fields)
    )
    with open_store(path) as store:
        save_profile(store, PROFILE, date.today())
        stored = save_new_criteria_set(store, criteria)
        assessment = start_assessment(store, YEAR, stored)
        evidence = Document(
            number="12/QĐ-UBND", issued_on=date(2026, 1, 5), issuer="UBND xã", summary="Quyết định"
        )
        for i, leaf in enumerate(stored.leaves()):
            value = Decimal("0.5") if i % 3 else Decimal(1)
            save_score(
                store,
                assessment,
                leaf,
                Score(leaf.code, value=value, explanation=f"Giải trình tiêu chí {leaf.code}"),
            )
            if i % 2 == 0:
                add_evidence(store, assessment, leaf.code, evidence, TODAY)
        statuses = (Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED, Status.PAUSED)
        codes = ("CDDH", "THECHE", "TTHC", "TCBM", "CDCV", "TCC", "CQS")
        made = []
        for i in range(tasks):
            deadline = date(YEAR, 1, 10) + timedelta(days=i % 340)
            status = statuses[i % len(statuses)]
            done = deadline + timedelta(days=(i % 7) - 3) if status == Status.DONE else None
            made.append(
                task(
                    f"Nhiệm vụ cải cách hành chính số {i + 1}: rà soát, đơn giản hóa thủ tục",
                    assigned_on=date(YEAR, 1, 5),
                    field_code=codes[i % len(codes)],
                    deadline=deadline,
                    status=status,
                    completed_on=done if done and done <= TODAY else None,
                )
                if status != Status.DONE or (done and done <= TODAY)
                else task(f"Nhiệm vụ số {i + 1}", assigned_on=date(YEAR, 1, 5))
            )
        add_tasks(store, made, TODAY)
        base = demo_officials(TODAY)
        officials = []
        for i in range(people):
            model = base[i % len(base)]
            *rest, given = model.full_name.split()
            officials.append(replace(model, full_name=" ".join([*rest, f"Số{i}", given])))
        add_officials(store, officials, TODAY)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=200)
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--people", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--store", type=Path)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="cchc-submission-bench-"))
    path = args.store or folder / "big.db"
    if not path.exists():
        started = time.perf_counter()
        build_store(path, args.lines, args.tasks, args.people)
        print(f"Dựng dữ liệu: {time.perf_counter() - started:.1f} s")
    times, sizes = [], []
    for run in range(args.runs):
        out = folder / f"out-{run}"
        out.mkdir()
        started = time.perf_counter()
        result = subprocess.run(
            [
                sys.executable, "-m", "cchc_desktop", "export", "--db", str(path),
                "--document", "all", "--year", str(YEAR), "--period", "nam",
                "--out", str(out), "--zip", "--date", TODAY.strftime("%d/%m/%Y"),
            ],
            cwd=ROOT,
            env=dict(os.environ, CCHC_DESKTOP_HOME=str(folder / "home")),
            capture_output=True,
            text=True,
            encoding="utf-8",
        )  # fmt: skip
        times.append(time.perf_counter() - started)
        if result.returncode != 0:
            sys.exit(f"Xuất thất bại:\n{result.stdout}\n{result.stderr}")
        files = [p for p in out.rglob("*") if p.is_file()]
        sizes = sorted((p.name, p.stat().st_size) for p in files)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # Linux: KiB
    print(
        f"{args.lines} dòng tiêu chí, {args.tasks} nhiệm vụ, {args.people} cán bộ; "
        f"{args.runs} lần chạy lệnh export (3 báo cáo × PDF + Excel + zip):"
    )
    print(f"  thời gian (trung vị): {statistics.median(times):.1f} s; mỗi lần: "
          + ", ".join(f"{t:.1f}" for t in times))  # fmt: skip
    print(f"  bộ nhớ đỉnh của tiến trình xuất: {peak_kib / 1024:.0f} MiB")
    for name, size in sizes:
        print(f"  {name:<72} {size / 1024:8.0f} KiB")
    if not args.store:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
