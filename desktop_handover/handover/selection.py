"""What is selected in a section: explicit ids, or "all matching" minus exclusions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from desktop_handover.handover.sections import ItemRef


class SectionFilter(StrEnum):
    """Which items of a section a listing or an "all matching" selection covers (§7.4)."""

    ALL = "all"
    OPEN = "open"
    CLOSED = "closed"

    def matches(self, item: ItemRef) -> bool:
        """Whether `item` passes this filter; items without stages pass only ALL."""
        if self is SectionFilter.ALL:
            return True
        if item.closed is None:
            return False
        return item.closed is (self is SectionFilter.CLOSED)


@dataclass(frozen=True, slots=True)
class Explicit:
    """Exactly these item ids (rows the admin ticked, loaded or typed in)."""

    ids: frozenset[int] = frozenset()

    def includes(self, item: ItemRef) -> bool:
        """Whether `item` is part of this selection."""
        return item.id in self.ids

    @property
    def is_empty(self) -> bool:
        """True when nothing is selected."""
        return not self.ids


@dataclass(frozen=True, slots=True)
class AllMatching:
    """Every item the departing user owns in the section that passes `filter`, minus `excluded`.

    Unloaded pages included: it is resolved on the server at run time (style.md §4).
    """

    filter: SectionFilter = SectionFilter.ALL
    excluded: frozenset[int] = frozenset()

    def includes(self, item: ItemRef) -> bool:
        """Whether `item` is part of this selection."""
        return self.filter.matches(item) and item.id not in self.excluded

    @property
    def is_empty(self) -> bool:
        """Never known to be empty before resolution: the server decides."""
        return False


Selection = Explicit | AllMatching


class SelectionState:
    """The mutable, Qt-free tick state of one section tab; the UI's table model wraps it.

    Ticks are keyed by item id, never by row, so they survive sorting, filtering and reloads.
    While "for all" is on, every item counts as ticked except the ones unticked since
    (they become exclusions); switching "for all" off returns to the explicit ticks made before.
    """

    def __init__(self, section_filter: SectionFilter = SectionFilter.ALL) -> None:
        self._checked: set[int] = set()
        self._excluded: set[int] = set()
        self._for_all = False
        self._filter = section_filter

    @property
    def for_all(self) -> bool:
        """Whether "for all" (every matching item on the server) is on."""
        return self._for_all

    @property
    def filter(self) -> SectionFilter:
        """The section filter the tab shows; "for all" selects by it."""
        return self._filter

    def set_filter(self, section_filter: SectionFilter) -> None:
        """Change the filter; explicit ticks and exclusions are kept (they are ids)."""
        self._filter = section_filter

    def set_for_all(self, on: bool) -> None:
        """Switch "for all" on or off; switching it either way drops the exclusions."""
        self._for_all = on
        self._excluded.clear()

    def is_checked(self, item_id: int) -> bool:
        """Whether the row of `item_id` shows a tick (under "for all": unless excluded).

        Under "for all", a row failing the filter would not be part of the selection; the
        model only shows rows of the current filter, so this does not check it.
        """
        if self._for_all:
            return item_id not in self._excluded
        return item_id in self._checked

    def set_checked(self, item_id: int, checked: bool) -> None:
        """Tick or untick one row; under "for all" an untick becomes an exclusion."""
        if self._for_all:
            if checked:
                self._excluded.discard(item_id)
            else:
                self._excluded.add(item_id)
        elif checked:
            self._checked.add(item_id)
        else:
            self._checked.discard(item_id)

    def check_many(self, item_ids: Iterable[int], checked: bool = True) -> None:
        """Tick or untick many rows (the header's "tick every loaded row" action)."""
        for item_id in item_ids:
            self.set_checked(item_id, checked)

    def clear(self) -> None:
        """Untick everything and switch "for all" off."""
        self._checked.clear()
        self._excluded.clear()
        self._for_all = False

    def selection(self) -> Selection:
        """The selection as a value for the plan."""
        if self._for_all:
            return AllMatching(self._filter, frozenset(self._excluded))
        return Explicit(frozenset(self._checked))

    def selected_count(self, total_matching: int) -> int:
        """How many items are selected, given the server's count of matching items.

        Under "for all", `total_matching` is the filter's total on the server (loaded or not);
        exclusions are assumed to be among them.
        """
        if self._for_all:
            return max(total_matching - len(self._excluded), 0)
        return len(self._checked)
