"""Work-around for a reproduced shiboken6 6.12 bug on Python 3.11: lost references to None/True.

On Python 3.11, PySide6/shiboken6 6.12.0 return None from every void method
(`setObjectName`, `killTimer`, ...) and True from `SignalInstance.emit()` without taking a
reference, as if these objects were immortal, which they are only from Python 3.12 on
(PEP 683). Each call then drops a reference that was never taken. qasync alone calls
`killTimer` for every asyncio callback, so a busy window drives None's count to zero within
minutes and the interpreter aborts ("Fatal Python error: none_dealloc: deallocating None").

`immortalize_singletons()` does for 3.11 what PEP 683 does for 3.12: it raises the reference
counts of None, True, False, Ellipsis and NotImplemented so far that no number of lost
references can bring them to zero. These objects are never freed anyway, so nothing else
changes. It runs when `desktop_handover.ui` is imported, before any Qt call.
"""

from __future__ import annotations

import ctypes
import sys

#: Added to each singleton's count: 2**40 lost references is centuries of busy GUI.
_HEADROOM = 1 << 40

_SINGLETONS: tuple[object, ...] = (None, True, False, Ellipsis, NotImplemented)

_done = False


def immortalize_singletons() -> bool:
    """Make None, True, False, ... effectively immortal on Python < 3.12; True if it did."""
    global _done  # noqa: PLW0603 - a once-per-process switch
    if _done or sys.version_info >= (3, 12):
        return False
    for obj in _SINGLETONS:
        # ob_refcnt is the first field of every CPython object (Include/object.h).
        count = ctypes.c_ssize_t.from_address(id(obj))
        count.value += _HEADROOM
    _done = True
    return True
