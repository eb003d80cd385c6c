"""Everything that imports PySide6 lives below this package."""

from __future__ import annotations

import os

from desktop_handover.ui.qtcompat import immortalize_singletons

# qasync picks the first Qt binding it can import unless told which one (qasync README).
os.environ.setdefault("QT_API", "pyside6")

# Before any Qt call: shiboken6 6.12 loses references to None and True on Python 3.11.
immortalize_singletons()
