"""The k9s-style context line shown on every screen after login: where, who, how the token is
doing, and whether the API answers. Its state is one reactive, `view`: a snapshot of
`client.tokens.status()` and `client.health.status()` (absolute deadlines on the app's clock),
taken once a second and whenever the app's `token_status` or `health_status` changes; its
watcher paints, and only when the snapshot differs. It never counts down by itself.

On a narrow terminal whole pieces are left out, least important first (DROP_ORDER); the token's
state and its time left are never left out, nor the offline and WRITES warnings."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.reactive import var
from textual.widget import Widget
from textual.widgets import Label

from maia_tui.api.auth import TokenState, TokenStatus
from maia_tui.api.errors import MaiaError
from maia_tui.api.health import HealthStatus
from maia_tui.api.text import printable
from maia_tui.credentials.writes import WritePolicy
from maia_tui.ui.app_view import maia_app
from maia_tui.ui.format import ago, clock_text, short_id

# state -> (chip text, CSS class giving its colour)
STATE_LOOK: dict[TokenState, tuple[str, str]] = {
    TokenState.VALID: ("● valid", "-good"),
    TokenState.EXPIRING: ("● expiring", "-warn"),
    TokenState.REFRESHING: ("↻ refreshing", "-warn"),
    TokenState.EXPIRED: ("✖ expired", "-bad"),
    TokenState.FAILING: ("✖ refresh failing", "-bad"),
    TokenState.REFUSED: ("✖ refused", "-bad"),
    TokenState.SIGNED_OUT: ("○ signed out", "-bad"),
}

# Left out first to last when the line is too narrow for all of them.
DROP_ORDER = ("sb-refreshed", "sb-client", "sb-brand", "sb-demo", "sb-context")
PADDING = 2  # each label's padding: one cell each side


def problem_text(status: TokenStatus) -> str:
    """Why the token is unwell and when the next try is (first: it must survive truncation),
    or nothing when all is fine."""
    error: MaiaError | None = status.last_error
    if status.state is TokenState.EXPIRED and error is None:
        return "token expired: waiting for a new one"
    if error is None or status.state not in (TokenState.FAILING, TokenState.REFUSED, TokenState.EXPIRED):
        return ""
    parts = []
    if status.next_retry_in is not None:
        parts.append(f"retry in {clock_text(status.next_retry_in)}")
    parts.append(reason_text(error))
    return " · ".join(parts)


def reason_text(error: MaiaError) -> str:
    """The server's own words after its status (HTTP 503: ...), or what failed below HTTP and
    how (The connection to host was dropped: peer closed connection ...)."""
    if error.status:
        return f"HTTP {error.status}: " + (printable(error.detail, 160) if error.detail else error.message)
    return error.message + (f": {printable(error.detail, 160)}" if error.detail else "")


def offline_text(health: HealthStatus, token: TokenStatus) -> str:
    """How long the API has not answered, when the next try is (a probe, or a token refresh,
    whichever comes first), and the last network error; nothing while it answers."""
    error = health.last_error
    if health.online or error is None:
        return ""
    parts = [f"offline for {clock_text(health.offline_for)}"]
    retries = [r for r in (health.next_retry_in, token.next_retry_in) if r is not None]
    if retries:
        parts.append(f"retry in {clock_text(min(retries))}")
    parts.append(reason_text(error))
    if token.state is TokenState.EXPIRED or (token.state is TokenState.FAILING and token.remaining <= 0):
        parts.append("token expired: a new one is fetched once the server answers")
    return " · ".join(parts)


class BarView(NamedTuple):
    """What the bar shows, as of `now`."""

    label: str
    client_id: str
    demo: bool
    token: TokenStatus
    health: HealthStatus
    now: datetime
    writes: WritePolicy


def width_of(content: Text | str) -> int:
    return content.cell_len if isinstance(content, Text) else cell_len(content)


class StatusBar(Vertical):
    DEFAULT_CSS = """
    StatusBar {
        dock: top;
        height: auto;
        background: $panel;
        color: $text-muted;
    }
    StatusBar > Horizontal { height: 1; }
    StatusBar Label { padding: 0 1; height: 1; }
    StatusBar #sb-brand { background: $primary; color: $text; text-style: bold; }
    StatusBar #sb-context { color: $text; text-style: bold; }
    StatusBar #sb-state { text-style: bold; }
    StatusBar #sb-state.-good { background: $success-muted; color: $text-success; }
    StatusBar #sb-state.-warn { background: $warning-muted; color: $text-warning; }
    StatusBar #sb-state.-bad { background: $error-muted; color: $text-error; }
    StatusBar #sb-net { background: $error-muted; color: $text-error; text-style: bold; }
    StatusBar #sb-remaining { color: $text; }
    StatusBar #sb-gap { width: 1fr; padding: 0; }
    StatusBar #sb-demo { background: $accent; color: $text; text-style: bold; }
    StatusBar #sb-writes { background: $error; color: $text; text-style: bold; }
    StatusBar #sb-problem {
        width: 1fr; background: $error-muted; color: $text; text-overflow: ellipsis; text-wrap: nowrap;
    }
    """

    def __init__(self, *children: Widget, **kwargs: Any) -> None:
        super().__init__(*children, **kwargs)
        self.said: dict[str, Text | str] = {}  # what each piece shows (see say)

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label("maia", id="sb-brand")
            yield Label(id="sb-context")
            yield Label(id="sb-client")
            yield Label(id="sb-state")
            offline = Label("✖ offline", id="sb-net")
            offline.display = False
            yield offline
            yield Label(id="sb-remaining")
            yield Label(id="sb-refreshed")
            yield Label(id="sb-gap")
            demo = Label("DEMO", id="sb-demo")
            demo.display = False
            yield demo
            writes = Label("WRITES", id="sb-writes")  # runs and cancels are enabled: be careful
            writes.display = False
            yield writes
        # A second, red line only while something is wrong: loud, and never truncated away.
        problem = Label(id="sb-problem")
        problem.display = False
        yield problem

    # A var, not a reactive: the watcher paints only the pieces that read differently, and a
    # repaint of the whole bar every second would cost the screen a frame.
    view: var[BarView | None] = var(None, init=False)

    def on_mount(self) -> None:
        self.sample()
        maia_app(self).signals.second.subscribe(self, lambda _: self.sample())
        # The app's reactives change on every token or connection event.
        self.watch(self.app, "token_status", self.sample, init=False)
        self.watch(self.app, "health_status", self.sample, init=False)

    def sample(self) -> None:
        """Take a new snapshot of the session's token and connection (the watcher paints it)."""
        app = maia_app(self)
        session = app.session
        if session is None or self.screen not in self.app.screen_stack:
            return  # another section's: its screen samples again when it is shown (screens/base.py)
        client = session.client
        self.view = BarView(
            session.label,
            session.client_id,
            session.demo,
            client.tokens.status(),
            client.health.status(),
            app.clock.now(),
            session.writes,
        )

    def on_resize(self, event: events.Resize) -> None:
        if self.view is not None:
            self.watch_view(self.view)

    def watch_view(self, view: BarView | None) -> None:
        if view is None:
            return
        try:
            self.paint(view)
        except NoMatches:
            # Its labels are gone: the bar is being torn down before its first paint (the app
            # quits, or the screen closes, just as the screen opens). Nothing is left to show.
            return

    def paint(self, view: BarView) -> None:
        status, health = view.token, view.health
        text, look = STATE_LOOK[status.state]
        self.say("#sb-context", Text(view.label))
        self.say("#sb-client", Text(f"client {short_id(view.client_id)}"))
        self.say("#sb-state", text)
        self.query_one("#sb-state", Label).set_classes(look)
        left = f"{clock_text(status.remaining)} left" if status.token else ""
        self.say("#sb-remaining", left)
        refreshed = f"refreshed {ago(status.last_refresh, view.now)}" if status.last_refresh else ""
        self.say("#sb-refreshed", refreshed)
        self.query_one("#sb-net", Label).display = not health.online
        problem = offline_text(health, status) or problem_text(status)
        self.say("#sb-problem", Text(f"✖ {problem}" if problem else ""))
        self.query_one("#sb-problem", Label).display = bool(problem)
        self.query_one("#sb-demo", Label).display = view.demo
        writes = self.query_one("#sb-writes", Label)
        writes.display = view.writes.allowed
        writes.tooltip = f"Runs and cancels are enabled ({view.writes.source})" if view.writes.allowed else None
        self.fit_pieces({"sb-refreshed": bool(refreshed), "sb-demo": view.demo})

    def say(self, selector: str, content: Text | str) -> None:
        """Update a piece only when it reads differently, and lay the screen out again only when
        its width changed: the bar is painted every second ("29:54 left" becomes "29:53 left"),
        and a layout costs the whole screen a repaint."""
        label = self.query_one(selector, Label)
        before = self.said.get(selector)
        if before != content:
            self.said[selector] = content
            label.update(content, layout=before is None or width_of(before) != width_of(content))

    def fit_pieces(self, wanted: dict[str, bool]) -> None:
        """Show the droppable pieces that have something to say, then leave them out again in
        DROP_ORDER until the line fits the bar's width."""
        width = self.size.width or self.app.size.width
        line = self.query_one(Horizontal)
        # Decided first and set once: a piece shown and dropped again within one paint would
        # lay the screen out twice a second on a narrow terminal.
        labels = {label.id: label for label in line.query(Label)}
        shown = {
            name: wanted.get(name, True) if name in DROP_ORDER else label.display for name, label in labels.items()
        }
        widths = {name: cell_len(str(label.render())) + PADDING for name, label in labels.items()}
        used = sum(widths[name] for name, on in shown.items() if on) - PADDING  # the gap label has no padding
        for name in DROP_ORDER:
            if used <= width:
                break
            if shown[name]:
                shown[name] = False
                used -= widths[name]
        for name in DROP_ORDER:
            labels[name].display = shown[name]

    def text(self) -> str:
        """The bar as plain text, as a person reads it (for tests and screen readers)."""
        parts = (str(label.render()).strip() for label in self.query(Label) if label.display)
        return "  ".join(part for part in parts if part)
