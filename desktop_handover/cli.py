"""Headless root: `desktop-handover-cli` and its subcommands.

Commands: `portal serve` (the emulated demo portal), `users`, `handover`, `runs`, `resume`,
`retry`, `undo`, `verify` and `profile add|list|remove`. The portal comes from the environment
variable DESKTOP_HANDOVER_WEBHOOK or from a profile saved in the OS keychain (`--profile`);
a secret is never taken from the command line (style.md §6). Progress and messages go to
stderr; stdout carries the results, and the last stdout line of `handover`, `resume`, `retry`
and `undo` is `handover: done=N skipped=M failed=K residue=R run=RUN`.

Exit codes: 0 nothing failed; 1 some items failed, the run was interrupted (resumable) or
verification found items left; 2 usage, credential or connection errors, refusals, or a
confirmation that cannot be asked without a terminal; 130 cancelled (Ctrl-C or SIGTERM; the
run stays resumable).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import gc
import getpass
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import httpx

from desktop_handover.bitrix.ratelimit import RateLimits
from desktop_handover.bitrix.redact import install_redaction, redact

# limits.py is stdlib-only and cheap; the rest of the emulator is imported by its runner.
from desktop_handover.emulator.limits import EmulatorConfig, FaultSpec
from desktop_handover.handover.engine import (
    RunInterrupted,
    preview,
    resume_run,
    retry_failed,
    undo_run,
    verify_run,
)
from desktop_handover.handover.journal import Journal, RunInfo
from desktop_handover.handover.overview import (
    discover_all_sections,
    dismissed_owners,
    successor_candidates,
)
from desktop_handover.handover.plan import (
    HandoverOptions,
    PlanError,
    plan_problems,
)
from desktop_handover.handover.ports import GatewayError, UserInfo
from desktop_handover.handover.report import (
    HandoverReport,
    Outcome,
    Progress,
    RunKind,
    RunState,
    write_csv,
    write_json,
)
from desktop_handover.handover.selection import SectionFilter
from desktop_handover.services import textreport
from desktop_handover.services.connection import (
    ConnectionProblem,
    PortalConnection,
    check_connection,
    open_portal,
)
from desktop_handover.services.logs import QUIET_LOGGERS
from desktop_handover.services.paths import default_journal_path
from desktop_handover.services.planspec import PlanSpec, PlanSpecError, build_plan
from desktop_handover.services.profiles import (
    Profile,
    ProfileIndex,
    ProfileNameError,
    check_profile_name,
)
from desktop_handover.services.textprogress import ProgressDisplay
from desktop_handover.services.timeouts import ReplyTimeoutTransport

if TYPE_CHECKING:
    from desktop_handover.services.credentials import CredentialStore

logger = logging.getLogger(__name__)

PROG = "desktop-handover-cli"
#: The environment variable holding the webhook URL (the secret never goes on argv).
WEBHOOK_ENV = "DESKTOP_HANDOVER_WEBHOOK"

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_CANCELLED = 130

#: How often a "not an admin" or "missing scopes" verdict is asked again before it counts.
CHECK_CONFIRMATIONS = 3
#: Seconds a user list (the one the connection check brought along, or a later one) answers
#: the command's next questions: a command plans and starts within seconds, so it need not
#: list the users three times; waiting longer at a prompt makes the run's check list again.
USERS_FRESH_FOR = 30.0


class CliError(Exception):
    """A failure the CLI words itself: the message goes to stderr, `code` is the exit code."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


class _Cancelled(Exception):
    """The user interrupted a prompt (Ctrl-C while asked a question)."""


