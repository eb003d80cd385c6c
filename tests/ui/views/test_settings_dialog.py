"""The Settings dialog: load → apply round trip, the folder chooser, File → Settings…."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QDialog, QFileDialog

from desktop_handover.handover.selection import SectionFilter
from desktop_handover.ui.settings_store import AppSettings, Profile, RatePlan, SettingsStore
from desktop_handover.ui.views.main_window import MainWindow
from desktop_handover.ui.views.settings_dialog import SettingsDialog

CHANGED = AppSettings(
    profiles=(Profile("Acme", "acme.bitrix24.pl"),),
    last_profile="Acme",
    language="ru",
    default_filter=SectionFilter.OPEN,
    rate_plan=RatePlan.ENTERPRISE,
    journal_dir="/srv/journals",
    suppress_notifications=False,
    timeline_comment=False,
    summary_message=True,
)


def make_dialog(qtbot: QtBot, tmp_path: Path) -> SettingsDialog:
    dialog = SettingsDialog(tmp_path / "journals")
    qtbot.addWidget(dialog)
    return dialog


def test_load_then_apply_gives_the_same_settings(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, tmp_path)
    for settings in (AppSettings(), CHANGED):
        dialog.load(settings)
        assert dialog.apply() == settings


def test_defaults_show_system_all_standard_and_the_default_folder(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, tmp_path)
    dialog.load(AppSettings())
    assert dialog.language.currentText() == "System"
    assert dialog.default_filter.currentText() == "All"
    assert "Standard" in dialog.rate_plan.currentText()
    assert "50" in dialog.rate_plan.currentText()
    assert dialog.journal_dir.text() == str(tmp_path / "journals")


def test_choices_reach_apply(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, tmp_path)
    dialog.load(AppSettings())
    dialog.language.setCurrentIndex(dialog.language.findText("Polski"))
    dialog.default_filter.setCurrentIndex(dialog.default_filter.findText("Closed"))
    dialog.rate_plan.setCurrentIndex(1)
    dialog.journal_dir.setText(str(tmp_path / "elsewhere"))
    dialog.comment.setChecked(False)
    applied = dialog.apply()
    assert applied.language == "pl"
    assert applied.default_filter is SectionFilter.CLOSED
    assert applied.rate_plan is RatePlan.ENTERPRISE
    assert applied.journal_dir == str(tmp_path / "elsewhere")
    assert applied.timeline_comment is False


def test_browse_opens_a_non_native_folder_chooser(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = make_dialog(qtbot, tmp_path)
    dialog.load(AppSettings())
    dialog.show()
    dialog.browse_button.click()
    browser = dialog.journal_browser()
    assert isinstance(browser, QFileDialog)
    assert browser.isVisible()
    assert browser.testOption(QFileDialog.Option.DontUseNativeDialog)
    assert browser.fileMode() == QFileDialog.FileMode.Directory
    browser.fileSelected.emit(str(tmp_path / "picked"))
    browser.reject()
    assert dialog.journal_dir.text() == str(tmp_path / "picked")
    assert dialog.journal_browser() is None


def test_file_settings_opens_the_dialog_and_saves_on_ok(
    qtbot: QtBot, tmp_path: Path, settings_store: SettingsStore
) -> None:
    settings_store.save(AppSettings(language="de", window_geometry=b"\x01"))
    window = MainWindow(
        "acme",
        log_file=lambda: None,
        settings=settings_store,
        default_journal_dir=lambda: tmp_path / "journals",
    )
    qtbot.addWidget(window)
    window.show()
    assert window.settings_action.shortcut().toString() == "Ctrl+,"
    window.settings_action.trigger()
    dialog = window.settings_dialog
    assert isinstance(dialog, SettingsDialog)
    assert dialog.isVisible()
    assert dialog.language.currentData() == "de"
    dialog.rate_plan.setCurrentIndex(1)
    dialog.done(QDialog.DialogCode.Accepted)
    saved = settings_store.load()
    assert saved.rate_plan is RatePlan.ENTERPRISE
    assert saved.language == "de"
    assert saved.window_geometry == b"\x01"
    assert window.settings_dialog is None


def test_settings_is_disabled_without_a_store(qtbot: QtBot) -> None:
    window = MainWindow("acme", log_file=lambda: None)
    qtbot.addWidget(window)
    assert not window.settings_action.isEnabled()
