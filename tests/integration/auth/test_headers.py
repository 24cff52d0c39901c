"""Security headers (security.md check 16) on every GET route without parameters (the access
matrix checks the others, as every role), on 404 and 500 pages, and HSTS in production."""
import pytest

from app.auth.models import Role
from tests.conftest import PASSWORD
from tests.integration.auth.conftest import add_user


def assert_secure_headers(response, signed_in=False):
    h = response.headers
    csp = h["Content-Security-Policy"]
    for part in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
                 "script-src 'self'"):
        assert part in csp
    assert "unsafe-inline" not in csp
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] == "no-referrer"
    if h["Content-Type"].startswith("text/"):
        assert "charset=utf-8" in h["Content-Type"]
    if signed_in:
        assert h["Cache-Control"] == "no-store"


def _plain_get_routes(app):
    return sorted(r.rule for r in app.url_map.iter_rules()
                  if "GET" in r.methods and not r.arguments)


def test_headers_on_every_plain_get_route_anonymous_and_signed_in(client, app, make_user,
                                                                  login_as):
    routes = _plain_get_routes(app)
    for path in routes:
        assert_secure_headers(client.get(path))
    login_as(make_user(Role.UN_ADMIN))
    for path in routes:
        assert_secure_headers(client.get(path), signed_in=True)
    print(f"\nheaders checked on {len(routes)} routes, anonymous and signed in")


def test_sign_in_pages_are_never_cached(client):
    for path in ("/auth/login", "/auth/mfa/enrol"):
        assert client.get(path).headers["Cache-Control"] == "no-store"


def test_headers_on_404_and_500(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.route("/_boom")
    def boom():
        raise RuntimeError("boom")

    client = app.test_client()
    missing = client.get("/no/such/page")
    assert missing.status_code == 404
    assert_secure_headers(missing)
    broken = client.get("/_boom")
    assert broken.status_code == 500 and b"Traceback" not in broken.data
    assert_secure_headers(broken)


@pytest.mark.parametrize("hsts", [True, False])
def test_hsts_only_when_configured(make_app, hsts):
    app = make_app(HSTS=hsts)
    header = app.test_client().get("/").headers.get("Strict-Transport-Security")
    if hsts:
        assert header == "max-age=31536000; includeSubDomains"
    else:
        assert header is None


def test_production_config_turns_hsts_on():
    from app.config import Config, DevelopmentConfig

    assert Config.HSTS is True and DevelopmentConfig.HSTS is False


def test_personal_pages_are_no_store(make_app):
    app = make_app()
    user = add_user(Role.CENTRE_REGISTRAR, "reg@example.org", state="KEN")
    client = app.test_client()
    client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    for path in ("/auth/account", "/", "/api/v1/me"):
        assert client.get(path).headers["Cache-Control"] == "no-store"
