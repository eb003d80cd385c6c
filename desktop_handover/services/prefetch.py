"""The portal's setup data, asked for in the connection check's one batch and read from it."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from desktop_handover.bitrix.client import BitrixClient
from desktop_handover.bitrix.errors import BitrixError
from desktop_handover.bitrix.listing import BATCH_LIMIT, LIST_LIMIT, ListSpec
from desktop_handover.bitrix.types import Command, CommandOutcome
from desktop_handover.handover.ports import UserInfo
from desktop_handover.handover.sections import SectionSpec, smart_process_section
from desktop_handover.services.wire_helpers import as_int

logger = logging.getLogger(__name__)

#: user.get pages asked for in the setup batch: 200 users cover most portals in one request;
#: pages past the end come back empty and cheap, and a bigger portal costs one more request.
SETUP_USER_PAGES = 4
#: department.get pages asked for in the setup batch (more are fetched like user pages).
SETUP_DEPARTMENT_PAGES = 1
#: Every setup command's key starts with this, so that it never meets the check's own keys.
KEY_PREFIX = "setup_"

_TYPES = f"{KEY_PREFIX}types"
_STAGES = f"{KEY_PREFIX}stages"
_USERS = f"{KEY_PREFIX}u"
_DEPARTMENTS = f"{KEY_PREFIX}d"


@dataclass(frozen=True, slots=True)
class StageCatalogue:
    """Which stages count as closed, for every stage list of the portal at once.

    One crm.status.list without a filter returns every list (§3 "Method quirks": not
    paginated), so one request serves all sections whose closedness the catalogue tells
    (smart invoices and smart processes, §7.4), instead of one request per section.

    Attributes:
        closed: ENTITY_ID (e.g. "DYNAMIC_128_STAGE_3") → STATUS_IDs with S or F semantics.
    """

    closed: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def from_reply(cls, reply: object) -> StageCatalogue:
        """Read crm.status.list's rows; anything that is not a row is ignored."""
        closed: dict[str, set[str]] = {}
        for row in reply if isinstance(reply, list) else []:
            if not isinstance(row, Mapping):
                continue
            stages = closed.setdefault(str(row.get("ENTITY_ID", "")), set())
            if row.get("SEMANTICS") in ("S", "F"):
                stages.add(str(row.get("STATUS_ID")))
        return cls(MappingProxyType({k: frozenset(v) for k, v in closed.items()}))

    def closed_for(self, entity_type_id: int) -> frozenset[str]:
        """The closed stage ids of every pipeline of one entity type (31, or ≥ 128)."""
        # The prefix ends in "_STAGE_", so type 12 never picks up type 128's lists.
        prefix = (
            "SMART_INVOICE_STAGE_" if entity_type_id == 31 else f"DYNAMIC_{entity_type_id}_STAGE_"
        )
        found: set[str] = set()
        for entity_id, stages in self.closed.items():
            if entity_id.startswith(prefix):
                found |= stages
        return frozenset(found)


@dataclass(frozen=True, slots=True)
class Prefetch:
    """What the connection check's batch brought along, for the gateway to start from.

    Opening a portal and planning a handover need the webhook's user, the departments, the
    users, the smart processes and the stage catalogue. Asked for inside the check's batch
    (a batch costs one request whatever it holds, §4, §5.1), they cost no request of their
    own. A part is None when its command failed; the gateway then asks for it itself.

    Attributes:
        host: the portal the data came from; a gateway of another portal ignores it.
        fetched_at: `time.monotonic()` when the batch was sent, so that the gateway can tell
            how old the user list is.
        me: the webhook's user (user.current, §6.3).
        users: every real user (user.get, §6.1), or None when not all pages arrived.
        departments: department id → name (department.get, §6.3).
        smart_processes: the sections of the portal's smart processes (crm.type.list, §7.1).
        stages: the stage catalogue (crm.status.list, §7.4).
    """

    host: str
    fetched_at: float
    me: UserInfo | None = None
    users: tuple[UserInfo, ...] | None = None
    departments: Mapping[int, str] | None = None
    smart_processes: tuple[SectionSpec, ...] | None = None
    stages: StageCatalogue | None = None


def prefetch_commands(user_pages: int = SETUP_USER_PAGES) -> dict[str, Command]:
    """The setup commands to add to the check's batch (it must leave room for them, §4).

    Users and departments page by offset (§6.1, §6.3), so their pages do not depend on one
    another and need no `$result` references: each command asks for its own `start`.
    """
    if not 1 <= user_pages <= BATCH_LIMIT - 2 - SETUP_DEPARTMENT_PAGES:
        raise ValueError("too many user pages for one batch")
    commands = {
        _TYPES: Command("crm.type.list"),
        _STAGES: Command("crm.status.list", {"filter": {}}),
    }
    departments = ListSpec.departments()
    base = departments.base_params(None, None)
    for n in range(SETUP_DEPARTMENT_PAGES):
        commands[f"{_DEPARTMENTS}{n}"] = departments.offset_command(base, n * LIST_LIMIT)
    users = ListSpec.users()
    base = users.base_params(None, None)
    for n in range(user_pages):
        commands[f"{_USERS}{n}"] = users.offset_command(base, n * LIST_LIMIT)
    return commands


