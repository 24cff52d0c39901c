"""The issuing form's one-time key (security.md item 23): the same form sent twice issues one
certificate; a failed sending leaves nothing and the retry with the same key issues exactly
once; a key someone else used issues nothing; two sendings racing on PostgreSQL give one."""
import re
import threading
from datetime import timedelta

import pytest

from app.certification.rendering import pdf
from app.certification.models import Certificate, SerialCounter
from app.timeutil import today
from tests.conftest import PASSWORD, complete_mfa
from tests.factories_certification import CODES

KEY = re.compile(r'name="key" type="hidden" value="([^"]+)"')


def _form_key(client, person_id) -> str:
    page = client.get(f"/certificates/people/{person_id}/issue").get_data(as_text=True)
    return KEY.search(page).group(1)


def _send(client, person_id, key):
    return client.post(f"/certificates/people/{person_id}/issue",
                       data={"standards": list(CODES), "key": key})


def _count(db) -> int:
    return db.session.scalar(db.select(db.func.count(Certificate.id)))


@pytest.fixture
def officer_and_person(db, cert_env, trained, make_user, login_as):
    officer = make_user("certifying_officer")
    person = trained(completed_on=today() - timedelta(days=10))
    db.session.commit()
    login_as(officer)
    return officer, person


def test_each_page_view_gets_its_own_key(client, officer_and_person):
    _officer, person = officer_and_person
    first, second = _form_key(client, person.id), _form_key(client, person.id)
    assert first != second and len(first) >= 22


def test_the_same_form_sent_twice_issues_one_certificate(db, client, officer_and_person):
    _officer, person = officer_and_person
    key = _form_key(client, person.id)
    first, second = _send(client, person.id, key), _send(client, person.id, key)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert _count(db) == 1
    assert db.session.scalar(db.select(SerialCounter.last)) == 1  # one serial used
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "already sent" in page
    refused = _send(client, person.id, _form_key(client, person.id))  # a new form: the person
    assert refused.status_code == 200 and _count(db) == 1  # already holds a valid one
    another = client.post(f"/certificates/people/{person.id}/issue",  # unless re-issued
                          data={"standards": list(CODES), "key": _form_key(client, person.id),
                                "choice": "supersede"})
    assert another.status_code == 302 and another.headers["Location"] != first.headers["Location"]
    assert _count(db) == 2


def test_a_failed_sending_can_be_retried_and_issues_exactly_once(db, client, officer_and_person,
                                                                  monkeypatch):
    _officer, person = officer_and_person
    key = _form_key(client, person.id)
    real = pdf.render_pdf
    monkeypatch.setattr(pdf, "render_pdf", lambda html, **_kw: (_ for _ in ()).throw(
        pdf.RenderError("injected")))
    failed = _send(client, person.id, key)
    assert failed.status_code == 200 and "could not be produced" in failed.get_data(as_text=True)
    assert _count(db) == 0 and db.session.scalar(db.select(SerialCounter.last)) in (None, 0)
    monkeypatch.setattr(pdf, "render_pdf", real)
    retried, again = _send(client, person.id, key), _send(client, person.id, key)
    assert retried.status_code == again.status_code == 302
    assert retried.headers["Location"] == again.headers["Location"]
    cert = db.session.scalar(db.select(Certificate))
    assert _count(db) == 1 and cert.serial.endswith("-000001") and cert.idempotency_key == key


def test_a_key_someone_else_used_issues_nothing(db, app, cert_env, trained, make_user,
                                                 login_as, client):
    first, second = make_user("certifying_officer"), make_user("certifying_officer")
    person, other = (trained(completed_on=today() - timedelta(days=10)) for _ in range(2))
    db.session.commit()
    login_as(first)
    key = _form_key(client, person.id)
    assert _send(client, person.id, key).status_code == 302
    client.post("/auth/logout", data={})
    login_as(second)
    answer = _send(client, other.id, key)
    body = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "already used by someone else" in body
    assert _count(db) == 1
    fresh = KEY.search(body).group(1)
    assert fresh != key
    assert _send(client, other.id, fresh).status_code == 302 and _count(db) == 2


def test_an_empty_key_protects_nothing_and_is_not_stored(db, client, cert_env, trained,
                                                         officer_and_person):
    _officer, person = officer_and_person
    other = trained(completed_on=today() - timedelta(days=10))
    db.session.commit()
    assert _send(client, person.id, "").status_code == 302
    assert _send(client, other.id, "").status_code == 302  # was a 500: '' stored twice
    assert _count(db) == 2
    assert db.session.scalars(db.select(Certificate.idempotency_key)).all() == [None, None]


def test_a_malformed_key_is_refused(db, client, officer_and_person):
    _officer, person = officer_and_person
    answer = _send(client, person.id, "not a key; DROP TABLE")
    assert answer.status_code == 200 and _count(db) == 0


@pytest.mark.postgres
def test_two_sendings_racing_issue_one_certificate(app, db, officer_and_person):
    """Both pass the look-up before either commits; the second then waits for the first's
    transaction (the serial counter's lock), finds the certificate held, rolls back (no serial,
    no file) and answers with the first one's certificate, as the key's unique constraint
    would make it."""
    officer, person = officer_and_person
    clients = [app.test_client() for _ in range(2)]
    for each in clients:
        response = each.post("/auth/login", data={"email": officer.email, "password": PASSWORD})
        if response.headers["Location"].endswith("/auth/mfa"):
            complete_mfa(each, officer)
    key = _form_key(clients[0], person.id)
    from app.certification import views_issue
    barrier, answers = threading.Barrier(2), []
    real = views_issue._already_issued

    looked = []

    def late_check(form):  # both sendings' first look happens before either has issued
        found = real(form)
        looked.append(found)
        if len(looked) <= 2:
            barrier.wait(timeout=30)
        return found

    views_issue._already_issued = late_check
    try:
        threads = [threading.Thread(target=lambda c=c: answers.append(_send(c, person.id, key)))
                   for c in clients]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    finally:
        views_issue._already_issued = real
    assert looked[:2] == [False, False]  # neither saw the other's certificate beforehand
    assert sorted(a.status_code for a in answers) == [302, 302]
    assert answers[0].headers["Location"] == answers[1].headers["Location"]
    db.session.expire_all()
    assert _count(db) == 1 and db.session.scalar(db.select(SerialCounter.last)) == 1
    files = [p.name for p in cert_files(app)]
    assert len(files) == 1


def cert_files(app):
    from pathlib import Path
    return [p for p in Path(app.config["CERTIFICATE_DIR"]).rglob("*") if p.is_file()]
