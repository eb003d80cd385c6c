"""PortalCatalog: the portal's own names for stages, pipelines, companies and contacts.

The item lists carry codes and ids (`stageId` "C1:NEW", `categoryId` 1, `companyId` 401);
an admin expects the names the portal shows. The catalogues are small and fetched once
per session; company and contact titles are looked up by id, 2,500 per request, and cached.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from desktop_handover.bitrix.client import BitrixClient
from desktop_handover.bitrix.errors import BitrixError
from desktop_handover.bitrix.listing import BATCH_LIMIT, LIST_LIMIT, ListSpec
from desktop_handover.bitrix.types import BatchResult, Command, CommandOutcome
from desktop_handover.handover.sections import (
    COMPANY_TYPE,
    CONTACT_TYPE,
    DEAL_TYPE,
    FIRST_SMART_PROCESS_TYPE,
    LEAD_TYPE,
    QUOTE_TYPE,
    SMART_INVOICE_TYPE,
)
from desktop_handover.services.wire_helpers import as_int, by_ids, chunks, gateway_error

logger = logging.getLogger(__name__)

#: Ids of one type per title lookup request: 50 ids a command, 50 commands a batch (§3, §4).
TITLES_PER_REQUEST = LIST_LIMIT * BATCH_LIMIT
#: Types whose items have pipelines that crm.category.list names (§7.1).
CATEGORY_TYPES = (DEAL_TYPE, CONTACT_TYPE, COMPANY_TYPE, SMART_INVOICE_TYPE)
#: "C1:NEW" (deals), "DT31_3:N" (smart invoices), "DT128_4:NEW" (SPAs): the pipeline is
#: part of the stage id outside the default deal pipeline (§7.3).
_STAGE_CATEGORY = re.compile(r"^(?:C(?P<deal>\d+)|DT\d+_(?P<dyn>\d+)):")


@dataclass(frozen=True, slots=True)
class StageInfo:
    """One stage or status of crm.status.list (§7.4), as the tables show and sort it.

    Attributes:
        name: the portal's name for it (portal text).
        semantics: "P" in progress, "S" success, "F" failure.
        color: the portal's colour, "#RRGGBB" (or "" when none).
        sort: its SORT: the order of stages within their pipeline.
    """

    name: str
    semantics: str
    color: str
    sort: int


class StageCatalog(Mapping[tuple[str, str], StageInfo]):
    """Every stage of the portal, keyed by (ENTITY_ID, STATUS_ID).

    Keyed by the pair, not by STATUS_ID alone: "NEW" is both a lead status (ENTITY_ID
    STATUS) and a stage of the default deal pipeline (DEAL_STAGE), with different names.
    `info()` picks the catalogue an item's stage belongs to (§7.4).
    """

    def __init__(self, stages: Mapping[tuple[str, str], StageInfo] | None = None) -> None:
        self._stages = dict(stages or {})
        # A second index for items whose pipeline is unknown: stage ids outside the
        # default deal pipeline carry it ("C1:…", "DT128_4:…"), so the family is enough.
        self._by_family: dict[tuple[str, str], StageInfo] = {}
        for (entity_id, status_id), info in self._stages.items():
            self._by_family.setdefault((_family(entity_id), status_id), info)

    def __getitem__(self, key: tuple[str, str]) -> StageInfo:
        return self._stages[key]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._stages)

    def __len__(self) -> int:
        return len(self._stages)

    def __repr__(self) -> str:
        return f"StageCatalog({len(self._stages)} stages)"

    def info(
        self, entity_type_id: int | None, stage_id: str | None, category_id: int | None = None
    ) -> StageInfo | None:
        """The stage `stage_id` of an item of `entity_type_id` in pipeline `category_id`."""
        if entity_type_id is None or not stage_id:
            return None
        entity_id = stage_entity_id(entity_type_id, stage_id, category_id)
        if entity_id is not None:
            found = self._stages.get((entity_id, stage_id))
            if found is not None:
                return found
            return self._by_family.get((_family(entity_id), stage_id))
        return None

    def name(
        self, entity_type_id: int | None, stage_id: str | None, category_id: int | None = None
    ) -> str | None:
        """The portal's name of that stage, or None when the catalogue does not have it."""
        found = self.info(entity_type_id, stage_id, category_id)
        return found.name if found is not None else None