async def read_prefetch(
    client: BitrixClient,
    outcomes: Mapping[str, CommandOutcome],
    *,
    me: Mapping[str, Any] | None,
    fetched_at: float,
) -> Prefetch:
    """The Prefetch in a check batch's outcomes; missing user pages cost one more batch.

    Args:
        client: the check's client, for the pages that did not fit (closed by the caller).
        outcomes: the check batch's outcomes, with `prefetch_commands`' keys among them.
        me: the check's user.current row, if it succeeded.
        fetched_at: when the batch was sent (`time.monotonic()`).
    """
    departments_rows = await _all_pages(client, outcomes, _DEPARTMENTS, ListSpec.departments())
    departments = department_names(departments_rows) if departments_rows is not None else None
    names = departments or {}
    users: tuple[UserInfo, ...] | None = None
    # Users name their departments: without the names the gateway lists both itself.
    user_rows = (
        await _all_pages(client, outcomes, _USERS, ListSpec.users())
        if departments is not None
        else None
    )
    if user_rows is not None:
        # Offset pages from two requests may overlap if a user was added in between.
        by_id = {u.id: u for u in (user_info_from_row(row, names) for row in user_rows)}
        users = tuple(by_id.values())
    me_info = user_info_from_row(me, names) if me is not None else None
    if me_info is not None and users is not None:
        me_info = next((u for u in users if u.id == me_info.id), me_info)
    types = outcomes.get(_TYPES)
    stages = outcomes.get(_STAGES)
    return Prefetch(
        host=client.host,
        fetched_at=fetched_at,
        me=me_info,
        users=users,
        departments=MappingProxyType(departments) if departments is not None else None,
        smart_processes=(
            tuple(smart_process_sections(types.result)) if types is not None and types.ok else None
        ),
        stages=StageCatalogue.from_reply(stages.result)
        if stages is not None and stages.ok
        else None,
    )


async def _all_pages(
    client: BitrixClient,
    outcomes: Mapping[str, CommandOutcome],
    prefix: str,
    spec: ListSpec,
) -> list[Mapping[str, Any]] | None:
    """Every row of an offset listing whose first pages are `prefix`0, 1…; None if one failed.

    The first page's `total` says how many pages there are (§3); those the batch did not
    carry are asked for in further batches of 50 commands (one for up to 2,500 more rows).
    """
    keys = sorted(
        (k for k in outcomes if k.startswith(prefix) and k[len(prefix) :].isdigit()),
        key=lambda k: int(k[len(prefix) :]),
    )
    if not keys or not all(outcomes[k].ok for k in keys):
        return None
    try:
        page_rows = [spec.rows(outcomes[k].result) for k in keys]
    except ValueError:
        return None
    first = outcomes[keys[0]]
    # user.get answers an empty portal with [] and no total (§6.1).
    total = first.total if first.total is not None else len(page_rows[0])
    rows = [row for page in page_rows[: _pages(total)] for row in page]
    offsets = list(range(len(keys) * LIST_LIMIT, total, LIST_LIMIT))
    base = spec.base_params(None, None)
    for start in range(0, len(offsets), BATCH_LIMIT):
        chunk = offsets[start : start + BATCH_LIMIT]
        commands = {f"p{n}": spec.offset_command(base, o) for n, o in enumerate(chunk)}
        try:
            result = await client.batch(commands)
            more = [spec.rows(result.outcomes[k].result) for k in commands]
        except (BitrixError, ValueError) as exc:
            logger.info("setup: %s pages unavailable (%s)", spec.method, type(exc).__name__)
            return None
        if not all(o.ok for o in result.outcomes.values()):
            return None
        rows.extend(row for page in more for row in page)
    return rows


def _pages(total: int) -> int:
    return max(1, -(-total // LIST_LIMIT))


def department_names(rows: Sequence[Mapping[str, Any]]) -> dict[int, str]:
    """Department id → name from department.get rows (§6.3)."""
    names: dict[int, str] = {}
    for row in rows:
        dept_id = as_int(row.get("ID"))
        if dept_id is not None:
            names[dept_id] = str(row.get("NAME") or "")
    return names


def smart_process_sections(reply: object) -> list[SectionSpec]:
    """The sections of crm.type.list's smart processes (entityTypeId ≥ 128, §7.1)."""
    types = reply.get("types", []) if isinstance(reply, Mapping) else []
    sections = []
    for entry in types:
        type_id = as_int(entry.get("entityTypeId")) if isinstance(entry, Mapping) else None
        if type_id is None or type_id < 128:
            continue
        sections.append(
            smart_process_section(
                type_id,
                str(entry.get("title") or f"#{type_id}"),
                stages_enabled=entry.get("isStagesEnabled", "Y") == "Y",
                categories_enabled=entry.get("isCategoriesEnabled", "Y") == "Y",
                client_enabled=entry.get("isClientEnabled", "Y") == "Y",
            )
        )
    return sections


def user_info_from_row(row: Mapping[str, Any], departments: Mapping[int, str]) -> UserInfo:
    """A UserInfo from a user.get / user.current row (§6.1: ID string, ACTIVE a JSON bool)."""
    name = " ".join(str(p) for p in (row.get("NAME"), row.get("LAST_NAME")) if p).strip()
    dept_ids = row.get("UF_DEPARTMENT") or []
    return UserInfo(
        id=as_int(row.get("ID")) or 0,
        name=name or str(row.get("EMAIL") or f"#{row.get('ID')}"),
        active=row.get("ACTIVE") is True or row.get("ACTIVE") in ("Y", "1", 1),
        position=str(row.get("WORK_POSITION") or ""),
        departments=tuple(
            departments[d]
            for d in (as_int(x) for x in dept_ids)
            if d is not None and d in departments
        ),
    )
