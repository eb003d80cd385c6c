"""The two people pickers: the departing employee, and successors (active employees only)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_handover.ui.models.proxies import UsersProxyModel
from desktop_handover.ui.models.users_model import (
    GROUP_ACTIVE,
    GROUP_DISMISSED_WITH_ITEMS,
    UsersModel,
)
from desktop_handover.ui.widgets.search_line import SearchLine


def _people_table(proxy: UsersProxyModel, parent: QWidget, name: str) -> QTableView:
    view = QTableView(parent)
    view.setModel(proxy)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(34)
    view.setIconSize(QSize(28, 28))
    view.setAlternatingRowColors(True)
    view.setAccessibleName(name)
    header = view.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(0, 240)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return view


class EmployeePickerDialog(QDialog):
    """Who is leaving: dismissed employees still owning items first, then active employees."""

    def __init__(self, model: UsersModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Choose the departing employee"))
        self.resize(980, 600)
        self.search = SearchLine(self.tr("Search by name, position or department…"), self)
        self.dismissed_proxy = UsersProxyModel(self)
        self.dismissed_proxy.setSourceModel(model)
        self.dismissed_proxy.set_groups([GROUP_DISMISSED_WITH_ITEMS])
        self.active_proxy = UsersProxyModel(self)
        self.active_proxy.setSourceModel(model)
        self.active_proxy.set_groups([GROUP_ACTIVE])
        self.dismissed_view = _people_table(
            self.dismissed_proxy, self, self.tr("Dismissed, still owning items")
        )
        self.active_view = _people_table(self.active_proxy, self, self.tr("Active employees"))
        for proxy in (self.dismissed_proxy, self.active_proxy):
            self.search.search_changed.connect(proxy.set_text)
        dismissed_label = QLabel(self.tr("&Dismissed, still owning items"), self)
        dismissed_label.setBuddy(self.dismissed_view)
        active_label = QLabel(self.tr("&Active employees"), self)
        active_label.setBuddy(self.active_view)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Hand over this person's items"))
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(dismissed_label)
        layout.addWidget(self.dismissed_view, 1)
        layout.addWidget(active_label)
        layout.addWidget(self.active_view, 2)
        layout.addWidget(self.buttons)
        self._chosen: int | None = None
        for view in (self.dismissed_view, self.active_view):
            view.selectionModel().currentRowChanged.connect(self._on_view_current_row_changed)
            view.doubleClicked.connect(self._on_view_double_clicked)
        # Users and counts may arrive while the dialog is open; dismissed rows then move in.
        model.dataChanged.connect(self._on_model_data_changed)

    def chosen_user_id(self) -> int | None:
        """The employee picked, if any."""
        return self._chosen

    def choose(self, user_id: int) -> bool:
        """Select `user_id` in whichever list shows them (tests, keyboard)."""
        for view, proxy in (
            (self.dismissed_view, self.dismissed_proxy),
            (self.active_view, self.active_proxy),
        ):
            for row in range(proxy.rowCount()):
                if proxy.user_at(row) == user_id:
                    view.setCurrentIndex(proxy.index(row, 0))
                    view.setFocus()
                    return True
        return False

    def _on_model_data_changed(self, *args: object) -> None:
        del args
        # Group membership depends on counts: re-filter.
        self.dismissed_proxy.invalidate()
        self.active_proxy.invalidate()

    def _on_view_current_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        del previous
        if not current.isValid():
            return
        proxy = current.model()
        assert isinstance(proxy, UsersProxyModel)
        self._chosen = proxy.user_at(current.row())
        other = self.active_view if proxy is self.dismissed_proxy else self.dismissed_view
        other.selectionModel().clearSelection()
        self.ok_button.setEnabled(True)

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.accept()


class SuccessorPickerDialog(QDialog):
    """Choose successors among active employees; the departing user never appears."""

    def __init__(
        self,
        model: UsersModel,
        departing_id: int,
        *,
        multiple: bool = False,
        recent: Iterable[int] = (),
        title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title or self.tr("Choose the successor"))
        self.resize(640, 480)
        self.search = SearchLine(self.tr("Search by name, position or department…"), self)
        self.proxy = UsersProxyModel.successors(self)
        self.proxy.setSourceModel(model)
        self.proxy.set_hidden([departing_id])
        self.proxy.set_recent(recent)
        self.search.search_changed.connect(self.proxy.set_text)
        self.view = _people_table(self.proxy, self, self.tr("Active employees"))
        # Successors need no breakdown of what they own.
        self.view.setColumnHidden(UsersModel.OWNS, True)
        self.view.setSelectionMode(
            QAbstractItemView.SelectionMode.ExtendedSelection
            if multiple
            else QAbstractItemView.SelectionMode.SingleSelection
        )
        hint = QLabel(
            self.tr("Hold Ctrl to choose several people.")
            if multiple
            else self.tr("Recently chosen successors come first."),
            self,
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Choose"))
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)

    def visible_user_ids(self) -> list[int]:
        """The user ids the picker offers, in order."""
        return [self.proxy.user_at(r) for r in range(self.proxy.rowCount())]

    def chosen_user_ids(self) -> list[int]:
        """The users chosen, in list order."""
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.proxy.user_at(r) for r in rows]

    def choose(self, user_ids: Iterable[int]) -> None:
        """Select these users (tests, keyboard)."""
        wanted = set(user_ids)
        selection = self.view.selectionModel()
        selection.clearSelection()
        for row in range(self.proxy.rowCount()):
            if self.proxy.user_at(row) in wanted:
                selection.select(
                    self.proxy.index(row, 0),
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )

    def _on_selection_changed(self, *args: object) -> None:
        del args
        self.ok_button.setEnabled(bool(self.view.selectionModel().selectedRows()))

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.accept()
