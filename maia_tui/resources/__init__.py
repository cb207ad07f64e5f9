"""The registry of resource kinds: every module of this package but `base` declares one `KIND`,
and everything that lists kinds (the project screen's tabs, the export dialog, `maia-tui
export`) iterates `KINDS`. Adding a kind is one module here (and its tests); a name that is
not here cannot be asked for. No Textual.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from maia_tui.resources.base import Filter, Kind, Paging, Query, Scope


def _discover() -> dict[str, Kind[Any]]:
    found: dict[str, Kind[Any]] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name == "base":
            continue
        kind = importlib.import_module(f"{__name__}.{module.name}").KIND
        if kind.name in found:
            raise ValueError(f"two resource kinds are called {kind.name!r}")
        found[kind.name] = kind
    return found


KINDS: dict[str, Kind[Any]] = _discover()


def kind(name: str) -> Kind[Any]:
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"no resource kind {name!r} (known: {', '.join(sorted(KINDS))})") from None


def exportable() -> list[Kind[Any]]:
    return [k for k in KINDS.values() if k.exportable]


def project_tabs() -> list[Kind[Any]]:
    return sorted((k for k in KINDS.values() if k.project_tab is not None), key=lambda k: k.project_tab or 0)


__all__ = ["KINDS", "Filter", "Kind", "Paging", "Query", "Scope", "exportable", "kind", "project_tabs"]
