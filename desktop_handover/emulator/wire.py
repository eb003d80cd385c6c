"""The wire format of the emulated portal: PHP-style request parsing, envelopes, JSON output.

Requests are read the way S-util `getRequestData` reads them (bitrix24-api.md §2.1, §11 item 2):
query string and body merged with the body winning, a JSON body decoded (an undecodable one
becomes an empty parameter set, without an error), any other body parsed like a query string,
and PHP bracket syntax (`filter[>ID]=10&select[]=ID`) turned into nested arrays with `parse_str`
semantics. Replies are PHP's `json_encode` of PHP arrays: an empty array is `[]` (§11 item 5).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import unquote_plus

from desktop_handover.emulator.api import Params

JSON_CONTENT_TYPE = "application/json; charset=utf-8"

# PHP turns decimal-integer string keys into int keys ("0", "-5", but not "05" or "+5").
_INT_KEY = re.compile(r"^(0|-?[1-9][0-9]{0,18})$")


class _PhpArray:
    """An ordered PHP array under construction: int and str keys, and `[]` append."""

    __slots__ = ("items", "next_index")

    def __init__(self) -> None:
        self.items: dict[int | str, Any] = {}
        self.next_index = 0

    def key(self, raw: str | None) -> int | str:
        """The key PHP would use for `raw`; None means `[]` (append)."""
        if raw is None:
            return self.next_index
        if _INT_KEY.match(raw):
            return int(raw)
        return raw

    def set(self, key: int | str, value: Any) -> None:
        self.items[key] = value
        if isinstance(key, int) and key >= self.next_index:
            self.next_index = key + 1


def php_key(key: int | str) -> int | str:
    """The key PHP stores for `key`: canonical decimal strings become ints."""
    if isinstance(key, str) and _INT_KEY.match(key):
        return int(key)
    return key


def php_array(pairs: dict[Any, Any]) -> list[Any] | dict[str, Any]:
    """A PHP array as json_encode shows it: a list when its keys run 0..n-1, else an object."""
    keys = [php_key(k) for k in pairs]
    if all(isinstance(k, int) and k == i for i, k in enumerate(keys)):
        return list(pairs.values())
    return {str(k): v for k, v in zip(keys, pairs.values(), strict=True)}


def _finish(value: Any) -> Any:
    if isinstance(value, _PhpArray):
        return php_array({k: _finish(v) for k, v in value.items.items()})
    return value


def _split_name(name: str) -> tuple[str, list[str | None]] | None:
    """PHP's variable-name parsing: base name plus bracket indices (None for `[]`)."""
    name = name.lstrip(" ")
    bracket = name.find("[")
    if bracket == -1 or name.find("]", bracket) == -1:
        # No (complete) first bracket: the whole name is the key; PHP turns '.', ' ' and an
        # unmatched '[' in it into '_'.
        base = re.sub(r"[. \[]", "_", name)
        return (base, []) if base else None
    base = re.sub(r"[. ]", "_", name[:bracket])
    if not base:
        return None
    indices: list[str | None] = []
    pos = bracket
    while pos < len(name) and name[pos] == "[":
        close = name.find("]", pos + 1)
        if close == -1:
            break  # a later unmatched '[': PHP ignores the rest of the name
        inner = name[pos + 1 : close]
        indices.append(inner if inner != "" else None)
        pos = close + 1
    return base, indices


def _assign(root: _PhpArray, name: str, value: Any) -> None:
    parts = _split_name(name)
    if parts is None:
        return
    base, indices = parts
    key = root.key(base)
    if not indices:
        root.set(key, value)
        return
    node = root
    for index in indices:
        child = node.items.get(key)
        if not isinstance(child, _PhpArray):
            child = _PhpArray()
            node.set(key, child)
        node = child
        key = node.key(index)
    node.set(key, value)


def parse_str(query: str) -> Params:
    """Parse a query string exactly as PHP's `parse_str` does, nested arrays included."""
    root = _PhpArray()
    for pair in query.split("&"):
        if not pair:
            continue
        name, _, value = pair.partition("=")
        _assign(root, unquote_plus(name), unquote_plus(value))
    return _as_params(root)


def _as_params(root: _PhpArray) -> Params:
    return {str(k): _finish(v) for k, v in root.items.items()}


