"""SectionTab: one section's table with search, open/closed filter, ticks and "for all"."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_handover.handover.sections import SectionSpec
from desktop_handover.handover.selection import Explicit, SectionFilter
from desktop_handover.ui import messages
from desktop_handover.ui.models.items_model import CrmItemsModel
from desktop_handover.ui.models.proxies import ItemsProxyModel
from desktop_handover.ui.widgets.banner import Banner, BannerKind
from desktop_handover.ui.widgets.check_header import CheckHeaderView
from desktop_handover.ui.widgets.search_line import SearchLine

_COLUMN_WIDTHS = {
    "title": 280,
    "stage_id": 150,
    "closed": 90,
    "amount": 110,
    "category_id": 90,
    "company_id": 130,
    "updated": 90,
    "deadline": 90,
    "bindings": 160,
}


class SectionTab(QWidget):
    """The list of one section, laid out like Bitrix24's own lists (ui.md §1).

    Signals:
        reload_requested(): the admin asked to load the section again.
        assign_requested(): "Assign selected to successor…" was clicked.
    """

    reload_requested = Signal()
    assign_requested = Signal()

    def __init__(
        self,
        section: SectionSpec,
        model: CrmItemsModel,
        owner_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.section = section
        self.model = model
        self._owner_name = owner_name
        self._loaded = 0
        self._total = -1
        self.proxy = ItemsProxyModel(self)
        self.proxy.setSourceModel(model)
        name = messages.section_name(section)

        self.search = SearchLine(messages.fmt(self.tr("Search in {0}…"), name.lower()), self)
        self.search.search_changed.connect(self.proxy.set_text)
        self.filter_box = QComboBox(self)
        self.filter_box.addItem(self.tr("All"), SectionFilter.ALL)
        self.filter_box.addItem(self.tr("Open"), SectionFilter.OPEN)
        self.filter_box.addItem(self.tr("Closed"), SectionFilter.CLOSED)
        self.filter_box.setAccessibleName(self.tr("Show open, closed or all items"))
        self.filter_box.setToolTip(self.tr("Show open, closed or all items"))
        self.filter_box.setEnabled(section.supports_open_closed)
        self.filter_box.currentIndexChanged.connect(self._on_filter_box_changed)
        self.reload_button = QToolButton(self)
        self.reload_button.setText("⟳")
        self.reload_button.setToolTip(self.tr("Load again from the portal"))
        self.reload_button.setAccessibleName(self.tr("Reload"))
        self.reload_button.clicked.connect(self.reload_requested)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.filter_box)
        top.addWidget(self.reload_button)

        self.loading_bar = QProgressBar(self)
        self.loading_bar.setMaximumHeight(4)
        self.loading_bar.setTextVisible(False)
        self.loading_bar.setAccessibleName(self.tr("Loading progress"))
        self.loading_bar.hide()
        self.banner = Banner(self)
        self.banner.action_requested.connect(self.reload_requested)
        self._wait_timer = QTimer(self)
        self._wait_timer.setSingleShot(True)
        self._wait_timer.timeout.connect(self._on_wait_timer_timeout)

        self.table = QTableView(self)
        self.header = CheckHeaderView(self.table)
        self.table.setHorizontalHeader(self.header)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # load order until asked
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        # Uniform row heights: an interactive vertical header keeps per-row data and costs
        # O(rows) on every insert, which 100,000 rows feel.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setWordWrap(False)
        self.table.setAccessibleName(messages.fmt(self.tr("{0} of {1}"), name, owner_name))
        self.header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.header.resizeSection(0, 32)
        # Fixed starting widths: ResizeToContents would measure every row of a big section.
        for n, column in enumerate(model.columns):
            width = _COLUMN_WIDTHS.get(column.key)
            if width is not None:
                self.header.resizeSection(n, width)
        self.header.setStretchLastSection(True)
        self.header.toggle_requested.connect(self.toggle_loaded)
        self.table.installEventFilter(self)

        self.empty_label = QLabel(self)
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)

        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName(self.tr("Loading and selection status"))

        self.for_all = QCheckBox(self)
        self.for_all.setToolTip(
            self.tr(
                "Every item of this person in this section on the portal, loaded or not. "
                "Untick rows to leave them out. (Ctrl+Shift+A)"
            )
        )
        self.for_all.toggled.connect(self._on_for_all_toggled)
        self.assign_button = QPushButton(self.tr("Assign selected to successor…"), self)
        self.assign_button.setToolTip(
            self.tr("Choose who receives the ticked items of this section")
        )
        self.assign_button.clicked.connect(self.assign_requested)
        bottom = QHBoxLayout()
        bottom.addWidget(self.for_all)
        bottom.addStretch(1)
        bottom.addWidget(self.assign_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.loading_bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status)
        layout.addLayout(bottom)
        self.setTabOrder(self.search, self.filter_box)
        self.setTabOrder(self.filter_box, self.reload_button)
        self.setTabOrder(self.reload_button, self.table)
        self.setTabOrder(self.table, self.for_all)
        self.setTabOrder(self.for_all, self.assign_button)

        # Header state and counts follow ticks; a burst of changes is handled once.
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(30)
        self._refresh_timer.timeout.connect(self._refresh)
        model.selection_changed.connect(self._refresh_timer.start)
        self.proxy.layoutChanged.connect(self._refresh_timer.start)
        self.proxy.rowsInserted.connect(self._refresh_timer.start)
        self.proxy.modelReset.connect(self._refresh_timer.start)
        self._refresh()

    # --- what the controller tells us ------------------------------------------------------

    def set_loading(self, loading: bool) -> None:
        """Show or hide the thin progress line under the tab bar."""
        self.loading_bar.setVisible(loading)
        if loading:
            self.banner.hide()

    def set_loaded(self, loaded: int, total: int) -> None:
        """Rows loaded so far and the section's total on the portal (-1 unknown)."""
        self._loaded = loaded
        self._total = total
        if total > 0:
            self.loading_bar.setRange(0, total)
            self.loading_bar.setValue(min(loaded, total))
        else:
            self.loading_bar.setRange(0, 0)
        self._refresh_timer.start()

    def set_finished(self, complete: bool) -> None:
        """Loading stopped (complete or paused)."""
        del complete
        self.set_loading(False)
        self._refresh()

    def show_wait(self, text: str, seconds: float) -> None:
        """Say that the portal asked us to wait; the app retries by itself (ui.md §4)."""
        self.banner.show_message(text, BannerKind.INFO)
        self._wait_timer.start(max(int(seconds * 1000), 500))

    def _on_wait_timer_timeout(self) -> None:
        # Only our own notice goes away; an error banner stays until "Try again".
        if not self.banner.action_button().isVisible():
            self.banner.hide()

    def show_error(self, text: str) -> None:
        """Show what went wrong, with "Try again"."""
        self.set_loading(False)
        self.banner.show_message(text, BannerKind.ERROR, self.tr("Try again"))

    # --- actions ------------------------------------------------------------------------------

    def toggle_loaded(self) -> None:
        """The header checkbox / Ctrl+A: tick every visible loaded row, or untick them all."""
        ids = self._visible_ids()
        if not ids:
            return
        all_checked = all(self.model.is_checked(i) for i in ids)
        self.model.check_ids(ids, not all_checked)

    def toggle_for_all(self) -> None:
        """Ctrl+Shift+A: switch "for all"."""
        self.for_all.toggle()

    def toggle_current(self) -> None:
        """Space: tick or untick the current row."""
        index = self.table.currentIndex()
        if not index.isValid():
            return
        check = self.proxy.index(index.row(), 0)
        state = check.data(Qt.ItemDataRole.CheckStateRole)
        new = Qt.CheckState.Unchecked if state == Qt.CheckState.Checked else Qt.CheckState.Checked
        self.proxy.setData(check, new.value, Qt.ItemDataRole.CheckStateRole)

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the search field."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Override QObject::eventFilter: Space toggles the current row in any column."""
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Space
            and not event.modifiers()
        ):
            self.toggle_current()
            return True
        return super().eventFilter(watched, event)

    # --- internals -------------------------------------------------------------------------

    def _visible_ids(self) -> list[int]:
        if not self.proxy.text and self.proxy_filter() is SectionFilter.ALL:
            return self.model.ids()
        return self.proxy.visible_ids()

    def proxy_filter(self) -> SectionFilter:
        """The open/closed/all filter shown."""
        # The combo box hands StrEnum data back as a plain str.
        value = self.filter_box.currentData()
        return SectionFilter(value) if value else SectionFilter.ALL

    def set_filter(self, section_filter: SectionFilter) -> None:
        """Show `section_filter` (new tabs start with the Settings' default).

        A section without open/closed states (§7.4) always shows all of its items.
        """
        if not self.section.supports_open_closed:
            section_filter = SectionFilter.ALL
        index = self.filter_box.findData(section_filter)
        if index >= 0:
            self.filter_box.setCurrentIndex(index)

    def _on_filter_box_changed(self, index: int) -> None:
        del index
        section_filter = self.proxy_filter()
        self.proxy.set_section_filter(section_filter)
        self.model.set_section_filter(section_filter)
        self._refresh()

    def _on_for_all_toggled(self, on: bool) -> None:
        self.model.set_for_all(on)

    def _visible_checked(self) -> tuple[int, int]:
        """(rows shown, ticked among them), without a pass over 100,000 rows when possible."""
        state = self.model.state
        if not self.proxy.filtering():
            shown = self.model.rowCount()
            selection = state.selection()
            if isinstance(selection, Explicit):
                # Ticks come from loaded rows; after a reload some may not be back yet.
                loaded = selection.ids if len(selection.ids) < 64 else None
                if loaded is None:
                    return shown, min(len(selection.ids), shown)
                return shown, sum(1 for i in loaded if self.model.row_of(i) >= 0)
            excluded = sum(1 for i in selection.excluded if self.model.row_of(i) >= 0)
            return shown, shown - excluded
        ids = self.proxy.visible_ids()
        return len(ids), sum(1 for i in ids if self.model.is_checked(i))

    def _refresh(self) -> None:
        shown, checked = self._visible_checked()
        if not shown or checked == 0:
            state = Qt.CheckState.Unchecked
        elif checked == shown:
            state = Qt.CheckState.Checked
        else:
            state = Qt.CheckState.PartiallyChecked
        self.header.set_check_state(state)
        name = messages.section_name(self.section).lower()
        total = self._total if self._total >= 0 else self._loaded
        state_ = self.model.state
        if state_.for_all:
            selected = state_.selected_count(
                total if self.proxy_filter() is SectionFilter.ALL else shown
            )
            excluded = len(state_.selection().excluded)  # type: ignore[union-attr]
            chosen = (
                messages.fmt(
                    self.tr("all {0} except {1}"),
                    messages.number(selected + excluded),
                    messages.number(excluded),
                )
                if excluded
                else messages.fmt(self.tr("all {0}"), messages.number(selected))
            )
        else:
            chosen = messages.number(state_.selected_count(0))
        loaded_text = messages.fmt(
            self.tr("Loaded {0} of {1}"), messages.number(self._loaded), messages.number(total)
        )
        self.status.setText(messages.fmt(self.tr("{0} · {1} selected"), loaded_text, chosen))
        self.for_all.blockSignals(True)
        self.for_all.setChecked(state_.for_all)
        self.for_all.blockSignals(False)
        self.for_all.setText(
            messages.fmt(
                self.tr("For all ({0} {1}, incl. not loaded)"), messages.number(total), name
            )
        )
        empty = self._loaded == 0 and not self.loading_bar.isVisible() and self._total == 0
        if empty:
            self.empty_label.setText(
                messages.fmt(self.tr("{0} owns no {1}."), self._owner_name, name)
            )
        self.stack.setCurrentWidget(self.empty_label if empty else self.table)
