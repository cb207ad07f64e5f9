"""Export, then parse the file back as any reader would (Hypothesis): the same objects come back,
whatever their strings hold — commas, quotes, line breaks of every kind, control and bidi
characters, formula starters. CSV keeps each resource's declared columns (strings in, the same
strings out); JSON and JSON Lines keep every value."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maia_tui.resources import exportable
from maia_tui.services.exporting import atomic_text_file, columns, write_all

# What each exportable kind's CSV holds (the registry declares it).
COLUMNS = {kind.name: columns(*kind.export_columns) for kind in exportable()}

# What breaks naive writers and readers: separators, quotes, every line break a reader may split
# on, NUL and escape, bidi overrides and isolates, a byte order mark, and what a spreadsheet takes
# for a formula at the start of a cell.
TRICKY = [",", ";", '"', "'", "\n", "\r", "\r\n", "\t", "\x00", "\x1b", "\x7f", "\x85", "\u2028", "\u2029"]
TRICKY += ["\u202e", "\u202d", "\u2066", "\u2069", "\u200f", "\ufeff", "=", "+", "-", "@", "=1+1", "@SUM(A1)"]
texts = st.lists(st.sampled_from(TRICKY) | st.characters(exclude_categories=("Cs",)), max_size=10).map("".join)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=5,
)


def nested(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    """{"a": {"b": value}} for the path ("a", "b")."""
    for key in reversed(path):
        value = {key: value}
    return value


def merge(into: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            merge(into[key], value)
        else:
            into[key] = value
    return into


@st.composite
def listings(draw: st.DrawFn) -> tuple[str, list[dict[str, Any]]]:
    """A resource and objects of it: a string at every declared column, sometimes more fields."""
    resource = draw(st.sampled_from(sorted(COLUMNS)))
    items = []
    for _ in range(draw(st.integers(0, 4))):
        item: dict[str, Any] = {}
        for column in COLUMNS[resource]:
            merge(item, nested(column.path, draw(texts)))
        extra = draw(st.dictionaries(texts.filter(lambda key: key not in item), json_values, max_size=2))
        items.append({**item, **extra})
    return resource, items


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("export")


def exported(folder: Path, fmt: str, resource: str, items: list[dict[str, Any]]) -> Path:
    target = folder / f"{resource}.{fmt}"
    with atomic_text_file(target) as handle:
        write_all(handle, fmt, COLUMNS[resource], items)
    return target


def parsed_csv(target: Path) -> list[list[str]]:
    with open(target, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def parsed_json_lines(target: Path) -> list[Any]:
    """Lines split on \\n alone, as JSON Lines says (not on U+2028 or NEL, which a string may hold)."""
    lines = target.read_bytes().split(b"\n")
    assert lines[-1] == b"", "every object ends its line"
    return [json.loads(line.decode("utf-8")) for line in lines[:-1]]


def at(item: dict[str, Any], path: tuple[str, ...]) -> Any:
    for key in path:
        item = item[key]
    return item


@given(listings())
def test_every_format_parses_back_to_the_objects(folder: Path, listing) -> None:
    resource, items = listing
    columns = COLUMNS[resource]
    rows = parsed_csv(exported(folder, "csv", resource, items))
    assert rows[0] == [column.header for column in columns]
    assert rows[1:] == [[at(item, column.path) for column in columns] for item in items]
    assert json.loads(exported(folder, "json", resource, items).read_bytes().decode("utf-8")) == items
    assert parsed_json_lines(exported(folder, "jsonl", resource, items)) == items
