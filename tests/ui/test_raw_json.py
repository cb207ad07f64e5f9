"""`v` shows the selected object exactly as the API sent it: on a project, on a run (and on an
execution); `/` finds in it, `y` copies it, nothing in it can drive the terminal."""

from __future__ import annotations

import json

import httpx
import pytest

from maia_tui.emulator import EmulatorConfig
from maia_tui.ui.views.json_view import JsonScreen, raw_json
from tests.support import SIZE, UI_FROZEN_AT, log_in, notifications, rendered_text, wait_until

from .test_runs import open_runs


async def served(emulator, path: str, **params: object) -> dict:  # type: ignore[no-untyped-def, type-arg]
    """The JSON body as the server sends it, read without our client."""
    token = emulator.issue_token()
    async with httpx.AsyncClient() as http:
        answer = await http.get(
            f"{emulator.api_base}/v1{path}", params=params, headers={"Authorization": f"Bearer {token}"}
        )
    return answer.json()


async def test_v_on_a_project_shows_what_the_server_sent(app, emulator):
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await pilot.press("down", "down", "v")
        await wait_until(pilot, lambda: isinstance(app.screen, JsonScreen), "the JSON")
        expected = (await served(emulator, "/projects", page=0, size=25))["results"][2]
        assert json.loads(app.screen.text) == expected
        assert list(json.loads(app.screen.text)) == list(expected)  # the server's key order
        await pilot.press("y")
        assert json.loads(app.clipboard) == expected
        needle = expected["name"][:6]
        await pilot.press("slash", *needle)
        count = app.screen.text.casefold().count(needle.casefold())
        found = f"{count} match for" if count == 1 else f"{count} matches for"
        assert count >= 1 and f"{found} {needle!r}" in rendered_text(app.screen.query_one("#json-status"))
        # The id is in the object once: "1 match", never "1 matches" (#22).
        app.screen.query_one("#json-find").value = expected["id"]
        await pilot.pause()
        assert f"· 1 match for {expected['id']!r}" in rendered_text(app.screen.query_one("#json-status"))
        await pilot.press("escape", "escape")
        assert not isinstance(app.screen, JsonScreen)


@pytest.mark.parametrize("emulator_config", [EmulatorConfig(frozen_at=UI_FROZEN_AT, hostile_names=True)])
async def test_v_never_lets_server_text_drive_the_terminal(app, emulator):
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        hostile = next(
            i for i, p in enumerate(screen.table.shown) if "\x1b" in p.name or "\x1b" in (p.description or "")
        )
        await pilot.press(*["down"] * hostile, "v")
        await wait_until(pilot, lambda: isinstance(app.screen, JsonScreen), "the JSON")
        text = app.screen.text
        assert "\x1b" not in text and "\\u001b" in text
        assert json.loads(text) == (await served(emulator, "/projects", page=0, size=25))["results"][hostile]
        shown = rendered_text(app.screen.query_one("#json-body"))
        assert "\x1b" not in shown and "\x9b" not in shown and "\u202e" not in shown


async def test_v_on_a_run_and_on_its_execution(app, emulator):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        await pilot.press("down", "v")
        await wait_until(pilot, lambda: isinstance(app.screen, JsonScreen), "the JSON")
        listed = (await served(emulator, "/pipeline-executions", limit=50))["results"][1]
        assert json.loads(app.screen.text) == listed
        await pilot.press("escape", "enter")
        await wait_until(pilot, lambda: app.screen is not screen and not isinstance(app.screen, JsonScreen), "run")
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(app.screen, JsonScreen), "the execution's JSON")
        one = await served(
            emulator, f"/projects/{listed['projectId']}/pipeline-executions/{listed['pipelineExecutionId']}"
        )
        # The emulator wraps this one as {"result": {...}} (seen in real clients, §5): the object is inside.
        assert json.loads(app.screen.text) == one["result"]


async def test_s_saves_the_json_in_the_downloads_folder_and_says_where(app, emulator, tmp_path, monkeypatch):
    folder = tmp_path / "Downloads"
    folder.mkdir()
    monkeypatch.setattr("platformdirs.user_downloads_dir", lambda: str(folder))
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await pilot.press("down", "v")
        await wait_until(pilot, lambda: isinstance(app.screen, JsonScreen), "the JSON")
        await pilot.press("s")
        expected = (await served(emulator, "/projects", page=0, size=25))["results"][1]
        written = folder / f"maia-projects-{expected['id']}.json"
        await wait_until(pilot, written.exists, "the JSON file")
        assert json.loads(written.read_text(encoding="utf-8")) == expected
        assert list(folder.iterdir()) == [written]  # complete, no partial file beside it
        assert f"JSON saved to {written}" in [str(n.message) for n in notifications(app)]


def test_half_a_surrogate_pair_is_shown_and_saved_as_the_escape_the_api_sent(tmp_path) -> None:  # type: ignore[no-untyped-def]
    sent = json.loads('{"name": "a\\ud83db", "note": "\\udfff"}')
    text = raw_json(sent)
    assert "a\\ud83db" in text and "\\udfff" in text
    saved = tmp_path / "object.json"
    saved.write_text(text, encoding="utf-8")  # would raise UnicodeEncodeError with the half pair in it
    assert json.loads(saved.read_text(encoding="utf-8")) == sent
