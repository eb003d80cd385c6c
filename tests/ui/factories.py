"""Small builders of domain values and fake portals for the UI tests."""

from __future__ import annotations

from desktop_handover.handover.ports import UserInfo
from desktop_handover.handover.sections import CONTACTS, DEALS, ItemRef
from tests.fakes import FakeCrmGateway

ADMIN = 1
DEPARTING = 2
ANNA = 3
PIOTR = 4
EWA = 5
GONE = 6  # dismissed, owns nothing

HOSTILE = "<b>x</b><img src=x>"


def users() -> dict[int, UserInfo]:
    return {
        ADMIN: UserInfo(ADMIN, "Ada Admin", True, "CEO", ("Board",)),
        DEPARTING: UserInfo(DEPARTING, "Dora Leaving", False, "Sales rep", ("Sales",)),
        ANNA: UserInfo(ANNA, "Anna Nowak", True, "Account manager", ("Sales", "Warsaw")),
        PIOTR: UserInfo(PIOTR, "Piotr Wiśniewski", True, "Sales rep", ("Sales",)),
        EWA: UserInfo(EWA, "Ewa Kowalska", True, "Support lead", ("Support",)),
        GONE: UserInfo(GONE, "Gone Person", False, "Intern", ("Sales",)),
    }


def deal(item_id: int, owner: int = DEPARTING, **fields: object) -> ItemRef:
    base: dict[str, object] = {
        "title": f"Deal {item_id}",
        "closed": item_id % 3 == 0,
        "stage_id": "WON" if item_id % 3 == 0 else "NEW",
        "amount": 100.0 * item_id,
        "currency": "PLN",
        "category_id": item_id % 2,
        "company_id": 500 + item_id % 4,
        "updated": "2026-11-01T10:00:00+01:00",
    }
    base.update(fields)
    return ItemRef(section=DEALS.key, id=item_id, owner_id=owner, **base)  # type: ignore[arg-type]


def gateway(deals: int = 12, contacts: int = 8, others: int = 3) -> FakeCrmGateway:
    gw = FakeCrmGateway(users=users(), webhook_user_id=ADMIN, page_size=5)
    for n in range(1, deals + 1):
        ref = deal(n)
        gw.items.setdefault(DEALS.key, {})[n] = ref
    for n in range(1, contacts + 1):
        gw.add(CONTACTS.key, 100 + n, DEPARTING, title=f"Contact {n}", company_id=500 + n % 4)
    for n in range(1, others + 1):
        gw.add(DEALS.key, 900 + n, ANNA, title=f"Anna's deal {n}")
    gw.add(DEALS.key, 777, DEPARTING, title=HOSTILE, closed=False, stage_id="NEW")
    return gw
