"""Plain-English text for the headless CLI: tables, the dry-run summary, reports and advice.

The domain returns codes (RefusalCode, ConnectionProblem, Outcome); this module words them for
a terminal (style.md §7: "the CLI prints its own plain English"). Nothing here ever receives a
webhook URL, so nothing here can print one. Portal text (names, departments) is untrusted and
goes through `clean()` before it reaches a terminal.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Mapping, Sequence

from desktop_handover.handover.estimate import Estimate
from desktop_handover.handover.journal import RunInfo
from desktop_handover.handover.overview import OwnerSummary
from desktop_handover.handover.plan import PlanError, RefusalCode
from desktop_handover.handover.ports import UserInfo
from desktop_handover.handover.report import (
    HandoverReport,
    Outcome,
    Progress,
    ReportRow,
    RunKind,
    WaitReason,
)
from desktop_handover.services.connection import ConnectionCheck, ConnectionProblem

#: Where a webhook is made and its scopes ticked, in the portal's own menus (§1.1).
WEBHOOK_MENU = "Bitrix24 → Developer resources → Other → Inbound webhook"

#: How each scope is labelled in the webhook form, so the advice names the right boxes.
SCOPE_LABELS = {
    "crm": "CRM (crm)",
    "user": "Users (user)",
    "department": "Departments (department)",
    "task": "Tasks (task)",
    "im": "Chat and Notifications (im)",
}

WAIT_WORDS = {
    WaitReason.RATE_LIMIT: "portal rate limit",
    WaitReason.TIME_BUDGET: "method time budget",
    WaitReason.RETRY: "retrying after an error",
}

OUTCOME_WORDS = {
    Outcome.PENDING: "not sent yet",
    Outcome.SENT: "sent, reply not recorded",
    Outcome.DONE: "done",
    Outcome.SKIPPED_MOVED_MEANWHILE: "skipped: someone else took it meanwhile",
    Outcome.SKIPPED_NOT_FOUND: "skipped: no longer on the portal",
    Outcome.FAILED: "failed",
    Outcome.UNKNOWN: "reply lost; resume settles it",
}

#: Failed and skipped items listed one by one under a report, at most.
MAX_LISTED_ROWS = 20


def clean(text: str) -> str:
    """Portal text made safe for a terminal line: no control or bidi characters, no newlines."""
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cc":
            out.append(" ")
        elif category == "Cf":
            continue  # bidi overrides and zero-width characters could reorder the line
        else:
            out.append(ch)
    return "".join(out).strip()


def table(rows: Sequence[Sequence[str]], *, right: Sequence[int] = ()) -> list[str]:
    """Rows of cells as aligned lines, two spaces apart; columns in `right` align right."""
    if not rows:
        return []
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(widths[c]) if c in right else cell.ljust(widths[c])
            for c, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def duration(seconds: float | None) -> str:
    """'45 s', '3 min 20 s', '2 h 05 min'; 'unknown' for None."""
    if seconds is None:
        return "unknown"
    total = round(max(0.0, seconds))
    if total < 60:
        return f"{total} s"
    minutes, secs = divmod(total, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def user_label(user_id: int, names: Mapping[int, str]) -> str:
    """'17 (Anna Nowak)', or just the id when the name is unknown."""
    name = names.get(user_id)
    return f"{user_id} ({clean(name)})" if name else str(user_id)


# --- advice -----------------------------------------------------------------------------------


def connection_advice(check: ConnectionCheck) -> str:
    """What is wrong with a webhook and what to do about it (never quoting the URL)."""
    host = check.host or "the portal"
    problem = check.problem
    if problem is None:
        return f"Connected to {host}."
    if problem is ConnectionProblem.INVALID_URL:
        return (
            "The webhook URL is not of the form https://PORTAL/rest/USER_ID/SECRET/. "
            f"Copy it again from {WEBHOOK_MENU}."
        )
    if problem is ConnectionProblem.HTTPS_REQUIRED:
        return f"{host} accepts webhooks over https only: use the https:// URL of the webhook."
    if problem is ConnectionProblem.UNREACHABLE:
        return (
            f"Cannot reach {host}: check the network connection, any proxy, and the portal "
            "address in the webhook URL, then try again."
        )
    if problem is ConnectionProblem.NOT_A_PORTAL:
        return f"{host} did not answer like a Bitrix24 portal: check the webhook URL."
    if problem is ConnectionProblem.WRONG_SECRET:
        return (
            f"{host} rejected the webhook: wrong user id or secret, or the webhook was deleted "
            f"or regenerated. Create a new one in {WEBHOOK_MENU}."
        )
    if problem is ConnectionProblem.OWNER_DISMISSED:
        return (
            f"The webhook's owner on {host} has been dismissed, so the webhook no longer "
            f"works. Have an active administrator create a new one in {WEBHOOK_MENU}."
        )
    if problem is ConnectionProblem.NO_REST_ON_PLAN:
        return f"{host}: the REST API is available on commercial Bitrix24 plans only."
    if problem is ConnectionProblem.BLOCKED:
        return (
            f"{host} has blocked this webhook (OVERLOAD_LIMIT); only Bitrix24 support can lift "
            "the block."
        )
    if problem is ConnectionProblem.MISSING_SCOPES:
        boxes = ", ".join(SCOPE_LABELS.get(s, s) for s in check.missing_scopes)
        return (
            f"The webhook on {host} lacks permissions it needs. In {WEBHOOK_MENU}, edit the "
            f"webhook, tick {boxes}, and save."
        )
    if problem is ConnectionProblem.SIGN_IN_AGAIN:
        return (
            f"{host} no longer accepts these OAuth tokens (the refresh token expired or was "
            "replaced): sign in again to get new tokens from the local application."
        )
    if problem is ConnectionProblem.INVALID_CLIENT:
        return (
            f"The OAuth server does not know this client id and secret for {host}: copy them "
            "again from Bitrix24 → Developer resources → Other → Local application."
        )
    # NOT_ADMIN
    who = user_label(check.user.id, {check.user.id: check.user.name}) if check.user else "its"
    return (
        f"The webhook's user {who} is not an administrator of {host}, so it cannot see or "
        f"move other employees' items. Have an administrator create the webhook in "
        f"{WEBHOOK_MENU}."
    )


def optional_scope_warning(check: ConnectionCheck) -> str | None:
    """A warning about scopes only some options need, or None."""
    if not check.missing_optional_scopes:
        return None
    boxes = ", ".join(SCOPE_LABELS.get(s, s) for s in check.missing_optional_scopes)
    return (
        f"note: the webhook lacks {boxes}; --notify-summary will not work until you tick it "
        f"in {WEBHOOK_MENU}."
    )


def refusal_message(error: PlanError, names: Mapping[int, str] | None = None) -> str:
    """A refusal in plain English, saying what to do."""
    names = names or {}
    p = error.params
    user = user_label(_int(p.get("user_id")), names) if "user_id" in p else ""
    section = str(p.get("section", ""))
    run = p.get("run_id")
    code = error.code
    if code is RefusalCode.NOTHING_SELECTED:
        return (
            "Nothing to hand over: the departing user owns no items in the chosen sections "
            "with this filter. Check --from, --sections and --open-only/--closed-only "
            "(`users --dismissed` shows who owns what)."
        )
    if code is RefusalCode.NO_SUCCESSOR:
        return "No successor: give --to ID (`desktop-handover-cli users` lists employees)."
    if code is RefusalCode.SUCCESSOR_IS_DEPARTING:
        return f"User {user} is the departing employee and cannot also be a successor."
    if code is RefusalCode.SUCCESSOR_DISMISSED:
        return (
            f"User {user} has been dismissed: the portal would silently accept them as the "
            "responsible person, so the handover refuses. Pick an active employee "
            "(`desktop-handover-cli users`)."
        )
    if code is RefusalCode.SUCCESSOR_UNKNOWN:
        return (
            f"There is no user {user} on this portal. `desktop-handover-cli users` lists the "
            "active employees."
        )
    if code is RefusalCode.DEPARTING_UNKNOWN:
        return (
            f"There is no user {user} on this portal: check --from "
            "(`desktop-handover-cli users --dismissed` lists dismissed owners)."
        )
    if code is RefusalCode.WEBHOOK_USER_IS_DEPARTING:
        return (
            f"The webhook acts as user {user}, the departing employee, and stops working once "
            f"they are dismissed. Have another administrator create the webhook in "
            f"{WEBHOOK_MENU}."
        )
    if code is RefusalCode.FILTER_NOT_SUPPORTED:
        return (
            f"Items in {section} have no open or closed state: drop --open-only/--closed-only "
            f"or leave {section} out of --sections."
        )
    if code is RefusalCode.DUPLICATE_SECTION:
        return f"Section {section} is named twice in --sections."
    if code is RefusalCode.DISMISS_NOT_CONFIRMED:
        return (
            f"Dismissing user {user} needs confirmation: add --yes, or run in a terminal and "
            "type the user's id when asked."
        )
    if code is RefusalCode.RUN_NOT_FOUND:
        return (
            f"There is no run {run} in this journal. `desktop-handover-cli runs` lists the "
            "runs; --journal PATH picks another journal file."
        )
    if code is RefusalCode.RUN_NOT_RESUMABLE:
        return f"Run {run} is {p.get('state', 'finished')} and cannot be resumed."
    # RUN_NOT_UNDOABLE
    if p.get("reason") == "nothing_done":
        return f"Run {run} moved nothing, so there is nothing to undo."
    return f"Run {run} cannot be undone (it is {p.get('state', 'an undo run')})."


def _int(value: object) -> int:
    return value if isinstance(value, int) else int(str(value))


# --- users ------------------------------------------------------------------------------------


def users_table(users: Sequence[UserInfo]) -> list[str]:
    """Active employees: id, name, position, departments."""
    rows = [["ID", "NAME", "POSITION", "DEPARTMENTS"]]
    rows += [
        [str(u.id), clean(u.name), clean(u.position), ", ".join(clean(d) for d in u.departments)]
        for u in users
    ]
    return table(rows, right=(0,))


def owners_table(owners: Sequence[OwnerSummary], sections: Sequence[str]) -> list[str]:
    """Dismissed owners with their item counts per section (only sections somebody has)."""
    shown = [s for s in sections if any(o.counts.get(s) for o in owners)]
    rows = [["ID", "NAME", "TOTAL", *(s.upper() for s in shown)]]
    rows += [
        [
            str(o.user.id),
            clean(o.user.name),
            str(o.total),
            *(str(o.counts.get(s, 0)) for s in shown),
        ]
        for o in owners
    ]
    return table(rows, right=(0, *range(2, 3 + len(shown))))


# --- dry run ----------------------------------------------------------------------------------


def estimate_lines(
    est: Estimate,
    departing: int,
    names: Mapping[int, str],
    notes: Sequence[str] = (),
    *,
    stageless: Collection[str] = (),
) -> list[str]:
    """The dry-run summary: counts per section and per successor, requests, time.

    Sections in `stageless` (no open/closed state) show "-" for open and closed.
    """
    lines = [f"Hand over the items of user {user_label(departing, names)}:"]
    rows = [["SECTION", "ITEMS", "OPEN", "CLOSED"]]
    for key in est.sections:
        n = est.per_section.get(key, 0)
        closed = est.per_section_closed.get(key, 0)
        if key in stageless:
            rows.append([key, str(n), "-", "-"])
        else:
            rows.append([key, str(n), str(n - closed), str(closed)])
    rows.append(["total", str(est.item_count), "", ""])
    lines += ["  " + line for line in table(rows, right=(1, 2, 3))]
    lines.append("Successors:")
    succ_rows = [
        [user_label(uid, names), str(n)]
        for uid, n in sorted(est.per_successor.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    lines += ["  " + line for line in table(succ_rows, right=(1,))] or ["  (none)"]
    if est.skipped:
        lines.append(f"Already gone from the departing user (reported as skipped): {est.skipped}")
    r = est.requests
    lines.append(
        f"Requests: {r.total} (listing {r.listing}, updates {r.updates}, comments "
        f"{r.comments}, messages {r.notifications}, checks {r.checks + r.verification})"
    )
    lines.append(f"Estimated time: {duration(est.eta_seconds)} at the portal's rate limit")
    lines += list(notes)
    return lines


# --- runs and reports -------------------------------------------------------------------------


def run_line(info: RunInfo, counts: Mapping[str, Mapping[Outcome, int]]) -> str:
    """One line of `runs`: it starts with the run id."""
    done = skipped = failed = total = 0
    for section_counts in counts.values():
        for outcome, n in section_counts.items():
            total += n
            if outcome is Outcome.DONE:
                done += n
            elif outcome.is_skipped:
                skipped += n
            elif outcome is Outcome.FAILED:
                failed += n
    what = f"undo of {info.undo_of}" if info.kind is RunKind.UNDO else "handover"
    return (
        f"{info.id}  {info.created[:19].replace('T', ' ')}  {info.state.value:<11}  {what}  "
        f"from={info.departing_user_id}  done={done} skipped={skipped} failed={failed} "
        f"total={total}"
    )


def report_lines(report: HandoverReport, names: Mapping[int, str]) -> list[str]:
    """A report's summary for stdout: per section, then failed and skipped items, residue."""
    verb = "Undo of run" if report.kind is RunKind.UNDO else "Run"
    subject = f" {report.undo_of}" if report.kind is RunKind.UNDO else f" {report.run_id}"
    lines = [f"{verb}{subject}: {report.state.value}"]
    rows = [["SECTION", "DONE", "SKIPPED", "FAILED", "OPEN"]]
    for sp in report.progress_sections():
        rows.append(
            [
                sp.section,
                str(sp.done),
                str(sp.skipped),
                str(sp.failed),
                str(sp.total - sp.processed),
            ]
        )
    lines += ["  " + line for line in table(rows, right=(1, 2, 3, 4))]
    per_owner = report.per_new_owner()
    if per_owner:
        lines.append("Received:")
        owner_rows = [[user_label(u, names), str(n)] for u, n in sorted(per_owner.items())]
        lines += ["  " + line for line in table(owner_rows, right=(1,))]
    notable = [r for r in report.rows if r.outcome is Outcome.FAILED or r.outcome.is_skipped]
    for row in notable[:MAX_LISTED_ROWS]:
        lines.append("  " + row_line(row, names))
    if len(notable) > MAX_LISTED_ROWS:
        lines.append(
            f"  … and {len(notable) - MAX_LISTED_ROWS} more (the --report file lists every item)"
        )
    if report.residue is not None:
        lines += residue_lines(report.residue)
    if report.dismissed is not None:
        lines.append(f"Dismissal: {report.dismissed.value.replace('_', ' ')}")
    return lines


