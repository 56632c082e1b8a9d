"""A rotating log file in the data folder, so that a reported problem can be traced."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_FILE_NAME = "cchc-desktop.log"
_MAX_BYTES = 1_000_000
_BACKUP_COUNT = 5

_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


def setup_logging(folder: Path, *, level: int = logging.INFO) -> Path | None:
    """Send log records to ``folder/cchc-desktop.log`` (rotated at 1 MB, 5 kept).

    Returns the log file's path, or None when the folder cannot be written
    (the program still runs; the problem is reported on stderr).
    """
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "_cchc_handler", False):
            root.removeHandler(handler)
            handler.close()
    path = Path(folder) / LOG_FILE_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=_MAX_BYTES, backupCount=_BACKUP_COUNT, encoding="utf-8"
        )
    except OSError as exc:
        stream = logging.StreamHandler()
        stream._cchc_handler = True  # type: ignore[attr-defined]
        stream.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(stream)
        logging.getLogger(__name__).warning("Không ghi được tệp nhật ký %s: %s", path, exc)
        return None
    handler._cchc_handler = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    return path


def current_log_file() -> Path | None:
    for handler in logging.getLogger().handlers:
        if getattr(handler, "_cchc_handler", False) and isinstance(
            handler, logging.handlers.RotatingFileHandler
        ):
            return Path(handler.baseFilename)
    return None
