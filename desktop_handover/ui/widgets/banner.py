"""Banner: a message strip with one action, for errors, warnings and offline states."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class BannerKind(Enum):
    """How serious the message is (shown by a symbol, not only by colour)."""

    INFO = "ℹ"
    WARNING = "⚠"
    ERROR = "✖"


class Banner(QFrame):
    """A strip above a table with a plain-text message and an optional action button.

    Signals:
        action_requested(): the action button was clicked.
    """

    action_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self._icon = QLabel(self)
        self._icon.setTextFormat(Qt.TextFormat.PlainText)
        self._text = QLabel(self)
        # The message may quote portal text (ui.md §6).
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        self._text.setWordWrap(True)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._button = QPushButton(self)
        self._button.clicked.connect(self.action_requested)
        layout.addWidget(self._icon)
        layout.addWidget(self._text, 1)
        layout.addWidget(self._button)
        self.setAccessibleName(self.tr("Message"))
        self.hide()

    def show_message(
        self, text: str, kind: BannerKind = BannerKind.INFO, action: str = ""
    ) -> None:
        """Show `text` (plain text) with an optional action button labelled `action`."""
        self._icon.setText(kind.value)
        self._text.setText(text)
        self._button.setText(action)
        self._button.setVisible(bool(action))
        self.setAccessibleDescription(text)
        self.show()

    def text(self) -> str:
        """The message shown."""
        return self._text.text()

    def action_button(self) -> QPushButton:
        """The action button (tests click it)."""
        return self._button
