"""The layout stays readable: no import cycle among govcloud's modules, no module over 400 lines.

Both are read from the source with ``ast`` and the file system, not by importing anything, so a cycle
that Python tolerates today (one side deferred into a function, or kept under ``TYPE_CHECKING``) is
still found: it is the same two modules depending on each other, only hidden.
"""

from __future__ import annotations

import ast
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
MAX_LINES = 400
# Python modules only: generated data (JSON schemas, pack configs, the docs) is not code and is not counted.
SIZE_CHECKED = (SRC / "govcloud", ROOT / "stacks", ROOT / "policies")


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted((SRC / "govcloud").rglob("*.py"))}


def _imported(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The govcloud modules ``module`` imports anywhere in its source: at the top, under TYPE_CHECKING or in a function.

    ``from a.b import c`` is an edge to ``a.b.c`` when that is a module, else to ``a.b``; an import of a
    submodule is not counted as an import of the packages above it (Python initialises those first,
    whichever way the edges point).
    """
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names
            ]
        else:
            continue
        for name in names:
            target = name
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != module:
                found.add(target)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each module that can reach itself, by its shortest way back; a cycle found from several of its modules once."""
    found: dict[frozenset[str], list[str]] = {}
    for start in sorted(graph):
        cycle = _way_back(graph, start)
        if cycle is not None:
            found.setdefault(frozenset(cycle), cycle)
    return list(found.values())


def _way_back(graph: dict[str, set[str]], start: str) -> list[str] | None:
    """The shortest import chain from ``start`` back to itself (breadth first), or None."""
    paths = {start: [start]}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for target in sorted(graph[node]):
            if target == start:
                return [*paths[node], start]
            if target not in paths:
                paths[target] = [*paths[node], target]
                queue.append(target)
    return None


def test_no_import_cycle_among_govcloud_modules() -> None:
    known = _modules()
    graph = {module: _imported(module, path, known) for module, path in known.items()}
    assert sum(len(targets) for targets in graph.values()) > 300, "the graph holds the imports"
    cycles = [" -> ".join(cycle) for cycle in _cycles(graph)]
    assert cycles == [], "import cycles:\n" + "\n".join(cycles)


def test_the_check_sees_hidden_and_relative_imports(tmp_path: Path) -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert list(_cycles(graph)) == [["a", "b", "c", "a"]]
    source = tmp_path / "x.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "from . import z\n"
        "if TYPE_CHECKING:\n    from govcloud.p.y import Thing\n"
        "def later():\n    import govcloud.w.deep\n",
        encoding="utf-8",
    )
    known = dict.fromkeys(("govcloud.p.x", "govcloud.p.y", "govcloud.p.z", "govcloud.w"), source)
    assert _imported("govcloud.p.x", source, known) == {"govcloud.p.y", "govcloud.p.z", "govcloud.w"}


def test_no_module_over_400_lines() -> None:
    sizes = {
        path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for folder in SIZE_CHECKED
        for path in folder.rglob("*.py")
    }
    assert len(sizes) > 100, "the walk found the modules"
    over = [f"{name}: {lines} lines" for name, lines in sorted(sizes.items()) if lines > MAX_LINES]
    assert over == [], f"modules over {MAX_LINES} lines:\n" + "\n".join(over)
