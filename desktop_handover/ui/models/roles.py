"""Custom item data roles shared by models, proxies and views."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Qt


class ItemRole(IntEnum):
    """Roles beyond Qt's own, starting at UserRole (napari's ItemRole/SortRole)."""

    #: The domain object of the row (ItemRef or UserInfo).
    OBJECT = Qt.ItemDataRole.UserRole
    #: A typed sort key (str, float or int tuple), so sorting never compares display text.
    SORT = Qt.ItemDataRole.UserRole + 1
    #: The row's id (item id or user id).
    ID = Qt.ItemDataRole.UserRole + 2
