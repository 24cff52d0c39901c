"""Unit pre-deployment certificates (readiness decides) and trainer qualification certificates."""
import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from app.certification import services
from app.timeutil import today
from tests.factories_certification import embedded_credential, stored_pdf


def test_unit_certificate_with_roster_annex(app, db, cert_env, certifiable_unit, make_user):
    setup = certifiable_unit(size=12)
    officer = make_user("certifying_officer")
    cert = services.issue_unit(setup.unit, "L2", officer, today())
    db.session.commit()
    assert cert.kind == "unit" and cert.profile_id == setup.profile.id
    # 12 months from today (profile), but the trainees' passes lapse first (12 months after they
    # were made, 30 days ago): the unit stays certified until the 80 % share lapses.
    completed = today() - timedelta(days=30)
    assert cert.expires_on < today() + timedelta(days=366)
    assert cert.expires_on >= completed.replace(year=completed.year + 1) - timedelta(days=1)
    data = stored_pdf(app, cert)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    first = reader.pages[0]
    assert float(first.mediabox[2]) > float(first.mediabox[3])  # landscape front page
    annex = "".join(p.extract_text() for p in reader.pages[1:])
    for person in setup.people:
        assert person.family_name in annex
        assert person.service_number not in annex
    payload = embedded_credential(data)["payload"]
    assert payload["roster"]["size"] == 12 and len(payload["roster"]["sha256"]) == 64
    assert payload["profile"] == {"code": setup.profile.code, "version": 1, "level": "L2"}
    assert payload["unit"] == {"type": "infantry_battalion", "mission": "UNMISS",
                               "rotation": "R1"}
    front = " ".join(first.extract_text().split())
    assert "Mission UNMISS" in front and "Rotation R1" in front
    assert "CD-1 2017 CD-1 title / CD-1 titre" in front  # standards by title, both languages
    assert services.valid_unit_certificate(setup.unit, setup.profile, today()).id == cert.id


def test_unit_refusal_gives_every_readiness_reason(app, db, cert_env, certifiable_unit):
    setup = certifiable_unit(size=10, trained=7)  # 80 % of 10 = 8 needed
    with pytest.raises(services.NotEligible) as refused:
        services.issue_unit(setup.unit, "L2", None, today())
    texts = [r.params["text"] for r in refused.value.refusals]
    assert any("CD-1" in t and "7" in t and "8" in t for t in texts)
    assert any("SEA-1" in t for t in texts)


def test_unit_without_a_profile_for_the_level(app, db, cert_env, certifiable_unit):
    setup = certifiable_unit(size=3)
    with pytest.raises(services.NotEligible) as refused:
        services.issue_unit(setup.unit, "RDL", None, today())
    assert refused.value.refusals[0].code == "no_profile"


def test_only_the_states_certifying_officer_issues_unit_certificates(
        app, db, client, cert_env, certifiable_unit, make_user, login_as):
    setup = certifiable_unit(size=5)
    unit_id = setup.unit.id
    registrar = make_user("centre_registrar")
    foreign = make_user("certifying_officer", state="GHA")
    officer = make_user("certifying_officer")
    db.session.expunge(setup.unit)  # requests load it through the tenancy hook
    login_as(registrar)
    assert client.post(f"/certificates/units/{unit_id}/issue", data={"u-level": "L2"}).status_code == 403
    client.post("/auth/logout")
    login_as(foreign)
    assert client.post(f"/certificates/units/{unit_id}/issue", data={"u-level": "L2"}).status_code == 404
    client.post("/auth/logout")
    login_as(officer)
    response = client.post(f"/certificates/units/{unit_id}/issue", data={"u-level": "L2"})
    assert response.status_code == 302 and "/certificates/" in response.headers["Location"]


