"""Export's flattening and its atomic write (services/exporting.py), byte for byte where a format
says so: CSV rows end in CRLF (RFC 4180), a CSV cell is text, JSON and JSON Lines are UTF-8 text
that parses back (RFC 8259, jsonlines.org). Round trips of any strings: tests/test_export_properties.py."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maia_tui.services.exporting import (
    Column,
    RowWriter,
    atomic_text_file,
    cell,
    columns,
    default_export_dir,
    write_all,
)

ITEMS = [
    {"name": "Zürich – ledger", "id": "p1", "details": {"owner": "ana", "size": 3}, "ok": True},
    {"name": "Oslo", "id": "p2", "details": None, "ok": False, "extra": [2, 1]},
]


def written(fmt: str, cols: tuple[Column, ...] = (), items: list[dict[str, object]] = ITEMS) -> tuple[str, int]:
    out = io.StringIO(newline="")
    count = write_all(out, fmt, cols, items)
    return out.getvalue(), count


def test_csv_takes_the_declared_columns_by_dotted_path_with_crlf_rows() -> None:
    text, count = written("csv", columns("id", "details.owner", "details.size", "ok", "missing.key"))
    assert count == 2
    assert text == (
        "id,details.owner,details.size,ok,missing.key\r\n"
        "p1,ana,3,true,\r\n"  # a boolean as JSON writes it; nothing where the path leads nowhere
        "p2,,,false,\r\n"  # details is null: its fields are empty, not an error
    )


def test_a_column_path_through_something_that_is_not_an_object_is_empty() -> None:
    assert Column("a.b", ("a", "b")).value({"a": "text"}) is None
    assert Column("a.b", ("a", "b")).value({"a": [1, 2]}) is None
    assert Column("a.b", ("a", "b")).value({"a": {"b": 0}}) == 0
    assert columns("a.b.c", "d") == (Column("a.b.c", ("a", "b", "c")), Column("d", ("d",)))


def test_without_declared_columns_a_csv_takes_the_first_objects_keys() -> None:
    text, _ = written("csv")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["name", "id", "details", "ok"]
    assert rows[1] == ["Zürich – ledger", "p1", '{"owner": "ana", "size": 3}', "true"]
    assert rows[2] == ["Oslo", "p2", "", "false"]  # its "extra" has no column
    assert len(rows) == 3


def test_a_nested_value_in_a_cell_is_json_with_sorted_keys_and_its_characters_as_they_are() -> None:
    assert cell({"b": 1, "a": ["é", None]}) == '{"a": ["é", null], "b": 1}'
    assert cell([True, "x"]) == '[true, "x"]'
    assert cell(None) == ""
    assert cell(True) == "true" and cell(False) == "false"
    assert cell(0) == "0" and cell(2.5) == "2.5" and cell("") == ""
    assert cell("a\ud800b") == "a\ufffdb"  # half a surrogate pair has no UTF-8: U+FFFD
    assert cell(["a\udfffb"]) == '["a\ufffdb"]'


@given(st.text())
def test_a_string_cell_is_the_string_itself(text: str) -> None:
    expected = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    assert cell(text) == expected


def test_json_is_an_array_one_object_a_line_and_keeps_characters_as_they_are() -> None:
    text, count = written("json")
    assert count == 2
    first, second = (json.dumps(item, ensure_ascii=False) for item in ITEMS)
    assert text == f"[\n  {first},\n  {second}\n]\n"
    assert "Zürich – ledger" in text  # UTF-8 text, not \\u escapes
    assert json.loads(text) == ITEMS


def test_an_empty_json_export_is_an_empty_array() -> None:
    assert written("json", items=[]) == ("[]\n", 0)
    assert written("jsonl", items=[]) == ("", 0)
    assert written("csv", columns("id"), items=[]) == ("id\r\n", 0)


def test_json_lines_is_one_object_per_line() -> None:
    text, count = written("jsonl")
    assert count == 2
    assert text == "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in ITEMS)


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_half_a_surrogate_pair_is_kept_as_its_escape(fmt: str) -> None:
    text, _ = written(fmt, items=[{"k": "a\ud83db"}])
    assert "\\ud83d" in text
    text.encode("utf-8")  # the file can be written
    assert json.loads(text.strip().strip("[]")) == {"k": "a\ud83db"}


def test_an_unknown_format_is_refused_naming_the_ones_there_are() -> None:
    with pytest.raises(ValueError) as refused:
        RowWriter(io.StringIO(), "xml")
    assert str(refused.value) == "format must be one of csv, json, jsonl, not 'xml'"


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_the_rows_reach_the_file_when_the_writer_closes_not_when_the_file_does(tmp_path: Path, fmt: str) -> None:
    """Export to a pipe or a terminal: what was written is out once the export ends."""
    target = tmp_path / f"out.{fmt}"
    with open(target, "w", encoding="utf-8", newline="") as handle:
        write_all(handle, fmt, columns("id"), ITEMS)
        on_disk = target.read_text(encoding="utf-8")
    assert on_disk == target.read_text(encoding="utf-8") and "p2" in on_disk


# ----- the atomic write -----------------------------------------------------------------


@pytest.fixture
def umask() -> Iterator[int]:
    chosen = 0o027
    before = os.umask(chosen)
    try:
        yield chosen
    finally:
        os.umask(before)


def test_the_file_appears_only_when_written_whole_with_the_usual_permissions(tmp_path: Path, umask: int) -> None:
    target = tmp_path / "a" / "b" / "runs.csv"  # folders that do not exist yet are made
    with atomic_text_file(target) as handle:
        handle.write("id\r\np1\r\n")
        assert not target.exists()
        (partial,) = target.parent.iterdir()  # beside it: the rename cannot cross file systems
        assert partial.name.startswith(".runs.csv.") and partial.name.endswith(".partial")  # hidden, and says why
    assert target.read_bytes() == b"id\r\np1\r\n"  # newlines as written, not translated
    assert [path.name for path in target.parent.iterdir()] == ["runs.csv"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # as `open` would have made it: 0o640
    assert os.umask(umask) == umask  # the umask is left as it was


def test_a_failed_write_leaves_no_file_and_no_partial_one(tmp_path: Path) -> None:
    target = tmp_path / "runs.json"
    with pytest.raises(KeyboardInterrupt), atomic_text_file(target) as handle:
        handle.write("[")
        raise KeyboardInterrupt  # Ctrl+C counts too
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_keeps_the_file_that_was_there(tmp_path: Path) -> None:
    target = tmp_path / "runs.json"
    target.write_text("before", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_text_file(target) as handle:
        handle.write("after")
        raise RuntimeError("the server went away")
    assert target.read_text(encoding="utf-8") == "before"
    assert [path.name for path in tmp_path.iterdir()] == ["runs.json"]


def test_a_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "runs.jsonl"
    target.write_text("a much longer file than what replaces it\n", encoding="utf-8")
    with atomic_text_file(target) as handle:
        handle.write("é\n")
    assert target.read_bytes() == "é\n".encode()


def test_a_device_is_written_in_place(tmp_path: Path) -> None:
    with atomic_text_file("/dev/null") as handle:
        handle.write("gone")
    assert Path("/dev/null").is_char_device()
    assert list(tmp_path.iterdir()) == []


# ----- where an export goes by default ----------------------------------------------------


def test_the_default_folder_is_downloads_when_there_is_one(isolated_environment: Path) -> None:
    home = Path.home()
    assert default_export_dir() == home  # no Downloads folder: home
    elsewhere = isolated_environment / "elsewhere"
    assert default_export_dir(elsewhere) == elsewhere
    (home / "Downloads").mkdir()
    assert default_export_dir() == home / "Downloads"
    assert default_export_dir(elsewhere) == home / "Downloads"
