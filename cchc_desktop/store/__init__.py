"""The store layer: one SQLite file per commune, Qt-free."""

from cchc_desktop.store.database import Store, open_store
from cchc_desktop.store.errors import (
    BackupError,
    DamagedStoreError,
    DemoRefusedError,
    ForeignFileError,
    MigrationError,
    NewerStoreError,
    StoreError,
    StoreInUseError,
    StoreLocationError,
    StoreWriteError,
)

__all__ = [
    "BackupError",
    "DamagedStoreError",
    "DemoRefusedError",
    "ForeignFileError",
    "MigrationError",
    "NewerStoreError",
    "Store",
    "StoreError",
    "StoreInUseError",
    "StoreLocationError",
    "StoreWriteError",
    "open_store",
]
