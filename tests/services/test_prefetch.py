"""Setup data in the connection check's batch: one request, the same answers, fresh users."""

from __future__ import annotations

import json
from collections import Counter

import httpx
import pytest

from desktop_handover.bitrix.client import BitrixClient
from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.limits import EmulatorConfig
from desktop_handover.emulator.seed import DemoPortal
from desktop_handover.emulator.state import Webhook
from desktop_handover.emulator.transport import EmulatorTransport
from desktop_handover.handover.engine import check, list_all
from desktop_handover.handover.overview import discover_all_sections
from desktop_handover.handover.plan import (
    HandoverPlan,
    PlanError,
    RefusalCode,
    SectionPlan,
    Single,
)
from desktop_handover.handover.sections import DEALS, INVOICES, smart_process_section
from desktop_handover.handover.selection import AllMatching, SectionFilter
from desktop_handover.services.connection import (
    ConnectionCheck,
    ConnectionProblem,
    check_connection,
    open_portal,
)
from desktop_handover.services.gateway import BitrixCrmGateway
from desktop_handover.services.prefetch import SETUP_USER_PAGES, Prefetch, StageCatalogue
from tests.services.portal import FAST, webhook

pytestmark = pytest.mark.asyncio


def http_requests(emulator: Emulator) -> int:
    return int(emulator.stats()["http_requests"])


def calls(emulator: Emulator) -> Counter[str]:
    return Counter(emulator.stats()["calls"])


async def checked(
    portal: DemoPortal, emulator: Emulator, user_pages: int = SETUP_USER_PAGES
) -> ConnectionCheck:
    return await check_connection(
        webhook(portal, portal.facts.admin_user_id),
        transport=EmulatorTransport(emulator),
        limits=FAST,
        prefetch=True,
        user_pages=user_pages,
    )


def closed_stages(portal: DemoPortal, prefix: str) -> frozenset[str]:
    """The S/F stages of one type, straight from the emulator's state."""
    return frozenset(
        s.status_id
        for s in portal.stages
        if s.entity_id.startswith(prefix) and s.semantics in ("S", "F")
    )


async def test_the_check_brings_the_setup_in_its_one_request(
    portal: DemoPortal, emulator: Emulator
) -> None:
    result = await checked(portal, emulator)

    assert result.ok
    assert http_requests(emulator) == 1
    setup = result.prefetch
    assert setup is not None
    assert setup.host == "127.0.0.1"
    # The same answers as a gateway that asks for each of them itself.
    conn = await open_portal(
        webhook(portal, portal.facts.admin_user_id),
        transport=EmulatorTransport(emulator),
        limits=FAST,
    )
    try:
        users = list(await conn.gateway.list_users())
        assert setup.users is not None
        assert list(setup.users) == users
        assert len(users) > 50  # so the setup read more than one user page
        assert setup.me == conn.me
        assert setup.smart_processes is not None
        assert list(setup.smart_processes) == list(await conn.gateway.discover_sections())
        assert [s.entity_type_id for s in setup.smart_processes] == list(
            portal.facts.smart_process_type_ids
        )
    finally:
        await conn.aclose()
    assert setup.departments == {d.id: d.name for d in portal.departments.values()}
    assert setup.stages is not None
    assert setup.stages.closed_for(31) == closed_stages(portal, "SMART_INVOICE_STAGE_")
    assert setup.stages.closed_for(31)
    for type_id in portal.facts.smart_process_type_ids:
        expected = closed_stages(portal, f"DYNAMIC_{type_id}_STAGE_")
        assert setup.stages.closed_for(type_id) == expected


async def test_a_command_s_setup_and_planning_cost_one_request(
    portal: DemoPortal, emulator: Emulator
) -> None:
    # What `desktop-handover-cli handover` does before its first listing: check, open,
    # discover sections, list users, and the engine's check (§4: one batch, one request).
    result = await checked(portal, emulator)
    conn = await open_portal(
        webhook(portal, portal.facts.admin_user_id),
        transport=EmulatorTransport(emulator),
        limits=FAST,
        prefetch=result.prefetch,
        fresh_for=30.0,
    )
    try:
        gateway = conn.gateway
        sections = await discover_all_sections(gateway)
        users = await gateway.list_users()
        departing = portal.facts.departing_active_user_id
        plan = HandoverPlan(
            departing_user_id=departing,
            sections=tuple(
                SectionPlan(
                    s,
                    AllMatching(
                        SectionFilter.OPEN if s.supports_open_closed else SectionFilter.ALL
                    ),
                )
                for s in sections
            ),
            rule=Single(portal.facts.successor_candidate_ids[0]),
        )
        assert list(await check(plan, gateway)) == list(users)
        assert http_requests(emulator) == 1
        spent = calls(emulator)
        for method in ("user.current", "department.get", "crm.type.list", "crm.status.list"):
            assert spent[method] == 1, method

        # Open items of invoices and smart processes need the stage catalogue: it came along.
        catalogued = [s for s in sections if s.key == INVOICES.key or s.is_smart_process]
        assert len(catalogued) >= 2
        for section in catalogued:
            before = http_requests(emulator)
            items = await list_all(gateway, section, departing, SectionFilter.OPEN)
            assert http_requests(emulator) - before == 1  # the listing only
            assert all(item.closed is False for item in items)
        assert calls(emulator)["crm.status.list"] == 1
    finally:
        await conn.aclose()


