"""Answers that are not what the Maia API sends: what a proxy, a captive portal or a bug returns."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from .problems import json_bytes

PROXY_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>Network Error</title></head><body>"
    b"<h1>Network access message: the page cannot be displayed</h1>"
    b"<p>The proxy server could not handle the request. Please log in to the corporate network.</p>"
    b"<hr><address>proxy.corp.example</address></body></html>\n"
)


def replacement(kind: str) -> Response:
    """A 200 that never reached the API: an HTML page, or nothing at all."""
    if kind == "html":
        return Response(PROXY_PAGE, media_type="text/html; charset=utf-8")
    return Response(b"", media_type="application/json")


def corrupt(kind: str, body: dict[str, Any]) -> Response:
    """The real answer, damaged: cut in half, or with the wrong JSON types."""
    if kind == "truncated":
        raw = json_bytes(body)
        return Response(raw[: len(raw) // 2], media_type="application/json")
    return Response(json_bytes(wrong_types(body)), media_type="application/json")


def wrong_types(body: dict[str, Any]) -> dict[str, Any]:
    """Numbers as strings, lists as objects, strings as numbers: every field a client reads is off."""
    damaged: dict[str, Any] = {}
    for key, value in body.items():
        if key == "results" and isinstance(value, list):
            damaged[key] = {str(i): item for i, item in enumerate(value)}
        elif isinstance(value, bool):
            damaged[key] = str(value).lower()
        elif isinstance(value, int):
            damaged[key] = str(value)
        elif isinstance(value, str):
            damaged[key] = len(value)
        elif isinstance(value, dict):
            damaged[key] = [value]
        else:
            damaged[key] = value
    return damaged
