"""The app as screens and widgets see it, typed: `maia_app(node)`.

`node.app` is typed as Textual's `App`; what maia-tui's screens need from *our* app is the
`MaiaAppView` protocol below, which `MaiaApp` satisfies (mypy checks that in ui/app.py). This
module imports nothing from screens/ (ui/app.py imports the login screen, so a screen importing
ui/app would go round in a circle) and nothing heavy: only the protocol and one function.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from maia_tui.api.client import MaiaClient
    from maia_tui.api.clock import Clock
    from maia_tui.api.regions import Endpoints
    from maia_tui.api.secret import Secret
    from maia_tui.ui.defaults import LoginDefaults, ProfileSource
    from maia_tui.ui.profiles import ProfileBook
    from maia_tui.ui.session import Session
    from maia_tui.ui.signals import AppSignals
    from maia_tui.ui.terminal_output import TerminalOutput


class MaiaAppView(Protocol):
    """What screens and widgets use of MaiaApp beyond Textual's App."""

    clock: Clock
    signals: AppSignals
    keymap: dict[str, str]  # [keymap] from config.toml: binding id -> keys
    defaults: LoginDefaults
    session: Session | None
    profiles: ProfileBook | None
    profile_source: ProfileSource | None
    terminal_output: TerminalOutput  # the terminal itself: desktop notifications

    def require_session(self) -> Session: ...

    def new_client(self, endpoints: Endpoints, client_id: str, secret: Secret, ca_bundle: str | None) -> MaiaClient: ...

    def start_session(self, client: MaiaClient, label: str, profile: str | None = None) -> None: ...

    async def close_session(self) -> Session | None: ...

    def show_error(self, error: BaseException, title: str = "Error") -> None: ...

    def show_credential(self) -> None: ...

    def action_refresh_token(self) -> None: ...


def maia_app(node: DOMNode) -> MaiaAppView:
    """The running MaiaApp of `node` (a screen or widget of this app)."""
    return cast("MaiaAppView", node.app)
