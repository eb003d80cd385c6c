"""A handover plan from the CLI's words: section names, open/closed, successors, routes.

`desktop-handover-cli handover` parses its arguments and hands the values here; this module
turns them into a `HandoverPlan`, asking the portal only what the words leave open (which smart
processes exist, which pipelines the departing user has items in).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop_handover.handover.engine import list_all
from desktop_handover.handover.overview import discover_all_sections
from desktop_handover.handover.plan import (
    ByCategory,
    CategoryRoute,
    EvenSplit,
    HandoverOptions,
    HandoverPlan,
    SectionPlan,
    Single,
    SplitRule,
)
from desktop_handover.handover.ports import CrmGateway
from desktop_handover.handover.sections import BUILTIN_SECTIONS, CrmSection, SectionSpec
from desktop_handover.handover.selection import AllMatching, SectionFilter

#: What `--sections` accepts besides "all" and spa_<entityTypeId>; "smart": every smart process.
SECTION_NAMES = (*(s.value for s in CrmSection), "smart")


class PlanSpecError(ValueError):
    """The words do not describe a plan; the message says which and how to fix it."""


@dataclass(frozen=True, slots=True)
class Route:
    """`--route [SECTION:]CATEGORY=USER`: items of this pipeline go to this user."""

    section: str
    category: int
    user: int


@dataclass(frozen=True, slots=True)
class PlanSpec:
    """A plan as the command line gives it.

    Attributes:
        departing: the departing user.
        successors: the --to users, in order, without repeats.
        sections: the --sections text ("all", or a comma-separated list).
        section_filter: OPEN, CLOSED or ALL (--open-only, --closed-only).
        split: "even" or "pipeline".
        routes: the --route texts.
        keep_related: --keep-related.
        options: comments, notifications, dismissal.
    """

    departing: int
    successors: tuple[int, ...]
    sections: str = "all"
    section_filter: SectionFilter = SectionFilter.ALL
    split: str = "even"
    routes: tuple[str, ...] = ()
    keep_related: bool = False
    options: HandoverOptions = field(default_factory=HandoverOptions)

    def check(self) -> None:
        """Check what needs no portal: section names, routes, --from not in --to.

        Raises:
            PlanSpecError: the first problem found.
        """
        requested_sections(self.sections)
        for route in self.routes:
            parse_route(route)
        if self.departing in self.successors:
            raise PlanSpecError(f"user {self.departing} is both --from and --to")
        if self.routes and self.split != "pipeline":
            raise PlanSpecError("--route needs --split pipeline")


def parse_route(text: str) -> Route:
    """`3=17` (deals) or `deals:3=17` or `spa_128:12=17`.

    Raises:
        PlanSpecError: not of that form.
    """
    head, _, user = text.partition("=")
    section, colon, category = head.rpartition(":")
    if not colon:
        section, category = CrmSection.DEALS.value, head
    try:
        route = Route(section.strip(), int(category), int(user.strip()))
    except ValueError:
        route = None
    if route is None or route.user <= 0:
        raise PlanSpecError(
            f"bad --route {text!r}: expected [SECTION:]CATEGORY=USER_ID, e.g. 3=17 or deals:3=17"
        )
    return route


def is_spa_key(name: str) -> bool:
    """Whether `name` is a smart process key, spa_<entityTypeId>."""
    prefix, _, number = name.partition("_")
    return prefix == "spa" and number.isdigit()


def requested_sections(text: str) -> list[str]:
    """The names in a --sections value, lower-cased and checked.

    Raises:
        PlanSpecError: empty, unknown names, or "all" with others.
    """
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    if not names:
        raise PlanSpecError("--sections is empty: use all, or a list such as deals,contacts")
    for name in names:
        if name == "all" and len(names) > 1:
            raise PlanSpecError("--sections all cannot be combined with other sections")
        if name not in ("all", *SECTION_NAMES) and not is_spa_key(name):
            raise PlanSpecError(
                f"unknown section {name!r} in --sections: use all, "
                f"{', '.join(SECTION_NAMES)} or spa_<entityTypeId>"
            )
    return names


def select_sections(
    names: Sequence[str], available: Sequence[SectionSpec]
) -> tuple[list[SectionSpec], set[str]]:
    """The chosen sections in tab order, and the keys named one by one (not via all/smart).

    Raises:
        PlanSpecError: a named smart process does not exist on the portal.
    """
    by_key = {s.key: s for s in available}
    chosen: list[str] = []
    named: set[str] = set()
    for name in names:
        if name == "all":
            keys = [s.key for s in available]
        elif name == "smart":
            keys = [s.key for s in available if s.is_smart_process]
        else:
            if name not in by_key:
                raise PlanSpecError(f"This portal has no smart process {name}.")
            keys = [name]
            named.add(name)
        chosen += [k for k in keys if k not in chosen]
    order = {s.key: n for n, s in enumerate(available)}
    return [by_key[k] for k in sorted(chosen, key=order.__getitem__)], named


async def split_rule(
    spec: PlanSpec, gateway: CrmGateway, sections: Sequence[SectionSpec]
) -> SplitRule:
    """One successor, an even split, or routes by pipeline.

    Without --route, `--split pipeline` deals the pipelines the departing user has items in
    out over the successors, round-robin in ascending category id (one listing per section).

    Raises:
        PlanSpecError: routes that name sections without pipelines, or none chosen.
    """
    successors = list(spec.successors)
    routes = [parse_route(r) for r in spec.routes]
    if spec.split == "even":
        if routes:
            raise PlanSpecError("--route needs --split pipeline")
        return Single(successors[0]) if len(successors) == 1 else EvenSplit(tuple(successors))
    pipelined = {s.key: s for s in sections if s.has_categories}
    if not pipelined:
        raise PlanSpecError("--split pipeline: none of the chosen sections has pipelines")
    for route in routes:
        if route.section not in pipelined:
            raise PlanSpecError(
                f"--route {route.section}:{route.category}={route.user}: section "
                f"{route.section} is not chosen or has no pipelines"
            )
    if not routes:
        for section in pipelined.values():
            items = await list_all(gateway, section, spec.departing, SectionFilter.ALL)
            categories = sorted({i.category_id for i in items if i.category_id is not None})
            routes += [
                Route(section.key, c, successors[n % len(successors)])
                for n, c in enumerate(categories)
            ]
    return ByCategory(
        routes=tuple(CategoryRoute(r.section, r.category, r.user) for r in routes),
        fallback_id=successors[0],
    )


async def build_plan(spec: PlanSpec, gateway: CrmGateway) -> tuple[HandoverPlan, list[str]]:
    """The plan `spec` describes, and notes for the user (sections taken whole).

    "all" and "smart" take sections without stages (contacts, companies) whole under
    --open-only/--closed-only, with a note; a stage-less section named on its own keeps the
    filter, and the plan check refuses it with advice (FILTER_NOT_SUPPORTED).

    Raises:
        PlanSpecError: the words do not describe a plan on this portal.
    """
    names = requested_sections(spec.sections)
    needs_discovery = any(n in ("all", "smart") or is_spa_key(n) for n in names)
    available = await discover_all_sections(gateway) if needs_discovery else list(BUILTIN_SECTIONS)
    sections, named = select_sections(names, available)
    notes = []
    plans = []
    for section in sections:
        own_filter = spec.section_filter
        if (
            own_filter is not SectionFilter.ALL
            and not section.supports_open_closed
            and section.key not in named
        ):
            notes.append(f"note: {section.key} have no open/closed state; all are included")
            own_filter = SectionFilter.ALL
        plans.append(SectionPlan(section, AllMatching(own_filter)))
    rule = await split_rule(spec, gateway, sections)
    plan = HandoverPlan(
        departing_user_id=spec.departing,
        sections=tuple(plans),
        rule=rule,
        keep_related=spec.keep_related,
        options=spec.options,
    )
    return plan, notes
