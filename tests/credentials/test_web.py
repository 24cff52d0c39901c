"""The open credentials on the web: the DID document, and a certificate's Open Badges credential
downloaded from the public verify page and the certificate page, the same as the one in its
PDF."""
import json

from app.certification import services
from app.credentials import signing
from app.credentials import did
from tests.factories_certification import CODES, ON, embedded_open_badge, stored_pdf


def test_the_did_document_publishes_every_key(app, client, cert_env, tmp_path):
    retired = {"kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "kid": "0123456789abcdef",
               "x": signing.b64url(bytes(range(32))), "valid_to": "2026-01-01T00:00:00Z"}
    (tmp_path / "retired.json").write_text(json.dumps({"keys": [retired]}))
    app.config["SIGNING_RETIRED_KEYS_PATH"] = str(tmp_path / "retired.json")
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200 and response.mimetype == "application/did+ld+json"
    document = response.json
    assert document["id"] == "did:web:pkt.example.org"
    with app.app_context():
        kid = signing.current_kid()
    methods = {m["id"]: m for m in document["verificationMethod"]}
    assert list(methods) == [f"did:web:pkt.example.org#{kid}",
                             "did:web:pkt.example.org#0123456789abcdef"]
    assert document["assertionMethod"] == list(methods)
    old = methods["did:web:pkt.example.org#0123456789abcdef"]
    assert old["type"] == "Multikey" and old["controller"] == document["id"]
    assert did.raw_from_multibase(old["publicKeyMultibase"]) == bytes(range(32))
    assert client.get("/did.json").json == document


def test_the_credential_downloads_as_embedded(app, db, client, cert_env, trained, login_as,
                                              make_user):
    cert = services.issue_individual(trained(), CODES, None, ON)
    db.session.commit()
    embedded = embedded_open_badge(stored_pdf(app, cert))
    public = client.get(f"/verify/{cert.token}/credential.json")
    assert public.status_code == 200 and public.mimetype == "application/ld+json"
    assert public.headers["Content-Disposition"] == \
        f'attachment; filename="{cert.serial}-open-badge.json"'
    assert public.json == embedded == json.loads(cert.open_badge)
    assert embedded["id"] == f"https://pkt.example.org/verify/{cert.token}"
    assert client.get(f"/verify/{cert.token}x/credential.json").status_code == 404
    page = client.get(f"/verify/{cert.token}").get_data(as_text=True)
    assert f'href="/verify/{cert.token}/credential.json"' in page

    assert client.get(f"/certificates/{cert.id}/credential.json").status_code == 302
    login_as(make_user("centre_registrar"))
    staff = client.get(f"/certificates/{cert.id}/credential.json")
    assert staff.status_code == 200 and staff.json == embedded
    detail = client.get(f"/certificates/{cert.id}").get_data(as_text=True)
    assert f'href="/certificates/{cert.id}/credential.json"' in detail
