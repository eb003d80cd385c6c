"""desktop_handover: hand a departing employee's Bitrix24 CRM items over to colleagues."""

from __future__ import annotations

import sys

# httpx imports its own command-line client (httpx._main: click, rich, pygments, about
# 0.3 s) whenever those happen to be installed, and click is (uvicorn needs it). We never
# run httpx's CLI: a None entry makes that import fail, which httpx expects and answers
# with a stub `httpx.main`. setdefault leaves an already imported one alone.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]


def __getattr__(name: str) -> str:
    # The version is looked up on first use: importlib.metadata costs every start-up time.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("desktop-handover")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0.0.0+unknown"
