"""Tests of the demo-data generator: determinism, volumes, ownership, links, catalogue, secrets."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import subprocess
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest

from desktop_handover.emulator import seed
from desktop_handover.emulator.seed import (
    ADVERSARIAL_TITLES,
    BASE_DATE,
    DemoFacts,
    DemoPortal,
    build_portal,
    demo_facts,
)
from desktop_handover.emulator.state import (
    COMPANY,
    CONTACT,
    DEAL,
    LEAD,
    QUOTE,
    SMART_INVOICE,
    CrmItem,
    Portal,
)

REPO = Path(__file__).resolve().parents[2]
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
PL_LETTERS = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
# UF_CRM_TASK prefixes (bitrix24-api.md §7.1 abbreviations), SPA ones as T<hex id>.
UF_TYPES = {"L": LEAD, "D": DEAL, "C": CONTACT, "CO": COMPANY, "T80": 128, "T40c": 1036}


def digest(portal: Portal) -> str:
    """A fingerprint of everything the generator produces (scopes sorted: sets have no order)."""
    h = hashlib.sha256()

    def put(value: object) -> None:
        h.update(repr(value).encode())
        h.update(b"\n")

    for user in portal.users.values():
        put(user)
    for dept in portal.departments.values():
        put(dept)
    for hook in portal.webhooks:
        put((hook.user_id, hook.secret, sorted(hook.scopes)))
    for spa in portal.smart_types.values():
        put(spa)
    for cat in portal.categories.values():
        put(cat)
    for stage in portal.stages:
        put(stage)
    for etype in sorted(portal.items):
        for item in portal.items[etype]:
            put(item)
    for activity in portal.activities:
        put(activity)
    for task in portal.tasks:
        put(task)
    put(demo_facts(portal))
    return h.hexdigest()


@pytest.fixture(scope="module")
def portal() -> DemoPortal:
    # Read-only for every test below; building it takes ~50 ms.
    return build_portal(1, "small")


@pytest.fixture(scope="module")
def facts(portal: DemoPortal) -> DemoFacts:
    return demo_facts(portal)


def records_of(portal: Portal, user_id: int) -> dict[str, int]:
    """How many records of each section `user_id` is responsible for, by full scan."""
    counts: Counter[str] = Counter()
    for etype, table in portal.items.items():
        counts[str(etype)] += sum(1 for item in table if item.assigned_by_id == user_id)
    counts["activity"] = sum(1 for a in portal.activities if a.responsible_id == user_id)
    counts["task"] = sum(1 for t in portal.tasks if t.responsible_id == user_id)
    return dict(counts)


def total_records(portal: Portal) -> int:
    return sum(len(t) for t in portal.items.values()) + len(portal.activities) + len(portal.tasks)


# --- determinism --------------------------------------------------------------------------------


def test_same_seed_and_scale_build_the_same_portal(portal: DemoPortal) -> None:
    assert digest(build_portal(1, "small")) == digest(portal)


def test_another_seed_builds_another_portal(portal: DemoPortal) -> None:
    other = build_portal(2, "small")
    assert digest(other) != digest(portal)
    assert [h.secret for h in other.webhooks] != [h.secret for h in portal.webhooks]


def test_build_does_not_depend_on_hash_seed_or_global_random(portal: DemoPortal) -> None:
    # A fresh interpreter with another string-hash seed and a disturbed global RNG must agree.
    probe = (
        "import random; random.seed(99); random.random();"
        "from tests.emulator.test_seed import digest;"
        "from desktop_handover.emulator.seed import build_portal;"
        "print(digest(build_portal(1, 'small')))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == digest(portal)


def test_unknown_scale_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown scale"):
        build_portal(1, "huge")  # type: ignore[arg-type]


def test_facts_only_for_demo_portals(portal: DemoPortal) -> None:
    assert demo_facts(portal) is portal.facts
    with pytest.raises(TypeError):
        demo_facts(Portal())
    with pytest.raises(dataclasses.FrozenInstanceError):
        portal.facts.admin_user_id = 2  # type: ignore[misc]


# --- volumes ------------------------------------------------------------------------------------


def test_small_volume_is_about_two_thousand(portal: DemoPortal) -> None:
    assert 1_800 <= total_records(portal) <= 2_300


def test_every_section_has_items(portal: DemoPortal, facts: DemoFacts) -> None:
    assert sorted(facts.section_type_ids) == sorted(portal.entity_type_ids())
    for etype in facts.section_type_ids:
        assert len(portal.table(etype)) > 0, etype
    assert len(portal.activities) > 0
    assert len(portal.tasks) > 0


def test_planned_volumes_per_scale() -> None:
    # Building large takes seconds, so its plan is checked here and the build is measured apart.
    totals = {scale: sum(v.values()) for scale, v in seed._VOLUMES.items()}
    assert 1_800 <= totals["small"] <= 2_300
    assert 27_000 <= totals["medium"] <= 33_000
    assert 270_000 <= totals["large"] <= 330_000
    big_contacts, _, _ = seed._BIG_BOOK["large"]
    assert big_contacts > 100_000
    assert big_contacts < seed._VOLUMES["large"]["contact"]
    for scale in seed.SCALES:
        contacts, deals, _ = seed._BIG_BOOK[scale]
        assert contacts > 100
        assert deals > 100


# --- people -------------------------------------------------------------------------------------


def test_admin_is_user_one_and_active(portal: DemoPortal, facts: DemoFacts) -> None:
    admin = portal.users[facts.admin_user_id]
    assert facts.admin_user_id == 1
    assert admin.is_admin
    assert admin.active
    assert [u.id for u in portal.users.values() if u.is_admin] == [1]


def test_about_sixty_employees_and_a_few_extranet_users(
    portal: DemoPortal, facts: DemoFacts
) -> None:
    employees = [u for u in portal.users.values() if u.user_type == "employee"]
    extranet = [u for u in portal.users.values() if u.user_type == "extranet"]
    assert 55 <= len(employees) <= 65
    assert [u.id for u in extranet] == list(facts.extranet_user_ids)
    assert extranet
    assert all(u.active and not u.departments for u in extranet)
    assert all(u.departments for u in employees)
    assert len({(u.name, u.last_name) for u in portal.users.values()}) == len(portal.users)
    assert len({u.email for u in portal.users.values()}) == len(portal.users)
    assert all(u.email.isascii() and "@" in u.email for u in portal.users.values())


def test_roles_in_facts_match_users(portal: DemoPortal, facts: DemoFacts) -> None:
    users = portal.users
    assert facts.dismissed_with_items[0] == facts.big_book_user_id
    assert len(facts.dismissed_with_items) >= 3
    assert all(not users[u].active for u in facts.dismissed_with_items)
    assert all(not users[u].active for u in facts.dismissed_without_items)
    dismissed = {u.id for u in users.values() if not u.active}
    assert dismissed == {*facts.dismissed_with_items, *facts.dismissed_without_items}
    assert users[facts.departing_active_user_id].active
    limited = users[facts.limited_user_id]
    assert limited.active
    assert not limited.is_admin
    assert "sprzeda" in limited.work_position.lower() or "sales" in limited.work_position.lower()
    for uid in facts.successor_candidate_ids:
        assert users[uid].active
        assert not users[uid].is_admin
        assert uid != facts.departing_active_user_id


def test_departments_form_a_tree_with_member_heads(portal: DemoPortal) -> None:
    depts = portal.departments
    roots = [d for d in depts.values() if d.parent is None]
    assert len(roots) == 1
    for dept in depts.values():
        assert dept.parent is None or dept.parent in depts
        assert dept.head is not None
        assert dept.id in portal.users[dept.head].departments
    names = {d.name for d in depts.values()}
    assert {"Zarząd", "Marketing", "IT"} <= names
    assert len(depts) >= 7
    assert any(len(u.departments) > 1 for u in portal.users.values())


def test_names_are_polish_and_english_with_correct_gender(portal: DemoPortal) -> None:
    people = [(u.name, u.last_name) for u in portal.users.values()]
    contacts = portal.table(CONTACT)
    people += [(c.name or "", c.last_name or "") for c in contacts]
    assert any(PL_LETTERS & set(first + last) for first, last in people)
    assert any(first in seed._EN_MALE + seed._EN_FEMALE for first, _ in people)
    assert any(first in seed._PL_MALE + seed._PL_FEMALE for first, _ in people)
    female_forms = {w for m, w in seed._PL_SURNAMES if m != w}
    male_forms = {m for m, w in seed._PL_SURNAMES if m != w}
    for first, last in people:
        if first in seed._PL_MALE:
            assert last not in female_forms, (first, last)
        if first in seed._PL_FEMALE:
            assert last not in male_forms, (first, last)


# --- webhooks and secrets -----------------------------------------------------------------------


def test_admin_and_limited_webhooks(portal: DemoPortal, facts: DemoFacts) -> None:
    hooks = {h.user_id: h for h in portal.webhooks}
    assert hooks[facts.admin_user_id].scopes == {"crm", "user", "department", "task", "im"}
    assert hooks[facts.limited_user_id].scopes == {"crm", "user", "department"}
    for hook in portal.webhooks:
        assert re.fullmatch(r"[a-z0-9]{16}", hook.secret)
        assert hook.secret not in repr(hook)
    assert hooks[facts.admin_user_id].secret != hooks[facts.limited_user_id].secret
    assert all(hook.secret not in repr(facts) for hook in portal.webhooks)


def test_no_secret_literal_in_the_source() -> None:
    source = Path(seed.__file__).read_text(encoding="utf-8")
    assert not re.search(r"[\"'][a-z0-9]{16}[\"']", source)
    for s in range(1, 6):
        for hook in build_portal(s, "small").webhooks:
            assert hook.secret not in source


# --- ownership ----------------------------------------------------------------------------------


def test_dismissed_and_departing_users_own_items_in_every_section(
    portal: DemoPortal, facts: DemoFacts
) -> None:
    for uid in (*facts.dismissed_with_items, facts.departing_active_user_id):
        counts = records_of(portal, uid)
        for etype in facts.section_type_ids:
            assert counts[str(etype)] > 0, (uid, etype)
        assert counts["activity"] > 0, uid
        assert counts["task"] > 0, uid


def test_idle_and_extranet_users_own_nothing(portal: DemoPortal, facts: DemoFacts) -> None:
    for uid in (*facts.dismissed_without_items, *facts.extranet_user_ids):
        assert sum(records_of(portal, uid).values()) == 0


def test_big_book_at_small_scale(portal: DemoPortal, facts: DemoFacts) -> None:
    counts = records_of(portal, facts.big_book_user_id)
    assert counts[str(DEAL)] > 100
    assert counts[str(CONTACT)] > 100
    # It is the biggest book of the portal.
    assert counts[str(CONTACT)] == max(records_of(portal, u)[str(CONTACT)] for u in portal.users)


def test_owner_index_matches_a_full_scan(portal: DemoPortal) -> None:
    for table in portal.items.values():
        assert table.by_owner.counts() == dict(Counter(i.assigned_by_id for i in table))
        assert all(table.by_owner.ids(o) == sorted(table.by_owner.ids(o)) for o in portal.users)
    assert portal.activities.by_owner.counts() == dict(
        Counter(a.responsible_id for a in portal.activities)
    )
    assert portal.tasks.by_owner.counts() == dict(Counter(t.responsible_id for t in portal.tasks))


def test_owners_are_known_users(portal: DemoPortal) -> None:
    for table in portal.items.values():
        assert all(i.assigned_by_id in portal.users for i in table)
        assert all(i.created_by in portal.users for i in table)
    assert all(a.responsible_id in portal.users for a in portal.activities)
    assert all(t.responsible_id in portal.users for t in portal.tasks)
    assert all(t.created_by in portal.users for t in portal.tasks)


def test_ids_grow_with_gaps(portal: DemoPortal) -> None:
    deals = portal.table(DEAL)
    assert deals.sorted_ids == sorted(deals.rows)
    assert deals.sorted_ids[-1] > len(deals)  # holes, as after deletions on a real portal
    assert deals.next_id == deals.sorted_ids[-1] + 1


# --- catalogue and stages -----------------------------------------------------------------------


def expected_entity_id(item: CrmItem) -> str:
    """The crm.status.list ENTITY_ID an item's stage must come from (bitrix24-api.md §7.4)."""
    etype, cat = item.entity_type_id, item.category_id
    if etype == LEAD:
        return "STATUS"
    if etype == QUOTE:
        return "QUOTE_STATUS"
    if etype == DEAL:
        return "DEAL_STAGE" if cat == 0 else f"DEAL_STAGE_{cat}"
    if etype == SMART_INVOICE:
        return f"SMART_INVOICE_STAGE_{cat}"
    return f"DYNAMIC_{etype}_STAGE_{cat}"


