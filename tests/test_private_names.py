"""The house rule on private names: `maia_tui/` reads, calls or overrides no attribute whose name
starts with `_` on a Textual, Rich, httpx or uvicorn object, outside the one guarded module
(maia_tui/ui/crash_report.py). Our own private names are fine.

How an expression is judged to be a third-party object (static, per function, from the AST):

- a name imported from those packages (`httpx`, `App`, `events`, `Traceback`...), and what calling
  one of them returns (`httpx.AsyncClient(...)`);
- `self` (or `cls`) inside a class that derives, directly or through our own classes in any
  module of maia_tui, from one of their classes: a private name on it is allowed only if our own
  code defines it (a method, a class attribute, or `self._x = ...` in one of our classes on the
  way down) and no third-party base class has it (that would be an override of theirs);
- what such an object hands out: an attribute or method result that our classes do not define
  (`self.app`, `self.screen`, `self.query_one(...)`, `self.console`, `event.widget`...): a Textual
  object whose concrete class may be ours, so a private name on it is allowed only if one of our
  Textual-derived classes defines it;
- a parameter, or a local or `self.` attribute, annotated with, or assigned from, any of the above
  (`event: events.Click`, `self._http = httpx.AsyncClient(...)`, `worker: Worker[None]`);
- `getattr`, `setattr`, `hasattr` and `delattr` with a constant `_name` on such an object count too.

A method or class attribute named `_x` in our subclass of one of their classes is an override
when the third-party base (imported here) has `_x`.

Limits: types are not inferred across calls into our own code (what one of our functions returns
is unknown), through containers (`for w in self.query(...)` elements, subscripts), `Any`, or
narrowing (`isinstance`); a variable re-bound to something else keeps its first kind in its
function. The rule is about these four libraries only (argparse, asyncio... are not checked).
Self-tests below plant each kind of access in a snippet and check it is caught.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeGuard

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "maia_tui"
THIRD_PARTY = ("textual", "rich", "httpx", "uvicorn")
GUARDED = {"ui/crash_report.py"}  # the one module allowed to touch a private Textual name
ACCESSORS = {"getattr", "setattr", "hasattr", "delattr"}


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def is_third_party(dotted: str) -> bool:
    return dotted.split(".")[0] in THIRD_PARTY


def load(dotted: str) -> object | None:
    """The object a dotted name of one of the four libraries names, or None."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:]:
            found = getattr(found, part, None)
        return found
    return None


# Kinds of expression: FOREIGN (a third-party object, nothing on it is ours), TEXTUAL (a Textual
# object whose class may be one of ours), ("ours", class key) (an instance of our class deriving
# from a third-party class), ("class", dotted) (a third-party module or class, by dotted name).
FOREIGN = "foreign"
TEXTUAL = "textual"


@dataclass
class OurClass:
    key: str  # "module:Class"
    bases: list[str]  # resolved: "module:Class" for ours, dotted for third-party, "" unknown
    names: set[str] = field(default_factory=set)  # private names our code defines on it
    attribute_kinds: dict[str, object] = field(default_factory=dict)  # self.x annotated/assigned kinds
    node: ast.ClassDef | None = None


@dataclass
class Module:
    name: str  # "ui/app.py"
    tree: ast.Module
    imports: dict[str, str] = field(default_factory=dict)  # local name -> dotted (or "module:Class" for ours)


