"""Masking of secrets in text and in log records."""

from __future__ import annotations

import logging
import sys

from desktop_handover.bitrix.redact import (
    MASK,
    RedactingFilter,
    install_redaction,
    redact,
    register_secret,
)

SECRET = "k9x7secretvalue42"


def test_webhook_path_secret_is_masked_even_when_unregistered() -> None:
    text = "POST https://portal.example/rest/12/zzunknownzz/crm.item.list"
    assert redact(text) == f"POST https://portal.example/rest/12/{MASK}/crm.item.list"


def test_tokens_in_queries_json_and_headers_are_masked() -> None:
    text = (
        "GET /oauth/token/?refresh_token=abc123&client_secret=s3cr3t&grant_type=x "
        '{"access_token": "tok999", "auth":"tok888"} Authorization: Bearer tok777'
    )
    masked = redact(text)
    for secret in ("abc123", "s3cr3t", "tok999", "tok888", "tok777"):
        assert secret not in masked
    assert "grant_type=x" in masked


def test_registered_secrets_are_masked_anywhere() -> None:
    register_secret(SECRET)
    assert SECRET not in redact(f"weird {SECRET}suffix")


def test_short_secrets_are_not_registered() -> None:
    register_secret("abc")
    assert redact("abc def") == "abc def"


def test_filter_masks_message_args_and_traceback() -> None:
    register_secret(SECRET)
    record = logging.LogRecord(
        "httpx",
        logging.INFO,
        __file__,
        1,
        "HTTP Request: %s",
        (f"POST https://p.example/rest/1/{SECRET}/batch",),
        None,
    )
    try:
        raise RuntimeError(f"boom {SECRET}")
    except RuntimeError:
        record.exc_info = sys.exc_info()
    assert RedactingFilter().filter(record)
    formatted = logging.Formatter().format(record)
    assert SECRET not in formatted
    assert "HTTP Request: POST https://p.example/rest/1/***/batch" in formatted


def test_install_redaction_is_idempotent() -> None:
    handler = logging.NullHandler()
    install_redaction(handler)
    install_redaction(handler)
    assert sum(isinstance(f, RedactingFilter) for f in handler.filters) == 1
