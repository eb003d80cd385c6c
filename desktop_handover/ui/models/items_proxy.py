"""ItemsProxyModel: sorts and filters a CrmItemsModel in bulk, fast enough for 100,000 rows.

QSortFilterProxyModel compares rows through Python (lessThan or data() per comparison): about
3.4 million Python calls to sort 100,000 rows, seconds of frozen window, and worse while pages
keep arriving into a sorted view. This proxy keeps the display order as a plain list of source
rows and sorts it with Python's own sort over precomputed keys (C speed), merging each appended
page into place with one layout change.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractProxyModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from desktop_handover.handover.sections import ItemRef
from desktop_handover.handover.selection import SectionFilter
from desktop_handover.ui.models.items_model import CrmItemsModel

AnyIndex = QModelIndex | QPersistentModelIndex


class ItemsProxyModel(QAbstractProxyModel):
    """Sorts a CrmItemsModel by typed keys and filters it by text and open/closed.

    Views map through this proxy and never into the source (style.md §4). Sorting is not
    dynamic for edits (a tick does not move its row), but appended pages land in sort order.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._section_filter = SectionFilter.ALL
        # Source rows shown, in ascending sort order (load order when unsorted); a descending
        # sort reads it backwards. Appended rows wait in `_tail` (shown last) until merged.
        self._asc: list[int] = []
        self._asc_keys: list[Any] = []  # the sort key of each row of _asc, while sorted
        self._tail: list[int] = []
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        # Cached for data(), which a view calls thousands of times a paint.
        self._source: CrmItemsModel | None = None
        self._desc = False

    # --- the small API ----------------------------------------------------------------------

    def items_model(self) -> CrmItemsModel:
        """The source model."""
        source = self._source
        assert source is not None
        return source

    @property
    def text(self) -> str:
        """The current text filter."""
        return self._text

    def set_text(self, text: str) -> None:
        """Show only items whose title or id contains `text` (case-insensitive)."""
        text = text.strip().casefold()
        if text != self._text:
            self._text = text
            self._refilter()

    def set_section_filter(self, section_filter: SectionFilter) -> None:
        """Show only open, only closed, or all items."""
        if section_filter is not self._section_filter:
            self._section_filter = section_filter
            self._refilter()

    def visible_ids(self) -> list[int]:
        """Ids of the rows passing the filters, in view order."""
        items = self.items_model().items_view()
        return [items[self._source_row(n)].id for n in range(self.rowCount())]

    def filtering(self) -> bool:
        """Whether a filter hides rows."""
        return bool(self._text) or self._section_filter is not SectionFilter.ALL

    # --- building the order -----------------------------------------------------------------

    def _accepts(self) -> Callable[[ItemRef], bool]:
        text, flt = self._text, self._section_filter
        if not text:
            return flt.matches
        return lambda item: (
            flt.matches(item) and (text in item.title.casefold() or text == str(item.id))
        )

    def _key_of(self, column: int) -> Callable[[ItemRef], Any]:
        source = self.items_model()
        spec = source.columns[column]
        if spec.key == "check":
            state = source.state
            return lambda item: 0 if state.is_checked(item.id) else 1
        if spec.key == "to":
            return lambda item: source.destination(item.id)
        return spec.sort_key

    @property
    def _sorted(self) -> bool:
        return self._sort_column >= 0

    @property
    def _descending(self) -> bool:
        return self._desc

    def _build(self) -> None:
        """Rebuild the ascending order (and its keys) from scratch: filter, key, sort."""
        source = self.items_model()
        accepts = self._accepts()
        items = source.items_view()
        rows = [n for n, item in enumerate(items) if accepts(item)]
        if self._sorted:
            key = self._key_of(self._sort_column)
            decorated = sorted((key(items[r]), r) for r in rows)
            self._asc = [r for _, r in decorated]
            self._asc_keys = [k for k, _ in decorated]
        else:
            self._asc = rows
            self._asc_keys = []
        self._tail = []

    def _source_row(self, row: int) -> int:
        asc = self._asc
        n = len(asc)
        if row >= n:
            return self._tail[row - n]
        return asc[n - 1 - row] if self._desc else asc[row]

    def _relayout(self, change: Callable[[], None]) -> None:
        """Apply `change` to the order as a layout change (same rows, other positions)."""
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        sources = [self.mapToSource(i) for i in old_persistent]
        change()
        self.changePersistentIndexList(old_persistent, [self.mapFromSource(s) for s in sources])
        self.layoutChanged.emit()

    def _refilter(self) -> None:
        if self.sourceModel() is None:
            return
        self.beginResetModel()
        self._build()
        self.endResetModel()

    def _merge_tail(self) -> None:
        """Move the appended rows from the tail into sort order: a bisect per new row."""
        items = self.items_model().items_view()
        key = self._key_of(self._sort_column)
        page = sorted((key(items[r]), r) for r in self._tail)
        asc, keys = self._asc, self._asc_keys
        merged: list[int] = []
        merged_keys: list[Any] = []
        at = 0
        for k, r in page:
            # bisect_right: after equal keys, so ties stay in load order.
            cut = bisect.bisect_right(keys, k, lo=at)
            merged.extend(asc[at:cut])
            merged_keys.extend(keys[at:cut])
            merged.append(r)
            merged_keys.append(k)
            at = cut
        merged.extend(asc[at:])
        merged_keys.extend(keys[at:])
        self._asc, self._asc_keys, self._tail = merged, merged_keys, []

    # --- QAbstractProxyModel ------------------------------------------------------------------

    def setSourceModel(self, model: Any) -> None:
        """Override QAbstractProxyModel::setSourceModel: follow the source's changes."""
        assert isinstance(model, CrmItemsModel)
        self.beginResetModel()
        old = self.sourceModel()
        if old is not None:
            old.disconnect(self)
        super().setSourceModel(model)
        self._source = model
        model.rowsInserted.connect(self._on_source_rows_inserted)
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._on_source_model_reset)
        model.dataChanged.connect(self._on_source_data_changed)
        model.headerDataChanged.connect(self.headerDataChanged)
        self._build()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Override QAbstractItemModel::sort: one bulk sort over precomputed keys."""
        if self.sourceModel() is None:
            return

        def change() -> None:
            # Inside the layout change: the old mapping must hold until it has been read.
            self._sort_column = column if 0 <= column < self.columnCount() else -1
            self._sort_order = order
            self._desc = self._sorted and order == Qt.SortOrder.DescendingOrder
            self._build()

        self._relayout(change)

    def mapToSource(self, proxy_index: AnyIndex) -> QModelIndex:
        """Override QAbstractProxyModel::mapToSource."""
        source = self.sourceModel()
        if source is None or not proxy_index.isValid():
            return QModelIndex()
        row = proxy_index.row()
        if not 0 <= row < self.rowCount():
            return QModelIndex()
        return source.index(self._source_row(row), proxy_index.column())

    def mapFromSource(self, source_index: AnyIndex) -> QModelIndex:
        """Override QAbstractProxyModel::mapFromSource."""
        if not source_index.isValid():
            return QModelIndex()
        row = self._proxy_row_of(source_index.row())
        if row < 0:
            return QModelIndex()
        return self.index(row, source_index.column())

    def _proxy_row_of(self, source_row: int) -> int:
        """The proxy row showing `source_row`, or -1: a bisect, no inverse table to keep."""
        asc, n = self._asc, len(self._asc)
        p = -1
        if self._sorted:
            items = self.items_model().items_view()
            if 0 <= source_row < len(items):
                keys = self._asc_keys
                k = self._key_of(self._sort_column)(items[source_row])
                q = bisect.bisect_left(keys, k)
                while q < n and keys[q] == k and asc[q] != source_row:
                    q += 1
                if q < n and asc[q] == source_row:
                    p = q
        else:
            q = bisect.bisect_left(asc, source_row)
            if q < n and asc[q] == source_row:
                p = q
        if p < 0:
            # Ticks can change a key after sorting (the check column): search in C.
            try:
                p = asc.index(source_row)
            except ValueError:
                try:
                    return n + self._tail.index(source_row)
                except ValueError:
                    return -1
        return n - 1 - p if self._descending else p

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Override QAbstractItemModel::index (a flat table)."""
        if (
            parent.isValid()
            or not (0 <= row < self.rowCount())
            or not (0 <= column < self.columnCount())
        ):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """Override QAbstractItemModel::parent: no children."""
        return QModelIndex()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Override QAbstractItemModel::rowCount."""
        return 0 if parent.isValid() else len(self._asc) + len(self._tail)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Override QAbstractItemModel::columnCount."""
        source = self.sourceModel()
        return 0 if parent.isValid() or source is None else source.columnCount()

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        """Override QAbstractItemModel::hasChildren: only the root has rows."""
        return not parent.isValid() and self.rowCount() > 0

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Override QAbstractProxyModel::data: straight to the source row."""
        # The hot path of every paint: no property, no extra call on the way.
        source = self._source
        if source is None or not index.isValid():
            return None
        row = index.row()
        asc = self._asc
        n = len(asc)
        if 0 <= row < n:
            source_row = asc[n - 1 - row] if self._desc else asc[row]
        elif n <= row < n + len(self._tail):
            source_row = self._tail[row - n]
        else:
            return None
        return source.cell_data(source_row, index.column(), role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Override QAbstractProxyModel::headerData: columns are the source's."""
        source = self.sourceModel()
        if source is None or orientation != Qt.Orientation.Horizontal:
            return None
        return source.headerData(section, orientation, role)

    def sibling(self, row: int, column: int, index: AnyIndex) -> QModelIndex:
        """Override QAbstractProxyModel::sibling."""
        return self.index(row, column)

    # --- following the source -----------------------------------------------------------

    def _on_source_rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        if parent.isValid():
            return
        items = self.items_model().items_view()
        accepts = self._accepts()
        new = [r for r in range(first, last + 1) if accepts(items[r])]
        if not new:
            return
        start = self.rowCount()
        # Shown at the end first (a row count change needs an insert), ...
        self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
        if self._sorted:
            self._tail = new
        else:
            self._asc.extend(new)
        self.endInsertRows()
        if self._sorted:
            # ... then moved into sort order with one layout change.
            self._relayout(self._merge_tail)

    def _on_source_model_reset(self) -> None:
        self._build()
        self.endResetModel()

    def _on_source_data_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, roles: list[int] | None = None
    ) -> None:
        if not self.rowCount():
            return
        roles = roles or []
        if top_left.row() == bottom_right.row():
            mapped = self.mapFromSource(top_left)
            if mapped.isValid():
                self.dataChanged.emit(
                    mapped, self.index(mapped.row(), bottom_right.column()), roles
                )
            return
        # A block of rows (ticks of "for all", the "To" column): refresh the columns shown.
        self.dataChanged.emit(
            self.index(0, top_left.column()),
            self.index(self.rowCount() - 1, bottom_right.column()),
            roles,
        )
