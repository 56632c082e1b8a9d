"""Start-up of CCHC Desktop to its first shown main window, against a bare PySide6 window.

Both are started the same way in the same run: a new Python process that
shows its window, reports its memory at that moment and quits. The time is
measured from the spawn to that report.

    .venv/bin/python benchmarks/startup.py            # 15 runs each, offscreen
    .venv/bin/python benchmarks/startup.py --runs 30 --platform xcb   # under X/Xvfb

"First start" is the very first opening (a new data folder: the store is
created and migrated, the first-run dialog opens). "Usual start" opens an
existing store that has its commune profile. The operating system's file
cache is warm after the first run of each kind; with --drop-caches (root,
Linux) the caches are dropped before every run, which gives a true cold start.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

BARE_WINDOW = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1100, 720)
window.show()
def report():
    memory = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(("VmRSS:", "VmHWM:")):
                memory[line.split(":")[0]] = int(line.split()[1])
    print(json.dumps({"shown": True, "rss_kb": memory["VmRSS"], "peak_kb": memory["VmHWM"]}),
          flush=True)
    app.quit()
QTimer.singleShot(0, report)
app.exec()
"""


def drop_caches() -> bool:
    try:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, dict[str, int]]:
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=REPO
    )
    assert process.stdout is not None
    report: dict[str, int] | None = None
    elapsed = 0.0
    for line in process.stdout:
        if line.startswith("{"):
            elapsed = time.perf_counter() - start
            report = json.loads(line)
            break
    process.wait(timeout=60)
    if report is None:
        raise RuntimeError(f"no start-up report from {command}")
    return elapsed, report


def summarise(label: str, samples: list[tuple[float, dict[str, int]]]) -> dict[str, float]:
    times = [t * 1000 for t, _ in samples]
    rss = [r["rss_kb"] / 1024 for _, r in samples]
    peak = [r["peak_kb"] / 1024 for _, r in samples]
    result = {
        "median_ms": statistics.median(times),
        "min_ms": min(times),
        "max_ms": max(times),
        "rss_mb": statistics.median(rss),
        "peak_mb": statistics.median(peak),
    }
    print(
        f"{label:<40} {result['median_ms']:7.0f} ms "
        f"[{result['min_ms']:.0f}–{result['max_ms']:.0f}]   "
        f"RSS {result['rss_mb']:6.1f} MB (peak {result['peak_mb']:.1f} MB)"
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--platform", default="offscreen", help="Qt platform plugin")
    parser.add_argument("--drop-caches", action="store_true")
    args = parser.parse_args()

    env = dict(os.environ, QT_QPA_PLATFORM=args.platform)
    python = sys.executable
    bare, usual, first = [], [], []
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as scratch:
        home = Path(scratch) / "usual"
        app_env = dict(env, CCHC_DESKTOP_HOME=str(home))
        app_command = [python, "-m", "cchc_desktop", "--demo", "--measure-startup"]
        run_once(app_command, app_env)  # creates the demo store used by the usual starts
        run_once([python, "-c", BARE_WINDOW], env)  # warm the file cache for both
        dropped = False
        for index in range(args.runs):
            if args.drop_caches:
                dropped = drop_caches()
            # alternate, so that both see the same machine conditions
            bare.append(run_once([python, "-c", BARE_WINDOW], env))
            if args.drop_caches:
                drop_caches()
            usual.append(run_once(app_command, app_env))
            if args.drop_caches:
                drop_caches()
            first_env = dict(env, CCHC_DESKTOP_HOME=str(Path(scratch) / f"first-{index}"))
            first.append(run_once([python, "-m", "cchc_desktop", "--measure-startup"], first_env))

    cache = "cold (caches dropped)" if dropped else "warm file cache"
    print(f"CCHC Desktop start-up, {args.runs} runs each, platform {args.platform}, {cache}")
    print("median [min–max] from spawn to the window shown; memory at that moment")
    base = summarise("bare PySide6 QMainWindow", bare)
    app = summarise("CCHC Desktop, usual start (demo store)", usual)
    new = summarise("CCHC Desktop, first start (new store)", first)
    print(
        f"ratio to the bare window: usual {app['median_ms'] / base['median_ms']:.2f}×, "
        f"first start {new['median_ms'] / base['median_ms']:.2f}×; "
        f"extra memory {app['rss_mb'] - base['rss_mb']:.1f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
