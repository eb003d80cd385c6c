"""The dry run: which listed items a plan selects, who gets them, and what the run will cost."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from desktop_handover.handover.batching import count_requests
from desktop_handover.handover.plan import HandoverPlan
from desktop_handover.handover.ports import Pacing
from desktop_handover.handover.sections import ApiFamily, ItemKey, ItemRef
from desktop_handover.handover.selection import Explicit
from desktop_handover.handover.split import assign_successors

#: Items one HTTP request lists with chained batches of crm.item.list (50 × 50, §3).
LIST_ITEMS_PER_REQUEST = 2500
#: Rows per page of every list method (§3).
PAGE_ROWS = 50


@dataclass(frozen=True)
class Resolution:
    """A plan resolved against the portal's current listing.

    Attributes:
        items: per section key, the selected items still owned by the departing user, by id.
        listed: per section key, how many items the listing returned (selected or not).
        missing: per section key, explicitly selected ids the departing user no longer owns
            (or that do not exist); the run reports them as skipped.
        assignment: the successor of every selected item.
    """

    items: Mapping[str, tuple[ItemRef, ...]]
    listed: Mapping[str, int]
    missing: Mapping[str, tuple[int, ...]]
    assignment: Mapping[ItemKey, int]

    @property
    def item_count(self) -> int:
        """Selected items across sections."""
        return sum(len(v) for v in self.items.values())


def resolve_listing(plan: HandoverPlan, listed: Mapping[str, Sequence[ItemRef]]) -> Resolution:
    """Apply the plan's selections and split to what the listing returned.

    Args:
        plan: the plan.
        listed: per section key, the departing user's items the listing returned, listed with
            the section's AllMatching filter (ALL for explicit selections).
    """
    items: dict[str, tuple[ItemRef, ...]] = {}
    missing: dict[str, tuple[int, ...]] = {}
    for sp in plan.sections:
        key = sp.section.key
        rows = listed.get(key, ())
        chosen = tuple(sorted((i for i in rows if sp.selection.includes(i)), key=lambda i: i.id))
        items[key] = chosen
        if isinstance(sp.selection, Explicit):
            found = {i.id for i in chosen}
            missing[key] = tuple(sorted(sp.selection.ids - found))
        else:
            missing[key] = ()
    return Resolution(
        items=items,
        listed={sp.section.key: len(listed.get(sp.section.key, ())) for sp in plan.sections},
        missing=missing,
        assignment=assign_successors(plan, items),
    )


@dataclass(frozen=True, slots=True)
class RequestCount:
    """HTTP requests a run will make, by purpose."""

    checks: int = 0
    listing: int = 0
    updates: int = 0
    comments: int = 0
    notifications: int = 0
    verification: int = 0
    dismissal: int = 0

    @property
    def total(self) -> int:
        """All requests."""
        return (
            self.checks
            + self.listing
            + self.updates
            + self.comments
            + self.notifications
            + self.verification
            + self.dismissal
        )


@dataclass(frozen=True)
class Estimate:
    """The dry run's figures.

    Attributes:
        per_section: selected items per section key.
        per_section_closed: closed items among them per section key (open = the rest; items
            without stages count as open).
        per_successor: items per successor.
        per_section_successor: items per (section key, successor).
        skipped: explicitly selected ids already gone from the departing user.
        requests: the HTTP requests it will take.
        eta_seconds: the pacing model's time for those requests; None without a model.
    """

    per_section: Mapping[str, int]
    per_section_closed: Mapping[str, int]
    per_successor: Mapping[int, int]
    per_section_successor: Mapping[tuple[str, int], int]
    skipped: int
    requests: RequestCount
    eta_seconds: float | None = None
    sections: tuple[str, ...] = field(default=())

    @property
    def item_count(self) -> int:
        """Selected items across sections."""
        return sum(self.per_section.values())


def estimate(
    plan: HandoverPlan,
    resolution: Resolution,
    *,
    batch_items: int = 49,
    pacing: Pacing | None = None,
) -> Estimate:
    """Count what the run of `plan` will do and how many requests it will take.

    Listing: about ⌈Σ pages / 50⌉ requests, the sections' 50-row pages sharing batches (a
    section of N listed items needs ⌊N/50⌋ + 1 pages). Updates: the
    requests the engine's packing fills (batching.py: `batch_items` + 1 commands each, one
    guard per (section, successor) group in a request). Comments: ⌈n/`batch_items`⌉ per
    group, for sections with a timeline. Notifications: one per successor. Verification: the
    first pages of every "all matching" section in one batch, plus an owner look-up per
    explicitly selected section. Checks: user.current and user.get. bitrix24-api.md §12
    gives the model.
    """
    # The assignment holds exactly the selected items (Resolution): counting its entries
    # spares building and hashing a key per item, which adds up over 100,000 items.
    groups: Counter[tuple[str, int]] = Counter(
        (key.section, successor) for key, successor in resolution.assignment.items()
    )
    closed: Counter[str] = Counter(
        {
            key: sum(1 for item in rows if item.closed is True)
            for key, rows in resolution.items.items()
        }
    )
    per_successor: Counter[int] = Counter()
    for (_, successor), n in groups.items():
        per_successor[successor] += n
    families = {sp.section.key: sp.section.family for sp in plan.sections}
    matching = sum(1 for sp in plan.sections if not isinstance(sp.selection, Explicit))
    rank = {sp.section.key: n for n, sp in enumerate(plan.sections)}
    updates = count_requests(
        (n for _, n in sorted(groups.items(), key=lambda kv: (rank.get(kv[0][0], 0), kv[0][1]))),
        batch_items + 1,
    )
    comments = 0
    if plan.options.timeline_comment:
        comments = sum(
            math.ceil(n / batch_items)
            for (key, _), n in groups.items()
            if families[key] is not ApiFamily.TASK
        )
    # The sections' pages share batches (CrmGateway.list_many): every listing needs its
    # full pages plus the short one that ends it, 50 pages a request.
    pages = sum(resolution.listed.get(sp.section.key, 0) // PAGE_ROWS + 1 for sp in plan.sections)
    listing = math.ceil(pages / (LIST_ITEMS_PER_REQUEST // PAGE_ROWS))
    requests = RequestCount(
        checks=2,
        listing=listing,
        updates=updates,
        comments=comments,
        notifications=len(per_successor) if plan.options.summary_message else 0,
        # The residue check: the first pages of all "all matching" sections in one batch of
        # 50 commands, an owner look-up per explicitly selected section (engine._residue).
        verification=math.ceil(matching / 50) + len(plan.sections) - matching,
        dismissal=1 if plan.options.dismiss_at_end else 0,
    )
    return Estimate(
        per_section={
            sp.section.key: len(resolution.items.get(sp.section.key, ())) for sp in plan.sections
        },
        per_section_closed={sp.section.key: closed[sp.section.key] for sp in plan.sections},
        per_successor=dict(per_successor),
        per_section_successor=dict(groups),
        skipped=sum(len(v) for v in resolution.missing.values()),
        requests=requests,
        eta_seconds=None if pacing is None else pacing(requests.total),
        sections=tuple(sp.section.key for sp in plan.sections),
    )
