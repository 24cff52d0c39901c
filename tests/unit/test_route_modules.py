"""Every module that adds routes to a blueprint is imported when the app is built: a blueprint's
views module imports its other route modules by name (app/api/views.py lists the API's), so a
new route module that nobody imports would silently serve 404s. This test names it."""
import sys
from pathlib import Path

from app import create_app
from app.config import TestConfig

APP = Path(__file__).resolve().parents[2] / "app"


def test_every_route_module_is_imported_by_the_app():
    create_app(TestConfig)
    route_modules = {".".join(path.relative_to(APP.parent).with_suffix("").parts)
                     for path in APP.rglob("*.py") if "@bp.route(" in path.read_text()}
    assert route_modules, "no route modules found"
    missing = sorted(name for name in route_modules if name not in sys.modules)
    assert not missing, f"route modules no views module imports: {missing}"
