"""Help → "Open log folder": present, named, disabled without a log file, opens the folder."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAccessible

from desktop_handover.ui.views.main_window import MainWindow


def make_window(qtbot: QtBot, log_file: Path | None, opened: list[QUrl]) -> MainWindow:
    window = MainWindow("acme", log_file=lambda: log_file, open_url=opened.append)
    qtbot.addWidget(window)
    return window


def test_the_help_menu_holds_the_action_next_to_about(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path / "desktop_handover.log", [])
    actions = window.help_menu.actions()
    assert window.about_action in actions
    assert window.log_folder_action in actions
    # What a screen reader announces for the menu item: its text without the mnemonic.
    menu = QAccessible.queryAccessibleInterface(window.help_menu)
    assert menu is not None
    names = [menu.child(i).text(QAccessible.Text.Name) for i in range(menu.childCount())]
    assert names == ["About desktop_handover", "Open log folder"]


def test_triggering_opens_the_folder_of_the_log_file(qtbot: QtBot, tmp_path: Path) -> None:
    opened: list[QUrl] = []
    window = make_window(qtbot, tmp_path / "logs" / "desktop_handover.log", opened)
    assert window.log_folder_action.isEnabled()
    window.log_folder_action.trigger()
    assert len(opened) == 1
    assert Path(opened[0].toLocalFile()) == tmp_path / "logs"
    assert str(tmp_path / "logs") in window.log_folder_action.toolTip()


def test_disabled_with_a_reason_when_logging_to_a_file_is_off(qtbot: QtBot) -> None:
    opened: list[QUrl] = []
    window = make_window(qtbot, None, opened)
    assert not window.log_folder_action.isEnabled()
    assert "off" in window.log_folder_action.toolTip()
    window.log_folder_action.trigger()
    assert opened == []
