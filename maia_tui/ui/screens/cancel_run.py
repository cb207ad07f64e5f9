"""Cancelling a run, asked twice at most: first "cancel?", and, if it is still CANCELLING
30 seconds later (on the app's clock), "force it?" (`forceUpdate: true`). A run that has
already finished says so instead. Lists and screens showing the run repaint it from their own
live polling (CANCELLING, then CANCELLED)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from maia_tui.api.errors import AlreadyFinished, MaiaError
from maia_tui.api.status import is_final
from maia_tui.api.text import printable
from maia_tui.services.run_follow import wait_for_end
from maia_tui.ui.app_view import maia_app
from maia_tui.ui.screens.confirm import ConfirmScreen
from maia_tui.ui.writes import writes_allowed

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.dom import DOMNode

FORCE_AFTER_SECONDS = 30.0
CANCEL_TITLE = "Cancel run"


def cancel_run(
    node: DOMNode,
    project_id: str,
    execution_id: str,
    name: str,
    status: str | None = None,
    sent: Callable[[], None] | None = None,
) -> None:
    """The cancel key: refuse in read-only mode (saying how to enable writes), say so for a
    run already over, else start the confirm-and-cancel conversation. `sent`: called once the
    cancel is sent (a list shows CANCELLING at once)."""
    if not writes_allowed(node, "Cancelling a run"):
        return
    app = node.app
    if is_final(status):
        app.notify(
            f"{printable(name, 60)} has already finished ({printable(status)}): there is nothing to cancel.",
            title=CANCEL_TITLE,
            markup=False,
        )
        return
    app.run_worker(
        _cancel_conversation(node, project_id, execution_id, name, sent),
        group=f"cancel-{execution_id}",
        exclusive=True,
        exit_on_error=False,
    )


async def _cancel_conversation(
    node: DOMNode, project_id: str, execution_id: str, name: str, sent: Callable[[], None] | None = None
) -> None:
    app, client = node.app, maia_app(node).require_session().client
    shown = printable(name, 60)
    asked = ConfirmScreen(
        f"Cancel the run of {shown}?",
        f"Sends status CANCELLED for execution {execution_id}. The run stops after its current step "
        "(CANCELLING, then CANCELLED).",
        yes="Cancel the run",
    )
    if not await app.push_screen_wait(asked):
        return
    if not await _send(node, project_id, execution_id, shown, force=False):
        return
    if sent is not None:
        sent()
    status, final = await wait_for_end(client, project_id, execution_id, FORCE_AFTER_SECONDS)
    if final:
        _ended(node, project_id, execution_id, shown, status)
        return
    force = ConfirmScreen(
        f"{shown} is still {printable(status or 'CANCELLING')} after {FORCE_AFTER_SECONDS:.0f} s. Force it?",
        "Sends forceUpdate: true: the run is terminated at once, without finishing its current step.",
        yes="Force cancel",
    )
    if not await app.push_screen_wait(force):
        app.notify(f"{shown} is still cancelling; left as it is.", title=CANCEL_TITLE, markup=False)
        return
    if not await _send(node, project_id, execution_id, shown, force=True):
        return
    status, final = await wait_for_end(client, project_id, execution_id, FORCE_AFTER_SECONDS)
    if final:
        _ended(node, project_id, execution_id, shown, status)


async def _send(node: DOMNode, project_id: str, execution_id: str, shown: str, *, force: bool) -> bool:
    maia = maia_app(node)
    client = maia.require_session().client
    try:
        await client.cancel_execution(project_id, execution_id, force=force)
    except AlreadyFinished as error:
        node.app.notify(
            f"{shown} had already finished: there was nothing to cancel. {printable(error.detail or '')}".strip(),
            title=CANCEL_TITLE,
            markup=False,
        )
        return False
    except MaiaError as error:
        maia.show_error(error, title="Cancel failed")
        return False
    what = "Forced cancel sent" if force else "Cancelling"
    node.app.notify(f"{what}: {shown}", title=CANCEL_TITLE, markup=False)
    return True


def _ended(node: DOMNode, project_id: str, execution_id: str, shown: str, status: str | None) -> None:
    final = status or "UNKNOWN"
    node.app.notify(f"{shown}: {printable(final)}", title=CANCEL_TITLE, markup=False)