def test_trainer_certificate(app, db, cert_env, make_person, make_qualification, make_standard,
                             make_user):
    make_standard("SEA-1", "2024", sign_off="TOT-SEA", effective_on=date(2024, 1, 1))
    make_standard("SEA-2", "2024", sign_off="TOT-SEA", effective_on=date(2024, 1, 1))
    trainer = make_person("GHA", given_name="Kofi", family_name="Mensah")
    q = make_qualification(trainer, "TOT-SEA", date(2025, 1, 1), date(2027, 12, 31))
    tot = make_user("tot_trainer", state=None)
    cert = services.issue_trainer(q, tot, date(2026, 1, 5))
    db.session.commit()
    assert cert.kind == "trainer" and cert.serial.startswith("GHA-2026-")
    assert cert.expires_on == date(2027, 12, 31)
    payload = embedded_credential(stored_pdf(app, cert))["payload"]
    assert payload["qualification"] == {"code": "TOT-SEA", "valid_from": "2025-01-01"}
    assert [s["code"] for s in payload["standards"]] == ["SEA-1", "SEA-2"]
    with pytest.raises(services.NotEligible) as refused:
        services.issue_trainer(q, tot, date(2028, 1, 1))
    assert [r.code for r in refused.value.refusals] == ["qualification_expired"]


def test_lifecycle_permissions(app, db, cert_env, make_user, trained):
    from app.auth.permissions import Action, can
    cert = services.issue_individual(trained(codes=("CD-1",), completed_on=date(2026, 1, 1)),
                                     ["CD-1"], None, date(2026, 2, 1))
    db.session.commit()
    officer, foreign = make_user("certifying_officer"), make_user("certifying_officer", state="GHA")
    un, tot = make_user("un_officer"), make_user("tot_trainer", state=None)
    registrar = make_user("centre_registrar")
    assert can(officer, Action.CERT_REVOKE, cert) and can(officer, Action.CERT_SUSPEND, cert)
    assert not can(foreign, Action.CERT_REVOKE, cert)
    assert can(un, Action.CERT_REVOKE, cert) and can(un, Action.CERT_SUSPEND, cert)
    assert not can(tot, Action.CERT_REVOKE, cert)  # not a trainer certificate
    assert not can(registrar, Action.CERT_REVOKE, cert)
    cert.kind = "trainer"
    assert can(tot, Action.CERT_REVOKE, cert) and not can(officer, Action.CERT_REVOKE, cert)


def test_lifecycle_through_the_pages(app, db, client, cert_env, trained, make_user, login_as):
    from app.certification.models import Certificate
    officer = make_user("certifying_officer")
    cert = services.issue_individual(trained(completed_on=today() - timedelta(days=5)),
                                     ["CD-1"], officer, today())
    db.session.commit()
    cert_id = cert.id
    login_as(officer)
    detail = client.get(f"/certificates/{cert_id}").get_data(as_text=True)
    assert 'id="s-reason"' in detail and f'href="/certificates/{cert_id}/revoke"' in detail
    assert 'id="r-reason"' in client.get(f"/certificates/{cert_id}/revoke").get_data(as_text=True)
    assert client.post(f"/certificates/{cert_id}/suspend", data={"s-reason": "nonsense"}).status_code == 400
    assert client.post(f"/certificates/{cert_id}/suspend", data={"s-reason": "under_review"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Certificate, cert_id).status == "suspended"
    client.post(f"/certificates/{cert_id}/reinstate")
    db.session.expire_all()
    assert db.session.get(Certificate, cert_id).status == "valid"
    client.post(f"/certificates/{cert_id}/correct")
    db.session.expire_all()
    old = db.session.get(Certificate, cert_id)
    assert old.status == "revoked" and old.superseded_by_id is not None
    new = db.session.get(Certificate, old.superseded_by_id)
    assert new.supersedes_id == old.id and new.serial != old.serial
    client.post(f"/certificates/{new.id}/revoke", data={"r-reason": "issued_in_error"})
    response = client.post(f"/certificates/{new.id}/revoke", data={"r-reason": "other"},
                           follow_redirects=True)
    assert "already revoked" in response.get_data(as_text=True)
    from app.audit.models import AuditEvent
    actions = db.session.scalars(db.select(AuditEvent.action).where(
        AuditEvent.action.like("certificate.%")).order_by(AuditEvent.seq)).all()
    assert actions == ["certificate.issue", "certificate.suspend", "certificate.reinstate",
                       "certificate.revoke", "certificate.issue", "certificate.revoke"]
