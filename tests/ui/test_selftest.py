"""`desktop-handover --self-test`, the smoke check every bundle must pass, from a checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_self_test_opens_the_demo_loads_a_section_and_exits_0(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = subprocess.run(
        [sys.executable, "-m", "desktop_handover", "--self-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "self-test: ok: main window shown, section" in done.stdout
    assert " rows" in done.stdout
