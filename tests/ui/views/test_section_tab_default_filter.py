"""New section tabs start with the Settings' open/closed filter."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop_handover.handover.sections import CONTACTS, DEALS, SectionSpec
from desktop_handover.handover.selection import SectionFilter
from desktop_handover.ui.models.columns import columns_for
from desktop_handover.ui.models.items_model import CrmItemsModel
from desktop_handover.ui.views.section_tab import SectionTab


def make_tab(qtbot: QtBot, section: SectionSpec) -> SectionTab:
    tab = SectionTab(section, CrmItemsModel(columns_for(section)), "Dora Leaving")
    qtbot.addWidget(tab)
    return tab


def test_set_filter_selects_the_filter_and_filters(qtbot: QtBot) -> None:
    tab = make_tab(qtbot, DEALS)
    assert tab.proxy_filter() is SectionFilter.ALL
    tab.set_filter(SectionFilter.CLOSED)
    assert tab.proxy_filter() is SectionFilter.CLOSED
    assert tab.filter_box.currentText() == "Closed"


def test_a_section_without_stages_stays_on_all(qtbot: QtBot) -> None:
    assert not CONTACTS.supports_open_closed
    tab = make_tab(qtbot, CONTACTS)
    tab.set_filter(SectionFilter.OPEN)
    assert tab.proxy_filter() is SectionFilter.ALL
