"""The reassign guard for tasks: tasks.task.list has no `@` prefix, so the guard says `ID`."""

from __future__ import annotations

import pytest

from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.seed import DemoPortal
from desktop_handover.handover.ports import GatewayError, ReassignGroup, ReassignOptions
from desktop_handover.handover.report import Outcome
from desktop_handover.handover.sections import TASKS
from desktop_handover.services import gateway as gateway_module
from desktop_handover.services.connection import PortalConnection
from tests.services.portal import owned


def _changed(before: dict[str, int], after: dict[str, int]) -> set[int]:
    return {int(k) for k, owner in after.items() if before.get(k) != owner}


@pytest.mark.asyncio
async def test_the_task_guard_moves_exactly_the_chosen_tasks(
    portal: DemoPortal,
    emulator: Emulator,
    connection: PortalConnection,
) -> None:
    departing = portal.facts.big_book_user_id
    successor, colleague = portal.facts.successor_candidate_ids[:2]
    tasks = owned(portal, TASKS, departing)
    assert len(tasks) > 10
    chosen = [tasks[1], tasks[4], tasks[7]]
    portal.reassign_task(portal.tasks.rows[tasks[4]], colleague)  # taken meanwhile
    before = emulator.snapshot()["task"]

    [outcomes] = await connection.gateway.reassign(
        [ReassignGroup(TASKS, departing, successor, chosen)], ReassignOptions()
    )

    after = emulator.snapshot()["task"]
    assert _changed(before, after) == {tasks[1], tasks[7]}
    assert [o.outcome for o in outcomes] == [Outcome.DONE, Outcome.UNKNOWN, Outcome.DONE]
    assert after[str(tasks[4])] == colleague


@pytest.mark.asyncio
async def test_a_guard_that_ignores_its_id_filter_stops_the_run(
    portal: DemoPortal,
    emulator: Emulator,
    connection: PortalConnection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The guard as it was sent before: "@ID", which tasks.task.list drops (§9). The guard
    # then lists the owner's first tasks, not the chosen ones: the gateway must say so.
    monkeypatch.setattr(gateway_module, "_id_in_key", lambda section: "@ID")
    departing = portal.facts.big_book_user_id
    successor = portal.facts.successor_candidate_ids[0]
    tasks = owned(portal, TASKS, departing)
    with pytest.raises(GatewayError) as info:
        await connection.gateway.reassign(
            [ReassignGroup(TASKS, departing, successor, [tasks[5], tasks[9]])],
            ReassignOptions(),
        )
    assert info.value.code == "GUARD_MISMATCH"
