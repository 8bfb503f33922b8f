"""The seams between packages, read from the source (docs/architecture.md): imports flow one
way, and no module uses another module's private (underscore) names."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import casefile

SRC = Path(casefile.__file__).parent


def _imports() -> Iterator[tuple[str, str, list[str]]]:
    """(file relative to casefile/, imported casefile module, names imported from it)."""
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                if node.module == "casefile" or node.module.startswith("casefile."):
                    yield rel, node.module, [a.name for a in node.names]
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name.startswith("casefile."):
                        yield rel, a.name, []


def _package(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def test_no_module_imports_another_modules_private_names() -> None:
    private = [
        f"{rel}: from {module} import {name}"
        for rel, module, names in _imports()
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert private == []


def test_the_core_never_imports_the_cli_or_the_web_app() -> None:
    wrong = []
    for rel, module, _ in _imports():
        here = rel.split("/")[0]
        if rel == "__main__.py" or here == "cli":
            continue
        if _package(module) == "cli" or (_package(module) == "web" and here != "web"):
            wrong.append(f"{rel} imports {module}")
    assert wrong == []


def test_the_vault_depends_on_nothing_of_ours_but_errors() -> None:
    # The workspace applies the schema's migrations when it opens (casefile.migrations, which
    # import nothing of ours: see below), and stamps the package version: the only other
    # imports the vault has.
    allowed = {"vault", "errors", "migrations", ""}
    wrong = [
        f"{rel} imports {module}"
        for rel, module, _ in _imports()
        if rel.startswith("vault/") and _package(module) not in allowed
    ]
    assert wrong == []


def test_no_migration_imports_a_stage_package() -> None:
    # A migration is frozen code: it must do the same thing whenever it runs, so it carries
    # what it needs (0012_victim_names its own copy of the name forms) instead of importing a
    # stage whose code changes later. The vault applies the migrations when a workspace
    # opens, so an import here would also make the vault depend on that stage.
    wrong = [
        f"{rel} imports {module}"
        for rel, module, _ in _imports()
        if rel.startswith("migrations/") and _package(module) != "migrations"
    ]
    assert wrong == []
