"""Issuing an individual completion certificate end to end: eligibility, serial, token, payload,
signature, stored PDF."""
import json
from datetime import date

import pytest
import rfc8785

from app.certification import services
from app.credentials import signing
from app.certification.models import Certificate, SerialCounter
from tests.factories_certification import CODES, ON, embedded_credential, stored_pdf


def test_issue_stores_a_signed_pdf(app, db, cert_env, trained, make_user):
    person = trained(given_name="Amina", family_name="Otieno")
    officer = make_user("certifying_officer", display_name="Officer Kenya")
    cert = services.issue_individual(person, CODES, officer, ON)
    db.session.commit()

    assert cert.serial == "KEN-2026-000001"
    assert cert.expires_on == date(2026, 6, 1)  # readiness rules: valid through 12 months on
    data = stored_pdf(app, cert)
    assert data.startswith(b"%PDF")
    import hashlib
    assert hashlib.sha256(data).hexdigest() == cert.pdf_sha256
    credential = embedded_credential(data)
    canonical = rfc8785.dumps(credential["payload"])
    assert canonical.decode() == cert.payload
    assert signing.verify(canonical, credential["signature"], credential["kid"])
    payload = credential["payload"]
    assert payload["serial"] == cert.serial and payload["kind"] == "individual"
    assert payload["subject"] == {"name": "Capt Amina Otieno"}
    assert payload["id"] == f"https://pkt.example.org/verify/{cert.token}"
    assert [s["code"] for s in payload["standards"]] == list(CODES)
    assert payload["issuer"] == {"name": "Officer Kenya", "role": "certifying_officer"}
    text = json.dumps(payload)
    assert person.service_number not in text and "1990-01-01" not in text
    assert "sex" not in text


def test_serials_count_per_state_and_year(app, db, cert_env, trained, make_user):
    officer = make_user("certifying_officer")
    first = services.issue_individual(trained(), CODES, officer, ON)
    second = services.issue_individual(trained(), CODES, officer, ON)
    ghana = services.issue_individual(trained(state="GHA"), CODES, officer, ON)
    db.session.commit()
    assert [first.serial, second.serial, ghana.serial] == \
        ["KEN-2026-000001", "KEN-2026-000002", "GHA-2026-000001"]
    assert db.session.scalar(db.select(SerialCounter.last).filter_by(
        state_id=first.state_id, year=2026)) == 2


def test_refusal_lists_every_missing_standard(app, db, cert_env, make_person, make_completion,
                                              make_person_unqualified_signer=None):
    person = make_person("KEN")
    make_completion(person, "CD-1", date(2024, 1, 10))            # expired by ON
    make_completion(person, "SEA-1", date(2025, 9, 1), passed=False)  # failed only
    with pytest.raises(services.NotEligible) as refused:
        services.issue_individual(person, ["CD-1", "SEA-1", "POC-1"], None, ON)
    codes = [(r.code, r.params.get("standard")) for r in refused.value.refusals]
    assert codes == [("expired", "CD-1"), ("missing", "SEA-1"), ("unknown_standard", "POC-1")]
    assert db.session.scalar(db.select(db.func.count(Certificate.id))) == 0


def test_the_certifying_persons_function_is_signed_printed_and_shown(app, db, client, cert_env,
                                                                     trained, make_user):
    officer = make_user("certifying_officer", display_name="Col Amina Otieno")
    officer.job_title = "Director, Peace Support Training"
    cert = services.issue_individual(trained(), CODES, officer, ON)
    db.session.commit()
    payload = embedded_credential(stored_pdf(app, cert))["payload"]
    assert payload["issuer"] == {"name": "Col Amina Otieno", "role": "certifying_officer",
                                 "title": "Director, Peace Support Training"}
    from pypdf import PdfReader
    import io

    text = " ".join(PdfReader(io.BytesIO(stored_pdf(app, cert))).pages[0].extract_text().split())
    assert "Certified by / Certifié par: Col Amina Otieno" in text
    assert "Director, Peace Support Training" in text
    assert "Certifying officer / Officier de certification" in text
    page = client.get(f"/verify/{cert.token}").get_data(as_text=True)
    assert "Col Amina Otieno, Director, Peace Support Training" in page
