"""desktop_handover: hand a departing employee's Bitrix24 CRM items over to colleagues."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("desktop-handover")
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0.0.0+unknown"
