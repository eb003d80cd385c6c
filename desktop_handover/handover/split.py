"""Who gets which item: split rules, per-item choices and "keep related items together".

Precedence, from strongest to weakest:

1. A per-item choice (HandoverPlan.assignments) always wins.
2. With keep_related on, an item that follows another takes that item's successor:
   * companies and contacts follow the anchors (leads, deals, quotes, invoices, smart
     processes) in the plan that name them (company_id, contact_ids); a contact that no
     anchor names follows its own company, if that company is in the plan;
   * activities and tasks follow the items in the plan they are attached to (bindings),
     whatever their section.
   When several items lead, the **leader** is the first by: open before closed, then section
   rank (deals, leads, quotes, invoices, smart processes, companies, contacts), then lowest
   entity type id, then lowest item id. So a contact named by an open and a closed deal goes
   with the open deal; named by two open deals, with the lower id.
3. Otherwise the section's split rule: one successor; round-robin in ascending id over the
   items the rule decides (so followers do not skew the balance); or by pipeline.

Keep-related never adds an item: only selected items are assigned, it only chooses their
successor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from desktop_handover.handover.plan import ByCategory, EvenSplit, HandoverPlan, Single, SplitRule
from desktop_handover.handover.sections import (
    COMPANY_TYPE,
    CONTACT_TYPE,
    ItemKey,
    ItemRef,
    SectionRole,
    SectionSpec,
)


def apply_rule(rule: SplitRule, section: str, items: Iterable[ItemRef]) -> dict[ItemKey, int]:
    """Assign `items` of one section by `rule` alone."""
    ordered = sorted(items, key=lambda i: i.id)
    if isinstance(rule, Single):
        return {i.key: rule.successor_id for i in ordered}
    if isinstance(rule, EvenSplit):
        n = len(rule.successor_ids)
        return {i.key: rule.successor_ids[k % n] for k, i in enumerate(ordered)}
    assert isinstance(rule, ByCategory)
    return {i.key: rule.successor_for(section, i.category_id) for i in ordered}


def leader_key(spec: SectionSpec, item: ItemRef) -> tuple[int, int, int, int]:
    """Sort key of the "keep related" precedence: the smallest key leads."""
    return (1 if item.closed is True else 0, spec.rank, spec.entity_type_id or 0, item.id)


def assign_successors(
    plan: HandoverPlan, items: Mapping[str, Sequence[ItemRef]]
) -> dict[ItemKey, int]:
    """Decide the successor of every selected item.

    Args:
        plan: the plan (rules, per-item choices, keep_related).
        items: per section key, the resolved selected items of that section.

    Returns:
        The successor of each item, keyed by ItemKey; every given item has one.
    """
    specs = {sp.section.key: sp.section for sp in plan.sections}
    result: dict[ItemKey, int] = {}
    explicit = plan.assignments

    def decide(section: str, group: Sequence[ItemRef]) -> None:
        """Fix the explicit ones, then apply the section's rule to the remaining ones."""
        if not explicit:
            # The common case, and a big one (100,000+ items): no key to look up per item.
            result.update(apply_rule(plan.rule_for(section), section, group))
            return
        rest = []
        for item in group:
            if item.key in explicit:
                result[item.key] = explicit[item.key]
            else:
                rest.append(item)
        result.update(apply_rule(plan.rule_for(section), section, rest))

    if not plan.keep_related:
        for section, group in items.items():
            decide(section, group)
        return result

    by_key: dict[ItemKey, ItemRef] = {i.key: i for group in items.values() for i in group}

    def spec_of(key: ItemKey) -> SectionSpec:
        return specs[key.section]

    def role_of(section: str) -> SectionRole:
        return specs[section].role

    # 1. Anchors decide by themselves.
    for section, group in items.items():
        if role_of(section) is SectionRole.ANCHOR:
            decide(section, group)

    # 2. Clients: companies first, so that contacts can fall back on their company.
    named_by: dict[tuple[int, int], list[ItemRef]] = {}  # (entity type, id) -> anchors
    for section, group in items.items():
        if role_of(section) is not SectionRole.ANCHOR:
            continue
        for anchor in group:
            if anchor.company_id is not None:
                named_by.setdefault((COMPANY_TYPE, anchor.company_id), []).append(anchor)
            for contact_id in anchor.contact_ids:
                named_by.setdefault((CONTACT_TYPE, contact_id), []).append(anchor)
    client_sections = sorted(
        (s for s in items if role_of(s) is SectionRole.CLIENT),
        key=lambda s: 0 if specs[s].entity_type_id == COMPANY_TYPE else 1,
    )
    company_section = next(
        (s for s in client_sections if specs[s].entity_type_id == COMPANY_TYPE), None
    )
    for section in client_sections:
        entity_type = specs[section].entity_type_id or 0
        rest: list[ItemRef] = []
        for item in items[section]:
            if item.key in explicit:
                result[item.key] = explicit[item.key]
                continue
            leaders = named_by.get((entity_type, item.id), [])
            if leaders:
                leader = min(leaders, key=lambda a: leader_key(spec_of(a.key), a))
                result[item.key] = result[leader.key]
                continue
            company_key = (
                ItemKey(company_section, item.company_id)
                if company_section is not None and item.company_id is not None
                else None
            )
            if company_key is not None and company_key in result and company_key in by_key:
                result[item.key] = result[company_key]
                continue
            rest.append(item)
        result.update(apply_rule(plan.rule_for(section), section, rest))

    # 3. Attached items follow whatever they are attached to, if it is in the plan.
    for section, group in items.items():
        if role_of(section) is not SectionRole.ATTACHED:
            continue
        rest = []
        for item in group:
            if item.key in explicit:
                result[item.key] = explicit[item.key]
                continue
            bound = [by_key[b] for b in item.bindings if b in by_key and b in result]
            bound = [b for b in bound if role_of(b.section) is not SectionRole.ATTACHED]
            if bound:
                leader = min(bound, key=lambda b: leader_key(spec_of(b.key), b))
                result[item.key] = result[leader.key]
            else:
                rest.append(item)
        result.update(apply_rule(plan.rule_for(section), section, rest))
    return result
