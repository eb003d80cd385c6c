"""Quiet reassignment: REGISTER_SONET_EVENT=N through the legacy update where one exists (§7.6)."""

from __future__ import annotations

from collections import Counter

import httpx
import pytest

from desktop_handover.bitrix.client import BitrixClient
from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.limits import EmulatorConfig
from desktop_handover.emulator.seed import DemoPortal
from desktop_handover.emulator.transport import EmulatorTransport
from desktop_handover.handover.ports import ReassignGroup, ReassignOptions
from desktop_handover.handover.report import Outcome
from desktop_handover.handover.sections import (
    ACTIVITIES,
    COMPANIES,
    CONTACTS,
    DEALS,
    INVOICES,
    LEADS,
    QUOTES,
    TASKS,
    SectionSpec,
    smart_process_section,
)
from desktop_handover.services.connection import PortalConnection, open_portal
from desktop_handover.services.gateway import BitrixCrmGateway
from tests.services.portal import FAST, open_with_missing_paths, owned, owner, webhook

#: The sections with a legacy update, and its method (§7.6).
LEGACY = {
    LEADS: "crm.lead.update",
    DEALS: "crm.deal.update",
    CONTACTS: "crm.contact.update",
    COMPANIES: "crm.company.update",
    QUOTES: "crm.quote.update",
}
QUIET = ReassignOptions(register_events=False)


def every_section(portal: DemoPortal) -> list[SectionSpec]:
    spa = smart_process_section(portal.facts.smart_process_type_ids[0], "SPA")
    return [*LEGACY, INVOICES, spa, ACTIVITIES, TASKS]


def calls(emulator: Emulator) -> Counter[str]:
    return Counter(emulator.stats()["calls"])


def feed_posts(emulator: Emulator, section: SectionSpec) -> dict[int, int]:
    posts = emulator.stats()["live_feed_posts"].get(str(section.entity_type_id), {})
    return {int(item): n for item, n in posts.items()}


@pytest.mark.asyncio
@pytest.mark.parametrize("register_events", [False, True])
async def test_quiet_reassign_uses_the_legacy_update_where_it_exists(
    portal: DemoPortal,
    emulator: Emulator,
    connection: PortalConnection,
    register_events: bool,
) -> None:
    departing = portal.facts.big_book_user_id
    successor = portal.facts.successor_candidate_ids[0]
    sections = every_section(portal)
    groups = [
        ReassignGroup(section, departing, successor, owned(portal, section, departing)[:4])
        for section in sections
    ]
    before = calls(emulator)

    replies = await connection.gateway.reassign(groups, ReassignOptions(register_events))

    for group, outcomes in zip(groups, replies, strict=True):
        assert [o.outcome for o in outcomes] == [Outcome.DONE] * 4
        assert all(owner(portal, group.section, i) == successor for i in group.ids)
    spent = calls(emulator) - before
    crm_items = [s for s in sections if s.entity_type_id is not None]
    if register_events:
        # As before: crm.item.update for every CRM type, no legacy method.
        assert spent["crm.item.update"] == 4 * len(crm_items)
        assert not [m for m in LEGACY.values() if spent[m]]
        for group in groups:
            if group.section in crm_items:
                assert feed_posts(emulator, group.section) == dict.fromkeys(group.ids, 1)
    else:
        for section, method in LEGACY.items():
            assert spent[method] == 4
            assert feed_posts(emulator, section) == {}  # REGISTER_SONET_EVENT=N
        # Smart invoices and smart processes have no legacy method: crm.item.update (§7.6).
        assert spent["crm.item.update"] == 4 * 2
        for section in (INVOICES, sections[len(LEGACY) + 1]):
            assert len(feed_posts(emulator, section)) == 4
    # Activities and tasks have no such switch (§8.2, §9): the same methods either way.
    assert spent["crm.activity.update"] == 4
    assert spent["tasks.task.update"] == 4


@pytest.mark.asyncio
@pytest.mark.parametrize("literal", [False, True])
async def test_the_guard_still_protects_items_a_colleague_took(
    portal: DemoPortal, literal: bool
) -> None:
    # §3 caveat [inferred]: a missing `$result[...]` path becomes its deepest existing part or
    # literal text; neither may let the legacy update touch a wrong item.
    emulator, conn = await open_with_missing_paths(portal, literal, portal.facts.admin_user_id)
    departing = portal.facts.big_book_user_id
    successor, colleague = portal.facts.successor_candidate_ids[:2]
    deals = owned(portal, DEALS, departing)[:4]
    contacts = owned(portal, CONTACTS, departing)[:3]
    portal.reassign_item(portal.table(2).rows[deals[1]], colleague)
    portal.reassign_item(portal.table(2).rows[deals[3]], colleague)
    snapshot = emulator.snapshot()
    try:
        deal_outcomes, contact_outcomes = await conn.gateway.reassign(
            [
                ReassignGroup(DEALS, departing, successor, deals),
                ReassignGroup(CONTACTS, departing, successor, contacts),
            ],
            QUIET,
        )
    finally:
        await conn.aclose()

    assert [o.outcome for o in deal_outcomes] == [
        Outcome.DONE,
        Outcome.UNKNOWN,
        Outcome.DONE,
        Outcome.UNKNOWN,
    ]
    assert [o.outcome for o in contact_outcomes] == [Outcome.DONE] * 3
    after = emulator.snapshot()
    changed = {
        (kind, int(item)): after[kind][item]
        for kind in after
        for item in after[kind]
        if after[kind][item] != snapshot[kind][item]
    }
    assert changed == {
        ("2", deals[0]): successor,
        ("2", deals[2]): successor,
        **{("3", c): successor for c in contacts},
    }
    assert emulator.stats()["live_feed_posts"] == {}