class _Parser(argparse.ArgumentParser):
    """argparse, minus echoing a webhook secret someone typed on the command line anyway."""

    def error(self, message: str) -> NoReturn:
        """Override ArgumentParser.error: the message passes through redact() first."""
        super().error(redact(message))


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; each subcommand stores its runner in `func`."""
    parser = _Parser(
        prog=PROG,
        description="Hand a departing employee's Bitrix24 CRM items over to colleagues.",
        epilog=(
            f"The portal comes from the environment variable {WEBHOOK_ENV} (the inbound "
            "webhook URL) or from a profile saved in the OS keychain (--profile NAME, see "
            "`profile add`). Exit codes: 0 nothing failed; 1 some items failed, the run was "
            "interrupted or items are left; 2 usage, credential or connection errors and "
            "refusals; 130 cancelled (the run stays resumable)."
        ),
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_portal_commands(subparsers)
    add_handover_commands(subparsers)
    add_profile_commands(subparsers)
    return parser


# --- portal: the emulated demo portal -------------------------------------------------------


def add_portal_commands(subparsers: Any) -> None:
    """`portal serve`: the emulated Bitrix24 portal over loopback HTTP."""
    portal = subparsers.add_parser("portal", help="the emulated demo portal")
    commands = portal.add_subparsers(dest="portal_command", required=True, metavar="COMMAND")
    serve = commands.add_parser(
        "serve",
        help="serve the demo portal over HTTP until interrupted",
        description=(
            "Serve a seeded, emulated Bitrix24 portal. The first line on stdout is the admin "
            "webhook URL ('webhook: URL'), the second a limited webhook's URL."
        ),
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=0, help="port (0: pick a free one)")
    serve.add_argument("--seed", type=int, default=1, help="demo data seed")
    serve.add_argument("--scale", choices=("small", "medium", "large"), default="small")
    serve.add_argument("--burst", type=int, default=50, help="rate bucket size (requests)")
    serve.add_argument("--rate", type=float, default=2.0, help="bucket drain (requests/s)")
    serve.add_argument(
        "--operating-limit",
        type=float,
        default=480.0,
        help="operating seconds per method per 10 minutes",
    )
    serve.add_argument("--latency-ms", type=float, default=0.0, help="added to every call")
    serve.add_argument(
        "--faults",
        type=_fault_spec,
        default="",
        help="comma-separated kind=probability, e.g. rate_limit=0.05,lost_reply=0.02",
    )
    serve.add_argument(
        "--slow-seconds",
        type=float,
        default=EmulatorConfig.slow_seconds,
        help="how long a 'slow' fault holds a reply back (default %(default)g s; set it above "
        "the client's --timeout to make slow replies time out quickly)",
    )
    serve.set_defaults(func=_run_portal_serve)


def _fault_spec(text: str) -> FaultSpec:
    try:
        return FaultSpec.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _run_portal_serve(args: argparse.Namespace) -> int:
    # Imported here rather than at the top: uvicorn and the demo-data generator are needed by
    # this subcommand only, and every other command should start fast.
    from desktop_handover.emulator.handler import Emulator  # noqa: PLC0415
    from desktop_handover.emulator.seed import build_portal  # noqa: PLC0415
    from desktop_handover.emulator.server import bind, serve  # noqa: PLC0415

    faults = args.faults if isinstance(args.faults, FaultSpec) else FaultSpec.parse(args.faults)
    config = EmulatorConfig(
        burst=args.burst,
        rate=args.rate,
        operating_limit=args.operating_limit,
        latency_ms=args.latency_ms,
        faults=faults,
        fault_seed=args.seed,
        slow_seconds=args.slow_seconds,
    )
    emulator = Emulator(lambda: build_portal(args.seed, args.scale), config)
    # The seeded portal lives as long as the server and is never garbage: move it out of the
    # collector's sight. A large portal is ~800,000 tracked objects; without this, a run that
    # writes (comments, updates) stalls one request ~0.3 s each time a gen-1/2 pass rescans it.
    gc.freeze()
    sock = bind(args.host, args.port)
    port = sock.getsockname()[1]
    shown = f"[{args.host}]" if ":" in args.host else args.host
    base = f"http://{shown}:{port}"
    # The first line is a promise to scripts and tests: `webhook: URL`, flushed at once.
    print(f"webhook: {emulator.webhook_url(base)}", flush=True)
    with contextlib.suppress(LookupError):  # a portal without a second webhook shows one
        print(f"limited-webhook: {emulator.webhook_url(base, limited=True)}", flush=True)
    with contextlib.suppress(LookupError):  # the local app and its tokens (§1.2)
        client, grant = emulator.oauth_client(), emulator.oauth_grant()
        print(f"oauth-client-id: {client.client_id}", flush=True)
        print(f"oauth-client-secret: {client.client_secret}", flush=True)
        print(f"oauth-access-token: {grant.access_token}", flush=True)
        print(f"oauth-refresh-token: {grant.refresh_token}", flush=True)
        print(f"oauth-token-url: {base}/oauth/token/", flush=True)
    asyncio.run(serve(sock, emulator))
    return 0


# --- shared options -------------------------------------------------------------------------


def _common_options() -> argparse.ArgumentParser:
    """-v, shared by every command that talks to a portal or reads the journal."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="log to stderr (-v: progress of each batch, -vv: each request); secrets masked",
    )
    return common


def _portal_options() -> argparse.ArgumentParser:
    """Where the portal is and how fast it may be called."""
    portal = argparse.ArgumentParser(add_help=False)
    group = portal.add_argument_group("portal")
    group.add_argument(
        "--profile",
        metavar="NAME",
        help=f"use the webhook saved in the keychain under NAME (default: ${WEBHOOK_ENV})",
    )
    speed = group.add_mutually_exclusive_group()
    speed.add_argument(
        "--enterprise",
        action="store_true",
        help="the portal is on an Enterprise plan (burst 250, 5 requests/s)",
    )
    speed.add_argument(
        "--rate-limit",
        metavar="BURST/RATE",
        type=_rate_limit,
        help="the portal's own request bucket, e.g. 50/2 (default) for a self-hosted portal "
        "with other limits, or the demo portal's --burst/--rate",
    )
    group.add_argument(
        "--timeout",
        type=_positive_float,
        metavar="SECONDS",
        help="how long to wait for a reply before treating it as lost (default 70 s, above "
        "the portal's 60 s request cap)",
    )
    return portal


def _journal_options() -> argparse.ArgumentParser:
    journal = argparse.ArgumentParser(add_help=False)
    journal.add_argument(
        "--journal",
        type=Path,
        metavar="PATH",
        help="the run journal (SQLite) to use (default: the one in the user data folder)",
    )
    return journal


