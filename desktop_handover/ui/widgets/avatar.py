"""Initials avatars: a coloured disc with a person's initials, and a label showing one."""

from __future__ import annotations

import zlib

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QWidget


def initials(name: str) -> str:
    """Up to two initials of `name` ("Anna Nowak" → "AN"); "?" for an empty name."""
    letters = [w[0] for w in name.split() if w and w[0].isalnum()]
    if not letters:
        return "?"
    if len(letters) == 1:
        return letters[0].upper()
    return (letters[0] + letters[-1]).upper()


def initials_pixmap(name: str, size: int = 32, *, dimmed: bool = False) -> QPixmap:
    """A round avatar with the initials of `name`, its colour stable per name."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    hue = zlib.crc32(name.encode("utf-8")) % 360
    colour = QColor.fromHsv(hue, 90 if dimmed else 150, 170 if dimmed else 190)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(QRectF(0, 0, size, size))
    font = QFont()
    font.setPixelSize(max(8, int(size * 0.4)))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, initials(name))
    painter.end()
    return pixmap


class AvatarLabel(QLabel):
    """A label showing a person's initials avatar (no photo: user.get photos need a session)."""

    def __init__(self, size: int = 48, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._size = size
        self.setFixedSize(size, size)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def set_person(self, name: str, *, dimmed: bool = False) -> None:
        """Show the avatar of `name`."""
        self.setPixmap(initials_pixmap(name, self._size, dimmed=dimmed))
        self.setAccessibleName(name)