def module_key(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def dotted_of_module(rel: str) -> str:
    parts = ["maia_tui", *rel[:-3].split("/")]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


class Index:
    """Every module, import and class of maia_tui, for resolving names across modules."""

    def __init__(self, sources: dict[str, str]) -> None:
        self.modules = {rel: Module(rel, ast.parse(text)) for rel, text in sources.items()}
        self.by_dotted = {dotted_of_module(rel): rel for rel in self.modules}
        self.classes: dict[str, OurClass] = {}
        for module in self.modules.values():
            self._collect_imports(module)
        for module in self.modules.values():
            for node in ast.walk(module.tree):
                if isinstance(node, ast.ClassDef):
                    self.classes[f"{module.name}:{node.name}"] = OurClass(f"{module.name}:{node.name}", [], node=node)
        for module in self.modules.values():
            for node in ast.walk(module.tree):
                if isinstance(node, ast.ClassDef):
                    self._collect_class(module, self.classes[f"{module.name}:{node.name}"], node)

    def _collect_imports(self, module: Module) -> None:
        package = dotted_of_module(module.name)
        if not module.name.endswith("__init__.py"):
            package = package.rsplit(".", 1)[0]
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    local = alias.asname or alias.name.split(".")[0]
                    module.imports[local] = alias.name if alias.asname else alias.name.split(".")[0]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join([*anchor, *([node.module] if node.module else [])])
                for alias in node.names:
                    module.imports[alias.asname or alias.name] = f"{base}.{alias.name}"

    def resolve_dotted(self, module: Module, node: ast.expr) -> str:
        """The dotted name an expression names through the module's imports ('' if unknown)."""
        if isinstance(node, ast.Name):
            if node.id in module.imports:
                return self._ours(module.imports[node.id])
            if f"{module.name}:{node.id}" in self.classes:
                return f"{module.name}:{node.id}"
            return ""
        if isinstance(node, ast.Attribute):
            base = self.resolve_dotted(module, node.value)
            return f"{base}.{node.attr}" if base and ":" not in base else ""
        if isinstance(node, ast.Subscript):  # Worker[None], App[int]
            return self.resolve_dotted(module, node.value)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):  # a string annotation
            try:
                return self.resolve_dotted(module, ast.parse(node.value, mode="eval").body)
            except SyntaxError:
                return ""
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):  # X | None
            return self.resolve_dotted(module, node.left) or self.resolve_dotted(module, node.right)
        return ""

    def _ours(self, dotted: str) -> str:
        """'maia_tui.ui.app.MaiaApp' -> 'ui/app.py:MaiaApp' when it is one of our classes."""
        owner, _, name = dotted.rpartition(".")
        rel = self.by_dotted.get(owner)
        if rel is not None and f"{rel}:{name}" in self.classes:
            return f"{rel}:{name}"
        return dotted

    def _collect_class(self, module: Module, ours: OurClass, node: ast.ClassDef) -> None:
        ours.bases = [self.resolve_dotted(module, base) for base in node.bases]
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                ours.names.add(item.name)
            elif isinstance(item, ast.Assign):
                ours.names.update(t.id for t in item.targets if isinstance(t, ast.Name))
            elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                ours.names.add(item.target.id)
        for sub in ast.walk(node):
            target: ast.Attribute | None = None
            annotation: ast.expr | None = None
            value: ast.expr | None = None
            if isinstance(sub, ast.Assign):
                for t in sub.targets:
                    for element in t.elts if isinstance(t, ast.Tuple) else [t]:
                        if is_self_attribute(element):
                            ours.names.add(element.attr)
                            if len(sub.targets) == 1 and not isinstance(t, ast.Tuple):
                                target, value = element, sub.value
            elif isinstance(sub, ast.AnnAssign) and is_self_attribute(sub.target):
                ours.names.add(sub.target.attr)
                target, annotation, value = sub.target, sub.annotation, sub.value
            if target is not None:
                kind = self.kind_of_type(module, annotation) if annotation is not None else None
                if kind is None and value is not None:
                    kind = Checker(self, module, ours, {}).kind(value)
                if kind is not None:
                    ours.attribute_kinds[target.attr] = kind

    def third_party_bases(self, key: str, seen: frozenset[str] = frozenset()) -> list[str]:
        ours = self.classes.get(key)
        if ours is None or key in seen:
            return []
        found = []
        for base in ours.bases:
            if base in self.classes:
                found += self.third_party_bases(base, seen | {key})
            elif base and is_third_party(base):
                found.append(base)
        return found

    def our_names(self, key: str, seen: frozenset[str] = frozenset()) -> set[str]:
        ours = self.classes.get(key)
        if ours is None or key in seen:
            return set()
        names = set(ours.names)
        for base in ours.bases:
            names |= self.our_names(base, seen | {key})
        return names

    def attribute_kind(self, key: str, name: str, seen: frozenset[str] = frozenset()) -> object | None:
        ours = self.classes.get(key)
        if ours is None or key in seen:
            return None
        if name in ours.attribute_kinds:
            return ours.attribute_kinds[name]
        for base in ours.bases:
            kind = self.attribute_kind(base, name, seen | {key})
            if kind is not None:
                return kind
        return None

    def textual_names(self) -> set[str]:
        """Private names our Textual-derived classes define (allowed on a TEXTUAL object), less
        those a third-party base also has (an override stays theirs)."""
        names: set[str] = set()
        for key in self.classes:
            bases = self.third_party_bases(key)
            if any(base.startswith("textual") for base in bases):
                loaded = [load(base) for base in bases]
                names |= {n for n in self.our_names(key) if not any(hasattr(b, n) for b in loaded)}
        return names

    def kind_of_type(self, module: Module, annotation: ast.expr | None) -> object | None:
        """The kind of a value annotated with `annotation`."""
        if annotation is None:
            return None
        dotted = self.resolve_dotted(module, annotation)
        if dotted in self.classes:
            return ("ours", dotted) if self.third_party_bases(dotted) else None
        if dotted and is_third_party(dotted):
            return TEXTUAL if dotted.startswith("textual") else FOREIGN
        return None


