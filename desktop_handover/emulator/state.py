"""The emulated portal's in-memory state: users, departments, CRM items, activities, tasks.

Values are stored in Python's own types (ints, floats, None, lists); the method modules turn
them into each API family's wire shapes (camelCase ints for crm.item.*, UPPER_CASE strings for
the legacy methods, bitrix24-api.md §11 item 4). Nothing here knows about HTTP.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

# entityTypeId values (bitrix24-api.md §7.1).
LEAD = 1
DEAL = 2
CONTACT = 3
COMPANY = 4
QUOTE = 7
SMART_INVOICE = 31
FIRST_SMART_PROCESS = 128

#: The built-in CRM types the emulator serves through crm.item.*, with their names in
#: crm.timeline.comment.add's ENTITY_TYPE and the legacy method prefix where one exists.
BUILTIN_TYPES: dict[int, str] = {
    LEAD: "lead",
    DEAL: "deal",
    CONTACT: "contact",
    COMPANY: "company",
    QUOTE: "quote",
    SMART_INVOICE: "smart_invoice",
}

Semantics = Literal["P", "S", "F"]


@dataclass(slots=True)
class Department:
    """A node of the company structure (department.get)."""

    id: int
    name: str
    parent: int | None
    head: int | None = None
    sort: int = 500


@dataclass(slots=True)
class User:
    """An employee; `active` False means dismissed (user.get ACTIVE, §6.1)."""

    id: int
    name: str
    last_name: str
    email: str
    work_position: str
    departments: list[int]
    active: bool = True
    is_admin: bool = False
    second_name: str = ""
    user_type: str = "employee"
    personal_photo: str = ""
    work_phone: str = ""
    date_register: str = "2020-01-01T09:00:00+01:00"
    last_login: str = "2026-11-20T09:00:00+01:00"
    is_online: bool = False


@dataclass(slots=True)
class Webhook:
    """An incoming webhook: calls run as `user_id`, limited to `scopes` (§1.1)."""

    user_id: int
    secret: str = field(repr=False)  # never in reprs or logs (common rules)
    scopes: frozenset[str]


@dataclass(slots=True)
class OAuthClient:
    """A local application registered on the portal: its OAuth identity (§1.2)."""

    client_id: str
    client_secret: str = field(repr=False)  # never in reprs or logs (common rules)
    scopes: frozenset[str]


@dataclass(slots=True)
class OAuthGrant:
    """One issued OAuth token pair: calls with `access_token` run as `user_id` (§1.2).

    `expires` and `refresh_expires` are unix times by the emulator's clock; None means "not
    stamped yet" (a seeded pair: the emulator stamps it when it starts or resets, since the
    seed has no clock).
    """

    client_id: str
    user_id: int
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    scopes: frozenset[str]
    expires: float | None = None
    refresh_expires: float | None = None


@dataclass(slots=True)
class SmartProcessType:
    """A smart process (SPA) as crm.type.list reports it (§7.1)."""

    id: int
    entity_type_id: int
    title: str
    is_categories_enabled: bool = True
    is_stages_enabled: bool = True
    is_client_enabled: bool = True


@dataclass(slots=True)
class Category:
    """A pipeline of a CRM type (crm.category.list, §7.1)."""

    id: int
    entity_type_id: int
    name: str
    sort: int = 500
    is_default: bool = False


@dataclass(slots=True)
class Stage:
    """A row of crm.status.list: a stage or status with its semantics (§7.4)."""

    id: int
    entity_id: str
    status_id: str
    name: str
    sort: int
    semantics: Semantics
    category_id: int | None = None
    color: str = "#39A8EF"
    system: bool = False


@dataclass(slots=True)
class CrmItem:
    """One CRM record of any type (lead, deal, contact, company, quote, invoice, SPA item)."""

    entity_type_id: int
    id: int
    assigned_by_id: int
    title: str | None = None
    name: str | None = None
    last_name: str | None = None
    category_id: int | None = None
    stage_id: str | None = None
    opportunity: float | None = None
    currency_id: str | None = None
    company_id: int | None = None
    contact_ids: list[int] = field(default_factory=list)
    deal_id: int | None = None
    lead_id: int | None = None
    source_id: str | None = None
    created_by: int = 1
    updated_by: int = 1
    created_time: str = "2025-01-01T09:00:00+01:00"
    updated_time: str = "2025-01-01T09:00:00+01:00"
    begindate: str | None = None
    closedate: str | None = None
    opened: bool = True
    observers: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Activity:
    """A CRM activity (call, meeting, e-mail, to-do) bound to one owner item (§8)."""

    id: int
    owner_type_id: int
    owner_id: int
    responsible_id: int
    subject: str
    type_id: int = 6
    provider_id: str = "CRM_TODO"
    provider_type_id: str = "TODO"
    completed: bool = False
    priority: int = 2
    direction: int = 0
    author_id: int = 1
    editor_id: int = 1
    created: str = "2025-01-01T09:00:00+01:00"
    last_updated: str = "2025-01-01T09:00:00+01:00"
    start_time: str = "2025-01-01T09:00:00+01:00"
    end_time: str = "2025-01-01T10:00:00+01:00"
    # No deadline is reported as 9999-12-31 (§8.1).
    deadline: str = "9999-12-31T00:00:00+00:00"
    description: str = ""

    @property
    def status(self) -> int:
        """STATUS: 1 pending, 2 completed (§8.1)."""
        return 2 if self.completed else 1


@dataclass(slots=True)
class Task:
    """A task (tasks.task.*, §9), optionally bound to CRM items through UF_CRM_TASK."""

    id: int
    title: str
    responsible_id: int
    created_by: int
    real_status: int = 2
    priority: int = 1
    group_id: int = 0
    uf_crm_task: list[str] = field(default_factory=list)
    created_date: str = "2025-01-01T09:00:00+01:00"
    #: CHANGED_DATE; None until the task is first updated (it then reads as created_date).
    changed_date: str | None = None
    deadline: str | None = None
    closed_date: str | None = None
    description: str = ""


@dataclass(slots=True)
class TimelineComment:
    """A comment added to an item's timeline (crm.timeline.comment.add, §10.1)."""

    id: int
    entity_type: str
    entity_id: int
    comment: str
    author_id: int
    created: str


