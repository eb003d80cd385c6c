"""Hand-built portals and a tiny dispatcher for testing the CRM method modules directly."""

from __future__ import annotations

import json
from typing import Any

import httpx

import desktop_handover.emulator.methods  # noqa: F401  (registers every method)
from desktop_handover.emulator.api import REGISTRY, CallContext, ListPage
from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.state import (
    COMPANY,
    CONTACT,
    DEAL,
    LEAD,
    QUOTE,
    SMART_INVOICE,
    Activity,
    Category,
    CrmItem,
    Department,
    Portal,
    SmartProcessType,
    Stage,
    Task,
    User,
    Webhook,
)
from desktop_handover.emulator.transport import EmulatorTransport

ADMIN = 1
ANNA = 2  # sales, the departing employee
BOB = 3  # sales
CAROL = 4  # support, in no department with Anna
DAVE = 5  # sales, dismissed
SPA = 128


def _stage(sid: int, entity: str, status: str, sort: int, sem: str, cat: int | None) -> Stage:
    return Stage(sid, entity, status, status.title(), sort, sem, cat)  # type: ignore[arg-type]


def small_portal() -> Portal:
    """Five users in two departments, a few items of every type, activities and tasks."""
    portal = Portal()
    portal.departments = {
        1: Department(1, "Company", None),
        2: Department(2, "Sales", 1),
        3: Department(3, "Support", 1),
    }
    portal.users = {
        ADMIN: User(ADMIN, "Ada", "Admin", "ada@x", "CEO", [1], is_admin=True),
        ANNA: User(ANNA, "Anna", "Nowak", "anna@x", "Sales", [2]),
        BOB: User(BOB, "Bob", "Brown", "bob@x", "Sales", [2]),
        CAROL: User(CAROL, "Carol", "Clark", "carol@x", "Support", [3]),
        DAVE: User(DAVE, "Dave", "Dane", "dave@x", "Sales", [2], active=False),
    }
    portal.smart_types = {SPA: SmartProcessType(1, SPA, "Projects")}
    portal.categories = {
        0: Category(0, DEAL, "General", 500, True),
        9: Category(9, DEAL, "Partners", 600),
        20: Category(20, SPA, "Default", 500, True),
        30: Category(30, SMART_INVOICE, "Invoices", 500, True),
    }
    rows = [
        ("STATUS", "NEW", 10, "P", None),
        ("STATUS", "CONVERTED", 20, "S", None),
        ("STATUS", "JUNK", 30, "F", None),
        ("DEAL_STAGE", "NEW", 10, "P", 0),
        ("DEAL_STAGE", "WON", 20, "S", 0),
        ("DEAL_STAGE", "LOSE", 30, "F", 0),
        ("DEAL_STAGE_9", "C9:NEW", 10, "P", 9),
        ("DEAL_STAGE_9", "C9:WON", 20, "S", 9),
        ("QUOTE_STATUS", "DRAFT", 10, "P", None),
        ("QUOTE_STATUS", "APPROVED", 20, "S", None),
        ("SMART_INVOICE_STAGE_30", "DT31_30:N", 10, "P", 30),
        ("SMART_INVOICE_STAGE_30", "DT31_30:P", 20, "S", 30),
        ("DYNAMIC_128_STAGE_20", "DT128_20:NEW", 10, "P", 20),
        ("DYNAMIC_128_STAGE_20", "DT128_20:SUCCESS", 20, "S", 20),
        ("DYNAMIC_128_STAGE_20", "DT128_20:FAIL", 30, "F", 20),
    ]
    # Lead status NEW and deal stage NEW share an id, as on a real portal; both are P.
    portal.stages = [
        _stage(n + 1, e, s, sort, sem, cat) for n, (e, s, sort, sem, cat) in enumerate(rows)
    ]
    return portal


def add_items(portal: Portal) -> None:
    """Deals 1..12 over Anna/Bob/Carol, leads, contacts, companies, quotes, invoices, SPA items."""
    owners = [ANNA, BOB, ANNA, CAROL, ANNA, DAVE, ANNA, BOB, ANNA, CAROL, ANNA, BOB]
    stages = [
        "NEW",
        "WON",
        "LOSE",
        "NEW",
        "C9:NEW",
        "NEW",
        "C9:WON",
        "NEW",
        "NEW",
        "WON",
        "NEW",
        "LOSE",
    ]
    for n, (owner, stage) in enumerate(zip(owners, stages, strict=True), start=1):
        portal.add_item(
            CrmItem(
                DEAL,
                n,
                owner,
                title=f"Deal {n}",
                stage_id=stage,
                category_id=9 if stage.startswith("C9:") else 0,
                opportunity=1000.0 * n,
                currency_id="PLN",
                company_id=1 if n % 2 else None,
                contact_ids=[1, 2] if n < 3 else [],
                observers=[BOB] if n == 1 else [],
            )
        )
    for n, stage in enumerate(["NEW", "CONVERTED", "JUNK", "NEW"], start=1):
        portal.add_item(
            CrmItem(LEAD, n, ANNA if n != 4 else BOB, title=f"Lead {n}", name="L", stage_id=stage)
        )
    for n in range(1, 6):
        portal.add_item(
            CrmItem(
                CONTACT,
                n,
                ANNA if n <= 3 else CAROL,
                name=f"C{n}",
                last_name="Kowalski",
                company_id=1 if n == 1 else None,
            )
        )
    portal.add_item(CrmItem(COMPANY, 1, ANNA, title="Acme", contact_ids=[1]))
    portal.add_item(CrmItem(QUOTE, 1, ANNA, title="Q1", stage_id="DRAFT", deal_id=1))
    portal.add_item(CrmItem(QUOTE, 2, ANNA, title="Q2", stage_id="APPROVED"))
    portal.add_item(
        CrmItem(SMART_INVOICE, 1, ANNA, title="I1", stage_id="DT31_30:N", category_id=30)
    )
    portal.add_item(CrmItem(SPA, 1, ANNA, title="P1", stage_id="DT128_20:NEW", category_id=20))
    portal.add_item(CrmItem(SPA, 2, BOB, title="P2", stage_id="DT128_20:FAIL", category_id=20))


