"""A fake PortalCatalog for the UI tests: names from dicts, every title lookup recorded."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from desktop_handover.handover.sections import COMPANY_TYPE, CONTACT_TYPE
from desktop_handover.services.catalog import CATEGORY_TYPES, StageCatalog, StageInfo

LEAD_NEW = "Unprocessed"
DEAL_NEW = "New deal"
DEAL_WON = "Deal won"


def stage_catalog() -> StageCatalog:
    return StageCatalog(
        {
            ("STATUS", "NEW"): StageInfo(LEAD_NEW, "P", "#39A8EF", 10),
            ("DEAL_STAGE", "NEW"): StageInfo(DEAL_NEW, "P", "#39A8EF", 10),
            ("DEAL_STAGE", "PREPARATION"): StageInfo("Preparing", "P", "#39A8EF", 20),
            ("DEAL_STAGE", "WON"): StageInfo(DEAL_WON, "S", "#00FF00", 60),
            ("DEAL_STAGE_1", "C1:NEW"): StageInfo("Service request", "P", "#39A8EF", 10),
            ("DEAL_STAGE_1", "C1:WON"): StageInfo("Serviced", "S", "#00FF00", 60),
        }
    )


@dataclass
class FakeCatalog:
    """services.catalog.NameCatalog over dicts; `calls` lists every titles_of request."""

    companies: dict[int, str] = field(default_factory=dict)
    contacts: dict[int, str] = field(default_factory=dict)
    pipelines_by_type: dict[int, dict[int, str]] = field(
        default_factory=lambda: {2: {0: "Sales", 1: "Service"}}
    )
    calls: list[dict[int, list[int]]] = field(default_factory=list)
    loads: int = 0
    loaded_types: set[int] = field(default_factory=set)
    on_call: Callable[[], None] | None = None

    async def load(self, category_types: Iterable[int] = CATEGORY_TYPES) -> None:
        self.loads += 1
        self.loaded_types.update(category_types)

    async def stages(self) -> StageCatalog:
        return stage_catalog()

    async def pipelines(self, entity_type_ids: Iterable[int]) -> Mapping[int, Mapping[int, str]]:
        wanted = list(entity_type_ids)
        missing = set(wanted) - self.loaded_types
        if missing:
            await self.load(missing)  # as PortalCatalog: one more request
        return {t: self.pipelines_by_type.get(t, {}) for t in wanted}

    async def titles_of(
        self, wanted: Mapping[int, Iterable[int]]
    ) -> Mapping[int, Mapping[int, str]]:
        asked = {t: list(ids) for t, ids in wanted.items()}
        self.calls.append(asked)
        if self.on_call is not None:
            self.on_call()
        return {
            COMPANY_TYPE: {
                i: self.companies[i] for i in asked.get(COMPANY_TYPE, []) if i in self.companies
            },
            CONTACT_TYPE: {
                i: self.contacts[i] for i in asked.get(CONTACT_TYPE, []) if i in self.contacts
            },
        }

    def asked_ids(self, type_id: int) -> list[int]:
        return [i for call in self.calls for i in call.get(type_id, [])]
