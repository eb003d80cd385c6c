from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QLabel, QTableView

from desktop_handover.ui.widgets.avatar import AvatarLabel, initials, initials_pixmap
from desktop_handover.ui.widgets.banner import Banner, BannerKind
from desktop_handover.ui.widgets.check_header import CheckHeaderView
from desktop_handover.ui.widgets.search_line import SearchLine
from desktop_handover.ui.widgets.user_card import UserCard
from tests.ui.factories import HOSTILE


def test_initials() -> None:
    assert initials("Anna Nowak") == "AN"
    assert initials("Anna Maria Nowak") == "AN"
    assert initials("Łukasz") == "Ł"
    assert initials("  ") == "?"
    assert initials("<b>x</b>") == "?"


def test_initials_pixmap_is_drawn(qtbot) -> None:
    pixmap = initials_pixmap("Anna Nowak", 40)
    assert pixmap.width() == 40
    assert not pixmap.toImage().isNull()
    label = AvatarLabel(40)
    qtbot.addWidget(label)
    label.set_person("Anna Nowak")
    assert label.accessibleName() == "Anna Nowak"


def test_search_line_reports_after_typing(qtbot) -> None:
    line = SearchLine("Search in deals…", delay_ms=10)
    qtbot.addWidget(line)
    with qtbot.waitSignal(line.search_changed, timeout=1000) as blocker:
        qtbot.keyClicks(line, "orbis")
    assert blocker.args == ["orbis"]
    assert line.accessibleName() == "Search in deals…"


def test_banner_shows_portal_text_as_plain_text_and_offers_its_action(qtbot) -> None:
    banner = Banner()
    qtbot.addWidget(banner)
    banner.show_message(HOSTILE, BannerKind.ERROR, "Try again")
    label = next(w for w in banner.findChildren(QLabel) if w.text() == HOSTILE)
    assert label.textFormat() == Qt.TextFormat.PlainText
    with qtbot.waitSignal(banner.action_requested, timeout=1000):
        qtbot.mouseClick(banner.action_button(), Qt.MouseButton.LeftButton)


def test_check_header_click_requests_a_toggle(qtbot) -> None:
    view = QTableView()
    qtbot.addWidget(view)
    model = QStandardItemModel(3, 3)
    view.setModel(model)
    header = CheckHeaderView(view)
    view.setHorizontalHeader(header)
    view.show()
    header.set_check_state(Qt.CheckState.PartiallyChecked)
    assert header.check_state() == Qt.CheckState.PartiallyChecked
    with qtbot.waitSignal(header.toggle_requested, timeout=1000):
        qtbot.mouseClick(
            header.viewport(), Qt.MouseButton.LeftButton, pos=header.checkbox_center()
        )


def test_user_card_labels_are_plain_text(qtbot) -> None:
    card = UserCard()
    qtbot.addWidget(card)
    card.set_person(HOSTILE, HOSTILE, HOSTILE)
    for label in (card.name, card.detail, card.status):
        assert label.textFormat() == Qt.TextFormat.PlainText
        assert label.text() == HOSTILE
