"""Proving that a test left a file untouched."""

from __future__ import annotations

from pathlib import Path


def file_fingerprint(path: Path) -> tuple[bytes, int]:
    """The bytes and modification time of a file, to prove it was left untouched."""
    return path.read_bytes(), path.stat().st_mtime_ns
