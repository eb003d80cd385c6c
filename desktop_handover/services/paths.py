"""Where journals, reports and logs live on each platform, shared by the app and the CLI."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "desktop_handover"
# platformdirs puts the author in the Windows path (%LOCALAPPDATA%\<author>\<app>); keep it short.
APP_AUTHOR = "desktop_handover"


def data_dir() -> Path:
    """The per-user folder for the journal and exported reports (created on first use)."""
    import platformdirs  # noqa: PLC0415 - keeps the CLI's start-up lean (style.md §3.4)

    return platformdirs.user_data_path(APP_NAME, APP_AUTHOR, ensure_exists=True)


def log_dir() -> Path:
    """The per-user folder for rotating log files (created on first use)."""
    import platformdirs  # noqa: PLC0415 - keeps the CLI's start-up lean (style.md §3.4)

    return platformdirs.user_log_path(APP_NAME, APP_AUTHOR, ensure_exists=True)


def default_journal_path() -> Path:
    """The journal every run is recorded in unless the user picks another file."""
    return data_dir() / "journal.sqlite3"