def _confirm_options() -> argparse.ArgumentParser:
    confirm = argparse.ArgumentParser(add_help=False)
    confirm.add_argument(
        "--yes",
        "-y",
        action="store_true",
        help="do not ask; required when stdin is not a terminal",
    )
    confirm.add_argument(
        "--report",
        type=Path,
        metavar="PATH",
        help="write the per-item report: JSON if PATH ends in .json, else CSV",
    )
    return confirm


def _rate_limit(text: str) -> RateLimits:
    burst, sep, rate = text.partition("/")
    try:
        limits = RateLimits(burst=int(burst), per_second=float(rate))
    except ValueError:
        limits = None
    if not sep or limits is None or limits.burst < 1 or limits.per_second <= 0:
        raise argparse.ArgumentTypeError(f"expected BURST/RATE such as 50/2, not {text!r}")
    return limits


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number, not {text!r}")
    return value


def _user_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a user id (a positive number), not {text!r}")
    return value


def _user_ids(text: str) -> list[int]:
    return [_user_id(part.strip()) for part in text.split(",") if part.strip()] or [_user_id(text)]


def _run_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a run id (see `runs`), not {text!r}")
    return value


# --- handover commands ------------------------------------------------------------------------

HANDOVER_EPILOG = """\
sections:
  all (default) means every section, smart processes included; otherwise a comma-separated
  list of leads, deals, contacts, companies, quotes, invoices, activities, tasks, smart
  (every smart process) or spa_<entityTypeId>. With --open-only/--closed-only and "all",
  sections without stages (contacts, companies) are handed over in full.

splitting:
  --to 17            everything to user 17
  --to 17,18,19      round-robin over the three, per section, by ascending item id
  --split pipeline --to 17 --route 3=18 --route deals:5=19 --route spa_128:12=18
                     items in a routed pipeline (category) go to its user, everything else
                     to the first --to user; a route without SECTION: means deals
  --split pipeline --to 17,18
                     without --route: the pipelines found among the departing user's items
                     are dealt out round-robin over the --to users, in ascending category id
  --keep-related     a deal's company and contacts, and the activities and tasks of moved
                     items, go to the same successor as the item they belong to

confirmation:
  Without --yes, a terminal shows the dry run and asks "Proceed? [y/N]"; without a terminal
  the dry run is printed and the command exits 2 (add --yes). --dismiss asks you to type the
  departing user's id (or takes --yes).
"""


def add_handover_commands(subparsers: Any) -> None:
    """`users`, `handover`, `runs`, `resume`, `retry`, `undo`, `verify`."""
    common, portal, journal, confirm = (
        _common_options(),
        _portal_options(),
        _journal_options(),
        _confirm_options(),
    )

    users = subparsers.add_parser(
        "users",
        parents=[common, portal],
        help="list successor candidates, or dismissed users who still own items",
        description="List active employees (the successor candidates), or with --dismissed "
        "the dismissed users who still own CRM items, with counts per section.",
    )
    users.add_argument("--dismissed", action="store_true", help="dismissed owners instead")
    users.add_argument("--json", action="store_true", help="JSON on stdout, for scripts")
    users.set_defaults(func=_cmd_users)

    handover = subparsers.add_parser(
        "handover",
        parents=[common, portal, journal, confirm],
        help="hand a departing employee's items over",
        description="Hand every item the departing user is responsible for in the chosen\n"
        "sections over to the successors. Each batch is journalled before it is sent, so a\n"
        "crash, a kill or Ctrl-C leaves a run that `resume RUN` finishes.",
        epilog=HANDOVER_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    handover.add_argument(
        "--from", dest="departing", type=_user_id, required=True, metavar="ID",
        help="the departing user",
    )  # fmt: skip
    handover.add_argument(
        "--to",
        dest="successors",
        type=_user_ids,
        action="extend",
        required=True,
        metavar="ID[,ID...]",
        help="the successor(s)",
    )
    handover.add_argument(
        "--sections",
        default="all",
        metavar="LIST",
        help="all, or a comma-separated list (see below)",
    )
    which = handover.add_mutually_exclusive_group()
    which.add_argument("--open-only", action="store_true", help="only open items")
    which.add_argument("--closed-only", action="store_true", help="only closed items")
    handover.add_argument(
        "--split",
        choices=("even", "pipeline"),
        default="even",
        help="how items are shared out between several successors (default: even)",
    )
    handover.add_argument(
        "--route",
        action="append",
        default=[],
        metavar="[SECTION:]CATEGORY=ID",
        help="with --split pipeline: items of this pipeline go to user ID (repeatable)",
    )
    handover.add_argument(
        "--keep-related", action="store_true", help="keep related items with one successor"
    )
    handover.add_argument(
        "--dry-run", action="store_true", help="print counts, requests and time; change nothing"
    )
    handover.add_argument(
        "--comment", action="store_true", help="add a timeline comment to each moved item"
    )
    handover.add_argument(
        "--notify-summary",
        action="store_true",
        help="send each successor one message with their counts (needs the im scope)",
    )
    handover.add_argument(
        "--quiet-notifications",
        action="store_true",
        help=(
            "no live-feed post per item for leads, deals, contacts, companies and quotes "
            "(REGISTER_SONET_EVENT=N); other sections have no such switch, and Bitrix24 may "
            "still notify the successors"
        ),
    )
    handover.add_argument(
        "--dismiss",
        action="store_true",
        help="dismiss the departing user at the end if nothing is left with them",
    )
    handover.set_defaults(func=_cmd_handover)

    runs = subparsers.add_parser(
        "runs",
        parents=[common, journal],
        help="list the journal's runs, newest first",
        description="One line per run, newest first, starting with the run id.",
    )
    runs.add_argument("--json", action="store_true", help="JSON on stdout, for scripts")
    runs.set_defaults(func=_cmd_runs)

    for name, helptext, func in (
        ("resume", "finish an interrupted, cancelled or killed run", _cmd_resume),
        ("retry", "send a run's failed items again", _cmd_retry),
        ("undo", "give a run's moved items back to the departing user", _cmd_undo),
    ):
        sub = subparsers.add_parser(
            name, parents=[common, portal, journal, confirm], help=helptext, description=helptext
        )
        sub.add_argument("run", type=_run_id, metavar="RUN", help="the run id (see `runs`)")
        if name == "undo":
            sub.add_argument(
                "--comment", action="store_true", help="add a timeline comment to each item"
            )
        sub.set_defaults(func=func)

    verify = subparsers.add_parser(
        "verify",
        parents=[common, portal, journal],
        help="re-check what a run left with the departing user",
        description="List again what the departing user still owns in the run's sections "
        "(new items included for whole sections). Exit 0 when nothing is left, else 1.",
    )
    verify.add_argument("run", type=_run_id, metavar="RUN", help="the run id (see `runs`)")
    verify.add_argument(
        "--report",
        type=Path,
        metavar="PATH",
        help="also write the run's per-item report with the new residue (.json or CSV)",
    )
    verify.set_defaults(func=_cmd_verify)


# --- running a command ------------------------------------------------------------------------


def _run(coro: Coroutine[Any, Any, int]) -> int:
    """Run a command's coroutine; Ctrl-C and SIGTERM cancel it (it then returns 130)."""
    return asyncio.run(_cancellable(coro))


async def _cancellable(coro: Coroutine[Any, Any, int]) -> int:
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    assert task is not None
    installed: list[signal.Signals] = []
    stopper = _Stopper(task)
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, stopper.stop)
            except (NotImplementedError, RuntimeError):
                continue  # Windows: asyncio.run's own Ctrl-C handling cancels the task
            installed.append(sig)
    try:
        return await coro
    except asyncio.CancelledError:
        _say("Cancelled before anything was changed.")
        return EXIT_CANCELLED
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)


