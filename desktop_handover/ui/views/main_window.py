"""MainWindow: the departing employee and plan on the left, one tab per section on the right."""

from __future__ import annotations

import dataclasses
import functools
import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QKeySequence,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_handover.services import paths
from desktop_handover.services.logs import current_log_file
from desktop_handover.ui import messages
from desktop_handover.ui.settings_store import SettingsStore
from desktop_handover.ui.views.about import AboutDialog
from desktop_handover.ui.views.plan_panel import PlanPanel
from desktop_handover.ui.views.section_tab import SectionTab
from desktop_handover.ui.views.settings_dialog import SettingsDialog


class MainWindow(QMainWindow):
    """The one window of the handover (ui.md §1).

    Signals:
        preview_requested(): "Preview plan" or Ctrl+Enter.
        handover_requested(): "Hand over N ▶" (opens the preview first).
        tab_shown(int): a tab became current (tabs load when first shown).
        close_requested(): the window is closing.
    """

    preview_requested = Signal()
    handover_requested = Signal()
    tab_shown = Signal(int)
    close_requested = Signal()

    def __init__(
        self,
        portal_title: str,
        parent: QWidget | None = None,
        *,
        log_file: Callable[[], Path | None] = current_log_file,
        open_url: Callable[[QUrl], object] = QDesktopServices.openUrl,
        settings: SettingsStore | None = None,
        default_journal_dir: Callable[[], Path] = lambda: paths.data_dir() / "journals",
    ) -> None:
        super().__init__(parent)
        # Injectable so that tests never open a real file manager.
        self._log_file = log_file
        self._open_url = open_url
        self._settings = settings
        self._default_journal_dir = default_journal_dir
        self.settings_dialog: SettingsDialog | None = None
        self.setWindowTitle(messages.fmt(self.tr("desktop_handover — {0}"), portal_title))
        self.resize(1280, 800)
        self.panel = PlanPanel(self)
        scroll = QScrollArea(self)
        scroll.setWidget(self.panel)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setMinimumWidth(290)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Sections"))
        self.tabs.setUsesScrollButtons(True)
        self.tabs.currentChanged.connect(self.tab_shown)
        self.placeholder = QLabel(self.tr("Choose the departing employee to begin."), self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_button = QPushButton(self.tr("Preview plan"), self)
        self.preview_button.setToolTip(self.tr("What goes to whom (Ctrl+Enter)"))
        self.preview_button.clicked.connect(self.preview_requested)
        self.handover_button = QPushButton(self)
        self.handover_button.setDefault(True)
        self.handover_button.clicked.connect(self.handover_requested)
        self.handover_button.setAccessibleName(self.tr("Hand over"))
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.preview_button)
        bottom.addWidget(self.handover_button)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.tabs, 1)
        right_layout.addWidget(self.placeholder, 1)
        right_layout.addLayout(bottom)
        splitter = QSplitter(self)
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 980])
        self.setCentralWidget(splitter)
        self.tabs.hide()
        self.set_item_count(0, enabled=False)

        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.settings_action = QAction(self.tr("&Settings…"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.setEnabled(settings is not None)
        self.settings_action.triggered.connect(self._on_settings_triggered)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)
        self.help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.about_action = QAction(self.tr("&About desktop_handover"), self)
        self.about_action.triggered.connect(self._on_about_triggered)
        self.help_menu.addAction(self.about_action)
        self.log_folder_action = QAction(self.tr("Open &log folder"), self)
        self.log_folder_action.triggered.connect(self._on_log_folder_triggered)
        self.help_menu.addAction(self.log_folder_action)
        self.update_log_folder_action()

        self._shortcut(QKeySequence.StandardKey.Find, self._on_find)
        self._shortcut(QKeySequence("Ctrl+A"), self._on_select_all)
        self._shortcut(QKeySequence("Ctrl+Shift+A"), self._on_for_all)
        self._shortcut(QKeySequence("Ctrl+Return"), self.preview_requested.emit)
        self._shortcut(QKeySequence("Ctrl+Enter"), self.preview_requested.emit)
        for n in range(1, 10):
            self._shortcut(QKeySequence(f"Ctrl+{n}"), functools.partial(self._go_to_tab, n - 1))
        self.setTabOrder(scroll, self.tabs)
        self.setTabOrder(self.tabs, self.preview_button)
        self.setTabOrder(self.preview_button, self.handover_button)

    def _shortcut(
        self, keys: QKeySequence | QKeySequence.StandardKey, slot: Callable[[], object]
    ) -> None:
        shortcut = QShortcut(keys, self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)

    # --- tabs ---------------------------------------------------------------------------------

    def clear_tabs(self) -> None:
        """Remove every section tab (another employee was chosen)."""
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if widget is not None:
                widget.deleteLater()

    def add_tab(self, tab: SectionTab, count: int) -> int:
        """Add a section's tab with its item count in the title."""
        index = self.tabs.addTab(tab, "")
        self.set_tab_count(index, count)
        self.tabs.show()
        self.placeholder.hide()
        return index

    def set_tab_count(self, index: int, count: int) -> None:
        """Show `count` in the tab's title; a tab with nothing to hand over is dimmed."""
        tab = self.tabs.widget(index)
        if not isinstance(tab, SectionTab):
            return
        name = messages.section_name(tab.section)
        shown = "…" if count < 0 else messages.number(count)
        self.tabs.setTabText(index, f"{name} {shown}")
        # A smart process's name is portal text: escape it, tooltips guess rich text (ui.md §6).
        self.tabs.setTabToolTip(
            index,
            messages.fmt(
                self.tr("{0}: {1} items (Ctrl+{2})"), html.escape(name), shown, index + 1
            ),
        )
        colour = self.palette().color(
            QPalette.ColorGroup.Disabled if count == 0 else QPalette.ColorGroup.Active,
            QPalette.ColorRole.WindowText,
        )
        self.tabs.tabBar().setTabTextColor(index, colour)

    def current_tab(self) -> SectionTab | None:
        """The section tab shown."""
        tab = self.tabs.currentWidget()
        return tab if isinstance(tab, SectionTab) else None

    def section_tabs(self) -> list[SectionTab]:
        """Every section tab, in order."""
        tabs = [self.tabs.widget(i) for i in range(self.tabs.count())]
        return [t for t in tabs if isinstance(t, SectionTab)]

    def tab_for(self, key: str) -> SectionTab:
        """The tab of section `key`."""
        return next(t for t in self.section_tabs() if t.section.key == key)

    def set_item_count(self, n: int, *, enabled: bool = True, approximate: bool = False) -> None:
        """The “Hand over N ▶”: the one primary button, disabled until the plan has an item."""
        prefix = "≈ " if approximate else ""
        self.handover_button.setText(
            messages.fmt(self.tr("Hand over {0}{1} ▶"), prefix, messages.number(n))
        )
        self.handover_button.setEnabled(enabled and n > 0)
        self.preview_button.setEnabled(n > 0)

    # --- shortcuts ----------------------------------------------------------------------------

    def _go_to_tab(self, index: int) -> None:
        if 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)

    def _on_find(self) -> None:
        tab = self.current_tab()
        if tab is not None:
            tab.focus_search()

    def _on_select_all(self) -> None:
        tab = self.current_tab()
        if tab is not None:
            tab.toggle_loaded()

    def _on_for_all(self) -> None:
        tab = self.current_tab()
        if tab is not None:
            tab.toggle_for_all()

    def _on_about_triggered(self) -> None:
        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _on_settings_triggered(self) -> None:
        if self._settings is None:
            return
        if self.settings_dialog is not None and self.settings_dialog.isVisible():
            self.settings_dialog.raise_()
            return
        dialog = SettingsDialog(self._default_journal_dir(), self)
        dialog.load(self._settings.load())
        dialog.accepted.connect(self._on_settings_accepted)
        dialog.finished.connect(self._on_settings_finished)
        self.settings_dialog = dialog
        dialog.open()

    def _on_settings_accepted(self) -> None:
        dialog = self.settings_dialog
        if dialog is None or self._settings is None:
            return
        # Reload first: the session may have saved other fields since the dialog opened.
        chosen = dialog.apply()
        current = self._settings.load()
        self._settings.save(
            dataclasses.replace(
                current,
                language=chosen.language,
                default_filter=chosen.default_filter,
                rate_plan=chosen.rate_plan,
                journal_dir=chosen.journal_dir,
                suppress_notifications=chosen.suppress_notifications,
                timeline_comment=chosen.timeline_comment,
                summary_message=chosen.summary_message,
            )
        )

    def _on_settings_finished(self, result: int) -> None:
        del result
        if self.settings_dialog is not None:
            self.settings_dialog.deleteLater()
            self.settings_dialog = None

    def log_folder(self) -> Path | None:
        """The folder of the current log file, or None when logging to a file is off."""
        log_file = self._log_file()
        return None if log_file is None else log_file.parent

    def update_log_folder_action(self) -> None:
        """Enable Help → "Open log folder" only when there is a log file to show."""
        folder = self.log_folder()
        self.log_folder_action.setEnabled(folder is not None)
        if folder is None:
            self.log_folder_action.setToolTip(self.tr("Logging to a file is off in this run."))
        else:
            self.log_folder_action.setToolTip(
                messages.fmt(self.tr("Open {0} in the file manager"), str(folder))
            )

    def _on_log_folder_triggered(self) -> None:
        folder = self.log_folder()
        if folder is not None:
            self._open_url(QUrl.fromLocalFile(str(folder)))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Override QWidget::closeEvent: tell the session before closing."""
        self.close_requested.emit()
        super().closeEvent(event)
