"""The one seam to qasync: the event loop, async slots, task slots and awaited dialogs."""

from __future__ import annotations

import asyncio
import functools
import logging
import sys
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

# qasync is allowed here and nowhere else (style.md §5); the ban is ruff's TID251 rule.
import qasync  # noqa: TID251 - this module is qasync's only home
from PySide6.QtCore import QObject, SignalInstance
from PySide6.QtWidgets import QApplication, QDialog

logger = logging.getLogger(__name__)

T = TypeVar("T")
AsyncMethod = Callable[..., Coroutine[Any, Any, None]]


def new_event_loop() -> asyncio.AbstractEventLoop:
    """A qasync loop on the application's Qt event loop (creates the QApplication if needed).

    A module-level function on purpose: the pytest-asyncio loop factory must be the same
    object on every call (toolchain §6.7).
    """
    app = QApplication.instance() or QApplication(sys.argv[:1])
    # Closing the last window would quit Qt's loop, which stops the asyncio loop under the
    # running coroutines ("Event loop stopped before Future completed"). The coroutines end
    # the program instead (app.amain waits for the window's close).
    if isinstance(app, QApplication):
        app.setQuitOnLastWindowClosed(False)
    loop: asyncio.AbstractEventLoop = qasync.QEventLoop(app)
    return loop


def run(main: Coroutine[Any, Any, int]) -> int:
    """Run `main` on a qasync loop until it returns; return its exit code."""
    # asyncio.run() accepts loop_factory only from 3.12; Runner already has it on 3.11.
    with asyncio.Runner(loop_factory=new_event_loop) as runner:
        return runner.run(main)


def _report(task: asyncio.Future[Any]) -> None:
    """Done-callback: log an unexpected exception and hand it to sys.excepthook."""
    if task.cancelled():
        return
    exc = task.exception()
    if exc is not None:
        logger.error("background task failed", exc_info=exc)
        sys.excepthook(type(exc), exc, exc.__traceback__)


def async_slot(method: AsyncMethod) -> Callable[..., None]:
    """Turn an `async def` method into a plain slot that starts it as a task.

    Used instead of qasync.asyncSlot, which fails on some signatures with PySide6 6.12
    (qasync #177, toolchain §6.4). The task is kept on the instance until it ends (the loop
    holds tasks weakly) and an unexpected exception reaches sys.excepthook.
    """

    @functools.wraps(method)
    def slot(self: Any, *args: Any) -> None:
        tasks: set[asyncio.Task[None]] = self.__dict__.setdefault("_async_slot_tasks", set())
        task = asyncio.ensure_future(method(self, *args))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        task.add_done_callback(_report)

    return slot


class TaskSlot:
    """At most one live task per job; starting a new one cancels the old one."""

    def __init__(self) -> None:
        self._task: asyncio.Task[Any] | None = None

    @property
    def task(self) -> asyncio.Task[Any] | None:
        """The current (or last) task, if any."""
        return self._task

    @property
    def running(self) -> bool:
        """Whether a task is live."""
        return self._task is not None and not self._task.done()

    def start(self, coro: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        """Cancel the running task, if any, and start `coro` in its place."""
        if self._task is not None:
            self._task.cancel()  # a no-op when it has already finished
        task: asyncio.Task[T] = asyncio.ensure_future(coro)
        task.add_done_callback(_report)
        self._task = task  # our strong reference
        return task

    def cancel(self) -> None:
        """Cancel the running task, if any."""
        if self._task is not None:
            self._task.cancel()

    async def cancel_and_wait(self) -> None:
        """Cancel the running task and wait until it has finished."""
        task = self._task
        if task is None or task.done():
            return
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def ask(dialog: QDialog) -> int:
    """Show `dialog` window-modally without a nested event loop; return its result code.

    `exec()` would nest a Qt loop inside the running coroutine (qasync #59, toolchain §6.2).
    """
    done: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def finished(code: int) -> None:
        if not done.done():
            done.set_result(code)

    dialog.finished.connect(finished)
    dialog.open()
    try:
        return await done
    finally:
        dialog.finished.disconnect(finished)


async def next_emission(signal: SignalInstance) -> tuple[Any, ...]:
    """Wait for the next emission of `signal`; return its arguments."""
    done: asyncio.Future[tuple[Any, ...]] = asyncio.get_running_loop().create_future()

    def fire(*args: Any) -> None:
        if not done.done():
            done.set_result(args)

    signal.connect(fire)
    try:
        return await done
    finally:
        signal.disconnect(fire)


def keep(owner: QObject, task: asyncio.Task[Any]) -> asyncio.Task[Any]:
    """Keep a strong reference to `task` on `owner` until it ends; report its failure."""
    tasks: set[asyncio.Task[Any]] = owner.__dict__.setdefault("_kept_tasks", set())
    tasks.add(task)
    task.add_done_callback(tasks.discard)
    task.add_done_callback(_report)
    return task