def stage_entity_id(entity_type_id: int, stage_id: str, category_id: int | None) -> str | None:
    """The crm.status.list ENTITY_ID holding an item's stage (§7.4), None for stageless types.

    STATUS for leads, DEAL_STAGE / DEAL_STAGE_<cat> for deals, QUOTE_STATUS for quotes,
    SMART_INVOICE_STAGE_<cat> and DYNAMIC_<type>_STAGE_<cat> for smart invoices and SPAs.
    """
    if category_id is None:
        match = _STAGE_CATEGORY.match(stage_id)
        if match is not None:
            category_id = int(match["deal"] or match["dyn"])
    if entity_type_id == LEAD_TYPE:
        return "STATUS"
    if entity_type_id == QUOTE_TYPE:
        return "QUOTE_STATUS"
    if entity_type_id == DEAL_TYPE:
        return f"DEAL_STAGE_{category_id}" if category_id else "DEAL_STAGE"
    if entity_type_id == SMART_INVOICE_TYPE:
        return f"SMART_INVOICE_STAGE_{category_id or 0}"
    if entity_type_id >= FIRST_SMART_PROCESS_TYPE:
        return f"DYNAMIC_{entity_type_id}_STAGE_{category_id or 0}"
    return None


def _family(entity_id: str) -> str:
    """ENTITY_ID without its pipeline: DEAL_STAGE_1 → DEAL_STAGE, DYNAMIC_128_STAGE_4 → …_STAGE."""
    head, _, tail = entity_id.rpartition("_")
    return head if head.endswith("STAGE") and tail.isdigit() else entity_id


