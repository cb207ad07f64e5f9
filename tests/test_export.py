"""`maia-tui export` against emulators over loopback. Expected rows come from the emulator's own
answers fetched with plain httpx, never from the code under test."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from maia_tui.commands.export import run_export
from maia_tui.commands.main import build_parser
from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, Emulator, EmulatorConfig, Faults, running_emulator
from maia_tui.services.exporting import atomic_text_file, columns, write_all


@pytest.fixture(scope="module")
def big_emu() -> Iterator[Emulator]:
    with running_emulator(EmulatorConfig(projects=10_000, seed=11)) as emu:
        yield emu


@pytest.fixture(scope="module")
def hostile_emu() -> Iterator[Emulator]:
    with running_emulator(EmulatorConfig(projects=30, seed=5, hostile_names=True)) as emu:
        yield emu


def env_for(emu: Emulator, tmp_path: Path) -> dict[str, str]:
    return {
        "MAIA_API_URL": emu.api_base,
        "MAIA_TOKEN_URL": emu.token_url,
        "MAIA_CLIENT_ID": DEMO_CLIENT_ID,
        "MAIA_CLIENT_SECRET": DEMO_CLIENT_SECRET,
        "MAIA_TUI_CONFIG": str(tmp_path / "config.toml"),
    }


def every_project(emu: Emulator) -> list[dict[str, Any]]:
    """All projects as the emulator serves them, read with plain httpx."""
    headers = {"Authorization": f"Bearer {emu.issue_token()}"}
    found: list[dict[str, Any]] = []
    with httpx.Client(trust_env=False, timeout=10) as http:
        page = 0
        while True:
            body = http.get(f"{emu.api_base}/v1/projects", params={"page": page, "size": 100}, headers=headers).json()
            found.extend(body["results"])
            if not body["results"] or (page + 1) * 100 >= body["total"]:
                return found
            page += 1


def export(emu: Emulator, tmp_path: Path, *argv: str, **client_options: Any) -> tuple[int, str, str]:
    args = build_parser().parse_args(["export", *argv])
    out, err = io.StringIO(), io.StringIO()
    code = run_export(args, env=env_for(emu, tmp_path), out=out, err=err, **client_options)
    return code, out.getvalue(), err.getvalue()


def test_ten_thousand_projects_as_csv_parse_back_row_for_row(big_emu: Emulator, tmp_path: Path) -> None:
    target = tmp_path / "out" / "projects.csv"
    code, out, err = export(big_emu, tmp_path, "projects", "--format", "csv", "-o", str(target))
    assert code == 0, err
    assert out == ""
    assert f"Exported 10,000 projects to {target}" in err
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 10_000
    expected = every_project(big_emu)
    assert [row["id"] for row in rows] == [p["id"] for p in expected]
    assert [row["name"] for row in rows] == [p["name"] for p in expected]
    assert [row["description"] for row in rows] == [p.get("description") or "" for p in expected]
    assert list(rows[0]) == ["id", "name", "description"]


def test_json_and_jsonl_hold_exactly_what_the_api_sent(hostile_emu: Emulator, tmp_path: Path) -> None:
    expected = every_project(hostile_emu)
    code, out, _ = export(hostile_emu, tmp_path, "projects", "--format", "json")
    assert code == 0
    assert json.loads(out) == expected
    code, out, _ = export(hostile_emu, tmp_path, "projects", "--format", "jsonl")
    assert code == 0
    assert [json.loads(line) for line in out.splitlines()] == expected


def test_hostile_names_round_trip_through_csv(hostile_emu: Emulator, tmp_path: Path) -> None:
    code, out, _ = export(hostile_emu, tmp_path, "projects")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    expected = every_project(hostile_emu)
    hostile = [p for p in expected if any(c in p["name"] for c in ',"\n[\x1b')]
    assert hostile, "the hostile account must hold names with commas, quotes, newlines, markup or escapes"
    assert [(r["id"], r["name"], r["description"]) for r in rows] == [
        (p["id"], p["name"], p.get("description") or "") for p in expected
    ]


def test_an_interrupted_export_leaves_no_file(big_emu: Emulator, tmp_path: Path) -> None:
    target = tmp_path / "projects.csv"
    big_emu.faults = Faults(drop_share=0.5)  # page 0 comes, page 1 drops mid-answer
    try:
        code, _, err = export(big_emu, tmp_path, "projects", "-o", str(target), retries=0)
    finally:
        big_emu.faults = Faults()
    assert code == 3, err
    assert f"Nothing was written to {target}" in err
    assert list(tmp_path.iterdir()) == [], "no file, and no temporary file left behind"


def test_an_existing_file_survives_a_failed_export(hostile_emu: Emulator, tmp_path: Path) -> None:
    target = tmp_path / "projects.csv"
    target.write_text("yesterday's export\n")
    hostile_emu.faults = Faults(drop_share=1.0)
    try:
        code, _, _ = export(hostile_emu, tmp_path, "projects", "-o", str(target), retries=0)
    finally:
        hostile_emu.faults = Faults()
    assert code == 3
    assert target.read_text() == "yesterday's export\n"


def test_refused_credentials_exit_as_check_does(hostile_emu: Emulator, tmp_path: Path) -> None:
    args = build_parser().parse_args(["export", "projects"])
    err = io.StringIO()
    env = {**env_for(hostile_emu, tmp_path), "MAIA_CLIENT_SECRET": "not-the-secret-at-all"}
    assert run_export(args, env=env, out=io.StringIO(), err=err) == 2
    assert "credentials refused" in err.getvalue()
    assert "not-the" not in err.getvalue()


def test_schedules_need_a_project(hostile_emu: Emulator, tmp_path: Path) -> None:
    code, _, err = export(hostile_emu, tmp_path, "schedules")
    assert code == 2
    assert "needs --project" in err


@pytest.fixture(scope="module")
def streaming_emu() -> Iterator[Emulator]:
    with running_emulator(EmulatorConfig(projects=12, seed=23)) as emu:
        yield emu


def streaming_of(emu: Emulator, project_id: str) -> list[dict[str, Any]]:
    """A project's streaming pipelines as the emulator serves them (§8), read with plain httpx
    a page of 1 at a time, so the export's own paging (100 a page) is not what is compared."""
    headers = {"Authorization": f"Bearer {emu.issue_token()}"}
    found: list[dict[str, Any]] = []
    with httpx.Client(trust_env=False, timeout=10) as http:
        while True:
            url = f"{emu.api_base}/v1/projects/{project_id}/streaming-pipelines"
            body = http.get(url, params={"page": len(found), "size": 1}, headers=headers).json()
            if not body["results"]:
                return found
            found.extend(body["results"])


