"""SectionController: small pages coalesce into few appends; reading stops with the load."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence

import pytest

from desktop_handover.handover.ports import GatewayError
from desktop_handover.handover.sections import DEALS, ItemRef, SectionSpec
from desktop_handover.handover.selection import SectionFilter
from desktop_handover.ui.aio import next_emission
from desktop_handover.ui.controllers.section_controller import SectionController
from desktop_handover.ui.models.columns import columns_for
from desktop_handover.ui.models.items_model import CrmItemsModel
from tests.fakes import FakeCrmGateway
from tests.ui.factories import ADMIN, DEPARTING, users


def deals_gateway(n: int, page_size: int) -> FakeCrmGateway:
    gw = FakeCrmGateway(users=users(), webhook_user_id=ADMIN, page_size=page_size)
    for i in range(1, n + 1):
        gw.add(DEALS.key, i, DEPARTING, title=f"Deal {i}")
    return gw


def loader(
    gw: FakeCrmGateway, *, chunk: int = 2_500, eager_limit: int = 20_000
) -> SectionController:
    model = CrmItemsModel(columns_for(DEALS))
    return SectionController(gw, DEALS, DEPARTING, model, chunk=chunk, eager_limit=eager_limit)


def inserted_sizes(controller: SectionController) -> list[int]:
    sizes: list[int] = []
    controller.model.rowsInserted.connect(lambda _p, first, last: sizes.append(last - first + 1))
    return sizes


@pytest.mark.asyncio
async def test_pages_that_arrive_together_are_appended_in_few_steps(qtbot) -> None:
    # Ten 5-row pages at once, like the 50 pages of one REST request (§3).
    gw = deals_gateway(50, page_size=5)
    controller = loader(gw, chunk=20)
    sizes = inserted_sizes(controller)
    await controller.reload()
    # The first page shows at once; the rest goes in steps of at most `chunk` rows.
    assert sizes == [5, 20, 20, 5]
    assert controller.model.ids() == list(range(1, 51))
    assert controller.complete


@pytest.mark.asyncio
async def test_the_pause_falls_at_a_page_end_and_fetch_more_goes_on(qtbot) -> None:
    gw = deals_gateway(50, page_size=5)
    controller = loader(gw, chunk=100, eager_limit=12)
    await controller.reload()
    assert controller.model.rowCount() == 15  # the page that crossed 12 is kept whole
    assert not controller.complete
    await controller.fetch_more()
    assert controller.model.ids() == list(range(1, 31))


class GatedGateway(FakeCrmGateway):
    """Pages after the first wait for `gate`; remembers whether the listing was closed."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.gate = asyncio.Event()
        self.closed = False
        self.fail_at_page = 0

    async def list_items(
        self,
        section: SectionSpec,
        owner_id: int,
        section_filter: SectionFilter,
        *,
        after_id: int = 0,
    ) -> AsyncIterator[Sequence[ItemRef]]:
        try:
            n = 0
            async for page in super().list_items(
                section, owner_id, section_filter, after_id=after_id
            ):
                n += 1
                if n == self.fail_at_page:
                    raise GatewayError("NETWORK_ERROR")
                if n > 1:
                    await self.gate.wait()
                yield page
        finally:
            self.closed = True


def gated(n: int, page_size: int) -> GatedGateway:
    gw = GatedGateway(users=users(), webhook_user_id=ADMIN, page_size=page_size)
    for i in range(1, n + 1):
        gw.add(DEALS.key, i, DEPARTING, title=f"Deal {i}")
    return gw


@pytest.mark.asyncio
async def test_stopping_a_load_stops_reading_and_closes_the_listing(qtbot) -> None:
    gw = gated(20, page_size=5)
    controller = loader(gw)
    controller.start()
    await next_emission(controller.loaded)
    assert controller.model.rowCount() == 5
    assert controller.loading
    await controller.stop()
    assert gw.closed
    assert not controller.loading
    gw.gate.set()  # a reader left behind would now append the rest
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert controller.model.rowCount() == 5


@pytest.mark.asyncio
async def test_rows_read_before_a_failure_are_appended_then_it_is_reported(qtbot) -> None:
    gw = gated(30, page_size=5)
    gw.gate.set()
    gw.fail_at_page = 4
    controller = loader(gw, chunk=2)
    reasons: list[str] = []
    controller.load_failed.connect(reasons.append)
    finished: list[bool] = []
    controller.load_finished.connect(finished.append)
    await controller.reload()
    assert controller.model.ids() == list(range(1, 16))  # pages 1-3, in 2-row steps
    assert len(reasons) == 1
    assert finished == [False]
    assert gw.closed
