"""Mapping of the API's error envelopes to typed errors (§2.3)."""

from __future__ import annotations

import pickle

import pytest

from desktop_handover.bitrix import errors
from desktop_handover.bitrix.errors import error_from_reply


@pytest.mark.parametrize(
    ("code", "status", "description", "expected"),
    [
        ("NO_AUTH_FOUND", 401, "Wrong authorization data", errors.AuthError),
        ("INVALID_CREDENTIALS", 403, "Invalid request credentials", errors.AuthError),
        ("authorization_error", 401, "Unable to authorize user", errors.AuthError),
        ("INVALID_REQUEST", 400, "Https required.", errors.AuthError),
        ("expired_token", 401, "The access token provided has expired", errors.TokenExpired),
        ("invalid_grant", 401, "", errors.OAuthError),
        ("insufficient_scope", 403, "", errors.ScopeError),
        ("ACCESS_DENIED", 403, "REST is available only on commercial plans.", errors.AccessDenied),
        ("ACCESS_DENIED", 400, "", errors.AccessDenied),
        ("user_access_error", 403, "", errors.AccessDenied),
        ("allowed_only_intranet_user", 403, "", errors.AccessDenied),
        ("ERROR_CORE", 400, "access_denied", errors.AccessDenied),
        ("NOT_FOUND", 400, "", errors.NotFound),
        ("OWNER_NOT_FOUND", 400, "", errors.NotFound),
        ("ERROR_METHOD_NOT_FOUND", 404, "Method not found!", errors.MethodNotFound),
        ("ERROR_BATCH_LENGTH_EXCEEDED", 400, "", errors.BatchLengthError),
        ("ERROR_BATCH_METHOD_NOT_ALLOWED", 405, "", errors.BatchMethodNotAllowed),
        ("QUERY_LIMIT_EXCEEDED", 503, "Too many requests", errors.RateLimited),
        ("OVERLOAD_LIMIT", 503, "", errors.PortalBlocked),
        ("OPERATION_TIME_LIMIT", 429, "", errors.TimeBudgetExceeded),
        ("INTERNAL_SERVER_ERROR", 500, "", errors.ServerError),
        ("ERROR_UNEXPECTED_ANSWER", 500, "", errors.ServerError),
        ("ERROR_CORE", 500, "SQL error", errors.ServerError),
        ("INVALID_ARG_VALUE", 400, "", errors.InvalidArgument),
        ("ERROR_ARGUMENT", 400, "", errors.InvalidArgument),
        ("CRM_FIELD_ERROR_VALUE_NOT_VALID", 400, "", errors.InvalidArgument),
        ("", 400, "Not found", errors.NotFound),
        ("", 400, "Activity is not found.", errors.NotFound),
        ("", 400, "Access denied.", errors.AccessDenied),
        ("", 400, "ID is not defined or invalid.", errors.InvalidArgument),
        ("", 400, "Parameter 'fields' must be array.", errors.InvalidArgument),
        ("SOMETHING_NEW", 401, "", errors.AuthError),
        ("SOMETHING_NEW", 502, "", errors.ServerError),
    ],
)
def test_codes_map_to_types(code: str, status: int, description: str, expected: type) -> None:
    error = error_from_reply(code, description, http_status=status, method="m.x", host="p.test")
    assert type(error) is expected
    assert error.code == code
    assert error.http_status == status


def test_portal_deleted_is_not_retryable() -> None:
    error = error_from_reply("PORTAL_DELETED", "", http_status=500, method="m", host="h")
    assert not error.retryable


def test_message_names_method_and_host_and_masks_secrets() -> None:
    error = error_from_reply(
        "",
        "see https://p.test/rest/1/abcdef123456/crm.deal.update",
        http_status=400,
        method="crm.deal.update",
        host="p.test",
    )
    assert "crm.deal.update on p.test" in str(error)
    assert "abcdef123456" not in str(error)
    assert "abcdef123456" not in repr(error)


def test_time_budget_error_carries_reset_at_and_pickles() -> None:
    error = error_from_reply(
        "OPERATION_TIME_LIMIT",
        "",
        http_status=429,
        method="crm.item.update",
        host="h",
        reset_at=123.0,
    )
    assert isinstance(error, errors.TimeBudgetExceeded)
    assert error.reset_at == 123.0
    again = pickle.loads(pickle.dumps(error))
    assert isinstance(again, errors.TimeBudgetExceeded)
    assert again.reset_at == 123.0
    assert str(again) == str(error)


def test_retry_budget_exhausted_wraps_last_error() -> None:
    last = errors.TransportError(
        "TIMEOUT", "ReadTimeout", method="batch", host="h", reply_lost=True
    )
    error = errors.RetryBudgetExhausted(last, 7)
    assert error.last_error is last
    assert "7 retries" in str(error)
    assert error.method == "batch"
