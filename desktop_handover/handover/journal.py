"""The write-ahead SQLite journal of handover runs; resume, undo, verify and reports read it back.

Every batch's intent is committed (WAL, synchronous=FULL) before its request leaves, and its
outcomes after the reply, so a crash, a kill or a power cut at any point leaves a journal from
which the run can be resumed without redoing or skipping anything. The journal holds item ids,
titles, user ids and error codes: never a webhook URL, secret or token.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop_handover.handover.batching import GroupKey, PackedGroup
from desktop_handover.handover.plan import HandoverPlan, plan_from_json, plan_to_json
from desktop_handover.handover.ports import ItemOutcome
from desktop_handover.handover.report import (
    DismissOutcome,
    HandoverReport,
    Outcome,
    ReportRow,
    RunKind,
    RunState,
    write_csv,
    write_json,
)

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    undo_of INTEGER REFERENCES runs(id),
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    departing_user INTEGER NOT NULL,
    plan_json TEXT NOT NULL,
    state TEXT NOT NULL,
    resolved INTEGER NOT NULL DEFAULT 0,
    verified INTEGER NOT NULL DEFAULT 0,
    dismissed TEXT
);
CREATE TABLE IF NOT EXISTS items (
    run INTEGER NOT NULL REFERENCES runs(id),
    section TEXT NOT NULL,
    item_id INTEGER NOT NULL,
    title TEXT NOT NULL,
    old_owner INTEGER NOT NULL,
    new_owner INTEGER NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    current_owner INTEGER,
    batch INTEGER,
    commented INTEGER NOT NULL DEFAULT 0,
    seq INTEGER NOT NULL,
    updated TEXT NOT NULL,
    PRIMARY KEY (run, section, item_id)
);
CREATE INDEX IF NOT EXISTS items_status ON items (run, status);
-- counts() runs at every progress event: a covering index keeps it to one index scan.
CREATE INDEX IF NOT EXISTS items_section_status ON items (run, section, status);
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run INTEGER NOT NULL REFERENCES runs(id),
    purpose TEXT NOT NULL,
    section TEXT NOT NULL,
    old_owner INTEGER NOT NULL,
    new_owner INTEGER NOT NULL,
    size INTEGER NOT NULL,
    state TEXT NOT NULL,
    created TEXT NOT NULL,
    finished TEXT
);
CREATE TABLE IF NOT EXISTS residue (
    run INTEGER NOT NULL REFERENCES runs(id),
    section TEXT NOT NULL,
    item_id INTEGER NOT NULL,
    PRIMARY KEY (run, section, item_id)
);
CREATE TABLE IF NOT EXISTS notices (
    run INTEGER NOT NULL REFERENCES runs(id),
    successor INTEGER NOT NULL,
    PRIMARY KEY (run, successor)
);
"""

# Error codes from the portal are stored only if they look like codes; anything else (a
# message that might quote a URL) is replaced, so the journal can never hold a secret.
_CODE_RE = re.compile(r"[A-Za-z0-9_.:\-]{1,64}")
UNRECOGNISED_ERROR = "UNRECOGNISED_ERROR"

#: Comment states in items.commented.
COMMENT_NONE = 0
COMMENT_DONE = 1
COMMENT_FAILED = -1


def safe_code(code: str | None) -> str | None:
    """`code` if it looks like an error code, else UNRECOGNISED_ERROR (None stays None)."""
    if code is None:
        return None
    return code if _CODE_RE.fullmatch(code) else UNRECOGNISED_ERROR


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class PlannedItem:
    """One item as the journal records it when a run is resolved."""

    section: str
    item_id: int
    title: str
    old_owner: int
    new_owner: int
    status: Outcome = Outcome.PENDING
    current_owner: int | None = None


@dataclass(frozen=True, slots=True)
class JournalItem:
    """One item of a run as the journal holds it now."""

    section: str
    item_id: int
    title: str
    old_owner: int
    new_owner: int
    status: Outcome
    error: str | None
    current_owner: int | None
    batch: int | None
    commented: int
    updated: str