def test_stage_catalogue_shape(portal: DemoPortal, facts: DemoFacts) -> None:
    stages = portal.stages
    assert len({s.id for s in stages}) == len(stages)
    by_entity: dict[str, list[str]] = {}
    for stage in stages:
        by_entity.setdefault(stage.entity_id, []).append(stage.status_id)
        assert stage.semantics in {"P", "S", "F"}
    for entity_id, ids in by_entity.items():
        sems = {portal.stage_semantics(i) for i in ids}
        assert sems == {"P", "S", "F"}, entity_id
        assert len(ids) == len(set(ids))
    for cat in facts.deal_category_ids:
        if cat:
            assert all(i.startswith(f"C{cat}:") for i in by_entity[f"DEAL_STAGE_{cat}"])
    assert {"NEW", "PREPARATION", "WON", "LOSE"} <= set(by_entity["DEAL_STAGE"])
    assert {"NEW", "IN_PROCESS", "CONVERTED", "JUNK"} <= set(by_entity["STATUS"])
    assert {"DRAFT", "SENT", "APPROVED", "DECLAINED"} <= set(by_entity["QUOTE_STATUS"])
    inv = next(c for c in portal.categories.values() if c.entity_type_id == SMART_INVOICE)
    inv_ids = by_entity[f"SMART_INVOICE_STAGE_{inv.id}"]
    assert f"DT31_{inv.id}:P" in inv_ids
    assert portal.stage_semantics(f"DT31_{inv.id}:P") == "S"
    assert portal.stage_semantics(f"DT31_{inv.id}:D") == "F"
    assert portal.stage_semantics("CONVERTED") == "S"
    assert portal.stage_semantics("DECLAINED") == "F"
    # Shared STATUS_IDs (lead NEW, deal NEW) must mean the same in every catalogue.
    seen: dict[str, str] = {}
    for stage in stages:
        assert seen.setdefault(stage.status_id, stage.semantics) == stage.semantics


