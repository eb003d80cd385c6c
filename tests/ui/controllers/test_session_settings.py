"""The session reads the Settings: new tabs' filter and the preview's option defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_handover.handover.journal import Journal
from desktop_handover.handover.selection import SectionFilter
from desktop_handover.ui.settings_store import AppSettings, SettingsStore
from tests.ui.controllers.test_session import start_session
from tests.ui.factories import gateway


@pytest.mark.asyncio
async def test_new_tabs_start_with_the_default_filter(
    qtbot: QtBot, tmp_path: Path, settings_store: SettingsStore
) -> None:
    settings_store.save(AppSettings(default_filter=SectionFilter.CLOSED, timeline_comment=False))
    journal = Journal(tmp_path / "journal.sqlite3")
    try:
        session = await start_session(qtbot, gateway(), journal, settings_store)
        window = session.window
        assert window.tab_for("deals").proxy_filter() is SectionFilter.CLOSED
        # Contacts have no open/closed states: they show everything.
        assert window.tab_for("contacts").proxy_filter() is SectionFilter.ALL
        await session.shutdown()
    finally:
        journal.close()
