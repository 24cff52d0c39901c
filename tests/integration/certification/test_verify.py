"""The public verify page and its checks: every status, tampering, unknown tokens, privacy."""
import re
from datetime import date, timedelta

import pytest

from app.certification import services
from app.certification.models import Certificate
from tests.factories_certification import CODES, ON


@pytest.fixture
def issued(app, db, cert_env, trained, make_user):
    """A KEN individual certificate issued today (so the verify page, which uses today, sees it
    valid); returns (cert id, token, person)."""
    from app.timeutil import today

    person = trained(completed_on=today() - timedelta(days=30), given_name="Amina",
                     family_name="Otieno", service_number="KE-99887766")
    officer = make_user("certifying_officer", display_name="Officer Kenya")
    cert = services.issue_individual(person, CODES, officer, today())
    db.session.commit()
    return cert.id, cert.token, person, officer


def page(client, token):
    response = client.get(f"/verify/{token}")
    return response.status_code, response.get_data(as_text=True)


def status_of(html):
    found = re.search(r'data-status="(\w+)"', html)
    return found.group(1) if found else None


def test_valid_certificate_shows_what_it_covers_and_nothing_personal(client, issued):
    certificate_id, token, person, _officer = issued
    code, html = page(client, token)
    assert code == 200
    assert status_of(html) == "valid"
    assert "Capt Amina Otieno" in html and "KEN-" in html
    for code_ in CODES:
        assert code_ in html
    assert "Officer Kenya" in html
    assert person.service_number not in html
    assert "1990-01-01" not in html  # birth date
    assert "sex" not in html.lower().replace("sexual", "")


def test_every_status(app, db, client, issued, make_user):
    certificate_id, token, _person, officer = issued
    cert = db.session.get(Certificate, certificate_id)
    services.suspend(cert, "under_review", officer)
    db.session.commit()
    _c, html = page(client, token)
    assert status_of(html) == "suspended" and "Under review" in html
    services.reinstate(cert, officer)
    db.session.commit()
    assert status_of(page(client, token)[1]) == "valid"
    new = services.correct(cert, officer, cert.issued_on)
    db.session.commit()
    _c, html = page(client, token)
    assert status_of(html) == "superseded"
    assert f'href="/verify/{new.token}"' in html
    _c, html = page(client, new.token)
    assert status_of(html) == "valid" and cert.serial in html  # "corrects" the old serial
    services.revoke(new, "issued_in_error", officer)
    db.session.commit()
    _c, html = page(client, new.token)
    assert status_of(html) == "revoked" and "Issued in error" in html
    with pytest.raises(services.LifecycleError):
        services.revoke(new, "other", officer)  # final


def test_expired(app, db, client, issued):
    certificate_id, token, *_ = issued
    cert = db.session.get(Certificate, certificate_id)
    # a certificate whose validity ended yesterday (signed that way)
    from app.certification.issuing.issue import Draft, issue
    from app.timeutil import today
    draft = Draft(kind="individual", state=cert.state, holder="Someone", person_id=cert.person_id,
                  expires_on=today() - timedelta(days=1),
                  standards=[{"code": "CD-1", "version": "2017", "title_en": "t", "title_fr": "t",
                              "date": "2024-01-01"}])
    old = issue(draft, None, today() - timedelta(days=400))
    db.session.commit()
    assert status_of(page(client, old.token)[1]) == "expired"


def test_tampered_row_reads_invalid(app, db, client, issued):
    certificate_id, token, *_ = issued
    db.session.execute(db.update(Certificate).where(Certificate.id == certificate_id)
                       .values(holder_name="Someone Else"))
    db.session.commit()
    code, html = page(client, token)
    assert code == 200 and status_of(html) == "invalid"
    assert "Someone Else" not in html
    db.session.execute(db.update(Certificate).where(Certificate.id == certificate_id).values(
        holder_name="Capt Amina Otieno",
        payload=db.session.get(Certificate, certificate_id).payload.replace("Amina", "Amena")))
    db.session.commit()
    assert status_of(page(client, token)[1]) == "invalid"


def _normalise(html):
    """Drop what base.html varies per request (the language form's CSRF token and the current
    path it returns to): the rest of every 404 must be byte-identical."""
    html = re.sub(r'name="csrf_token" value="[^"]*"', "", html)
    return re.sub(r'name="next" value="[^"]*"', "", html)


def test_unknown_tokens_get_the_same_404(client, issued):
    _id, token, *_ = issued
    import secrets
    bodies = set()
    one_off = token[:-1] + ("y" if token.endswith("x") else "x")  # a near miss, never the token itself
    for candidate in [secrets.token_urlsafe(24) for _ in range(20)] + [one_off, "x" * 65]:
        response = client.get(f"/verify/{candidate}")
        assert response.status_code == 404
        bodies.add(_normalise(response.get_data(as_text=True)))
    other = client.get("/no/such/page")
    bodies.add(_normalise(other.get_data(as_text=True)))
    assert len(bodies) == 1


def test_tokens_are_long_random_and_unrelated(app, db, cert_env, trained):
    tokens = []
    for _ in range(12):
        cert = services.issue_individual(trained(), ["CD-1"], None, ON)
        tokens.append(cert.token)
    db.session.commit()
    assert len(set(tokens)) == len(tokens)
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]{32}", token)  # 24 bytes = 192 bits
    # no shared prefix or sequence between consecutive tokens
    assert all(a[:4] != b[:4] for a, b in zip(tokens, tokens[1:])) or len(set(t[:4] for t in tokens)) > 6


def test_signing_keys_are_published(app, client, cert_env):
    from app.credentials.signing import current_kid
    with app.test_request_context():
        kid = current_kid()
    keys = client.get("/.well-known/pkt-signing-keys.json").json["keys"]
    assert keys[0]["kid"] == kid and keys[0]["alg"] == "EdDSA" and len(keys[0]["x"]) == 43
    assert "valid_from" in keys[0] and "d" not in keys[0]


def test_verify_page_in_french(client, issued):
    from tests.factories_catalogue import ensure_translations
    ensure_translations()
    _id, token, *_ = issued
    client.post("/lang/fr", data={"next": f"/verify/{token}"})
    html = client.get(f"/verify/{token}").get_data(as_text=True)
    assert "Valable" in html and "Vérification d'un certificat" in html
    assert "Certificat de formation individuel" in html


def test_verify_is_rate_limited(tmp_path):
    from app import create_app
    from app.config import TestConfig
    from app.extensions import db as _db

    class Limited(TestConfig):
        RATELIMIT_ENABLED = True
        VERIFY_LIMIT = "3 per minute"

    app = create_app(Limited)
    with app.app_context():
        _db.create_all()
        client = app.test_client()
        codes = [client.get("/verify/unknown-token").status_code for _ in range(4)]
        assert codes == [404, 404, 404, 429]
        assert client.get("/api/v1/certificates/unknown").status_code == 429  # same limit key
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()
