"""`t`: the credential, by eye. Who and where, what the token claims (decoded for display,
never trusted), a ticking time left, this session's refresh history, and, on `p`, a probe of
what the credential may read. `y` copies a plain-text summary; the token and the secret are
never shown, copied or logged, only the token's fingerprint."""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from maia_tui.api.auth import TokenStatus
from maia_tui.api.claims import TokenClaims, read_claims
from maia_tui.api.models import Token
from maia_tui.api.probe import RUN_NOTE, ProbeReport, probe_permissions
from maia_tui.ui import palette
from maia_tui.ui.clipboard import copy_text
from maia_tui.ui.credential_facts import (
    OUTCOME_STYLE,
    CredentialFacts,
    history_lines,
    summary_text,
    when,
)
from maia_tui.ui.keys import hint, key_for
from maia_tui.ui.screens.base import SessionScreen

PROBE_PROMPT = (
    "Press {key:credential.probe} to probe what this credential may read: one read per area, nothing is written."
)


def fields_table(rows: list[tuple[str, str]]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", justify="right", min_width=12)
    grid.add_column()
    for label, value in rows:
        grid.add_row(label, Text(value))  # Text, not markup: values come from the server
    return grid


class CredentialScreen(SessionScreen):
    HELP_TITLE = "Credential"
    BINDINGS = [
        Binding("escape,t", "back", "Back", tooltip="Back to where you were", id="credential.back"),
        Binding("r", "refresh", "Refresh now", tooltip="Fetch a new access token now", id="credential.refresh"),
        Binding(
            "p",
            "probe",
            "Probe",
            tooltip="Probe what this credential may read (one read per area, never a write)",
            id="credential.probe",
        ),
        Binding(
            "y",
            "copy_summary",
            "Copy summary",
            tooltip="Copy a plain-text summary (never the token or the secret)",
            id="credential.copy",
        ),
    ]
    DEFAULT_CSS = """
    CredentialScreen {
        #credential-body { height: 1fr; padding: 0 1; }
        #credential-body > Static { width: 1fr; }
        .credential-title { text-style: bold; color: $accent; margin-top: 1; }
        #probe-note { color: $text-muted; }
    }
    """

    token: reactive[Token | None] = reactive(None, always_update=True, init=False)
    probe_report: reactive[ProbeReport | None] = reactive(None, always_update=True, init=False)
    probing: reactive[bool] = reactive(False, init=False)

    class TokenUpdated(Message, bubble=False):
        """The token manager changed state (a refresh started, ended or failed)."""

    def __init__(self) -> None:
        super().__init__()
        self.claims: TokenClaims | None = None
        self._claims_of: Token | None = None  # the token `claims` were read from
        self._unsubscribe: Callable[[], None] = lambda: None
        self.permissions_wanted = False

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        yield Static(Text("Credential", style="bold"), id="credential-header", classes="screen-header")
        with VerticalScroll(id="credential-body"):
            yield Static("Who and where", classes="credential-title")
            yield Static(id="credential-where")
            yield Static("Token", classes="credential-title")
            yield Static(id="credential-token")
            yield Static("Refresh history (this session)", classes="credential-title")
            yield Static(id="credential-history")
            yield Static("Permissions", classes="credential-title", id="permissions-title")
            yield Static(hint(self, PROBE_PROMPT), id="credential-probe")
            yield Static(RUN_NOTE, id="probe-note")

    def on_mount(self) -> None:
        tokens = self.maia.require_session().client.tokens
        self._unsubscribe = tokens.subscribe(self._token_changed)
        self.token = tokens.token
        self.maia.signals.second.subscribe(self, lambda _: self.repaint_token())
        # A scroll to the probe's table waits for the table to be laid out (the body to grow).
        self.watch(self.query_one("#credential-body"), "virtual_size", self._body_grew, init=False)

    def on_unmount(self) -> None:
        self._unsubscribe()

    def _token_changed(self, _status: TokenStatus) -> None:
        self.post_message(self.TokenUpdated())

    # ----- state ----------------------------------------------------------------------

    def on_credential_screen_token_updated(self, _message: TokenUpdated) -> None:
        if self.is_attached:
            self.token = self.maia.require_session().client.tokens.token

    def watch_token(self, token: Token | None) -> None:
        if token is None:
            self.claims = None
        elif self._claims_of is not token:
            self.claims = read_claims(token.access_token)
        self._claims_of = token
        self.repaint_token()
        self.repaint_history()

    def watch_probe_report(self, report: ProbeReport | None) -> None:
        self.query_one("#credential-probe", Static).update(
            self.probe_table(report) if report else hint(self, PROBE_PROMPT)
        )
        self.query_one("#probe-note", Static).display = report is None  # the table has a row saying it
        if report is not None:
            self.permissions_wanted = True  # once the table is laid out (_body_grew)
            self.call_after_refresh(self.show_permissions)

    def _body_grew(self) -> None:
        if self.permissions_wanted:
            self.permissions_wanted = False
            self.show_permissions()

    def show_permissions(self) -> None:
        """What `p` changed, in view: the permissions title at the top, the table under it."""
        self.query_one("#permissions-title").scroll_visible(top=True, animate=False, immediate=True)

    def watch_probing(self, probing: bool) -> None:
        if probing:
            self.query_one("#credential-probe", Static).update("Probing… one read per area.")
            self.call_after_refresh(self.show_permissions)

    # ----- painting -------------------------------------------------------------------

    def facts(self) -> CredentialFacts:
        session = self.maia.require_session()
        client = session.client
        status: TokenStatus = client.tokens.status()
        return CredentialFacts.gather(
            session.client_id, client.endpoints, session.demo, status, self.claims, client.tokens.history()
        )

    def repaint_token(self) -> None:
        if self.maia.session is None:
            return
        facts = self.facts()
        self.query_one("#credential-where", Static).update(fields_table(facts.where))
        self.query_one("#credential-token", Static).update(fields_table(facts.token))

    def repaint_history(self) -> None:
        if self.maia.session is None:
            return
        lines = history_lines(self.maia.require_session().client.tokens.history())
        if not lines:
            self.query_one("#credential-history", Static).update("No token exchange yet.")
            return
        table = Table(box=None, padding=(0, 2), show_edge=False, header_style="bold")
        for column, justify in (("#", "right"), ("When", "left"), ("Took", "right"), ("Outcome", "left")):
            table.add_column(column, justify=justify)  # type: ignore[arg-type]
        for number, at, took, outcome in lines:
            style = "" if outcome == "ok" else palette.style("bad")
            table.add_row(number, at, took, Text(outcome, style=style))
        self.query_one("#credential-history", Static).update(table)

    @staticmethod
    def probe_table(report: ProbeReport) -> Table:
        table = Table(box=None, padding=(0, 2), show_edge=False, header_style="bold", expand=True)
        table.add_column("Area", no_wrap=True)
        table.add_column("Result", no_wrap=True)
        table.add_column("Why, and what to do", ratio=1)
        for result in report.results:
            style = palette.style(OUTCOME_STYLE[result.outcome])
            table.add_row(Text(result.label), Text(result.result_text, style=style), Text(result.why))
        table.caption = f"probed {when(report.at)}"
        return table

    def text(self) -> str:
        """The plain-text summary `y` copies (also what tests read)."""
        return summary_text(self.facts(), self.probe_report, probe_key=key_for(self, "credential.probe"))

    # ----- actions --------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_refresh(self) -> None:
        self.maia.action_refresh_token()

    def action_probe(self) -> None:
        self.run_probe()

    @work(exclusive=True, group="probe", exit_on_error=False)
    async def run_probe(self) -> None:
        self.probing = True
        try:
            report = await probe_permissions(self.maia.require_session().client)
        finally:
            self.probing = False
        self.probe_report = report

    def action_copy_summary(self) -> None:
        # The summary holds neither the token nor the secret (see text()).
        copy_text(self.app, self.text(), "A summary of this credential")
