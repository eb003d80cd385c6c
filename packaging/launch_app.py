"""PyInstaller entry point of the desktop app (the same as the `desktop-handover` script).

`--self-test`, the bundle's smoke check run by packaging/build.py, is the app's own option
(desktop_handover/ui/selftest.py).
"""

from __future__ import annotations

import sys

from desktop_handover import app

if __name__ == "__main__":
    sys.exit(app.main(sys.argv[1:]))
