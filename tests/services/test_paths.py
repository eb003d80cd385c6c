from __future__ import annotations

from pathlib import Path

import pytest

from desktop_handover.services import paths


def test_folders_are_created_under_the_platform_locations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    journal = paths.default_journal_path()
    assert journal.parent.is_dir()
    assert journal.is_relative_to(tmp_path / "data")
    assert journal.name == "journal.sqlite3"
    assert paths.log_dir().is_dir()
    assert paths.log_dir().is_relative_to(tmp_path)
