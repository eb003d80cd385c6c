"""Timestamps an update writes come from the emulator's injected clock, in the portal's offset.

bitrix24-api.md §11 item 5: datetimes are ISO-8601 with the portal's offset; `CallContext.now()`
builds them from the clock the emulator was given, so a fake clock fixes them in tests.
"""

from __future__ import annotations

from datetime import timedelta, timezone
from typing import Any

import httpx
import pytest

from desktop_handover.emulator.api import CallContext
from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.limits import EmulatorConfig
from desktop_handover.emulator.state import DEAL, Portal, Webhook
from desktop_handover.emulator.transport import EmulatorTransport
from tests.emulator.crm_fixtures import ADMIN, BOB, SPA, call, context, full_portal

#: 2026-11-27T05:00:00Z plus a fraction that PHP's date('c') drops.
NOW = 1_795_755_600.75
CET = timezone(timedelta(hours=1))


def clocked(portal: Portal) -> CallContext:
    ctx = context(portal)
    ctx.clock = lambda: NOW
    ctx.tz = CET
    return ctx


def test_now_is_the_injected_clock_in_the_portal_offset_to_whole_seconds() -> None:
    ctx = clocked(full_portal())
    assert ctx.now() == "2026-11-27T06:00:00+01:00"
    ctx.tz = timezone(timedelta(hours=-3, minutes=-30))
    assert ctx.now() == "2026-11-27T01:30:00-03:30"


def updated_time(portal: Portal, type_id: int, item_id: int) -> str:
    return portal.table(type_id).rows[item_id].updated_time


@pytest.mark.parametrize(
    ("name", "params", "read"),
    [
        (
            "crm.item.update",
            {"entityTypeId": DEAL, "id": 1, "fields": {"assignedById": BOB}},
            lambda p: updated_time(p, DEAL, 1),
        ),
        (
            "crm.item.update",
            {"entityTypeId": SPA, "id": 1, "fields": {"title": "renamed"}},
            lambda p: updated_time(p, SPA, 1),
        ),
        (
            "crm.deal.update",
            {"id": 1, "fields": {"ASSIGNED_BY_ID": BOB}},
            lambda p: updated_time(p, DEAL, 1),
        ),
        (
            "crm.activity.update",
            {"id": 1, "fields": {"RESPONSIBLE_ID": BOB}},
            lambda p: p.activities.rows[1].last_updated,
        ),
        (
            "crm.activity.todo.updateResponsibleUser",
            {"id": 1, "ownerTypeId": DEAL, "ownerId": 1, "responsibleId": BOB},
            lambda p: p.activities.rows[1].last_updated,
        ),
        (
            "tasks.task.update",
            {"taskId": 1, "fields": {"RESPONSIBLE_ID": BOB}},
            lambda p: p.tasks.rows[1].changed_date,
        ),
        (
            "crm.timeline.comment.add",
            {"fields": {"ENTITY_ID": 1, "ENTITY_TYPE": "deal", "COMMENT": "handed over"}},
            lambda p: p.comments[-1].created,
        ),
    ],
)
def test_every_writing_method_stamps_the_context_clock(
    name: str, params: dict[str, Any], read: Any
) -> None:
    portal = full_portal()
    call(clocked(portal), name, params)
    assert read(portal) == "2026-11-27T06:00:00+01:00"


def test_an_unchanged_record_keeps_its_timestamps() -> None:
    # §7.5: nothing to save, nothing stamped; a task is the same.
    portal = full_portal()
    owner = portal.tasks.rows[1].responsible_id
    created = portal.tasks.rows[1].created_date
    call(clocked(portal), "tasks.task.update", {"taskId": 1, "fields": {"RESPONSIBLE_ID": owner}})
    assert portal.tasks.rows[1].changed_date is None
    row = call(clocked(portal), "tasks.task.get", {"taskId": 1, "select": ["CHANGED_DATE"]})
    assert row["task"]["changedDate"] == created


@pytest.mark.asyncio
async def test_the_emulator_hands_its_clock_and_offset_to_every_call() -> None:
    portal = full_portal()
    secret = "clocksecret"
    portal.webhooks.append(Webhook(ADMIN, secret, frozenset({"crm", "task"})))
    emulator = Emulator(portal, EmulatorConfig(utc_offset_minutes=120), clock=lambda: NOW)
    async with httpx.AsyncClient(
        transport=EmulatorTransport(emulator), base_url="https://portal.test"
    ) as client:
        response = await client.post(
            f"/rest/{ADMIN}/{secret}/crm.item.update",
            json={"entityTypeId": DEAL, "id": 1, "fields": {"assignedById": BOB}},
        )
        task = await client.post(
            f"/rest/{ADMIN}/{secret}/tasks.task.update",
            json={"taskId": 2, "fields": {"TITLE": "renamed"}},
        )
    assert response.status_code == 200, response.text
    assert response.json()["result"]["item"]["updatedTime"] == "2026-11-27T07:00:00+02:00"
    assert task.status_code == 200, task.text
    assert task.json()["result"]["task"]["changedDate"] == "2026-11-27T07:00:00+02:00"
