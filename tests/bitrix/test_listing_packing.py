"""How list_many shares a batch among listings, and the named, counted chains it sends."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_handover.bitrix.listing import ListSpec, pages_needed, share_slots
from desktop_handover.bitrix.types import Ref


@pytest.mark.parametrize(
    ("remaining", "pages"),
    [(0, 1), (1, 1), (49, 1), (50, 2), (51, 2), (99, 2), (100, 3), (2_778, 56), (-7, 1)],
)
def test_pages_needed_counts_the_short_page_that_proves_the_end(
    remaining: int, pages: int
) -> None:
    assert pages_needed(remaining) == pages


def test_ten_fresh_listings_get_five_pages_each() -> None:
    assert share_slots([None] * 10, 50) == [5] * 10


def test_an_uneven_first_share_gives_the_rest_to_the_first_listings() -> None:
    assert share_slots([None] * 8, 50) == [7, 7, 6, 6, 6, 6, 6, 6]


def test_known_needs_are_met_in_order_and_cut_at_the_batch_end() -> None:
    assert share_slots([30, 0, 25, 4], 50) == [30, 0, 20, 0]


def test_unknown_listings_get_a_counting_page_before_known_needs() -> None:
    # Listing 1 has no count yet (its counting page failed): it gets one page first, and
    # what the known needs leave over.
    assert share_slots([40, None, 5], 50) == [40, 5, 5]
    assert share_slots([60, None], 50) == [49, 1]


def test_more_listings_than_slots_wait_their_turn() -> None:
    assert share_slots([None] * 60, 50) == [1] * 50 + [0] * 10


@given(
    needs=st.lists(st.one_of(st.none(), st.integers(0, 120)), max_size=70),
    slots=st.integers(1, 50),
)
def test_shares_fill_the_batch_and_never_exceed_a_known_need(
    needs: list[int | None], slots: int
) -> None:
    shares = share_slots(needs, slots)
    assert len(shares) == len(needs)
    assert sum(shares) <= slots
    assert all(s >= 0 for s in shares)
    for need, share in zip(needs, shares, strict=True):
        if need is not None:
            assert share <= need
    wanted = sum(n for n in needs if n is not None)
    if any(n is None for n in needs):
        # Listings of unknown size take whatever is left: the batch is full.
        assert sum(shares) == slots
    else:
        assert sum(shares) == min(slots, wanted)


def test_chains_are_named_by_prefix_and_reference_their_own_pages() -> None:
    spec = ListSpec.crm_items(2)
    base = spec.base_params({"assignedById": 7}, None)
    chain = spec.keyset_commands(base, 120, 3, prefix="l4_p", count_first=True)
    assert list(chain) == ["l4_p0", "l4_p1", "l4_p2"]
    starts = [c.params["start"] for c in chain.values()]
    assert starts == [0, -1, -1]  # the first page counts (§3: start >= 0 runs COUNT)
    cursors = [c.params["filter"][">id"] for c in chain.values()]
    assert cursors == [
        120,
        Ref("$result[l4_p0][items][49][id]"),
        Ref("$result[l4_p1][items][49][id]"),
    ]
    assert all(c.params["filter"]["assignedById"] == 7 for c in chain.values())


def test_default_chain_is_unchanged() -> None:
    spec = ListSpec.activities()
    chain = spec.keyset_commands(spec.base_params({}, None), 0, 2)
    assert list(chain) == ["req_0", "req_1"]
    assert [c.params["start"] for c in chain.values()] == [-1, -1]
    assert chain["req_1"].params["filter"][">ID"] == Ref("$result[req_0][49][ID]")
