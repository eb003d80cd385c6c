"""Work-arounds for reproduced PySide6 bugs; every Python-side signal emission goes through here.

PySide6 6.12.0: `SignalInstance.emit()` returns True without taking a reference to it. Each
discarded result then drops one reference that was never taken, and once True's count reaches
zero the interpreter aborts ("Fatal Python error: bool_dealloc: deallocating True or False").
A busy window emits thousands of signals a minute, so this is a crash in minutes, not a leak.
`emit` gives the reference back. Adding a reference to True is harmless if a later PySide fixes
the bug: True is immortal in practice.
"""

from __future__ import annotations

import ctypes

from PySide6.QtCore import SignalInstance

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


def restore_true_reference(result: object) -> None:
    """Give back the reference to True that emit() took without owning it."""
    if result is True:
        _incref(True)


def emit(signal: SignalInstance, *args: object) -> None:
    """Emit `signal` with `args` (use instead of `signal.emit(...)` in our code)."""
    restore_true_reference(signal.emit(*args))
