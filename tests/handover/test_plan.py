"""Plan checks (every refusal) and the plan's JSON round trip."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_handover.handover.plan import (
    ByCategory,
    CategoryRoute,
    EvenSplit,
    HandoverOptions,
    HandoverPlan,
    PlanError,
    RefusalCode,
    SectionPlan,
    Single,
    check_plan,
    plan_from_json,
    plan_problems,
    plan_to_json,
)
from desktop_handover.handover.sections import (
    CONTACTS,
    DEALS,
    ItemKey,
    smart_process_section,
)
from desktop_handover.handover.selection import AllMatching, Explicit, SectionFilter
from tests.handover.portal import ADMIN, ANNA, EWA, OLGA, PIOTR, make_users, plan_for

USERS = list(make_users().values())


def codes(plan: HandoverPlan, webhook_user: int = ADMIN) -> list[RefusalCode]:
    return [p.code for p in plan_problems(plan, USERS, webhook_user)]


def test_a_sound_plan_passes() -> None:
    plan = plan_for({"deals": AllMatching(), "contacts": Explicit(frozenset({1}))})
    assert codes(plan) == []
    check_plan(plan, USERS, ADMIN)


def test_nothing_selected() -> None:
    assert codes(plan_for({"deals": Explicit()})) == [RefusalCode.NOTHING_SELECTED]
    assert codes(plan_for({})) == [RefusalCode.NOTHING_SELECTED]


def test_successor_equal_to_the_departing_user() -> None:
    plan = plan_for({"deals": AllMatching()}, rule=EvenSplit((PIOTR, ANNA)))
    problems = plan_problems(plan, USERS, ADMIN)
    assert [(p.code, p.params) for p in problems] == [
        (RefusalCode.SUCCESSOR_IS_DEPARTING, {"user_id": ANNA})
    ]


def test_dismissed_successor_anywhere_in_the_plan() -> None:
    by_rule = plan_for({"deals": AllMatching()}, rule=Single(OLGA))
    by_item = plan_for({"deals": AllMatching()}, assignments={ItemKey("deals", 1): OLGA})
    by_route = plan_for(
        {"deals": AllMatching()},
        rule=ByCategory((CategoryRoute("deals", 9, OLGA),), fallback_id=PIOTR),
    )
    for plan in (by_rule, by_item, by_route):
        assert codes(plan) == [RefusalCode.SUCCESSOR_DISMISSED]


def test_unknown_successor_and_unknown_departing_user() -> None:
    assert codes(plan_for({"deals": AllMatching()}, rule=Single(4242))) == [
        RefusalCode.SUCCESSOR_UNKNOWN
    ]
    plan = replace(plan_for({"deals": AllMatching()}), departing_user_id=4343)
    assert codes(plan) == [RefusalCode.DEPARTING_UNKNOWN]


def test_no_successor() -> None:
    assert codes(plan_for({"deals": AllMatching()}, rule=EvenSplit(()))) == [
        RefusalCode.NO_SUCCESSOR
    ]


def test_webhook_user_is_the_departing_user() -> None:
    assert codes(plan_for({"deals": AllMatching()}), webhook_user=ANNA) == [
        RefusalCode.WEBHOOK_USER_IS_DEPARTING
    ]


def test_open_closed_filter_on_a_section_without_stages() -> None:
    plan = plan_for({"contacts": AllMatching(SectionFilter.OPEN)})
    assert codes(plan) == [RefusalCode.FILTER_NOT_SUPPORTED]
    assert codes(plan_for({"deals": AllMatching(SectionFilter.CLOSED)})) == []


def test_duplicate_section() -> None:
    plan = HandoverPlan(
        ANNA,
        (SectionPlan(DEALS, AllMatching()), SectionPlan(DEALS, Explicit(frozenset({1})))),
        Single(PIOTR),
    )
    assert codes(plan) == [RefusalCode.DUPLICATE_SECTION]


def test_dismissal_needs_explicit_confirmation() -> None:
    asked = plan_for({"deals": AllMatching()}, options=HandoverOptions(dismiss_at_end=True))
    assert codes(asked) == [RefusalCode.DISMISS_NOT_CONFIRMED]
    confirmed = replace(
        asked, options=HandoverOptions(dismiss_at_end=True, dismiss_confirmed=True)
    )
    assert codes(confirmed) == []


def test_every_problem_is_listed_and_check_raises_the_first() -> None:
    plan = plan_for(
        {"contacts": AllMatching(SectionFilter.CLOSED)},
        rule=Single(OLGA),
        options=HandoverOptions(dismiss_at_end=True),
    )
    assert codes(plan, webhook_user=ANNA) == [
        RefusalCode.WEBHOOK_USER_IS_DEPARTING,
        RefusalCode.FILTER_NOT_SUPPORTED,
        RefusalCode.SUCCESSOR_DISMISSED,
        RefusalCode.DISMISS_NOT_CONFIRMED,
    ]
    with pytest.raises(PlanError) as info:
        check_plan(plan, USERS, ANNA)
    assert info.value.code is RefusalCode.WEBHOOK_USER_IS_DEPARTING
    assert info.value.params == {"user_id": ANNA}


ids = st.frozensets(st.integers(1, 10**9), max_size=5)
selections = st.one_of(
    ids.map(Explicit), st.builds(AllMatching, st.sampled_from(list(SectionFilter)), ids)
)
users = st.sampled_from([PIOTR, EWA, 77])
rules = st.one_of(
    users.map(Single),
    st.lists(users, min_size=1, max_size=3).map(lambda u: EvenSplit(tuple(u))),
    st.builds(
        lambda r, f: ByCategory(tuple(r), f),
        st.lists(
            st.builds(
                CategoryRoute, st.sampled_from(["deals", "spa_130"]), st.integers(0, 9), users
            ),
            max_size=3,
        ),
        users,
    ),
)
spa = smart_process_section(130, "Projekty „Ąę”", stages_enabled=False)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from([DEALS, CONTACTS, spa]), unique=True, max_size=3),
    st.data(),
    rules,
    st.dictionaries(
        st.builds(ItemKey, st.sampled_from(["deals", "contacts"]), st.integers(1, 99)),
        users,
        max_size=3,
    ),
    st.booleans(),
    st.builds(
        HandoverOptions, st.booleans(), st.booleans(), st.booleans(), st.booleans(), st.booleans()
    ),
)
def test_plan_json_round_trip(
    specs: list[object],
    data: st.DataObject,
    rule: object,
    assignments: dict[ItemKey, int],
    keep_related: bool,
    options: HandoverOptions,
) -> None:
    sections = tuple(
        SectionPlan(s, data.draw(selections), data.draw(st.none() | rules))  # type: ignore[arg-type]
        for s in specs
    )
    plan = HandoverPlan(ANNA, sections, rule, assignments, keep_related, options)  # type: ignore[arg-type]
    assert plan_from_json(plan_to_json(plan)) == plan
