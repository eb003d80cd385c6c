"""The shiboken6 6.12 lost-reference bug on Python 3.11 stays harmless (ui/qtcompat.py)."""

from __future__ import annotations

import asyncio
import sys

import pytest

from PySide6.QtCore import QObject, Signal

import desktop_handover.ui  # noqa: F401 - importing the package applies the work-around
from desktop_handover.ui.qtcompat import immortalize_singletons


class Source(QObject):
    fired = Signal(bool)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="immortal objects since 3.12")
def test_singletons_have_headroom_far_beyond_any_session() -> None:
    assert not immortalize_singletons()  # already done, once, on import
    for obj in (None, True, False):
        assert sys.getrefcount(obj) > 1 << 39


def test_a_busy_session_of_void_calls_and_emits_does_not_abort(qapp) -> None:
    # Unpatched, each call here drops a reference to None or True that was never taken;
    # 200,000 of them abort the interpreter ("deallocating None").
    source = Source()
    seen: list[bool] = []
    source.fired.connect(seen.append)
    for _ in range(100_000):
        source.setObjectName("x")  # a void method: returns None
        source.fired.emit(True)
    assert len(seen) == 100_000


@pytest.mark.asyncio
async def test_many_event_loop_steps_do_not_abort() -> None:
    for _ in range(3000):
        await asyncio.sleep(0)  # each step is a qasync timer and a killTimer() call
    await asyncio.to_thread(int, "1")