@dataclass(slots=True)
class Notification:
    """A system notification sent with im.notify.system.add."""

    id: int
    to_user_id: int
    message: str
    from_user_id: int


class OwnerIndex:
    """Sorted record ids per responsible user, kept current on every reassignment.

    Listing "everything of user X after id N" is the query a handover makes thousands of
    times; a per-owner sorted list answers it with one bisect instead of a scan.
    """

    def __init__(self) -> None:
        self._by_owner: dict[int, list[int]] = {}

    def add(self, owner: int, record_id: int) -> None:
        """Record that `owner` is responsible for `record_id`."""
        ids = self._by_owner.setdefault(owner, [])
        if not ids or ids[-1] < record_id:
            ids.append(record_id)  # the seed adds in ascending order: the common, cheap case
        else:
            bisect.insort(ids, record_id)

    def remove(self, owner: int, record_id: int) -> None:
        """Forget that `owner` is responsible for `record_id`."""
        ids = self._by_owner.get(owner, [])
        pos = bisect.bisect_left(ids, record_id)
        if pos < len(ids) and ids[pos] == record_id:
            del ids[pos]

    def move(self, old_owner: int, new_owner: int, record_id: int) -> None:
        """Move `record_id` from one owner to another (no-op when they are equal)."""
        if old_owner != new_owner:
            self.remove(old_owner, record_id)
            self.add(new_owner, record_id)

    def ids(self, owner: int) -> list[int]:
        """The owner's record ids in ascending order; the caller must not modify the list."""
        return self._by_owner.get(owner, [])

    def counts(self) -> dict[int, int]:
        """How many records each owner has."""
        return {owner: len(ids) for owner, ids in self._by_owner.items() if ids}


RecordT = TypeVar("RecordT", CrmItem, Activity, Task)


@dataclass
class Table(Generic[RecordT]):
    """Records of one kind by id, with their ids in ascending order and an owner index."""

    rows: dict[int, RecordT] = field(default_factory=dict)
    sorted_ids: list[int] = field(default_factory=list)
    by_owner: OwnerIndex = field(default_factory=OwnerIndex)
    next_id: int = 1

    def __iter__(self) -> Iterator[RecordT]:
        return (self.rows[i] for i in self.sorted_ids)

    def __len__(self) -> int:
        return len(self.rows)


def owner_of(record: CrmItem | Activity | Task) -> int:
    """The responsible user of any record kind."""
    if isinstance(record, CrmItem):
        return record.assigned_by_id
    return record.responsible_id


