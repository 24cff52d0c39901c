"""The benchmarks follow the app's code when it moves: every name a script under bench/ imports
from `app`, and every attribute it reads from an app module it imported, still exists. (The
benchmarks run only under `make bench` and `make load`, so nothing else would notice.)"""
import ast
import importlib
import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[3] / "bench"
SCRIPTS = sorted(BENCH.rglob("*.py"))


def app_references(tree: ast.AST) -> list[tuple[str, str, int]]:
    """(module, name, line) for each `from app... import name`, and for each `alias.attr` where
    `alias` is an app module imported that way."""
    found, modules = [], {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "app":
            for alias in node.names:
                found.append((node.module, alias.name, node.lineno))
                candidate = f"{node.module}.{alias.name}"
                if _is_module(candidate):
                    modules[alias.asname or alias.name] = candidate
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id in modules:
            found.append((modules[node.value.id], node.attr, node.lineno))
    return found


def _is_module(dotted: str) -> bool:
    try:
        return importlib.util.find_spec(dotted) is not None
    except ModuleNotFoundError:
        return False


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: str(p.relative_to(BENCH)))
def test_bench_script_names_exist_in_the_app(script):
    missing = missing_names(script.read_text())
    assert not missing, f"{script.name} uses names the app no longer has: {missing}"


def missing_names(source: str) -> list[str]:
    missing = []
    for module, name, line in app_references(ast.parse(source)):
        if not _is_module(module):
            missing.append(f"line {line}: {module}")
        elif not hasattr(importlib.import_module(module), name) \
                and not _is_module(f"{module}.{name}"):
            missing.append(f"line {line}: {module}.{name}")
    return missing


def test_the_check_sees_app_names_and_reports_moved_ones():
    tree = ast.parse((BENCH / "cert_bulk.py").read_text())
    names = {(module, name) for module, name, _line in app_references(tree)}
    assert ("app.certification.rendering.render_pool", "restart") in names
    assert ("app.certification.issuing.jobs", "run_bulk") in names
    moved = ("from app.certification.rendering import render_pool\n"
             "from app.nowhere import thing\n"
             "def f():\n    render_pool.no_such_function()\n")
    assert missing_names(moved) == [
        "line 2: app.nowhere", "line 4: app.certification.rendering.render_pool.no_such_function"]
