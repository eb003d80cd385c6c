"""UsersModel: the portal's employees with their item counts, for both pickers."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QPixmap

from desktop_handover.handover.ports import UserInfo
from desktop_handover.ui.models.roles import ItemRole
from desktop_handover.ui.widgets.avatar import initials_pixmap

AnyIndex = QModelIndex | QPersistentModelIndex

#: Counts role: the user's per-section item counts (a Mapping, or None while unknown).
COUNTS_ROLE = ItemRole.ID + 1
#: Group role: 0 dismissed still owning items, 1 active, 2 dismissed owning nothing (or unknown).
GROUP_ROLE = ItemRole.ID + 2

GROUP_DISMISSED_WITH_ITEMS = 0
GROUP_ACTIVE = 1
GROUP_DISMISSED_EMPTY = 2

_HEADERS = (
    QT_TRANSLATE_NOOP("UsersModel", "Name"),
    QT_TRANSLATE_NOOP("UsersModel", "Position"),
    QT_TRANSLATE_NOOP("UsersModel", "Department"),
    QT_TRANSLATE_NOOP("UsersModel", "Items"),
    QT_TRANSLATE_NOOP("UsersModel", "Owns"),
)


class UsersModel(QAbstractTableModel):
    """Employees (active and dismissed) with per-section item counts filled in as they come.

    Columns: name (with an initials avatar), position, department, items owned, and the
    per-section breakdown of those items.
    """

    NAME, POSITION, DEPARTMENT, ITEMS, OWNS = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._users: list[UserInfo] = []
        self._row_of: dict[int, int] = {}
        self._counts: dict[int, Mapping[str, int]] = {}
        self._section_names: dict[str, str] = {}
        self._avatars: dict[int, QPixmap] = {}

    def set_users(self, users: Sequence[UserInfo]) -> None:
        """Replace the users (counts already known are kept)."""
        self.beginResetModel()
        self._users = sorted(users, key=lambda u: u.name.casefold())
        self._row_of = {u.id: n for n, u in enumerate(self._users)}
        self._avatars.clear()
        self.endResetModel()

    def set_section_names(self, names: Mapping[str, str]) -> None:
        """Translated section names, for the items tooltip and text."""
        self._section_names = dict(names)

    def set_counts(self, user_id: int, counts: Mapping[str, int]) -> None:
        """Record `user_id`'s per-section item counts."""
        self._counts[user_id] = dict(counts)
        row = self._row_of.get(user_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def counts(self, user_id: int) -> Mapping[str, int] | None:
        """The per-section counts of `user_id`, None while unknown."""
        return self._counts.get(user_id)

    def user(self, user_id: int) -> UserInfo | None:
        """The user with id `user_id`, if known."""
        row = self._row_of.get(user_id)
        return None if row is None else self._users[row]

    def user_at(self, row: int) -> UserInfo:
        """The user of row `row`."""
        return self._users[row]

    def users(self) -> list[UserInfo]:
        """Every user, by name."""
        return list(self._users)

    def group_of(self, user: UserInfo) -> int:
        """Which picker group `user` belongs to."""
        if user.active:
            return GROUP_ACTIVE
        counts = self._counts.get(user.id)
        if counts is not None and sum(counts.values()) > 0:
            return GROUP_DISMISSED_WITH_ITEMS
        return GROUP_DISMISSED_EMPTY

    def _items_text(self, user_id: int) -> str:
        counts = self._counts.get(user_id)
        if counts is None:
            return "…"
        total = sum(counts.values())
        return format_count(total)

    def _items_tooltip(self, user_id: int) -> str:
        counts = self._counts.get(user_id)
        if counts is None:
            return self.tr("Counting items…")
        lines = [
            f"{self._section_names.get(key, key)}: {format_count(n)}"
            for key, n in counts.items()
            if n
        ]
        return "\n".join(lines) if lines else self.tr("Owns no items")

    def breakdown(self, user_id: int) -> str:
        """Per-section counts as one line ("Deals 12 · Contacts 40"), plain text."""
        counts = self._counts.get(user_id)
        if counts is None:
            return self.tr("Counting items…")
        parts = [
            f"{self._section_names.get(key, key)} {format_count(n)}"
            for key, n in counts.items()
            if n
        ]
        return " · ".join(parts) if parts else self.tr("Owns no items")

    # --- QAbstractTableModel ----------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Override QAbstractItemModel::rowCount."""
        return 0 if parent.isValid() else len(self._users)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        """Override QAbstractItemModel::columnCount."""
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Override QAbstractItemModel::headerData."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(_HEADERS)
        ):
            return QCoreApplication.translate("UsersModel", str(_HEADERS[section]))
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Override QAbstractItemModel::data."""
        if not index.isValid() or not 0 <= index.row() < len(self._users):
            return None
        user = self._users[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.NAME:
                if user.active:
                    return user.name
                return self.tr("{0} (dismissed)").replace("{0}", user.name)
            if col == self.POSITION:
                return user.position
            if col == self.DEPARTMENT:
                return ", ".join(user.departments)
            if col == self.ITEMS:
                return self._items_text(user.id)
            if col == self.OWNS:
                return self.breakdown(user.id)
        if role == Qt.ItemDataRole.DecorationRole and col == self.NAME:
            pixmap = self._avatars.get(user.id)
            if pixmap is None:
                pixmap = initials_pixmap(user.name, 28, dimmed=not user.active)
                self._avatars[user.id] = pixmap
            return pixmap
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.ITEMS:
                return html.escape(self._items_tooltip(user.id))
            text = self.data(index, Qt.ItemDataRole.DisplayRole)
            return html.escape(text) if text else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.ITEMS:
            return int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
        if role == ItemRole.OBJECT:
            return user
        if role == ItemRole.ID:
            return user.id
        if role == COUNTS_ROLE:
            return self._counts.get(user.id)
        if role == GROUP_ROLE:
            return self.group_of(user)
        if role == ItemRole.SORT:
            if col == self.ITEMS:
                counts = self._counts.get(user.id)
                return -1 if counts is None else sum(counts.values())
            return str(self.data(index, Qt.ItemDataRole.DisplayRole) or "").casefold()
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        """Override QAbstractItemModel::flags: read-only, selectable rows."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def format_count(n: int) -> str:
    """`n` with the locale's digit grouping."""
    return QLocale().toString(n)
