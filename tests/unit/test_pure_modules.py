"""The rule modules are pure: they import neither Flask, SQLAlchemy, Babel nor any part of the app
that is not itself pure, and never read the clock (dates are passed in)."""
import ast
import importlib
import inspect

import pytest

PURE = ("app.catalogue.versions", "app.catalogue.levels", "app.catalogue.terms",
        "app.training.rules", "app.certification.kinds", "app.certification.rules",
        "app.readiness.rules", "app.pcrs.rules")
FORBIDDEN = {"flask", "flask_babel", "flask_login", "sqlalchemy", "werkzeug", "pydantic"}


def imports_of(module) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.add(node.module or "")
    return found


@pytest.mark.parametrize("name", PURE)
def test_rule_module_is_pure(name):
    module = importlib.import_module(name)
    imported = imports_of(module)
    assert not {i.split(".")[0] for i in imported} & FORBIDDEN, imported
    assert {i for i in imported if i.split(".")[0] == "app"} <= set(PURE), imported
    source = inspect.getsource(module)
    assert "today(" not in source and "now(" not in source
