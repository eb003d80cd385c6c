"""Translated words for the domain's codes: sections, outcomes, refusals, waits, problems.

The domain returns codes, never sentences (style.md §7); this module is where the UI words
them. Every string goes through QCoreApplication.translate with the context "Messages".
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QLocale

from desktop_handover.handover.plan import PlanError, RefusalCode
from desktop_handover.handover.report import Outcome, Phase, Wait, WaitReason
from desktop_handover.handover.sections import CrmSection, SectionSpec
from desktop_handover.services.connection import ConnectionCheck, ConnectionProblem


def tr(text: str) -> str:
    """Translate `text` in the "Messages" context (for text already marked elsewhere).

    Literal strings are written as QCoreApplication.translate("Messages", "…") in full, so
    that lupdate files them under the context Qt is asked for at run time.
    """
    return QCoreApplication.translate("Messages", text)


def fmt(template: str, *args: object) -> str:
    """Fill {0}, {1}, … in an already translated template (plain str.replace, no eval)."""
    for n, value in enumerate(args):
        template = template.replace("{" + str(n) + "}", str(value))
    return template


def number(n: int) -> str:
    """`n` with the locale's digit grouping."""
    return QLocale().toString(n)


def section_name(section: SectionSpec | str) -> str:
    """The section's name in Bitrix24's own words (ui.md §7); a smart process keeps its title."""
    if isinstance(section, SectionSpec):
        if section.title is not None:
            return section.title
        key = section.key
    else:
        key = section
    names = {
        CrmSection.LEADS: QCoreApplication.translate("Messages", "Leads"),
        CrmSection.DEALS: QCoreApplication.translate("Messages", "Deals"),
        CrmSection.CONTACTS: QCoreApplication.translate("Messages", "Contacts"),
        CrmSection.COMPANIES: QCoreApplication.translate("Messages", "Companies"),
        CrmSection.QUOTES: QCoreApplication.translate("Messages", "Quotes"),
        CrmSection.INVOICES: QCoreApplication.translate("Messages", "Invoices"),
        CrmSection.ACTIVITIES: QCoreApplication.translate("Messages", "Activities"),
        CrmSection.TASKS: QCoreApplication.translate("Messages", "Tasks"),
    }
    return names.get(key, key)  # type: ignore[call-overload]


def section_names(sections: Mapping[str, SectionSpec] | list[SectionSpec]) -> dict[str, str]:
    """Translated names by section key."""
    values = sections.values() if isinstance(sections, Mapping) else sections
    return {s.key: section_name(s) for s in values}


def duration(seconds: float | None) -> str:
    """A duration in words: "about 1 min 10 s", "3 s"; "unknown" for None."""
    if seconds is None:
        return QCoreApplication.translate("Messages", "unknown")
    total = max(0, math.ceil(seconds))
    if total < 60:
        return fmt(QCoreApplication.translate("Messages", "{0} s"), total)
    minutes, secs = divmod(total, 60)
    if minutes < 60:
        return (
            fmt(QCoreApplication.translate("Messages", "{0} min {1} s"), minutes, secs)
            if secs
            else fmt(QCoreApplication.translate("Messages", "{0} min"), minutes)
        )
    hours, minutes = divmod(minutes, 60)
    return fmt(QCoreApplication.translate("Messages", "{0} h {1} min"), hours, minutes)


def outcome_text(outcome: Outcome) -> str:
    """What happened to an item, in plain words."""
    return {
        Outcome.PENDING: QCoreApplication.translate("Messages", "not sent yet"),
        Outcome.SENT: QCoreApplication.translate("Messages", "sent, waiting for the portal"),
        Outcome.DONE: QCoreApplication.translate("Messages", "handed over"),
        Outcome.SKIPPED_MOVED_MEANWHILE: QCoreApplication.translate(
            "Messages", "skipped: someone else took it meanwhile"
        ),
        Outcome.SKIPPED_NOT_FOUND: QCoreApplication.translate(
            "Messages", "skipped: deleted or no longer visible"
        ),
        Outcome.FAILED: QCoreApplication.translate("Messages", "failed"),
        Outcome.UNKNOWN: QCoreApplication.translate(
            "Messages", "unknown: the portal's reply was lost"
        ),
    }[outcome]