@dataclass(frozen=True, slots=True)
class RunInfo:
    """A run's header row."""

    id: int
    kind: RunKind
    undo_of: int | None
    created: str
    updated: str
    departing_user_id: int
    plan: HandoverPlan
    state: RunState
    resolved: bool
    verified: bool
    dismissed: DismissOutcome | None

    @property
    def resumable(self) -> bool:
        """Whether `resume` may continue it (not finished, not undone)."""
        return self.state in RESUMABLE_STATES


RESUMABLE_STATES = frozenset(
    {RunState.PLANNED, RunState.RUNNING, RunState.INTERRUPTED, RunState.CANCELLED}
)


class Journal:
    """The SQLite journal of every run on this computer (one file, path chosen by the caller).

    Not thread-safe: use it from the event loop's thread only, like the engine does.
    """

    def __init__(self, path: Path | str, *, now: Callable[[], datetime] = _utc_now) -> None:
        """Open (and create if needed) the journal at `path`.

        Args:
            path: the database file, in the platform's user data folder (services/paths.py);
                ":memory:" for tests.
            now: the wall clock for timestamps (UTC).
        """
        self._path = str(path)
        self._now = now
        # Autocommit mode: every transaction is an explicit BEGIN IMMEDIATE … COMMIT below.
        self._db = sqlite3.connect(self._path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        # FULL: a committed intent survives a power cut, which resume relies on.
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA foreign_keys=ON")
        # executescript commits on its own; every statement is idempotent (IF NOT EXISTS).
        self._db.executescript(_SCHEMA)
        self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def __repr__(self) -> str:
        return f"Journal({Path(self._path).name!r})"

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _stamp(self) -> str:
        return self._now().astimezone(UTC).isoformat(timespec="seconds")

    # --- runs -------------------------------------------------------------------------------

    def create_run(
        self, plan: HandoverPlan, *, kind: RunKind = RunKind.HANDOVER, undo_of: int | None = None
    ) -> int:
        """Record a new run of `plan` in state PLANNED; return its id."""
        now = self._stamp()
        with self._tx() as db:
            cur = db.execute(
                "INSERT INTO runs (kind, undo_of, created, updated, departing_user, plan_json,"
                " state) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    kind.value,
                    undo_of,
                    now,
                    now,
                    plan.departing_user_id,
                    plan_to_json(plan),
                    RunState.PLANNED.value,
                ),
            )
            run_id = cur.lastrowid
        assert run_id is not None
        logger.info("journal: run %d created (%s)", run_id, kind.value)
        return run_id

    def set_state(self, run_id: int, state: RunState) -> None:
        """Change a run's state."""
        with self._tx() as db:
            db.execute(
                "UPDATE runs SET state = ?, updated = ? WHERE id = ?",
                (state.value, self._stamp(), run_id),
            )

    def load_run(self, run_id: int) -> RunInfo | None:
        """The header of run `run_id`, or None."""
        row = self._db.execute(_RUN_SELECT + " WHERE id = ?", (run_id,)).fetchone()
        return None if row is None else _run_info(row)

    def runs(self) -> list[RunInfo]:
        """Every run, newest first."""
        return [_run_info(r) for r in self._db.execute(_RUN_SELECT + " ORDER BY id DESC")]

    def resumable_runs(self) -> list[RunInfo]:
        """Runs that stopped before finishing (crash, error, cancel), newest first."""
        return [r for r in self.runs() if r.resumable]

    # --- items ------------------------------------------------------------------------------

    def record_resolved(self, run_id: int, items: Sequence[PlannedItem]) -> None:
        """Record the resolved items of a run, all at once, before any update is sent.

        After this the set cannot drift: resume and undo work on exactly these items.
        """
        now = self._stamp()
        with self._tx() as db:
            db.executemany(
                "INSERT INTO items (run, section, item_id, title, old_owner, new_owner, status,"
                " current_owner, seq, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        run_id,
                        i.section,
                        i.item_id,
                        i.title,
                        i.old_owner,
                        i.new_owner,
                        i.status.value,
                        i.current_owner,
                        seq,
                        now,
                    )
                    for seq, i in enumerate(items)
                ],
            )
            db.execute("UPDATE runs SET resolved = 1, updated = ? WHERE id = ?", (now, run_id))

    def items(self, run_id: int, statuses: Iterable[Outcome] | None = None) -> list[JournalItem]:
        """A run's items in resolution order, optionally only those with one of `statuses`."""
        sql = _ITEM_SELECT + " WHERE run = ?"
        args: list[object] = [run_id]
        if statuses is not None:
            wanted = [s.value for s in statuses]
            sql += f" AND status IN ({', '.join('?' * len(wanted))})"
            args.extend(wanted)
        return [_journal_item(r) for r in self._db.execute(sql + " ORDER BY seq", args)]

    def counts(self, run_id: int) -> dict[str, dict[Outcome, int]]:
        """Per section, how many of the run's items have each status."""
        result: dict[str, dict[Outcome, int]] = {}
        rows = self._db.execute(
            "SELECT section, status, COUNT(*) FROM items WHERE run = ? GROUP BY section, status",
            (run_id,),
        )
        for section, status, n in rows:
            result.setdefault(str(section), {})[Outcome(str(status))] = int(n)
        return result

    def pending_items(self, run_id: int) -> list[JournalItem]:
        """Items not sent yet (what resume sends)."""
        return self.items(run_id, [Outcome.PENDING])

    def pending_keys(self, run_id: int) -> list[tuple[str, int, int, int]]:
        """Items not sent yet as (section, old owner, new owner, id): what a send needs.

        The same items as `pending_items`, without building a record per item (a run of
        100,000 items reads them back at its start).
        """
        return self._db.execute(
            "SELECT section, old_owner, new_owner, item_id FROM items"
            " WHERE run = ? AND status = ? ORDER BY seq",
            (run_id, Outcome.PENDING.value),
        ).fetchall()

    def unsettled_items(self, run_id: int) -> list[JournalItem]:
        """Items sent without a recorded reply, or with a lost one (what resume re-reads)."""
        return self.items(run_id, [Outcome.SENT, Outcome.UNKNOWN])

    def record_intent(
        self, run_id: int, section: str, old_owner: int, new_owner: int, ids: Sequence[int]
    ) -> int:
        """Journal one reassign group about to be sent (see `record_intents`). Returns its id."""
        [batch_id] = self.record_intents(
            run_id, [PackedGroup(GroupKey(section, old_owner, new_owner), tuple(ids))]
        )
        return batch_id

    def record_intents(self, run_id: int, groups: Sequence[PackedGroup]) -> list[int]:
        """Journal the groups of one request about to be sent, in one transaction.

        Each group becomes a journal batch (one guard's worth); its items become SENT.
        Returns the batch ids, in the order of `groups`.
        """
        now = self._stamp()
        batch_ids: list[int] = []
        with self._tx() as db:
            for group in groups:
                key = group.key
                cur = db.execute(
                    "INSERT INTO batches (run, purpose, section, old_owner, new_owner, size,"
                    " state, created) VALUES (?, 'reassign', ?, ?, ?, ?, 'intent', ?)",
                    (run_id, key.section, key.old_owner, key.new_owner, len(group.ids), now),
                )
                batch_id = cur.lastrowid
                assert batch_id is not None
                db.executemany(
                    "UPDATE items SET status = ?, batch = ?, updated = ?"
                    " WHERE run = ? AND section = ? AND item_id = ?",
                    [
                        (Outcome.SENT.value, batch_id, now, run_id, key.section, i)
                        for i in group.ids
                    ],
                )
                batch_ids.append(batch_id)
        return batch_ids

    def record_outcomes(
        self, run_id: int, batch_id: int, section: str, outcomes: Iterable[ItemOutcome]
    ) -> None:
        """Journal the reply to batch `batch_id` (see `record_replies`)."""
        self.record_replies(run_id, [(batch_id, section, list(outcomes))])

    def record_replies(
        self, run_id: int, replies: Sequence[tuple[int, str, Sequence[ItemOutcome]]]
    ) -> None:
        """Journal the replies to one request's batches, as (batch id, section, outcomes).

        A batch's items without an outcome become UNKNOWN (resume re-reads them); a PENDING
        outcome puts the item back in the queue to be sent again.
        """
        now = self._stamp()
        with self._tx() as db:
            for batch_id, section, outcomes in replies:
                db.executemany(
                    "UPDATE items SET status = ?, error = ?, current_owner = ?, updated = ?"
                    " WHERE run = ? AND section = ? AND item_id = ? AND batch = ?",
                    [
                        (
                            o.outcome.value,
                            safe_code(o.error),
                            o.current_owner,
                            now,
                            run_id,
                            section,
                            o.item_id,
                            batch_id,
                        )
                        for o in outcomes
                    ],
                )
                db.execute(
                    "UPDATE items SET status = ?, updated = ? WHERE run = ? AND batch = ?"
                    " AND status = ?",
                    (Outcome.UNKNOWN.value, now, run_id, batch_id, Outcome.SENT.value),
                )
                db.execute(
                    "UPDATE batches SET state = 'recorded', finished = ? WHERE id = ?",
                    (now, batch_id),
                )

    def settle(self, run_id: int, section: str, outcomes: Iterable[ItemOutcome]) -> None:
        """Set items' status after re-reading their owners (PENDING means "send again")."""
        now = self._stamp()
        with self._tx() as db:
            db.executemany(
                "UPDATE items SET status = ?, error = ?, current_owner = ?, updated = ?"
                " WHERE run = ? AND section = ? AND item_id = ?",
                [
                    (
                        o.outcome.value,
                        safe_code(o.error),
                        o.current_owner,
                        now,
                        run_id,
                        section,
                        o.item_id,
                    )
                    for o in outcomes
                ],
            )

    def requeue_failed(self, run_id: int) -> int:
        """Put a run's FAILED items back to PENDING (the "Retry failed" action); return count."""
        with self._tx() as db:
            cur = db.execute(
                "UPDATE items SET status = ?, error = NULL, updated = ? WHERE run = ?"
                " AND status = ?",
                (Outcome.PENDING.value, self._stamp(), run_id, Outcome.FAILED.value),
            )
            return cur.rowcount

    def mark_commented(self, run_id: int, section: str, ids: Iterable[int], state: int) -> None:
        """Record the timeline-comment state (COMMENT_DONE or COMMENT_FAILED) of items."""
        with self._tx() as db:
            db.executemany(
                "UPDATE items SET commented = ? WHERE run = ? AND section = ? AND item_id = ?",
                [(state, run_id, section, i) for i in ids],
            )

    # --- run-level steps --------------------------------------------------------------------

    def record_notified(self, run_id: int, successor: int) -> None:
        """Record that `successor` got their summary message."""
        with self._tx() as db:
            db.execute(
                "INSERT OR IGNORE INTO notices (run, successor) VALUES (?, ?)", (run_id, successor)
            )

    def notified(self, run_id: int) -> set[int]:
        """Successors who got their summary message."""
        rows = self._db.execute("SELECT successor FROM notices WHERE run = ?", (run_id,))
        return {int(r[0]) for r in rows}

    def record_residue(self, run_id: int, residue: Mapping[str, Iterable[int]]) -> None:
        """Record the verification: per section, ids still owned by the departing user."""
        with self._tx() as db:
            db.execute("DELETE FROM residue WHERE run = ?", (run_id,))
            db.executemany(
                "INSERT INTO residue (run, section, item_id) VALUES (?, ?, ?)",
                [(run_id, s, i) for s, ids in residue.items() for i in ids],
            )
            db.execute(
                "UPDATE runs SET verified = 1, updated = ? WHERE id = ?", (self._stamp(), run_id)
            )

    def residue(self, run_id: int) -> dict[str, tuple[int, ...]] | None:
        """The recorded residue per section (sections without residue map to ()), or None."""
        info = self.load_run(run_id)
        if info is None or not info.verified:
            return None
        result: dict[str, list[int]] = {sp.section.key: [] for sp in info.plan.sections}
        rows = self._db.execute(
            "SELECT section, item_id FROM residue WHERE run = ? ORDER BY section, item_id",
            (run_id,),
        )
        for section, item_id in rows:
            result.setdefault(str(section), []).append(int(item_id))
        return {k: tuple(v) for k, v in result.items()}

    def record_dismissal(self, run_id: int, outcome: DismissOutcome) -> None:
        """Record what became of "dismiss at the end"."""
        with self._tx() as db:
            db.execute(
                "UPDATE runs SET dismissed = ?, updated = ? WHERE id = ?",
                (outcome.value, self._stamp(), run_id),
            )

    # --- reports ----------------------------------------------------------------------------

    def report(self, run_id: int) -> HandoverReport:
        """The run's report, exactly as the journal has it now."""
        info = self.load_run(run_id)
        if info is None:
            raise KeyError(run_id)
        rows = tuple(
            ReportRow(section, item_id, title, old, new, _OUTCOMES[status], error, current, at)
            for section, item_id, title, old, new, status, error, current, at in self._db.execute(
                "SELECT section, item_id, title, old_owner, new_owner, status, error,"
                " current_owner, updated FROM items WHERE run = ? ORDER BY seq",
                (run_id,),
            )
        )
        return HandoverReport(
            run_id=run_id,
            kind=info.kind,
            state=info.state,
            departing_user_id=info.departing_user_id,
            rows=rows,
            residue=self.residue(run_id),
            dismissed=info.dismissed,
            undo_of=info.undo_of,
            sections=tuple(sp.section.key for sp in info.plan.sections),
        )

    def export_csv(self, run_id: int, path: Path) -> None:
        """Write the run's report as CSV."""
        write_csv(self.report(run_id), path)

    def export_json(self, run_id: int, path: Path) -> None:
        """Write the run's report as JSON."""
        write_json(self.report(run_id), path)


