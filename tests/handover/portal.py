"""A small fake portal (Anna leaves) and plan helpers shared by the domain tests."""

from __future__ import annotations

from collections.abc import Mapping

from desktop_handover.handover.plan import HandoverPlan, SectionPlan, Single, SplitRule
from desktop_handover.handover.ports import UserInfo
from desktop_handover.handover.sections import (
    ACTIVITIES,
    COMPANIES,
    CONTACTS,
    DEALS,
    LEADS,
    TASKS,
    ItemKey,
    SectionSpec,
)
from desktop_handover.handover.selection import AllMatching, Selection
from tests.fakes import FakeCrmGateway

ADMIN = 1  # the webhook's user
ANNA = 10  # departing
PIOTR = 20
EWA = 21
JAN = 22
OLGA = 30  # dismissed


def make_users() -> dict[int, UserInfo]:
    return {
        ADMIN: UserInfo(ADMIN, "Admin", True, "Administrator", ("IT",)),
        ANNA: UserInfo(ANNA, "Anna Nowak", True, "Sales", ("Sales",)),
        PIOTR: UserInfo(PIOTR, "Piotr W.", True, "Sales", ("Sales",)),
        EWA: UserInfo(EWA, "Ewa K.", True, "Sales", ("Sales",)),
        JAN: UserInfo(JAN, "Jan B.", True, "Support", ("Support",)),
        OLGA: UserInfo(OLGA, "Olga D.", False, "Sales", ("Sales",)),
    }


def make_portal() -> FakeCrmGateway:
    """Anna's small book of business, plus a few items of other people."""
    gw = FakeCrmGateway(users=make_users())
    # Deals: two pipelines (0 and 9), open and closed, with company and contacts.
    gw.add("deals", 101, ANNA, category_id=0, closed=False, company_id=301, contact_ids=(201,))
    gw.add("deals", 102, ANNA, category_id=0, closed=True, company_id=301, contact_ids=(202,))
    gw.add("deals", 103, ANNA, category_id=9, closed=False, company_id=302, contact_ids=(202, 203))
    gw.add("deals", 104, ANNA, category_id=9, closed=False)
    gw.add("deals", 105, ANNA, category_id=0, closed=False)
    gw.add("deals", 106, ANNA, category_id=9, closed=True, contact_ids=(204,))
    gw.add("deals", 107, PIOTR, category_id=0, closed=False, contact_ids=(201,))
    gw.add("contacts", 201, ANNA, company_id=301)
    gw.add("contacts", 202, ANNA)
    gw.add("contacts", 203, ANNA)
    gw.add("contacts", 204, ANNA, company_id=302)
    gw.add("contacts", 205, EWA)
    gw.add("companies", 301, ANNA)
    gw.add("companies", 302, ANNA)
    gw.add("leads", 401, ANNA, closed=False, contact_ids=(203,))
    gw.add("leads", 402, ANNA, closed=True)
    gw.add("activities", 501, ANNA, closed=False, bindings=(ItemKey("deals", 101),))
    gw.add("activities", 502, ANNA, closed=True, bindings=(ItemKey("deals", 103),))
    gw.add("activities", 503, ANNA, closed=False, bindings=(ItemKey("contacts", 204),))
    gw.add("activities", 504, ANNA, closed=False, bindings=(ItemKey("deals", 999),))
    gw.add("activities", 505, PIOTR, closed=False, bindings=(ItemKey("deals", 101),))
    gw.add("tasks", 601, ANNA, closed=False, bindings=(ItemKey("deals", 104),))
    gw.add("tasks", 602, ANNA, closed=True)
    return gw


SECTIONS: dict[str, SectionSpec] = {
    s.key: s for s in (LEADS, DEALS, CONTACTS, COMPANIES, ACTIVITIES, TASKS)
}


def plan_for(
    selections: Mapping[str, Selection],
    rule: SplitRule | None = None,
    **kwargs: object,
) -> HandoverPlan:
    """A plan for Anna with the given selections (default rule: everything to Piotr)."""
    return HandoverPlan(
        departing_user_id=ANNA,
        sections=tuple(SectionPlan(SECTIONS[k], sel) for k, sel in selections.items()),
        rule=rule if rule is not None else Single(PIOTR),
        **kwargs,  # type: ignore[arg-type]
    )


def everything() -> dict[str, Selection]:
    return {k: AllMatching() for k in SECTIONS}
