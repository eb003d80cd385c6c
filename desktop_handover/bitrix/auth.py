"""Credentials: an incoming webhook URL, or OAuth tokens that refresh on `expired_token`."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

from desktop_handover.bitrix.redact import register_secret
from desktop_handover.bitrix.types import TokenPair

_WEBHOOK_PATH = re.compile(r"^(?P<prefix>.*?/rest/)(?P<user>\d+)/(?P<secret>[^/]+)(?:/[^/]*)?/?$")

#: Called with the new tokens after each refresh, so they can go to the keychain (§1.2).
TokensRefreshed = Callable[[TokenPair], Awaitable[None] | None]

DEFAULT_TOKEN_URL = "https://oauth.bitrix.info/oauth/token/"  # noqa: S105 (a URL, not a secret)


def is_loopback(host: str) -> bool:
    """Whether `host` is this machine (localhost, 127.0.0.0/8, ::1): the emulator's home."""
    if host.lower() in {"localhost", "localhost.localdomain"}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _require_https(url: httpx.URL, what: str) -> None:
    # The portal refuses plain HTTP anyway (INVALID_REQUEST "Https required.", §1.1); refusing
    # here keeps the secret off the wire. Loopback is the emulator, where http is fine.
    if url.scheme != "https" and not (url.scheme == "http" and is_loopback(url.host)):
        raise ValueError(f"{what} must use https (host {url.host or '?'})")


class WebhookAuth:
    """An incoming webhook: `https://<portal>/rest/<USER_ID>/<SECRET>/` (§1.1).

    The secret is registered for redaction at once and never appears in `repr`.
    """

    kind = "webhook"

    def __init__(self, url: str) -> None:
        try:
            parsed = httpx.URL(url.strip())
        except (httpx.InvalidURL, TypeError):
            # `from None`: httpx's message would quote the URL, secret included.
            raise ValueError("not a webhook URL") from None
        _require_https(parsed, "the webhook URL")
        match = _WEBHOOK_PATH.match(parsed.path)
        if not parsed.host or match is None:
            raise ValueError(
                f"not a webhook URL of the form https://portal/rest/USER/SECRET/ "
                f"(host {parsed.host or '?'})"
            )
        self.user_id = int(match["user"])
        self._secret = match["secret"]
        register_secret(self._secret)
        self.host = parsed.host
        self.base_url = parsed.copy_with(
            path=f"{match['prefix']}{self.user_id}/{self._secret}/", query=None, fragment=None
        )

    @property
    def secret(self) -> str:
        """The webhook's secret (never log it)."""
        return self._secret

    def endpoint(self, method: str) -> httpx.URL:
        """The URL of `method`."""
        return self.base_url.join(method)

    def token(self) -> str | None:
        """Webhooks carry no token in the body."""
        return None

    def __repr__(self) -> str:
        return f"WebhookAuth(host={self.host!r}, user_id={self.user_id})"


@dataclass(frozen=True, slots=True)
class OAuthApp:
    """A local or Marketplace app's identity at the OAuth server (§1.2)."""

    client_id: str
    client_secret: str
    token_url: str = DEFAULT_TOKEN_URL

    def __repr__(self) -> str:
        return f"OAuthApp(client_id={self.client_id!r}, token_url={self.token_url!r})"


class OAuthAuth:
    """An OAuth access/refresh token pair for `https://<portal>/rest/` (§1.2).

    The access token goes in the JSON body as `auth`, never in the URL. It is refreshed only
    when a call fails with 401 `expired_token` (the docs warn against refreshing on a timer);
    each refresh returns a new refresh token, handed to `on_refresh` for the keychain.
    """

    kind = "oauth"

    def __init__(
        self,
        portal_url: str,
        *,
        access_token: str,
        refresh_token: str,
        app: OAuthApp,
        on_refresh: TokensRefreshed | None = None,
    ) -> None:
        parsed = httpx.URL(portal_url.strip())
        _require_https(parsed, "the portal URL")
        if not parsed.host:
            raise ValueError("the portal URL has no host")
        token_url = httpx.URL(app.token_url)
        _require_https(token_url, "the OAuth token URL")
        path = (
            parsed.path if parsed.path.endswith("/rest/") else parsed.path.rstrip("/") + "/rest/"
        )
        self.host = parsed.host
        self.base_url = parsed.copy_with(path=path, query=None, fragment=None)
        self.app = app
        self.on_refresh = on_refresh
        self._tokens = TokenPair(access_token, refresh_token)
        for secret in (access_token, refresh_token, app.client_secret):
            register_secret(secret)

    @property
    def tokens(self) -> TokenPair:
        """The current token pair."""
        return self._tokens

    def set_tokens(self, tokens: TokenPair) -> None:
        """Adopt refreshed tokens (and mask them in all later text)."""
        register_secret(tokens.access_token)
        register_secret(tokens.refresh_token)
        self._tokens = tokens

    def endpoint(self, method: str) -> httpx.URL:
        """The URL of `method`."""
        return self.base_url.join(method)

    def token(self) -> str | None:
        """The access token for the request body's `auth` parameter."""
        return self._tokens.access_token

    def __repr__(self) -> str:
        return f"OAuthAuth(host={self.host!r})"


Auth = WebhookAuth | OAuthAuth
