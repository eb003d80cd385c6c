"""PHP-style query encoding of batch commands: `method?filter[>id]=5&select[0]=id` (§2.1, §4)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from desktop_handover.bitrix.types import Command, Ref

# Characters quote() leaves alone anyway: most ids, codes and field names are made of them,
# and skipping quote() for them keeps a 50-command batch cheap to build.
_PLAIN = re.compile(r"[A-Za-z0-9_.~-]*")


def _quote(text: str) -> str:
    return text if _PLAIN.fullmatch(text) else quote(text, safe="")


def _scalar(value: object) -> str:
    # Form encoding has no booleans or nulls. "Y"/"N" is what crm.item.update reads as a
    # boolean (§7.5) and what user.get's ACTIVE filter accepts (§6.1: the string "false"
    # would mean *active*); an empty value sets a field to null (§7.5).
    if value is None:
        return ""
    if value is True:
        return "Y"
    if value is False:
        return "N"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _pairs(prefix: str, value: object, out: list[str]) -> None:
    kind = type(value)
    if kind is str or kind is int:  # the common case first: exact types, no ABC checks
        out.append(f"{prefix}={_quote(str(value))}")
    elif kind is dict:
        for key, item in value.items():  # type: ignore[attr-defined]
            _pairs(f"{prefix}[{_quote(str(key))}]", item, out)
    elif isinstance(value, Ref):
        # Written literally: the portal must see `$result[...]` to substitute it (§4).
        out.append(f"{prefix}={value.expression}")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _pairs(f"{prefix}[{_quote(str(key))}]", item, out)
    elif isinstance(value, Sequence) and not isinstance(value, str | bytes):
        # Explicit indexes keep order and nesting unambiguous for PHP's parse_str.
        for index, item in enumerate(value):
            _pairs(f"{prefix}[{index}]", item, out)
    else:
        # Values inside a command's query must be percent-encoded (§4, D-enc).
        out.append(f"{prefix}={_quote(_scalar(value))}")


def encode_query(params: Mapping[str, Any]) -> str:
    """Encode `params` as a PHP bracket query string, values percent-encoded.

    Nested mappings become `a[b][c]=v`, sequences `a[0]=v`; empty mappings and sequences
    are left out (PHP's http_build_query does the same); `Ref` values go in literally.
    """
    out: list[str] = []
    for key, value in params.items():
        _pairs(_quote(str(key)), value, out)
    return "&".join(out)


def encode_command(command: Command) -> str:
    """The `cmd` string of one batch command: `method?query` (§4)."""
    if not command.method or any(c in command.method for c in "?&=# /"):
        raise ValueError(f"not a REST method name: {command.method!r}")
    query = encode_query(command.params)
    return f"{command.method}?{query}" if query else command.method