async def test_more_users_than_the_batch_holds_cost_one_more_request(
    portal: DemoPortal, emulator: Emulator
) -> None:
    result = await checked(portal, emulator, user_pages=1)

    assert http_requests(emulator) == 2
    assert result.prefetch is not None
    assert result.prefetch.users is not None
    conn = await open_portal(
        webhook(portal, portal.facts.admin_user_id),
        transport=EmulatorTransport(emulator),
        limits=FAST,
    )
    try:
        assert list(result.prefetch.users) == list(await conn.gateway.list_users())
    finally:
        await conn.aclose()


async def test_a_stale_user_list_is_listed_again_and_shows_a_dismissal(
    portal: DemoPortal, emulator: Emulator
) -> None:
    result = await checked(portal, emulator)
    assert result.prefetch is not None
    colleague = portal.facts.successor_candidate_ids[0]
    now = result.prefetch.fetched_at
    client = BitrixClient.from_webhook(
        webhook(portal, portal.facts.admin_user_id),
        transport=EmulatorTransport(emulator),
        limits=FAST,
    )
    gateway = BitrixCrmGateway(client, prefetch=result.prefetch, fresh_for=30.0, clock=lambda: now)
    try:
        portal.users[colleague].active = False  # dismissed in the portal meanwhile
        before = http_requests(emulator)
        now += 29.0
        fresh = {u.id: u for u in await gateway.list_users()}
        assert fresh[colleague].active  # the list of 29 s ago answers
        assert http_requests(emulator) == before

        now += 2.0
        listed = {u.id: u for u in await gateway.list_users()}
        assert not listed[colleague].active
        assert http_requests(emulator) > before
    finally:
        await client.aclose()


async def test_by_default_every_user_list_is_new(portal: DemoPortal, emulator: Emulator) -> None:
    # The app's long sessions: a check before a run must see who was dismissed since.
    result = await checked(portal, emulator)
    colleague = portal.facts.successor_candidate_ids[0]
    conn = await open_portal(
        webhook(portal, portal.facts.admin_user_id),
        transport=EmulatorTransport(emulator),
        limits=FAST,
        prefetch=result.prefetch,
    )
    try:
        assert http_requests(emulator) == 1  # the webhook's user came with the check
        portal.users[colleague].active = False
        before = http_requests(emulator)
        plan = HandoverPlan(
            departing_user_id=portal.facts.departing_active_user_id,
            sections=(SectionPlan(DEALS, AllMatching()),),
            rule=Single(colleague),
        )
        with pytest.raises(PlanError) as refused:
            await check(plan, conn.gateway)
        assert refused.value.code is RefusalCode.SUCCESSOR_DISMISSED
        assert refused.value.params["user_id"] == colleague
        assert http_requests(emulator) > before
    finally:
        await conn.aclose()


async def test_setup_commands_of_missing_scopes_fail_on_their_own(portal: DemoPortal) -> None:
    portal.webhooks.append(
        Webhook(user_id=2, secret="nocrmhook1234567", scopes=frozenset({"user", "department"}))
    )
    emulator = Emulator(portal, EmulatorConfig(burst=10_000, rate=10_000.0))
    result = await check_connection(
        "http://127.0.0.1/rest/2/nocrmhook1234567/",
        transport=EmulatorTransport(emulator),
        limits=FAST,
        prefetch=True,
    )

    assert result.problem is ConnectionProblem.MISSING_SCOPES
    assert "crm" in result.missing_scopes
    assert http_requests(emulator) == 1
    setup = result.prefetch
    assert setup is not None
    assert setup.smart_processes is None
    assert setup.stages is None
    assert setup.users is not None
    assert setup.me is not None
    assert setup.me.id == 2


