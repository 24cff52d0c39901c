"""Issuing again to someone who already holds a valid certificate for the same standards (issue 16
item 7): by default nothing is issued to them (the bulk job says how many it skipped, a single
certificate is refused naming the one held); "re-issue, superseding" issues a new certificate
that supersedes the one held. The one rule: app/certification/issuing/eligibility.py
`already_held`."""
import json
import re
from datetime import date, timedelta

import pytest

from app.certification import services
from app.certification.issuing import eligibility
from app.certification.kinds import CertificateStatus, IssueChoice
from app.certification.models import Certificate, Job
from app.timeutil import today
from tests.factories_certification import CODES, ON

KEY = re.compile(r'name="(?:b-)?key" type="hidden" value="([^"]+)"')


def _certs(db, **where) -> list[Certificate]:
    db.session.expire_all()
    return db.session.scalars(db.select(Certificate).filter_by(**where)
                              .order_by(Certificate.id)).all()


def _start_bulk(client, unit_id, **extra):
    page = client.get(f"/certificates/units/{unit_id}").get_data(as_text=True)
    data = {"b-level": "L2", "b-key": KEY.findall(page)[-1], **extra}
    response = client.post(f"/certificates/units/{unit_id}/bulk", data=data)
    assert response.status_code == 302, response.status_code
    return response.headers["Location"]


@pytest.fixture
def bulk_unit(db, cert_env, certifiable_unit, make_user, login_as):
    setup = certifiable_unit(size=5, trained=3)  # three eligible members
    registrar = make_user("centre_registrar")
    db.session.commit()
    login_as(registrar)
    return setup.unit.id, [p.id for p in setup.people[:3]]


def test_second_bulk_run_issues_nothing_and_says_how_many_it_skipped(db, client, bulk_unit):
    unit_id, eligible = bulk_unit
    first = client.get(_start_bulk(client, unit_id) + "/status").json
    assert (first["done"], first["total"], first["skipped"]) == (3, 3, 0)
    second_url = _start_bulk(client, unit_id)  # a new form, the default choice
    second = client.get(second_url + "/status").json
    assert second["status"] == "done"
    assert (second["done"], second["total"], second["skipped"]) == (0, 0, 3)
    assert second["downloads"] == {}  # nothing issued, nothing to download
    page = client.get(second_url).get_data(as_text=True)
    assert "3 members skipped: they already hold a valid certificate" in page
    french = client.get(second_url, headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "3 membres ignorés : ils détiennent déjà un certificat valable" in french
    unit_page = client.get(f"/certificates/units/{unit_id}",
                           headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Délivrer à nouveau, en remplaçant" in unit_page
    certs = _certs(db)
    assert len(certs) == 3 and sorted(c.person_id for c in certs) == sorted(eligible)


def test_bulk_reissue_supersedes_what_each_member_holds(db, client, bulk_unit):
    unit_id, eligible = bulk_unit
    _start_bulk(client, unit_id)
    old = {c.person_id: c.id for c in _certs(db)}
    url = _start_bulk(client, unit_id, **{"b-choice": "supersede"})
    status = client.get(url + "/status").json
    assert (status["done"], status["total"], status["skipped"]) == (3, 3, 0)
    assert "Re-issue, superseding" in client.get(url).get_data(as_text=True)
    certs = _certs(db)
    assert len(certs) == 6
    for cert in certs:
        if cert.id in old.values():
            assert services.effective_status(cert, today()) is CertificateStatus.SUPERSEDED
            assert cert.status == CertificateStatus.VALID  # superseded, not revoked
        else:
            assert services.effective_status(cert, today()) is CertificateStatus.VALID
            assert cert.supersedes_id == old[cert.person_id]
            assert db.session.get(Certificate, cert.supersedes_id).superseded_by_id == cert.id
    third = client.get(_start_bulk(client, unit_id) + "/status").json  # default again
    assert (third["done"], third["skipped"]) == (0, 3)


def test_bulk_start_refuses_an_unknown_choice(db, client, bulk_unit):
    unit_id, _eligible = bulk_unit
    page = client.get(f"/certificates/units/{unit_id}").get_data(as_text=True)
    assert re.search(r'<input checked [^>]*name="b-choice" type="radio" value="missing">', page)
    response = client.post(f"/certificates/units/{unit_id}/bulk",
                           data={"b-level": "L2", "b-choice": "everyone"})
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count(Job.id))) == 0


