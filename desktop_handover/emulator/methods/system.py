"""`scope` and `user.admin`: the basic-scope methods a client asks before it starts work.

Both belong to the `basic` scope, which every webhook has (b24restdocs
api-reference/common/system/scope.md and common/users/user-admin.md); a connection check
uses them to name the scopes to tick and to tell an admin webhook from a limited one.
"""

from __future__ import annotations

from desktop_handover.emulator.api import CallContext, Params, method, php_bool

#: Every scope this emulated portal knows, for `scope?full=true`.
ALL_SCOPES = ("crm", "department", "im", "task", "user", "user_basic", "user_brief")


@method("scope", scope=None, cost=0.001)
def scope(ctx: CallContext, params: Params) -> list[str]:
    """The scopes granted to the webhook, or with `full` all scopes of the portal.

    In form data the string "false" counts as true for `full` (PHP truthiness), as the docs
    warn; `basic` itself is never listed.
    """
    if php_bool(params.get("full", False)):
        return list(ALL_SCOPES)
    return sorted(s for s in ctx.webhook.scopes if s != "basic")


@method("user.admin", scope=None, cost=0.001)
def user_admin(ctx: CallContext, params: Params) -> bool:
    """Whether the caller may change the portal's settings (a portal administrator)."""
    del params
    return ctx.is_admin
