"""HandoverPlan: who leaves, what is selected per section, who gets it, and the run's options."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from desktop_handover.handover.ports import UserInfo
from desktop_handover.handover.sections import ItemKey, SectionSpec
from desktop_handover.handover.selection import AllMatching, Explicit, SectionFilter, Selection


@dataclass(frozen=True, slots=True)
class Single:
    """Every item goes to one successor."""

    successor_id: int


@dataclass(frozen=True, slots=True)
class EvenSplit:
    """Round-robin over the successors, per section, in ascending item id (deterministic)."""

    successor_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class CategoryRoute:
    """Items of `section` in pipeline `category_id` go to `successor_id`."""

    section: str
    category_id: int
    successor_id: int


@dataclass(frozen=True, slots=True)
class ByCategory:
    """By pipeline: each route's items to its successor; everything else to `fallback_id`."""

    routes: tuple[CategoryRoute, ...]
    fallback_id: int

    def successor_for(self, section: str, category_id: int | None) -> int:
        """The successor of an item of `section` in `category_id`."""
        for route in self.routes:
            if route.section == section and route.category_id == category_id:
                return route.successor_id
        return self.fallback_id


SplitRule = Single | EvenSplit | ByCategory


def rule_successors(rule: SplitRule) -> tuple[int, ...]:
    """Every successor a rule can hand items to."""
    if isinstance(rule, Single):
        return (rule.successor_id,)
    if isinstance(rule, EvenSplit):
        return rule.successor_ids
    return (*(r.successor_id for r in rule.routes), rule.fallback_id)


@dataclass(frozen=True, slots=True)
class SectionPlan:
    """One section's part of the plan: what is selected, and optionally its own split rule."""

    section: SectionSpec
    selection: Selection
    rule: SplitRule | None = None


@dataclass(frozen=True, slots=True)
class HandoverOptions:
    """What else a run does besides reassigning.

    Attributes:
        suppress_notifications: no live-feed post per item where the API allows it: leads,
            deals, contacts, companies and quotes go through their legacy update with
            REGISTER_SONET_EVENT=N (§7.6). Other sections have no such switch, and nothing
            here is known to stop other notifications to the new responsible person.
        timeline_comment: add "handed over from X to Y" to each moved item's timeline (§10.1).
        summary_message: send each successor one message with their counts.
        dismiss_at_end: dismiss the departing user (user.update ACTIVE=N) when nothing is left.
        dismiss_confirmed: the admin explicitly confirmed the dismissal; required with
            `dismiss_at_end`.
    """

    suppress_notifications: bool = False
    timeline_comment: bool = False
    summary_message: bool = False
    dismiss_at_end: bool = False
    dismiss_confirmed: bool = False


@dataclass(frozen=True)
class HandoverPlan:
    """Everything a run needs to know, before anything is resolved on the server.

    Attributes:
        departing_user_id: whose items are handed over.
        sections: one entry per section with a selection, in run order.
        rule: the split rule for sections without their own.
        assignments: per-item successor choices; they override every rule and
            "keep related items together".
        keep_related: a deal's company and contacts, and the activities and tasks attached to
            moved items, go to the same successor as the item they belong to (see split.py).
        options: comments, notifications, dismissal.
    """

    departing_user_id: int
    sections: tuple[SectionPlan, ...]
    rule: SplitRule
    assignments: Mapping[ItemKey, int] = field(default_factory=dict)
    keep_related: bool = False
    options: HandoverOptions = field(default_factory=HandoverOptions)

    def section_plan(self, key: str) -> SectionPlan:
        """The entry of section `key`."""
        for sp in self.sections:
            if sp.section.key == key:
                return sp
        raise KeyError(key)

    def rule_for(self, key: str) -> SplitRule:
        """The split rule that applies to section `key`."""
        sp = self.section_plan(key)
        return sp.rule if sp.rule is not None else self.rule

    def successor_ids(self) -> frozenset[int]:
        """Every user the plan may hand items to."""
        ids: set[int] = set(rule_successors(self.rule))
        for sp in self.sections:
            if sp.rule is not None:
                ids.update(rule_successors(sp.rule))
        ids.update(self.assignments.values())
        return frozenset(ids)


