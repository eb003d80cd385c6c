"""BitrixError and its subclasses, mapped from the REST API's error codes (§2.3)."""

from __future__ import annotations

from desktop_handover.bitrix.redact import redact


class BitrixError(Exception):
    """A failed REST call, named by method and portal host, never by URL (style §3.5).

    Attributes:
        code: the API's `error` string; "" for legacy crm.* methods (§2.3).
        method: the REST method that failed ("batch" for the outer call).
        http_status: the HTTP status, or None when no reply arrived.
        host: the portal's host name.
        description: the API's `error_description`, secrets masked.
    """

    #: Whether sending the same request again may succeed without a change.
    retryable: bool = False

    def __init__(
        self,
        code: str,
        description: str = "",
        *,
        method: str = "",
        http_status: int | None = None,
        host: str = "",
    ) -> None:
        self.code = code
        self.method = method
        self.http_status = http_status
        self.host = host
        self.description = redact(description)
        super().__init__(self._message())

    def _message(self) -> str:
        status = f"HTTP {self.http_status}" if self.http_status is not None else "no reply"
        code = self.code or "(no code)"
        text = f": {self.description}" if self.description else ""
        return f"{self.method or '?'} on {self.host or '?'} failed with {code} ({status}){text}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(code={self.code!r}, method={self.method!r}, "
            f"http_status={self.http_status!r}, host={self.host!r})"
        )

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments do not survive the default pickling of exceptions.
        return (_rebuild, (type(self), self.__dict__.copy()))


def _rebuild(cls: type[BitrixError], state: dict[str, object]) -> BitrixError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, error._message())
    return error


class AuthError(BitrixError):
    """The portal refused the credentials: wrong or expired webhook, inactive owner (§1.1)."""


class TokenExpired(AuthError):
    """The OAuth access token expired (401 `expired_token`); refresh and retry (§1.2)."""


class ScopeError(BitrixError):
    """The webhook or app lacks the method's scope (`insufficient_scope`, §1.3)."""


class AccessDenied(BitrixError):
    """The caller's user may not read or change this record, or REST is not on its plan."""


class NotFound(BitrixError):
    """The record (or entity type) does not exist, or the caller cannot see it."""


class InvalidArgument(BitrixError):
    """The portal rejected a parameter or field value (ERROR_ARGUMENT, INVALID_ARG_VALUE, …)."""


class MethodNotFound(BitrixError):
    """The method does not exist on this portal (404 `ERROR_METHOD_NOT_FOUND`, §2.1)."""


class BatchLengthError(BitrixError):
    """A batch carried more than 50 commands (`ERROR_BATCH_LENGTH_EXCEEDED`, §4)."""


class BatchMethodNotAllowed(BitrixError):
    """The method may not run inside a batch (405 `ERROR_BATCH_METHOD_NOT_ALLOWED`, §4)."""


class RateLimited(BitrixError):
    """The portal's request bucket overflowed (503 `QUERY_LIMIT_EXCEEDED`, §5.1)."""

    retryable = True


class PortalBlocked(BitrixError):
    """REST was blocked by hand (503 `OVERLOAD_LIMIT`); only support can lift it (§5.5)."""


class TimeBudgetExceeded(BitrixError):
    """The method's 10-minute server-time budget is used up (429 `OPERATION_TIME_LIMIT`, §5.2).

    Attributes:
        reset_at: unix time when the oldest minute of the budget drops out, when known.
    """

    retryable = True

    def __init__(
        self,
        code: str,
        description: str = "",
        *,
        method: str = "",
        http_status: int | None = None,
        host: str = "",
        reset_at: float | None = None,
    ) -> None:
        self.reset_at = reset_at
        super().__init__(code, description, method=method, http_status=http_status, host=host)


class ServerError(BitrixError):
    """A fault on the portal's side (5xx); sending again may succeed."""

    retryable = True


class UnexpectedResponse(BitrixError):
    """The reply was not the JSON envelope of §2.2/§2.3 (a proxy page, a cut body, junk)."""

    retryable = True


class TransportError(BitrixError):
    """No reply arrived: connection refused or reset, or a timeout.

    Attributes:
        reply_lost: True when the request may have reached the portal and run there (the
            connection broke after sending began), so an update's outcome is unknown.
    """

    retryable = True

    def __init__(
        self,
        code: str,
        description: str = "",
        *,
        method: str = "",
        host: str = "",
        reply_lost: bool = False,
    ) -> None:
        self.reply_lost = reply_lost
        super().__init__(code, description, method=method, http_status=None, host=host)


