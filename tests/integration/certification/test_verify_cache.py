"""The verify cache (app/certification/verification/public_cache.py): public answers come from
it, and every status change shows on the very next look-up, whichever way it was made. Each
test runs twice: on the per-process cache of development and tests, and on the real Redis of
this machine with each process's near cache in front of it
(app/certification/verification/near_cache.py), as in production."""
import pytest

from app.certification import services
from app.certification.verification import public_cache
from app.certification.models import Certificate
from app.extensions import cache
from app.timeutil import today
from tests.integration.certification.verify_helpers import on_redis, status_of


@pytest.fixture(autouse=True, params=["simple", "redis"])
def backend(request, app):
    """The cache under test: SimpleCache (None), or Redis with the near cache."""
    if request.param == "simple":
        yield None
    else:
        yield from on_redis(app)


def api_status(client, token):
    return client.get(f"/api/v1/certificates/{token}").get_json()["status"]


def test_an_anonymous_visit_is_cached_without_a_cookie(app, client, issued, backend):
    cert, _officer = issued
    response = client.get(f"/verify/{cert.token}")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    key = public_cache.page_key(cert.token, today(), "en")
    cached = public_cache.get(key)
    assert cached == response.get_data(as_text=True)
    assert public_cache.get(public_cache.record_key(cert.token, today()))["status"] == "valid"
    # a second visit is served from the cache: change the cached page and see it served
    cache.set(key, cached.replace("valid", "VALID"))
    if backend is not None:  # this process's near copy answers first, without asking Redis
        assert "VALID" not in client.get(f"/verify/{cert.token}").get_data(as_text=True)
        backend.drop([key])
    assert "VALID" in client.get(f"/verify/{cert.token}").get_data(as_text=True)


def test_each_language_has_its_own_cached_page(client, issued):
    cert, _officer = issued
    french = client.get(f"/verify/{cert.token}", headers={"Accept-Language": "fr"})
    english = client.get(f"/verify/{cert.token}", headers={"Accept-Language": "en"})
    assert '<html lang="fr">' in french.get_data(as_text=True)
    assert '<html lang="en">' in english.get_data(as_text=True)


def test_revoking_through_the_page_shows_on_the_next_visit(app, db, client, issued, login_as):
    cert, officer = issued
    visitor = app.test_client()
    assert status_of(visitor, cert.token) == "valid" and api_status(visitor, cert.token) == "valid"
    login_as(officer)
    response = client.post(f"/certificates/{cert.id}/revoke",
                           data={"r-reason": "issued_in_error"})
    assert response.status_code == 302
    assert status_of(visitor, cert.token) == "revoked"
    assert api_status(visitor, cert.token) == "revoked"
    assert status_of(visitor, cert.token, headers={"Accept-Language": "fr"}) == "revoked"


def test_suspend_reinstate_and_supersede_each_show_at_once(db, client, issued):
    cert, officer = issued
    for change, expected in [(lambda: services.suspend(cert, "under_review", officer), "suspended"),
                             (lambda: services.reinstate(cert, officer), "valid"),
                             (lambda: services.correct(cert, officer, today()), "superseded")]:
        assert status_of(client, cert.token) != expected
        assert api_status(client, cert.token) != expected  # both answers are now cached
        change()
        db.session.commit()
        assert status_of(client, cert.token) == expected
        assert api_status(client, cert.token) == expected


def test_a_reader_holding_the_old_row_cannot_put_it_back(db, client, issued):
    cert, officer = issued
    assert status_of(client, cert.token) == "valid"
    key = public_cache.record_key(cert.token, today())
    old = public_cache.get(key)
    services.revoke(cert, "other", officer)
    db.session.commit()
    public_cache.put(key, old)  # what a request that read the row before the commit would do
    public_cache.put(public_cache.page_key(cert.token, today(), "en"), "<p>old page</p>")
    public_cache.put(public_cache.api_key(cert.token, today()), '{"status": "valid"}')
    assert status_of(client, cert.token) == "revoked"
    assert api_status(client, cert.token) == "revoked"


def test_a_rolled_back_change_keeps_the_cache(db, client, issued):
    cert, officer = issued
    assert status_of(client, cert.token) == "valid"
    services.suspend(cert, "under_review", officer)
    db.session.flush()
    db.session.rollback()
    assert public_cache.get(public_cache.record_key(cert.token, today()))["status"] == "valid"


def test_a_bulk_update_clears_the_cache(db, client, issued):
    cert, _officer = issued
    assert status_of(client, cert.token) == "valid"
    db.session.execute(db.update(Certificate).where(Certificate.id == cert.id)
                       .values(status="revoked", status_reason="other"))
    db.session.commit()
    assert public_cache.get(public_cache.record_key(cert.token, today())) is None
    assert status_of(client, cert.token) == "revoked"


def test_unknown_tokens_are_not_cached(app, client, issued):
    for n in range(5):
        assert client.get(f"/verify/unknown-token-{n}").status_code == 404
    assert client.get("/api/v1/certificates/unknown-token-0").status_code == 404
    assert public_cache.get(public_cache.record_key("unknown-token-0", today())) is None
    assert public_cache.get(public_cache.page_key("unknown-token-0", today(), "en")) is None
    assert public_cache.get(public_cache.api_key("unknown-token-0", today())) is None


def test_pages_with_a_session_or_a_query_are_not_shared(app, client, issued, login_as):
    cert, officer = issued
    login_as(officer)
    client.get(f"/verify/{cert.token}")
    client.get(f"/verify/{cert.token}?from=email")
    app.test_client().get(f"/verify/{cert.token}?from=email")
    assert public_cache.get(public_cache.page_key(cert.token, today(), "en")) is None
    signed_in = client.get(f"/verify/{cert.token}").get_data(as_text=True)
    assert "Sign out" in signed_in  # rendered for this user, not a shared anonymous page


def test_a_dead_cache_server_does_not_stop_verification(app, db, client, issued, caplog):
    """A real Redis client pointed at a closed port: every cache call fails, the page works."""
    cert, officer = issued
    app.config.update(CACHE_TYPE="RedisCache", CACHE_REDIS_URL="redis://127.0.0.1:9/0",
                      CACHE_OPTIONS={"socket_connect_timeout": 0.2})
    cache.init_app(app)
    try:
        assert status_of(client, cert.token) == "valid"
        assert not public_cache._near().live  # no subscription: no near copy either
        services.revoke(cert, "other", officer)
        db.session.commit()  # the tombstone cannot be written: logged, not raised
        assert status_of(client, cert.token) == "revoked"
        assert "verify cache unavailable" in caplog.text
        assert "could not mark 1 certificate(s) stale" in caplog.text
    finally:
        public_cache._near().stop()
        app.config.update(CACHE_TYPE="SimpleCache", CACHE_OPTIONS=None)
        cache.init_app(app)


def test_production_refuses_a_per_process_cache():
    from app.config import Config

    assert any("verify cache" in p for p in Config.problems({"CACHE_TYPE": "SimpleCache"}))
    assert not any("verify cache" in p for p in Config.problems({"CACHE_TYPE": "RedisCache"}))