def add_activities(portal: Portal) -> None:
    """Activities 1..6 on deals, with different providers, states and start times."""
    specs = [
        (1, DEAL, 1, ANNA, "CRM_TODO", False, "2025-03-05T09:00:00+01:00"),
        (2, DEAL, 1, ANNA, "CRM_TODO", True, "2025-03-01T09:00:00+01:00"),
        (3, DEAL, 2, BOB, "VOXIMPLANT_CALL", False, "2025-03-03T09:00:00+01:00"),
        (4, DEAL, 4, CAROL, "CRM_TODO", False, "2025-03-02T09:00:00+01:00"),
        (5, CONTACT, 1, ANNA, "CRM_EMAIL", False, "2025-03-04T09:00:00+01:00"),
        (6, DEAL, 3, ANNA, "CRM_TODO", False, "2025-03-04T09:00:00+01:00"),
    ]
    for aid, otype, oid, resp, provider, done, start in specs:
        portal.add_activity(
            Activity(
                aid,
                otype,
                oid,
                resp,
                f"Act {aid}",
                type_id=6 if provider == "CRM_TODO" else 2,
                provider_id=provider,
                provider_type_id="TODO" if provider == "CRM_TODO" else "CALL",
                completed=done,
                start_time=start,
            )
        )


def add_tasks(portal: Portal) -> None:
    """Tasks 1..5, some bound to deals through UF_CRM_TASK."""
    specs = [
        (1, ANNA, ADMIN, 2, ["D_1"]),
        (2, ANNA, ANNA, 5, []),
        (3, BOB, ANNA, 3, ["D_2"]),
        (4, CAROL, ADMIN, 2, []),
        (5, ANNA, BOB, 3, ["D_1", "C_1"]),
    ]
    for tid, resp, creator, status, crm in specs:
        portal.add_task(
            Task(tid, f"Task {tid}", resp, creator, real_status=status, uf_crm_task=list(crm))
        )


def full_portal() -> Portal:
    """small_portal() with items, activities and tasks."""
    portal = small_portal()
    add_items(portal)
    add_activities(portal)
    add_tasks(portal)
    return portal


def context(portal: Portal, user_id: int = ADMIN, **switches: bool) -> CallContext:
    """A call context for `user_id` with every scope."""
    hook = Webhook(user_id, "s3cr3t", frozenset({"crm", "task", "im", "user", "department"}))
    return CallContext(portal, hook, portal.users[user_id], dict(switches))


def call(ctx: CallContext, name: str, params: dict[str, Any] | None = None) -> Any:
    """Run one registered method directly, as the handler would (no envelope)."""
    return REGISTRY[name.lower()].handler(ctx, dict(params or {}))


def page(ctx: CallContext, name: str, params: dict[str, Any] | None = None) -> ListPage:
    """Run a list method and check that it answered with a ListPage."""
    result = call(ctx, name, params)
    assert isinstance(result, ListPage)
    return result


SECRET = "s3cr3t"


async def rest(
    portal: Portal,
    method_name: str,
    *,
    json_body: dict[str, Any] | None = None,
    form: str | None = None,
    user_id: int = ADMIN,
) -> tuple[int, Any]:
    """POST one call through the in-process transport; (HTTP status, decoded JSON body).

    `form` is a ready form-encoded body (PHP bracket syntax, §2.1); otherwise JSON is sent.
    """
    if not any(w.user_id == user_id for w in portal.webhooks):
        scopes = frozenset({"crm", "task", "im", "user", "department"})
        portal.webhooks.append(Webhook(user_id, SECRET, scopes))
    emulator = Emulator(portal)
    async with httpx.AsyncClient(
        transport=EmulatorTransport(emulator), base_url="http://127.0.0.1"
    ) as client:
        url = f"/rest/{user_id}/{SECRET}/{method_name}.json"
        if form is not None:
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            response = await client.post(url, content=form.encode(), headers=headers)
        else:
            response = await client.post(
                url,
                content=json.dumps(json_body or {}).encode(),
                headers={"Content-Type": "application/json"},
            )
    return response.status_code, response.json()
