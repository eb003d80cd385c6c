"""PlanPanel: the left column: who is leaving, what they own, and the plan so far."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_handover.handover.ports import UserInfo
from desktop_handover.ui import messages
from desktop_handover.ui.controllers.plan_draft import PlanSummary, SplitMode
from desktop_handover.ui.widgets.user_card import UserCard


def _plain(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class PlanPanel(QWidget):
    """Shows the departing employee, their items per section, the successors and the plan.

    Signals:
        change_employee_requested(): "Change employee…".
        add_successor_requested(): "Add successor…".
        remove_successor_requested(int): remove this successor.
        mode_changed(str): a SplitMode value.
        route_changed(str, int, int): by pipeline: section key, pipeline id, successor id.
        keep_related_changed(bool): "Keep related items together" switched on or off.
    """

    change_employee_requested = Signal()
    add_successor_requested = Signal()
    remove_successor_requested = Signal(int)
    mode_changed = Signal(str)
    route_changed = Signal(str, int, int)
    keep_related_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names: dict[int, str] = {}
        self._section_names: dict[str, str] = {}

        leaving = QGroupBox(self.tr("Departing employee"), self)
        self.card = UserCard(leaving)
        self.owns = _plain("", leaving)
        self.owns.setAccessibleName(self.tr("Items owned per section"))
        self.change_button = QPushButton(self.tr("Change employee…"), leaving)
        self.change_button.clicked.connect(self.change_employee_requested)
        box = QVBoxLayout(leaving)
        box.addWidget(self.card)
        box.addWidget(self.owns)
        box.addWidget(self.change_button)

        plan = QGroupBox(self.tr("Plan"), self)
        self.plan_box = plan
        self.successors = QListWidget(plan)
        self.successors.setAccessibleName(self.tr("Successors"))
        self.successors.setMaximumHeight(80)
        self.add_button = QPushButton(self.tr("Add successor…"), plan)
        self.add_button.clicked.connect(self.add_successor_requested)
        self.remove_button = QPushButton(self.tr("Remove"), plan)
        self.remove_button.setAccessibleName(self.tr("Remove the chosen successor"))
        self.remove_button.clicked.connect(self._on_remove_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        self.mode = QComboBox(plan)
        self.mode.addItem(self.tr("All to the first successor"), SplitMode.SINGLE.value)
        self.mode.addItem(self.tr("Evenly between the successors"), SplitMode.EVEN.value)
        self.mode.addItem(self.tr("By pipeline"), SplitMode.BY_PIPELINE.value)
        self.mode.setAccessibleName(self.tr("How to split"))
        self.mode.currentIndexChanged.connect(self._on_mode_changed)
        self.routes_box = QWidget(plan)
        self.routes = QFormLayout(self.routes_box)
        self.routes.setContentsMargins(0, 0, 0, 0)
        self.routes_box.hide()
        self.keep_related = QCheckBox(self.tr("Keep related items together"), plan)
        self.keep_related.setToolTip(
            self.tr(
                "Contacts, companies, activities and tasks go to whoever gets the deal, lead "
                "or other item they belong to"
            )
        )
        self.keep_related.setChecked(True)
        self.keep_related.toggled.connect(self._on_keep_related_toggled)
        self.summary = _plain("", plan)
        self.summary.setAccessibleName(self.tr("Plan summary"))
        self.problem = _plain("", plan)
        self.problem.setAccessibleName(self.tr("What still stops the handover"))
        form = QVBoxLayout(plan)
        form.addWidget(_plain(self.tr("Successors"), plan))
        form.addWidget(self.successors)
        form.addLayout(buttons)
        split_label = QLabel(self.tr("&Split:"), plan)
        split_label.setBuddy(self.mode)
        form.addWidget(split_label)
        form.addWidget(self.mode)
        form.addWidget(self.routes_box)
        form.addWidget(self.keep_related)
        form.addWidget(self.summary)
        form.addWidget(self.problem)

        layout = QVBoxLayout(self)
        layout.addWidget(leaving)
        layout.addWidget(plan)
        layout.addStretch(1)
        self.setMinimumWidth(260)

    # --- filled by the session ---------------------------------------------------------------

    def set_departing(self, user: UserInfo, counts: Mapping[str, int] | None) -> None:
        """Show who is leaving and what they own."""
        detail = ", ".join(p for p in (user.position, ", ".join(user.departments)) if p)
        status = "" if user.active else self.tr("dismissed")
        self.card.set_person(user.name, detail, status, dimmed=not user.active)
        self.set_counts(counts)

    def set_counts(self, counts: Mapping[str, int] | None) -> None:
        """What the departing employee owns, per section."""
        if counts is None:
            self.owns.setText(self.tr("Counting items…"))
            return
        lines = [
            f"{self._section_names.get(k, k)}: {messages.number(n)}" for k, n in counts.items()
        ]
        self.owns.setText(self.tr("Owns") + "\n" + "\n".join(lines))

    def set_names(self, names: Mapping[int, str], sections: Mapping[str, str]) -> None:
        """User names and translated section names."""
        self._names = dict(names)
        self._section_names = dict(sections)

    def set_successors(self, user_ids: Sequence[int]) -> None:
        """The successors, in order."""
        current = self.current_successor()
        self.successors.clear()
        for user_id in user_ids:
            item = QListWidgetItem(self._names.get(user_id, f"#{user_id}"))
            item.setData(Qt.ItemDataRole.UserRole, user_id)
            self.successors.addItem(item)
            if user_id == current:
                self.successors.setCurrentItem(item)
        self.remove_button.setEnabled(bool(user_ids))

    def current_successor(self) -> int | None:
        """The successor selected in the list."""
        item = self.successors.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def set_mode(self, mode: SplitMode) -> None:
        """Show the split mode."""
        self.mode.blockSignals(True)
        self.mode.setCurrentIndex(max(0, self.mode.findData(mode.value)))
        self.mode.blockSignals(False)

    def set_routes(
        self,
        categories: Mapping[str, Sequence[int]],
        successors: Sequence[int],
        routes: Mapping[tuple[str, int], int],
    ) -> None:
        """By pipeline: one successor box per (section, pipeline) seen in the loaded rows."""
        while self.routes.rowCount():
            self.routes.removeRow(0)
        show = self.mode.currentData() == SplitMode.BY_PIPELINE.value and bool(successors)
        self.routes_box.setVisible(show)
        if not show:
            return
        for section, ids in categories.items():
            for category in ids:
                box = QComboBox(self.routes_box)
                for user_id in successors:
                    box.addItem(self._names.get(user_id, f"#{user_id}"), user_id)
                chosen = routes.get((section, category), successors[0])
                box.setCurrentIndex(max(0, box.findData(chosen)))
                pipeline = (
                    self.tr("General")
                    if category == 0
                    else messages.fmt(self.tr("Pipeline {0}"), category)
                )
                label = f"{self._section_names.get(section, section)} · {pipeline}"
                box.setAccessibleName(label)
                box.currentIndexChanged.connect(
                    lambda _i, s=section, c=category, b=box: self.route_changed.emit(
                        s, c, int(b.currentData())
                    )
                )
                self.routes.addRow(_plain(label, self.routes_box), box)

    def show_summary(self, summary: PlanSummary) -> None:
        """Who gets how many, the request count and the time."""
        approx = "≈ " if summary.approximate else ""
        lines = []
        for user_id, n in sorted(summary.per_successor.items(), key=lambda kv: -kv[1]):
            lines.append(
                f"{self._names.get(user_id, f'#{user_id}')}: {approx}{messages.number(n)} →"
            )
            parts = [
                f"{self._section_names.get(section, section)} {messages.number(count)}"
                for (section, successor), count in summary.per_section_successor.items()
                if successor == user_id
            ]
            lines.append("    " + " · ".join(parts))
        lines.append(
            messages.fmt(
                self.tr("{0}{1} requests, about {2}"),
                approx,
                messages.number(summary.requests),
                messages.duration(summary.eta_seconds),
            )
        )
        if not summary.item_count:
            self.summary.setText(self.tr("Nothing selected yet: tick items in the tabs."))
            self.problem.hide()
            return
        self.summary.setText("\n".join(lines) if summary.per_successor else lines[-1])
        if summary.problems:
            self.problem.setText("⚠ " + messages.refusal_text(summary.problems[0], self._names))
            self.problem.show()
        else:
            self.problem.hide()

    def _on_keep_related_toggled(self, on: bool) -> None:
        self.keep_related_changed.emit(on)

    def _on_remove_clicked(self) -> None:
        user_id = self.current_successor()
        if user_id is None and self.successors.count():
            user_id = int(self.successors.item(0).data(Qt.ItemDataRole.UserRole))
        if user_id is not None:
            self.remove_successor_requested.emit(user_id)

    def _on_mode_changed(self, index: int) -> None:
        del index
        self.mode_changed.emit(str(self.mode.currentData()))
