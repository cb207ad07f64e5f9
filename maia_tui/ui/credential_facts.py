"""What the credential screen and its copied summary say, as plain data and plain text.

Pure functions of (session, token status, claims, history, probe): easy to test, and one
source for the screen and for `y`. Nothing here ever holds the secret or the token itself:
only the token's fingerprint and what its payload claims (decoded for display, not trusted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from maia_tui.api.auth import TokenStatus
from maia_tui.api.claims import TokenClaims, TokenKind, read_claims
from maia_tui.api.probe import RUN_NOTE, Outcome, ProbeReport
from maia_tui.api.regions import REGIONS, Endpoints
from maia_tui.api.text import printable
from maia_tui.api.token_history import RefreshRecord
from maia_tui.ui.format import clock_text

HISTORY_SHOWN = 10
OPAQUE_NOTE = "opaque token: no claims to show"
DEMO_HOST = "the built-in emulator (loopback)"
NONE = "—"

OUTCOME_STYLE: dict[Outcome, str] = {
    Outcome.ALLOWED: "good",
    Outcome.REFUSED: "bad",
    Outcome.NOT_FOUND: "warn",
    Outcome.FAILED: "bad",
    Outcome.SKIPPED: "dim",
    Outcome.NOT_TESTED: "dim",
}


def when(moment: datetime | None) -> str:
    """Local time, then UTC: `2026-01-15 10:30:00 CET (09:30:00 UTC)`."""
    if moment is None:
        return NONE
    local = moment.astimezone()
    in_utc = moment.astimezone(UTC)
    if local.utcoffset() == timedelta(0):  # local time is UTC: say it once
        return f"{in_utc:%Y-%m-%d %H:%M:%S} UTC"
    same_day = local.date() == in_utc.date()
    utc_text = f"{in_utc:%H:%M:%S} UTC" if same_day else f"{in_utc:%Y-%m-%d %H:%M:%S} UTC"
    return f"{local:%Y-%m-%d %H:%M:%S} {local.tzname() or ''} ({utc_text})".replace("  (", " (")


@dataclass(frozen=True)
class CredentialFacts:
    """Everything shown, already as text, in display order per section."""

    where: list[tuple[str, str]]
    token: list[tuple[str, str]]
    history: list[RefreshRecord]
    kind: TokenKind | None

    @classmethod
    def gather(
        cls,
        client_id: str,
        endpoints: Endpoints,
        demo: bool,
        status: TokenStatus,
        claims: TokenClaims | None,
        history: list[RefreshRecord],
    ) -> CredentialFacts:
        kind = claims.kind if claims is not None else None
        return cls(where_rows(client_id, endpoints, demo), token_rows(status, claims), history, kind)


def where_rows(client_id: str, endpoints: Endpoints, demo: bool) -> list[tuple[str, str]]:
    if demo:
        region = "demo (the built-in emulator, sample data)"
        api_host = token_host = DEMO_HOST
    else:
        region = endpoints.region if endpoints.region in REGIONS else "custom URL"
        api_host, token_host = endpoints.api_host, endpoints.token_host
    return [
        ("Client id", printable(client_id, 120)),
        ("Region", region),
        ("API host", printable(api_host, 120)),
        ("Token host", printable(token_host, 120)),
    ]


def token_rows(status: TokenStatus, claims: TokenClaims | None) -> list[tuple[str, str]]:
    token = status.token
    if token is None:
        return [("Token", f"none ({status.state.value})")]
    if claims is None:
        claims = read_claims(token.access_token)
    rows: list[tuple[str, str]] = []
    if claims.kind is TokenKind.JWT:
        algorithm = f" ({printable(claims.algorithm, 20)})" if claims.algorithm else ""
        rows.append(("Kind", f"JWT{algorithm}; claims decoded for display, not verified"))
        issued, expires = claims.issued_at, claims.expires_at
        lifetime = claims.lifetime
        source = ""
    else:
        kind = OPAQUE_NOTE if claims.kind is TokenKind.OPAQUE else f"malformed JWT: {claims.problem}; no claims to show"
        rows.append(("Kind", kind))
        issued, expires = token.obtained_at_wall, token.expires_at_wall
        lifetime = None
        source = " (received; by this app's clock)"
    rows.append(("Issued at", when(issued) + (source if issued else "")))
    rows.append(("Expires at", when(expires) + (source if expires else "")))
    life = clock_text(lifetime) if lifetime is not None else clock_text(token.expires_in)
    rows.append(("Lifetime", f"{life} (expires_in {token.expires_in:g} s)"))
    rows.append(("Time left", clock_text(status.remaining) + ("" if status.remaining > 0 else " (expired)")))
    scope = claims.scope if claims.kind is TokenKind.JWT else token.scope
    rows.append(("Scope", printable(scope, 200) if scope else NONE))
    if claims.kind is TokenKind.JWT:
        rows.append(("Audience", printable(", ".join(claims.audience), 200) if claims.audience else NONE))
        rows.append(("Issuer", printable(claims.issuer, 200) if claims.issuer else NONE))
        rows.append(("Client (azp)", printable(claims.authorized_party, 120) if claims.authorized_party else NONE))
    if claims.kind is not TokenKind.OPAQUE:
        rows.append(("Key id", printable(claims.key_id, 80) if claims.key_id else NONE))
    rows.append(("Fingerprint", token.access_token.fingerprint + " (a hash: the token itself is never shown)"))
    return rows


def history_line(number: int, record: RefreshRecord) -> tuple[str, str, str, str]:
    """(#, when, took, outcome and reason) for one exchange."""
    took = f"{record.duration * 1000:.0f} ms"
    outcome = "ok" if record.ok else f"failed: {printable(record.reason, 200)}"
    local = record.at.astimezone()
    return str(number), f"{local:%H:%M:%S}", took, outcome


def history_lines(history: list[RefreshRecord]) -> list[tuple[str, str, str, str]]:
    """The newest HISTORY_SHOWN exchanges, numbered from the session's first."""
    first = max(0, len(history) - HISTORY_SHOWN)
    return [history_line(n + 1, r) for n, r in enumerate(history) if n >= first]


def summary_text(facts: CredentialFacts, probe: ProbeReport | None, probe_key: str = "p") -> str:
    """The plain-text summary `y` copies: no token, no secret, only what the screen shows."""
    width = max(len(label) for label, _ in facts.where + facts.token)
    out = ["maia-tui credential summary", "", "Who and where"]
    out += [f"  {label:<{width}}  {value}" for label, value in facts.where]
    out += ["", "Token"]
    out += [f"  {label:<{width}}  {value}" for label, value in facts.token]
    out += ["", "Refresh history (this session)"]
    lines = history_lines(facts.history)
    out += [f"  {n:>3}. {at}  {took:>7}  {outcome}" for n, at, took, outcome in lines] or ["  (none)"]
    if probe is not None:
        out += ["", f"Permissions (probed {when(probe.at)})"]
        out += probe.table()
    else:
        out += ["", f"Permissions: not probed (press {probe_key} on the credential screen)", f"  {RUN_NOTE}"]
    return "\n".join(out) + "\n"
