"""crm.timeline.comment.add and im.notify.system.add (bitrix24-api.md §10.1)."""

from __future__ import annotations

from typing import Any

import pytest

from desktop_handover.emulator.api import ApiError
from tests.emulator.crm_fixtures import ADMIN, ANNA, CAROL, SPA, call, context, full_portal, rest


def error_of(ctx: Any, name: str, params: dict[str, Any]) -> ApiError:
    with pytest.raises(ApiError) as caught:
        call(ctx, name, params)
    return caught.value


def test_comment_returns_an_int_id_and_is_stored() -> None:
    portal = full_portal()
    ctx = context(portal)
    first = call(
        ctx,
        "crm.timeline.comment.add",
        {"fields": {"ENTITY_ID": "1", "ENTITY_TYPE": "deal", "COMMENT": "Handed over"}},
    )
    second = call(
        ctx,
        "crm.timeline.comment.add",
        {
            "fields": {
                "ENTITY_ID": 1,
                "ENTITY_TYPE": f"dynamic_{SPA}",
                "COMMENT": "x",
                "AUTHOR_ID": ANNA,
            }
        },
    )
    assert (first, second) == (1, 2)
    assert [(c.entity_type, c.entity_id, c.author_id) for c in portal.comments] == [
        ("deal", 1, ADMIN),  # AUTHOR_ID defaults to the caller
        (f"dynamic_{SPA}", 1, ANNA),
    ]


def test_comment_needs_the_exact_fields_wrapper() -> None:
    # §10.1: since crm 23.100.0 the wrapper key must be exactly `fields`.
    ctx = context(full_portal())
    err = error_of(
        ctx,
        "crm.timeline.comment.add",
        {"FIELDS": {"ENTITY_ID": 1, "ENTITY_TYPE": "deal", "COMMENT": "x"}},
    )
    assert (err.status, err.code) == (400, "")


@pytest.mark.parametrize(
    "fields",
    [
        {"ENTITY_ID": 1, "ENTITY_TYPE": "invoice", "COMMENT": "x"},
        {"ENTITY_ID": 1, "ENTITY_TYPE": "dynamic_999", "COMMENT": "x"},
        {"ENTITY_ID": 0, "ENTITY_TYPE": "deal", "COMMENT": "x"},
        {"ENTITY_ID": 999, "ENTITY_TYPE": "deal", "COMMENT": "x"},
        {"ENTITY_ID": 1, "ENTITY_TYPE": "deal", "COMMENT": ""},
    ],
)
def test_comment_errors(fields: dict[str, Any]) -> None:
    err = error_of(context(full_portal()), "crm.timeline.comment.add", {"fields": fields})
    assert (err.status, err.code) == (400, "")


def test_comment_needs_update_permission() -> None:
    ctx = context(full_portal(), CAROL)
    err = error_of(
        ctx,
        "crm.timeline.comment.add",
        {"fields": {"ENTITY_ID": 1, "ENTITY_TYPE": "deal", "COMMENT": "x"}},
    )
    assert err.description == "Access denied."


def test_notify_returns_an_int_id() -> None:
    portal = full_portal()
    assert call(context(portal), "im.notify.system.add", {"USER_ID": "2", "MESSAGE": "Hi"}) == 1
    assert [(n.to_user_id, n.message, n.from_user_id) for n in portal.notifications] == [
        (2, "Hi", ADMIN)
    ]
    err = error_of(context(portal), "im.notify.system.add", {"USER_ID": 2, "MESSAGE": ""})
    assert err.code == "MESSAGE_EMPTY"
    err = error_of(context(portal), "im.notify.system.add", {"USER_ID": 999, "MESSAGE": "x"})
    assert err.code == "USER_ID_EMPTY"


@pytest.mark.asyncio
async def test_comment_over_transport() -> None:
    status, body = await rest(
        full_portal(),
        "crm.timeline.comment.add",
        form="fields[ENTITY_ID]=1&fields[ENTITY_TYPE]=lead&fields[COMMENT]=Moved%20to%20Bob",
    )
    assert (status, body["result"]) == (200, 1)