class RetryBudgetExhausted(BitrixError):
    """The run used up its retries; `last_error` is the failure that was being retried."""

    def __init__(
        self,
        last_error: BitrixError,
        retries: int,
    ) -> None:
        self.last_error = last_error
        self.retries = retries
        super().__init__(
            "RETRY_BUDGET_EXHAUSTED",
            f"gave up after {retries} retries; last failure: {last_error.code or '(no code)'}",
            method=last_error.method,
            http_status=last_error.http_status,
            host=last_error.host,
        )


class OAuthError(AuthError):
    """The OAuth server refused to refresh the tokens (`invalid_grant`: log in again, §1.2)."""


_BY_CODE: dict[str, type[BitrixError]] = {
    # §1.1, §1.2, §2.3: credentials.
    "NO_AUTH_FOUND": AuthError,
    "INVALID_TOKEN": AuthError,
    "INVALID_CREDENTIALS": AuthError,
    "WRONG_AUTH_TYPE": AuthError,
    "AUTHORIZATION_ERROR": AuthError,
    "INVALID_REQUEST": AuthError,
    "APPLICATION_NOT_FOUND": AuthError,
    "PAYMENT_REQUIRED": AuthError,
    "INVALID_GRANT": OAuthError,
    "INVALID_CLIENT": OAuthError,
    "EXPIRED_TOKEN": TokenExpired,
    "INSUFFICIENT_SCOPE": ScopeError,
    "INVALID_SCOPE": ScopeError,
    "ACCESS_DENIED": AccessDenied,
    "USER_ACCESS_ERROR": AccessDenied,
    "ALLOWED_ONLY_INTRANET_USER": AccessDenied,
    "NOT_FOUND": NotFound,
    "OWNER_NOT_FOUND": NotFound,
    "ENTITY_TYPE_NOT_SUPPORTED": NotFound,
    "ERROR_METHOD_NOT_FOUND": MethodNotFound,
    "ERROR_MANIFEST_IS_NOT_AVAILABLE": MethodNotFound,
    "ERROR_BATCH_LENGTH_EXCEEDED": BatchLengthError,
    "ERROR_BATCH_METHOD_NOT_ALLOWED": BatchMethodNotAllowed,
    "QUERY_LIMIT_EXCEEDED": RateLimited,
    "OVERLOAD_LIMIT": PortalBlocked,
    "OPERATION_TIME_LIMIT": TimeBudgetExceeded,
    "INTERNAL_SERVER_ERROR": ServerError,
    "ERROR_UNEXPECTED_ANSWER": ServerError,
    "ERROR_ARGUMENT": InvalidArgument,
    "INVALID_ARG_VALUE": InvalidArgument,
    "CRM_FIELD_ERROR_VALUE_NOT_VALID": InvalidArgument,
    "100": InvalidArgument,
}

# A closed portal answers 500 but will not come back on a retry (§2.3).
_PERMANENT_5XX = {"PORTAL_DELETED"}


def _class_for_text(description: str) -> type[BitrixError] | None:
    # Legacy crm.* methods fail with an empty code (§2.3, §7.6, §8.2): read the text.
    text = description.strip().lower()
    if "access denied" in text or text == "access_denied":
        return AccessDenied
    if "not found" in text:
        return NotFound
    if "not defined or invalid" in text or "must be array" in text or "invalid" in text:
        return InvalidArgument
    return None


def error_from_reply(
    code: str,
    description: str,
    *,
    http_status: int | None,
    method: str,
    host: str,
    reset_at: float | None = None,
) -> BitrixError:
    """Build the typed error for an `{"error", "error_description"}` envelope (§2.3).

    The code decides first (compared case-insensitively: the source mixes `expired_token`
    and `NO_AUTH_FOUND`); an empty or unknown code falls back to the description's text
    (legacy crm.* methods) and then to the HTTP status.
    """
    cls = _BY_CODE.get(code.upper())
    if (
        cls is None
        and code.upper() == "ERROR_CORE"
        and description.strip().lower()
        in {
            "access_denied",
            "access denied.",
        }
    ):
        cls = AccessDenied  # user.update by a non-admin (§6.3)
    if cls is None and code in _PERMANENT_5XX:
        cls = BitrixError
    if cls is None and not code:
        cls = _class_for_text(description)
    if cls is None and http_status is not None:
        if http_status == 401:
            cls = AuthError
        elif http_status == 403:
            cls = AccessDenied
        elif http_status == 404:
            cls = NotFound
        elif http_status == 429:
            cls = TimeBudgetExceeded
        elif http_status == 503:
            cls = RateLimited
        elif http_status >= 500:
            cls = ServerError
    if cls is None:
        cls = BitrixError
    if cls is TimeBudgetExceeded:
        return TimeBudgetExceeded(
            code,
            description,
            method=method,
            http_status=http_status,
            host=host,
            reset_at=reset_at,
        )
    return cls(code, description, method=method, http_status=http_status, host=host)
