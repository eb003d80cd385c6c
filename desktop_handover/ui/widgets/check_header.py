"""CheckHeaderView: a table header whose first section is a tri-state checkbox."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionButton, QWidget


class CheckHeaderView(QHeaderView):
    """A horizontal header drawing a tri-state checkbox in section 0.

    Signals:
        toggle_requested(): the checkbox was clicked (the owner decides what it means).
    """

    toggle_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._state = Qt.CheckState.Unchecked
        self.setSectionsClickable(True)
        self.setHighlightSections(False)

    def check_state(self) -> Qt.CheckState:
        """The state shown."""
        return self._state

    def set_check_state(self, state: Qt.CheckState) -> None:
        """Show `state` (unchecked, partially checked or checked)."""
        if state != self._state:
            self._state = state
            self.viewport().update()

    def _box_rect(self, section_rect: QRect) -> QRect:
        opt = QStyleOptionButton()
        size = self.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, opt, self)
        x = section_rect.x() + (section_rect.width() - size.width()) // 2
        y = section_rect.y() + (section_rect.height() - size.height()) // 2
        return QRect(x, y, size.width(), size.height())

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:
        """Override QHeaderView::paintSection: add the checkbox to section 0."""
        painter.save()
        super().paintSection(painter, rect, logical_index)
        painter.restore()
        if logical_index != 0:
            return
        opt = QStyleOptionButton()
        opt.rect = self._box_rect(rect)
        opt.state = QStyle.StateFlag.State_Enabled
        if self._state == Qt.CheckState.Checked:
            opt.state |= QStyle.StateFlag.State_On
        elif self._state == Qt.CheckState.PartiallyChecked:
            opt.state |= QStyle.StateFlag.State_NoChange
        else:
            opt.state |= QStyle.StateFlag.State_Off
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorCheckBox, opt, painter)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Override QWidget::mousePressEvent: a click on section 0 toggles, no sorting."""
        if self.logicalIndexAt(event.position().toPoint()) == 0:
            self.toggle_requested.emit()
            event.accept()
            return
        super().mousePressEvent(event)

    def checkbox_center(self) -> QPoint:
        """Where the checkbox is (tests click it)."""
        rect = QRect(self.sectionViewportPosition(0), 0, self.sectionSize(0), self.height())
        return self._box_rect(rect).center()
