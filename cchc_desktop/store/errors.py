"""Problems with a data file, each carrying the Vietnamese message a user reads."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base class: ``message`` is shown to the user as it is."""

    def __init__(self, message: str, path: Path | None = None):
        super().__init__(message)
        self.message = message
        self.path = path


class StoreLocationError(StoreError):
    """The folder or file cannot be used: missing, read-only, no permission."""


class StoreInUseError(StoreError):
    """Another copy of the program has the file open."""


class NewerStoreError(StoreError):
    """The file was written by a newer version of the program; left untouched."""


class ForeignFileError(StoreError):
    """The file is a database of some other program."""


class DamagedStoreError(StoreError):
    """The file fails its integrity check; it is never recreated or emptied."""

    def __init__(self, message: str, path: Path | None = None, backup: Path | None = None):
        super().__init__(message, path)
        self.backup = backup


class StoreWriteError(StoreError):
    """A write failed (disk full, USB stick pulled, read-only); nothing of it was saved."""


class MigrationError(StoreError):
    """An upgrade of the file's structure failed and was rolled back."""


class BackupError(StoreError):
    """A backup could not be written or did not verify."""


class DemoRefusedError(StoreError):
    """Sample data would be written into a file that holds real data."""
