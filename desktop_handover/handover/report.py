"""Outcome codes, progress events and the per-item report of a handover run (CSV and JSON)."""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Outcome(StrEnum):
    """What happened to one item. The UI and the CLI translate these codes into words."""

    #: Not sent yet.
    PENDING = "pending"
    #: In a batch whose intent is journalled; the reply has not been recorded.
    SENT = "sent"
    #: Now owned by the planned new owner.
    DONE = "done"
    #: Someone else took it before its update: left alone (never overwritten).
    SKIPPED_MOVED_MEANWHILE = "skipped_moved_meanwhile"
    #: Gone from the portal (deleted, or no longer visible to the webhook's user).
    SKIPPED_NOT_FOUND = "skipped_not_found"
    #: The portal refused the update; `error` holds its code.
    FAILED = "failed"
    #: The reply was lost; resume re-reads the owner to settle it.
    UNKNOWN = "unknown"

    @property
    def is_final(self) -> bool:
        """True for outcomes a resume leaves alone."""
        return self in _FINAL

    @property
    def is_skipped(self) -> bool:
        """True for both kinds of skip."""
        return self in (Outcome.SKIPPED_MOVED_MEANWHILE, Outcome.SKIPPED_NOT_FOUND)


_FINAL = frozenset(
    {Outcome.DONE, Outcome.SKIPPED_MOVED_MEANWHILE, Outcome.SKIPPED_NOT_FOUND, Outcome.FAILED}
)


class RunKind(StrEnum):
    """A run hands items over, or undoes an earlier run."""

    HANDOVER = "handover"
    UNDO = "undo"


class RunState(StrEnum):
    """Where a run stands in the journal."""

    PLANNED = "planned"
    RUNNING = "running"
    #: Stopped by an error (network loss, portal refusal of the whole call); resumable.
    INTERRUPTED = "interrupted"
    #: Stopped by task.cancel() between batches; resumable.
    CANCELLED = "cancelled"
    FINISHED = "finished"
    #: Refused by the plan checks (PlanError) before or on resume; not resumable.
    REFUSED = "refused"
    #: A later undo run has taken its items back.
    UNDONE = "undone"


class Phase(StrEnum):
    """The step a run is in, for progress events."""

    CHECKING = "checking"
    RESOLVING = "resolving"
    HANDING_OVER = "handing_over"
    COMMENTING = "commenting"
    NOTIFYING = "notifying"
    VERIFYING = "verifying"
    DISMISSING = "dismissing"
    FINISHED = "finished"


class WaitReason(StrEnum):
    """Why the gateway is waiting before its next request (bitrix24-api.md §5)."""

    #: Pacing under the leaky bucket (§5.1), or after 503 QUERY_LIMIT_EXCEEDED.
    RATE_LIMIT = "rate_limit"
    #: The per-method time budget is spent: 429 OPERATION_TIME_LIMIT (§5.2).
    TIME_BUDGET = "time_budget"
    #: Back-off after a network error or a 5xx.
    RETRY = "retry"


@dataclass(frozen=True, slots=True)
class Wait:
    """A pause the gateway is about to make: how long and why."""

    seconds: float
    reason: WaitReason


class DismissOutcome(StrEnum):
    """What became of "dismiss the departing user at the end"."""

    DISMISSED = "dismissed"
    ALREADY_DISMISSED = "already_dismissed"
    #: Not done: items are still with the departing user, or some failed or are unsettled.
    SKIPPED_RESIDUE = "skipped_residue"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class SectionProgress:
    """Counts of one section during a run."""

    section: str
    done: int
    skipped: int
    failed: int
    total: int

    @property
    def processed(self) -> int:
        """Items with a final outcome."""
        return self.done + self.skipped + self.failed


