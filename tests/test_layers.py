"""The layering that import-linter cannot see: third-party packages pulling Qt in behind us."""

from __future__ import annotations

import subprocess
import sys


def test_headless_code_never_loads_qt() -> None:
    # A subprocess, because pytest-qt has already loaded PySide6 into this process.
    probe = (
        "import sys, desktop_handover.cli, desktop_handover.emulator.state; print(sorted("
        "{m.split('.')[0] for m in sys.modules} & {'PySide6', 'shiboken6', 'qasync'}))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
