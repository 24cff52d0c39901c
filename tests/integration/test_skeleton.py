from app import create_app
from app.config import Config


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_unknown_page_is_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"Not found" in response.data
    assert b"Traceback" not in response.data


def test_production_refuses_without_secret(monkeypatch, tmp_path):
    class Prod(Config):
        SECRET_KEY = None
        SIGNING_KEY_PATH = str(tmp_path / "missing.pem")

    try:
        create_app(Prod)
    except RuntimeError as exc:
        assert "SECRET_KEY" in str(exc)
    else:
        raise AssertionError("production app started without a secret")


def test_security_headers_on_every_page(client):
    for path in ("/", "/catalogue", "/nope"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"


def test_login_logout(client, make_user, login_as):
    user = make_user()
    login_as(user)
    assert client.get("/").status_code == 200
    response = client.post("/auth/logout")
    assert response.status_code == 302
