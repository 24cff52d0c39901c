"""The certification hand-off: a registrar requests, the request waits in the certifying
officer's queue (on their home) with the unit's verdict, the officer issues from the queue or
declines with a reason the registrar sees on the unit page; each step an audit event; one
Member State never sees another's requests."""
import re

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.models import Role
from app.certification.models import Certificate
from app.certification.requests import CertificationRequest
from app.training.models import Completion


def _token(html, prefix):
    return re.search(rf'name="{prefix}-key" type="hidden" value="([^"]+)"', html).group(1)


def _actions(db):
    return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq))
            if e.action.startswith("certification.")]


def test_request_then_issue_from_the_queue(app, client, db, cert_env, certifiable_unit,
                                           make_user, login_as):
    setup = certifiable_unit(size=4)
    registrar = make_user(Role.CENTRE_REGISTRAR, state="KEN")
    officer = make_user(Role.CERTIFYING_OFFICER, state="KEN")
    db.session.commit()
    login_as(registrar)
    unit_page = client.get(f"/units/{setup.unit.id}").get_data(as_text=True)
    assert 'id="request-certification"' in unit_page
    response = client.post(f"/certificates/units/{setup.unit.id}/request", data={"q-level": "L2"})
    assert response.status_code == 302
    found = db.session.scalar(select(CertificationRequest))
    assert (found.status, found.level, found.requested_by_id) == ("waiting", "L2", registrar.id)
    unit_page = client.get(f"/units/{setup.unit.id}").get_data(as_text=True)
    assert "Waiting in the certifying officer&#39;s queue" in unit_page
    assert 'id="request-certification"' not in unit_page  # one waits: no second request
    again = client.post(f"/certificates/units/{setup.unit.id}/request", data={"q-level": "L2"})
    assert again.status_code == 302 and db.session.scalar(
        select(db.func.count(CertificationRequest.id))) == 1
    client.post("/auth/logout")

    login_as(officer)
    home = client.get("/home").get_data(as_text=True)
    queue = home.split('id="home-queue"', 1)[1].split("</section>", 1)[0]
    assert setup.unit.name in queue and "Certifiable today" in queue
    key = _token(home, f"i{found.id}")
    response = client.post(f"/certificates/requests/{found.id}/issue",
                           data={f"i{found.id}-key": key})
    assert response.status_code == 302 and "/certificates/" in response.headers["Location"]
    cert = db.session.scalar(select(Certificate).where(Certificate.kind == "unit"))
    db.session.refresh(found)
    assert (found.status, found.certificate_id, found.decided_by_id) == \
        ("issued", cert.id, officer.id)
    # the same form sent again issues nothing more
    client.post(f"/certificates/requests/{found.id}/issue", data={f"i{found.id}-key": key})
    assert db.session.scalar(select(db.func.count(Certificate.id))) == 1
    assert "No request is waiting." in client.get("/home").get_data(as_text=True)
    assert _actions(db) == ["certification.request", "certification.request_issued"]


def test_a_unit_no_longer_certifiable_says_so_and_is_not_issued(
        app, client, db, cert_env, certifiable_unit, make_user, login_as):
    from app.certification import requests as handoff
    from app.timeutil import today

    setup = certifiable_unit(size=4)
    registrar = make_user(Role.CENTRE_REGISTRAR, state="KEN")
    found = handoff.request_certification(setup.unit, "L2", registrar, today())
    for person in setup.people[1:]:  # three of four lose their passes: 1 of 4 hold, 4 needed
        for done in db.session.scalars(select(Completion).filter_by(person_id=person.id)):
            db.session.delete(done)
    db.session.commit()
    login_as(make_user(Role.CERTIFYING_OFFICER, state="KEN"))
    home = client.get("/home").get_data(as_text=True)
    queue = home.split('id="home-queue"', 1)[1].split("</section>", 1)[0]
    assert "No longer certifiable" in queue and "CD-1: 1 of 4" in queue
    assert f"/certificates/requests/{found.id}/issue" not in queue  # no issue button
    client.post(f"/certificates/requests/{found.id}/issue", data={})
    assert db.session.scalar(select(db.func.count(Certificate.id))) == 0
    db.session.refresh(found)
    assert found.status == "waiting"


