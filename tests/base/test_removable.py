"""Finding USB sticks: parsing of /proc/mounts, and never an error."""

from __future__ import annotations

from pathlib import Path

from cchc_desktop import removable
from cchc_desktop.removable import (
    block_device_name,
    parse_linux_mounts,
    removable_drives,
    suggested_folder,
)

MOUNTS = """\
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
tmpfs /run tmpfs rw,nosuid,nodev 0 0
/dev/nvme0n1p1 /boot/efi vfat rw 0 0
/dev/sdb1 /media/canbo/USB\\040CCHC vfat rw,nosuid,nodev,uid=1000 0 0
/dev/mmcblk0p1 /run/media/canbo/THE-NHO exfat rw 0 0
/dev/sdc1 /mnt/usb vfat rw 0 0
/dev/sda2 /mnt/data ext4 rw 0 0
//server/share /mnt/share cifs rw 0 0
/dev/sdd1 /home/canbo/usb vfat rw 0 0
"""


def test_block_device_names() -> None:
    assert block_device_name("/dev/sdb1") == "sdb"
    assert block_device_name("/dev/sdb") == "sdb"
    assert block_device_name("/dev/mmcblk0p1") == "mmcblk0"
    assert block_device_name("/dev/nvme0n1p2") == "nvme0n1"
    assert block_device_name("tmpfs") is None
    assert block_device_name("//server/share") is None


def test_removable_mounts_are_found() -> None:
    flags = {"sdb": True, "sdc": True, "sda": False, "mmcblk0": False, "sdd": True}
    found = parse_linux_mounts(MOUNTS, lambda block: flags.get(block, False))
    assert found == [
        Path("/media/canbo/USB CCHC"),  # \040 is a space
        Path("/run/media/canbo/THE-NHO"),  # under /run/media: a desktop's removable mount
        Path("/mnt/usb"),  # under /mnt only when the disk says it is removable
    ]


def test_a_failing_flag_reader_is_not_an_error() -> None:
    def broken(block: str) -> bool:
        raise OSError("no /sys")

    assert parse_linux_mounts(MOUNTS, broken) == [
        Path("/media/canbo/USB CCHC"),
        Path("/run/media/canbo/THE-NHO"),
    ]
    assert parse_linux_mounts("", broken) == []
    assert parse_linux_mounts("garbage\n\n", broken) == []


def test_suggested_folder_prefers_a_usb_stick(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(removable, "removable_drives", lambda: [Path("/media/canbo/USB")])
    assert suggested_folder(tmp_path) == Path("/media/canbo/USB")
    monkeypatch.setattr(removable, "removable_drives", lambda: [])
    assert suggested_folder(tmp_path) == tmp_path


def test_removable_drives_never_raises(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(removable_drives(), list)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr(removable, "parse_linux_mounts", broken)
    monkeypatch.setattr(removable, "_windows_drives", broken)
    monkeypatch.setattr(removable, "_mac_volumes", broken)
    assert removable_drives() == []


def test_mac_volumes_skip_the_system_disk(tmp_path: Path) -> None:
    volumes = tmp_path / "Volumes"
    volumes.mkdir()
    (volumes / "USB CCHC").mkdir()
    (volumes / "Macintosh HD").symlink_to("/")
    assert removable._mac_volumes(volumes) == [volumes / "USB CCHC"]