def test_pipelines_and_smart_processes(portal: DemoPortal, facts: DemoFacts) -> None:
    assert tuple(sorted(portal.smart_types)) == facts.smart_process_type_ids
    assert all(t >= 128 for t in facts.smart_process_type_ids)
    assert facts.deal_category_ids[0] == 0
    assert len(facts.deal_category_ids) >= 2
    for etype in (DEAL, SMART_INVOICE, *facts.smart_process_type_ids):
        cats = [c for c in portal.categories.values() if c.entity_type_id == etype]
        assert sum(c.is_default for c in cats) == 1, etype
    service = portal.smart_types[128]
    assert "serwis" in service.title.lower()


def test_every_stage_matches_its_type_and_pipeline(portal: DemoPortal) -> None:
    entity_of = {s.status_id: s.entity_id for s in portal.stages if s.status_id != "NEW"}
    for etype in (LEAD, DEAL, QUOTE, SMART_INVOICE, 128, 1036):
        sems: Counter[str] = Counter()
        for item in portal.table(etype):
            assert item.stage_id is not None
            if item.category_id is not None:
                assert portal.categories[item.category_id].entity_type_id == etype
            expected = expected_entity_id(item)
            assert item.stage_id in {s.status_id for s in portal.stages_of(expected)}
            assert entity_of.get(item.stage_id, expected) == expected
            sems[portal.stage_semantics(item.stage_id)] += 1
        # Open and closed items both: open in progress, closed won and lost.
        assert set(sems) == {"P", "S", "F"}, etype


