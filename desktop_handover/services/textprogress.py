"""A run's progress on stderr: a tqdm bar on a terminal, else a plain line every ~2 s."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from typing import Any, TextIO

from desktop_handover.handover.report import Phase, Progress
from desktop_handover.services import textreport

#: Seconds between two plain progress lines when the stream is not a terminal.
PLAIN_PROGRESS_INTERVAL = 2.0


class ProgressDisplay:
    """Shows a run's progress on stderr: a tqdm bar on a terminal, else a line every ~2 s.

    Call it with each `Progress`; `close()` ends the bar (idempotent).
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        tty: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
        interval: float = PLAIN_PROGRESS_INTERVAL,
    ) -> None:
        self._stream = stream
        self._tty = isatty(stream) if tty is None else tty
        self._clock = clock
        self._interval = interval
        self._bar: Any = None
        self._last_line = -float("inf")
        self._last_phase: Phase | None = None
        self._pending: Progress | None = None
        self.run_id: int | None = None

    def __call__(self, progress: Progress) -> None:
        """Show one progress event."""
        self.run_id = progress.run_id
        if self._tty:
            self._update_bar(progress)
            return
        now = self._clock()
        if progress.phase is not self._last_phase or now - self._last_line >= self._interval:
            self._write(progress)
            self._last_line = now
            self._last_phase = progress.phase
            self._pending = None
        else:
            self._pending = progress

    def _write(self, progress: Progress) -> None:
        print(textreport.progress_line(progress), file=self._stream, flush=True)

    def _update_bar(self, progress: Progress) -> None:
        if self._bar is None:
            # Imported here: only a terminal run needs tqdm.
            from tqdm import tqdm  # noqa: PLC0415

            # A terminal that reports no size (a bare pty) would get an empty bar.
            size = shutil.get_terminal_size()
            self._bar = tqdm(
                total=progress.total,
                file=self._stream,
                unit="item",
                ncols=size.columns if size.columns > 0 else 100,
                nrows=size.lines if size.lines > 0 else 24,
            )
        bar = self._bar
        processed = sum(s.processed for s in progress.sections)
        bar.total = progress.total
        bar.n = processed
        skipped = sum(s.skipped for s in progress.sections)
        failed = sum(s.failed for s in progress.sections)
        bar.set_description_str(progress.phase.value.replace("_", " "), refresh=False)
        postfix = f"done={progress.done} skipped={skipped} failed={failed}"
        wait = textreport.wait_text(progress)
        bar.set_postfix_str(f"{postfix} {wait}".strip(), refresh=False)
        bar.refresh()

    def close(self) -> None:
        """End the bar, or print the last held-back line."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        if self._pending is not None:
            self._write(self._pending)
            self._pending = None


def isatty(stream: TextIO) -> bool:
    """Whether `stream` is a terminal (False for closed or fake streams)."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# --- profiles ---------------------------------------------------------------------------------