def test_declined_with_a_reason_the_registrar_reads(app, client, db, cert_env, certifiable_unit,
                                                    make_user, login_as):
    from app.certification import requests as handoff
    from app.timeutil import today

    setup = certifiable_unit(size=3)
    registrar = make_user(Role.CENTRE_REGISTRAR, state="KEN")
    found = handoff.request_certification(setup.unit, "L2", registrar, today())
    db.session.commit()
    officer = make_user(Role.CERTIFYING_OFFICER, state="KEN")
    login_as(officer)
    # an empty or overlong reason changes nothing
    for reason in ("", "   ", "x" * 501):
        client.post(f"/certificates/requests/{found.id}/decline",
                    data={f"d{found.id}-reason": reason})
        db.session.refresh(found)
        assert found.status == "waiting"
    reason = "The rotation changes next month: request again with the new roster."
    response = client.post(f"/certificates/requests/{found.id}/decline",
                           data={f"d{found.id}-reason": reason})
    assert response.status_code == 302
    db.session.refresh(found)
    assert (found.status, found.decline_reason, found.decided_by_id) == \
        ("declined", reason, officer.id)
    again = client.post(f"/certificates/requests/{found.id}/issue", data={})
    assert again.status_code == 302 and found.status == "declined"
    client.post("/auth/logout")
    login_as(registrar)
    page = client.get(f"/units/{setup.unit.id}").get_data(as_text=True)
    assert "Declined" in page and "request again with the new roster" in page
    assert 'id="request-certification"' in page  # may ask again
    assert _actions(db) == ["certification.request", "certification.request_declined"]


def test_not_certifiable_units_cannot_be_requested(app, client, db, cert_env, certifiable_unit,
                                                   make_user, login_as):
    setup = certifiable_unit(size=10, trained=7)  # 8 needed
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    assert 'id="request-certification"' not in client.get(
        f"/units/{setup.unit.id}").get_data(as_text=True)
    response = client.post(f"/certificates/units/{setup.unit.id}/request",
                           data={"q-level": "L2"}, follow_redirects=True)
    assert "not certifiable at this level" in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(CertificationRequest.id))) == 0


def test_another_states_officer_sees_and_answers_nothing(app, client, db, cert_env, settle,
                                                         certifiable_unit, make_user, login_as):
    from app.certification import requests as handoff
    from app.timeutil import today

    setup = certifiable_unit(size=3)
    found = handoff.request_certification(setup.unit, "L2",
                                          make_user(Role.CENTRE_REGISTRAR, state="KEN"), today())
    found_id, unit_name = found.id, setup.unit.name
    officer = make_user(Role.CERTIFYING_OFFICER, state="GHA")
    settle()
    login_as(officer)
    assert unit_name not in client.get("/home").get_data(as_text=True)
    assert unit_name not in client.get("/certificates/requests").get_data(as_text=True)
    assert client.post(f"/certificates/requests/{found_id}/decline",
                       data={f"d{found_id}-reason": "no"}).status_code == 404
    assert client.post(f"/certificates/requests/{found_id}/issue").status_code == 404


def test_issuing_from_the_unit_page_answers_the_waiting_request(
        app, client, db, cert_env, certifiable_unit, make_user, login_as):
    from app.certification import requests as handoff
    from app.timeutil import today

    setup = certifiable_unit(size=3)
    found = handoff.request_certification(setup.unit, "L2",
                                          make_user(Role.CENTRE_REGISTRAR, state="KEN"), today())
    db.session.commit()
    login_as(make_user(Role.CERTIFYING_OFFICER, state="KEN"))
    page = client.get(f"/certificates/units/{setup.unit.id}").get_data(as_text=True)
    key = _token(page, "u")
    client.post(f"/certificates/units/{setup.unit.id}/issue", data={"u-level": "L2", "u-key": key})
    db.session.refresh(found)
    assert found.status == "issued" and found.certificate_id is not None
