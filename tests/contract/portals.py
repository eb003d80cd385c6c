"""Hand-built emulated portals for the client contract tests: known owners, known ids."""

from __future__ import annotations

import random
from dataclasses import dataclass

from desktop_handover.emulator.state import (
    DEAL,
    LEAD,
    Activity,
    CrmItem,
    Department,
    Portal,
    Task,
    User,
    Webhook,
)

ADMIN = 1
DEPARTING = 2
SUCCESSOR = 3
COLLEAGUE = 4
LIMITED = 5
DISMISSED_OWNER = 6

ADMIN_SECRET = "adminContractSecret0042"
LIMITED_SECRET = "limitedContractSecret77"
DISMISSED_SECRET = "dismissedContractSecret9"
ALL_SECRETS = (ADMIN_SECRET, LIMITED_SECRET, DISMISSED_SECRET)

FULL_SCOPES = frozenset({"crm", "user", "department", "task", "im"})


@dataclass(frozen=True)
class Layout:
    """Which record ids of each kind belong to the departing user."""

    deals: tuple[int, ...]
    leads: tuple[int, ...]
    activities: tuple[int, ...]
    tasks: tuple[int, ...]


def build(
    deals: int = 120, others: float = 0.3, seed: int = 0, small_kinds: int = 60
) -> tuple[Portal, Layout]:
    """A portal where the departing user owns `deals` deals among others' deals.

    `others` is the share of other owners' deals interleaved with the departing user's, so ids
    of one owner have gaps. Leads, activities and tasks get `small_kinds` records each, about
    two in three of them the departing user's.
    """
    rng = random.Random(seed)
    portal = Portal(domain="contract.bitrix24.test")
    portal.departments = {
        1: Department(1, "Company", None),
        2: Department(2, "Sales", 1),
        3: Department(3, "Support", 1),
    }
    portal.users = {
        ADMIN: User(ADMIN, "Ada", "Admin", "ada@x.test", "CEO", [1], is_admin=True),
        DEPARTING: User(DEPARTING, "Dora", "Leaving", "dora@x.test", "Sales", [2]),
        SUCCESSOR: User(SUCCESSOR, "Sam", "Next", "sam@x.test", "Sales", [2]),
        COLLEAGUE: User(COLLEAGUE, "Cole", "Other", "cole@x.test", "Sales", [2]),
        LIMITED: User(LIMITED, "Lim", "Ited", "lim@x.test", "Support", [3]),
        DISMISSED_OWNER: User(
            DISMISSED_OWNER, "Dis", "Missed", "d@x.test", "Ops", [1], active=False, is_admin=True
        ),
    }
    portal.webhooks = [
        Webhook(ADMIN, ADMIN_SECRET, FULL_SCOPES),
        Webhook(LIMITED, LIMITED_SECRET, frozenset({"crm", "user"})),
        Webhook(DISMISSED_OWNER, DISMISSED_SECRET, FULL_SCOPES),
    ]
    mine: list[int] = []
    next_id = 1
    while len(mine) < deals:
        owner = COLLEAGUE if rng.random() < others else DEPARTING
        portal.add_item(CrmItem(DEAL, next_id, owner, title=f"Deal {next_id}", stage_id="NEW"))
        if owner == DEPARTING:
            mine.append(next_id)
        next_id += 1
    leads, activities, tasks = [], [], []
    for i in range(1, small_kinds + 1):
        owner = DEPARTING if i % 3 else COLLEAGUE
        portal.add_item(CrmItem(LEAD, i, owner, title=f"Lead {i}", stage_id="NEW"))
        portal.add_activity(
            Activity(
                i, DEAL, 1, owner, f"Call {i}", start_time=f"2025-0{1 + i % 9}-01T09:00:00+01:00"
            )
        )
        portal.add_task(Task(i, f"Task {i}", owner, ADMIN))
        if owner == DEPARTING:
            leads.append(i)
            activities.append(i)
            tasks.append(i)
    return portal, Layout(tuple(mine), tuple(leads), tuple(activities), tuple(tasks))


def webhook_url(
    secret: str = ADMIN_SECRET, user: int = ADMIN, base: str = "https://contract.bitrix24.test"
) -> str:
    """The webhook URL for one of the portal's webhooks."""
    return f"{base}/rest/{user}/{secret}/"