def is_self_attribute(node: ast.AST) -> TypeGuard[ast.Attribute]:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"


@dataclass
class Finding:
    module: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"maia_tui/{self.module}:{self.line}: {self.text}"


class Checker:
    """Judges expressions in one function (or class body) and reports private third-party names."""

    def __init__(self, index: Index, module: Module, owner: OurClass | None, scope: dict[str, object]) -> None:
        self.index, self.module, self.owner, self.scope = index, module, owner, scope
        self.findings: list[Finding] = []

    def kind(self, node: ast.expr) -> object | None:
        index = self.index
        if isinstance(node, ast.Name):
            if node.id in self.scope:
                return self.scope[node.id]
            dotted = index.resolve_dotted(self.module, node)
            if dotted and is_third_party(dotted):
                return ("class", dotted)
            return None
        if isinstance(node, ast.Attribute):
            base = self.kind(node.value)
            if isinstance(base, tuple) and base[0] == "class":
                return ("class", f"{base[1]}.{node.attr}")
            if isinstance(base, tuple) and base[0] == "ours":
                if node.attr in index.our_names(base[1]):
                    return index.attribute_kind(base[1], node.attr)
                return TEXTUAL if any(b.startswith("textual") for b in index.third_party_bases(base[1])) else FOREIGN
            if base in (FOREIGN, TEXTUAL):
                return base
            return None
        if isinstance(node, ast.Call):
            func = self.kind(node.func)
            if isinstance(func, tuple) and func[0] == "class":
                return TEXTUAL if func[1].startswith("textual") else FOREIGN
            if func in (FOREIGN, TEXTUAL):
                return func
            return None
        if isinstance(node, ast.Await):
            return self.kind(node.value)
        return None

    def report(self, node: ast.AST, text: str) -> None:
        self.findings.append(Finding(self.module.name, getattr(node, "lineno", 0), text))

    def check_private(self, node: ast.AST, base: ast.expr, name: str) -> None:
        if not is_private(name):
            return
        kind = self.kind(base)
        where = ast.unparse(base)
        if kind == FOREIGN or (isinstance(kind, tuple) and kind[0] == "class"):
            self.report(node, f"{where}.{name}: a private name of a third-party object")
        elif kind == TEXTUAL and name not in self.index.textual_names():
            self.report(node, f"{where}.{name}: a private name of a Textual object")
        elif isinstance(kind, tuple) and kind[0] == "ours":
            if name not in self.index.our_names(kind[1]):
                self.report(node, f"{where}.{name}: a private name inherited from a third-party class")
            elif any(hasattr(load(b), name) for b in self.index.third_party_bases(kind[1])):
                self.report(node, f"{where}.{name}: our name hides a third-party class's private name")

    def visit_function(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        args = function.args
        for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
            kind = self.index.kind_of_type(self.module, arg.annotation)
            if kind is not None:
                self.scope[arg.arg] = kind
        if self.owner is not None and args.args and args.args[0].arg in ("self", "cls"):
            if self.index.third_party_bases(self.owner.key):
                self.scope[args.args[0].arg] = ("ours", self.owner.key)
        self.visit_body(function.body)

    def visit_body(self, body: list[ast.stmt]) -> None:
        for statement in body:
            self.visit(statement)

    def visit(self, node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            inner = Checker(self.index, self.module, self.owner, dict(self.scope))
            inner.visit_function(node)
            self.findings += inner.findings
            return
        if isinstance(node, ast.ClassDef):
            return  # nested classes are checked on their own
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            kind = self.kind(node.value)
            if kind is not None:
                self.scope.setdefault(node.targets[0].id, kind)
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            kind = self.index.kind_of_type(self.module, node.annotation)
            if kind is not None:
                self.scope.setdefault(node.target.id, kind)
        if isinstance(node, ast.Attribute):
            self.check_private(node, node.value, node.attr)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ACCESSORS
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            self.check_private(node, node.args[0], node.args[1].value)
        for child in ast.iter_child_nodes(node):
            self.visit(child)


def overrides(index: Index, module: Module) -> Iterator[Finding]:
    """Private methods or class attributes of our subclasses that a third-party base also has."""
    for node in ast.walk(module.tree):
        if not isinstance(node, ast.ClassDef):
            continue
        key = f"{module.name}:{node.name}"
        bases = [load(b) for b in index.third_party_bases(key)]
        for item in node.body:
            names = []
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names = [item.name]
            elif isinstance(item, ast.Assign):
                names = [t.id for t in item.targets if isinstance(t, ast.Name)]
            elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                names = [item.target.id]
            for name in names:
                if is_private(name) and any(hasattr(base, name) for base in bases):
                    yield Finding(module.name, item.lineno, f"{node.name}.{name} overrides a third-party private name")


def findings(sources: dict[str, str]) -> list[Finding]:
    index = Index(sources)
    found: list[Finding] = []
    for module in index.modules.values():
        found += overrides(index, module)
        top = Checker(index, module, None, {})
        for node in module.tree.body:
            if isinstance(node, ast.ClassDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.ClassDef):
                        owner = index.classes[f"{module.name}:{inner.name}"]
                        checker = Checker(index, module, owner, {})
                        checker.visit_body(inner.body)
                        found += checker.findings
            else:
                top.visit(node)
        found += top.findings
    return found


def product_sources() -> dict[str, str]:
    return {module_key(path): path.read_text() for path in sorted(PACKAGE.rglob("*.py"))}


def test_maia_tui_touches_no_private_name_of_textual_rich_httpx_or_uvicorn() -> None:
    sources = product_sources()
    found = [f for f in findings(sources) if f.module not in GUARDED]
    assert not found, "private third-party names in use:\n" + "\n".join(map(str, found))


def test_the_guarded_module_is_the_one_that_overrides_textuals_fatal_error() -> None:
    """The exception is real and limited: the checker does see the guarded module's override."""
    found = [f for f in findings(product_sources()) if f.module in GUARDED]
    assert found and all(
        "_fatal_error" in f.text or "_exit_renderables" in f.text or "_close_messages" in f.text for f in found
    )


# ----- the checker's own teeth -------------------------------------------------------------

PLANTED = {
    "widgets/thing.py": """
import httpx
from textual import events
from textual.app import App
from textual.widget import Widget
from textual.worker import Worker
from rich.console import Console

class Thing(Widget):
    def __init__(self) -> None:
        super().__init__()
        self._ours = 1
        self._http = httpx.AsyncClient()

    def _on_click(self, event: events.Click) -> None:          # override
        event._no_default_action                                # annotated parameter
        self._ours += 1                                         # ours: fine
        self._http._transport                                   # self attribute from a call
        self.app._driver                                        # a Textual object handed out
        self.query_one("#x")._nodes                             # a method result
        self._compose_stacks                                    # inherited private
        getattr(self.screen, "_compositor")                     # getattr with a constant
        worker: Worker[None] = self.run_worker(None)
        worker._task                                            # annotated local
        Console()._buffer                                       # a constructor's result
        httpx._client                                           # a module

    def _fine(self) -> None:
        self._ours
""",
    "app.py": """
from textual.app import App
from .widgets.thing import Thing

class Base(App[int]):
    def _mine(self) -> None: ...
    def _fatal_error(self) -> None: ...                        # override

class TheApp(Base):
    def go(self) -> None:
        self._mine()                                            # ours, through our base: fine
        self._exit_renderables                                  # inherited private
        self.screen.query_one(Thing)._ours                      # our Textual class's name: fine
        self.app._fatal_error()                                 # theirs, though Base overrides it
""",
}


def test_the_checker_catches_each_kind_of_planted_access() -> None:
    planted = {f.text.split(":")[0] for f in findings(PLANTED)}
    assert planted == {
        "Thing._on_click overrides a third-party private name",
        "event._no_default_action",
        "self._http._transport",
        "self.app._driver",
        "self.query_one('#x')._nodes",
        "self._compose_stacks",
        "self.screen._compositor",
        "worker._task",
        "Console()._buffer",
        "httpx._client",
        "self._exit_renderables",
        "Base._fatal_error overrides a third-party private name",
        "self.app._fatal_error",
    }


@pytest.mark.parametrize("rel", sorted(GUARDED))
def test_the_guarded_modules_exist(rel: str) -> None:
    assert (PACKAGE / rel).is_file()
