"""Sort/filter proxies: users by search, group and eligibility; items live in items_proxy."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
)

from desktop_handover.ui.models.items_proxy import ItemsProxyModel
from desktop_handover.ui.models.roles import ItemRole
from desktop_handover.ui.models.users_model import (
    GROUP_ACTIVE,
    GROUP_DISMISSED_WITH_ITEMS,
    UsersModel,
)

AnyIndex = QModelIndex | QPersistentModelIndex

__all__ = ["ItemsProxyModel", "UsersProxyModel"]


class UsersProxyModel(QSortFilterProxyModel):
    """Filters a UsersModel for a picker: by search text, group, and who may not be chosen.

    For the successor picker it hides dismissed users and the departing employee: the portal
    would accept a dismissed assignee without complaint (bitrix24-api.md §7.5), so the proxy
    filters and the plan re-checks (style.md §4).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._groups: frozenset[int] = frozenset({GROUP_ACTIVE, GROUP_DISMISSED_WITH_ITEMS})
        self._hidden: frozenset[int] = frozenset()
        self._recent: dict[int, int] = {}
        self.setSortRole(ItemRole.SORT)
        self.setDynamicSortFilter(True)

    @classmethod
    def successors(cls, parent: QObject | None = None) -> UsersProxyModel:
        """A proxy showing active employees only (successor candidates)."""
        proxy = cls(parent)
        proxy.set_groups([GROUP_ACTIVE])
        return proxy

    def users_model(self) -> UsersModel:
        """The source model."""
        source = self.sourceModel()
        assert isinstance(source, UsersModel)
        return source

    def set_text(self, text: str) -> None:
        """Show users whose name, position or department contains `text`."""
        text = text.strip().casefold()
        if text == self._text:
            return
        self.beginFilterChange()
        self._text = text
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_groups(self, groups: Iterable[int]) -> None:
        """Show only users of these groups (users_model.GROUP_*)."""
        self.beginFilterChange()
        self._groups = frozenset(groups)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_hidden(self, user_ids: Iterable[int]) -> None:
        """Never show these users (the departing employee in the successor picker)."""
        self.beginFilterChange()
        self._hidden = frozenset(user_ids)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_recent(self, user_ids: Iterable[int]) -> None:
        """Put these users first, in this order (recently chosen successors)."""
        self._recent = {u: n for n, u in enumerate(user_ids)}
        self.invalidate()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        """Override QSortFilterProxyModel::filterAcceptsRow."""
        model = self.users_model()
        user = model.user_at(source_row)
        if user.id in self._hidden or model.group_of(user) not in self._groups:
            return False
        if not self._text:
            return True
        haystack = " ".join((user.name, user.position, *user.departments)).casefold()
        return all(word in haystack for word in self._text.split())

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        """Override QSortFilterProxyModel::lessThan: group, then recent, then the column."""
        model = self.users_model()
        a = model.user_at(left.row())
        b = model.user_at(right.row())
        key_a = (model.group_of(a), self._recent.get(a.id, len(self._recent)))
        key_b = (model.group_of(b), self._recent.get(b.id, len(self._recent)))
        if key_a != key_b:
            return key_a < key_b
        sa, sb = left.data(ItemRole.SORT), right.data(ItemRole.SORT)
        if sa == sb:
            return a.id < b.id
        return bool(sa < sb)

    def user_at(self, row: int) -> int:
        """The user id of proxy row `row`."""
        return int(self.index(row, 0).data(ItemRole.ID))
