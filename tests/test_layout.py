"""The package's shape (issue 15): no module imports one that imports it back, and extract/
holds extractors only, none importing another; what they share is the reading layer."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "bounce_analyzer"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Every module of the package and the package modules it imports, at any level (an
    import inside a function is a dependency too)."""
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")
                if node.level:
                    base = base[: len(base) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                # `from . import parse` imports the module parse (its package is imported
                # first whatever the import, so that is no edge); `from .extract import
                # extract` imports the package's name
                found = [
                    f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target
                    for alias in node.names
                ]
            elif isinstance(node, ast.Import):
                found = [alias.name for alias in node.names]
            else:
                continue
            graph[name].update(t for t in found if t in modules and t != name)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root, targets in graph.items():
        if root in index:
            continue
        work = [(root, iter(sorted(targets)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_no_import_circle() -> None:
    assert circles(imports()) == []


def test_the_check_finds_a_circle() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


EXTRACT = "bounce_analyzer.extract"


def extractor_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for path in sorted((PACKAGE / "extract").glob("*.py"))
        if path.name != "__init__.py"
    }


def defines_extractor(path: Path) -> bool:
    """A class with a `name` and an `extract` method: the Extractor protocol."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ClassDef):
            methods = {n.name for n in node.body if isinstance(n, ast.FunctionDef)}
            assigned = {
                target.id
                for n in node.body
                if isinstance(n, (ast.Assign, ast.AnnAssign))
                for target in (n.targets if isinstance(n, ast.Assign) else [n.target])
                if isinstance(target, ast.Name)
            }
            if "extract" in methods and ("name" in assigned or "__init__" in methods):
                return True
    return False


def test_every_module_of_extract_is_an_extractor() -> None:
    modules = extractor_modules()
    assert modules, "extract/ has extractor modules"
    assert [name for name, path in modules.items() if not defines_extractor(path)] == []


def test_no_extractor_imports_another() -> None:
    graph = imports()
    found = {
        name: sorted(target for target in graph[name] if target.startswith(EXTRACT + "."))
        for name in extractor_modules()
    }
    assert {name: targets for name, targets in found.items() if targets} == {}


def test_only_the_driver_is_imported_from_outside_extract() -> None:
    """The rest of the package reaches extractors through extract/__init__ (EXTRACTORS,
    extract()), never a module of extract/ directly."""
    graph = imports()
    found = {
        name: sorted(t for t in targets if t.startswith(EXTRACT + "."))
        for name, targets in graph.items()
        if not name.startswith(EXTRACT)
    }
    assert {name: targets for name, targets in found.items() if targets} == {}


def test_the_extractor_checks_see_a_library_module() -> None:
    assert defines_extractor(PACKAGE / "extract" / "rfc3464.py")
    assert not defines_extractor(PACKAGE / "message.py")


def compiled_texts(source: str) -> list[str]:
    """The literal text of each pattern a module compiles (`re.compile`, `patterns.compile`):
    the constant parts of its first argument, an f-string's included, names left out."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        callee = node.func
        name = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", "")
        if name != "compile":
            continue
        found.append("".join(
            part.value
            for part in ast.walk(node.args[0])
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        ))  # fmt: skip
    return found


def assigned_names(source: str) -> set[str]:
    """The names a module assigns at its top level."""
    return {
        target.id
        for node in ast.parse(source).body
        if isinstance(node, (ast.Assign, ast.AnnAssign))
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    }


def modules() -> dict[str, str]:
    return {module_name(path): path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py")}


def test_the_smtp_commands_and_their_phrases_live_in_smtp_only() -> None:
    """One list of the commands and one finder of the command a failure answered: the
    classifier and the extractors ask smtp.py, and no other module keeps its own."""
    own = {
        name
        for name, source in modules().items()
        if "SMTP_COMMANDS" in assigned_names(source)
        or any("RCPT|MAIL" in text or "reply to" in text for text in compiled_texts(source))
    }
    assert own == {"bounce_analyzer.smtp"}


def test_no_extractor_compiles_an_address_pattern() -> None:
    """Extractors frame an address in their own layout's words; the address itself is
    addresses.py's pattern (an f-string's {ADDRESS_ON_LINE}), so a pattern of an extractor
    holds no "@" of its own."""
    found = {
        name: texts
        for name, path in extractor_modules().items()
        if (texts := [t for t in compiled_texts(path.read_text(encoding="utf-8")) if "@" in t])
    }
    assert found == {}


def test_the_pattern_checks_see_what_they_look_for() -> None:
    source = (
        "import re\nfrom . import patterns\nfrom .addresses import ADDRESS_ON_LINE\n"
        "SMTP_COMMANDS = frozenset()\n"
        "A = patterns.compile(r'^<([^<>@]{1,64}@[^<>@]{1,64})>$')\n"
        "B = re.compile(rf'^<({ADDRESS_ON_LINE})>: in reply to (RCPT|MAIL)')\n"
    )
    assert compiled_texts(source) == ["^<([^<>@]{1,64}@[^<>@]{1,64})>$", "^<()>: in reply to (RCPT|MAIL)"]
    assert "SMTP_COMMANDS" in assigned_names(source)
