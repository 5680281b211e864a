"""The import graph of evaldesk, read from the source (no module is imported to build it)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def import_graph() -> dict[str, set[str]]:
    """Module → the evaldesk modules it imports anywhere: module level, under ``TYPE_CHECKING`` or
    inside a function (a late import hides a circle from Python, not from the reader)."""
    mods: dict[str, Path] = {}
    for p in (ROOT / "evaldesk").rglob("*.py"):
        name = ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        mods[name] = p
    graph: dict[str, set[str]] = {}
    for name, p in mods.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("evaldesk"):
                for a in node.names:
                    full = f"{node.module}.{a.name}"
                    targets.add(full if full in mods else node.module)
            elif isinstance(node, ast.Import):
                targets |= {a.name for a in node.names if a.name.startswith("evaldesk")}
        graph[name] = {t for t in targets if t in mods and t != name}
    return graph


def circles(graph: dict[str, set[str]], prefixes: tuple[str, ...]) -> list[list[str]]:
    """For each module under ``prefixes`` that reaches itself again: the shortest way round, e.g.
    ``[a, b, a]`` (so a failing test names the imports to untie)."""
    out = []
    for start in sorted(m for m in graph if m.startswith(prefixes)):
        back: dict[str, str] = {}
        todo, seen, found = [start], {start}, None
        while todo and found is None:
            nxt = []
            for m in todo:
                for t in sorted(graph[m]):
                    if t == start:
                        found = m
                        break
                    if t not in seen:
                        seen.add(t)
                        back[t] = m
                        nxt.append(t)
                if found is not None:
                    break
            todo = nxt
        if found is not None:
            path = [found]
            while path[-1] != start:
                path.append(back[path[-1]])
            out.append([*reversed(path), start])
    return out
