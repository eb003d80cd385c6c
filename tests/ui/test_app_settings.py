"""app.py reads the Settings' journal folder and language."""

from __future__ import annotations

from pathlib import Path

from desktop_handover import app
from desktop_handover.ui.settings_store import AppSettings, SettingsStore


def test_the_journal_goes_to_the_chosen_folder(tmp_path: Path) -> None:
    path = app.journal_path("acme.bitrix24.pl", folder=tmp_path / "chosen")
    assert path == tmp_path / "chosen" / "acme.bitrix24.pl.sqlite3"
    assert path.parent.is_dir()


def test_the_command_line_language_wins_over_the_settings(
    settings_store: SettingsStore,
) -> None:
    settings_store.save(AppSettings(language="de"))
    assert app.ui_language("pl", settings_store) == "pl"
    assert app.ui_language("", settings_store) == "de"
    settings_store.save(AppSettings())
    assert app.ui_language("", settings_store) == ""