class _Stopper:
    """Turns Ctrl-C and SIGTERM into a cancel of the command's task.

    The first signal lets the request in flight land and be journalled (the engine shields
    it); a second one cancels that wait too, leaving its items for `resume` to settle.
    """

    def __init__(self, task: asyncio.Task[int]) -> None:
        self._task = task
        self._signalled = False

    def stop(self) -> None:
        """The signal handler."""
        if not self._signalled:
            _say("Stopping after the request in flight … (Ctrl-C again to stop at once)")
            self._signalled = True
        self._task.cancel()


def _say(text: str) -> None:
    """A message for the user, on stderr."""
    print(text, file=sys.stderr, flush=True)


def _out(text: str = "") -> None:
    """A result line, on stdout."""
    print(text, flush=True)


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    """Let Ctrl-C interrupt a blocking prompt (the loop's handler would only cancel a task)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    except KeyboardInterrupt:
        raise _Cancelled from None
    finally:
        signal.signal(signal.SIGINT, previous)


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except ValueError:  # closed stdin
        return False


def _ask(question: str) -> str:
    """Ask on the terminal and return the answer ('' on end of input).

    It blocks the event loop, which has nothing else to do meanwhile.
    """
    with _interruptible():
        sys.stderr.write(question)
        sys.stderr.flush()
        return sys.stdin.readline().strip()


def _confirm(question: str, *, yes: bool, what: str) -> bool:
    """True when --yes was given or the user answers y; CliError without a terminal."""
    if yes:
        return True
    if not _stdin_is_terminal():
        raise CliError(
            f"Not {what}: stdin is not a terminal, so nobody can confirm. Add --yes to go ahead."
        )
    return _ask(f"{question} [y/N] ").lower() in ("y", "yes")


# --- the portal -------------------------------------------------------------------------------


def _credentials() -> CredentialStore:
    # Imported here: keyring takes a noticeable part of the CLI's start-up, and only the
    # commands that use a profile need it.
    from desktop_handover.services.credentials import CredentialStore  # noqa: PLC0415

    return CredentialStore()


def _limits(args: argparse.Namespace) -> RateLimits:
    if args.rate_limit is not None:
        limits: RateLimits = args.rate_limit
        return limits
    return RateLimits.enterprise() if args.enterprise else RateLimits.standard()


def _transport(args: argparse.Namespace) -> httpx.AsyncBaseTransport | None:
    return None if args.timeout is None else ReplyTimeoutTransport(args.timeout)


async def _webhook(args: argparse.Namespace) -> str:
    """The webhook URL from the keychain profile or the environment; never from argv."""
    if args.profile:
        try:
            check_profile_name(args.profile)
        except ProfileNameError as exc:
            raise CliError(str(exc)) from None
        url = await _credentials().load(args.profile)
        if not url:
            raise CliError(
                f"No webhook is saved in the keychain for profile {args.profile!r}. Save one "
                f"with `{PROG} profile add {args.profile}` (it reads the URL from stdin)."
            )
        return url
    url = os.environ.get(WEBHOOK_ENV, "").strip()
    if not url:
        raise CliError(
            f"No portal given: set {WEBHOOK_ENV} to the inbound webhook URL, or use --profile "
            f"NAME with a webhook saved by `{PROG} profile add NAME`."
        )
    return url


async def _connect(args: argparse.Namespace, *, changes: bool) -> PortalConnection:
    """Check the webhook in plain terms, then open the portal.

    A webhook of a non-administrator is refused for commands that change items, and only
    warned about for those that read.
    """
    url = await _webhook(args)
    limits = _limits(args)
    # The check's batch also brings what the command's setup needs (users, departments,
    # smart processes, stages): one request instead of about eight (§4).
    check = await check_connection(url, transport=_transport(args), limits=limits, prefetch=True)
    for _ in range(CHECK_CONFIRMATIONS):
        if check.problem not in (ConnectionProblem.NOT_ADMIN, ConnectionProblem.MISSING_SCOPES):
            break
        # These verdicts come from commands inside one batch, and a batch command can fail
        # on its own with a temporary error (§4): a refusal is confirmed by asking again.
        check = await check_connection(
            url, transport=_transport(args), limits=limits, prefetch=True
        )
    if check.problem is ConnectionProblem.NOT_ADMIN and not changes:
        _say("warning: " + textreport.connection_advice(check))
    elif not check.ok:
        raise CliError(textreport.connection_advice(check))
    warning = textreport.optional_scope_warning(check)
    if warning and getattr(args, "notify_summary", False):
        _say(warning)
    try:
        connection = await open_portal(
            url,
            transport=_transport(args),
            limits=limits,
            prefetch=check.prefetch,
            fresh_for=USERS_FRESH_FOR,
        )
    except GatewayError as exc:
        raise CliError(f"The portal refused the connection: {exc}") from None
    logger.info("connected to %s as user %d", connection.host, connection.me.id)
    return connection


@contextlib.asynccontextmanager
async def _portal(args: argparse.Namespace, *, changes: bool) -> AsyncIterator[PortalConnection]:
    """An open portal for the command's lifetime."""
    connection = await _connect(args, changes=changes)
    try:
        yield connection
    finally:
        await connection.aclose()


