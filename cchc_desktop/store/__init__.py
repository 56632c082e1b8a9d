"""The store layer: one SQLite file per commune, Qt-free."""

from cchc_desktop.store.database import Store
from cchc_desktop.store.errors import (
    BackupError,
    DamagedStoreError,
    DemoRefusedError,
    ForeignFileError,
    MigrationError,
    NewerStoreError,
    StoreDiskFullError,
    StoreError,
    StoreInUseError,
    StoreIOError,
    StoreLocationError,
    StoreLockedError,
    StoreNotFoundError,
    StorePermissionError,
    StoreUnavailableError,
    StoreWriteError,
)
from cchc_desktop.store.opening import open_store

__all__ = [
    "BackupError",
    "DamagedStoreError",
    "DemoRefusedError",
    "ForeignFileError",
    "MigrationError",
    "NewerStoreError",
    "Store",
    "StoreDiskFullError",
    "StoreError",
    "StoreIOError",
    "StoreInUseError",
    "StoreLocationError",
    "StoreLockedError",
    "StoreNotFoundError",
    "StorePermissionError",
    "StoreUnavailableError",
    "StoreWriteError",
    "open_store",
]
