"""GUI root: builds the application and wires the layers together."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Start the desktop app.

    The window is not built yet (issue #5); until it is, say so instead of pretending.
    """
    del argv
    print(
        "desktop-handover: the desktop window is not built yet.\n"
        "Try the emulated portal meanwhile: desktop-handover-cli portal serve --scale small",
        file=sys.stderr,
    )
    return 2