def _parse_multipart(content_type: str, body: bytes) -> Params:
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    root = _PhpArray()
    if not message.is_multipart():
        return {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str) or part.get_filename():
            continue  # files are not supported by the methods the emulator serves
        payload = part.get_payload(decode=True)
        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
        _assign(root, name, text)
    return _as_params(root)


def parse_body(content_type: str, body: bytes) -> Params:
    """The parameters a request body carries, by its Content-Type (§2.1)."""
    if not body:
        return {}
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime == "application/json":
        try:
            decoded = json.loads(body)
        except ValueError:
            # S-util getRequestData: an undecodable JSON body is an empty parameter set, with
            # no error (§2.1).
            return {}
        if isinstance(decoded, dict):
            return decoded
        if isinstance(decoded, list):
            return {str(i): v for i, v in enumerate(decoded)}
        return {}
    if mime == "multipart/form-data":
        return _parse_multipart(content_type, body)
    return parse_str(body.decode("utf-8", "replace"))


def request_params(query: str, content_type: str, body: bytes) -> Params:
    """Query string and body merged; body values override query values of the same name."""
    params = parse_str(query)
    params.update(parse_body(content_type, body))
    return params


def php_json(value: Any) -> Any:
    """`value` with every empty dict turned into a list: PHP encodes empty arrays as `[]`."""
    if isinstance(value, dict):
        if not value:
            return []
        return {k: php_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [php_json(v) for v in value]
    return value


def encode(document: Any) -> bytes:
    """The UTF-8 JSON body of a REST reply (empty PHP arrays as `[]`)."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    # Most replies hold no empty object at all; a substring test is far cheaper than walking
    # every list page, so the conversion runs only when "{}" shows up (even inside a string).
    if "{}" in text:
        text = json.dumps(php_json(document), ensure_ascii=False, separators=(",", ":"))
    return text.encode()


@dataclass(frozen=True, slots=True)
class CallTime:
    """The `time` object of one call (§2.2): wall clock start plus virtual processing time."""

    start: float
    processing: float
    overhead: float = 0.0

    @property
    def finish(self) -> float:
        """Unix time the call finished: start plus processing and overhead."""
        return self.start + self.processing + self.overhead

    def as_json(
        self,
        tz: timezone,
        operating: float | None = None,
        operating_reset_at: int | None = None,
    ) -> dict[str, Any]:
        """The object as the portal sends it; the `operating*` keys only when given."""
        finish = self.finish
        out: dict[str, Any] = {
            "start": self.start,
            "finish": finish,
            "duration": finish - self.start,
            "processing": self.processing,
            "date_start": iso_time(self.start, tz),
            "date_finish": iso_time(finish, tz),
        }
        if operating is not None:
            out["operating"] = operating
        if operating_reset_at is not None:
            out["operating_reset_at"] = operating_reset_at
        return out


def portal_timezone(offset_minutes: int) -> timezone:
    """The fixed UTC offset the portal prints its datetimes in."""
    return timezone(timedelta(minutes=offset_minutes))


def iso_time(unix: float, tz: timezone) -> str:
    """PHP `date('c')`: ISO-8601 with offset, whole seconds (`2026-05-14T10:26:32+02:00`)."""
    return datetime.fromtimestamp(int(unix), UTC).astimezone(tz).isoformat()


def success(
    result: Any,
    time: dict[str, Any],
    *,
    next_offset: int | None = None,
    total: int | None = None,
) -> dict[str, Any]:
    """The success envelope: `result`, then `next`/`total` when the method gave them, `time`."""
    document: dict[str, Any] = {"result": result}
    if next_offset is not None:
        document["next"] = next_offset
    if total is not None:
        document["total"] = total
    document["time"] = time
    return document


def error(code: str, description: str) -> dict[str, Any]:
    """The error envelope (§2.3)."""
    return {"error": code, "error_description": description}


def headers(processing: float | None = None) -> list[tuple[str, str]]:
    """Response headers of a REST reply (§2.2): JSON content type, CORS, the cloud's timings."""
    out = [
        ("content-type", JSON_CONTENT_TYPE),
        ("access-control-allow-origin", "*"),
    ]
    if processing is not None:
        out.append(("x-bitrix-rest-time", f"{processing:.10f}"))
        out.append(("x-bitrix-rest-user-time", f"{processing:.10f}"))
        out.append(("x-bitrix-rest-system-time", f"{0.0:.10f}"))
    return out