@dataclass(frozen=True, slots=True)
class Progress:
    """One progress event: what the UI's dialog and the CLI's bars show.

    Attributes:
        run_id: the journal's run id (known from the first event on, so a cancelled caller
            can still find its report).
        phase: the current step.
        sections: per-section counts, in plan order.
        rate: items settled per second since the first batch (0 before it).
        eta_seconds: estimated seconds left, None when unknown.
        wait: the pause the gateway is in, if any.
    """

    run_id: int
    phase: Phase
    sections: tuple[SectionProgress, ...]
    rate: float = 0.0
    eta_seconds: float | None = None
    wait: Wait | None = None

    @property
    def done(self) -> int:
        """Items done across sections."""
        return sum(s.done for s in self.sections)

    @property
    def total(self) -> int:
        """Items planned across sections."""
        return sum(s.total for s in self.sections)


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One item's line in the report.

    `new_owner` is the planned successor; 0 for an explicitly selected item that was already
    gone at resolution when the split rule needed the item itself to decide.
    """

    section: str
    item_id: int
    title: str
    old_owner: int
    new_owner: int
    outcome: Outcome
    error: str | None
    #: Who owns it now when it was skipped because someone else took it, if known.
    current_owner: int | None
    #: When the outcome was recorded (ISO-8601, UTC).
    time: str


REPORT_COLUMNS = (
    "section",
    "id",
    "title",
    "old_owner",
    "new_owner",
    "outcome",
    "error",
    "current_owner",
    "time",
)


@dataclass(frozen=True, slots=True)
class HandoverReport:
    """The exact result of a run, item by item, read back from the journal.

    Attributes:
        run_id: the journal's run id.
        kind: handover or undo.
        state: the run's state when the report was made.
        departing_user_id: whose items were handed over (for an undo: who got them back).
        rows: one per item, by section then id.
        residue: per section, ids still owned by the departing user after verification;
            None when verification has not run.
        dismissed: what became of "dismiss at the end", None when not asked for.
        undo_of: for an undo run, the run it undid.
    """

    run_id: int
    kind: RunKind
    state: RunState
    departing_user_id: int
    rows: tuple[ReportRow, ...]
    residue: Mapping[str, tuple[int, ...]] | None = None
    dismissed: DismissOutcome | None = None
    undo_of: int | None = None
    sections: tuple[str, ...] = field(default=())

    def counts(self) -> dict[str, dict[Outcome, int]]:
        """Per section: how many items had each outcome."""
        result: dict[str, Counter[Outcome]] = {}
        for row in self.rows:
            result.setdefault(row.section, Counter())[row.outcome] += 1
        return {section: dict(counter) for section, counter in result.items()}

    def per_new_owner(self) -> dict[int, int]:
        """How many items each new owner received (DONE only)."""
        counter: Counter[int] = Counter(
            r.new_owner for r in self.rows if r.outcome is Outcome.DONE
        )
        return dict(counter)

    def total(self, outcome: Outcome) -> int:
        """How many items ended with `outcome`."""
        return sum(1 for r in self.rows if r.outcome is outcome)

    @property
    def residue_total(self) -> int | None:
        """Items left with the departing user after verification, None before it."""
        if self.residue is None:
            return None
        return sum(len(ids) for ids in self.residue.values())

    def progress_sections(self) -> tuple[SectionProgress, ...]:
        """Per-section counts in the shape of a progress event."""
        order = list(self.sections) or sorted({r.section for r in self.rows})
        counts = self.counts()
        out = []
        for section in order:
            c = counts.get(section, {})
            out.append(
                SectionProgress(
                    section=section,
                    done=c.get(Outcome.DONE, 0),
                    skipped=c.get(Outcome.SKIPPED_MOVED_MEANWHILE, 0)
                    + c.get(Outcome.SKIPPED_NOT_FOUND, 0),
                    failed=c.get(Outcome.FAILED, 0),
                    total=sum(c.values()),
                )
            )
        return tuple(out)

    def to_json_dict(self) -> dict[str, object]:
        """A JSON-ready form: a summary plus every row."""
        return {
            "run_id": self.run_id,
            "kind": self.kind.value,
            "state": self.state.value,
            "departing_user_id": self.departing_user_id,
            "undo_of": self.undo_of,
            "summary": {
                section: {outcome.value: n for outcome, n in sorted(c.items())}
                for section, c in self.counts().items()
            },
            "per_new_owner": {str(k): v for k, v in sorted(self.per_new_owner().items())},
            "residue": None
            if self.residue is None
            else {section: list(ids) for section, ids in self.residue.items()},
            "dismissed": None if self.dismissed is None else self.dismissed.value,
            "items": [_row_dict(row) for row in self.rows],
        }


def _row_dict(row: ReportRow) -> dict[str, object]:
    return {
        "section": row.section,
        "id": row.item_id,
        "title": row.title,
        "old_owner": row.old_owner,
        "new_owner": row.new_owner,
        "outcome": row.outcome.value,
        "error": row.error,
        "current_owner": row.current_owner,
        "time": row.time,
    }


def write_csv(report: HandoverReport, path: Path) -> None:
    """Write one line per item (REPORT_COLUMNS), UTF-8 with a header.

    Titles are portal text; a leading =, +, - or @ is prefixed with a quote so a
    spreadsheet does not run it as a formula.
    """
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(REPORT_COLUMNS)
        for row in report.rows:
            writer.writerow(
                [
                    row.section,
                    row.item_id,
                    _csv_safe(row.title),
                    row.old_owner,
                    row.new_owner,
                    row.outcome.value,
                    row.error or "",
                    "" if row.current_owner is None else row.current_owner,
                    row.time,
                ]
            )


def write_json(report: HandoverReport, path: Path) -> None:
    """Write the report as JSON (summary, residue and every row), one item per line.

    One line per item keeps the file readable and lets the items go through json's C
    encoder: `indent=` over every row takes the pure-Python one, 0.35 s for 8,000 items,
    longer than the handover's last request.
    """
    document = report.to_json_dict()
    items = document.pop("items")
    assert isinstance(items, list)
    head = json.dumps(document, ensure_ascii=False, indent=2)
    rows = ",\n    ".join(json.dumps(item, ensure_ascii=False) for item in items)
    body = f"[\n    {rows}\n  ]" if items else "[]"
    path.write_text(f'{head[:-2]},\n  "items": {body}\n}}\n', encoding="utf-8")


def _csv_safe(text: str) -> str:
    # CSV injection: spreadsheets evaluate cells starting with these characters.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text
