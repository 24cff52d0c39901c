"""Credentials the app issued, checked by an implementation this project did not write: the
Digital Credentials Consortium's verifier (@digitalcredentials/vc with the eddsa-rdfc-2022
cryptosuite and the Bitstring Status List checker), offline, with the app's DID document and its
published status lists. Genuine credentials verify; a changed name, a changed unit or a flipped
signature byte does not; revocation and suspension are read from the status lists."""
import copy
from datetime import date, timedelta

import base58

from app.certification import services
from app.timeutil import today
from tests.credentials import dcc
from tests.factories_certification import CODES, embedded_open_badge, stored_pdf


def _badge(app, cert) -> dict:
    return embedded_open_badge(stored_pdf(app, cert))


def _flip_signature_byte(credential: dict) -> dict:
    changed = copy.deepcopy(credential)
    signature = bytearray(base58.b58decode(changed["proof"]["proofValue"][1:]))
    signature[10] ^= 0x01
    changed["proof"]["proofValue"] = "z" + base58.b58encode(bytes(signature)).decode()
    return changed


def _renamed(credential: dict, name: str) -> dict:
    changed = copy.deepcopy(credential)
    changed["credentialSubject"]["name"] = name
    changed["credentialSubject"]["identifier"][0]["identityHash"] = name
    return changed


def test_the_dcc_verifier_accepts_ours_and_refuses_changes(
        app, db, client, cert_env, trained, certifiable_unit, make_person, make_qualification,
        make_standard, make_user, tmp_path, capsys):
    on, recently = today(), today() - timedelta(days=30)  # the verifier checks validity today
    person = trained(given_name="Amina", family_name="Ótieno-N'Dour", completed_on=recently)
    individual = services.issue_individual(person, CODES, None, on)
    revoked = services.issue_individual(trained(completed_on=recently), CODES, None, on)
    suspended = services.issue_individual(trained(completed_on=recently), CODES, None, on)
    make_standard("SEA-2", "2024", sign_off="TOT-SEA", effective_on=date(2024, 1, 1))
    trainer = make_person("GHA", given_name="Kofi", family_name="Mensah")
    qualification = make_qualification(trainer, "TOT-SEA", on - timedelta(days=400),
                                       on + timedelta(days=400))
    trainer_cert = services.issue_trainer(qualification, make_user("tot_trainer", state=None), on)
    unit_cert = services.issue_unit(certifiable_unit(size=6).unit, "L2", None, on)
    services.revoke(revoked, "issued_in_error", None)
    services.suspend(suspended, "under_review", None)
    db.session.commit()

    badges = {name: _badge(app, cert) for name, cert in [
        ("individual", individual), ("trainer", trainer_cert), ("unit", unit_cert),
        ("revoked", revoked), ("suspended", suspended)]}
    unit = badges["unit"]
    other_unit = _renamed(unit, unit["credentialSubject"]["name"] + " B")
    roster = copy.deepcopy(unit)
    roster["evidence"][0]["description"] = roster["evidence"][0]["description"].replace(
        "6 people", "7 people")
    cases = [*badges.items(),
             ("changed name", _renamed(badges["individual"], "Amina Otieno-N'Dour")),
             ("changed unit", other_unit), ("changed roster annex", roster),
             ("flipped signature byte", _flip_signature_byte(badges["trainer"]))]
    results = dcc.run(tmp_path, client.get("/.well-known/did.json").json, cases,
                      dcc.status_lists(client, badges.values()))

    for name in ("individual", "trainer", "unit"):
        assert results[name]["verified"], results[name]["error"]
        assert [s["flagged"] for s in results[name]["statuses"]] == [False, False]
    for name in ("changed name", "changed unit", "changed roster annex",
                 "flipped signature byte"):
        assert not results[name]["proofVerified"] and not results[name]["verified"], name
    assert results["revoked"]["proofVerified"] and not results["revoked"]["verified"]
    assert results["revoked"]["statuses"] == [{"statusPurpose": "revocation", "flagged": True},
                                              {"statusPurpose": "suspension", "flagged": False}]
    assert results["suspended"]["proofVerified"] and not results["suspended"]["verified"]
    assert results["suspended"]["statuses"] == [
        {"statusPurpose": "revocation", "flagged": False},
        {"statusPurpose": "suspension", "flagged": True}]
    with capsys.disabled():
        accepted = sum(r["verified"] for r in results.values())
        print(f"\nDCC verifier (@digitalcredentials/vc {dcc.verifier_version()}): checked "
              f"{len(results)} credentials issued here: {accepted} verified, "
              f"{len(results) - accepted} refused (4 altered, 1 revoked, 1 suspended)")