class PortalCatalog:
    """Names for the codes and ids in item lists, fetched from one portal and cached.

    Stages and pipelines are catalogues of a few dozen rows: `load()` fetches them once
    (one request: crm.status.list plus crm.category.list per type, in one batch). Titles of
    companies and contacts are looked up by id with crm.item.list `@id` filters, 2,500 per
    request, and remembered, also when the portal did not return an id (deleted, or not
    readable with this webhook's rights: §7.2 leaves such items out quietly), so no id is
    asked twice. Methods raise GatewayError when the whole request fails.
    """

    def __init__(self, client: BitrixClient) -> None:
        self._client = client
        self._stages: StageCatalog | None = None
        self._categories: dict[int, dict[int, str]] = {}
        self._titles: dict[int, dict[int, str]] = {}  # entity type → id → title
        self._asked: dict[int, set[int]] = {}  # entity type → every id looked up

    def __repr__(self) -> str:
        return f"PortalCatalog(host={self._client.host!r})"

    # --- stages and pipelines -------------------------------------------------------------

    @property
    def stages_known(self) -> StageCatalog | None:
        """The stage catalogue when loaded, else None (no request)."""
        return self._stages

    async def load(self, category_types: Iterable[int] = CATEGORY_TYPES) -> None:
        """Fetch the stage catalogue and the pipelines of `category_types` not yet known.

        One request: crm.status.list and the crm.category.list commands share a batch.
        A type without pipelines (CATEGORIES_NOT_SUPPORTED) just has none.
        """
        types = [t for t in dict.fromkeys(category_types) if t not in self._categories]
        commands: dict[str, Command] = {}
        if self._stages is None:
            # Not paginated: every catalogue at once, by SORT (§3 "Method quirks").
            commands["stages"] = Command("crm.status.list", {"filter": {}})
        for type_id in types[: BATCH_LIMIT - 1]:
            commands[f"cat{type_id}"] = Command("crm.category.list", {"entityTypeId": type_id})
        if not commands:
            return
        result = await self._batch(commands)
        stages = result.outcomes.get("stages")
        if stages is not None:
            self._stages = _stage_catalog(stages)
        for type_id in types[: BATCH_LIMIT - 1]:
            self._categories[type_id] = _category_names(result.outcomes[f"cat{type_id}"])
        if len(types) > BATCH_LIMIT - 1:
            await self.load(types[BATCH_LIMIT - 1 :])

    async def stages(self) -> StageCatalog:
        """Every stage, keyed by (ENTITY_ID, STATUS_ID); fetched once."""
        if self._stages is None:
            await self.load(())
        assert self._stages is not None
        return self._stages

    async def stage_name(
        self, entity_type_id: int, stage_id: str, category_id: int | None = None
    ) -> str | None:
        """The portal's name of an item's stage (see `StageCatalog.info`)."""
        return (await self.stages()).name(entity_type_id, stage_id, category_id)

    async def categories(self, entity_type_id: int) -> Mapping[int, str]:
        """The pipelines of `entity_type_id`: id → name (empty for types without any)."""
        if entity_type_id not in self._categories:
            await self.load([entity_type_id])
        return self._categories[entity_type_id]

    async def pipelines(self, entity_type_ids: Iterable[int]) -> Mapping[int, Mapping[int, str]]:
        """The pipelines of several types, the unknown ones fetched in one request."""
        wanted = list(dict.fromkeys(entity_type_ids))
        missing = [t for t in wanted if t not in self._categories]
        if missing:
            await self.load(missing)
        return {t: self._categories[t] for t in wanted}

    # --- companies and contacts -----------------------------------------------------------

    def titles_known(self, entity_type_id: int) -> Mapping[int, str]:
        """The titles looked up so far for `entity_type_id` (no request)."""
        return self._titles.get(entity_type_id, {})

    async def titles(self, entity_type_id: int, ids: Iterable[int]) -> Mapping[int, str]:
        """Titles of `ids`: a company's title (4), a contact's name and last name (3).

        Ids the portal does not return have no entry. Only ids never asked before cost
        requests: one per 2,500.
        """
        return (await self.titles_of({entity_type_id: ids})).get(entity_type_id, {})

    async def titles_of(
        self, wanted: Mapping[int, Iterable[int]]
    ) -> Mapping[int, Mapping[int, str]]:
        """Titles of several types at once: the commands of all types share the batches.

        Returns:
            Per entity type, id → title for the requested ids the portal returned.
        """
        pages: list[tuple[int, Sequence[int]]] = []
        for type_id, ids in wanted.items():
            asked = self._asked.setdefault(type_id, set())
            fresh = sorted({i for i in ids if i > 0} - asked)
            pages += [(type_id, page) for page in chunks(fresh, LIST_LIMIT)]
        for batch_pages in chunks(pages, BATCH_LIMIT):
            keyed = {f"t{n}": (type_id, ids) for n, (type_id, ids) in enumerate(batch_pages)}
            commands = {
                key: Command("crm.item.list", _titles_page(type_id, ids))
                for key, (type_id, ids) in keyed.items()
            }
            result = await self._batch(commands)
            for key, (type_id, ids) in keyed.items():
                self._remember_titles(type_id, ids, result.outcomes[key])
        out: dict[int, dict[int, str]] = {}
        for type_id, ids in wanted.items():
            known = self._titles.get(type_id, {})
            out[type_id] = {i: known[i] for i in ids if i in known}
        return out

    def _remember_titles(self, type_id: int, ids: Sequence[int], outcome: CommandOutcome) -> None:
        if not outcome.ok:
            # One refused command (no rights, a temporary limit) leaves those ids unnamed;
            # a temporary failure may be asked again later, a refusal would fail again.
            code = outcome.error.code if outcome.error else ""
            logger.info("titles of type %s unavailable: %s", type_id, code)
            if code.upper() in ("OPERATION_TIME_LIMIT", "QUERY_LIMIT_EXCEEDED"):
                return
            self._asked[type_id].update(ids)
            return
        self._asked[type_id].update(ids)
        spec = ListSpec.crm_items(type_id)
        try:
            rows = spec.rows(outcome.result)
        except ValueError:
            return
        titles = self._titles.setdefault(type_id, {})
        for row in rows:
            item_id = as_int(row.get("id"))
            title = _row_title(type_id, row)
            if item_id is not None and title:
                titles[item_id] = title

    async def _batch(self, commands: Mapping[str, Command]) -> BatchResult:
        try:
            return await self._client.batch(commands)
        except BitrixError as exc:
            raise gateway_error(exc) from None


