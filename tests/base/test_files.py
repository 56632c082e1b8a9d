"""A file is written whole or not at all, and a failure is told in Vietnamese."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from cchc_desktop.files import WriteError, os_error_text, write_atomically


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "xuat"
    made.mkdir()
    return made


def test_a_written_file_is_whole_and_nothing_else_is_left(folder: Path) -> None:
    target = folder / "bao-cao.pdf"
    assert write_atomically(target, lambda f: f.write(b"noi dung"), "tệp PDF", "Adobe") == target
    assert target.read_bytes() == b"noi dung"
    assert [p.name for p in folder.iterdir()] == ["bao-cao.pdf"]


def test_a_failed_write_keeps_the_earlier_file_and_says_why(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = folder / "bao-cao.pdf"
    target.write_bytes(b"ban cu")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WriteError) as caught:
        write_atomically(target, lambda f: f.write(b"ban moi"), "tệp PDF", "Adobe Reader")

    assert caught.value.message.startswith(
        f"Không ghi được tệp PDF «bao-cao.pdf» vào thư mục {folder} (ổ đĩa đã đầy). "
        "Nếu tệp này đang mở trong Adobe Reader, hãy đóng lại;"
    )
    assert target.read_bytes() == b"ban cu"
    assert [p.name for p in folder.iterdir()] == ["bao-cao.pdf"]


def test_a_failed_write_propagates_what_the_writer_raised(folder: Path) -> None:
    def broken(_handle: object) -> None:
        raise ValueError("a bug in the writer")

    with pytest.raises(ValueError):
        write_atomically(folder / "x.xlsx", broken, "tệp Excel", "Excel")
    assert list(folder.iterdir()) == []


def test_system_errors_in_words_an_officer_reads() -> None:
    assert os_error_text(OSError(errno.EROFS, "Read-only file system")) == "ổ đĩa chỉ cho đọc"
    assert os_error_text(OSError(errno.EDOM, "Odd")) == "lỗi hệ thống: Odd"
