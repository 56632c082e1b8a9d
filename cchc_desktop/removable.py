"""Finding the USB sticks plugged into this PC, to start file dialogs there.

Only a convenience: every function here returns an empty answer rather than raising,
and the officer can always choose any folder.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

DRIVE_REMOVABLE = 2  # GetDriveTypeW
# Mount points where Linux desktops put removable media.
_LINUX_MEDIA_ROOTS = ("/media/", "/run/media/")
_LINUX_MOUNT_ROOTS = ("/media/", "/run/media/", "/mnt/")


def _unescape_mount(field: str) -> str:
    """/proc/mounts writes a space as \\040, a tab as \\011, a backslash as \\134."""
    out: list[str] = []
    i = 0
    while i < len(field):
        code = field[i + 1 : i + 4]
        if field[i] == "\\" and len(code) == 3 and code.isdigit():
            out.append(chr(int(code, 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def block_device_name(device: str) -> str | None:
    """The disk of a partition: ``/dev/sdb1`` → ``sdb``, ``/dev/mmcblk0p1`` → ``mmcblk0``."""
    if not device.startswith("/dev/"):
        return None
    name = device[len("/dev/") :]
    if name.startswith(("mmcblk", "nvme")):
        head, sep, tail = name.rpartition("p")
        return head if sep and tail.isdigit() and head[-1:].isdigit() else name
    return name.rstrip("0123456789") or None


def _sys_removable(block: str) -> bool:
    try:
        return Path(f"/sys/block/{block}/removable").read_text().strip() == "1"
    except OSError:
        return False


def parse_linux_mounts(
    text: str, is_removable: Callable[[str], bool] = _sys_removable
) -> list[Path]:
    """The mount points of removable media in a ``/proc/mounts`` text.

    A mount under /media, /run/media or /mnt counts when its block device says it is
    removable (``is_removable("sdb")``); under /media and /run/media, where desktops
    mount USB sticks, it counts anyway (card readers often report 0).
    """
    found: list[Path] = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 2:
            continue
        device, mount = fields[0], _unescape_mount(fields[1])
        if not mount.startswith(_LINUX_MOUNT_ROOTS):
            continue
        block = block_device_name(device)
        if block is None:
            continue
        removable = False
        try:
            removable = is_removable(block)
        except Exception:  # a guess must never fail
            removable = False
        if removable or mount.startswith(_LINUX_MEDIA_ROOTS):
            path = Path(mount)
            if path not in found:
                found.append(path)
    return found


def _windows_drives() -> list[Path]:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    mask = kernel32.GetLogicalDrives()
    drives: list[Path] = []
    for index in range(26):
        if not mask & (1 << index):
            continue
        root = f"{chr(ord('A') + index)}:\\"
        if kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)) == DRIVE_REMOVABLE:
            drives.append(Path(root))
    return drives


def _mac_volumes(volumes: Path = Path("/Volumes")) -> list[Path]:
    return sorted(
        entry
        for entry in volumes.iterdir()
        if entry.is_dir() and not entry.is_symlink() and entry.resolve() != Path("/")
    )


def removable_drives() -> list[Path]:
    """USB sticks and memory cards mounted now; ``[]`` when unknown. Never raises."""
    try:
        if os.name == "nt":
            return _windows_drives()
        if sys.platform == "darwin":
            return _mac_volumes()
        with open("/proc/mounts", encoding="utf-8", errors="replace") as handle:
            return [p for p in parse_linux_mounts(handle.read()) if p.is_dir()]
    except Exception:  # a guess must never fail
        log.debug("Could not list removable drives", exc_info=True)
        return []


def suggested_folder(fallback: Path) -> Path:
    """Where a dialog for a USB stick should start: the first one plugged in, else ``fallback``."""
    drives = removable_drives()
    return drives[0] if drives else Path(fallback)
