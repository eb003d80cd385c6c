"""RunController: drives the engine (run, resume, retry, undo, verify) and reports progress."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop_handover.handover.engine import (
    RunInterrupted,
    resume_run,
    retry_failed,
    run_handover,
    undo_run,
)
from desktop_handover.handover.journal import Journal
from desktop_handover.handover.plan import HandoverPlan, PlanError
from desktop_handover.handover.ports import CrmGateway, GatewayError, Pacing
from desktop_handover.handover.report import HandoverReport, Progress, write_csv
from desktop_handover.ui import messages
from desktop_handover.ui.aio import TaskSlot

logger = logging.getLogger(__name__)

Job = Callable[[], Awaitable[HandoverReport]]


class RunController(QObject):
    """Runs one engine job at a time and turns its events into signals for the dialog.

    Signals:
        started(): a job began.
        progressed(object): a Progress event (per-section counts, rate, ETA, wait).
        finished(object): the HandoverReport of a job that ran to its end.
        stopped(object, str): a job stopped early (cancelled or interrupted): the exact
            partial report (or None when no run was created) and a translated reason.
        refused(str): the plan, resume or undo was refused before anything changed.
        dismissed(bool, str): the departing user was (True) or was not dismissed, and why.
    """

    started = Signal()
    progressed = Signal(object)
    finished = Signal(object)
    stopped = Signal(object, str)
    refused = Signal(str)
    dismissed = Signal(bool, str)

    def __init__(
        self,
        gateway: CrmGateway,
        journal: Journal,
        *,
        pacing: Pacing | None = None,
        names: Mapping[int, str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._gateway = gateway
        self.journal = journal
        self._pacing = pacing
        self._names = dict(names or {})
        self._slot = TaskSlot()
        self.run_id: int | None = None
        self.last_report: HandoverReport | None = None

    @property
    def running(self) -> bool:
        """Whether a job is running."""
        return self._slot.running

    def set_names(self, names: Mapping[int, str]) -> None:
        """User names for refusal messages."""
        self._names = dict(names)

    def _on_progress(self, progress: Progress) -> None:
        self.run_id = progress.run_id
        self.progressed.emit(progress)

    # --- jobs ---------------------------------------------------------------------------------

    def start_run(self, plan: HandoverPlan) -> asyncio.Task[HandoverReport | None]:
        """Start handing `plan` over."""
        self.run_id = None
        return self._slot.start(
            self._drive(
                lambda: run_handover(
                    plan, self._gateway, self.journal, self._on_progress, pacing=self._pacing
                )
            )
        )

    def start_resume(self, run_id: int) -> asyncio.Task[HandoverReport | None]:
        """Continue an interrupted, cancelled or crashed run."""
        self.run_id = run_id
        return self._slot.start(
            self._drive(
                lambda: resume_run(
                    run_id, self._gateway, self.journal, self._on_progress, pacing=self._pacing
                )
            )
        )

    def start_retry(self, run_id: int) -> asyncio.Task[HandoverReport | None]:
        """Send a run's failed items again."""
        self.run_id = run_id
        return self._slot.start(
            self._drive(
                lambda: retry_failed(
                    run_id, self._gateway, self.journal, self._on_progress, pacing=self._pacing
                )
            )
        )

    def start_undo(self, run_id: int) -> asyncio.Task[HandoverReport | None]:
        """Give a run's moved items back (a new run of kind UNDO)."""
        self.run_id = None
        return self._slot.start(
            self._drive(
                lambda: undo_run(
                    run_id, self._gateway, self.journal, self._on_progress, pacing=self._pacing
                )
            )
        )

    def cancel(self) -> None:
        """Stop after the batch in flight (the engine journals it and marks the run CANCELLED)."""
        self._slot.cancel()

    async def stop(self) -> None:
        """Cancel and wait (app shutdown)."""
        await self._slot.cancel_and_wait()

    async def _drive(self, job: Job) -> HandoverReport | None:
        self.started.emit()
        try:
            report = await job()
        except PlanError as err:
            self.refused.emit(messages.refusal_text(err, self._names))
            return None
        except RunInterrupted as err:
            self.run_id = err.run_id
            report = self.journal.report(err.run_id)
            self.last_report = report
            reason = messages.fmt(
                self.tr("The portal stopped answering ({0}). Nothing is lost: resume later."),
                messages.error_text(err.code),
            )
            self.stopped.emit(report, reason)
            return report
        except asyncio.CancelledError:
            partial = self.journal.report(self.run_id) if self.run_id is not None else None
            self.last_report = partial
            self.stopped.emit(
                partial,
                self.tr("Cancelled. The batch in flight was finished and recorded."),
            )
            raise
        self.run_id = report.run_id
        self.last_report = report
        self.finished.emit(report)
        return report

    # --- after a run --------------------------------------------------------------------------

    async def export_csv(self, path: Path, run_id: int | None = None) -> None:
        """Write the report of `run_id` (default: the last run) as CSV.

        The journal is read here (SQLite objects stay on the loop's thread); only the file
        writing goes to a worker thread.
        """
        target = run_id if run_id is not None else self.run_id
        if target is None:
            raise ValueError("no run to export")
        report = self.journal.report(target)
        await asyncio.to_thread(write_csv, report, path)

    async def dismiss(self, user_id: int) -> bool:
        """Dismiss `user_id` (user.update ACTIVE=N) after the admin confirmed it."""
        try:
            await self._gateway.ready()
            await self._gateway.dismiss_user(user_id)
        except GatewayError as err:
            self.dismissed.emit(False, messages.error_text(err.code))
            return False
        self.dismissed.emit(True, "")
        return True