def _journal_path(args: argparse.Namespace) -> Path:
    path: Path | None = args.journal
    return default_journal_path() if path is None else path


def _open_journal(args: argparse.Namespace, *, must_exist: bool) -> Journal:
    path = _journal_path(args)
    if must_exist and not path.exists():
        raise CliError(f"There is no journal at {path}: no run has been recorded there yet.")
    return Journal(path)


# --- users ------------------------------------------------------------------------------------


def _cmd_users(args: argparse.Namespace) -> int:
    return _run(_users(args))


async def _users(args: argparse.Namespace) -> int:
    async with _portal(args, changes=False) as conn:
        gateway = conn.gateway
        users = list(await gateway.list_users())
        if args.dismissed:
            sections = await discover_all_sections(gateway)
            owners = await dismissed_owners(gateway, sections, users)
            if args.json:
                _out(
                    json.dumps(
                        [
                            {**_user_dict(o.user), "counts": dict(o.counts), "total": o.total}
                            for o in owners
                        ],
                        ensure_ascii=False,
                    )
                )
            elif owners:
                for line in textreport.owners_table(owners, [s.key for s in sections]):
                    _out(line)
            else:
                _say("No dismissed user owns any item.")
            return EXIT_OK
        candidates = successor_candidates(users, 0)
        if args.json:
            _out(json.dumps([_user_dict(u) for u in candidates], ensure_ascii=False))
        else:
            for line in textreport.users_table(candidates):
                _out(line)
    return EXIT_OK


def _user_dict(user: UserInfo) -> dict[str, object]:
    return {
        "id": user.id,
        "name": user.name,
        "active": user.active,
        "position": user.position,
        "departments": list(user.departments),
    }


# --- handover ---------------------------------------------------------------------------------


def _plan_spec(args: argparse.Namespace, *, dismiss_confirmed: bool) -> PlanSpec:
    return PlanSpec(
        departing=args.departing,
        successors=tuple(dict.fromkeys(args.successors)),
        sections=args.sections,
        section_filter=SectionFilter.OPEN
        if args.open_only
        else SectionFilter.CLOSED
        if args.closed_only
        else SectionFilter.ALL,
        split=args.split,
        routes=tuple(args.route),
        keep_related=args.keep_related,
        options=HandoverOptions(
            suppress_notifications=args.quiet_notifications,
            timeline_comment=args.comment,
            summary_message=args.notify_summary,
            dismiss_at_end=args.dismiss,
            dismiss_confirmed=args.dismiss and dismiss_confirmed,
        ),
    )


def _cmd_handover(args: argparse.Namespace) -> int:
    try:
        # What needs no portal is checked before the first request.
        _plan_spec(args, dismiss_confirmed=False).check()
    except PlanSpecError as exc:
        raise CliError(str(exc)) from None
    return _run(_handover(args))


