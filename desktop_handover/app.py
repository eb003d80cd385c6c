"""GUI root: builds the application and wires the layers together (style.md §1, §5).

`desktop-handover` opens the Connect screen; `desktop-handover --demo` runs against the
embedded demo portal (the emulator, in process, medium scale, realistic latency and limits),
with no account and no network. Only this module (and the CLI) may import the emulator.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import gc
import importlib.util
import logging
import os
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop_handover.emulator.handler import Emulator
from desktop_handover.emulator.limits import EmulatorConfig
from desktop_handover.emulator.seed import SCALES, build_portal
from desktop_handover.emulator.state import Portal
from desktop_handover.emulator.transport import EmulatorTransport
from desktop_handover.handover.journal import Journal
from desktop_handover.services import paths
from desktop_handover.services.connection import (
    ConnectionCheck,
    OnRefresh,
    PortalConnection,
    check_connection,
    check_oauth_connection,
    open_portal,
    open_portal_oauth,
)
from desktop_handover.services.credentials import CredentialStore, OAuthCredentials
from desktop_handover.services.logs import configure_logging
from desktop_handover.ui import aio
from desktop_handover.ui.controllers.connect_controller import ConnectController
from desktop_handover.ui.controllers.session_controller import SessionController
from desktop_handover.ui.crash import CrashHandler
from desktop_handover.ui.resources import resource_path
from desktop_handover.ui.selftest import self_test_hook
from desktop_handover.ui.settings_store import RatePlan, SettingsStore
from desktop_handover.ui.views.main_window import MainWindow

logger = logging.getLogger(__name__)

#: The demo portal's round trip: a cloud portal answers in about this time.
DEMO_LATENCY_MS = 120.0
DEMO_SEED = 1
DEMO_BASE_URL = "https://demo.bitrix24.pl"

#: Hooks run with the QApplication before anything is shown (translators, icons, About).
STARTUP_HOOKS: list[Callable[[QApplication], None]] = []


def build_parser() -> argparse.ArgumentParser:
    """The command line of the desktop app."""
    parser = argparse.ArgumentParser(
        prog="desktop-handover",
        description="Hand a departing employee's Bitrix24 CRM items over to colleagues.",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="run against the embedded demo portal (no account, no network)",
    )
    parser.add_argument("--demo-scale", choices=SCALES, default="medium", help=argparse.SUPPRESS)
    parser.add_argument(
        "--demo-latency-ms", type=float, default=DEMO_LATENCY_MS, help=argparse.SUPPRESS
    )
    parser.add_argument("--language", default="", help="UI language, e.g. pl or en")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="smoke check: open the demo offscreen, load one section, exit 0 if all went well",
    )
    return parser


def compile_dev_translations() -> None:
    """In a source checkout, compile missing or stale .qm files before they are loaded.

    The .qm files are build outputs (bundles compile them in packaging/build.py); a checkout
    has only the .ts sources. packaging/translations.py is loaded by path because packaging/
    is not part of the installed package; a bundle or an installed wheel skips this.
    """
    if getattr(sys, "frozen", False):
        return
    tools = Path(__file__).resolve().parent.parent / "packaging" / "translations.py"
    if not tools.is_file():
        return
    spec = importlib.util.spec_from_file_location("_desktop_handover_translations", tools)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
        module.ensure_compiled_translations()
    except (OSError, subprocess.SubprocessError) as exc:
        # An untranslated window beats no window: say so in the log and go on.
        logger.warning("could not compile the translations: %s", exc)


def ui_language(cli_language: str, settings: SettingsStore) -> str:
    """--language wins; otherwise the Settings' choice ("" follows the system)."""
    return cli_language or settings.load().language


def install_translators(app: QApplication, language: str = "") -> list[QTranslator]:
    """Install Qt's own translation and ours for `language` (default: the system's)."""
    locale = QLocale(language) if language else QLocale.system()
    installed: list[QTranslator] = []
    qt = QTranslator(app)
    if qt.load(
        locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(qt)
        installed.append(qt)
    try:
        folder = resource_path("translations")
    except FileNotFoundError:
        return installed
    ours = QTranslator(app)
    if ours.load(locale, "desktop_handover", "_", str(folder)):
        app.installTranslator(ours)
        installed.append(ours)
    return installed


#: The demo's per-method time budget. The cloud's is not published (bitrix24-api.md §5.2; the
#: docs' example is 480 s per 10 minutes, about 2,400 updates): the demo allows more, so that a
#: first try with a big book does not sit out a ten-minute budget window. The rate limit stays
#: the cloud's own.
DEMO_OPERATING_LIMIT = 1800.0


def _demo_portal(scale: str) -> Portal:
    portal = build_portal(DEMO_SEED, scale)  # type: ignore[arg-type]
    # Nothing built here becomes garbage: keep the collector from rescanning it (gc stalls).
    gc.freeze()
    return portal


def demo_emulator(scale: str = "medium", latency_ms: float = DEMO_LATENCY_MS) -> Emulator:
    """The embedded demo portal: cloud rate limits (burst 50, 2 requests/s) and latency."""
    return Emulator(
        lambda: _demo_portal(scale),
        EmulatorConfig(latency_ms=latency_ms, operating_limit=DEMO_OPERATING_LIMIT),
    )


async def open_demo(emulator: Emulator) -> PortalConnection:
    """Open the demo portal through its in-process door (no sockets, no keychain).

    The emulator's work runs in a worker thread (`offload`), so a 2,500-row page computed
    by the emulated portal never freezes the window.
    """
    url = emulator.webhook_url(DEMO_BASE_URL)
    return await open_portal(url, transport=EmulatorTransport(emulator, offload=True))


def journal_path(host: str, *, demo: bool = False, folder: Path | None = None) -> Path:
    """One journal per portal, so a resume is never offered against another portal.

    `folder` is the Settings' journal folder; None means services.paths.data_dir()/journals.
    """
    if folder is None:
        folder = paths.data_dir() / "journals"
    folder.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9.\-]", "_", host) or "portal"
    return folder / (f"demo-{safe}.sqlite3" if demo else f"{safe}.sqlite3")


