"""CRM sections (leads, deals, …, smart processes) and the items the domain sees in them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, StrEnum

# entityTypeId values (bitrix24-api.md §7.1).
LEAD_TYPE = 1
DEAL_TYPE = 2
CONTACT_TYPE = 3
COMPANY_TYPE = 4
QUOTE_TYPE = 7
SMART_INVOICE_TYPE = 31
FIRST_SMART_PROCESS_TYPE = 128


class ApiFamily(StrEnum):
    """Which REST method family reads and writes a section (bitrix24-api.md §7.2, §8, §9)."""

    CRM_ITEM = "crm_item"
    ACTIVITY = "activity"
    TASK = "task"


class OpenClosedRule(StrEnum):
    """How a section tells open items from closed ones (bitrix24-api.md §7.4, §8.1, §9).

    The gateway turns the rule into a server-side filter; the domain only needs to know
    whether an open/closed filter applies at all.
    """

    #: Leads, deals, quotes: the stage semantic P (open) versus S/F (closed).
    STAGE_SEMANTIC = "stage_semantic"
    #: Smart invoices and smart processes: closed stage ids come from crm.status.list.
    STAGE_CATALOGUE = "stage_catalogue"
    #: Activities: COMPLETED Y/N.
    COMPLETED_FLAG = "completed_flag"
    #: Tasks: REAL_STATUS 5 (completed) is closed.
    TASK_STATUS = "task_status"
    #: Contacts, companies, smart processes without stages: no open/closed notion.
    NONE = "none"


class LinkKind(StrEnum):
    """A kind of link from an item of a section to items of other sections."""

    #: The item names one company (ItemRef.company_id).
    COMPANY = "company"
    #: The item names contacts (ItemRef.contact_ids).
    CONTACTS = "contacts"
    #: The item is attached to other CRM items (an activity's owner, a task's CRM bindings).
    BINDINGS = "bindings"


class SectionRole(Enum):
    """Where a section stands when "keep related items together" decides who gets an item."""

    #: Items with a pipeline stage (leads, deals, quotes, invoices, smart processes): they lead.
    ANCHOR = 1
    #: Contacts and companies: they follow the anchors that name them.
    CLIENT = 2
    #: Activities and tasks: they follow the items they are attached to.
    ATTACHED = 3


class CrmSection(StrEnum):
    """Keys of the built-in sections, in Bitrix24's own tab order; smart processes use spa_<id>."""

    LEADS = "leads"
    DEALS = "deals"
    CONTACTS = "contacts"
    COMPANIES = "companies"
    QUOTES = "quotes"
    INVOICES = "invoices"
    ACTIVITIES = "activities"
    TASKS = "tasks"


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """Everything the domain, the gateway and the UI need to know about one CRM section.

    Attributes:
        key: stable identifier ("deals", "spa_128"); also the journal's section column.
        family: the REST method family that lists and updates it.
        entity_type_id: the CRM entity type (§7.1); None for activities and tasks.
        open_closed: how open and closed items differ; NONE means only the "all" filter applies.
        links: the kinds of links its items carry to other sections.
        columns: ItemRef attribute names worth showing as table columns, in order.
        title: the portal's own name for a smart process (portal text); None for built-ins,
            whose name the UI translates from `key`.
        has_categories: whether items belong to pipelines (split "by pipeline" applies).
        rank: order of the tabs, and tie-break order of "keep related items together".
    """

    key: str
    family: ApiFamily
    entity_type_id: int | None
    open_closed: OpenClosedRule
    links: frozenset[LinkKind] = frozenset()
    columns: tuple[str, ...] = ("title",)
    title: str | None = None
    has_categories: bool = False
    rank: int = 0

    @property
    def list_method(self) -> str:
        """The REST method that lists this section (§7.2, §8.1, §9)."""
        return _LIST_METHODS[self.family]

    @property
    def update_method(self) -> str:
        """The REST method that changes the responsible user (§7.5, §8.2, §9)."""
        return _UPDATE_METHODS[self.family]

    @property
    def supports_open_closed(self) -> bool:
        """Whether the "open only" and "closed only" filters mean anything here."""
        return self.open_closed is not OpenClosedRule.NONE

    @property
    def role(self) -> SectionRole:
        """This section's place in "keep related items together"."""
        if self.family is not ApiFamily.CRM_ITEM:
            return SectionRole.ATTACHED
        if self.entity_type_id in (CONTACT_TYPE, COMPANY_TYPE):
            return SectionRole.CLIENT
        return SectionRole.ANCHOR

    @property
    def is_smart_process(self) -> bool:
        """True for a portal-defined smart process (entityTypeId ≥ 128)."""
        return self.entity_type_id is not None and self.entity_type_id >= FIRST_SMART_PROCESS_TYPE

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form, for the journal's copy of the plan."""
        return {
            "key": self.key,
            "family": self.family.value,
            "entity_type_id": self.entity_type_id,
            "open_closed": self.open_closed.value,
            "links": sorted(link.value for link in self.links),
            "columns": list(self.columns),
            "title": self.title,
            "has_categories": self.has_categories,
            "rank": self.rank,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> SectionSpec:
        """Inverse of `to_dict`."""
        entity_type_id = data["entity_type_id"]
        title = data["title"]
        links = data["links"]
        columns = data["columns"]
        rank = data["rank"]
        assert isinstance(links, list)
        assert isinstance(columns, list)
        assert isinstance(rank, int)
        return cls(
            key=str(data["key"]),
            family=ApiFamily(str(data["family"])),
            entity_type_id=entity_type_id if isinstance(entity_type_id, int) else None,
            open_closed=OpenClosedRule(str(data["open_closed"])),
            links=frozenset(LinkKind(str(link)) for link in links),
            columns=tuple(str(c) for c in columns),
            title=title if isinstance(title, str) else None,
            has_categories=bool(data["has_categories"]),
            rank=rank,
        )


_LIST_METHODS = {
    ApiFamily.CRM_ITEM: "crm.item.list",
    ApiFamily.ACTIVITY: "crm.activity.list",
    ApiFamily.TASK: "tasks.task.list",
}
_UPDATE_METHODS = {
    ApiFamily.CRM_ITEM: "crm.item.update",
    ApiFamily.ACTIVITY: "crm.activity.update",
    ApiFamily.TASK: "tasks.task.update",
}

_CLIENT_LINKS = frozenset({LinkKind.COMPANY, LinkKind.CONTACTS})
_STAGE_COLUMNS = ("title", "stage_id", "amount", "category_id", "company_id", "updated")

LEADS = SectionSpec(
    key=CrmSection.LEADS,
    family=ApiFamily.CRM_ITEM,
    entity_type_id=LEAD_TYPE,
    open_closed=OpenClosedRule.STAGE_SEMANTIC,
    links=_CLIENT_LINKS,
    columns=("title", "stage_id", "amount", "company_id", "updated"),
    rank=20,
)
# Deals come first in "keep related" precedence: they are what contacts are usually about.
DEALS = SectionSpec(
    key=CrmSection.DEALS,
    family=ApiFamily.CRM_ITEM,
    entity_type_id=DEAL_TYPE,
    open_closed=OpenClosedRule.STAGE_SEMANTIC,
    links=_CLIENT_LINKS,
    columns=_STAGE_COLUMNS,
    has_categories=True,
    rank=10,
)
CONTACTS = SectionSpec(
    key=CrmSection.CONTACTS,
    family=ApiFamily.CRM_ITEM,
    entity_type_id=CONTACT_TYPE,
    open_closed=OpenClosedRule.NONE,
    links=frozenset({LinkKind.COMPANY}),
    columns=("title", "company_id", "updated"),
    has_categories=True,
    rank=70,
)
COMPANIES = SectionSpec(
    key=CrmSection.COMPANIES,
    family=ApiFamily.CRM_ITEM,
    entity_type_id=COMPANY_TYPE,
    open_closed=OpenClosedRule.NONE,
    columns=("title", "updated"),
    has_categories=True,
    rank=60,
)
QUOTES = SectionSpec(
    key=CrmSection.QUOTES,
    family=ApiFamily.CRM_ITEM,
    entity_type_id=QUOTE_TYPE,
    open_closed=OpenClosedRule.STAGE_SEMANTIC,
    links=_CLIENT_LINKS,
    columns=("title", "stage_id", "amount", "company_id", "updated"),
    rank=30,
)
INVOICES = SectionSpec(
    key=CrmSection.INVOICES,
    family=ApiFamily.CRM_ITEM,
    entity_type_id=SMART_INVOICE_TYPE,
    open_closed=OpenClosedRule.STAGE_CATALOGUE,
    links=_CLIENT_LINKS,
    columns=_STAGE_COLUMNS,
    has_categories=True,
    rank=40,
)
# Activities of dismissed users are reassigned straight through REST, no re-hiring (§8.4).
ACTIVITIES = SectionSpec(
    key=CrmSection.ACTIVITIES,
    family=ApiFamily.ACTIVITY,
    entity_type_id=None,
    open_closed=OpenClosedRule.COMPLETED_FLAG,
    links=frozenset({LinkKind.BINDINGS}),
    columns=("title", "closed", "deadline", "bindings"),
    rank=1000,
)
TASKS = SectionSpec(
    key=CrmSection.TASKS,
    family=ApiFamily.TASK,
    entity_type_id=None,
    open_closed=OpenClosedRule.TASK_STATUS,
    links=frozenset({LinkKind.BINDINGS}),
    columns=("title", "closed", "deadline", "bindings"),
    rank=1010,
)

#: The built-in sections in Bitrix24's tab order (smart processes go between invoices and
#: activities, see `all_sections`).
BUILTIN_SECTIONS: tuple[SectionSpec, ...] = (
    LEADS,
    DEALS,
    CONTACTS,
    COMPANIES,
    QUOTES,
    INVOICES,
    ACTIVITIES,
    TASKS,
)

_BUILTIN_BY_TYPE = {s.entity_type_id: s for s in BUILTIN_SECTIONS if s.entity_type_id is not None}


def smart_process_key(entity_type_id: int) -> str:
    """The section key of a smart process: spa_<entityTypeId>."""
    return f"spa_{entity_type_id}"


def smart_process_section(
    entity_type_id: int,
    title: str,
    *,
    stages_enabled: bool = True,
    categories_enabled: bool = True,
    client_enabled: bool = True,
) -> SectionSpec:
    """Build the section of a smart process discovered with crm.type.list (§7.1).

    Args:
        entity_type_id: the type's entityTypeId (≥ 128).
        title: the portal's name for the type (portal text, shown as plain text).
        stages_enabled: isStagesEnabled; without stages there is no open/closed filter.
        categories_enabled: isCategoriesEnabled; pipelines make "split by pipeline" apply.
        client_enabled: isClientEnabled; items may then name a company and contacts.
    """
    if entity_type_id < FIRST_SMART_PROCESS_TYPE:
        raise ValueError(f"not a smart process entityTypeId: {entity_type_id}")
    return SectionSpec(
        key=smart_process_key(entity_type_id),
        family=ApiFamily.CRM_ITEM,
        entity_type_id=entity_type_id,
        open_closed=OpenClosedRule.STAGE_CATALOGUE if stages_enabled else OpenClosedRule.NONE,
        links=_CLIENT_LINKS if client_enabled else frozenset(),
        columns=_STAGE_COLUMNS if stages_enabled else ("title", "category_id", "updated"),
        title=title,
        has_categories=categories_enabled,
        # After invoices (40), before companies (60); SPAs tie-break by entityTypeId.
        rank=50,
    )


def section_key_for_entity_type(entity_type_id: int) -> str | None:
    """The section key of a CRM entity type, for turning an owner type into an ItemKey.

    Returns None for types the handover does not cover (old invoices 5, requisites 8, orders 14).
    """
    builtin = _BUILTIN_BY_TYPE.get(entity_type_id)
    if builtin is not None:
        return builtin.key
    if entity_type_id >= FIRST_SMART_PROCESS_TYPE:
        return smart_process_key(entity_type_id)
    return None


def all_sections(
    smart_processes: tuple[SectionSpec, ...] | list[SectionSpec],
) -> list[SectionSpec]:
    """Built-in sections plus the given smart processes, in tab order (SPAs after invoices)."""
    spas = sorted(smart_processes, key=lambda s: s.entity_type_id or 0)
    head = [s for s in BUILTIN_SECTIONS if s.family is ApiFamily.CRM_ITEM]
    tail = [s for s in BUILTIN_SECTIONS if s.family is not ApiFamily.CRM_ITEM]
    return [*head, *spas, *tail]


@dataclass(frozen=True, slots=True, order=True)
class ItemKey:
    """Identifies one item across sections: (section key, item id)."""

    section: str
    id: int


@dataclass(frozen=True, slots=True)
class ItemRef:
    """One CRM item, activity or task as the domain sees it; the gateway fills it from the wire.

    Attributes:
        section: the section key (SectionSpec.key).
        id: the item's id in that section.
        title: title or name (portal text).
        owner_id: the responsible user (assignedById / RESPONSIBLE_ID).
        category_id: the pipeline, where the section has pipelines.
        closed: True for a closed/completed item, False for an open one, None without stages.
        stage_id: the stage code, for display.
        amount: the amount (opportunity), for display.
        currency: the amount's currency code.
        updated: last change, ISO-8601, for display.
        deadline: an activity's or task's deadline, ISO-8601, for display.
        company_id: the linked company, if any.
        contact_ids: the linked contacts.
        bindings: items this one is attached to (an activity's owner, a task's CRM bindings).
    """

    section: str
    id: int
    title: str
    owner_id: int
    category_id: int | None = None
    closed: bool | None = None
    stage_id: str | None = None
    amount: float | None = None
    currency: str | None = None
    updated: str | None = None
    deadline: str | None = None
    company_id: int | None = None
    contact_ids: tuple[int, ...] = ()
    bindings: tuple[ItemKey, ...] = field(default=())

    @property
    def key(self) -> ItemKey:
        """This item's (section, id) key."""
        return ItemKey(self.section, self.id)
