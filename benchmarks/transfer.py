"""Data packages with large evidence files: export, verify, import, backup vs a plain copy.

Builds a store holding a commune profile and documents whose attached files (random,
incompressible bytes, sized like scans and photos: 0.2–8 MiB each) total ``--mb`` MiB.
Then runs, each in its own child process exactly as an office script would:

1. ``python -m cchc_desktop package export`` of the whole store;
2. ``package verify`` of that package against an empty store (dry run);
3. ``package import --yes`` into that empty store (with its automatic backup);
4. ``backup`` of the source store (SQLite backup API, then integrity check);
5. a plain copy (``shutil.copyfile``, then also with ``fsync`` as the program does) of the
   package and of the store file, in a child process too, for comparison in the same run.

For each (median of ``--runs`` runs): wall time, peak memory (maximum resident set size
of that child alone, from ``os.wait4`` in a tiny launcher) and throughput. With
``--compare-sizes`` the whole run is repeated with ``--small-mb`` (50 MiB by default) and
both peaks are shown side by side: streamed steps keep the same peak whatever the size
of the files.

    .venv/bin/python benchmarks/transfer.py [--mb 500] [--compare-sizes] [--small-mb 50]
                                            [--password] [--runs 3] [--folder /tmp] [--keep]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MIB = 1024 * 1024
PASSWORD = "mat-khau-do-hieu-nang"


def _file_sizes(total: int, rng: random.Random) -> list[int]:
    """Sizes that add up to ``total``: photos (0.2–2 MiB) and scanned PDFs (2–8 MiB)."""
    sizes = []
    left = total
    while left > 0:
        if rng.random() < 0.6:
            size = rng.randint(int(0.2 * MIB), 2 * MIB)
        else:
            size = rng.randint(2 * MIB, 8 * MIB)
        size = min(size, left)
        if left - size < int(0.2 * MIB):
            size = left  # no tiny last file
        sizes.append(size)
        left -= size
    return sizes


def _random_file(path: Path, size: int) -> None:
    with open(path, "wb") as handle:
        left = size
        while left:
            chunk = min(left, MIB)
            handle.write(os.urandom(chunk))
            left -= chunk


def build_store(path: Path, megabytes: int, scratch: Path) -> tuple[int, int]:
    """The source store; returns (number of files, bytes of evidence)."""

    from cchc_desktop.core.tasks import Document, DocumentFile
    from cchc_desktop.store import open_store
    from cchc_desktop.store.documents_repo import save_document
    from cchc_desktop.store.profile_repo import save_profile
    from tests.support.profile import PROFILE

    rng = random.Random(20261122)
    sizes = _file_sizes(megabytes * MIB, rng)
    with open_store(path) as store:
        save_profile(store, PROFILE, date.today())
        for number, size in enumerate(sizes, start=1):
            kind = "anh-chup" if size < 2 * MIB else "ban-quet"
            name = f"{kind}-{number:04d}.{'jpg' if kind == 'anh-chup' else 'pdf'}"
            source = scratch / name
            _random_file(source, size)
            document = Document(
                number=f"{number}/BC-UBND",
                issued_on=date(2026, 1 + number % 12, 1 + number % 28),
                issuer="UBND xã",
                summary=f"Tài liệu kiểm chứng số {number}: bản quét, ảnh chụp hồ sơ",
                files=(DocumentFile(name, source=source),),
            )
            with store.transaction():
                save_document(store, document)
            source.unlink()
    return len(sizes), sum(sizes)


@dataclass
class Step:
    name: str
    seconds: float
    peak_mib: float
    size: int  # bytes the step reads or writes, for the throughput

    @property
    def mb_per_s(self) -> float:
        return self.size / MIB / self.seconds if self.seconds else 0.0


# A tiny launcher runs each step: a child's peak RSS counts the image of the process that
# started it, so the steps must not be started from this (large) process.
_LAUNCHER = """
import json, os, sys, time
report, argv = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
with open(report, "w") as out:
    json.dump({"code": os.waitstatus_to_exitcode(status), "seconds": seconds,
               "maxrss": usage.ru_maxrss}, out)
"""


def measure(name: str, argv: list[str], size: int, folder: Path) -> Step:
    """Run ``argv`` as a child; its wall time and its own peak RSS (``os.wait4``)."""
    import json

    out = folder / "buoc.out"
    err = folder / "buoc.err"
    report = folder / "buoc.json"
    env = dict(
        os.environ,
        CCHC_DESKTOP_HOME=str(folder / "home"),
        CCHC_BENCH_PASSWORD=PASSWORD,
        PYTHONPATH=str(ROOT),
    )
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        subprocess.run(
            [sys.executable, "-S", "-c", _LAUNCHER, str(report), *argv],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            check=True,
        )
    result = json.loads(report.read_text("utf-8"))
    if result["code"] != 0:
        sys.exit(
            f"Bước «{name}» thất bại (mã {result['code']}):\n"
            f"{out.read_text('utf-8', 'replace')}\n{err.read_text('utf-8', 'replace')}"
        )
    # Linux reports KiB, macOS bytes.
    peak = result["maxrss"] / (MIB if sys.platform == "darwin" else 1024)
    return Step(name, result["seconds"], peak, size)


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "cchc_desktop", *args]


_COPY = """
import os, shutil, sys
shutil.copyfile(sys.argv[1], sys.argv[2])
if sys.argv[3] == "fsync":
    with open(sys.argv[2], "rb+") as handle:
        os.fsync(handle.fileno())