async def _connect(
    args: argparse.Namespace, settings: SettingsStore
) -> tuple[PortalConnection | None, bool]:
    if args.demo:
        emulator = demo_emulator(args.demo_scale, args.demo_latency_ms)
        return await open_demo(emulator), True

    # The Settings' rate plan sets the pacing (bitrix24-api.md §5.1); the demo stays Standard.
    enterprise = settings.load().rate_plan is RatePlan.ENTERPRISE

    async def check(url: str) -> ConnectionCheck:
        return await check_connection(url, enterprise=enterprise)

    async def opener(url: str) -> PortalConnection:
        return await open_portal(url, enterprise=enterprise)

    async def check_oauth(credentials: OAuthCredentials, on_refresh: OnRefresh) -> ConnectionCheck:
        return await check_oauth_connection(
            credentials.portal_url,
            credentials.app,
            credentials.tokens,
            on_refresh=on_refresh,
            enterprise=enterprise,
        )

    async def open_oauth(credentials: OAuthCredentials, on_refresh: OnRefresh) -> PortalConnection:
        return await open_portal_oauth(
            credentials.portal_url,
            credentials.app,
            credentials.tokens,
            on_refresh=on_refresh,
            enterprise=enterprise,
        )

    controller = ConnectController(
        check,
        opener,
        CredentialStore(),
        settings,
        check_oauth=check_oauth,
        open_oauth=open_oauth,
    )
    return await controller.run(), False


async def amain(app: QApplication, args: argparse.Namespace) -> int:
    """Connect, show the window, run the session until the window closes, then clean up."""
    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    # The loop ends the program, not Qt: closing the window sets `closed`, and the cleanup
    # below still runs on a live loop (awaiting aclose needs one).
    app.setQuitOnLastWindowClosed(False)
    settings = SettingsStore.default()
    connection, demo = await _connect(args, settings)
    if connection is None:
        return 0
    journal_dir = settings.load().journal_dir
    journal = Journal(
        journal_path(connection.host, demo=demo, folder=Path(journal_dir) if journal_dir else None)
    )
    title = f"{connection.host} (demo)" if demo else connection.host
    window = MainWindow(title, settings=settings)
    window.close_requested.connect(closed.set)
    geometry = settings.load().window_geometry
    if geometry:
        window.restoreGeometry(geometry)
    session = SessionController(
        connection.gateway,
        connection.me,
        journal,
        window,
        settings=settings,
        pacing=connection.pacing,
        export_dir=paths.data_dir(),
        catalog=connection.catalog,
    )
    window.show()
    starting = asyncio.ensure_future(session.start())
    try:
        await closed.wait()
    finally:
        starting.cancel()
        await asyncio.gather(starting, return_exceptions=True)
        geometry = bytes(window.saveGeometry().data())
        settings.save(dataclasses.replace(settings.load(), window_geometry=geometry))
        await session.shutdown()
        await connection.aclose()
        journal.close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Start the desktop app; returns the exit code."""
    args = build_parser().parse_args(list(argv) if argv is not None else sys.argv[1:])
    try:
        configure_logging()
    except OSError:
        # A log folder we cannot write must not stop the app.
        logging.basicConfig(level=logging.WARNING)
    outcome: dict[str, str] = {}
    if args.self_test:
        # The smoke check needs no screen; an explicit QT_QPA_PLATFORM still wins.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        args.demo, args.demo_scale, args.demo_latency_ms = True, "small", 0.0
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("desktop_handover")
    app.setOrganizationName("desktop_handover")
    app.setApplicationDisplayName("desktop_handover")
    # Wayland matches windows to the menu entry (packaging/linux/desktop-handover.desktop).
    app.setDesktopFileName("desktop-handover")
    compile_dev_translations()
    install_translators(app, ui_language(args.language, SettingsStore.default()))
    try:
        app.setWindowIcon(QIcon(str(resource_path("app/desktop_handover.svg"))))
    except FileNotFoundError:
        logger.warning("app icon not found")
    hooks = list(STARTUP_HOOKS)
    if args.self_test:
        outcome["result"] = "FAIL: the app ended before the self-test finished"
        hooks.append(self_test_hook(outcome))
    for hook in hooks:
        hook(app)
    crash = CrashHandler(app)
    crash.install()
    try:
        code = aio.run(amain(app, args))
    finally:
        crash.uninstall()
    if args.self_test:
        print(f"self-test: {outcome['result']}", flush=True)
        if code == 0 and not outcome["result"].startswith("ok"):
            return 1
    return code
