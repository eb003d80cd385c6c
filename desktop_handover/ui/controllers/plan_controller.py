"""PlanController: keeps the plan draft, gathers the tabs' selections and summarizes the plan."""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import sys
from collections.abc import Sequence

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_handover.handover.plan import HandoverOptions, HandoverPlan
from desktop_handover.handover.ports import Pacing, UserInfo
from desktop_handover.handover.sections import SectionSpec
from desktop_handover.ui.aio import TaskSlot
from desktop_handover.ui.controllers.plan_draft import (
    PlanDraft,
    PlanSummary,
    SectionSnapshot,
    SplitMode,
    summarize,
)
from desktop_handover.ui.controllers.section_controller import SectionController

#: Changes closer together than this are summarized once.
DEBOUNCE_MS = 120
#: The GIL switch interval while the summary runs in its worker thread (seconds).
SUMMARY_SWITCH_INTERVAL = 0.001


class PlanController(QObject):
    """Owns the plan draft, rebuilds the plan when a selection or choice changes.

    The summary (who gets how many, requests, time, problems) is computed off the GUI thread
    and pushed to the tabs' "To" columns and to the plan panel.

    Signals:
        draft_changed(): successors, split mode, routes or options changed.
        summary_changed(object): a new PlanSummary.
    """

    draft_changed = Signal()
    summary_changed = Signal(object)

    def __init__(
        self,
        departing: UserInfo,
        users: Sequence[UserInfo],
        webhook_user_id: int,
        *,
        pacing: Pacing | None = None,
        batch_items: int = 49,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.departing = departing
        self.draft = PlanDraft(departing.id)
        self._users = list(users)
        self._names = {u.id: u.name for u in users}
        self._webhook_user_id = webhook_user_id
        self._pacing = pacing
        self._batch_items = batch_items
        self._sections: list[SectionController] = []
        self._slot = TaskSlot()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.summary: PlanSummary | None = None
        self._dirty = False

    # --- wiring ------------------------------------------------------------------------------

    def add_section(self, controller: SectionController) -> None:
        """Follow a tab's selection and loading."""
        self._sections.append(controller)
        controller.model.selection_changed.connect(self.schedule)
        controller.load_finished.connect(self._on_section_load_finished)

    def _on_section_load_finished(self, complete: bool) -> None:
        del complete
        self.schedule()

    def name_of(self, user_id: int) -> str:
        """A user's display name (portal text)."""
        return self._names.get(user_id, f"#{user_id}")

    def user(self, user_id: int) -> UserInfo | None:
        """The user with id `user_id`."""
        return next((u for u in self._users if u.id == user_id), None)

    @property
    def users(self) -> list[UserInfo]:
        """Every user of the portal."""
        return list(self._users)

    # --- the draft ---------------------------------------------------------------------------

    def add_successor(self, user_id: int) -> None:
        """Add a successor."""
        self.draft.add_successor(user_id)
        self._changed()

    def remove_successor(self, user_id: int) -> None:
        """Remove a successor and every choice naming them."""
        self.draft.remove_successor(user_id)
        self._changed()

    def set_successors(self, user_ids: Sequence[int]) -> None:
        """Replace the successors (keeps choices naming those who stay)."""
        for user_id in [u for u in self.draft.successors if u not in user_ids]:
            self.draft.remove_successor(user_id)
        for user_id in user_ids:
            self.draft.add_successor(user_id)
        self._changed()

    def set_mode(self, mode: SplitMode) -> None:
        """Choose how items without their own choice are shared."""
        self.draft.mode = mode
        self._changed()

    def set_route(self, section: str, category_id: int, successor: int) -> None:
        """By pipeline: items of `section` in `category_id` go to `successor`."""
        self.draft.routes[(section, category_id)] = successor
        self._changed()

    def set_keep_related(self, on: bool) -> None:
        """Switch "keep related items together"."""
        self.draft.keep_related = on
        self._changed()

    def set_options(self, options: HandoverOptions) -> None:
        """Set the run's options."""
        self.draft.options = options
        self._changed()

    def assign_selection(self, section_key: str, successor: int) -> None:
        """The “Assign selected to successor” for one tab's current selection."""
        controller = self._section(section_key)
        self.draft.assign(section_key, controller.model.selection(), successor)
        self._changed()

    def categories(self) -> dict[str, list[int]]:
        """Per section with pipelines, the pipeline ids seen among the loaded rows."""
        found: dict[str, list[int]] = {}
        for c in self._sections:
            if not c.section.has_categories:
                continue
            ids = sorted({i.category_id for i in c.model.items() if i.category_id is not None})
            if ids:
                found[c.section.key] = ids
        return found

    def _section(self, key: str) -> SectionController:
        return next(c for c in self._sections if c.section.key == key)

    def _changed(self) -> None:
        self.draft_changed.emit()
        self.schedule()

    # --- the plan and its summary ---------------------------------------------------------

    def selections(self) -> list[tuple[SectionSpec, object]]:
        """Every tab's section and selection, in tab order."""
        return [(c.section, c.model.selection()) for c in self._sections]

    def plan(self) -> HandoverPlan:
        """The plan as it stands (cheap: selections are frozen values)."""
        return self.draft.build([(c.section, c.model.selection()) for c in self._sections])

    def plan_with_options(self, options: HandoverOptions) -> HandoverPlan:
        """The plan with other options (the preview dialog's choices)."""
        return dataclasses.replace(self.plan(), options=options)

    def schedule(self) -> None:
        """Summarize soon (changes in quick succession are summarized once)."""
        self._timer.start()

    def _on_timer_timeout(self) -> None:
        self._slot.start(self.refresh())

    async def refresh(self) -> PlanSummary:
        """Summarize the plan now and publish it."""
        plan = self.plan()
        snapshots = [
            SectionSnapshot(
                spec=c.section,
                selection=c.model.selection(),
                loaded=tuple(c.model.items()),
                total=c.total,
                complete=c.complete,
            )
            for c in self._sections
            if any(sp.section.key == c.section.key for sp in plan.sections)
        ]
        # The split is pure Python: in a worker thread it holds the GIL, and every Python call
        # the GUI thread makes (each data() of a repaint) waits for it up to the switch
        # interval (5 ms by default). A short interval while it runs keeps the window fluid.
        interval = sys.getswitchinterval()
        sys.setswitchinterval(SUMMARY_SWITCH_INTERVAL)
        # Its hundreds of thousands of short-lived keys would also set off full collections,
        # each holding the GIL for 100+ ms; they are acyclic, so reference counting frees them.
        collecting = gc.isenabled()
        gc.disable()
        try:
            summary = await asyncio.to_thread(
                summarize,
                plan,
                snapshots,
                self._users,
                self._webhook_user_id,
                pacing=self._pacing,
                batch_items=self._batch_items,
            )
        finally:
            sys.setswitchinterval(interval)
            if collecting:
                gc.enable()
        self.summary = summary
        for c in self._sections:
            chosen = summary.destinations.get(c.section.key, {})
            c.model.set_destinations(chosen, self._names)
        self.summary_changed.emit(summary)
        return summary

    async def stop(self) -> None:
        """Stop a running summary."""
        self._timer.stop()
        await self._slot.cancel_and_wait()