class RefusalCode(StrEnum):
    """Why a plan (or a resume or undo request) is refused; the UI and CLI word it."""

    NOTHING_SELECTED = "nothing_selected"
    NO_SUCCESSOR = "no_successor"
    SUCCESSOR_IS_DEPARTING = "successor_is_departing"
    SUCCESSOR_DISMISSED = "successor_dismissed"
    SUCCESSOR_UNKNOWN = "successor_unknown"
    DEPARTING_UNKNOWN = "departing_unknown"
    #: The webhook acts as the departing user; it stops working at dismissal (§1.1).
    WEBHOOK_USER_IS_DEPARTING = "webhook_user_is_departing"
    #: "open only"/"closed only" on a section without stages (contacts, companies).
    FILTER_NOT_SUPPORTED = "filter_not_supported"
    DUPLICATE_SECTION = "duplicate_section"
    DISMISS_NOT_CONFIRMED = "dismiss_not_confirmed"
    RUN_NOT_FOUND = "run_not_found"
    RUN_NOT_RESUMABLE = "run_not_resumable"
    RUN_NOT_UNDOABLE = "run_not_undoable"


class PlanError(Exception):
    """A refusal, with a code and the values its message needs (ids, section keys).

    `str()` is for logs only; the UI and the CLI build their own sentence from `code` and
    `params`.
    """

    def __init__(self, code: RefusalCode, **params: object) -> None:
        detail = ", ".join(f"{k}={v}" for k, v in sorted(params.items()))
        super().__init__(f"{code.value}({detail})" if detail else code.value)
        self.code = code
        self.params: dict[str, object] = dict(params)


def plan_problems(
    plan: HandoverPlan, users: Sequence[UserInfo], webhook_user_id: int
) -> list[PlanError]:
    """Every reason to refuse `plan`, in a stable order (empty when it may run).

    Args:
        plan: the plan to check.
        users: the portal's users, active and dismissed (gateway.list_users()).
        webhook_user_id: the user the webhook acts as (gateway.current_user()).
    """
    problems: list[PlanError] = []
    by_id = {u.id: u for u in users}
    departing = plan.departing_user_id
    if departing not in by_id:
        problems.append(PlanError(RefusalCode.DEPARTING_UNKNOWN, user_id=departing))
    if webhook_user_id == departing:
        problems.append(PlanError(RefusalCode.WEBHOOK_USER_IS_DEPARTING, user_id=departing))
    if not plan.sections or all(sp.selection.is_empty for sp in plan.sections):
        problems.append(PlanError(RefusalCode.NOTHING_SELECTED))
    seen: set[str] = set()
    for sp in plan.sections:
        key = sp.section.key
        if key in seen:
            problems.append(PlanError(RefusalCode.DUPLICATE_SECTION, section=key))
        seen.add(key)
        selection = sp.selection
        if (
            isinstance(selection, AllMatching)
            and selection.filter is not SectionFilter.ALL
            and not sp.section.supports_open_closed
        ):
            problems.append(PlanError(RefusalCode.FILTER_NOT_SUPPORTED, section=key))
    successors = sorted(plan.successor_ids())
    if not successors or any(
        isinstance(r, EvenSplit) and not r.successor_ids
        for r in (plan.rule, *(sp.rule for sp in plan.sections if sp.rule is not None))
    ):
        problems.append(PlanError(RefusalCode.NO_SUCCESSOR))
    for successor in successors:
        if successor == departing:
            problems.append(PlanError(RefusalCode.SUCCESSOR_IS_DEPARTING, user_id=successor))
        elif successor not in by_id:
            problems.append(PlanError(RefusalCode.SUCCESSOR_UNKNOWN, user_id=successor))
        elif not by_id[successor].active:
            # The portal accepts a dismissed assignee without complaint (§7.5), so we refuse.
            problems.append(PlanError(RefusalCode.SUCCESSOR_DISMISSED, user_id=successor))
    if plan.options.dismiss_at_end and not plan.options.dismiss_confirmed:
        problems.append(PlanError(RefusalCode.DISMISS_NOT_CONFIRMED, user_id=departing))
    return problems