def _titles_page(type_id: int, ids: Sequence[int]) -> dict[str, Any]:
    """One crm.item.list page naming up to 50 items by id (the gateway's `by_ids`)."""
    return by_ids(ListSpec.crm_items(type_id), {"@id": list(ids)}, _title_select(type_id))


def _title_select(type_id: int) -> list[str]:
    if type_id == CONTACT_TYPE:
        return ["name", "lastName"]
    return ["title"]


def _row_title(type_id: int, row: Mapping[str, Any]) -> str:
    if type_id == CONTACT_TYPE:
        # The portal shows a contact as "Name Last name" (§7.3 contact fields).
        parts = (row.get("name"), row.get("lastName"))
        return " ".join(str(p).strip() for p in parts if p and str(p).strip())
    return str(row.get("title") or "").strip()


def _stage_catalog(outcome: CommandOutcome) -> StageCatalog:
    rows = outcome.result if outcome.ok and isinstance(outcome.result, list) else []
    if not outcome.ok:
        code = outcome.error.code if outcome.error else ""
        logger.warning("stage catalogue unavailable: %s", code)
    stages: dict[tuple[str, str], StageInfo] = {}
    for row in rows:
        if not isinstance(row, Mapping):
            continue
        entity_id, status_id = row.get("ENTITY_ID"), row.get("STATUS_ID")
        if not entity_id or not status_id:
            continue
        semantics = row.get("SEMANTICS") or "P"  # null or "" while in progress (§7.4)
        stages[(str(entity_id), str(status_id))] = StageInfo(
            name=str(row.get("NAME") or status_id),
            semantics=str(semantics) if semantics in ("S", "F") else "P",
            color=str(row.get("COLOR") or ""),
            sort=as_int(row.get("SORT")) or 0,
        )
    return StageCatalog(stages)


def _category_names(outcome: CommandOutcome) -> dict[int, str]:
    if not outcome.ok or not isinstance(outcome.result, Mapping):
        return {}  # CATEGORIES_NOT_SUPPORTED, or no rights: no pipeline names
    names: dict[int, str] = {}
    for row in outcome.result.get("categories") or ():
        if isinstance(row, Mapping):
            cat_id = as_int(row.get("id"))
            if cat_id is not None:
                names[cat_id] = str(row.get("name") or "")
    return names


class NameCatalog(Protocol):
    """What the UI needs of a catalog (PortalCatalog, or a fake in tests)."""

    async def load(self, category_types: Iterable[int] = CATEGORY_TYPES) -> None:
        """Fetch the stage catalogue and the pipelines of `category_types`."""

    async def stages(self) -> StageCatalog:
        """Every stage, keyed by (ENTITY_ID, STATUS_ID)."""

    async def pipelines(self, entity_type_ids: Iterable[int]) -> Mapping[int, Mapping[int, str]]:
        """The pipelines of several types: type → id → name."""

    async def titles_of(
        self, wanted: Mapping[int, Iterable[int]]
    ) -> Mapping[int, Mapping[int, str]]:
        """Titles of several types' ids: type → id → title (found ones only)."""
