"""The PySide6 6.12 emit() reference bug stays worked around (desktop_handover/ui/qtcompat.py)."""

from __future__ import annotations

import asyncio
import gc
import sys

import pytest

from PySide6.QtCore import QObject, Signal

from desktop_handover.ui.qtcompat import emit


class Source(QObject):
    fired = Signal(bool)


def test_emit_keeps_trues_reference_count(qapp) -> None:
    source = Source()
    seen: list[bool] = []
    source.fired.connect(seen.append)
    gc.collect()
    before = sys.getrefcount(True)
    for _ in range(5000):
        emit(source.fired, True)
    seen.clear()
    gc.collect()
    # Unpatched, the count drops by one per emission (5,000 here) and the process aborts.
    assert abs(sys.getrefcount(True) - before) < 50


@pytest.mark.asyncio
async def test_thread_hops_keep_trues_reference_count() -> None:
    gc.collect()
    before = sys.getrefcount(True)
    for _ in range(300):
        await asyncio.to_thread(int, "1")
    gc.collect()
    assert abs(sys.getrefcount(True) - before) < 50
