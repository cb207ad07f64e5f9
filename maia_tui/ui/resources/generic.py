"""The list of a kind the app has no hand-made presentation for: a column per field its export
declares, as the API sent it (streaming pipelines, and whatever kind comes next)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from typing import Any

from rich.text import Text

from maia_tui.resources.base import Kind, raw_of
from maia_tui.ui.resources import cells
from maia_tui.ui.resources.base import Column, Resource, RowContext


def generic_resource(kind: Kind[Any]) -> Resource[Any]:
    """A kind the app has no hand-made list for: a column per exported field, as text."""

    def cell(path: str) -> Callable[[Any, RowContext], Text | str]:
        keys = path.split(".")

        def value(item: Any, ctx: RowContext) -> Text | str:
            found: Any = raw_of(item)
            for key in keys:
                found = found.get(key) if isinstance(found, Mapping) else None
            if isinstance(found, (Mapping, list)):  # an object the contract leaves open: as JSON
                found = json.dumps(found, ensure_ascii=False, separators=(",", ":"))
            return cells.text(found, 60)

        return value

    # Each field gets a fair share of the width; the last one takes what is left.
    columns = [
        Column(path, path.rsplit(".", 1)[-1], cell(path), width=24, min_width=10) for path in kind.export_columns
    ]
    columns[-1] = dataclasses.replace(columns[-1], width=None, min_width=None)
    return Resource(kind, tuple(columns), empty=f"No {kind.title.lower()} here.")