_RUN_SELECT = (
    "SELECT id, kind, undo_of, created, updated, departing_user, plan_json, state, resolved,"
    " verified, dismissed FROM runs"
)
_ITEM_SELECT = (
    "SELECT section, item_id, title, old_owner, new_owner, status, error, current_owner, batch,"
    " commented, updated FROM items"
)


def _run_info(row: tuple[object, ...]) -> RunInfo:
    (run_id, kind, undo_of, created, updated, user, plan_json, state, resolved, verified, dis) = (
        row
    )
    return RunInfo(
        id=int(str(run_id)),
        kind=RunKind(str(kind)),
        undo_of=None if undo_of is None else int(str(undo_of)),
        created=str(created),
        updated=str(updated),
        departing_user_id=int(str(user)),
        plan=plan_from_json(str(plan_json)),
        state=RunState(str(state)),
        resolved=bool(resolved),
        verified=bool(verified),
        dismissed=None if dis is None else DismissOutcome(str(dis)),
    )


def _journal_item(row: tuple[Any, ...]) -> JournalItem:
    # The columns come back typed as the schema declares them (INTEGER, TEXT or NULL), so
    # they are taken as they are: reports and resumes read every item of a run.
    section, item_id, title, old, new, status, error, current, batch, commented, updated = row
    return JournalItem(
        section=section,
        item_id=item_id,
        title=title,
        old_owner=old,
        new_owner=new,
        status=_OUTCOMES[status],
        error=error,
        current_owner=current,
        batch=batch,
        commented=commented,
        updated=updated,
    )


#: Outcome by stored value, without Enum's lookup machinery per row.
_OUTCOMES = {outcome.value: outcome for outcome in Outcome}
