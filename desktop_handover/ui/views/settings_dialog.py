"""SettingsDialog: File → Settings…, the options a user sets once (language, plan, defaults)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_handover.handover.selection import SectionFilter
from desktop_handover.ui.settings_store import AppSettings, RatePlan


class SettingsDialog(QDialog):
    """Edits AppSettings like Picard's OptionsPage: `load(settings)` fills, `apply()` reads.

    No I/O happens here: the caller loads from and saves to the SettingsStore. Fields the
    dialog does not show (profiles, geometry, ...) pass through `apply()` unchanged.
    """

    def __init__(self, default_journal_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self._default_journal_dir = default_journal_dir
        self._loaded = AppSettings()
        self._browser: QFileDialog | None = None

        self.language = QComboBox(self)
        # Endonyms: a user lost in a foreign UI still finds their own language.
        for code, name in (
            ("", self.tr("System")),
            ("en", "English"),
            ("pl", "Polski"),
            ("de", "Deutsch"),
            ("ru", "Русский"),
        ):
            self.language.addItem(name, code)
        self.language.setAccessibleName(self.tr("Language"))
        language_note = QLabel(self.tr("The language changes at the next start."), self)
        language_note.setWordWrap(True)

        self.default_filter = QComboBox(self)
        self.default_filter.addItem(self.tr("All"), SectionFilter.ALL.value)
        self.default_filter.addItem(self.tr("Open"), SectionFilter.OPEN.value)
        self.default_filter.addItem(self.tr("Closed"), SectionFilter.CLOSED.value)
        self.default_filter.setAccessibleName(self.tr("Items shown in new tabs"))

        self.rate_plan = QComboBox(self)
        self.rate_plan.addItem(
            self.tr("Standard (bursts of 50 requests, then 2 per second)"),
            RatePlan.STANDARD.value,
        )
        self.rate_plan.addItem(
            self.tr("Enterprise (bursts of 250 requests, then 5 per second)"),
            RatePlan.ENTERPRISE.value,
        )
        self.rate_plan.setAccessibleName(self.tr("Rate plan"))
        self.rate_plan.setToolTip(
            self.tr("Choose your Bitrix24 plan: it sets how fast the app may send requests.")
        )

        self.journal_dir = QLineEdit(self)
        self.journal_dir.setAccessibleName(self.tr("Journal folder"))
        self.journal_dir.setPlaceholderText(str(default_journal_dir))
        self.browse_button = QPushButton(self.tr("&Browse…"), self)
        self.browse_button.clicked.connect(self._on_browse_clicked)
        journal_row = QHBoxLayout()
        journal_row.addWidget(self.journal_dir, 1)
        journal_row.addWidget(self.browse_button)

        form = QFormLayout()
        form.addRow(self.tr("&Language:"), self.language)
        form.addRow("", language_note)
        form.addRow(self.tr("New tabs &show:"), self.default_filter)
        form.addRow(self.tr("&Rate plan:"), self.rate_plan)
        form.addRow(self.tr("&Journal folder:"), journal_row)
        journal_label = form.labelForField(journal_row)
        if isinstance(journal_label, QLabel):
            journal_label.setBuddy(self.journal_dir)

        self.suppress = QCheckBox(
            self.tr("No live-feed post per item (leads, deals, contacts, companies, quotes)"),
            self,
        )
        self.suppress.setToolTip(
            self.tr(
                "Bitrix24 posts nothing about the change in the live feed "
                "(REGISTER_SONET_EVENT=N). Other sections have no such switch."
            )
        )
        self.comment = QCheckBox(self.tr("Add a timeline note to each item"), self)
        self.summary_message = QCheckBox(self.tr("Send each successor one summary message"), self)
        defaults = QGroupBox(self.tr("Handover options for new plans"), self)
        defaults_layout = QVBoxLayout(defaults)
        for box in (self.suppress, self.comment, self.summary_message):
            defaults_layout.addWidget(box)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(defaults)
        layout.addWidget(buttons)

    def load(self, settings: AppSettings) -> None:
        """Show `settings`."""
        self._loaded = settings
        _select(self.language, settings.language)
        _select(self.default_filter, settings.default_filter.value)
        _select(self.rate_plan, settings.rate_plan.value)
        self.journal_dir.setText(settings.journal_dir or str(self._default_journal_dir))
        self.suppress.setChecked(settings.suppress_notifications)
        self.comment.setChecked(settings.timeline_comment)
        self.summary_message.setChecked(settings.summary_message)

    def apply(self) -> AppSettings:
        """The loaded settings with the dialog's choices."""
        folder = self.journal_dir.text().strip()
        # The default folder is stored as "", so it follows the platform if that moves.
        if not folder or Path(folder) == self._default_journal_dir:
            folder = ""
        return dataclasses.replace(
            self._loaded,
            language=str(self.language.currentData() or ""),
            default_filter=SectionFilter(self.default_filter.currentData()),
            rate_plan=RatePlan(self.rate_plan.currentData()),
            journal_dir=folder,
            suppress_notifications=self.suppress.isChecked(),
            timeline_comment=self.comment.isChecked(),
            summary_message=self.summary_message.isChecked(),
        )

    def journal_browser(self) -> QFileDialog | None:
        """The folder chooser, while it is open (for tests)."""
        return self._browser

    def _on_browse_clicked(self) -> None:
        # Qt's own dialog, opened with open(): a native one runs its own event loop.
        browser = QFileDialog(self, self.tr("Choose the journal folder"))
        browser.setFileMode(QFileDialog.FileMode.Directory)
        browser.setOption(QFileDialog.Option.ShowDirsOnly, True)
        browser.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        browser.setDirectory(self.journal_dir.text() or str(self._default_journal_dir))
        browser.fileSelected.connect(self.journal_dir.setText)
        browser.finished.connect(self._on_browser_finished)
        self._browser = browser
        browser.open()

    def _on_browser_finished(self, result: int) -> None:
        del result
        if self._browser is not None:
            self._browser.deleteLater()
            self._browser = None


def _select(box: QComboBox, value: str) -> None:
    index = box.findData(value)
    box.setCurrentIndex(max(index, 0))