@dataclass
class Portal:
    """The whole emulated portal: the single source of truth every method reads and writes."""

    domain: str = "demo.bitrix24.pl"
    users: dict[int, User] = field(default_factory=dict)
    departments: dict[int, Department] = field(default_factory=dict)
    webhooks: list[Webhook] = field(default_factory=list)
    oauth_clients: list[OAuthClient] = field(default_factory=list)
    oauth_grants: list[OAuthGrant] = field(default_factory=list)
    smart_types: dict[int, SmartProcessType] = field(default_factory=dict)
    categories: dict[int, Category] = field(default_factory=dict)
    stages: list[Stage] = field(default_factory=list)
    items: dict[int, Table[CrmItem]] = field(default_factory=dict)
    activities: Table[Activity] = field(default_factory=Table)
    tasks: Table[Task] = field(default_factory=Table)
    comments: list[TimelineComment] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)
    #: Live-feed posts a real portal would have made about changed CRM records, counted per
    #: (entityTypeId, id). The emulator keeps no feed; the count shows whether an update
    #: asked for one (legacy `params.REGISTER_SONET_EVENT`, §7.6).
    feed_posts: dict[tuple[int, int], int] = field(default_factory=dict)
    _stage_cache: dict[str, Stage] = field(default_factory=dict, repr=False)
    # How many catalogue rows the cache was built from; the cache itself can be smaller, since
    # lead statuses and the default deal pipeline share STATUS_IDs such as NEW (§7.4).
    _stage_cache_rows: int = field(default=-1, repr=False)

    def entity_type_ids(self) -> list[int]:
        """Every CRM type this portal serves through crm.item.*: built-ins, then SPAs."""
        return [*BUILTIN_TYPES, *sorted(self.smart_types)]

    def table(self, entity_type_id: int) -> Table[CrmItem]:
        """The items of one CRM type (created empty on first use)."""
        # Not setdefault(): that would build a throwaway Table on every call of a hot path.
        table = self.items.get(entity_type_id)
        if table is None:
            table = self.items[entity_type_id] = Table()
        return table

    def add_item(self, item: CrmItem) -> CrmItem:
        """Insert a new item; ids must grow, as on a real portal."""
        _insert(self.table(item.entity_type_id), item.id, item)
        return item

    def add_activity(self, activity: Activity) -> Activity:
        """Insert a new activity."""
        _insert(self.activities, activity.id, activity)
        return activity

    def add_task(self, task: Task) -> Task:
        """Insert a new task."""
        _insert(self.tasks, task.id, task)
        return task

    def reassign_item(self, item: CrmItem, new_owner: int) -> None:
        """Change an item's responsible user, keeping the owner index current."""
        self.table(item.entity_type_id).by_owner.move(item.assigned_by_id, new_owner, item.id)
        item.assigned_by_id = new_owner

    def register_feed_post(self, item: CrmItem) -> None:
        """Count one live-feed post about a change of `item` (see `feed_posts`)."""
        key = (item.entity_type_id, item.id)
        self.feed_posts[key] = self.feed_posts.get(key, 0) + 1

    def reassign_activity(self, activity: Activity, new_owner: int) -> None:
        """Change an activity's responsible user, keeping the owner index current."""
        self.activities.by_owner.move(activity.responsible_id, new_owner, activity.id)
        activity.responsible_id = new_owner

    def reassign_task(self, task: Task, new_owner: int) -> None:
        """Change a task's responsible user, keeping the owner index current."""
        self.tasks.by_owner.move(task.responsible_id, new_owner, task.id)
        task.responsible_id = new_owner

    def stages_of(self, entity_id: str) -> list[Stage]:
        """The stage catalogue for one crm.status.list ENTITY_ID, by SORT."""
        return sorted((s for s in self.stages if s.entity_id == entity_id), key=lambda s: s.sort)

    def stage_semantics(self, status_id: str | None) -> Semantics:
        """P (in progress), S (success) or F (failure) for a stage id; unknown means P."""
        if status_id is None:
            return "P"
        stage = self._stage_by_status_id().get(status_id)
        return stage.semantics if stage is not None else "P"

    def _stage_by_status_id(self) -> dict[str, Stage]:
        # Prefixes such as C3: and DT128_5: keep most stage ids apart; the few shared ones (lead
        # status and default deal stage NEW) have the same semantics, so one dict answers every
        # lookup. Rebuilt only when the catalogue grows.
        if self._stage_cache_rows != len(self.stages):
            self._stage_cache = {s.status_id: s for s in self.stages}
            self._stage_cache_rows = len(self.stages)
        return self._stage_cache


def _insert(table: Table[RecordT], record_id: int, record: RecordT) -> None:
    if record_id in table.rows:
        raise ValueError(f"record {record_id} exists already")
    table.rows[record_id] = record
    if not table.sorted_ids or table.sorted_ids[-1] < record_id:
        table.sorted_ids.append(record_id)
    else:
        bisect.insort(table.sorted_ids, record_id)
    table.by_owner.add(owner_of(record), record_id)
    table.next_id = max(table.next_id, record_id + 1)