async def test_the_setup_of_another_portal_is_not_used(
    portal: DemoPortal, emulator: Emulator
) -> None:
    stranger = Prefetch(host="elsewhere.bitrix24.pl", fetched_at=0.0, stages=StageCatalogue())
    conn = await open_portal(
        webhook(portal, portal.facts.admin_user_id),
        transport=EmulatorTransport(emulator),
        limits=FAST,
        prefetch=stranger,
        fresh_for=1e9,
    )
    try:
        assert conn.me.id == portal.facts.admin_user_id
        assert calls(emulator)["user.current"] == 1
    finally:
        await conn.aclose()


async def test_one_stage_catalogue_serves_every_type(
    portal: DemoPortal, emulator: Emulator
) -> None:
    conn = await open_portal(
        webhook(portal, portal.facts.admin_user_id),
        transport=EmulatorTransport(emulator),
        limits=FAST,
    )
    try:
        departing = portal.facts.departing_active_user_id
        sections = [
            INVOICES,
            *(smart_process_section(t, f"#{t}") for t in portal.facts.smart_process_type_ids),
        ]
        for section in sections:
            closed = await list_all(conn.gateway, section, departing, SectionFilter.CLOSED)
            assert all(item.closed for item in closed)
        assert calls(emulator)["crm.status.list"] == 1
    finally:
        await conn.aclose()


async def test_a_read_batch_resends_commands_that_failed_for_a_passing_reason(
    portal: DemoPortal, emulator: Emulator
) -> None:
    inner = EmulatorTransport(emulator)
    armed = False
    failures = 0

    async def first_command_fails_once(request: httpx.Request) -> httpx.Response:
        nonlocal failures
        response = await inner.handle_async_request(request)
        if not armed or not request.url.path.endswith("/batch") or failures:
            return response
        # The portal's time ran short for one command inside the batch (§4, §5.2).
        failures += 1
        document = json.loads(await response.aread())
        key = next(iter(document["result"]["result"]))
        del document["result"]["result"][key]
        document["result"]["result_error"] = {
            key: {"error": "INTERNAL_SERVER_ERROR", "error_description": "Internal error"}
        }
        return httpx.Response(200, json=document)

    departing = portal.facts.departing_active_user_id
    requests = [(DEALS, departing, SectionFilter.ALL), (INVOICES, departing, SectionFilter.ALL)]
    client = BitrixClient.from_webhook(
        webhook(portal, portal.facts.admin_user_id),
        transport=httpx.MockTransport(first_command_fails_once),
        limits=FAST,
    )
    try:
        gateway = BitrixCrmGateway(client)
        expected = [await list_all(gateway, s, o, f) for s, o, f in requests]
        before = http_requests(emulator)
        armed = True
        pages = await gateway.first_pages(requests)
    finally:
        await client.aclose()

    assert failures == 1
    assert http_requests(emulator) - before == 2  # the batch, and the failed command again
    assert [list(p.items) for p in pages] == [items[:50] for items in expected]


async def test_a_setup_command_that_failed_is_asked_for_later_not_resent(
    portal: DemoPortal, emulator: Emulator
) -> None:
    inner = EmulatorTransport(emulator)

    async def smart_processes_fail(request: httpx.Request) -> httpx.Response:
        response = await inner.handle_async_request(request)
        if not request.url.path.endswith("/batch"):
            return response
        document = json.loads(await response.aread())
        results = document["result"]["result"]
        if "setup_types" in results:
            # A passing failure of one setup command (§4): the check itself is fine.
            del results["setup_types"]
            document["result"]["result_error"] = {
                "setup_types": {"error": "INTERNAL_SERVER_ERROR", "error_description": "x"}
            }
        return httpx.Response(200, json=document)

    url = webhook(portal, portal.facts.admin_user_id)
    transport = httpx.MockTransport(smart_processes_fail)
    result = await check_connection(url, transport=transport, limits=FAST, prefetch=True)

    assert result.ok
    assert http_requests(emulator) == 1  # not sent again for a setup command
    assert result.prefetch is not None
    assert result.prefetch.smart_processes is None
    assert result.prefetch.users is not None
    conn = await open_portal(
        url, transport=transport, limits=FAST, prefetch=result.prefetch, fresh_for=30.0
    )
    try:
        sections = await conn.gateway.discover_sections()
        assert [s.entity_type_id for s in sections] == list(portal.facts.smart_process_type_ids)
        assert http_requests(emulator) == 2  # crm.type.list, asked when it was needed
        await conn.gateway.list_users()
        assert http_requests(emulator) == 2
    finally:
        await conn.aclose()
