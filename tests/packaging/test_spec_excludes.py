"""The spec leaves out what the program never imports, and never a library it does.

The bundle once excluded lxml as "only an optional speed-up of openpyxl" after python-docx had made it a
requirement: the frozen program could not write or read Word files. The exclusions are checked against
every distribution the program's requirements pull in, as installed here.
"""

from __future__ import annotations

import ast
import importlib.metadata as md
import re

import tomllib

from tests.packaging.helpers import PACKAGING

ROOT = PACKAGING.parent


def _spec_excludes() -> set[str]:
    tree = ast.parse((PACKAGING / "evaldesk.spec").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "EXCLUDES" for t in node.targets):
            return set(ast.literal_eval(node.value))
    raise AssertionError("evaldesk.spec has no EXCLUDES list")


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0]


def _runtime_distributions() -> set[str]:
    """The project's requirements and theirs (extras and environment markers aside), as installed here."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    todo = [_name(r) for r in project["dependencies"]]
    seen: set[str] = set()
    while todo:
        name = todo.pop().lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = md.requires(name) or []
        except md.PackageNotFoundError:
            continue
        todo += [_name(r) for r in requires if "extra ==" not in r]
    return seen


def _import_names(distributions: set[str]) -> set[str]:
    names: set[str] = set()
    for top, dists in md.packages_distributions().items():
        if any(d.lower().replace("_", "-") in distributions for d in dists):
            names.add(top)
    return names


def test_no_library_the_program_requires_is_excluded_from_the_bundle() -> None:
    needed = _import_names(_runtime_distributions())
    assert {"docx", "lxml", "openpyxl", "reportlab", "PIL"} <= needed  # the lookup itself works
    excluded_packages = {e for e in _spec_excludes() if "." not in e}
    assert not excluded_packages & needed, (
        f"evaldesk.spec excludes required libraries: {excluded_packages & needed}"
    )


def test_the_exclusions_name_only_what_the_program_does_not_import() -> None:
    """No module of evaldesk imports an excluded top-level package (test tools aside)."""
    excluded = {e for e in _spec_excludes() if "." not in e}
    imported: set[str] = set()
    for path in (ROOT / "evaldesk").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.add(node.module.split(".")[0])
    assert not excluded & imported, f"evaldesk imports excluded packages: {excluded & imported}"
