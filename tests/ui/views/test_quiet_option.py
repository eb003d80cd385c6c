"""The "no live-feed post" option in the preview and in Settings: passed through, and honest."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_handover.handover.plan import HandoverOptions, SectionPlan
from desktop_handover.handover.sections import (
    ACTIVITIES,
    COMPANIES,
    CONTACTS,
    DEALS,
    INVOICES,
    LEADS,
    QUOTES,
    TASKS,
    SectionSpec,
)
from desktop_handover.handover.selection import Explicit
from desktop_handover.ui.controllers.plan_draft import PlanSummary
from desktop_handover.ui.settings_store import AppSettings
from desktop_handover.ui.views.settings_dialog import SettingsDialog
from tests.ui.views.test_dialogs import preview, summary

#: The one part of the option's text no translation changes: the API switch it sends (§7.6).
SWITCH = "REGISTER_SONET_EVENT=N"


def with_sections(*sections: SectionSpec) -> PlanSummary:
    base = summary()
    plan = dataclasses.replace(
        base.plan,
        sections=tuple(SectionPlan(s, Explicit(frozenset({1}))) for s in sections),
    )
    return dataclasses.replace(base, plan=plan)


def warning_count(qtbot: QtBot, *sections: SectionSpec) -> int:
    dialog = preview(qtbot, with_sections(*sections), departing_active=False)
    return dialog.warnings.text().count("⚠")


@pytest.mark.parametrize("ticked", [True, False])
def test_the_preview_passes_the_option_through(qtbot: QtBot, ticked: bool) -> None:
    dialog = preview(
        qtbot,
        summary(),
        departing_active=False,
        options=HandoverOptions(suppress_notifications=ticked),
    )
    assert dialog.suppress.isChecked() is ticked
    assert dialog.options().suppress_notifications is ticked
    dialog.suppress.setChecked(not ticked)
    assert dialog.options().suppress_notifications is not ticked
    assert SWITCH in dialog.suppress.toolTip()


def test_the_preview_warns_when_a_section_has_no_live_feed_switch(qtbot: QtBot) -> None:
    quiet = warning_count(qtbot, LEADS, DEALS, CONTACTS, COMPANIES, QUOTES)
    for loud in (INVOICES, ACTIVITIES, TASKS):
        assert warning_count(qtbot, DEALS, loud) == quiet + 1


def test_settings_keep_the_default_and_say_what_it_sends(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = SettingsDialog(tmp_path / "journals")
    qtbot.addWidget(dialog)
    for default in (True, False):
        dialog.load(AppSettings(suppress_notifications=default))
        assert dialog.suppress.isChecked() is default
        assert dialog.apply().suppress_notifications is default
    assert SWITCH in dialog.suppress.toolTip()
