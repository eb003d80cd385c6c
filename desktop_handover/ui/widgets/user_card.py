"""UserCard: avatar, name, position and department of one person, as plain text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from desktop_handover.ui.widgets.avatar import AvatarLabel


class UserCard(QWidget):
    """Shows who someone is; every line is portal text, so every label is plain text."""

    def __init__(self, parent: QWidget | None = None, avatar_size: int = 48) -> None:
        super().__init__(parent)
        self.avatar = AvatarLabel(avatar_size, self)
        self.name = QLabel(self)
        font = self.name.font()
        font.setBold(True)
        self.name.setFont(font)
        self.detail = QLabel(self)
        self.status = QLabel(self)
        for label in (self.name, self.detail, self.status):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.avatar, 0, 0, 3, 1, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.name, 0, 1)
        layout.addWidget(self.detail, 1, 1)
        layout.addWidget(self.status, 2, 1)
        layout.setColumnStretch(1, 1)

    def set_person(
        self, name: str, detail: str, status: str = "", *, dimmed: bool = False
    ) -> None:
        """Show a person."""
        self.avatar.set_person(name, dimmed=dimmed)
        self.name.setText(name)
        self.detail.setText(detail)
        self.status.setText(status)
        self.status.setVisible(bool(status))
        self.setAccessibleName(name)
