"""Under `maia-tui serve` a browser keeps some ctrl keys for itself (new tab, close tab...): every
binding of ours on such a key has another key, and in a browser the key bar and help show that
one and say which key the browser took."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

from textual.binding import Binding
from textual.dom import DOMNode

import maia_tui.ui
from maia_tui.ui.keys import BROWSER_KEYS, IN_A_BROWSER, browser_keymap, key_sections
from maia_tui.ui.screens.login import LoginScreen
from tests.support import SIZE


def our_bindings() -> list[tuple[str, Binding]]:
    """Every Binding a class of maia_tui.ui declares (its own, not inherited ones)."""
    found: list[tuple[str, Binding]] = []
    package = Path(maia_tui.ui.__file__).parent  # every file: views/ is a namespace package
    for path in sorted(package.rglob("*.py")):
        dotted = ".".join(path.relative_to(package).with_suffix("").parts).removesuffix(".__init__")
        module = importlib.import_module(f"maia_tui.ui.{dotted}" if dotted != "__init__" else "maia_tui.ui")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, DOMNode):
                continue
            for binding in vars(cls).get("BINDINGS", []):
                if isinstance(binding, Binding):
                    found.append((f"{cls.__module__}.{name}", binding))
    return found


def test_the_walk_finds_our_bindings() -> None:
    ids = {binding.id for _, binding in our_bindings()}
    assert {"app.help", "login.toggle_secret", "json.save", "export.cancel"} <= ids


def test_every_key_a_browser_keeps_has_an_alternative_that_reaches_the_page() -> None:
    for owner, binding in our_bindings():
        keys = [key.strip() for key in binding.key.split(",")]
        taken = [key for key in keys if key in BROWSER_KEYS]
        if not taken:
            continue
        assert binding.id in IN_A_BROWSER, f"{owner}: {binding.key} needs an alternative for browsers"
        alternatives, named = IN_A_BROWSER[binding.id]
        assert named in taken
        for key in alternatives.split(","):
            assert key in keys, f"{owner}: {key} must work in a terminal too"
            assert key not in BROWSER_KEYS


def test_every_alternative_names_a_binding_that_exists() -> None:
    ids = {binding.id for _, binding in our_bindings()}
    assert set(IN_A_BROWSER) <= ids


def rows(screen, browser: bool) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return {row.description: row.keys for section in key_sections(screen, browser=browser) for row in section.rows}


async def test_in_a_browser_help_shows_f2_and_says_the_browser_keeps_ctrl_t(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        # In a terminal both keys work, and help lists both.
        assert rows(app.screen, browser=False)["Show or hide the client secret"] == ["ctrl+t", "F2"]
        app.set_keymap(browser_keymap())  # what the app does when it runs in a browser
        await pilot.pause()
        shown = rows(app.screen, browser=True)
        assert shown["Show or hide the client secret (ctrl+t in a terminal: a browser keeps it)"] == ["F2"]
        secret = app.screen.query_one("#secret")
        assert secret.password
        await pilot.press("f2")
        assert not secret.password