def test_a_member_whose_certificate_no_longer_counts_gets_a_new_one(db, client, bulk_unit,
                                                                     make_user):
    """Only a certificate valid today is 'held': revoked, suspended or expired ones are not."""
    unit_id, eligible = bulk_unit
    _start_bulk(client, unit_id)
    by_person = {c.person_id: c for c in _certs(db)}
    officer = make_user("certifying_officer")
    services.revoke(by_person[eligible[0]], "issued_in_error", officer)
    services.suspend(by_person[eligible[1]], "under_review", officer)
    db.session.commit()
    status = client.get(_start_bulk(client, unit_id) + "/status").json
    assert (status["done"], status["skipped"]) == (2, 1)
    renewed = {c.person_id for c in _certs(db) if c.id not in {x.id for x in by_person.values()}}
    assert renewed == {eligible[0], eligible[1]}


def _issue(person, codes, on, choice=IssueChoice.MISSING):
    return services.issue_individual(person, codes, None, on, choice=choice)


def test_already_held_boundaries(app, db, cert_env, trained):
    """Held: valid on the day, the same person, the same set of standard codes. Its last valid
    day counts; the day after does not; a different set of codes, another person, a superseded
    certificate or one issued after the day do not."""
    person, other = trained(), trained()
    cert = _issue(person, CODES, ON)
    db.session.commit()
    draft = eligibility.individual_draft(person, CODES, ON)
    assert eligibility.already_held([draft], ON) == [[cert]]
    reordered = eligibility.individual_draft(person, tuple(reversed(CODES)), ON)
    assert eligibility.already_held([reordered], ON) == [[cert]]  # a set: order does not matter
    assert eligibility.already_held([eligibility.individual_draft(person, CODES[:2], ON)],
                                    ON) == [[]]
    assert eligibility.already_held([eligibility.individual_draft(other, CODES, ON)], ON) == [[]]
    assert eligibility.already_held([draft], cert.expires_on) == [[cert]]  # its last valid day
    assert eligibility.already_held([draft], cert.expires_on + timedelta(days=1)) == [[]]
    assert eligibility.already_held([draft], ON - timedelta(days=1)) == [[]]  # not yet issued
    newer = _issue(person, CODES, ON, IssueChoice.SUPERSEDE)
    db.session.commit()
    assert eligibility.already_held([draft], ON) == [[newer]]  # the superseded one is not held


def test_individual_certificate_twice_is_refused_then_reissued_on_request(app, db, cert_env,
                                                                          trained):
    person = trained()
    first = _issue(person, CODES, ON)
    db.session.commit()
    with pytest.raises(services.NotEligible) as refused:
        _issue(person, CODES, ON)
    db.session.rollback()
    assert [(r.code, r.params["serial"]) for r in refused.value.refusals] == \
        [("already_held", first.serial)]
    assert len(_certs(db)) == 1
    other_standards = _issue(person, CODES[:1], ON)  # other standards: a certificate of its own
    second = _issue(person, CODES, ON, IssueChoice.SUPERSEDE)
    db.session.commit()
    assert second.supersedes_id == first.id
    assert services.effective_status(db.session.get(Certificate, first.id), ON) is \
        CertificateStatus.SUPERSEDED
    assert services.effective_status(other_standards, ON) is CertificateStatus.VALID