async def _handover(args: argparse.Namespace) -> int:
    async with _portal(args, changes=not args.dry_run) as conn:
        gateway = conn.gateway
        # Checked as if confirmed: the dry run must not stop at the dismissal question.
        try:
            plan, notes = await build_plan(_plan_spec(args, dismiss_confirmed=True), gateway)
        except PlanSpecError as exc:
            raise CliError(str(exc)) from None
        users = list(await gateway.list_users())
        names = {u.id: u.name for u in users}
        problems = plan_problems(plan, users, conn.me.id)
        if problems:
            for problem in problems:
                _say("refused: " + textreport.refusal_message(problem, names))
            return EXIT_USAGE
        for note in notes:
            _say(note)
        interactive = not args.yes and not args.dry_run
        if args.dry_run or interactive:
            try:
                _, est = await preview(plan, gateway, pacing=conn.pacing)
            except PlanError as exc:
                _say("refused: " + textreport.refusal_message(exc, names))
                return EXIT_USAGE
            stageless = {
                sp.section.key for sp in plan.sections if not sp.section.supports_open_closed
            }
            for line in textreport.estimate_lines(
                est, plan.departing_user_id, names, stageless=stageless
            ):
                _out(line)
            if args.dry_run:
                _out("Dry run: nothing was changed.")
                return EXIT_OK
        try:
            if not _confirm("Proceed?", yes=args.yes, what="started"):
                _say("Nothing was changed.")
                return EXIT_FAILED
            confirmed = args.yes
            if args.dismiss and not args.yes:
                typed = _ask(
                    f"Type the departing user's id ({plan.departing_user_id}) to confirm that "
                    "they are dismissed at the end: "
                )
                confirmed = typed == str(plan.departing_user_id)
                if not confirmed:
                    _say("The id did not match: nothing was changed.")
                    return EXIT_FAILED
        except _Cancelled:
            _say("\nNothing was changed.")
            return EXIT_CANCELLED
        plan = dataclasses.replace(
            plan,
            options=dataclasses.replace(
                plan.options, dismiss_confirmed=args.dismiss and confirmed
            ),
        )
        with _open_journal(args, must_exist=False) as journal:
            # Created up front so that the run id is known before the first request.
            run_id = journal.create_run(plan)
            _say(f"Run {run_id} started. If it stops, finish it with: {PROG} resume {run_id}")
            return await _execute(
                lambda progress: resume_run(
                    run_id, gateway, journal, progress, pacing=conn.pacing
                ),
                journal,
                run_id,
                args,
                names,
            )


async def _execute(
    start: Callable[[Callable[[Progress], None]], Awaitable[HandoverReport]],
    journal: Journal,
    run_id: int,
    args: argparse.Namespace,
    names: dict[int, str],
) -> int:
    """Run a journalled run with progress; print its report and the last line; exit code."""
    display = ProgressDisplay(sys.stderr)
    state_code = EXIT_OK
    try:
        report = await start(display)
    except asyncio.CancelledError:
        display.close()
        report = journal.report(_current_run(run_id, display))
        _say(f"Cancelled. Finish the run with: {PROG} resume {report.run_id}")
        state_code = EXIT_CANCELLED
    except RunInterrupted as exc:
        display.close()
        report = journal.report(exc.run_id)
        _say(
            f"The run was interrupted ({exc.code}): the portal could not be reached or kept "
            f"failing. Finish it later with: {PROG} resume {exc.run_id}"
        )
        state_code = EXIT_FAILED
    except PlanError as exc:
        display.close()
        _say("refused: " + textreport.refusal_message(exc, names))
        return EXIT_USAGE
    finally:
        display.close()
    for line in textreport.report_lines(report, names):
        _out(line)
    if args.report is not None:
        _write_report(report, args.report)
    _out(textreport.last_line(report))
    if state_code != EXIT_OK:
        return state_code
    residue = report.residue_total or 0
    return EXIT_FAILED if report.total(Outcome.FAILED) or residue else EXIT_OK


def _current_run(run_id: int, display: ProgressDisplay) -> int:
    # An undo creates its own run; its id arrives with the first progress event.
    return display.run_id if display.run_id is not None else run_id


def _write_report(report: HandoverReport, path: Path) -> None:
    try:
        if path.suffix.lower() == ".json":
            write_json(report, path)
        else:
            write_csv(report, path)
    except OSError as exc:
        _say(f"The report could not be written to {path}: {exc.strerror or exc}")
        return
    _say(f"Report written to {path}")


# --- runs, resume, retry, undo, verify --------------------------------------------------------


def _cmd_runs(args: argparse.Namespace) -> int:
    path = _journal_path(args)
    if not path.exists():
        _say(f"No runs yet ({path} does not exist).")
        if args.json:
            _out("[]")
        return EXIT_OK
    with Journal(path) as journal:
        runs = journal.runs()
        if args.json:
            _out(json.dumps([_run_dict(journal, r) for r in runs]))
        else:
            for info in runs:
                _out(textreport.run_line(info, journal.counts(info.id)))
    return EXIT_OK


