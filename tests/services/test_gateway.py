"""BitrixCrmGateway against the emulated portal: the real client over the in-process door."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from desktop_handover.bitrix.client import BitrixClient
from desktop_handover.bitrix.errors import RetryBudgetExhausted, TransportError
from desktop_handover.bitrix.ratelimit import RetryPolicy
from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.limits import EmulatorConfig, FaultSpec
from desktop_handover.emulator.seed import DemoPortal
from desktop_handover.emulator.state import Activity, CrmItem
from desktop_handover.emulator.transport import EmulatorTransport
from desktop_handover.handover.engine import run_handover, undo_run, verify_run
from desktop_handover.handover.journal import Journal
from desktop_handover.handover.plan import EvenSplit, HandoverPlan, SectionPlan, Single
from desktop_handover.handover.ports import HandoverSummary, ReassignGroup, ReassignOptions
from desktop_handover.handover.report import Outcome
from desktop_handover.handover.sections import (
    ACTIVITIES,
    CONTACTS,
    DEALS,
    INVOICES,
    QUOTES,
    TASKS,
    SectionSpec,
    all_sections,
)
from desktop_handover.handover.selection import AllMatching, Explicit, SectionFilter
from desktop_handover.services.connection import PortalConnection, open_portal
from desktop_handover.services.gateway import BitrixCrmGateway
from desktop_handover.services.wire_helpers import gateway_error
from tests.services.portal import FAST, open_with_missing_paths, owned, owner, record, webhook


@pytest.mark.asyncio
@pytest.mark.parametrize("section", [DEALS, CONTACTS, INVOICES, ACTIVITIES, TASKS])
async def test_list_items_returns_exactly_the_owners_items(
    portal: DemoPortal, connection: PortalConnection, section: SectionSpec
) -> None:
    user = portal.facts.big_book_user_id
    listed = [
        ref
        async for page in connection.gateway.list_items(section, user, SectionFilter.ALL)
        for ref in page
    ]
    assert [r.id for r in listed] == owned(portal, section, user)
    assert {r.owner_id for r in listed} == {user}
    assert all(r.section == section.key for r in listed)


@pytest.mark.asyncio
@pytest.mark.parametrize("section", [DEALS, QUOTES, INVOICES, ACTIVITIES, TASKS])
async def test_open_and_closed_filters_partition_the_section(
    portal: DemoPortal, connection: PortalConnection, section: SectionSpec
) -> None:
    user = portal.facts.big_book_user_id
    gateway = connection.gateway

    async def ids(section_filter: SectionFilter) -> list[int]:
        return [
            r.id
            async for page in gateway.list_items(section, user, section_filter)
            for r in page
            if r.closed is (section_filter is SectionFilter.CLOSED)
            or section_filter is SectionFilter.ALL
        ]

    open_ids, closed_ids = await ids(SectionFilter.OPEN), await ids(SectionFilter.CLOSED)
    assert open_ids
    assert closed_ids
    assert sorted(open_ids + closed_ids) == owned(portal, section, user)


@pytest.mark.asyncio
async def test_deal_refs_carry_links_and_stage_facts(
    portal: DemoPortal, connection: PortalConnection
) -> None:
    user = portal.facts.big_book_user_id
    refs = [
        r
        async for page in connection.gateway.list_items(DEALS, user, SectionFilter.ALL)
        for r in page
    ]
    for ref in refs:
        deal = portal.table(2).rows[ref.id]
        assert ref.title == deal.title
        assert ref.company_id == deal.company_id
        assert ref.contact_ids == tuple(deal.contact_ids)
        assert ref.category_id == deal.category_id
        assert ref.closed is (portal.stage_semantics(deal.stage_id) != "P")


@pytest.mark.asyncio
@pytest.mark.parametrize("section", [DEALS, ACTIVITIES, TASKS])
async def test_reassign_moves_only_items_still_owned_and_reports_the_rest(
    portal: DemoPortal,
    emulator: Emulator,
    connection: PortalConnection,
    section: SectionSpec,
) -> None:
    departing = portal.facts.big_book_user_id
    successor, other = portal.facts.successor_candidate_ids[:2]
    ids = owned(portal, section, departing)[:5]
    # Someone else took one item between our listing and our update.
    taken = record(portal, section, ids[1])
    if isinstance(taken, CrmItem):
        portal.reassign_item(taken, other)
    elif isinstance(taken, Activity):
        portal.reassign_activity(taken, other)
    else:
        portal.reassign_task(taken, other)
    missing_id = 9_999_999
    before = emulator.stats()["http_requests"]

    [outcomes] = await connection.gateway.reassign(
        [ReassignGroup(section, departing, successor, [*ids, missing_id])], ReassignOptions()
    )

    by_id = {o.item_id: o for o in outcomes}
    assert [o.item_id for o in outcomes] == [*ids, missing_id]
    for item_id in (ids[0], *ids[2:]):
        assert by_id[item_id].outcome is Outcome.DONE
        assert owner(portal, section, item_id) == successor
    # The guard only says "not the departing user's any more": the engine settles these.
    assert by_id[ids[1]].outcome is Outcome.UNKNOWN
    assert owner(portal, section, ids[1]) == other  # never overwritten
    assert by_id[missing_id].outcome is Outcome.UNKNOWN
    assert emulator.stats()["http_requests"] - before == 1
    [owners] = await connection.gateway.owners_many([(section, [ids[1], missing_id])])
    assert owners == {ids[1]: other}


@pytest.mark.asyncio
async def test_groups_of_several_sections_and_successors_go_in_one_batch(
    portal: DemoPortal, emulator: Emulator, connection: PortalConnection
) -> None:
    departing = portal.facts.big_book_user_id
    successor, other, colleague = portal.facts.successor_candidate_ids[:3]
    deals = owned(portal, DEALS, departing)[:10]
    contacts = owned(portal, CONTACTS, departing)[:10]
    tasks = owned(portal, TASKS, departing)[:5]
    # A colleague took one deal and one task after our listing.
    portal.reassign_item(portal.table(2).rows[deals[3]], colleague)
    portal.reassign_task(portal.tasks.rows[tasks[0]], colleague)
    groups = [
        ReassignGroup(DEALS, departing, successor, deals[:5]),
        ReassignGroup(DEALS, departing, other, deals[5:]),
        ReassignGroup(CONTACTS, departing, successor, contacts),
        ReassignGroup(TASKS, departing, other, tasks),
    ]
    before = emulator.stats()["http_requests"]

    replies = await connection.gateway.reassign(groups, ReassignOptions())

    # 4 guards + 30 updates in one batch; the two taken items are left to be settled.
    assert emulator.stats()["http_requests"] - before == 1
    for group, outcomes in zip(groups, replies, strict=True):
        assert [o.item_id for o in outcomes] == list(group.ids)
        for o in outcomes:
            if o.item_id in (deals[3], tasks[0]) and group.section in (DEALS, TASKS):
                assert o.outcome is Outcome.UNKNOWN
                assert owner(portal, group.section, o.item_id) == colleague
            else:
                assert o.outcome is Outcome.DONE
                assert owner(portal, group.section, o.item_id) == group.to_user


@pytest.mark.asyncio
async def test_commands_that_fail_temporarily_come_back_pending_and_unapplied(
    portal: DemoPortal,
) -> None:
    emulator = Emulator(
        portal,
        EmulatorConfig(
            burst=10_000,
            rate=10_000.0,
            faults=FaultSpec.parse("item_error=0.3"),
            fault_seed=7,
        ),
    )
    conn = await open_portal(
        webhook(portal, portal.facts.admin_user_id),
        transport=EmulatorTransport(emulator),
        limits=FAST,
    )
    departing = portal.facts.big_book_user_id
    successor = portal.facts.successor_candidate_ids[0]
    deals = owned(portal, DEALS, departing)[:24]
    contacts = owned(portal, CONTACTS, departing)[:24]
    try:
        replies = await conn.gateway.reassign(
            [
                ReassignGroup(DEALS, departing, successor, deals),
                ReassignGroup(CONTACTS, departing, successor, contacts),
            ],
            ReassignOptions(),
        )
    finally:
        await conn.aclose()
    seen = {o.outcome for outcomes in replies for o in outcomes}
    assert seen == {Outcome.DONE, Outcome.PENDING}  # the seed hits some commands, not all
    for section, outcomes in zip((DEALS, CONTACTS), replies, strict=True):
        for o in outcomes:
            if o.outcome is Outcome.PENDING:
                assert o.error == "INTERNAL_SERVER_ERROR"
                assert owner(portal, section, o.item_id) == departing  # not applied
            else:
                assert owner(portal, section, o.item_id) == successor


@pytest.mark.asyncio
@pytest.mark.parametrize("literal", [False, True])
async def test_guard_is_safe_whichever_way_the_portal_substitutes_missing_paths(
    portal: DemoPortal, literal: bool
) -> None:
    # §3 caveat [inferred]: a `$result[...]` path that does not exist is replaced by its
    # deepest existing part, or left as literal text. Neither may update a wrong item.
    emulator, conn = await open_with_missing_paths(portal, literal, 1)
    departing = portal.facts.big_book_user_id
    successor = portal.facts.successor_candidate_ids[0]
    ids = owned(portal, DEALS, departing)[:4]
    for item_id in ids[1:]:
        portal.reassign_item(portal.table(2).rows[item_id], successor)
    snapshot = emulator.snapshot()

    [outcomes] = await conn.gateway.reassign(
        [ReassignGroup(DEALS, departing, successor, ids)], ReassignOptions()
    )
    await conn.aclose()

    # Items the guard did not list are left for the engine to settle, never updated.
    assert [o.outcome for o in outcomes] == [
        Outcome.DONE,
        Outcome.UNKNOWN,
        Outcome.UNKNOWN,
        Outcome.UNKNOWN,
    ]
    after = emulator.snapshot()
    changed = {
        (kind, item)
        for kind in after
        for item in after[kind]
        if after[kind][item] != snapshot[kind][item]
    }
    assert changed == {("2", str(ids[0]))}


@pytest.mark.asyncio
async def test_users_sections_counts_and_owners(
    portal: DemoPortal, connection: PortalConnection
) -> None:
    gateway = connection.gateway
    users = {u.id: u for u in await gateway.list_users()}
    assert set(users) >= set(portal.users) - set(portal.facts.extranet_user_ids)
    for user_id in portal.facts.dismissed_with_items:
        assert users[user_id].active is False
    admin = users[portal.facts.admin_user_id]
    assert admin.active
    assert admin.departments  # department names resolved
    assert connection.me.id == portal.facts.admin_user_id

    spas = await gateway.discover_sections()
    assert [s.entity_type_id for s in spas] == list(portal.facts.smart_process_type_ids)
    sections = all_sections(list(spas))

    user = portal.facts.big_book_user_id
    counts = await gateway.count_owned(user, sections)
    assert counts == {s.key: len(owned(portal, s, user)) for s in sections}

    ids = owned(portal, CONTACTS, user)[:120]
    owners = await gateway.owners_of(CONTACTS, [*ids, 9_999_999])
    assert owners == dict.fromkeys(ids, user)


@pytest.mark.asyncio
async def test_comments_notice_and_dismissal_reach_the_portal(
    portal: DemoPortal, connection: PortalConnection
) -> None:
    gateway = connection.gateway
    departing = portal.facts.departing_active_user_id
    successor = portal.facts.successor_candidate_ids[0]
    ids = owned(portal, DEALS, departing)[:3]
    outcomes = await gateway.add_comments(DEALS, departing, successor, ids)
    assert [o.outcome for o in outcomes] == [Outcome.DONE] * 3
    notes = [c for c in portal.comments if c.entity_type == "deal"]
    assert sorted(c.entity_id for c in notes) == sorted(ids)
    departing_name = f"{portal.users[departing].name} {portal.users[departing].last_name}"
    assert all(departing_name in c.comment for c in notes)

    await gateway.notify(HandoverSummary(successor, departing, {"deals": 3}))
    assert portal.notifications[-1].to_user_id == successor
    assert "deals: 3" in portal.notifications[-1].message

    await gateway.dismiss_user(departing)
    assert portal.users[departing].active is False


@pytest.mark.asyncio
async def test_engine_run_through_the_gateway_moves_exactly_the_plan(
    portal: DemoPortal, emulator: Emulator, connection: PortalConnection, tmp_path: Path
) -> None:
    departing = portal.facts.big_book_user_id
    first, second = portal.facts.successor_candidate_ids[:2]
    deals = owned(portal, DEALS, departing)
    contacts = owned(portal, CONTACTS, departing)
    picked_deals = frozenset(deals[:7])
    excluded_contact = contacts[3]
    before = emulator.snapshot()
    plan = HandoverPlan(
        departing_user_id=departing,
        sections=(
            SectionPlan(DEALS, Explicit(picked_deals), Single(first)),
            SectionPlan(CONTACTS, AllMatching(SectionFilter.ALL, frozenset({excluded_contact}))),
        ),
        rule=EvenSplit((first, second)),
    )
    with Journal(tmp_path / "journal.sqlite3") as journal:
        report = await run_handover(plan, connection.gateway, journal, pacing=connection.pacing)
        assert report.total(Outcome.DONE) == len(picked_deals) + len(contacts) - 1
        assert report.residue_total == 0
        after = emulator.snapshot()
        changed = {
            (kind, int(item)): after[kind][item]
            for kind in after
            for item in after[kind]
            if after[kind][item] != before[kind][item]
        }
        expected_deals = {("2", d): first for d in picked_deals}
        moved_contacts = {k: v for k, v in changed.items() if k[0] == "3"}
        assert {k: v for k, v in changed.items() if k[0] == "2"} == expected_deals
        assert set(moved_contacts) == {("3", c) for c in contacts if c != excluded_contact}
        assert set(moved_contacts.values()) == {first, second}
        assert set(changed) == set(expected_deals) | set(moved_contacts)  # nothing else moved

        assert await verify_run(report.run_id, connection.gateway, journal) == {
            "deals": (),
            "contacts": (),
        }
        undo = await undo_run(report.run_id, connection.gateway, journal)
        assert undo.total(Outcome.DONE) == report.total(Outcome.DONE)
        assert emulator.snapshot() == before


def test_exhausted_retries_map_to_the_error_that_kept_failing() -> None:
    lost = TransportError("READ_ERROR", "reply lost", method="batch", host="acme.bitrix24.pl")
    error = gateway_error(RetryBudgetExhausted(last_error=lost, retries=50))
    assert error.code == "NETWORK_ERROR"
    assert "acme.bitrix24.pl" in str(error)


@pytest.mark.asyncio
async def test_items_a_lost_first_send_moved_are_unknown_never_skipped(
    portal: DemoPortal,
) -> None:
    # After a lost reply and a resend, the guard no longer lists items our first send moved.
    # The gateway must not call them skipped (the engine settles them by their owners), and
    # it spends no request of its own on them (the transport would fail the second one).
    emulator = Emulator(portal, EmulatorConfig(burst=10_000, rate=10_000.0))
    inner = EmulatorTransport(emulator)
    calls = 0

    async def second_request_fails(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls >= 2:
            raise httpx.ConnectError("network down", request=request)
        return await inner.handle_async_request(request)

    client = BitrixClient.from_webhook(
        webhook(portal, 1),
        transport=httpx.MockTransport(second_request_fails),
        limits=FAST,
        retry=RetryPolicy(budget=0),
    )
    gateway = BitrixCrmGateway(client)
    departing = portal.facts.big_book_user_id
    successor = portal.facts.successor_candidate_ids[0]
    ids = owned(portal, DEALS, departing)[:3]
    portal.reassign_item(portal.table(2).rows[ids[0]], successor)  # "our lost first send"
    [outcomes] = await gateway.reassign(
        [ReassignGroup(DEALS, departing, successor, ids)], ReassignOptions()
    )
    await client.aclose()
    assert [o.outcome for o in outcomes] == [Outcome.UNKNOWN, Outcome.DONE, Outcome.DONE]


@pytest.mark.asyncio
async def test_contact_refs_are_titled_by_name_and_last_name(
    portal: DemoPortal, connection: PortalConnection
) -> None:
    user = portal.facts.big_book_user_id
    contacts = portal.table(3).rows
    # Contacts with a first name only, a last name only and neither read as well as both.
    some = owned(portal, CONTACTS, user)[:3]
    contacts[some[0]].last_name = None
    contacts[some[1]].name = None
    contacts[some[2]].name = contacts[some[2]].last_name = None
    refs = [
        r
        async for page in connection.gateway.list_items(CONTACTS, user, SectionFilter.ALL)
        for r in page
    ]
    assert len(refs) > 100
    for ref in refs:
        contact = contacts[ref.id]
        assert ref.title == " ".join(p for p in (contact.name, contact.last_name) if p)
        assert ref.company_id == (contact.company_id or None)
        assert ref.contact_ids == ()
        assert ref.closed is None  # contacts have no stages
    assert [r.title for r in refs if r.id in some] == [
        contacts[some[0]].name,
        contacts[some[1]].last_name,
        "",
    ]
