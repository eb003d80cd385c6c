"""Helpers shared by the services tests: the emulated portal's webhooks, owners and records."""

from __future__ import annotations

from desktop_handover.bitrix.ratelimit import RateLimits
from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.limits import EmulatorConfig
from desktop_handover.emulator.seed import DemoPortal
from desktop_handover.emulator.state import Activity, CrmItem, Task
from desktop_handover.emulator.transport import EmulatorTransport
from desktop_handover.handover.sections import ACTIVITIES, SectionSpec
from desktop_handover.services.connection import PortalConnection, open_portal

#: Limits high enough that pacing never slows a test down.
FAST = RateLimits(burst=10_000, per_second=10_000)


def webhook(portal: DemoPortal, user_id: int) -> str:
    """The webhook URL of `user_id` on the in-process emulator."""
    hook = next(h for h in portal.webhooks if h.user_id == user_id)
    return f"http://127.0.0.1/rest/{hook.user_id}/{hook.secret}/"


def owned(portal: DemoPortal, section: SectionSpec, user_id: int) -> list[int]:
    """Ids `user_id` is responsible for in `section`, ascending."""
    if section.entity_type_id is not None:
        return list(portal.table(section.entity_type_id).by_owner.ids(user_id))
    table = portal.activities if section is ACTIVITIES else portal.tasks
    return list(table.by_owner.ids(user_id))


def record(portal: DemoPortal, section: SectionSpec, item_id: int) -> CrmItem | Activity | Task:
    """The emulator's record of `item_id` in `section`."""
    if section.entity_type_id is not None:
        return portal.table(section.entity_type_id).rows[item_id]
    table = portal.activities if section is ACTIVITIES else portal.tasks
    return table.rows[item_id]


def owner(portal: DemoPortal, section: SectionSpec, item_id: int) -> int:
    """Who is responsible for `item_id` now."""
    rec = record(portal, section, item_id)
    return rec.assigned_by_id if isinstance(rec, CrmItem) else rec.responsible_id


async def open_with_missing_paths(
    portal: DemoPortal, literal: bool, user_id: int
) -> tuple[Emulator, PortalConnection]:
    """An emulator that substitutes missing `$result` paths one way or the other (§3 caveat
    [inferred]: the deepest existing part, or the literal text), and a connection to it."""
    emulator = Emulator(
        portal,
        EmulatorConfig(
            burst=10_000, rate=10_000.0, switches={"batch_missing_path_literal": literal}
        ),
    )
    conn = await open_portal(
        webhook(portal, user_id), transport=EmulatorTransport(emulator), limits=FAST
    )
    return emulator, conn
