"""PortalCatalog against the emulated portal: stage, pipeline and title names, and their cost."""

from __future__ import annotations

import pytest

from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.seed import DemoPortal
from desktop_handover.emulator.state import CrmItem
from desktop_handover.services.catalog import (
    TITLES_PER_REQUEST,
    StageCatalog,
    StageInfo,
    stage_entity_id,
)
from desktop_handover.services.connection import PortalConnection


def requests(emulator: Emulator) -> int:
    return int(emulator.stats()["http_requests"])


def items(portal: DemoPortal, type_id: int) -> list[CrmItem]:
    table = portal.table(type_id)
    return [table.rows[i] for i in table.sorted_ids]


@pytest.mark.parametrize(
    ("type_id", "stage", "category", "expected"),
    [
        (1, "NEW", None, "STATUS"),
        (2, "NEW", 0, "DEAL_STAGE"),
        (2, "NEW", None, "DEAL_STAGE"),
        (2, "C1:NEW", 1, "DEAL_STAGE_1"),
        (2, "C7:WON", None, "DEAL_STAGE_7"),
        (7, "DRAFT", None, "QUOTE_STATUS"),
        (31, "DT31_3:N", 3, "SMART_INVOICE_STAGE_3"),
        (31, "DT31_3:N", None, "SMART_INVOICE_STAGE_3"),
        (128, "DT128_5:NEW", None, "DYNAMIC_128_STAGE_5"),
        (3, "X", None, None),
    ],
)
def test_stage_entity_id_picks_the_catalogue(
    type_id: int, stage: str, category: int | None, expected: str | None
) -> None:
    assert stage_entity_id(type_id, stage, category) == expected


def test_shared_status_ids_keep_their_own_names() -> None:
    catalog = StageCatalog(
        {
            ("STATUS", "NEW"): StageInfo("Unprocessed", "P", "", 10),
            ("DEAL_STAGE", "NEW"): StageInfo("New deal", "P", "", 10),
        }
    )
    assert catalog.name(1, "NEW") == "Unprocessed"
    assert catalog.name(2, "NEW", 0) == "New deal"
    assert catalog.name(2, "NOPE", 0) is None
    assert catalog.name(None, "NEW") is None


@pytest.mark.asyncio
async def test_every_items_stage_has_the_portals_name(
    portal: DemoPortal, connection: PortalConnection, emulator: Emulator
) -> None:
    catalog = connection.catalog
    before = requests(emulator)
    stages = await catalog.stages()
    assert requests(emulator) - before == 1
    by_key = {(s.entity_id, s.status_id): s for s in portal.stages}
    types = [1, 2, 7, 31, *sorted(portal.smart_types)]
    checked = 0
    for type_id in types:
        for item in items(portal, type_id):
            if not item.stage_id:
                continue
            entity_id = stage_entity_id(type_id, item.stage_id, item.category_id)
            assert entity_id is not None
            expected = by_key[(entity_id, item.stage_id)]
            info = stages.info(type_id, item.stage_id, item.category_id)
            assert info is not None
            assert (info.name, info.sort, info.semantics) == (
                expected.name,
                expected.sort,
                expected.semantics,
            )
            checked += 1
    assert checked > 100
    # Non-default pipelines and SPAs really were among them.
    assert any(i.category_id for i in items(portal, 2))
    assert any(items(portal, t) for t in portal.smart_types)
    # Lead NEW and deal NEW are different rows with different names.
    assert stages.name(1, "NEW") == by_key[("STATUS", "NEW")].name
    assert stages.name(2, "NEW", 0) == by_key[("DEAL_STAGE", "NEW")].name
    assert by_key[("STATUS", "NEW")].name != by_key[("DEAL_STAGE", "NEW")].name
    await catalog.stages()
    assert await catalog.stage_name(2, "NEW", 0) == by_key[("DEAL_STAGE", "NEW")].name
    assert requests(emulator) - before == 1  # cached


@pytest.mark.asyncio
async def test_load_fetches_stages_and_pipelines_in_one_request(
    portal: DemoPortal, connection: PortalConnection, emulator: Emulator
) -> None:
    catalog = connection.catalog
    spas = sorted(portal.smart_types)
    before = requests(emulator)
    await catalog.load([1, 2, 3, 4, 7, 31, *spas])
    assert requests(emulator) - before == 1
    assert catalog.stages_known is not None
    for type_id in [2, 31, *spas]:
        expected = {
            c.id: c.name for c in portal.categories.values() if c.entity_type_id == type_id
        }
        assert await catalog.categories(type_id) == expected
        assert len(expected) >= 1
    assert len(await catalog.categories(2)) >= 2  # several deal pipelines
    assert await catalog.categories(1) == {}  # leads have no pipelines
    assert await catalog.pipelines([2, 31]) == {
        2: await catalog.categories(2),
        31: await catalog.categories(31),
    }
    assert requests(emulator) - before == 1  # all of it cached


@pytest.mark.asyncio
async def test_titles_of_companies_and_contacts(
    portal: DemoPortal, connection: PortalConnection, emulator: Emulator
) -> None:
    catalog = connection.catalog
    companies = items(portal, 4)[:60]
    contacts = items(portal, 3)[:70]
    gone = portal.table(4).next_id + 10
    before = requests(emulator)
    titles = await catalog.titles_of(
        {4: [c.id for c in companies] + [gone], 3: [c.id for c in contacts]}
    )
    # 2 + 2 pages of 50 ids share one batch.
    assert requests(emulator) - before == 1
    assert titles[4] == {c.id: c.title for c in companies}
    assert gone not in titles[4]
    expected = {c.id: " ".join(p for p in (c.name, c.last_name) if p) for c in contacts}
    assert titles[3] == {i: t for i, t in expected.items() if t}
    # Asked again, found or not: no request.
    assert await catalog.titles(4, [companies[0].id, gone]) == {
        companies[0].id: companies[0].title
    }
    assert requests(emulator) - before == 1
    assert catalog.titles_known(4)[companies[1].id] == companies[1].title


@pytest.mark.asyncio
async def test_titles_cost_one_request_per_2500_ids(
    portal: DemoPortal, connection: PortalConnection, emulator: Emulator
) -> None:
    # Ids that do not exist cost the same as real ones: the request count is what's measured.
    ids = list(range(1, TITLES_PER_REQUEST + 2))
    before = requests(emulator)
    titles = await connection.catalog.titles(3, ids)
    assert requests(emulator) - before == 2
    rows = portal.table(3).rows
    names = {
        i: " ".join(p for p in (rows[i].name, rows[i].last_name) if p) for i in ids if i in rows
    }
    assert titles == {i: n for i, n in names.items() if n}
    assert titles  # the seeded contacts among them have names
