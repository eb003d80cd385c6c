"""services/planspec.py: the CLI's words for a plan, turned into a HandoverPlan (no portal)."""

from __future__ import annotations

import pytest

from desktop_handover.handover.plan import ByCategory, CategoryRoute, EvenSplit, Single
from desktop_handover.handover.sections import BUILTIN_SECTIONS, smart_process_section
from desktop_handover.handover.selection import AllMatching, SectionFilter
from desktop_handover.services.planspec import (
    PlanSpec,
    PlanSpecError,
    Route,
    build_plan,
    parse_route,
    requested_sections,
    select_sections,
)
from tests.fakes import FakeCrmGateway

SPA = smart_process_section(128, "Contracts", stages_enabled=False)
AVAILABLE = [*BUILTIN_SECTIONS[:6], SPA, *BUILTIN_SECTIONS[6:]]


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("3=17", Route("deals", 3, 17)),
        ("deals:0=8", Route("deals", 0, 8)),
        ("spa_128:12=9", Route("spa_128", 12, 9)),
    ],
)
def test_routes(text: str, route: Route) -> None:
    assert parse_route(text) == route


@pytest.mark.parametrize("text", ["", "3", "deals:x=1", "3=", "3=0", "3=-2", "=5"])
def test_bad_routes(text: str) -> None:
    with pytest.raises(PlanSpecError, match="expected"):
        parse_route(text)


def test_section_names() -> None:
    assert requested_sections(" Deals, contacts ,spa_1036") == ["deals", "contacts", "spa_1036"]
    for bad in ("", "all,deals", "meteors", "spa_x"):
        with pytest.raises(PlanSpecError):
            requested_sections(bad)


def test_selection_keeps_tab_order_and_knows_what_was_named() -> None:
    chosen, named = select_sections(["tasks", "smart", "deals"], AVAILABLE)
    assert [s.key for s in chosen] == ["deals", "spa_128", "tasks"]
    assert named == {"tasks", "deals"}
    everything, named = select_sections(["all"], AVAILABLE)
    assert [s.key for s in everything] == [s.key for s in AVAILABLE]
    assert named == set()
    with pytest.raises(PlanSpecError, match="no smart process spa_999"):
        select_sections(["spa_999"], AVAILABLE)


def test_checks_without_a_portal() -> None:
    PlanSpec(22, (7, 8)).check()
    with pytest.raises(PlanSpecError, match="both --from and --to"):
        PlanSpec(22, (7, 22)).check()
    with pytest.raises(PlanSpecError, match="--route needs --split pipeline"):
        PlanSpec(22, (7,), routes=("3=8",)).check()


@pytest.mark.asyncio
async def test_plans_from_words() -> None:
    gateway = FakeCrmGateway(users={})
    plan, notes = await build_plan(PlanSpec(22, (7,), sections="deals,contacts"), gateway)
    assert [sp.section.key for sp in plan.sections] == ["deals", "contacts"]
    assert plan.rule == Single(7)
    assert notes == []
    plan, notes = await build_plan(
        PlanSpec(22, (7, 8), sections="deals,contacts", section_filter=SectionFilter.OPEN),
        gateway,
    )
    assert plan.rule == EvenSplit((7, 8))
    # Named on its own, contacts keep the filter: the plan check refuses it with advice.
    assert [sp.selection for sp in plan.sections] == [
        AllMatching(SectionFilter.OPEN),
        AllMatching(SectionFilter.OPEN),
    ]
    plan, _ = await build_plan(
        PlanSpec(22, (7,), sections="deals", split="pipeline", routes=("0=8", "deals:2=9")),
        gateway,
    )
    assert plan.rule == ByCategory(
        (CategoryRoute("deals", 0, 8), CategoryRoute("deals", 2, 9)), fallback_id=7
    )
    with pytest.raises(PlanSpecError, match="no pipelines"):
        await build_plan(
            PlanSpec(22, (7,), sections="contacts", split="pipeline", routes=("0=8",)), gateway
        )


@pytest.mark.asyncio
async def test_pipeline_split_without_routes_deals_the_departing_users_pipelines_out() -> None:
    gateway = FakeCrmGateway(users={})
    for item_id, category in ((1, 5), (2, 0), (3, 5), (4, 9)):
        gateway.add("deals", item_id, 22, category_id=category)
    gateway.add("deals", 5, 30, category_id=7)  # someone else's pipeline is not dealt out
    plan, _ = await build_plan(PlanSpec(22, (7, 8), sections="deals", split="pipeline"), gateway)
    assert plan.rule == ByCategory(
        (
            CategoryRoute("deals", 0, 7),
            CategoryRoute("deals", 5, 8),
            CategoryRoute("deals", 9, 7),
        ),
        fallback_id=7,
    )
