"""Everything that imports PySide6 lives below this package."""

from __future__ import annotations

import os

# qasync picks the first Qt binding it can import unless told which one (qasync README).
os.environ.setdefault("QT_API", "pyside6")
