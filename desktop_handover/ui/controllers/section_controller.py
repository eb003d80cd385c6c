"""SectionController: pages one section's items into its table model without stalling the UI."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from desktop_handover.handover.ports import CrmGateway, GatewayError
from desktop_handover.handover.sections import ItemRef, SectionSpec
from desktop_handover.handover.selection import SectionFilter
from desktop_handover.ui import messages
from desktop_handover.ui.aio import TaskSlot
from desktop_handover.ui.models.items_model import CrmItemsModel

logger = logging.getLogger(__name__)

#: Rows appended per step; between steps the loop gets a turn, so no step stalls it long.
APPEND_CHUNK = 250
#: Rows loaded without asking; past it, loading pauses until the view scrolls to the end.
EAGER_LIMIT = 20_000


class SectionController(QObject):
    """Loads one CRM section into its table model and keeps it current.

    Pages come from `gateway.list_items` (an ascending ">id" cursor); each is appended in
    chunks with a turn of the event loop between them. Large sections load lazily: after
    `eager_limit` rows the controller stops until the model's fetchMore asks for more.

    Signals:
        loaded(int, int): rows loaded so far, and the section's total on the portal (-1 unknown).
        load_started(): a (re)load began.
        load_finished(bool): loading stopped; True when every row is loaded.
        load_failed(str): a translated reason; the model keeps the rows it already had.
    """

    loaded = Signal(int, int)
    load_started = Signal()
    load_finished = Signal(bool)
    load_failed = Signal(str)

    def __init__(
        self,
        gateway: CrmGateway,
        section: SectionSpec,
        owner_id: int,
        model: CrmItemsModel,
        *,
        total: int = -1,
        eager_limit: int = EAGER_LIMIT,
        chunk: int = APPEND_CHUNK,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._gateway = gateway
        self.section = section
        self._owner_id = owner_id
        self.model = model
        self.total = total
        self._eager_limit = eager_limit
        self._chunk = chunk
        self._slot = TaskSlot()
        self._complete = False
        self._started = False
        self.model.fetch_more_requested.connect(self._on_model_fetch_more_requested)

    @property
    def loading(self) -> bool:
        """Whether a load is running."""
        return self._slot.running

    @property
    def complete(self) -> bool:
        """Whether every row of the section is loaded."""
        return self._complete

    @property
    def started(self) -> bool:
        """Whether loading was ever started (tabs load when first shown)."""
        return self._started

    def start(self) -> asyncio.Task[None]:
        """Start (or restart) loading from the first page; cancels a running load."""
        self._started = True
        return self._slot.start(self.reload())

    def cancel(self) -> None:
        """Stop loading; the rows already loaded stay."""
        self._slot.cancel()

    async def stop(self) -> None:
        """Stop loading and wait until the task has ended."""
        await self._slot.cancel_and_wait()

    async def wait(self) -> None:
        """Wait until the current load (if any) has stopped: complete, paused or failed."""
        task = self._slot.task
        if task is not None and not task.done():
            # Awaiting the task itself, not a signal, cannot miss an emission that came first.
            await asyncio.gather(asyncio.shield(task), return_exceptions=True)

    async def reload(self) -> None:
        """Drop the rows and load from the first page (ticks survive: they are ids)."""
        self._started = True
        self._complete = False
        self.model.set_more_available(False)
        self.model.clear()
        self.load_started.emit()
        await self._load(after_id=0)

    async def fetch_more(self) -> None:
        """Continue loading after the last loaded row (the lazy part of a large section)."""
        if self._complete:
            return
        ids = self.model.ids()
        self.load_started.emit()
        await self._load(after_id=max(ids, default=0))

    def _on_model_fetch_more_requested(self) -> None:
        if not self._slot.running:
            self._slot.start(self.fetch_more())

    async def _load(self, after_id: int) -> None:
        budget = self._eager_limit
        try:
            async for page in self._gateway.list_items(
                self.section, self._owner_id, SectionFilter.ALL, after_id=after_id
            ):
                await self._append(page)
                budget -= len(page)
                if budget <= 0:
                    # Pause: the view's fetchMore resumes us when scrolled to the end.
                    more = self.total < 0 or self.model.rowCount() < self.total
                    self.model.set_more_available(more)
                    self.loaded.emit(self.model.rowCount(), self.total)
                    self.load_finished.emit(not more)
                    self._complete = not more
                    return
        except GatewayError as err:
            logger.warning("loading %s failed: %s", self.section.key, err.code)
            self.load_failed.emit(
                messages.fmt(
                    self.tr("Loading stopped: {0}. The rows loaded so far are kept."),
                    messages.error_text(err.code),
                ),
            )
            self.load_finished.emit(False)
            return
        self._complete = True
        if self.total < 0 or self.total < self.model.rowCount():
            self.total = self.model.rowCount()
        self.model.set_more_available(False)
        self.loaded.emit(self.model.rowCount(), self.total)
        self.load_finished.emit(True)

    async def _append(self, page: Sequence[ItemRef]) -> None:
        for start in range(0, len(page), self._chunk):
            self.model.append_rows(page[start : start + self._chunk])
            self.loaded.emit(self.model.rowCount(), self.total)
            # One turn of the loop per chunk keeps input and painting flowing.
            await asyncio.sleep(0)
        # Loaded rows are long-lived, acyclic values: hide them from the cyclic collector,
        # whose full passes would otherwise walk all 100,000 of them (100+ ms stalls) as the
        # heap grows. Reference counting still frees them when the rows are dropped.
        gc.collect(1)
        gc.freeze()