def test_duplicates_already_issued_are_all_superseded_by_a_reissue(app, db, cert_env, trained):
    """Two valid duplicates from before the fix (-000033 and -000883): a re-issue supersedes
    both; the new certificate names the newer one."""
    from app.audit.models import AuditEvent

    person = trained()
    draft = eligibility.individual_draft(person, CODES, ON)
    from app.certification.issuing import issue as issuing
    older = issuing.issue(draft, None, ON)
    newer = issuing.issue(eligibility.individual_draft(person, CODES, ON), None, ON)
    db.session.commit()
    cert = _issue(person, CODES, ON, IssueChoice.SUPERSEDE)
    db.session.commit()
    assert cert.supersedes_id == newer.id
    assert {c.id: c.superseded_by_id for c in (older, newer)} == {older.id: cert.id,
                                                                  newer.id: cert.id}
    details = db.session.scalars(db.select(AuditEvent.details).where(
        AuditEvent.action == "certificate.issue").order_by(AuditEvent.seq)).all()[-1]
    details = json.loads(details) if isinstance(details, str) else details
    assert details["supersedes"] == newer.id and details["also_supersedes"] == [older.id]


def test_trainer_certificate_twice(app, db, cert_env, make_person, make_qualification,
                                   make_standard, make_user):
    make_standard("SEA-1", "2024", sign_off="TOT-SEA", effective_on=date(2024, 1, 1))
    make_standard("CD-1", "2024", sign_off="TOT-CD", effective_on=date(2024, 1, 1))
    trainer = make_person("GHA")
    sea = make_qualification(trainer, "TOT-SEA", date(2025, 1, 1), date(2027, 12, 31))
    cd = make_qualification(trainer, "TOT-CD", date(2025, 1, 1), date(2027, 12, 31))
    tot = make_user("tot_trainer", state=None)
    on = date(2026, 1, 5)
    first = services.issue_trainer(sea, tot, on)
    db.session.commit()
    with pytest.raises(services.NotEligible) as refused:
        services.issue_trainer(sea, tot, on)
    db.session.rollback()
    assert refused.value.refusals[0].params["serial"] == first.serial
    services.issue_trainer(cd, tot, on)  # another qualification: not the same standards
    again = services.issue_trainer(sea, tot, on, choice=IssueChoice.SUPERSEDE)
    db.session.commit()
    assert again.supersedes_id == first.id
    assert len(_certs(db, kind="trainer")) == 3


def _individual_page_key(client, person_id):
    page = client.get(f"/certificates/people/{person_id}/issue").get_data(as_text=True)
    assert re.search(r'<input checked [^>]*name="choice" type="radio" value="missing">', page)
    return KEY.search(page).group(1)


def test_the_individual_page_points_at_the_certificate_held(db, client, cert_env, trained,
                                                             make_user, login_as):
    officer = make_user("certifying_officer")
    person = trained(completed_on=today() - timedelta(days=10))
    db.session.commit()
    person_id = person.id
    login_as(officer)
    data = {"standards": list(CODES)}
    first = client.post(f"/certificates/people/{person_id}/issue",
                        data={**data, "key": _individual_page_key(client, person_id)})
    assert first.status_code == 302
    held = _certs(db)[0]
    again = client.post(f"/certificates/people/{person_id}/issue",
                        data={**data, "key": _individual_page_key(client, person_id)})
    assert again.status_code == 200
    text = again.get_data(as_text=True)
    assert f"already held: {held.serial}" in text and "Re-issue, superseding" in text
    french = client.post(f"/certificates/people/{person_id}/issue",
                         headers={"Accept-Language": "fr"},
                         data={**data, "key": _individual_page_key(client, person_id)})
    assert f"déjà détenu : {held.serial}" in french.get_data(as_text=True)
    assert f'/certificates/{held.id}"' in text  # the certificates already issued link to it
    assert len(_certs(db)) == 1
    bad = client.post(f"/certificates/people/{person_id}/issue",
                      data={**data, "choice": "twice",
                            "key": _individual_page_key(client, person_id)})
    assert bad.status_code == 200 and len(_certs(db)) == 1  # the form shows its error
    reissued = client.post(f"/certificates/people/{person_id}/issue",
                           data={**data, "choice": "supersede",
                                 "key": _individual_page_key(client, person_id)})
    assert reissued.status_code == 302
    new = _certs(db)[-1]
    assert reissued.headers["Location"].endswith(f"/certificates/{new.id}")
    assert new.supersedes_id == held.id