"""


def _copy(source: Path, target: Path, flush: bool) -> list[str]:
    return [sys.executable, "-c", _COPY, str(source), str(target), "fsync" if flush else "-"]


def _empty_store(path: Path) -> Path:
    """An empty real store: the import creates the commune profile."""
    from cchc_desktop.store import open_store

    for leftover in (path, *(Path(f"{path}{s}") for s in ("-wal", "-shm", ".lock"))):
        leftover.unlink(missing_ok=True)
    shutil.rmtree(path.with_name(f"{path.stem}-sao-luu"), ignore_errors=True)
    open_store(path).close()
    return path


def _best(name: str, runs: list[Step]) -> Step:
    """Median time, highest peak."""
    seconds = statistics.median(step.seconds for step in runs)
    return Step(name, seconds, max(step.peak_mib for step in runs), runs[0].size)


def run(megabytes: int, base: Path, password: bool, keep: bool, runs: int) -> list[Step]:
    folder = Path(tempfile.mkdtemp(prefix=f"cchc-transfer-bench-{megabytes}-", dir=base))
    scratch = folder / "tep-nguon"
    scratch.mkdir()
    source = folder / "nguon.db"
    started = time.perf_counter()
    files, evidence = build_store(source, megabytes, scratch)
    print(
        f"Dựng tệp dữ liệu: {files} tệp kiểm chứng, {evidence / MIB:.0f} MiB, "
        f"tệp dữ liệu {source.stat().st_size / MIB:.0f} MiB, "
        f"{time.perf_counter() - started:.1f} s"
    )
    target = folder / "dich.db"
    package = folder / "goi.cchc"
    secret = ["--password-env", "CCHC_BENCH_PASSWORD"] if password else []
    store_size = source.stat().st_size
    backups = folder / "sao-luu"
    copy = folder / "ban-chep"
    measured: dict[str, list[Step]] = {}

    def step(name: str, argv: list[str], size: int) -> None:
        measured.setdefault(name, []).append(measure(name, argv, size, folder))

    for _ in range(runs):
        package.unlink(missing_ok=True)
        step(
            "package export",
            _cli("package", "export", "--db", str(source), "--out", str(package), *secret),
            evidence,
        )
        package_size = package.stat().st_size
        _empty_store(target)
        step(
            "package verify --db (xem trước)",
            _cli("package", "verify", str(package), "--db", str(target), *secret),
            package_size,
        )
        step(
            "package import --yes",
            _cli("package", "import", str(package), "--db", str(target), "--yes", *secret),
            package_size,
        )
        from cchc_desktop.store import open_store

        with open_store(target) as store:
            got = store.conn.execute("SELECT count(*), total(size) FROM file_blobs").fetchone()
        if (got[0], int(got[1])) != (files, evidence):
            sys.exit(f"Nhập thiếu tệp: {got} ≠ {(files, evidence)}")
        shutil.rmtree(backups, ignore_errors=True)
        backups.mkdir()
        step(
            "backup (sao lưu + kiểm tra)",
            _cli("backup", "--db", str(source), "--out", str(backups)),
            store_size,
        )
        for flush in (False, True):
            suffix = " + fsync" if flush else ""
            step(f"chép thường: tệp gói{suffix}", _copy(package, copy, flush), package_size)
            copy.unlink()
            step(f"chép thường: tệp dữ liệu{suffix}", _copy(source, copy, flush), store_size)
            copy.unlink()
    print(
        f"Gói: {package.stat().st_size / MIB:.0f} MiB"
        + (" (có mật khẩu)" if password else "")
        + f"; thư mục {folder}"
    )
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)
    return [_best(name, steps) for name, steps in measured.items()]


def print_table(megabytes: int, steps: list[Step]) -> None:
    print(f"\n{megabytes} MiB tệp kiểm chứng:")
    print(f"  {'Bước':<34} {'giây':>7} {'RSS đỉnh MiB':>13} {'MB/s':>7}")
    for step in steps:
        print(
            f"  {step.name:<34} {step.seconds:>7.1f} {step.peak_mib:>13.0f} {step.mb_per_s:>7.0f}"
        )
    copy = next(s for s in steps if s.name == "chép thường: tệp gói + fsync")
    for step in steps[:3]:
        print(
            f"  {step.name}: {step.seconds / copy.seconds:.1f} × thời gian chép thường tệp gói "
            "(+ fsync)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=500, help="MiB of evidence files")
    parser.add_argument("--compare-sizes", action="store_true")
    parser.add_argument("--small-mb", type=int, default=50)
    parser.add_argument("--password", action="store_true", help="encrypted package")
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--keep", action="store_true", help="keep the stores and the package")
    parser.add_argument("--runs", type=int, default=3, help="median time, highest peak")
    args = parser.parse_args()

    free = shutil.disk_usage(args.folder).free
    needed = 5 * args.mb * MIB
    if free < needed:
        sys.exit(f"Cần khoảng {needed / MIB:.0f} MiB trống trong {args.folder}, chỉ còn "
                 f"{free / MIB:.0f} MiB.")  # fmt: skip
    sizes = [args.small_mb, args.mb] if args.compare_sizes else [args.mb]
    results = {}
    for megabytes in sizes:
        results[megabytes] = run(megabytes, args.folder, args.password, args.keep, args.runs)
        print_table(megabytes, results[megabytes])
    if args.compare_sizes:
        small, large = sizes
        print(f"\nRSS đỉnh (MiB): {small} MiB tệp → {large} MiB tệp")
        for before, after in zip(results[small], results[large], strict=True):
            growth = after.peak_mib - before.peak_mib
            print(
                f"  {before.name:<34} {before.peak_mib:>6.0f} → {after.peak_mib:>6.0f} "
                f"({growth:+.0f})"
            )


if __name__ == "__main__":
    main()