def test_streaming_pipelines_export_equals_the_apis_list(streaming_emu: Emulator, tmp_path: Path) -> None:
    projects = every_project(streaming_emu)
    lists = {p["id"]: streaming_of(streaming_emu, p["id"]) for p in projects}
    busiest = max(lists, key=lambda pid: len(lists[pid]))
    assert len(lists[busiest]) >= 2  # the seed gives some project several
    code, out, err = export(streaming_emu, tmp_path, "streaming-pipelines", "--project", busiest, "--format", "json")
    assert code == 0, err
    assert json.loads(out) == lists[busiest]
    code, out, err = export(streaming_emu, tmp_path, "streaming-pipelines", "--project", busiest)
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    contract_fields = ["streamingPipelineId", "name", "projectId", "agentId", "streamingSource", "streamingTarget"]
    assert list(rows[0]) == contract_fields
    assert [row["streamingPipelineId"] for row in rows] == [p["streamingPipelineId"] for p in lists[busiest]]


def test_streaming_pipelines_need_a_project(streaming_emu: Emulator, tmp_path: Path) -> None:
    code, out, err = export(streaming_emu, tmp_path, "streaming-pipelines")
    assert (code, out) == (2, "")
    assert "exporting streaming-pipelines needs --project ID" in err


def test_an_unknown_kind_cannot_be_asked_for(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(["export", "streaming"])
    assert stopped.value.code == 2
    assert "invalid choice: 'streaming'" in capsys.readouterr().err


def test_a_named_pipe_is_written_in_place_never_replaced(streaming_emu: Emulator, tmp_path: Path) -> None:
    """`-o /dev/null` once replaced the null device with a plain file (a rename over it, as
    root). A FIFO stands in for any such path: it is written through and stays a FIFO."""
    import os
    import stat
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text(encoding="utf-8")))
    reader.start()
    code, out, err = export(streaming_emu, tmp_path, "projects", "-o", str(pipe))
    reader.join(timeout=10)
    assert code == 0, err
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    rows = list(csv.DictReader(io.StringIO(received[0])))
    assert [row["id"] for row in rows] == [p["id"] for p in every_project(streaming_emu)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary file left beside it


# What `json.loads` makes of a string with half a surrogate pair, as a server may send one.
HALF_PAIR = json.loads('{"id": "p-\\ud83d", "name": "a\\udc00b", "tags": ["\\ud800"]}')


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_half_a_surrogate_pair_in_json_parses_back_to_the_very_string(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"half.{fmt}"
    with atomic_text_file(target) as out:
        assert write_all(out, fmt, (), [HALF_PAIR, {"id": "plain"}]) == 2
    text = target.read_text(encoding="utf-8")
    assert "\\ud83d" in text and "\\udc00" in text  # the API's escapes, kept
    parsed = json.loads(text) if fmt == "json" else [json.loads(line) for line in text.splitlines()]
    assert parsed == [HALF_PAIR, {"id": "plain"}]


def test_half_a_surrogate_pair_in_a_csv_cell_becomes_the_replacement_character(tmp_path: Path) -> None:
    target = tmp_path / "half.csv"
    with atomic_text_file(target) as out:
        write_all(out, "csv", columns("id", "name", "tags"), [HALF_PAIR])
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows == [{"id": "p-\ufffd", "name": "a\ufffdb", "tags": '["\ufffd"]'}]
