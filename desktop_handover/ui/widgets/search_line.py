"""SearchLine: a line edit that reports its text after typing pauses."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QWidget


class SearchLine(QLineEdit):
    """A search field with a clear button; filters follow the text after a short pause.

    Signals:
        search_changed(str): the text, once typing has paused.
    """

    search_changed = Signal(str)

    def __init__(self, placeholder: str = "", parent: QWidget | None = None, delay_ms: int = 200):
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(placeholder)
        self.setAccessibleName(placeholder or self.tr("Search"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.textChanged.connect(self._on_self_text_changed)

    def _on_self_text_changed(self, text: str) -> None:
        del text
        self._timer.start()

    def _on_timer_timeout(self) -> None:
        self.search_changed.emit(self.text())

    def flush(self) -> None:
        """Report the current text now (tests, Enter)."""
        self._timer.stop()
        self.search_changed.emit(self.text())