def test_the_trainer_page_refuses_a_second_certificate(db, client, cert_env, make_person,
                                                        make_qualification, make_standard,
                                                        make_user, login_as):
    make_standard("SEA-1", "2024", sign_off="TOT-SEA", effective_on=date(2024, 1, 1))
    trainer = make_person("GHA")
    q = make_qualification(trainer, "TOT-SEA", today() - timedelta(days=30),
                           today() + timedelta(days=300))
    tot = make_user("tot_trainer", state=None)
    db.session.commit()
    q_id = q.id
    login_as(tot)
    url = f"/certificates/qualifications/{q_id}/issue"

    def key():
        page = client.get(url).get_data(as_text=True)
        assert 'name="choice"' in page
        return KEY.search(page).group(1)

    assert client.post(url, data={"key": key()}).status_code == 302
    refused = client.post(url, data={"key": key()})
    assert refused.status_code == 200 and "already held" in refused.get_data(as_text=True)
    assert client.post(url, data={"key": key(), "choice": "supersede"}).status_code == 302
    first, second = _certs(db, kind="trainer")
    assert second.supersedes_id == first.id and first.superseded_by_id == second.id


def test_a_reissued_certificate_s_verify_page_points_to_the_newer_one(app, db, client, cert_env,
                                                                        trained):
    person = trained(completed_on=today() - timedelta(days=10))
    old = _issue(person, CODES, today())
    db.session.commit()
    new = _issue(person, CODES, today(), IssueChoice.SUPERSEDE)
    db.session.commit()
    page = client.get(f"/verify/{old.token}").get_data(as_text=True)
    assert "Replaced by a newer certificate:" in page and new.serial in page
    assert "corrected" not in page  # a re-issue corrects nothing
    french = client.get(f"/verify/{old.token}", headers={"Accept-Language": "fr"})
    assert "Remplacé par un certificat plus récent" in french.get_data(as_text=True)


@pytest.mark.postgres
def test_the_same_certificate_issued_at_once_twice_is_issued_once(app, db, cert_env, trained):
    """Two officers issuing one person's certificate at the same moment (PostgreSQL, real
    concurrent transactions): one is issued, the other refused as already held."""
    from tests.factories_certification import issue_at_once

    person_id = trained().id
    db.session.commit()
    errors = issue_at_once(app, db, [person_id] * 3)
    assert [[r.code for r in e.refusals] for e in errors] == [["already_held"]] * 2, errors
    assert len(_certs(db)) == 1


def test_a_certificate_issued_while_the_job_runs_is_not_issued_again(app, db, cert_env,
                                                                      certifiable_unit,
                                                                      make_user, monkeypatch):
    """Each chunk looks again, under the serial counter's lock: a member issued a certificate
    after the job planned (by an officer, another job) is skipped and counted, not issued a
    duplicate."""
    from app.certification.issuing import bulk, jobs
    from tests.factories_certification import queued_bulk_job

    setup = certifiable_unit(size=4)
    registrar = make_user("centre_registrar")
    job = queued_bulk_job(db, setup.unit, registrar)
    first = setup.people[1].id
    real_plan = bulk.plan

    def plan_then_someone_issues(*args):
        planned = real_plan(*args)
        assert len(planned.drafts) == 4
        from app.units.models import Person
        services.issue_individual(db.session.get(Person, first), ["CD-1", "SEA-1"], None,
                                  today())
        db.session.commit()
        return planned

    monkeypatch.setattr(bulk, "plan", plan_then_someone_issues)
    jobs.run_bulk(job.id)
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    assert (job.status, job.done, job.total, job.skipped) == ("done", 3, 3, 1)
    holders = [c.person_id for c in _certs(db)]
    assert len(holders) == 4 and sorted(holders) == sorted(p.id for p in setup.people)