@pytest.mark.asyncio
async def test_a_legacy_refusal_comes_back_failed_with_a_code(portal: DemoPortal) -> None:
    # The legacy update fails with an empty code (§2.3); the outcome still names the cause.
    emulator = Emulator(
        portal,
        EmulatorConfig(burst=10_000, rate=10_000.0, switches={"reject_inactive_assignee": True}),
    )
    conn = await open_portal(
        webhook(portal, portal.facts.admin_user_id),
        transport=EmulatorTransport(emulator),
        limits=FAST,
    )
    departing = portal.facts.big_book_user_id
    dismissed = portal.facts.dismissed_with_items[0]
    deals = owned(portal, DEALS, departing)[:3]
    try:
        [outcomes] = await conn.gateway.reassign(
            [ReassignGroup(DEALS, departing, dismissed, deals)], QUIET
        )
    finally:
        await conn.aclose()
    assert [o.outcome for o in outcomes] == [Outcome.FAILED] * 3
    assert {o.error for o in outcomes} == {"NOT_FOUND"}  # "Responsible user is not found."
    assert all(owner(portal, DEALS, d) == departing for d in deals)
    assert emulator.stats()["calls"]["crm.deal.update"] == 3


@pytest.mark.asyncio
async def test_access_denied_on_a_legacy_update_is_failed_access_denied() -> None:
    # A limited webhook may list a deal and still not change it (§7.6 "Access denied.", empty
    # code). The emulator lets whoever reads also write, so a canned portal reply plays it.
    sent: list[str] = []

    def portal_reply(request: httpx.Request) -> httpx.Response:
        sent.append(request.content.decode())
        return httpx.Response(
            200,
            json={
                "result": {
                    "result": {"g0": {"items": [{"id": 5}, {"id": 6}]}, "u0_1": True},
                    "result_error": {"u0_0": {"error": "", "error_description": "Access denied."}},
                    "result_total": [],
                    "result_next": [],
                    "result_time": [],
                }
            },
        )

    client = BitrixClient.from_webhook(
        "https://acme.bitrix24.pl/rest/7/s3cr3tvalue/",
        transport=httpx.MockTransport(portal_reply),
        limits=FAST,
    )
    try:
        [outcomes] = await BitrixCrmGateway(client).reassign(
            [ReassignGroup(DEALS, 22, 7, [5, 6])], QUIET
        )
    finally:
        await client.aclose()
    assert [(o.item_id, o.outcome, o.error) for o in outcomes] == [
        (5, Outcome.FAILED, "ACCESS_DENIED"),
        (6, Outcome.DONE, None),
    ]
    (body,) = sent
    assert "crm.deal.update" in body
    assert "REGISTER_SONET_EVENT" in body
    assert "crm.item.update" not in body


@pytest.mark.asyncio
@pytest.mark.parametrize("literal", [False, True])
@pytest.mark.parametrize("options", [QUIET, ReassignOptions()])
async def test_legacy_proxies_never_update_record_1_when_a_guard_comes_back_short(
    portal: DemoPortal, literal: bool, options: ReassignOptions
) -> None:
    # Legacy proxies (legacy crm.<type>.update, crm.activity.update) read the id with PHP
    # intval(): a whole-value reference past the guard's rows becomes the row array (§4),
    # which intval() reads as 1. Record #1 exists here and belongs to someone else.
    emulator, conn = await open_with_missing_paths(portal, literal, portal.facts.admin_user_id)
    departing = portal.facts.big_book_user_id
    successor, colleague = portal.facts.successor_candidate_ids[:2]
    deals = owned(portal, DEALS, departing)[:3]
    activities = owned(portal, ACTIVITIES, departing)[:3]
    assert 1 not in deals
    assert 1 not in activities
    portal.reassign_item(portal.table(2).rows[deals[0]], colleague)
    portal.reassign_activity(portal.activities.rows[activities[0]], colleague)
    snapshot = emulator.snapshot()
    try:
        await conn.gateway.reassign(
            [
                ReassignGroup(DEALS, departing, successor, deals),
                ReassignGroup(ACTIVITIES, departing, successor, activities),
            ],
            options,
        )
    finally:
        await conn.aclose()
    after = emulator.snapshot()
    changed = {
        (kind, int(item))
        for kind in after
        for item in after[kind]
        if after[kind][item] != snapshot[kind][item]
    }
    assert changed == {("2", d) for d in deals[1:]} | {("activity", a) for a in activities[1:]}
