"""app.py reads the Settings' journal folder and language."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from desktop_handover import app
from desktop_handover.ui.settings_store import AppSettings, RatePlan, SettingsStore


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


class RecordingController:
    """Stands in for ConnectController: calls the check and opener it was given."""

    def __init__(self, check: Any, opener: Any, *args: Any, **kwargs: Any) -> None:
        self.check = check
        self.opener = opener

    async def run(self) -> None:
        await self.check("https://acme.bitrix24.pl/rest/1/x/")
        await self.opener("https://acme.bitrix24.pl/rest/1/x/")


@pytest.mark.parametrize(
    ("plan", "enterprise"), [(RatePlan.STANDARD, False), (RatePlan.ENTERPRISE, True)]
)
def test_the_rate_plan_reaches_the_portal_functions(
    monkeypatch: pytest.MonkeyPatch,
    settings_store: SettingsStore,
    plan: RatePlan,
    enterprise: bool,
) -> None:
    seen: list[tuple[str, bool]] = []

    async def fake_check(url: str, *, enterprise: bool = False) -> None:
        seen.append(("check", enterprise))

    async def fake_open(url: str, *, enterprise: bool = False) -> None:
        seen.append(("open", enterprise))

    monkeypatch.setattr(app, "ConnectController", RecordingController)
    monkeypatch.setattr(app, "check_connection", fake_check)
    monkeypatch.setattr(app, "open_portal", fake_open)
    settings_store.save(AppSettings(rate_plan=plan))
    args = app.build_parser().parse_args([])
    asyncio.run(app._connect(args, settings_store))
    assert seen == [("check", enterprise), ("open", enterprise)]
