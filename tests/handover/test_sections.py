"""Section specs: methods, open/closed rules, links, smart processes, keys."""

from __future__ import annotations

import pytest

from desktop_handover.handover.sections import (
    ACTIVITIES,
    BUILTIN_SECTIONS,
    COMPANIES,
    CONTACTS,
    DEALS,
    INVOICES,
    LEADS,
    QUOTES,
    TASKS,
    LinkKind,
    OpenClosedRule,
    SectionRole,
    SectionSpec,
    all_sections,
    section_key_for_entity_type,
    smart_process_section,
)


def test_builtins_in_bitrix_tab_order_with_their_methods() -> None:
    assert [s.key for s in BUILTIN_SECTIONS] == [
        "leads",
        "deals",
        "contacts",
        "companies",
        "quotes",
        "invoices",
        "activities",
        "tasks",
    ]
    assert {s.list_method for s in BUILTIN_SECTIONS} == {
        "crm.item.list",
        "crm.activity.list",
        "tasks.task.list",
    }
    assert (DEALS.list_method, DEALS.update_method) == ("crm.item.list", "crm.item.update")
    assert ACTIVITIES.update_method == "crm.activity.update"
    assert TASKS.update_method == "tasks.task.update"
    # Smart invoices are entityTypeId 31, never the old invoices (5): §7.1.
    assert INVOICES.entity_type_id == 31


def test_open_closed_semantics() -> None:
    assert (
        LEADS.open_closed
        is DEALS.open_closed
        is QUOTES.open_closed
        is OpenClosedRule.STAGE_SEMANTIC
    )
    assert INVOICES.open_closed is OpenClosedRule.STAGE_CATALOGUE
    assert not CONTACTS.supports_open_closed
    assert not COMPANIES.supports_open_closed
    assert ACTIVITIES.supports_open_closed
    assert TASKS.supports_open_closed


def test_roles_and_links() -> None:
    assert DEALS.role is SectionRole.ANCHOR
    assert CONTACTS.role is COMPANIES.role is SectionRole.CLIENT
    assert ACTIVITIES.role is TASKS.role is SectionRole.ATTACHED
    assert DEALS.links == {LinkKind.COMPANY, LinkKind.CONTACTS}
    assert ACTIVITIES.links == {LinkKind.BINDINGS}


def test_smart_processes() -> None:
    spa = smart_process_section(1046, "Projects", stages_enabled=False, client_enabled=False)
    assert spa.key == "spa_1046"
    assert spa.is_smart_process
    assert spa.role is SectionRole.ANCHOR
    assert not spa.supports_open_closed
    assert spa.links == frozenset()
    staged = smart_process_section(128, "Tenders")
    assert staged.open_closed is OpenClosedRule.STAGE_CATALOGUE
    assert [s.key for s in all_sections([spa, staged])] == [
        "leads",
        "deals",
        "contacts",
        "companies",
        "quotes",
        "invoices",
        "spa_128",
        "spa_1046",
        "activities",
        "tasks",
    ]
    with pytest.raises(ValueError):
        smart_process_section(31, "not a smart process")


def test_entity_type_to_key() -> None:
    assert [section_key_for_entity_type(t) for t in (1, 2, 3, 4, 7, 31, 128, 5, 8, 14)] == [
        "leads",
        "deals",
        "contacts",
        "companies",
        "quotes",
        "invoices",
        "spa_128",
        None,
        None,
        None,
    ]


@pytest.mark.parametrize("spec", [*BUILTIN_SECTIONS, smart_process_section(130, "Wdrożenia")])
def test_spec_dict_round_trip(spec: SectionSpec) -> None:
    assert SectionSpec.from_dict(spec.to_dict()) == spec
