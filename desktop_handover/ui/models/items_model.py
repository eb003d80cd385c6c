"""CrmItemsModel: one section's loaded items, their ticks ("for all" included) and successors."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desktop_handover.handover.sections import ItemRef
from desktop_handover.handover.selection import SectionFilter, Selection, SelectionState
from desktop_handover.ui.models.columns import ColumnSpec
from desktop_handover.ui.models.roles import ItemRole

AnyIndex = QModelIndex | QPersistentModelIndex

_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.TextAlignmentRole,
        ItemRole.SORT,
        ItemRole.OBJECT,
        ItemRole.ID,
    }
)
# What changes in a cell when a name arrives: its text, tooltip and sort key.
_NAME_ROLES = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, ItemRole.SORT]


class CrmItemsModel(QAbstractTableModel):
    """Renders any section's items through column specs, with ticks keyed by item id.

    The model adapts and the domain decides (style.md §4): ticks live in a Qt-free
    SelectionState, so they survive sorting, filtering and reloads, and "for all" is the
    domain's AllMatching selection.

    Signals:
        selection_changed(): ticks, exclusions or "for all" changed.
        fetch_more_requested(): the view scrolled to the end of a section that pauses loading.
    """

    selection_changed = Signal()
    fetch_more_requested = Signal()

    def __init__(self, columns: Sequence[ColumnSpec], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[ItemRef] = []
        self._row_of: dict[int, int] = {}
        self._state = SelectionState()
        self._destinations: Mapping[int, int] = {}  # item id → successor id
        self._names: Mapping[int, str] = {}  # successor id → name
        self._to_column = next((n for n, c in enumerate(self._columns) if c.key == "to"), -1)
        self._more_available = False
        self._is_fetching = False

    # --- the small API (style.md §4) --------------------------------------------------------

    @property
    def columns(self) -> list[ColumnSpec]:
        """The column specs, in order."""
        return list(self._columns)

    def column_of(self, key: str) -> int:
        """The column number of `key`, or -1."""
        return next((n for n, c in enumerate(self._columns) if c.key == key), -1)

    @property
    def state(self) -> SelectionState:
        """The Qt-free tick state (read it; change it through the model)."""
        return self._state

    def append_rows(self, rows: Sequence[ItemRef]) -> int:
        """Append a page of items; rows already present (same id) are replaced in place.

        Returns:
            How many rows were added.
        """
        fresh: list[ItemRef] = []
        for item in rows:
            at = self._row_of.get(item.id)
            if at is None:
                fresh.append(item)
            else:
                self._rows[at] = item
                self.dataChanged.emit(self.index(at, 0), self.index(at, self.columnCount() - 1))
        if not fresh:
            return 0
        first = len(self._rows)
        # The last row is inclusive: first + n - 1 (where PySide's fetchmore example slips).
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        for n, item in enumerate(fresh, start=first):
            self._row_of[item.id] = n
        self._rows.extend(fresh)
        self.endInsertRows()
        return len(fresh)

    def clear(self) -> None:
        """Drop every row; ticks, exclusions and "for all" are kept (they are ids)."""
        if not self._rows:
            return
        self.beginResetModel()
        self._rows = []
        self._row_of = {}
        self.endResetModel()

    def item_at(self, row: int) -> ItemRef:
        """The item of source row `row`."""
        return self._rows[row]

    def row_of(self, item_id: int) -> int:
        """The source row of `item_id`, or -1 when it is not loaded."""
        return self._row_of.get(item_id, -1)

    def items(self) -> list[ItemRef]:
        """Every loaded item, in load order."""
        return list(self._rows)

    def items_view(self) -> list[ItemRef]:
        """The loaded items themselves, in load order (read only: no copy, for proxies)."""
        return self._rows

    def destination(self, item_id: int) -> str:
        """The "To" column's text for `item_id`."""
        successor = self._destinations.get(item_id)
        return "" if successor is None else self._names.get(successor, f"#{successor}")

    def ids(self) -> list[int]:
        """Every loaded id, in load order."""
        return [i.id for i in self._rows]

    def set_for_all(self, on: bool) -> None:
        """Switch "for all" on or off; every row's tick may change."""
        if on == self._state.for_all:
            return
        self._state.set_for_all(on)
        self._emit_checks()

    def set_section_filter(self, section_filter: SectionFilter) -> None:
        """Set the open/closed/all filter that "for all" selects by."""
        if section_filter is self._state.filter:
            return
        self._state.set_filter(section_filter)
        self.selection_changed.emit()

    def set_checked(self, item_id: int, checked: bool) -> None:
        """Tick or untick one item by id (loaded or not)."""
        self._state.set_checked(item_id, checked)
        row = self._row_of.get(item_id)
        if row is not None:
            idx = self.index(row, 0)
            self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.CheckStateRole])
        self.selection_changed.emit()

    def check_ids(self, item_ids: Iterable[int], checked: bool = True) -> None:
        """Tick or untick many items at once (the header's "every loaded row" action)."""
        self._state.check_many(item_ids, checked)
        self._emit_checks()

    def clear_selection(self) -> None:
        """Untick everything and switch "for all" off."""
        self._state.clear()
        self._emit_checks()

    def selection(self) -> Selection:
        """The selection as a value for the plan."""
        return self._state.selection()

    def is_checked(self, item_id: int) -> bool:
        """Whether the row of `item_id` shows a tick."""
        return self._state.is_checked(item_id)

    def checked_items(self) -> list[ItemRef]:
        """The loaded items that show a tick and pass the section filter."""
        state = self._state
        flt = state.filter
        return [i for i in self._rows if state.is_checked(i.id) and flt.matches(i)]

    def set_destinations(self, successors: Mapping[int, int], names: Mapping[int, str]) -> None:
        """Set the "To" column: per item id, the successor the plan gives it.

        The mapping is kept as given (not copied): with 100,000 rows a copy per plan change
        would be felt. The caller must not change it afterwards.
        """
        self._destinations = successors
        self._names = names
        if self._to_column >= 0 and self._rows:
            top = self.index(0, self._to_column)
            bottom = self.index(len(self._rows) - 1, self._to_column)
            self.dataChanged.emit(top, bottom, [Qt.ItemDataRole.DisplayRole])

    def refresh_columns(self, keys: Iterable[str]) -> None:
        """Repaint the columns `keys` after their names arrived (DisplayNames changed).

        One dataChanged per column over every row, not one per row: with 100,000 rows a
        signal per row would cost more than the names are worth, and a view repaints only
        what it shows. Rows and their order stay as they are (no layout change).
        """
        if not self._rows:
            return
        bottom = len(self._rows) - 1
        for key in keys:
            col = self.column_of(key)
            if col >= 0:
                self.dataChanged.emit(self.index(0, col), self.index(bottom, col), _NAME_ROLES)

    def set_more_available(self, more: bool) -> None:
        """Tell views whether scrolling to the end should load more (lazy large sections)."""
        self._more_available = more
        self._is_fetching = False

    def _emit_checks(self) -> None:
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._rows) - 1, 0),
                [Qt.ItemDataRole.CheckStateRole],
            )
        self.selection_changed.emit()

    # --- QAbstractTableModel ----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Override QAbstractItemModel::rowCount (a table: no children)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Override QAbstractItemModel::columnCount."""
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        """Override QAbstractItemModel::headerData: translated column titles."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.translated_title()
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column.key == "check":
                return self.tr("Selected")
            return column.translated_title()
        if role == Qt.ItemDataRole.ToolTipRole and column.key == "check":
            return self.tr("Tick every loaded row (Ctrl+A)")
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Override QAbstractItemModel::data."""
        if not index.isValid():
            return None
        return self.cell_data(index.row(), index.column(), role)

    def cell_data(self, row: int, col: int, role: int) -> Any:
        """data() by row and column, without a QModelIndex (the proxy's fast path)."""
        # A view asks each cell for many roles; most answer None, so decide that first.
        if role not in _ROLES or not (
            0 <= row < len(self._rows) and 0 <= col < len(self._columns)
        ):
            return None
        item = self._rows[row]
        column = self._columns[col]
        if role == Qt.ItemDataRole.DisplayRole:
            if column.key == "to":
                return self.destination(item.id)
            return column.display(item)
        if role == Qt.ItemDataRole.CheckStateRole and column.key == "check":
            checked = self._state.is_checked(item.id)
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and column.key != "check":
            text = self.cell_data(row, col, Qt.ItemDataRole.DisplayRole)
            # Qt takes tooltip text that looks like HTML for rich text (ui.md §6).
            return html.escape(text) if text else None
        if role == Qt.ItemDataRole.AccessibleTextRole and column.key == "check":
            return item.title
        if role == ItemRole.SORT:
            if column.key == "check":
                return (0 if self._state.is_checked(item.id) else 1, 0.0, "")
            if column.key == "to":
                return (0, 0.0, self.destination(item.id))
            return column.sort_key(item)
        if role == ItemRole.OBJECT:
            return item
        if role == ItemRole.ID:
            return item.id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.alignment.value)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Override QAbstractItemModel::setData: ticks only, keyed by id."""
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        if self._columns[index.column()].key != "check":
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked  # the view sends int 2
        self._state.set_checked(self._rows[index.row()].id, checked)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.selection_changed.emit()
        return True

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Override QAbstractItemModel::flags: the check column is user-checkable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._columns[index.column()].key == "check":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def canFetchMore(self, parent: AnyIndex) -> bool:
        """Override QAbstractItemModel::canFetchMore: a lazily loaded section has more."""
        return not parent.isValid() and self._more_available and not self._is_fetching

    def fetchMore(self, parent: AnyIndex) -> None:
        """Override QAbstractItemModel::fetchMore: ask the controller; it does the fetching."""
        if parent.isValid() or self._is_fetching or not self._more_available:
            return
        self._is_fetching = True  # re-entry guard (FeelUOwn's ReaderFetchMoreMixin)
        self.fetch_more_requested.emit()
