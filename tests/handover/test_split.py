"""Split rules, per-item choices and "keep related items together" with its precedence."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_handover.handover.plan import ByCategory, CategoryRoute, EvenSplit, Single
from desktop_handover.handover.sections import ItemKey, ItemRef
from desktop_handover.handover.selection import AllMatching
from desktop_handover.handover.split import assign_successors
from tests.handover.portal import ANNA, EWA, JAN, PIOTR, plan_for

SELECT_ALL = {
    k: AllMatching() for k in ("leads", "deals", "contacts", "companies", "activities", "tasks")
}


def ref(section: str, item_id: int, **kw: object) -> ItemRef:
    return ItemRef(section, item_id, f"{section} {item_id}", ANNA, **kw)  # type: ignore[arg-type]


def by_section(*items: ItemRef) -> dict[str, list[ItemRef]]:
    out: dict[str, list[ItemRef]] = {}
    for item in items:
        out.setdefault(item.section, []).append(item)
    return out


def test_single_successor_takes_everything() -> None:
    items = by_section(ref("deals", 1), ref("contacts", 2), ref("activities", 3))
    result = assign_successors(plan_for(SELECT_ALL, rule=Single(EWA)), items)
    assert set(result.values()) == {EWA}
    assert len(result) == 3


def test_even_split_is_round_robin_by_ascending_id_whatever_the_input_order() -> None:
    deals = [ref("deals", i) for i in (7, 3, 11, 5, 1)]
    plan = plan_for(SELECT_ALL, rule=EvenSplit((PIOTR, EWA, JAN)))
    result = assign_successors(plan, {"deals": deals})
    assert [result[ItemKey("deals", i)] for i in (1, 3, 5, 7, 11)] == [PIOTR, EWA, JAN, PIOTR, EWA]
    random.Random(4).shuffle(deals)
    assert assign_successors(plan, {"deals": deals}) == result


def test_by_pipeline_with_fallback() -> None:
    rule = ByCategory(
        routes=(CategoryRoute("deals", 0, PIOTR), CategoryRoute("deals", 9, EWA)),
        fallback_id=JAN,
    )
    items = by_section(
        ref("deals", 1, category_id=0),
        ref("deals", 2, category_id=9),
        ref("deals", 3, category_id=4),  # a pipeline without a route
        ref("contacts", 4, category_id=0),  # same category id, other section: no route
        ref("activities", 5),
    )
    result = assign_successors(plan_for(SELECT_ALL, rule=rule), items)
    assert result == {
        ItemKey("deals", 1): PIOTR,
        ItemKey("deals", 2): EWA,
        ItemKey("deals", 3): JAN,
        ItemKey("contacts", 4): JAN,
        ItemKey("activities", 5): JAN,
    }


def test_per_item_choice_overrides_the_rule() -> None:
    items = by_section(ref("deals", 1), ref("deals", 2), ref("deals", 3), ref("deals", 4))
    plan = plan_for(
        SELECT_ALL, rule=EvenSplit((PIOTR, EWA)), assignments={ItemKey("deals", 2): JAN}
    )
    result = assign_successors(plan, items)
    assert result[ItemKey("deals", 2)] == JAN
    # The rule balances what it decides: 1, 3, 4 round-robin.
    assert [result[ItemKey("deals", i)] for i in (1, 3, 4)] == [PIOTR, EWA, PIOTR]


def test_section_rule_overrides_the_plan_rule() -> None:
    plan = plan_for({"leads": AllMatching(), "deals": AllMatching()}, rule=Single(PIOTR))
    deals_plan = replace(plan.section_plan("deals"), rule=Single(EWA))
    plan = replace(plan, sections=(plan.section_plan("leads"), deals_plan))
    result = assign_successors(plan, by_section(ref("leads", 1), ref("deals", 2)))
    assert result == {ItemKey("leads", 1): PIOTR, ItemKey("deals", 2): EWA}


def keep_related_case() -> tuple[dict[str, list[ItemRef]], dict[ItemKey, int]]:
    items = by_section(
        ref("deals", 101, closed=False, company_id=301, contact_ids=(201,)),
        ref("deals", 102, closed=True, company_id=301, contact_ids=(202,)),
        ref("deals", 103, closed=False, company_id=302, contact_ids=(202, 203)),
        ref("deals", 104, closed=False, contact_ids=(208,)),
        ref("deals", 105, closed=False, contact_ids=(208,)),
        ref("deals", 106, closed=True, contact_ids=(204,)),
        ref("leads", 401, closed=False, contact_ids=(203,), company_id=303),
        ref("companies", 301),
        ref("companies", 302),
        ref("companies", 303),
        ref("companies", 304),
        ref("contacts", 201),
        ref("contacts", 202),
        ref("contacts", 203),
        ref("contacts", 204),
        ref("contacts", 207, company_id=302),
        ref("contacts", 208),
        ref("contacts", 209),
        ref("activities", 501, bindings=(ItemKey("deals", 101),)),
        ref("activities", 503, bindings=(ItemKey("contacts", 204),)),
        ref("activities", 504, bindings=(ItemKey("deals", 999),)),
        ref("activities", 505, bindings=(ItemKey("contacts", 202), ItemKey("deals", 102))),
        ref("tasks", 601, bindings=(ItemKey("leads", 401), ItemKey("deals", 106))),
    )
    assignments = {
        ItemKey("deals", 101): PIOTR,
        ItemKey("deals", 102): EWA,
        ItemKey("deals", 103): JAN,
        ItemKey("deals", 104): EWA,
        ItemKey("deals", 105): PIOTR,
        ItemKey("deals", 106): EWA,
        ItemKey("leads", 401): PIOTR,
    }
    return items, assignments


def test_keep_related_precedence() -> None:
    items, assignments = keep_related_case()
    plan = plan_for(
        SELECT_ALL, rule=Single(ANNA + 1000), assignments=assignments, keep_related=True
    )
    r = assign_successors(plan, items)

    def who(section: str, item_id: int) -> int:
        return r[ItemKey(section, item_id)]

    # Open before closed: 301 is named by open 101 (Piotr) and closed 102 (Ewa).
    assert who("companies", 301) == PIOTR
    # 202 is named by closed 102 (lower id) and open 103: the open one leads.
    assert who("contacts", 202) == JAN
    # 203 is named by open deal 103 and open lead 401: deals lead over leads.
    assert who("contacts", 203) == JAN
    # 208 is named by two open deals: the lowest id (104) leads.
    assert who("contacts", 208) == EWA
    # Only a closed deal names 204: it still leads.
    assert who("contacts", 204) == EWA
    # Named by a lead only.
    assert who("companies", 303) == PIOTR
    # Named by nothing, but its company is in the plan: it follows its company.
    assert who("contacts", 207) == JAN
    # Nothing names them: the rule decides.
    assert who("companies", 304) == ANNA + 1000
    assert who("contacts", 209) == ANNA + 1000
    # Activities and tasks follow what they are attached to.
    assert who("activities", 501) == PIOTR
    assert who("activities", 503) == EWA  # via contact 204, which followed deal 106
    assert who("activities", 504) == ANNA + 1000  # its deal is not in the plan
    # Attached to contact 202 (Jan) and closed deal 102 (Ewa): the deal ranks before the
    # contact, but open before closed comes first and contacts have no stage (open).
    assert who("activities", 505) == JAN
    # Attached to open lead 401 (Piotr) and closed deal 106 (Ewa): open first.
    assert who("tasks", 601) == PIOTR


def test_keep_related_yields_to_a_per_item_choice() -> None:
    items, assignments = keep_related_case()
    assignments = {**assignments, ItemKey("contacts", 202): PIOTR, ItemKey("activities", 501): JAN}
    plan = plan_for(SELECT_ALL, rule=Single(EWA), assignments=assignments, keep_related=True)
    r = assign_successors(plan, items)
    assert r[ItemKey("contacts", 202)] == PIOTR
    assert r[ItemKey("activities", 501)] == JAN


def test_keep_related_off_ignores_links() -> None:
    items, assignments = keep_related_case()
    plan = plan_for(SELECT_ALL, rule=Single(EWA), assignments=assignments)
    r = assign_successors(plan, items)
    assert r[ItemKey("companies", 301)] == EWA
    assert r[ItemKey("activities", 501)] == EWA


def test_keep_related_round_robin_balances_only_what_the_rule_decides() -> None:
    items = by_section(
        ref("deals", 1, contact_ids=(11,)),
        ref("deals", 2),
        ref("contacts", 11),
        ref("contacts", 12),
        ref("contacts", 13),
    )
    plan = plan_for(SELECT_ALL, rule=EvenSplit((PIOTR, EWA)), keep_related=True)
    r = assign_successors(plan, items)
    assert r[ItemKey("contacts", 11)] == r[ItemKey("deals", 1)] == PIOTR
    # 12 and 13 are the rule's: round-robin starts afresh over them.
    assert [r[ItemKey("contacts", 12)], r[ItemKey("contacts", 13)]] == [PIOTR, EWA]


# --- invariants --------------------------------------------------------------------------

SUCCESSORS = (PIOTR, EWA, JAN)


@st.composite
def portfolios(draw: st.DrawFn) -> dict[str, list[ItemRef]]:
    deal_ids = draw(st.sets(st.integers(1, 60), max_size=15))
    contact_ids = draw(st.sets(st.integers(100, 130), max_size=10))
    company_ids = draw(st.sets(st.integers(200, 210), max_size=5))
    contact_pool = sorted(contact_ids | {999})
    company_pool = sorted(company_ids | {998})
    deals = [
        ref(
            "deals",
            i,
            closed=draw(st.booleans()),
            category_id=draw(st.sampled_from([0, 1, 2])),
            company_id=draw(st.none() | st.sampled_from(company_pool)),
            contact_ids=tuple(draw(st.sets(st.sampled_from(contact_pool), max_size=3))),
        )
        for i in sorted(deal_ids)
    ]
    contacts = [
        ref("contacts", i, company_id=draw(st.none() | st.sampled_from(company_pool)))
        for i in sorted(contact_ids)
    ]
    companies = [ref("companies", i) for i in sorted(company_ids)]
    targets = [ItemKey("deals", i) for i in deal_ids] + [
        ItemKey("contacts", i) for i in contact_ids
    ]
    activities = [
        ref(
            "activities",
            300 + n,
            bindings=tuple(draw(st.sets(st.sampled_from(targets), max_size=2))) if targets else (),
        )
        for n in range(draw(st.integers(0, 8)))
    ]
    return {"deals": deals, "contacts": contacts, "companies": companies, "activities": activities}


rules = st.one_of(
    st.sampled_from(SUCCESSORS).map(Single),
    st.permutations(SUCCESSORS).map(lambda s: EvenSplit(tuple(s))),
    st.builds(
        lambda a, b, c: ByCategory(
            (CategoryRoute("deals", 0, a), CategoryRoute("deals", 1, b)), c
        ),
        st.sampled_from(SUCCESSORS),
        st.sampled_from(SUCCESSORS),
        st.sampled_from(SUCCESSORS),
    ),
)


@settings(max_examples=60, deadline=None)
@given(portfolios(), rules, st.booleans(), st.data())
def test_every_item_gets_a_planned_successor_deterministically(
    items: dict[str, list[ItemRef]], rule: object, keep_related: bool, data: st.DataObject
) -> None:
    everything = [i for group in items.values() for i in group]
    chosen = data.draw(st.lists(st.sampled_from(everything), max_size=4)) if everything else []
    assignments = {i.key: data.draw(st.sampled_from(SUCCESSORS)) for i in chosen}
    plan = plan_for(SELECT_ALL, rule=rule, assignments=assignments, keep_related=keep_related)  # type: ignore[arg-type]
    result = assign_successors(plan, items)

    assert set(result) == {i.key for i in everything}
    assert set(result.values()) <= plan.successor_ids()
    for key, successor in assignments.items():
        assert result[key] == successor
    # Input order does not matter.
    shuffled = {k: random.Random(1).sample(v, len(v)) for k, v in items.items()}
    assert assign_successors(plan, shuffled) == result
    if isinstance(rule, EvenSplit) and not keep_related:
        for section, group in items.items():
            free = [i for i in group if i.key not in assignments]
            counts = Counter(result[i.key] for i in free)
            if free:
                spread = [counts.get(s, 0) for s in rule.successor_ids]
                assert max(spread) - min(spread) <= 1, section


@settings(max_examples=60, deadline=None)
@given(portfolios(), rules)
def test_keep_related_clients_follow_their_leading_anchor(
    items: dict[str, list[ItemRef]], rule: object
) -> None:
    plan = plan_for(SELECT_ALL, rule=rule, keep_related=True)  # type: ignore[arg-type]
    result = assign_successors(plan, items)
    deals = items["deals"]
    for contact in items["contacts"]:
        naming = [d for d in deals if contact.id in d.contact_ids]
        if naming:
            leader = min(naming, key=lambda d: (d.closed is True, d.id))
            assert result[contact.key] == result[leader.key]
    for company in items["companies"]:
        naming = [d for d in deals if d.company_id == company.id]
        if naming:
            leader = min(naming, key=lambda d: (d.closed is True, d.id))
            assert result[company.key] == result[leader.key]
