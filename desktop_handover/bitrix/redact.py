"""Masking of webhook secrets and OAuth tokens in any text: messages, reprs, log records."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable

MASK = "***"

# A webhook URL carries its secret as a path segment: /rest/<USER_ID>/<SECRET>/ (§1.1).
_WEBHOOK_PATH = re.compile(r"(/rest/\d+/)([^/?#\s\"']+)")
# Tokens in query strings and form bodies: auth=…, access_token=…, refresh_token=… (§1.2).
_QUERY_TOKEN = re.compile(
    r"(?i)\b(auth|access_token|refresh_token|client_secret|ap)=([^&\s\"'#]+)"
)
# The same keys as JSON members: "auth": "…".
_JSON_TOKEN = re.compile(
    r"(?i)([\"'](?:auth|access_token|refresh_token|client_secret)[\"']\s*:\s*[\"'])([^\"']*)"
)
_BEARER = re.compile(r"(?i)\b(bearer\s+)([A-Za-z0-9._~+/=-]+)")

# Secrets too short to mask safely would turn ordinary words into "***".
_MIN_SECRET_LENGTH = 6

_lock = threading.Lock()
_known: set[str] = set()


def register_secret(secret: str) -> None:
    """Remember `secret` so that every later `redact()` masks it wherever it appears.

    The client registers its webhook secret and each OAuth token it receives, so that even
    text whose shape the patterns do not know (an exception from a third-party library, a
    token echoed in a reply) comes out masked.
    """
    if len(secret) >= _MIN_SECRET_LENGTH:
        with _lock:
            _known.add(secret)


def known_secrets() -> frozenset[str]:
    """The secrets registered so far (for tests that scan output for them)."""
    with _lock:
        return frozenset(_known)


def redact(text: str, extra: Iterable[str] = ()) -> str:
    """Return `text` with webhook secrets, tokens and the registered secrets masked.

    Args:
        text: any text: a log message, an exception string, a URL.
        extra: further secrets to mask in this call only.
    """
    with _lock:
        secrets = sorted(_known.union(s for s in extra if len(s) >= _MIN_SECRET_LENGTH), key=len)
    # Longest first, so that a secret containing another one is masked whole.
    for secret in reversed(secrets):
        if secret in text:
            text = text.replace(secret, MASK)
    text = _WEBHOOK_PATH.sub(lambda m: m.group(1) + MASK, text)
    text = _QUERY_TOKEN.sub(lambda m: f"{m.group(1)}={MASK}", text)
    text = _JSON_TOKEN.sub(lambda m: m.group(1) + MASK, text)
    return _BEARER.sub(lambda m: m.group(1) + MASK, text)


class RedactingFilter(logging.Filter):
    """A logging filter for *handlers* that masks secrets in every record that passes.

    Attach it to each handler (not to a logger: a logger's filter never sees records of
    other loggers, and httpx logs request URLs, secret included, on its own logger; style
    §3.6). The record's message is rendered, masked and frozen (`args` cleared), and an
    exception's traceback text is masked too.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask the record in place; never drops it."""
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            # A malformed %-format: mask what we have rather than lose the record.
            message = f"{record.msg} {record.args}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install_redaction(handler: logging.Handler) -> logging.Handler:
    """Attach a `RedactingFilter` to `handler` (once) and return the handler."""
    if not any(isinstance(f, RedactingFilter) for f in handler.filters):
        handler.addFilter(RedactingFilter())
    return handler
