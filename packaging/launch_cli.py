"""PyInstaller entry point of the headless CLI (the same as the `desktop-handover-cli` script)."""

from __future__ import annotations

import sys

from desktop_handover.cli import main

if __name__ == "__main__":
    sys.exit(main())