def _run_dict(journal: Journal, info: RunInfo) -> dict[str, object]:
    counts = journal.counts(info.id)
    totals: dict[str, int] = {}
    for section_counts in counts.values():
        for outcome, n in section_counts.items():
            totals[outcome.value] = totals.get(outcome.value, 0) + n
    return {
        "id": info.id,
        "kind": info.kind.value,
        "state": info.state.value,
        "created": info.created,
        "updated": info.updated,
        "departing_user_id": info.departing_user_id,
        "undo_of": info.undo_of,
        "resumable": info.resumable,
        "counts": totals,
    }


def _load_run(journal: Journal, run_id: int) -> RunInfo:
    info = journal.load_run(run_id)
    if info is None:
        raise CliError(
            f"There is no run {run_id} in {_journal_name(journal)}. `{PROG} runs` lists them."
        )
    return info


def _journal_name(journal: Journal) -> str:
    return repr(journal).removeprefix("Journal(").removesuffix(")")


def _pending(journal: Journal, run_id: int) -> int:
    return sum(n for c in journal.counts(run_id).values() for o, n in c.items() if not o.is_final)


def _cmd_resume(args: argparse.Namespace) -> int:
    with _open_journal(args, must_exist=True) as journal:
        info = _load_run(journal, args.run)
        if not info.resumable:
            raise CliError(
                f"Run {info.id} is {info.state.value} and cannot be resumed"
                + (
                    f"; `{PROG} retry {info.id}` sends its failed items again."
                    if info.state is RunState.FINISHED
                    else "."
                )
            )
        question = (
            f"Resume run {info.id} ({_pending(journal, info.id)} items still to settle, "
            f"from user {info.departing_user_id})?"
            if info.resolved
            else f"Resume run {info.id} (not resolved yet: it starts from the beginning)?"
        )
        if not _confirm(question, yes=args.yes, what="resumed"):
            _say("Nothing was changed.")
            return EXIT_FAILED
        return _run(_continue(args, journal, info, resume_run))


def _cmd_retry(args: argparse.Namespace) -> int:
    with _open_journal(args, must_exist=True) as journal:
        info = _load_run(journal, args.run)
        failed = len(journal.items(info.id, [Outcome.FAILED]))
        if not _confirm(
            f"Send the {failed} failed items of run {info.id} again?", yes=args.yes, what="retried"
        ):
            _say("Nothing was changed.")
            return EXIT_FAILED
        return _run(_continue(args, journal, info, retry_failed))


async def _continue(
    args: argparse.Namespace,
    journal: Journal,
    info: RunInfo,
    engine_call: Callable[..., Awaitable[HandoverReport]],
) -> int:
    async with _portal(args, changes=True) as conn:
        users = list(await conn.gateway.list_users())
        names = {u.id: u.name for u in users}
        return await _execute(
            lambda progress: engine_call(
                info.id, conn.gateway, journal, progress, pacing=conn.pacing
            ),
            journal,
            info.id,
            args,
            names,
        )


def _cmd_undo(args: argparse.Namespace) -> int:
    with _open_journal(args, must_exist=True) as journal:
        info = _load_run(journal, args.run)
        done = len(journal.items(info.id, [Outcome.DONE]))
        if not _confirm(
            f"Give the {done} items run {info.id} moved back to user {info.departing_user_id}?",
            yes=args.yes,
            what="undone",
        ):
            _say("Nothing was changed.")
            return EXIT_FAILED
        return _run(_undo(args, journal, info))


async def _undo(args: argparse.Namespace, journal: Journal, info: RunInfo) -> int:
    async with _portal(args, changes=True) as conn:
        users = list(await conn.gateway.list_users())
        names = {u.id: u.name for u in users}
        return await _execute(
            lambda progress: undo_run(
                info.id,
                conn.gateway,
                journal,
                progress,
                timeline_comment=args.comment,
                pacing=conn.pacing,
            ),
            journal,
            info.id,
            args,
            names,
        )


def _cmd_verify(args: argparse.Namespace) -> int:
    with _open_journal(args, must_exist=True) as journal:
        info = _load_run(journal, args.run)
        return _run(_verify(args, journal, info))


async def _verify(args: argparse.Namespace, journal: Journal, info: RunInfo) -> int:
    if info.kind is RunKind.UNDO:
        raise CliError(f"Run {info.id} is an undo; verify the run it undid ({info.undo_of}).")
    async with _portal(args, changes=False) as conn:
        residue = await verify_run(info.id, conn.gateway, journal)
    for line in textreport.residue_lines(residue):
        _out(line)
    if args.report is not None:
        _write_report(journal.report(info.id), args.report)
    left = sum(len(ids) for ids in residue.values())
    _out(f"verify: residue={left} run={info.id}")
    return EXIT_FAILED if left else EXIT_OK


# --- profiles ---------------------------------------------------------------------------------


