"""SectionController: pages one section's items into its table model without stalling the UI."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator, Sequence

from PySide6.QtCore import QObject, Signal

from desktop_handover.handover.ports import CrmGateway, GatewayError
from desktop_handover.handover.sections import COMPANY_TYPE, CONTACT_TYPE, ItemRef, SectionSpec
from desktop_handover.handover.selection import SectionFilter
from desktop_handover.services.catalog import TITLES_PER_REQUEST, NameCatalog
from desktop_handover.ui import messages
from desktop_handover.ui.aio import TaskSlot
from desktop_handover.ui.models.columns import CLIENT_COLUMNS, DisplayNames
from desktop_handover.ui.models.items_model import CrmItemsModel

logger = logging.getLogger(__name__)

#: Rows appended per step at most (one listing request's worth, §3); between steps the loop
#: gets a turn, so no step stalls it long.
APPEND_CHUNK = 2_500
#: Loaded rows between two passes that hide them from the cyclic collector.
FREEZE_EVERY = 2_500
#: Rows loaded without asking; past it, loading pauses until the view scrolls to the end.
EAGER_LIMIT = 20_000
# Rows after which a load asks for the names it has collected, even below a full request:
# one list request's worth (§3: 2,500 rows), so the first screen gets names early.
FIRST_NAMES_AT = 2_500
# Ids per name lookup: what one request can name (50 ids a command, 50 commands).
LOOKUP_IDS = TITLES_PER_REQUEST
# Ids a lookup command takes (one crm.item.list page).
_PAGE = 50


class NameLookup(QObject):
    """Names the companies and contacts that loaded rows show, in the background.

    Shared by a session's section controllers, so the company of a deal and of a contact is
    asked once. Ids are collected page by page and sent when a full request's worth
    (2,500) has gathered, or when a load stops or passes its first screen (`flush`): one
    request names up to 2,500 ids, so 10,000 rows cost at most 8 lookups (a company and a
    first contact each) and usually far fewer, since rows share companies. Only the first
    contact of a row is asked for: it is the only one the table shows.

    The lookup never blocks loading: it runs as its own task and the client serialises the
    requests. During a handover it is paused (`pause`/`resume`), so it does not compete
    with the run for the portal's rate limit; a lookup already in flight finishes first.

    Signals:
        names_arrived(): `names` gained company or contact names.
    """

    names_arrived = Signal()

    def __init__(
        self,
        catalog: NameCatalog,
        names: DisplayNames,
        *,
        batch: int = LOOKUP_IDS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self.names = names
        self._batch = batch
        self._pending: dict[int, dict[int, None]] = {COMPANY_TYPE: {}, CONTACT_TYPE: {}}
        self._asked: dict[int, set[int]] = {COMPANY_TYPE: set(), CONTACT_TYPE: set()}
        self._flush = False
        self._paused = False
        self._task: asyncio.Task[None] | None = None
        self.requests = 0  # lookups sent (tests and the log)

    @property
    def pending(self) -> int:
        """Ids collected and not yet asked for."""
        return sum(len(p) for p in self._pending.values())

    @property
    def paused(self) -> bool:
        """Whether lookups wait (a handover runs)."""
        return self._paused

    def want(self, rows: Sequence[ItemRef]) -> None:
        """Collect the company and first contact of `rows` that have no name yet."""
        companies, contacts = self._pending[COMPANY_TYPE], self._pending[CONTACT_TYPE]
        asked_co, asked_ct = self._asked[COMPANY_TYPE], self._asked[CONTACT_TYPE]
        for item in rows:
            company = item.company_id
            if company and company not in asked_co:
                companies[company] = None
            if item.contact_ids:
                contact = item.contact_ids[0]
                if contact not in asked_ct:
                    contacts[contact] = None
        self._kick()

    def flush(self) -> None:
        """Send what has been collected now, even below a full request."""
        if self.pending:
            self._flush = True
            self._kick()

    def pause(self) -> None:
        """Hold further lookups (a handover starts); the one in flight finishes."""
        self._paused = True

    def resume(self) -> None:
        """Send held lookups again (a handover ended)."""
        self._paused = False
        self.flush()

    async def wait(self) -> None:
        """Wait until the running lookup (if any) has stopped."""
        task = self._task
        if task is not None and not task.done():
            await asyncio.gather(asyncio.shield(task), return_exceptions=True)

    async def stop(self) -> None:
        """Cancel the running lookup (session shutdown)."""
        task = self._task
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    def _ready(self) -> bool:
        count = self.pending
        return count >= self._batch or (self._flush and count > 0)

    def _kick(self) -> None:
        if self._paused or not self._ready():
            return
        if self._task is None or self._task.done():
            self._task = asyncio.ensure_future(self._drain())

    def _take(self) -> dict[int, list[int]]:
        """Up to one request's worth of ids: whole pages of 50, companies first."""
        pages_left = max(1, self._batch // _PAGE)
        taken: dict[int, list[int]] = {}
        for type_id in (COMPANY_TYPE, CONTACT_TYPE):
            pending = self._pending[type_id]
            limit = min(len(pending), pages_left * _PAGE)
            if limit <= 0:
                continue
            ids = list(pending)[:limit]
            for i in ids:
                del pending[i]
            self._asked[type_id].update(ids)
            taken[type_id] = ids
            pages_left -= -(-limit // _PAGE)
        return taken

    async def _drain(self) -> None:
        while not self._paused and self._ready():
            wanted = self._take()
            self.requests += 1
            try:
                found = await self._catalog.titles_of(wanted)
            except GatewayError as err:
                # Names are a nicety: the ids keep their "Company #id" text.
                logger.warning("name lookup failed: %s", err.code)
                continue
            self.names.companies.update(found.get(COMPANY_TYPE, {}))
            self.names.contacts.update(found.get(CONTACT_TYPE, {}))
            self.names_arrived.emit()
        if not self.pending:
            self._flush = False


class SectionController(QObject):
    """Loads one CRM section into its table model and keeps it current.

    Pages come from `gateway.list_items` (an ascending ">id" cursor), read ahead by a _Feed;
    the rows that have arrived are appended in steps of at most `chunk` rows, with a turn of
    the event loop between steps. Large sections load lazily: after
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
        names: NameLookup | None = None,
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
        self._names = names
        self._slot = TaskSlot()
        self._complete = False
        self._started = False
        self._unfrozen = 0  # rows appended since the last gc.freeze()
        self.model.fetch_more_requested.connect(self._on_model_fetch_more_requested)
        if names is not None:
            names.names_arrived.connect(self._on_names_names_arrived)

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

    def _on_names_names_arrived(self) -> None:
        # One range per column, however many rows (CrmItemsModel.refresh_columns).
        self.model.refresh_columns(CLIENT_COLUMNS)

    def _on_model_fetch_more_requested(self) -> None:
        if not self._slot.running:
            self._slot.start(self.fetch_more())

    async def _load(self, after_id: int) -> None:
        try:
            await self._load_pages(after_id)
        finally:
            # However the load stopped (done, paused, failed, replaced), its rows get names.
            if self._names is not None:
                self._names.flush()

    async def _load_pages(self, after_id: int) -> None:
        feed = _Feed(
            self._gateway.list_items(
                self.section, self._owner_id, SectionFilter.ALL, after_id=after_id
            ),
            self._eager_limit,
        )
        first_names = self._names is not None
        appended = 0
        try:
            while (rows := await feed.take(self._chunk)) is not None:
                self.model.append_rows(rows)
                appended += len(rows)
                self.loaded.emit(self.model.rowCount(), self.total)
                if self._names is not None:
                    self._names.want(rows)
                    if first_names and appended >= FIRST_NAMES_AT:
                        first_names = False
                        self._names.flush()
                # One turn of the loop per step keeps input, painting and the next page's
                # request flowing; a collector pass gets a turn of its own.
                await asyncio.sleep(0)
                if self._freeze_rows(len(rows)):
                    await asyncio.sleep(0)
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
        finally:
            self._freeze_rows(0, final=True)
            await feed.aclose()
        if feed.paused:
            # Pause: the view's fetchMore resumes us when scrolled to the end.
            more = self.total < 0 or self.model.rowCount() < self.total
            self.model.set_more_available(more)
            self.loaded.emit(self.model.rowCount(), self.total)
            self.load_finished.emit(not more)
            self._complete = not more
            return
        self._complete = True
        if self.total < 0 or self.total < self.model.rowCount():
            self.total = self.model.rowCount()
        self.model.set_more_available(False)
        self.loaded.emit(self.model.rowCount(), self.total)
        self.load_finished.emit(True)

    def _freeze_rows(self, rows: int, *, final: bool = False) -> bool:
        """Hide loaded rows from the cyclic collector, once per FREEZE_EVERY rows.

        Loaded rows are long-lived, acyclic values: left to the collector, its full passes
        would walk all 100,000 of them (100+ ms stalls) as the heap grows. Reference counting
        still frees them when the rows are dropped. Not after every step: a pass costs
        milliseconds (10+ with 100,000 rows), and a listing can arrive as 2,000 small pages.

        Returns:
            Whether a pass ran.
        """
        self._unfrozen += rows
        if self._unfrozen < FREEZE_EVERY and not (final and self._unfrozen):
            return False
        self._unfrozen = 0
        gc.collect(1)
        gc.freeze()
        return True


class _Feed:
    """Reads a listing's pages in its own task, so the next request runs while rows append.

    The REST gateway yields a request's pages (50 rows each, §3) all at once; appending them
    one by one costs a merge into the sorted view and a repaint each. The loader instead takes
    what has arrived, up to a step's worth, and the network keeps going meanwhile. Reading
    stops after `budget` rows (at a page's end): the lazy pause of a large section.
    """

    def __init__(self, pages: AsyncIterator[Sequence[ItemRef]], budget: int) -> None:
        self._pages = pages
        self._budget = budget
        self._rows: list[ItemRef] = []
        self._arrived = asyncio.Event()
        self.paused = False
        self._task = asyncio.ensure_future(self._read())
        self._task.add_done_callback(lambda _task: self._arrived.set())

    async def _read(self) -> None:
        budget = self._budget
        first = True
        async for page in self._pages:
            self._rows.extend(page)
            self._arrived.set()
            budget -= len(page)
            if budget <= 0:
                self.paused = True
                return
            if first:
                # The first page is shown before the rest of its request is read.
                first = False
                await asyncio.sleep(0)

    async def take(self, limit: int) -> list[ItemRef] | None:
        """Up to `limit` rows, waiting for some; None when the listing ended.

        Raises:
            GatewayError: reading failed; the rows read before it have been taken.
        """
        while not self._rows:
            if self._task.done():
                self._task.result()  # re-raises the listing's error
                return None
            self._arrived.clear()
            await self._arrived.wait()
        rows = self._rows[:limit]
        del self._rows[:limit]
        return rows

    async def aclose(self) -> None:
        """Stop reading (a replaced or failed load) and close the listing."""
        if not self._task.done():
            self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)
        close = getattr(self._pages, "aclose", None)
        if close is not None:
            await close()