def row_line(row: ReportRow, names: Mapping[int, str]) -> str:
    """One skipped or failed item: section, id, why."""
    why = OUTCOME_WORDS[row.outcome]
    if row.outcome is Outcome.FAILED and row.error:
        why = f"failed: {row.error}"
    if row.outcome is Outcome.SKIPPED_MOVED_MEANWHILE and row.current_owner is not None:
        why += f" (now with {user_label(row.current_owner, names)})"
    return f"{row.section} {row.item_id}: {why}"


def residue_lines(residue: Mapping[str, Sequence[int]]) -> list[str]:
    """What verification found still with the departing user."""
    left = {k: ids for k, ids in residue.items() if ids}
    if not left:
        return ["Verified: nothing is left with the departing user."]
    lines = ["Verified: still with the departing user:"]
    for section, ids in left.items():
        shown = ", ".join(str(i) for i in list(ids)[:10])
        more = f" … (+{len(ids) - 10})" if len(ids) > 10 else ""
        lines.append(f"  {section}: {len(ids)} ({shown}{more})")
    return lines


def last_line(report: HandoverReport) -> str:
    """The last stdout line of handover, resume and undo (scripts parse it).

    `residue` is "-" when the run stopped before verifying (or is an undo, which never does).
    """
    residue = report.residue_total
    skipped = report.total(Outcome.SKIPPED_MOVED_MEANWHILE) + report.total(
        Outcome.SKIPPED_NOT_FOUND
    )
    return (
        f"handover: done={report.total(Outcome.DONE)} skipped={skipped} "
        f"failed={report.total(Outcome.FAILED)} "
        f"residue={'-' if residue is None else residue} run={report.run_id}"
    )


def progress_line(progress: Progress) -> str:
    """One plain progress line (stderr without a terminal)."""
    skipped = sum(s.skipped for s in progress.sections)
    failed = sum(s.failed for s in progress.sections)
    processed = sum(s.processed for s in progress.sections)
    parts = [
        f"run {progress.run_id}: {progress.phase.value.replace('_', ' ')}",
        f"{processed}/{progress.total}",
        f"done={progress.done} skipped={skipped} failed={failed}",
    ]
    if progress.rate > 0:
        parts.append(f"{progress.rate:.1f} items/s")
    if progress.eta_seconds is not None and processed < progress.total:
        parts.append(f"eta {duration(progress.eta_seconds)}")
    if progress.wait is not None:
        parts.append(wait_text(progress))
    return "  ".join(parts)


def wait_text(progress: Progress) -> str:
    """'waiting 3 s: portal rate limit', or '' when not waiting."""
    wait = progress.wait
    if wait is None:
        return ""
    seconds = max(1, round(wait.seconds))
    return f"waiting {seconds} s: {WAIT_WORDS[wait.reason]}"
