"""Data Integrity proofs (eddsa-rdfc-2022), the site's did:web and the Open Badges credential,
checked by the app's own verifier: what it accepts and what it refuses."""
import copy
from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.credentials import signing
from app.credentials import badge, did, issuing, proof


def _facts(**kw) -> badge.Facts:
    values = dict(kind="individual", serial="KEN-2026-000001",
                  verify_url="https://pkt.example.org/verify/abc", holder="Amina Otieno",
                  state_iso3="KEN", state_name="Kenya",
                  standards=[{"code": "CD-1", "version": "2017", "title": "Conduct"}],
                  issued_on=date(2026, 3, 2), expires_on=date(2027, 3, 1), status=[])
    return badge.Facts(**{**values, **kw})


@pytest.mark.parametrize("base, expected", [
    ("https://pkt.example.org", "did:web:pkt.example.org"),
    ("https://pkt.example.org/", "did:web:pkt.example.org"),
    ("http://127.0.0.1:5120", "did:web:127.0.0.1%3A5120"),
    ("https://un.example.org/pkt/app", "did:web:un.example.org:pkt:app"),
])
def test_did_web_follows_the_public_address(base, expected):
    assert did.did_for(base) == expected


def test_a_proof_verifies_and_any_change_is_refused():
    key = Ed25519PrivateKey.generate()
    raw = signing.raw_public(key.public_key())
    site = "did:web:pkt.example.org"
    credential = badge.build_credential(_facts(), site, "https://pkt.example.org", "PKT")
    signed = proof.sign(credential, key, did.method_id(site, "k1"), "2026-03-02T10:00:00Z")
    resolve = did.resolver(site, [("k1", raw)])
    assert proof.verify(signed, resolve).ok

    def refused(change, reason="bad_signature"):
        altered = copy.deepcopy(signed)
        change(altered)
        assert proof.verify(altered, resolve).reason == reason

    refused(lambda c: c["credentialSubject"].update(name="Amina Otieno-Mwangi"))
    refused(lambda c: c.update(validUntil="2030-03-01T23:59:59Z"))
    refused(lambda c: c["credentialSubject"]["achievement"]["tag"].append("POC-1 v2017"))
    refused(lambda c: c["proof"].update(created="2026-03-03T10:00:00Z"))
    refused(lambda c: c["proof"].update(verificationMethod=did.method_id(site, "k2")),
            "unknown_key")
    refused(lambda c: c["proof"].update(cryptosuite="eddsa-jcs-2022"), "unsupported_proof")
    refused(lambda c: c["proof"].update(proofPurpose="authentication"), "wrong_purpose")
    refused(lambda c: c.pop("proof"), "no_proof")
    other = proof.sign(credential, Ed25519PrivateKey.generate(), did.method_id(site, "k1"),
                       "2026-03-02T10:00:00Z")
    assert proof.verify(other, resolve).reason == "bad_signature"


def test_no_personal_data_beyond_the_printed_certificate():
    credential = badge.build_credential(
        _facts(kind="unit", holder="1st Kenyan Infantry Battalion", unit_type="infantry_battalion",
               profile={"code": "INF-L2", "level": "L2", "title": "Infantry battalion"},
               roster={"size": 850, "sha256": "ab" * 32}),
        "did:web:pkt.example.org", "https://pkt.example.org", "PKT")
    text = repr(credential).lower()
    for word in ("service", "gender", "birth", "sex"):
        assert word not in text
    assert credential["credentialSubject"]["name"] == "1st Kenyan Infantry Battalion"
    assert credential["evidence"][0]["id"] == "https://pkt.example.org/verify/abc#roster-annex"
    assert "850 people" in credential["evidence"][0]["description"]


def test_text_loses_control_characters():
    assert badge.text(" Amina\u0007\tOtieno\u200b ") == "Amina Otieno"
    assert badge.text("Ame\u0301lie") == "Amélie"


def test_the_site_verifies_only_its_own_keys(app, cert_env):
    with app.test_request_context():
        credential = issuing.certificate_credential(_facts())
        assert credential["issuer"]["id"] == "did:web:pkt.example.org"
        assert issuing.verify(credential).ok
        assert issuing.verify(credential).kid == signing.current_kid()
        foreign = copy.deepcopy(credential)
        foreign["issuer"]["id"] = "did:web:elsewhere.example.org"
        assert issuing.verify(foreign).reason == "not_ours"
        app.config["PUBLIC_BASE_URL"] = "https://other.example.org"
        assert issuing.verify(credential).reason == "not_ours"
