"""The plan being composed in the window, and its live summary (pure Python, no Qt).

`summarize` runs in a worker thread (asyncio.to_thread): with 100,000 loaded rows the split
takes longer than one frame, and the GIL's switch interval lets the GUI thread keep painting.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from desktop_handover.handover.estimate import LIST_ITEMS_PER_REQUEST, estimate, resolve_listing
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
    SplitRule,
    plan_problems,
)
from desktop_handover.handover.ports import Pacing, UserInfo
from desktop_handover.handover.sections import ItemKey, ItemRef, SectionSpec
from desktop_handover.handover.selection import AllMatching, Explicit, Selection

#: The placeholder successor of items while nobody is chosen (user ids start at 1).
NOBODY = 0


class SplitMode(StrEnum):
    """How items without a per-selection choice are shared among the successors."""

    SINGLE = "single"
    EVEN = "even"
    BY_PIPELINE = "by_pipeline"


@dataclass
class PlanDraft:
    """The admin's choices so far; `build` turns them and the tabs' selections into a plan.

    Attributes:
        departing_user_id: whose items are handed over.
        successors: the chosen successors, in order; SINGLE uses the first.
        mode: the split rule for items without their own choice.
        routes: for BY_PIPELINE, (section key, pipeline id) → successor; others go to the
            first successor.
        assignments: per-selection choices ("Assign selected to successor") for ticked ids.
        section_successor: "for all" sections assigned as a whole to one successor.
        keep_related: companies, contacts, activities and tasks follow their items.
        options: comments, notifications, summary messages, dismissal.
    """

    departing_user_id: int
    successors: list[int] = field(default_factory=list)
    mode: SplitMode = SplitMode.SINGLE
    routes: dict[tuple[str, int], int] = field(default_factory=dict)
    assignments: dict[ItemKey, int] = field(default_factory=dict)
    section_successor: dict[str, int] = field(default_factory=dict)
    keep_related: bool = True
    options: HandoverOptions = field(default_factory=HandoverOptions)

    def add_successor(self, user_id: int) -> None:
        """Add `user_id` to the successors (at the end) unless already there."""
        if user_id not in self.successors:
            self.successors.append(user_id)

    def remove_successor(self, user_id: int) -> None:
        """Remove `user_id` and every choice that named them."""
        if user_id in self.successors:
            self.successors.remove(user_id)
        self.routes = {k: v for k, v in self.routes.items() if v != user_id}
        self.assignments = {k: v for k, v in self.assignments.items() if v != user_id}
        self.section_successor = {k: v for k, v in self.section_successor.items() if v != user_id}

    def rule(self) -> SplitRule:
        """The plan-wide split rule (EvenSplit(()) when nobody is chosen: NO_SUCCESSOR)."""
        if not self.successors:
            return EvenSplit(())
        if self.mode is SplitMode.EVEN and len(self.successors) > 1:
            return EvenSplit(tuple(self.successors))
        if self.mode is SplitMode.BY_PIPELINE:
            routes = tuple(
                CategoryRoute(section, category, successor)
                for (section, category), successor in sorted(self.routes.items())
                if successor in self.successors
            )
            return ByCategory(routes, self.successors[0])
        return Single(self.successors[0])

    def assign(self, section: str, selection: Selection, successor: int) -> None:
        """Assign selected to successor: ticked ids, or a whole "for all" section."""
        self.add_successor(successor)
        if isinstance(selection, AllMatching):
            self.section_successor[section] = successor
            # The section's own rule decides now; earlier per-id choices would override it.
            self.assignments = {k: v for k, v in self.assignments.items() if k.section != section}
        else:
            self.section_successor.pop(section, None)
            for item_id in selection.ids:
                self.assignments[ItemKey(section, item_id)] = successor

    def build(self, selections: Sequence[tuple[SectionSpec, Selection]]) -> HandoverPlan:
        """The plan for the given per-section selections (empty selections are left out)."""
        sections: list[SectionPlan] = []
        chosen: set[ItemKey] = set()
        all_matching: set[str] = set()
        for spec, selection in selections:
            if selection.is_empty:
                continue
            own = self.section_successor.get(spec.key)
            rule = Single(own) if own is not None and own in self.successors else None
            sections.append(SectionPlan(spec, selection, rule))
            if isinstance(selection, Explicit):
                chosen.update(ItemKey(spec.key, i) for i in selection.ids)
            else:
                all_matching.add(spec.key)
        assignments = {
            key: successor
            for key, successor in self.assignments.items()
            if (key in chosen or key.section in all_matching) and successor in self.successors
        }
        return HandoverPlan(
            departing_user_id=self.departing_user_id,
            sections=tuple(sections),
            rule=self.rule(),
            assignments=assignments,
            keep_related=self.keep_related,
            options=self.options,
        )


@dataclass(frozen=True, slots=True)
class SectionSnapshot:
    """One tab as the summary needs it: a frozen copy taken on the GUI thread."""

    spec: SectionSpec
    selection: Selection
    loaded: tuple[ItemRef, ...]
    total: int
    complete: bool


@dataclass(frozen=True)
class PlanSummary:
    """What the plan panel shows: who gets how many, per section, requests and time.

    Attributes:
        plan: the plan as built.
        problems: every reason the plan would be refused now.
        per_successor: items per successor.
        per_section: items per section key.
        per_section_closed: closed items per section key.
        per_section_successor: items per (section key, successor).
        requests: HTTP requests the run will take.
        eta_seconds: the pacing model's time for them.
        approximate: True when "for all" sections are not fully loaded (counts extrapolated).
        destinations: per section key, the successor of each loaded selected item.
    """

    plan: HandoverPlan
    problems: tuple[PlanError, ...]
    per_successor: Mapping[int, int]
    per_section: Mapping[str, int]
    per_section_closed: Mapping[str, int]
    per_section_successor: Mapping[tuple[str, int], int]
    requests: int
    eta_seconds: float | None
    approximate: bool
    destinations: Mapping[str, Mapping[int, int]]

    @property
    def item_count(self) -> int:
        """Items the plan hands over."""
        return sum(self.per_section.values())


def summarize(
    plan: HandoverPlan,
    snapshots: Sequence[SectionSnapshot],
    users: Sequence[UserInfo],
    webhook_user_id: int,
    *,
    pacing: Pacing | None = None,
    batch_items: int = 49,
) -> PlanSummary:
    """Resolve `plan` against the loaded rows, extrapolating unloaded "for all" rows."""
    by_key = {s.spec.key: s for s in snapshots}
    listed = {key: list(s.loaded) for key, s in by_key.items()}
    problems = tuple(plan_problems(plan, users, webhook_user_id))
    split_plan = plan
    if not plan.successor_ids() or any(p.code is RefusalCode.NO_SUCCESSOR for p in problems):
        # Nobody chosen yet: count the items, give them to "nobody" (0), and drop that below.
        split_plan = dataclasses.replace(
            plan,
            rule=Single(NOBODY),
            assignments={},
            sections=tuple(dataclasses.replace(sp, rule=None) for sp in plan.sections),
        )
    resolution = resolve_listing(split_plan, listed)
    est = estimate(split_plan, resolution, batch_items=batch_items)
    groups: Counter[tuple[str, int]] = Counter(est.per_section_successor)
    per_section: Counter[str] = Counter(est.per_section)
    closed: Counter[str] = Counter(est.per_section_closed)
    approximate = False
    listing = 0
    for sp in plan.sections:
        snap = by_key.get(sp.section.key)
        if snap is None:
            continue
        listing += max(1, math.ceil(max(snap.total, len(snap.loaded)) / LIST_ITEMS_PER_REQUEST))
        if not isinstance(sp.selection, AllMatching) or snap.complete:
            continue
        unloaded = max(snap.total - len(snap.loaded), 0)
        if not unloaded:
            continue
        approximate = True
        key = sp.section.key
        matching = sum(1 for i in snap.loaded if sp.selection.filter.matches(i))
        share = matching / len(snap.loaded) if snap.loaded else 1.0
        extra = round(unloaded * share)
        loaded_groups = {s: n for (k, s), n in groups.items() if k == key}
        loaded_total = sum(loaded_groups.values())
        rule = split_plan.rule_for(key)
        if loaded_total:
            weights = {s: n / loaded_total for s, n in loaded_groups.items()}
        elif isinstance(rule, EvenSplit) and rule.successor_ids:
            weights = {s: 1 / len(rule.successor_ids) for s in rule.successor_ids}
        else:
            first = rule.successor_id if isinstance(rule, Single) else _fallback(rule)
            weights = {first: 1.0}
        for successor, weight in weights.items():
            groups[(key, successor)] += round(extra * weight)
        per_section[key] += extra
    per_successor: Counter[int] = Counter()
    for (_, successor), n in groups.items():
        per_successor[successor] += n
    updates = sum(math.ceil(n / batch_items) for n in groups.values() if n)
    comments = updates if plan.options.timeline_comment else 0
    requests = (
        2
        + listing
        + updates
        + comments
        + (len(per_successor) if plan.options.summary_message else 0)
        + len(plan.sections)
        + (1 if plan.options.dismiss_at_end else 0)
    )
    destinations: dict[str, dict[int, int]] = {}
    for item_key, successor in resolution.assignment.items():
        if successor != NOBODY:
            destinations.setdefault(item_key.section, {})[item_key.id] = successor
    per_successor.pop(NOBODY, None)
    return PlanSummary(
        plan=plan,
        problems=problems,
        per_successor=dict(per_successor),
        per_section={k: n for k, n in per_section.items() if n},
        per_section_closed=dict(closed),
        per_section_successor={k: n for k, n in groups.items() if n and k[1] != NOBODY},
        requests=requests,
        eta_seconds=None if pacing is None else pacing(requests),
        approximate=approximate,
        destinations=destinations,
    )


def _fallback(rule: SplitRule) -> int:
    if isinstance(rule, ByCategory):
        return rule.fallback_id
    if isinstance(rule, EvenSplit):
        return rule.successor_ids[0] if rule.successor_ids else 0
    return rule.successor_id
