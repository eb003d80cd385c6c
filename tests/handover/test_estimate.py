"""The dry run's numbers: counts per section and successor, requests, ETA."""

from __future__ import annotations

from desktop_handover.handover.estimate import estimate, resolve_listing
from desktop_handover.handover.plan import EvenSplit, HandoverOptions
from desktop_handover.handover.sections import ItemRef
from desktop_handover.handover.selection import AllMatching, Explicit, SectionFilter
from tests.handover.portal import ANNA, EWA, PIOTR, plan_for


def listing(section: str, n: int, *, closed_every: int = 0) -> list[ItemRef]:
    return [
        ItemRef(section, i, "t", ANNA, closed=bool(closed_every and i % closed_every == 0))
        for i in range(1, n + 1)
    ]


def test_counts_requests_and_eta() -> None:
    plan = plan_for(
        {
            "deals": AllMatching(SectionFilter.ALL, frozenset({1, 2})),
            "contacts": Explicit(frozenset({1, 2, 3, 9999})),
        },
        rule=EvenSplit((PIOTR, EWA)),
        options=HandoverOptions(
            timeline_comment=True,
            summary_message=True,
            dismiss_at_end=True,
            dismiss_confirmed=True,
        ),
    )
    listed = {
        "deals": listing("deals", 5002, closed_every=4),
        "contacts": listing("contacts", 3000),
    }
    resolution = resolve_listing(plan, listed)
    est = estimate(plan, resolution, batch_items=49, pacing=lambda n: n / 2)

    assert est.per_section == {"deals": 5000, "contacts": 3}
    assert est.per_section_closed == {"deals": 1250, "contacts": 0}
    assert est.skipped == 1  # contact 9999 is not Anna's
    assert est.per_section_successor == {
        ("deals", PIOTR): 2500,
        ("deals", EWA): 2500,
        ("contacts", PIOTR): 2,
        ("contacts", EWA): 1,
    }
    assert est.per_successor == {PIOTR: 2502, EWA: 2501}
    r = est.requests
    # 101 + 61 pages (full ones plus the short one that ends each listing), 50 a request.
    assert r.listing == 4
    # Packed 50 commands a request, a guard per group in each: deals→Piotr fills 51
    # requests and 1 id of a 52nd, deals→Ewa takes the rest of it (guard + 47) and 51 more
    # (the last with 3 ids), the two contact groups ride in that last one.
    assert r.updates == 52 + 51
    assert r.comments == 52 + 52 + 1 + 1  # ceil(n/49) per (section, successor)
    assert r.notifications == 2
    assert r.verification == 2
    assert r.dismissal == 1
    assert r.checks == 2
    assert r.total == 2 + 4 + 103 + 106 + 2 + 2 + 1
    assert est.eta_seconds == r.total / 2
    assert est.item_count == 5003


def test_tasks_take_no_comment_requests_and_eta_needs_a_model() -> None:
    plan = plan_for({"tasks": AllMatching()}, options=HandoverOptions(timeline_comment=True))
    est = estimate(plan, resolve_listing(plan, {"tasks": listing("tasks", 10)}))
    assert est.requests.updates == 1
    assert est.requests.comments == 0
    assert est.requests.listing == 1
    assert est.eta_seconds is None


def test_an_empty_section_still_costs_one_listing() -> None:
    plan = plan_for({"leads": AllMatching()})
    est = estimate(plan, resolve_listing(plan, {}))
    assert est.requests.listing == 1
    assert est.requests.updates == 0
    assert est.per_section == {"leads": 0}