def error_text(code: str | None) -> str:
    """A portal or gateway error code in plain words (the code itself when unknown)."""
    if not code:
        return ""
    known = {
        "ACCESS_DENIED": QCoreApplication.translate(
            "Messages", "the portal refused: no permission to change it"
        ),
        "NETWORK_ERROR": QCoreApplication.translate("Messages", "the portal could not be reached"),
        "OPERATION_TIME_LIMIT": QCoreApplication.translate(
            "Messages", "the portal's time budget for this method is spent"
        ),
        "QUERY_LIMIT_EXCEEDED": QCoreApplication.translate("Messages", "the portal's rate limit"),
        "INSUFFICIENT_SCOPE": QCoreApplication.translate(
            "Messages", "the webhook lacks a permission (scope)"
        ),
        "INVALID_CREDENTIALS": QCoreApplication.translate(
            "Messages", "the webhook's secret is wrong or revoked"
        ),
        "NOT_FOUND": QCoreApplication.translate("Messages", "not found on the portal"),
        "INTERNAL_SERVER_ERROR": QCoreApplication.translate(
            "Messages", "the portal had an internal error"
        ),
    }
    return known.get(code.upper(), code)


def wait_text(wait: Wait | None) -> str:
    """The current pause and its reason ("Waiting for the portal's rate limit: 3 s")."""
    if wait is None or wait.seconds <= 0:
        return ""
    reason = {
        WaitReason.RATE_LIMIT: QCoreApplication.translate(
            "Messages", "Waiting for the portal's rate limit: {0}"
        ),
        WaitReason.TIME_BUDGET: QCoreApplication.translate(
            "Messages", "Waiting for the portal's time budget: {0}"
        ),
        WaitReason.RETRY: QCoreApplication.translate(
            "Messages", "The portal did not answer; trying again in {0}"
        ),
    }[wait.reason]
    return fmt(reason, duration(wait.seconds))


def phase_text(phase: Phase) -> str:
    """The step a run is in."""
    return {
        Phase.CHECKING: QCoreApplication.translate("Messages", "Checking the plan…"),
        Phase.RESOLVING: QCoreApplication.translate(
            "Messages", "Listing the selected items on the portal…"
        ),
        Phase.HANDING_OVER: QCoreApplication.translate("Messages", "Handing over…"),
        Phase.COMMENTING: QCoreApplication.translate("Messages", "Adding timeline notes…"),
        Phase.NOTIFYING: QCoreApplication.translate("Messages", "Sending summary messages…"),
        Phase.VERIFYING: QCoreApplication.translate("Messages", "Checking that nothing is left…"),
        Phase.DISMISSING: QCoreApplication.translate("Messages", "Dismissing the employee…"),
        Phase.FINISHED: QCoreApplication.translate("Messages", "Finished."),
    }[phase]


def refusal_text(error: PlanError, names: Mapping[int, str] | None = None) -> str:
    """Why a plan, resume or undo was refused, in plain words."""
    names = names or {}
    user_id = error.params.get("user_id")
    who = (
        names.get(user_id, fmt(QCoreApplication.translate("Messages", "user #{0}"), user_id))
        if isinstance(user_id, int)
        else ""
    )
    texts = {
        RefusalCode.NOTHING_SELECTED: QCoreApplication.translate(
            "Messages", "Nothing is selected: tick some items first."
        ),
        RefusalCode.NO_SUCCESSOR: QCoreApplication.translate(
            "Messages", "Choose a successor first."
        ),
        RefusalCode.SUCCESSOR_IS_DEPARTING: fmt(
            QCoreApplication.translate(
                "Messages", "{0} is the departing employee and cannot be a successor."
            ),
            who,
        ),
        RefusalCode.SUCCESSOR_DISMISSED: fmt(
            QCoreApplication.translate("Messages", "{0} is dismissed and cannot be a successor."),
            who,
        ),
        RefusalCode.SUCCESSOR_UNKNOWN: fmt(
            QCoreApplication.translate("Messages", "{0} is not an employee of this portal."), who
        ),
        RefusalCode.DEPARTING_UNKNOWN: fmt(
            QCoreApplication.translate("Messages", "{0} is not an employee of this portal."), who
        ),
        RefusalCode.WEBHOOK_USER_IS_DEPARTING: QCoreApplication.translate(
            "Messages",
            "The webhook belongs to the departing employee: it stops working when they are "
            "dismissed. Create the webhook as an administrator and connect with it.",
        ),
        RefusalCode.FILTER_NOT_SUPPORTED: QCoreApplication.translate(
            "Messages", "This section has no stages: choose “All” instead of open or closed."
        ),
        RefusalCode.DUPLICATE_SECTION: QCoreApplication.translate(
            "Messages", "A section appears twice in the plan."
        ),
        RefusalCode.DISMISS_NOT_CONFIRMED: QCoreApplication.translate(
            "Messages", "Confirm the dismissal first."
        ),
        RefusalCode.RUN_NOT_FOUND: QCoreApplication.translate(
            "Messages", "This handover is not in the journal."
        ),
        RefusalCode.RUN_NOT_RESUMABLE: QCoreApplication.translate(
            "Messages", "This handover has finished and cannot be resumed."
        ),
        RefusalCode.RUN_NOT_UNDOABLE: QCoreApplication.translate(
            "Messages", "This handover cannot be undone (nothing was moved)."
        ),
    }
    return texts[error.code]


