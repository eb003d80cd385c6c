"""SelectionState (the tab's ticks), the section filters, and what a selection includes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_handover.handover.sections import ItemRef
from desktop_handover.handover.selection import (
    AllMatching,
    Explicit,
    SectionFilter,
    SelectionState,
)


def item(item_id: int, closed: bool | None) -> ItemRef:
    return ItemRef("deals", item_id, "t", 10, closed=closed)


def test_filters_split_open_and_closed() -> None:
    open_, closed, stageless = item(1, False), item(2, True), item(3, None)
    assert [SectionFilter.ALL.matches(i) for i in (open_, closed, stageless)] == [True] * 3
    assert [SectionFilter.OPEN.matches(i) for i in (open_, closed, stageless)] == [
        True,
        False,
        False,
    ]
    assert [SectionFilter.CLOSED.matches(i) for i in (open_, closed, stageless)] == [
        False,
        True,
        False,
    ]


def test_explicit_ticks_are_keyed_by_id() -> None:
    state = SelectionState()
    state.set_checked(5, True)
    state.set_checked(7, True)
    state.set_checked(5, False)
    state.set_checked(9, False)
    assert state.selection() == Explicit(frozenset({7}))
    assert state.is_checked(7)
    assert not state.is_checked(5)
    assert state.selected_count(total_matching=100) == 1


def test_for_all_with_exclusions() -> None:
    state = SelectionState(SectionFilter.OPEN)
    state.set_checked(1, True)
    state.set_for_all(True)
    assert state.is_checked(12345)  # not loaded, still selected
    state.set_checked(3, False)
    state.set_checked(4, False)
    state.set_checked(4, True)  # ticked again: no longer excluded
    assert state.selection() == AllMatching(SectionFilter.OPEN, frozenset({3}))
    assert not state.is_checked(3)
    assert state.selected_count(total_matching=1240) == 1239
    # The filter can change; exclusions are ids and stay.
    state.set_filter(SectionFilter.ALL)
    assert state.selection() == AllMatching(SectionFilter.ALL, frozenset({3}))
    # Off again: back to the explicit ticks made before.
    state.set_for_all(False)
    assert state.selection() == Explicit(frozenset({1}))


def test_check_many_and_clear() -> None:
    state = SelectionState()
    state.check_many(range(10))
    assert state.selected_count(0) == 10
    state.set_for_all(True)
    state.check_many([1, 2], checked=False)
    assert state.selection() == AllMatching(SectionFilter.ALL, frozenset({1, 2}))
    state.clear()
    assert state.selection() == Explicit()
    assert state.selection().is_empty
    assert not state.for_all


def test_all_matching_includes_by_filter_minus_exclusions() -> None:
    selection = AllMatching(SectionFilter.OPEN, frozenset({2}))
    assert selection.includes(item(1, False))
    assert not selection.includes(item(2, False))
    assert not selection.includes(item(3, True))
    assert not selection.is_empty  # only the server knows


ops = st.lists(
    st.one_of(
        st.tuples(st.just("check"), st.integers(0, 20), st.booleans()),
        st.tuples(st.just("for_all"), st.booleans(), st.just(False)),
    ),
    max_size=40,
)


@settings(max_examples=100, deadline=None)
@given(ops)
def test_selection_agrees_with_the_ticks_shown(script: list[tuple[str, object, bool]]) -> None:
    state = SelectionState()
    for op, a, b in script:
        if op == "check":
            state.set_checked(int(a), b)  # type: ignore[call-overload]
        else:
            state.set_for_all(bool(a))
    selection = state.selection()
    for item_id in range(21):
        assert selection.includes(item(item_id, False)) == state.is_checked(item_id)