def test_closed_items_closed_in_the_past(portal: DemoPortal) -> None:
    base = datetime(BASE_DATE.year, BASE_DATE.month, BASE_DATE.day).date()
    for etype in (DEAL, QUOTE, SMART_INVOICE, 128):
        for item in portal.table(etype):
            assert item.closedate is not None
            closes = date.fromisoformat(item.closedate[:10])
            if portal.stage_semantics(item.stage_id) == "P":
                assert closes > base
            else:
                assert closes <= base
    for item in portal.table(LEAD):
        assert (item.closedate is None) == (portal.stage_semantics(item.stage_id) == "P")


def test_contacts_and_companies_have_no_stage(portal: DemoPortal) -> None:
    for etype in (CONTACT, COMPANY):
        assert all(i.stage_id is None and i.category_id is None for i in portal.table(etype))


# --- links --------------------------------------------------------------------------------------


def test_deals_link_to_existing_clients_mostly_of_the_same_owner(portal: DemoPortal) -> None:
    companies, contacts = portal.table(COMPANY).rows, portal.table(CONTACT).rows
    deals = list(portal.table(DEAL))
    same_owner = 0
    for deal in deals:
        assert deal.contact_ids
        assert 1 <= len(deal.contact_ids) <= 2
        assert len(set(deal.contact_ids)) == len(deal.contact_ids)
        assert all(c in contacts for c in deal.contact_ids)
        if deal.company_id is not None:
            assert deal.company_id in companies
            same_owner += companies[deal.company_id].assigned_by_id == deal.assigned_by_id
    with_company = [d for d in deals if d.company_id is not None]
    assert len(with_company) > 0.8 * len(deals)
    assert same_owner > 0.7 * len(with_company)