def check_plan(plan: HandoverPlan, users: Sequence[UserInfo], webhook_user_id: int) -> None:
    """Raise the first of `plan_problems`, if any.

    Raises:
        PlanError: the plan must not run.
    """
    problems = plan_problems(plan, users, webhook_user_id)
    if problems:
        raise problems[0]


# --- JSON, for the journal's copy of the plan ------------------------------------------------


def plan_to_json(plan: HandoverPlan) -> str:
    """Serialise `plan` (section specs included, so smart processes survive a restart)."""
    return json.dumps(
        {
            "departing_user_id": plan.departing_user_id,
            "sections": [
                {
                    "section": sp.section.to_dict(),
                    "selection": _selection_to_dict(sp.selection),
                    "rule": None if sp.rule is None else _rule_to_dict(sp.rule),
                }
                for sp in plan.sections
            ],
            "rule": _rule_to_dict(plan.rule),
            "assignments": [[k.section, k.id, v] for k, v in sorted(plan.assignments.items())],
            "keep_related": plan.keep_related,
            "options": {
                "suppress_notifications": plan.options.suppress_notifications,
                "timeline_comment": plan.options.timeline_comment,
                "summary_message": plan.options.summary_message,
                "dismiss_at_end": plan.options.dismiss_at_end,
                "dismiss_confirmed": plan.options.dismiss_confirmed,
            },
        },
        sort_keys=True,
    )


def plan_from_json(text: str) -> HandoverPlan:
    """Inverse of `plan_to_json`."""
    data = json.loads(text)
    options = data["options"]
    return HandoverPlan(
        departing_user_id=int(data["departing_user_id"]),
        sections=tuple(
            SectionPlan(
                section=SectionSpec.from_dict(sp["section"]),
                selection=_selection_from_dict(sp["selection"]),
                rule=None if sp["rule"] is None else _rule_from_dict(sp["rule"]),
            )
            for sp in data["sections"]
        ),
        rule=_rule_from_dict(data["rule"]),
        assignments={ItemKey(str(s), int(i)): int(u) for s, i, u in data["assignments"]},
        keep_related=bool(data["keep_related"]),
        options=HandoverOptions(**{k: bool(v) for k, v in options.items()}),
    )


def _ints(values: Iterable[object]) -> list[int]:
    return sorted(int(str(v)) for v in values)


def _selection_to_dict(selection: Selection) -> dict[str, object]:
    if isinstance(selection, Explicit):
        return {"kind": "explicit", "ids": _ints(selection.ids)}
    return {
        "kind": "all_matching",
        "filter": selection.filter.value,
        "excluded": _ints(selection.excluded),
    }


def _selection_from_dict(data: dict[str, object]) -> Selection:
    if data["kind"] == "explicit":
        ids = data["ids"]
        assert isinstance(ids, list)
        return Explicit(frozenset(int(i) for i in ids))
    excluded = data["excluded"]
    assert isinstance(excluded, list)
    return AllMatching(SectionFilter(str(data["filter"])), frozenset(int(i) for i in excluded))


def _rule_to_dict(rule: SplitRule) -> dict[str, object]:
    if isinstance(rule, Single):
        return {"kind": "single", "successor_id": rule.successor_id}
    if isinstance(rule, EvenSplit):
        return {"kind": "even", "successor_ids": list(rule.successor_ids)}
    return {
        "kind": "by_category",
        "routes": [[r.section, r.category_id, r.successor_id] for r in rule.routes],
        "fallback_id": rule.fallback_id,
    }


def _rule_from_dict(data: dict[str, object]) -> SplitRule:
    kind = data["kind"]
    if kind == "single":
        return Single(int(str(data["successor_id"])))
    if kind == "even":
        ids = data["successor_ids"]
        assert isinstance(ids, list)
        return EvenSplit(tuple(int(i) for i in ids))
    routes = data["routes"]
    assert isinstance(routes, list)
    return ByCategory(
        routes=tuple(CategoryRoute(str(s), int(c), int(u)) for s, c, u in routes),
        fallback_id=int(str(data["fallback_id"])),
    )
