"""crm.timeline.comment.add and im.notify.system.add: the audit note and the heads-up.

A handover may leave a comment on each item it moved (bitrix24-api.md §10.1) and notify the
people involved; both store what they were given in the portal so tests can read it back.
"""

from __future__ import annotations

from typing import Any

from desktop_handover.emulator.api import ApiError, CallContext, Params, as_mapping, method
from desktop_handover.emulator.methods.filtering import COST_NOTE, to_int
from desktop_handover.emulator.state import BUILTIN_TYPES, Notification, TimelineComment

#: ENTITY_TYPE name → entityTypeId for the built-in types; SPAs are `dynamic_<id>` (§10.1).
_TYPE_BY_NAME = {name: type_id for type_id, name in BUILTIN_TYPES.items()}


def _error(text: str) -> ApiError:
    return ApiError(400, "", text)  # a legacy crm proxy: empty error code (§2.3)


def _entity_type_id(ctx: CallContext, name: str) -> int | None:
    name = name.strip().lower()
    if name.startswith("dynamic_"):
        type_id = to_int(name.removeprefix("dynamic_"))
        return type_id if type_id in ctx.portal.smart_types else None
    return _TYPE_BY_NAME.get(name)


@method("crm.timeline.comment.add", scope="crm", cost=COST_NOTE, writes=True)
def timeline_comment_add(ctx: CallContext, params: Params) -> int:
    """crm.timeline.comment.add {fields:{ENTITY_ID, ENTITY_TYPE, COMMENT, AUTHOR_ID?}} → id.

    The wrapper key must be exactly `fields` (since crm 23.100.0), ENTITY_TYPE is a lower-case
    type name, AUTHOR_ID defaults to the caller, and the caller needs update permission on
    the entity (§10.1).
    """
    raw = as_mapping(params.get("fields"))
    if raw is None:
        raise _error("Parameter 'fields' must be array.")
    fields = {str(k).upper(): v for k, v in raw.items()}
    entity_id = to_int(fields.get("ENTITY_ID"))
    if entity_id is None or entity_id <= 0:
        raise _error("ENTITY_ID is not defined or invalid.")
    type_id = _entity_type_id(ctx, str(fields.get("ENTITY_TYPE") or ""))
    if type_id is None:
        raise _error("ENTITY_TYPE is not defined or invalid.")
    comment = str(fields.get("COMMENT") or "").strip()
    if not comment:
        raise _error("COMMENT is not defined or invalid.")
    item = ctx.portal.table(type_id).rows.get(entity_id)
    if item is None:
        raise _error("Not found")
    if not ctx.can_read_owner(item.assigned_by_id):
        raise _error("Access denied.")
    author = to_int(fields.get("AUTHOR_ID"))
    portal = ctx.portal
    note = TimelineComment(
        id=len(portal.comments) + 1,
        entity_type=str(fields["ENTITY_TYPE"]).strip().lower(),
        entity_id=entity_id,
        comment=comment,
        author_id=author if author is not None and author > 0 else ctx.user.id,
        created=ctx.now(),
    )
    portal.comments.append(note)
    return note.id


@method("im.notify.system.add", scope="im", cost=COST_NOTE, writes=True)
def notify_system_add(ctx: CallContext, params: Params) -> int:
    """im.notify.system.add {USER_ID, MESSAGE} → the notification's int id."""
    values: dict[str, Any] = {str(k).upper(): v for k, v in params.items()}
    user_id = to_int(values.get("USER_ID"))
    if user_id is None or user_id not in ctx.portal.users:
        raise ApiError(400, "USER_ID_EMPTY", "Recipient ID can't be empty")
    message = str(values.get("MESSAGE") or "").strip()
    if not message:
        raise ApiError(400, "MESSAGE_EMPTY", "Message can't be empty")
    portal = ctx.portal
    note = Notification(len(portal.notifications) + 1, user_id, message, ctx.user.id)
    portal.notifications.append(note)
    return note.id