def add_profile_commands(subparsers: Any) -> None:
    """`profile add|list|remove`: webhooks saved in the OS keychain under a name."""
    profile = subparsers.add_parser(
        "profile",
        help="portal profiles saved in the OS keychain",
        description="Save a portal's webhook in the OS keychain under a name, for --profile. "
        "Only names and hosts are kept outside the keychain (profiles.json in the user data "
        "folder).",
    )
    commands = profile.add_subparsers(dest="profile_command", required=True, metavar="COMMAND")
    common = _common_options()
    add = commands.add_parser(
        "add",
        parents=[common],
        help="check a webhook read from stdin and save it",
        description="Read the inbound webhook URL from stdin (hidden when typed at a "
        "terminal), check it against the portal, and save it in the keychain under NAME. "
        "Example: `desktop-handover-cli profile add acme < webhook.txt`.",
    )
    add.add_argument("name", metavar="NAME")
    add.add_argument(
        "--timeout", type=_positive_float, metavar="SECONDS", help="reply timeout of the check"
    )
    add.set_defaults(func=_cmd_profile_add)
    listing = commands.add_parser("list", parents=[common], help="list saved profiles")
    listing.add_argument("--json", action="store_true", help="JSON on stdout, for scripts")
    listing.set_defaults(func=_cmd_profile_list)
    remove = commands.add_parser(
        "remove", parents=[common], help="forget a profile and its keychain entry"
    )
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(func=_cmd_profile_remove)


def _read_webhook() -> str:
    if _stdin_is_terminal():
        try:
            with _interruptible():
                return getpass.getpass("Webhook URL (input hidden): ", stream=sys.stderr).strip()
        except _Cancelled:
            raise CliError("Nothing was saved.", EXIT_CANCELLED) from None
    return sys.stdin.readline().strip()


def _cmd_profile_add(args: argparse.Namespace) -> int:
    try:
        name = check_profile_name(args.name)
    except ProfileNameError as exc:
        raise CliError(str(exc)) from None
    url = _read_webhook()
    if not url:
        raise CliError("No webhook URL on stdin: nothing was saved.")
    return _run(_profile_add(name, url, args))


async def _profile_add(name: str, url: str, args: argparse.Namespace) -> int:
    transport = None if args.timeout is None else ReplyTimeoutTransport(args.timeout)
    check = await check_connection(url, transport=transport)
    if check.problem is ConnectionProblem.NOT_ADMIN:
        _say("warning: " + textreport.connection_advice(check))
    elif not check.ok:
        raise CliError(textreport.connection_advice(check) + " Nothing was saved.")
    warning = textreport.optional_scope_warning(check)
    if warning:
        _say(warning)
    # Imported here: keyring takes a noticeable part of the CLI's start-up.
    from desktop_handover.services.credentials import CredentialStoreUnavailable  # noqa: PLC0415

    try:
        await _credentials().save(name, url)
    except CredentialStoreUnavailable as exc:
        raise CliError(f"{exc} Nothing was saved; use {WEBHOOK_ENV} instead.") from None
    ProfileIndex().add(Profile(name, check.host))
    who = (
        textreport.user_label(check.user.id, {check.user.id: check.user.name})
        if check.user
        else "?"
    )
    _out(f"Saved profile {name} for {check.host} (webhook user {who}).")
    return EXIT_OK


def _cmd_profile_list(args: argparse.Namespace) -> int:
    profiles = ProfileIndex().all()
    if args.json:
        _out(json.dumps([{"name": p.name, "host": p.host} for p in profiles]))
    elif not profiles:
        _say(f"No profiles saved. Add one with `{PROG} profile add NAME`.")
    else:
        for line in textreport.table([[p.name, p.host] for p in profiles]):
            _out(line)
    return EXIT_OK


def _cmd_profile_remove(args: argparse.Namespace) -> int:
    return _run(_profile_remove(args.name))


async def _profile_remove(name: str) -> int:
    store = _credentials()
    had_secret = await store.load(name) is not None
    await store.delete(name)
    listed = ProfileIndex().remove(name)
    if not (listed or had_secret):
        raise CliError(f"There is no profile {name!r}.")
    _out(f"Removed profile {name}.")
    return EXIT_OK


# --- root -------------------------------------------------------------------------------------


def _configure_logging(verbosity: int) -> None:
    """-v: INFO, -vv: DEBUG to stderr; otherwise errors only. Secrets are masked on the handler.

    Without -v the progress display already tells about waits and retries, so the client's
    warnings would only repeat it.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_desktop_handover_cli", False)]:
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler._desktop_handover_cli = True  # type: ignore[attr-defined]
    install_redaction(handler)
    root.addHandler(handler)
    root.setLevel(
        logging.DEBUG if verbosity >= 2 else logging.INFO if verbosity == 1 else logging.ERROR
    )
    # httpx logs each request URL, secret included, at INFO (style.md §3.6).
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand and return its exit code (2 for usage errors, as argparse does)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command != "portal":
        _configure_logging(getattr(args, "verbose", 0))
    try:
        code: int = args.func(args)
    except CliError as exc:
        _say(f"{PROG}: {exc}")
        return exc.code
    except KeyboardInterrupt:
        _say("Cancelled.")
        return EXIT_CANCELLED
    except GatewayError as exc:
        # Gateway messages name the method and host, never the webhook URL.
        logger.debug("gateway error", exc_info=True)
        _say(f"{PROG}: the portal failed: {exc}")
        return EXIT_FAILED
    except Exception:
        logger.exception("unexpected error")
        _say(f"{PROG}: unexpected error (run with -v for details)")
        return EXIT_FAILED
    return code


if __name__ == "__main__":
    sys.exit(main())
