"""Irreversible certificate actions ask first, on a page that works without JavaScript: revoking
for good, revoking and re-issuing, declining a certification request. Opening the page changes
nothing; its button does. Every field of these pages has its own label."""
from app.auth.models import Role
from tests.labels import label_problems


def _status(db, cert_id):
    from app.certification.models import Certificate

    db.session.expire_all()
    return db.session.get(Certificate, cert_id).status


def test_revoke_asks_first_then_revokes(client, db, make_user, login_as, make_certificate):
    cert = make_certificate("individual", "Amina Otieno", serial="KEN-2025-I00042")
    cert_id = cert.id
    db.session.commit()
    login_as(make_user(Role.CERTIFYING_OFFICER, state="KEN"))
    detail = client.get(f"/certificates/{cert_id}").get_data(as_text=True)
    assert f'id="revoke" href="/certificates/{cert_id}/revoke"' in detail  # a link, not a POST
    assert label_problems(detail) == []
    assert "Public reason for suspending" in detail and "Public reason for revoking" not in detail
    page = client.get(f"/certificates/{cert_id}/revoke")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and _status(db, cert_id) == "valid"
    assert "Individual training certificate KEN-2025-I00042, held by Amina Otieno, is revoked " \
        "for good." in html
    assert 'for="r-reason">Public reason for revoking<' in html
    assert f'action="/certificates/{cert_id}/revoke"' in html and 'id="confirm"' in html
    assert f'href="/certificates/{cert_id}">Cancel<' in html
    assert label_problems(html) == []
    done = client.post(f"/certificates/{cert_id}/revoke", data={"r-reason": "issued_in_error"})
    assert done.status_code == 302 and _status(db, cert_id) == "revoked"


def test_revoke_and_reissue_asks_first(client, db, make_user, login_as, make_certificate):
    cert_id = make_certificate("individual", "Amina Otieno", serial="KEN-2025-I00043").id
    db.session.commit()
    login_as(make_user(Role.CERTIFYING_OFFICER, state="KEN"))
    detail = client.get(f"/certificates/{cert_id}").get_data(as_text=True)
    assert f'id="correct" href="/certificates/{cert_id}/correct"' in detail
    html = client.get(f"/certificates/{cert_id}/correct").get_data(as_text=True)
    assert "is revoked and a new certificate is issued from the records as they are now." in html
    assert f'action="/certificates/{cert_id}/correct"' in html and _status(db, cert_id) == "valid"


def test_confirmation_pages_in_french(client, db, make_user, login_as, make_certificate):
    cert_id = make_certificate("individual", "Amina Otieno", serial="KEN-2025-I00044").id
    db.session.commit()
    login_as(make_user(Role.CERTIFYING_OFFICER, state="KEN"))
    client.post("/lang/fr")
    html = client.get(f"/certificates/{cert_id}/revoke").get_data(as_text=True)
    assert "est révoqué définitivement." in html and "Motif public de la révocation" in html
    html = client.get(f"/certificates/{cert_id}").get_data(as_text=True)
    assert "Motif public de la suspension" in html and "Révoquer définitivement…" in html


def test_another_states_certificate_has_no_confirmation_page(client, db, make_user, login_as,
                                                             make_certificate):
    cert_id = make_certificate("individual", "Kofi Mensah", state="GHA").id
    db.session.commit()
    login_as(make_user(Role.CERTIFYING_OFFICER, state="KEN"))
    assert client.get(f"/certificates/{cert_id}/revoke").status_code == 404
    assert client.get(f"/certificates/{cert_id}/correct").status_code == 404


def test_decline_asks_first_with_the_reason_on_that_page(app, client, db, cert_env,
                                                         certifiable_unit, make_user, login_as):
    from app.certification import requests as handoff
    from app.timeutil import today

    setup = certifiable_unit(size=3)
    found = handoff.request_certification(setup.unit, "L2",
                                          make_user(Role.CENTRE_REGISTRAR, state="KEN"), today())
    found_id, unit_name = found.id, setup.unit.name
    db.session.commit()
    login_as(make_user(Role.CERTIFYING_OFFICER, state="KEN"))
    queue = client.get("/certificates/requests").get_data(as_text=True)
    assert f'href="/certificates/requests/{found_id}/decline"' in queue
    assert f"d{found_id}-reason" not in queue  # no reason box in the queue
    assert label_problems(queue) == []
    html = client.get(f"/certificates/requests/{found_id}/decline").get_data(as_text=True)
    assert f"The request to certify {unit_name} at " in html and "is declined." in html
    assert f"Reason for declining {unit_name}" in html and label_problems(html) == []
    db.session.refresh(found)
    assert found.status == "waiting"
    empty = client.post(f"/certificates/requests/{found_id}/decline",
                        data={f"d{found_id}-reason": "  "})
    assert empty.status_code == 200 and "invalid-feedback" in empty.get_data(as_text=True)
    db.session.refresh(found)
    assert found.status == "waiting"
    done = client.post(f"/certificates/requests/{found_id}/decline",
                       data={f"d{found_id}-reason": "Roster changes next month."})
    assert done.status_code == 302
    db.session.refresh(found)
    assert found.status == "declined"
    again = client.get(f"/certificates/requests/{found_id}/decline", follow_redirects=True)
    assert "This request was already answered." in again.get_data(as_text=True)
