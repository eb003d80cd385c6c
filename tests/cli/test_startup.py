"""The CLI's start-up stays lean: what `import desktop_handover.cli` must not pull in."""

from __future__ import annotations

import json
import subprocess
import sys

#: httpx's own command-line client (click, rich, pygments, ~0.3 s), the keychain and the
#: platform folders: no command needs them before it runs, most never.
HEAVY = ("click", "rich", "pygments", "keyring", "platformdirs", "importlib.metadata")


def test_importing_the_cli_loads_nothing_heavy() -> None:
    probe = (
        "import json, sys, desktop_handover.cli, httpx; "
        f"print(json.dumps([m for m in {list(HEAVY)!r} if m in sys.modules] "
        "+ [callable(httpx.main)]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    # httpx still has its `main` (the stub it keeps for missing CLI extras).
    assert json.loads(out.stdout) == [True]


def test_the_version_is_read_on_first_use() -> None:
    import desktop_handover  # noqa: PLC0415 - the attribute under test is looked up lazily

    assert isinstance(desktop_handover.__version__, str)
    assert desktop_handover.__version__
