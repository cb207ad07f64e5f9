"""Query parameters: page/size lists, cursor lists (opaque tokens), and ISO 8601 times."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from starlette.datastructures import QueryParams

from .problems import bad_request

DEFAULT_SIZE = 25
MAX_SIZE = 100
_PLUS_AS_SPACE = re.compile(r"(\d\d:\d\d(?::\d\d(?:\.\d+)?)?) (\d\d:?\d\d)$")


def int_param(query: QueryParams, name: str, default: int) -> int:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw, 10)
    except ValueError:
        raise bad_request(f"'{name}' must be an integer, got {raw!r}.", [f"{name}: must be an integer"]) from None


def page_params(query: QueryParams) -> tuple[int, int]:
    page = int_param(query, "page", 0)
    size = int_param(query, "size", DEFAULT_SIZE)
    violations = []
    if page < 0:
        violations.append("page: must be greater than or equal to 0")
    if size < 1:
        violations.append("size: must be greater than or equal to 1")
    if size > MAX_SIZE:
        violations.append(f"size: must be less than or equal to {MAX_SIZE}")
    if violations:
        raise bad_request("Invalid paging parameters: " + "; ".join(violations) + ".", violations)
    return page, size


def page_of(query: QueryParams, total: int, item: Callable[[int], Any]) -> dict[str, Any]:
    """A page/size response over items 0..total-1; a page past the end is empty, total stays right."""
    page, size = page_params(query)
    start = page * size
    return {
        "page": page,
        "size": size,
        "total": total,
        "results": [item(i) for i in range(start, min(total, start + size))],
    }


def page_of_list(query: QueryParams, items: Sequence[Any]) -> dict[str, Any]:
    return page_of(query, len(items), items.__getitem__)


def limit_param(query: QueryParams) -> int:
    limit = int_param(query, "limit", DEFAULT_SIZE)
    if not 1 <= limit <= MAX_SIZE:
        rule = f"limit: must be between 1 and {MAX_SIZE}"
        raise bad_request(f"Invalid paging parameters: {rule}.", [rule])
    return limit


def _fingerprint(filters: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(filters, sort_keys=True).encode()).hexdigest()[:12]


def encode_cursor(position: Any, filters: dict[str, Any]) -> str:
    raw = json.dumps({"p": position, "f": _fingerprint(filters)}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_cursor(token: str, filters: dict[str, Any]) -> Any:
    """The position a token points at (checked by the caller); 400 if it is garbage or made for other filters."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw)
        position, fingerprint = data["p"], data["f"]
    except (binascii.Error, ValueError, TypeError, KeyError):
        raise bad_request("'paginationToken' is not a token this API issued.", ["paginationToken: invalid"]) from None
    if fingerprint != _fingerprint(filters):
        raise bad_request(
            "'paginationToken' belongs to a query with different filters; start again without it.",
            ["paginationToken: does not match the filters"],
        )
    return position


def time_param(query: QueryParams, name: str, *, required: bool = False) -> datetime | None:
    raw = query.get(name)
    if not raw:
        if required:
            raise bad_request(
                f"'{name}' is required: an ISO 8601 date-time such as 2026-01-15T09:30:00Z.",
                [f"{name}: must not be null"],
            )
        return None
    # An unencoded '+' in a query string arrives as a space: "...T09:30:00 01:00".
    text = _PLUS_AS_SPACE.sub(r"\1+\2", raw).replace("Z", "+00:00").replace("z", "+00:00")
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise bad_request(
            f"'{name}' must be an ISO 8601 date-time such as 2026-01-15T09:30:00Z, got {raw!r}.",
            [f"{name}: invalid date-time"],
        ) from None
    # A time without a zone is taken as UTC rather than refused.
    return when if when.tzinfo else when.replace(tzinfo=UTC)