def test_contacts_and_companies_link_both_ways(portal: DemoPortal) -> None:
    companies, contacts = portal.table(COMPANY).rows, portal.table(CONTACT).rows
    for contact in contacts.values():
        if contact.company_id is not None:
            assert contact.id in companies[contact.company_id].contact_ids
    for company in companies.values():
        assert all(contacts[c].company_id == company.id for c in company.contact_ids)


def test_quotes_invoices_and_leads_link_to_existing_items(portal: DemoPortal) -> None:
    deals, leads = portal.table(DEAL).rows, portal.table(LEAD).rows
    companies, contacts = portal.table(COMPANY).rows, portal.table(CONTACT).rows
    for quote in portal.table(QUOTE):
        assert quote.deal_id in deals
        assert quote.company_id == deals[quote.deal_id].company_id
    for etype in (SMART_INVOICE, LEAD, 128, 1036):
        for item in portal.table(etype):
            assert item.company_id is None or item.company_id in companies
            assert all(c in contacts for c in item.contact_ids)
            assert item.deal_id is None or item.deal_id in deals
    assert any(i.deal_id for i in portal.table(SMART_INVOICE))
    linked_leads = [d.lead_id for d in portal.table(DEAL) if d.lead_id is not None]
    assert linked_leads
    assert len(linked_leads) == len(set(linked_leads))
    for lead_id in linked_leads:
        assert portal.stage_semantics(leads[lead_id].stage_id) == "S"


def test_activities_belong_to_existing_items(portal: DemoPortal) -> None:
    same = 0
    for activity in portal.activities:
        owner = portal.table(activity.owner_type_id).rows[activity.owner_id]
        same += owner.assigned_by_id == activity.responsible_id
        assert activity.subject
    assert same > 0.9 * len(portal.activities)
    owner_types = Counter(a.owner_type_id for a in portal.activities)
    assert owner_types[DEAL] > owner_types[COMPANY]
    assert {LEAD, CONTACT} <= set(owner_types)


def test_activity_kinds_and_states(portal: DemoPortal) -> None:
    kinds = {(a.type_id, a.provider_id) for a in portal.activities}
    assert kinds == {(2, "VOXIMPLANT_CALL"), (1, "CRM_MEETING"), (4, "CRM_EMAIL"), (6, "CRM_TODO")}
    todos = [a for a in portal.activities if a.provider_id == "CRM_TODO"]
    assert any(a.completed for a in todos)
    assert any(not a.completed for a in todos)
    assert any(a.deadline.startswith("9999-12-31") for a in todos)  # no deadline (§8.1)
    assert {a.status for a in portal.activities} == {1, 2}


