"""PyInstaller entry point of the desktop app (the same as the `desktop-handover` script)."""

from __future__ import annotations

import sys

from desktop_handover.app import main

if __name__ == "__main__":
    sys.exit(main())
