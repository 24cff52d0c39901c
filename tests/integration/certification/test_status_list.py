"""The published status lists (W3C Bitstring Status List): every certificate has a random
position, the signed list follows every status change at once, and positions are reserved in the
issuing transaction."""
import base64
import gzip
import json
import threading

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from app.certification import services
from app.credentials import signing
from app.certification.verification import status_list
from app.certification.models import Certificate, StatusSlot
from tests.factories_certification import (CODES, ON, embedded_credential, issue_at_once,
                                          stored_pdf)


def _position(cert) -> tuple[int, int]:
    entries = json.loads(cert.payload)["credentialStatus"]
    assert [e["statusPurpose"] for e in entries] == ["revocation", "suspension"]
    assert len({e["statusListIndex"] for e in entries}) == 1
    list_no = int(entries[0]["statusListCredential"].rsplit("/", 1)[1])
    return list_no, int(entries[0]["statusListIndex"])


def _fetch(client, purpose, list_no=1) -> dict:
    response = client.get(f"/status/{purpose}/{list_no}")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    credential = response.json
    ttl = credential["credentialSubject"]["ttl"]
    assert response.headers["Cache-Control"] == f"public, max-age={ttl // 1000}"
    return credential


def _bits(credential) -> bytes:
    """What an outside verifier does: multibase 'u', base64url, gunzip."""
    encoded = credential["credentialSubject"]["encodedList"]
    assert encoded[0] == "u"
    body = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def _bit(credential, index) -> int:
    return (_bits(credential)[index // 8] >> (7 - index % 8)) & 1


def _verifies_offline(client, credential) -> bool:
    """The list's proof checked as an outside verifier would: the key its verification method
    names in the site's published DID document, the Data Integrity (eddsa-rdfc-2022) bytes."""
    from app.credentials import did, proof

    document = client.get("/.well-known/did.json").json
    assert credential["issuer"] == document["id"] == "did:web:pkt.example.org"
    keys = {m["id"]: did.raw_from_multibase(m["publicKeyMultibase"])
            for m in document["verificationMethod"]}

    def public_key_for(method):
        return Ed25519PublicKey.from_public_bytes(keys[method]) if method in keys else None

    return proof.verify(credential, public_key_for).ok


def test_an_issued_certificate_names_its_position_in_both_lists(app, db, cert_env, trained):
    cert = services.issue_individual(trained(), CODES, None, ON)
    db.session.commit()
    list_no, index = _position(cert)
    assert list_no == 1 and 0 <= index < status_list.LIST_SIZE
    slot = db.session.scalars(db.select(StatusSlot)).one()
    assert (slot.list_no, slot.index, slot.serial) == (list_no, index, cert.serial)
    embedded = embedded_credential(stored_pdf(app, cert))["payload"]["credentialStatus"]
    assert embedded == json.loads(cert.payload)["credentialStatus"]
    assert embedded[0]["statusListCredential"] == "https://pkt.example.org/status/revocation/1"


def test_the_lists_follow_every_status_change_at_once(app, db, client, cert_env, trained,
                                                     make_user):
    officer = make_user("certifying_officer")
    cert = services.issue_individual(trained(), CODES, officer, ON)
    other = services.issue_individual(trained(), CODES, officer, ON)
    db.session.commit()
    _list, index = _position(cert)
    _list, other_index = _position(other)

    revocation, suspension = _fetch(client, "revocation"), _fetch(client, "suspension")
    for credential, purpose in ((revocation, "revocation"), (suspension, "suspension")):
        assert len(_bits(credential)) * 8 == status_list.LIST_SIZE >= 131_072
        assert credential["credentialSubject"]["statusPurpose"] == purpose
        assert _verifies_offline(client, credential)
        assert _bit(credential, index) == 0 and not any(_bits(credential))

    services.suspend(cert, "under_review", officer)
    db.session.commit()
    assert _bit(_fetch(client, "suspension"), index) == 1
    assert _bit(_fetch(client, "revocation"), index) == 0

    services.reinstate(cert, officer)  # un-suspending works
    db.session.commit()
    assert _bit(_fetch(client, "suspension"), index) == 0

    services.revoke(cert, "issued_in_error", officer)
    db.session.commit()
    revocation = _fetch(client, "revocation")
    assert _bit(revocation, index) == 1 and _bit(revocation, other_index) == 0
    assert sum(bin(byte).count("1") for byte in _bits(revocation)) == 1
    with pytest.raises(services.LifecycleError):  # un-revoking is refused
        services.reinstate(cert, officer)
    with pytest.raises(services.LifecycleError):
        services.revoke(cert, "other", officer)
    assert _bit(_fetch(client, "revocation"), index) == 1


def test_an_edited_list_fails_its_signature(app, db, client, cert_env, trained):
    cert = services.issue_individual(trained(), CODES, None, ON)
    services.revoke(cert, "other", None)
    db.session.commit()
    credential = _fetch(client, "revocation")
    assert _verifies_offline(client, credential)
    cleared = gzip.compress(bytes(status_list.LIST_SIZE // 8))
    credential["credentialSubject"]["encodedList"] = "u" + signing.b64url(cleared)
    assert not _verifies_offline(client, credential)


def test_a_correction_sets_the_old_bit_and_gives_the_new_one_its_own(app, db, client, cert_env,
                                                                     trained, make_user):
    officer = make_user("certifying_officer")
    old = services.issue_individual(trained(), CODES, officer, ON)
    db.session.commit()
    new = services.correct(old, officer, ON)
    db.session.commit()
    revocation = _fetch(client, "revocation")
    assert _position(new) != _position(old)
    assert _bit(revocation, _position(old)[1]) == 1 and _bit(revocation, _position(new)[1]) == 0


def test_a_reissue_sets_the_superseded_ones_bit_in_the_revocation_list(app, db, client, cert_env,
                                                                       trained, make_user):
    """Re-issued, superseding: the old certificate is not revoked in the app's records (it reads
    'superseded'), but a verifier that knows only the status lists must refuse it too."""
    from app.certification.kinds import IssueChoice

    officer = make_user("certifying_officer")
    person = trained()
    old = services.issue_individual(person, CODES, officer, ON)
    db.session.commit()
    assert _bit(_fetch(client, "revocation"), _position(old)[1]) == 0
    new = services.issue_individual(person, CODES, officer, ON, choice=IssueChoice.SUPERSEDE)
    db.session.commit()
    revocation, suspension = _fetch(client, "revocation"), _fetch(client, "suspension")
    assert _bit(revocation, _position(old)[1]) == 1 and _bit(revocation, _position(new)[1]) == 0
    assert _bit(suspension, _position(old)[1]) == 0
    assert _verifies_offline(client, revocation)


def test_unknown_lists_are_not_found(app, db, client, cert_env, trained):
    assert client.get("/status/revocation/1").status_code == 404  # nothing issued yet
    services.issue_individual(trained(), CODES, None, ON)
    db.session.commit()
    assert client.get("/status/revocation/1").status_code == 200
    for url in ("/status/revocation/2", "/status/revocation/0", "/status/expiry/1",
                "/status/revocation/x"):
        assert client.get(url).status_code == 404, url


def test_positions_are_random_distinct_and_given_back_on_rollback(app, db, cert_env):
    serials = [f"KEN-2026-{n:06d}" for n in range(1, 201)]
    positions = status_list.reserve(serials)
    indices = [positions[s][1] for s in serials]
    assert {positions[s][0] for s in serials} == {1}
    assert len(set(indices)) == 200
    assert indices != sorted(indices)  # not in issue order
    assert max(indices) - min(indices) > status_list.LIST_SIZE // 2  # spread over the list
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(StatusSlot)) == 0


def test_taken_positions_are_drawn_again(app, db, cert_env, monkeypatch):
    """A list of 8 bits taken whole: every draw that hits a taken bit is drawn again."""
    monkeypatch.setattr(status_list, "LIST_SIZE", 8)
    monkeypatch.setattr(status_list, "FILL", 8)
    first = status_list.reserve(["A-1", "A-2", "A-3"])
    rest = status_list.reserve([f"B-{n}" for n in range(5)])
    assert sorted(i for _l, i in [*first.values(), *rest.values()]) == list(range(8))
    assert status_list.reserve(["C-1"])["C-1"][0] == 2  # the full list is closed


def test_a_list_takes_positions_until_half_full(app, db, cert_env, monkeypatch):
    monkeypatch.setattr(status_list, "FILL", 3)
    assert {n for n, _i in status_list.reserve(["A-1", "A-2"]).values()} == {1}
    assert status_list.reserve(["A-3"])["A-3"][0] == 1  # 2 taken: still open
    assert status_list.reserve(["A-4"])["A-4"][0] == 2  # 3 taken: the next list opens
    assert status_list.reserve(["A-5"])["A-5"][0] == 2


def test_no_free_position_after_many_misses_is_an_error(app, db, cert_env, monkeypatch):
    status_list.reserve(["A-1"])
    taken = db.session.scalars(db.select(StatusSlot.index)).one()
    monkeypatch.setattr(status_list._random, "randrange", lambda _n: taken)
    with pytest.raises(status_list.NoFreePosition):
        status_list.reserve(["A-2"])


@pytest.mark.postgres
def test_parallel_issues_never_share_a_position(app, db, cert_env, trained, monkeypatch):
    """Six issues at once, every first draw the same bit: one gets it, the others wait for it,
    see it taken and draw again."""
    people = [trained().id for _ in range(6)]
    db.session.commit()
    draws = threading.local()
    real = status_list._random.randrange

    def first_draw_collides(n):
        if not getattr(draws, "done", False):
            draws.done = True
            return 4242
        return real(n)

    monkeypatch.setattr(status_list._random, "randrange", first_draw_collides)
    errors = issue_at_once(app, db, people)
    assert errors == []
    certs = db.session.scalars(db.select(Certificate)).all()
    positions = [_position(c) for c in certs]
    assert len(certs) == 6 and len(set(positions)) == 6
    assert (1, 4242) in positions


def test_a_list_reads_the_withdrawn_certificates_through_an_index(db):
    """At design scale (1 million certificates) a scan of every certificate made each list
    request take 241 ms instead of 18 ms (bench/status_list_bench.py)."""
    from sqlalchemy import text

    compiled = str(status_list.flagged("revocation", 1).compile(
        dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))
    if db.engine.dialect.name == "postgresql":  # tiny test tables: make a scan the last resort, as at scale
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(db.session.scalars(text(f"EXPLAIN {compiled}")))
    else:
        plan = "\n".join(row[-1] for row in db.session.execute(
            text(f"EXPLAIN QUERY PLAN {compiled}")))
    db.session.rollback()
    assert "ix_certificates_status_serial" in plan
    # the superseded ones: through their partial index or by serial, never a walk of every certificate
    assert "SCAN certificates" not in plan and "Seq Scan on certificates" not in plan