def connection_text(check: ConnectionCheck) -> str:
    """The “Test connection”'s verdict in plain words, with what to do about it."""
    problem = check.problem
    if problem is None:
        who = check.user.name if check.user is not None else ""
        text = fmt(
            QCoreApplication.translate(
                "Messages", "Connected to {0} as {1}. Everything needed is allowed."
            ),
            check.host,
            who,
        )
        if check.missing_optional_scopes:
            text += " " + fmt(
                QCoreApplication.translate(
                    "Messages",
                    "Without the {0} scope the summary message to successors is not sent.",
                ),
                ", ".join(check.missing_optional_scopes),
            )
        return text
    texts = {
        ConnectionProblem.INVALID_URL: QCoreApplication.translate(
            "Messages",
            "This is not a webhook address. Copy it from Bitrix24 → Developer resources → "
            "Other → Inbound webhook; it looks like https://yourcompany.bitrix24.com/rest/1/"
            "abc123…/",
        ),
        ConnectionProblem.HTTPS_REQUIRED: QCoreApplication.translate(
            "Messages",
            "The address must start with https:// (Bitrix24 refuses webhooks over plain http).",
        ),
        ConnectionProblem.UNREACHABLE: QCoreApplication.translate(
            "Messages",
            "The portal could not be reached. Check the address and your internet connection.",
        ),
        ConnectionProblem.NOT_A_PORTAL: QCoreApplication.translate(
            "Messages", "This address does not answer like a Bitrix24 portal. Check the address."
        ),
        ConnectionProblem.WRONG_SECRET: QCoreApplication.translate(
            "Messages",
            "The portal refused the webhook: its secret is wrong, or the webhook was deleted "
            "or regenerated. Copy the address again from Developer resources.",
        ),
        ConnectionProblem.OWNER_DISMISSED: QCoreApplication.translate(
            "Messages",
            "The webhook belongs to a dismissed employee, so it no longer works. Create a new "
            "webhook as an active administrator.",
        ),
        ConnectionProblem.NO_REST_ON_PLAN: QCoreApplication.translate(
            "Messages",
            "This portal's plan does not include REST access (it is available on commercial "
            "plans only).",
        ),
        ConnectionProblem.BLOCKED: QCoreApplication.translate(
            "Messages",
            "The portal has blocked this webhook for too many requests. Wait, or ask Bitrix24 "
            "support to unblock it.",
        ),
        ConnectionProblem.MISSING_SCOPES: fmt(
            QCoreApplication.translate(
                "Messages",
                "The webhook lacks permissions. Edit it in Bitrix24 → Developer resources, tick "
                "{0}, and save.",
            ),
            ", ".join(check.missing_scopes),
        ),
        ConnectionProblem.NOT_ADMIN: QCoreApplication.translate(
            "Messages",
            "The webhook's owner is not a portal administrator, so it cannot see or change "
            "every employee's items. Create the webhook as an administrator.",
        ),
        ConnectionProblem.SIGN_IN_AGAIN: QCoreApplication.translate(
            "Messages",
            "The portal no longer accepts these tokens (the refresh token expired or was "
            "replaced). Sign in again: reinstall the local application to get new tokens.",
        ),
        ConnectionProblem.INVALID_CLIENT: QCoreApplication.translate(
            "Messages",
            "The client ID or client secret is wrong. Copy them again from the local "
            "application in Bitrix24 → Developer resources.",
        ),
    }
    return texts[problem]