def test_tasks_bind_to_existing_items(portal: DemoPortal) -> None:
    bound = 0
    for task in portal.tasks:
        for ref in task.uf_crm_task:
            prefix, _, item_id = ref.rpartition("_")
            assert int(item_id) in portal.table(UF_TYPES[prefix]).rows, ref
        bound += bool(task.uf_crm_task)
        assert task.real_status in {2, 3, 4, 5, 6}
        assert (task.closed_date is not None) == (task.real_status == 5)
    assert 0.4 * len(portal.tasks) < bound < len(portal.tasks)


# --- content ------------------------------------------------------------------------------------


def test_timestamps_are_iso_with_offset_and_not_in_the_future(portal: DemoPortal) -> None:
    now = datetime.fromisoformat(f"{BASE_DATE.isoformat()}T23:59:59+01:00")
    for table in portal.items.values():
        for item in table:
            assert ISO_DATETIME.match(item.created_time)
            created = datetime.fromisoformat(item.created_time)
            assert created < datetime.fromisoformat(item.updated_time) <= now
    for activity in portal.activities:
        assert ISO_DATETIME.match(activity.start_time)
        assert activity.start_time < activity.end_time
    # Both Polish offsets appear: winter +01:00 and summer +02:00.
    offsets = {i.created_time[-6:] for i in portal.table(DEAL)}
    assert offsets == {"+01:00", "+02:00"}


def test_titles_mix_polish_and_english(portal: DemoPortal) -> None:
    titles = [i.title or "" for i in portal.table(DEAL)]
    assert any(PL_LETTERS & set(t) for t in titles)
    assert any(
        t.startswith(("Service contract", "Fleet renewal", "Cloud migration")) for t in titles
    )
    assert {i.currency_id for i in portal.table(DEAL)} >= {"PLN", "EUR"}
    assert all((i.opportunity or 0) > 0 for i in portal.table(DEAL))


def test_hostile_titles_sit_on_handover_users_items(portal: DemoPortal, facts: DemoFacts) -> None:
    holders = {facts.big_book_user_id, facts.departing_active_user_id}
    texts = []
    for etype, item_id in facts.adversarial_items:
        item = portal.table(etype).rows[item_id]
        assert item.assigned_by_id in holders
        texts.append(item.title if etype != CONTACT else f"{item.name} {item.last_name}")
    assert set(ADVERSARIAL_TITLES) <= set(texts)
    assert any("<img" in (t or "") for t in texts)
    assert any(len(t or "") > 300 for t in texts)
    assert any("\u200f" in (t or "") for t in texts)


@pytest.mark.parametrize("seed_value", [0, 7, 12_345, 2**31 - 1, -5])
def test_invariants_hold_for_any_seed(seed_value: int) -> None:
    other = build_portal(seed_value, "small")
    facts = demo_facts(other)
    for uid in (*facts.dismissed_with_items, facts.departing_active_user_id):
        counts = records_of(other, uid)
        assert all(counts[str(t)] > 0 for t in facts.section_type_ids), uid
        assert counts["activity"] > 0
        assert counts["task"] > 0
    big = records_of(other, facts.big_book_user_id)
    assert big[str(DEAL)] > 100
    assert big[str(CONTACT)] > 100
    for deal in other.table(DEAL):
        assert deal.company_id is None or deal.company_id in other.table(COMPANY).rows
        assert all(c in other.table(CONTACT).rows for c in deal.contact_ids)
    for table in other.items.values():
        assert table.by_owner.counts() == dict(Counter(i.assigned_by_id for i in table))
    assert len(facts.adversarial_items) == len(ADVERSARIAL_TITLES) + 1


# --- medium -------------------------------------------------------------------------------------


def test_medium_scale_volumes_and_invariants() -> None:
    medium = build_portal(3, "medium")
    facts = demo_facts(medium)
    assert 27_000 <= total_records(medium) <= 33_000
    counts = records_of(medium, facts.big_book_user_id)
    assert counts[str(CONTACT)] > 1_000
    assert counts[str(DEAL)] > 1_000
    for uid in (*facts.dismissed_with_items, facts.departing_active_user_id):
        assert all(records_of(medium, uid)[str(t)] > 0 for t in facts.section_type_ids)
    for table in medium.items.values():
        assert table.by_owner.counts() == dict(Counter(i.assigned_by_id for i in table))
    for activity in medium.activities:
        assert activity.owner_id in medium.table(activity.owner_type_id).rows
