"""What the portal holds for a handover: its sections, successor candidates, dismissed owners."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from desktop_handover.handover.ports import CrmGateway, UserInfo
from desktop_handover.handover.sections import SectionSpec, all_sections


@dataclass(frozen=True, slots=True)
class OwnerSummary:
    """A user and how many items they are responsible for, per section key."""

    user: UserInfo
    counts: Mapping[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Items across sections."""
        return sum(self.counts.values())


async def discover_all_sections(gateway: CrmGateway) -> list[SectionSpec]:
    """Built-in sections plus the portal's smart processes (crm.type.list), in tab order."""
    return all_sections(list(await gateway.discover_sections()))


def successor_candidates(users: Sequence[UserInfo], departing_user_id: int) -> list[UserInfo]:
    """Active employees other than the departing one, by name (the successor picker's rows).

    The portal accepts a dismissed assignee without complaint (bitrix24-api.md §7.5), so the
    picker must never offer one.
    """
    return sorted(
        (u for u in users if u.active and u.id != departing_user_id),
        key=lambda u: (u.name.casefold(), u.id),
    )


async def dismissed_owners(
    gateway: CrmGateway, sections: Sequence[SectionSpec], users: Sequence[UserInfo] | None = None
) -> list[OwnerSummary]:
    """Dismissed employees who still own CRM items, with counts, most items first.

    Costs one `count_owned` call per dismissed user. Their activities and invoices are handed
    over through REST directly; nobody needs re-hiring (bitrix24-api.md §8.4).
    """
    if users is None:
        users = await gateway.list_users()
    found = []
    for user in users:
        if user.active:
            continue
        counts = dict(await gateway.count_owned(user.id, sections))
        summary = OwnerSummary(user, {k: n for k, n in counts.items() if n})
        if summary.total:
            found.append(summary)
    return sorted(found, key=lambda s: (-s.total, s.user.name.casefold(), s.user.id))


async def owned_by(
    gateway: CrmGateway, user: UserInfo, sections: Sequence[SectionSpec]
) -> OwnerSummary:
    """One user's counts per section (the departing employee's "Owns" panel)."""
    return OwnerSummary(user, dict(await gateway.count_owned(user.id, sections)))
