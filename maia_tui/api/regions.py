"""Where the Maia API lives: region presets, custom URLs, and the plain-HTTP guard."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import InsecureTransport

TOKEN_URL = "https://id.core.matillion.com/oauth/dpc/token"
AUDIENCE = "https://api.matillion.com"

REGIONS: dict[str, str] = {
    "eu1": "https://eu1.api.matillion.com/dpc",
    "us1": "https://us1.api.matillion.com/dpc",
}


@dataclass(frozen=True)
class Endpoints:
    """The API base (ending in /dpc, without /v1) and the token URL, plus a label for people."""

    api_base: str
    token_url: str = TOKEN_URL
    region: str = "custom"

    @classmethod
    def for_region(cls, region: str) -> Endpoints:
        try:
            return cls(api_base=REGIONS[region], token_url=TOKEN_URL, region=region)
        except KeyError:
            known = ", ".join(REGIONS)
            raise ValueError(f"unknown region {region!r}: use one of {known}, or a custom API URL") from None

    @classmethod
    def resolve(cls, region: str | None = None, api_url: str | None = None, token_url: str | None = None) -> Endpoints:
        """A custom API URL wins over a region; the token URL defaults to the vendor's."""
        if api_url:
            return cls(api_base=api_url.rstrip("/"), token_url=token_url or TOKEN_URL, region="custom")
        base = cls.for_region(region or "eu1")
        return cls(api_base=base.api_base, token_url=token_url or base.token_url, region=base.region)

    @property
    def api_host(self) -> str:
        return urlsplit(self.api_base).netloc

    @property
    def token_host(self) -> str:
        return urlsplit(self.token_url).netloc

    @property
    def label(self) -> str:
        """What the status bar shows: the region, or the host for custom URLs."""
        return self.region if self.region in REGIONS else self.api_host

    def check_secure(self) -> None:
        """Refuse to send credentials or tokens over plain HTTP, except to loopback."""
        for url in (self.api_base, self.token_url):
            require_secure_url(url)


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def require_secure_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme == "https":
        return
    if parts.scheme == "http" and is_loopback(parts.hostname):
        return
    if parts.scheme == "http":
        raise InsecureTransport(
            f"Refusing to send credentials over plain http:// to {parts.hostname}. "
            "Use an https:// URL (plain http is allowed only for loopback addresses)."
        )
    raise InsecureTransport(f"{url!r} is not an http(s) URL. Check the API and token URLs.")
