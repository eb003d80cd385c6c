"""Logging set-up for the composition roots: a rotating file, optional stderr, secrets masked."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from desktop_handover.bitrix.redact import install_redaction
from desktop_handover.services import paths

LOG_FILE_NAME = "desktop_handover.log"
LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
# A few runs' worth of history stays small enough to attach to a support mail.
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_BACKUP_COUNT = 5
# httpx logs every request URL at INFO, and a webhook URL holds the secret (style §3.6);
# httpcore is chattier still. Both stay at WARNING whatever the app's own level.
QUIET_LOGGERS = ("httpx", "httpcore")

# Marks the handlers this module installed, so that a second call replaces them.
_OWNED = "_desktop_handover_owned"


def configure_logging(
    log_dir: Path | None = None,
    *,
    level: int = logging.INFO,
    to_stderr: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    backup_count: int = DEFAULT_BACKUP_COUNT,
) -> Path:
    """Send every log record to a rotating file (and stderr if asked), with secrets masked.

    Only the roots (`app.py`, `cli.py`) call this. Calling it again replaces the handlers of
    the previous call. The redaction filter sits on every *handler* of the root logger,
    including any installed before this call, because a logger's own filter never sees the
    records of other loggers such as httpx's (style §3.6).

    Args:
        log_dir: the folder for the log file; `services.paths.log_dir()` when None.
        level: the root logger's level.
        to_stderr: also write records to stderr (the CLI's `-v`, or a dev run).
        max_bytes: size at which the file rotates.
        backup_count: rotated files kept beside the current one.

    Returns:
        The path of the current log file.
    """
    folder = paths.log_dir() if log_dir is None else log_dir
    folder.mkdir(parents=True, exist_ok=True)
    log_file = folder / LOG_FILE_NAME

    root = logging.getLogger()
    reset_logging()
    formatter = logging.Formatter(LOG_FORMAT)
    handlers: list[logging.Handler] = [
        logging.handlers.RotatingFileHandler(
            log_file, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8"
        )
    ]
    if to_stderr:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.setFormatter(formatter)
        setattr(handler, _OWNED, True)
        root.addHandler(handler)
    for handler in root.handlers:
        install_redaction(handler)
    root.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    return log_file


def reset_logging() -> None:
    """Remove and close the handlers `configure_logging` installed (for shutdown and tests)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _OWNED, False)]:
        root.removeHandler(handler)
        handler.close()


def current_log_file() -> Path | None:
    """The file the installed rotating handler writes to, or None before `configure_logging`.

    The UI's Help → "Open log folder" and the crash dialog name this file's folder.
    """
    for handler in logging.getLogger().handlers:
        if getattr(handler, _OWNED, False) and isinstance(
            handler, logging.handlers.RotatingFileHandler
        ):
            return Path(handler.baseFilename)
    return None
