"""Triangular partnerships (partner trainer scope) and the Training of Trainers flow."""
from datetime import date

import pytest

from app.auth.models import Role
from app.training import services
from app.training.models import (Completion, CourseSession, Partnership, SessionAttendee,
                                 TrainerQualification)
from app.units.models import Person


@pytest.fixture
def hee(db, make_state, make_standard, make_person, make_qualification, make_centre):
    """A Japan-Kenya engineering partnership with a qualified Japanese trainer and a Kenyan and
    a Ghanaian sapper."""
    from types import SimpleNamespace

    ken, jpn, gha = make_state("KEN"), make_state("JPN"), make_state("GHA")
    standard = make_standard("HEE-BASIC", "2015", sign_off="TOT-TPP",
                             effective_on=date(2015, 1, 1))
    trainer = make_person("JPN")
    make_qualification(trainer, "TOT-TPP", date(2024, 1, 1), date(2027, 1, 1))
    partnership = services.create_partnership(
        "TPP-HEE-KEN", "Heavy engineering equipment, Kenya", "UN DOS", "engineering",
        "Japan", date(2024, 1, 1), None, [ken.id], [jpn.id])
    return SimpleNamespace(ken=ken, jpn=jpn, gha=gha, standard=standard, trainer=trainer,
                           partnership=partnership, sapper=make_person("KEN"),
                           foreigner=make_person("GHA"), centre=make_centre())


def test_un_admin_creates_partnership_and_links_a_partner_trainer(client, db, make_user,
                                                                   login_as, make_state):
    ken, jpn = make_state("KEN"), make_state("JPN")
    partner = make_user(Role.PARTNER_TRAINER, "JPN", email="trainer@jp.example")
    login_as(make_user(Role.UN_ADMIN))
    response = client.post("/training/partnerships/new", data={
        "code": "tpp-hee-1", "name": "HEE Kenya", "un_entity": "UN DOS",
        "stream": "engineering", "donors": "Japan", "start_on": "2024-01-01",
        "trainee_state_ids": [str(ken.id)], "partner_state_ids": [str(jpn.id)]})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    partnership = db.session.scalar(db.select(Partnership))
    assert partnership.code == "TPP-HEE-1"
    response = client.post(f"/training/partnerships/{partnership.id}/trainers",
                           data={"email": "trainer@jp.example"})
    assert response.status_code == 302
    assert [link.partnership_id for link in partner.partnership_links] == [partnership.id]


def test_partnership_session_recorded_by_partner_seen_by_trainee(client, db, make_user,
                                                                 login_as, hee, course, settle):
    admin = make_user(Role.UN_ADMIN)
    partner = make_user(Role.PARTNER_TRAINER, "JPN")
    services.link_partner_trainer(hee.partnership, partner)
    other = services.create_partnership("TPP-OTHER", "Other", "UN DOS", "medical", None,
                                        date(2024, 1, 1), None, [hee.gha.id], [hee.jpn.id])
    ids = dict(partnership=hee.partnership.id, other=other.id, standard=hee.standard.id,
               trainer=hee.trainer.id, sapper=hee.sapper.id, foreigner=hee.foreigner.id,
               national=course.session.id, ken=hee.ken.id)
    settle()
    login_as(admin)
    response = client.post(f"/training/partnerships/{ids['partnership']}/sessions/new", data={
        "title": "HEE basic", "state_id": str(ids["ken"]), "start_on": "2025-05-05",
        "end_on": "2025-05-30", "language": "en", "standard_ids": [str(ids["standard"])],
        "trainer_ids": [str(ids["trainer"])]})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    session_id = db.session.scalar(db.select(CourseSession.id).filter_by(title="HEE basic"))
    # the UN runs the course; the trainee state sends (enrols) its people
    assert client.post(f"/training/sessions/{session_id}/attendees", data={}).status_code == 403
    with pytest.raises(services.RecordError):
        services.add_attendees(db.session.get(CourseSession, session_id), [ids["foreigner"]])
    settle()
    client.post("/auth/logout")
    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    sapper_number = db.session.get(Person, ids["sapper"]).service_number
    response = client.post(f"/training/sessions/{session_id}/attendees", data={
        "state_id": str(ids["ken"]), "service_numbers": sapper_number}, follow_redirects=True)
    assert "1 attendees added" in response.get_data(as_text=True)
    settle()
    client.post("/auth/logout")

    login_as(partner)
    assert "TPP-OTHER" not in client.get("/training/partnerships").get_data(as_text=True)
    assert client.get(f"/training/partnerships/{ids['other']}").status_code == 404
    assert client.get(f"/training/partnerships/{ids['partnership']}").status_code == 200
    listing = client.get("/training/sessions").get_data(as_text=True)
    assert "HEE basic" in listing and "PDT course" not in listing
    assert client.get(f"/training/sessions/{ids['national']}").status_code == 404
    response = client.post(f"/training/sessions/{session_id}/results", data={
        "person_id": str(ids["sapper"]), "standard_id": str(ids["standard"]), "passed": "1",
        "score": "90", "completed_on": "2025-05-30", "signed_off_by": str(ids["trainer"])},
        follow_redirects=True)
    body = response.get_data(as_text=True)
    assert "Result recorded" in body, body[body.find("<main"):body.find("<main") + 1500]
    completion = db.session.scalar(db.select(Completion).filter_by(person_id=ids["sapper"]))
    assert completion.state_id == ids["ken"] and completion.recorded_by_id == partner.id
    settle()
    client.post("/auth/logout")

    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    person_page = client.get(f"/units/people/{ids['sapper']}").get_data(as_text=True)
    assert "HEE-BASIC@2015" in person_page
    assert client.get(f"/training/sessions/{session_id}").status_code == 200


def test_tot_flow_grants_a_qualification_that_then_signs_off(client, db, make_user, login_as,
                                                             make_state, make_standard,
                                                             make_person, make_centre, settle):
    uga = make_state("UGA")
    tot_standard = make_standard("TOT-CPTM", "2017", sign_off="tot_centre", category="tot",
                                 validity_months=36)
    cd1 = make_standard("CD-1", "2017")
    centre = make_centre("UN-TOTC", "UGA", kind="un_tot")
    instructor = make_person("UGA")
    nominee = make_person("KEN", service_number="KEN-TOT-1", family_name="Otieno")
    ids = dict(uga=uga.id, tot=tot_standard.id, cd1=cd1.id, centre=centre.id,
               instructor=instructor.id, nominee=nominee.id, ken=nominee.state_id)
    tot_user = make_user(Role.TOT_TRAINER, "UGA")
    settle()
    login_as(tot_user)
    response = client.post("/training/tot/sessions/new", data={
        "title": "CPTM ToT", "centre_id": str(ids["centre"]), "start_on": "2025-01-13",
        "end_on": "2025-01-24", "language": "en", "standard_ids": [str(ids["tot"])],
        "trainer_ids": [str(ids["instructor"])]})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    session = db.session.scalar(db.select(CourseSession).filter_by(is_tot=True))
    assert session.state_id == ids["uga"]
    # a ToT trainer enrols another state's nominee by state, service number and family name
    response = client.post(f"/training/tot/sessions/{session.id}/attendees", data={
        "state_id": str(ids["ken"]), "service_numbers": "ken-tot-1, ÓTIENO\n"},
        follow_redirects=True)
    assert "1 attendees added" in response.get_data(as_text=True)
    grant = {"person_id": str(ids["nominee"]), "qualification_code": "TOT-CPTM",
             "valid_from": "2025-01-24"}
    page = client.post(f"/training/sessions/{session.id}/qualifications", data=grant,
                       follow_redirects=True).get_data(as_text=True)
    assert "no pass on TOT-CPTM" in page  # a grant needs the pass first
    client.post(f"/training/sessions/{session.id}/results", data={
        "person_id": str(ids["nominee"]), "standard_id": str(ids["tot"]), "passed": "1",
        "score": "88", "completed_on": "2025-01-24", "signed_off_by": str(ids["instructor"])})
    page = client.post(f"/training/sessions/{session.id}/qualifications", data=grant,
                       follow_redirects=True).get_data(as_text=True)
    assert "Qualification granted" in page
    q = db.session.scalar(db.select(TrainerQualification))
    assert (q.valid_from, q.valid_until) == (date(2025, 1, 24), date(2028, 1, 23))
    trainers = client.get("/training/trainers").get_data(as_text=True)
    assert "TOT-CPTM" in trainers
    assert "CPTM ToT" in client.get(f"/training/trainers/{ids['instructor']}").get_data(
        as_text=True)
    # the new trainer may now sign off CD-1 in a Kenyan session
    nominee = db.session.get(type(q.person), ids["nominee"])
    national = services.create_session(ids["ken"], None, "PDT", date(2025, 2, 3),
                                       date(2025, 2, 7), "en", [ids["cd1"]], [nominee.id])
    soldier = make_person("KEN")
    services.add_attendees(national, [soldier.id])
    assert services.record_result(national, soldier, db.session.get(type(cd1), ids["cd1"]),
                                  date(2025, 2, 7), True, 90, nominee).id
    # revocation by the ToT trainer stops later sign-offs; the trainer page's link asks first
    page = client.get(f"/training/trainers/{ids['nominee']}").get_data(as_text=True)
    assert f'href="/training/qualifications/{q.id}/revoke"' in page
    confirm = client.get(f"/training/qualifications/{q.id}/revoke").get_data(as_text=True)
    assert "TOT-CPTM (valid until 2028-01-23) is revoked." in confirm
    assert 'for="revoked_on">Revoked from<' in confirm and 'for="reason">Reason<' in confirm
    assert db.session.get(TrainerQualification, q.id).revoked_on is None
    response = client.post(f"/training/qualifications/{q.id}/revoke",
                           data={"revoked_on": "2025-02-10", "reason": "Withdrawn"})
    assert response.status_code == 302
    assert db.session.get(TrainerQualification, q.id).revoked_on == date(2025, 2, 10)


def test_registrar_cannot_create_tot_sessions_or_grant(client, db, make_user, login_as):
    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    assert client.get("/training/tot/sessions/new").status_code == 403
    assert client.post("/training/sessions/1/qualifications").status_code == 403
    assert client.get("/training/partnerships/new").status_code == 403


def test_tot_attendee_form_does_not_tell_existing_service_numbers(client, db, make_user,
                                                                  login_as, make_state,
                                                                  make_standard, make_person,
                                                                  make_centre, settle):
    """Issue 16, item 9: the cross-state nominee lookup needs the service number and the family
    name; an existing number with a wrong or missing name gets the very answer an unknown
    number gets, and nobody is added."""
    make_state("UGA")
    tot_standard = make_standard("TOT-CPTM", "2017", sign_off="tot_centre", category="tot",
                                 validity_months=36)
    centre = make_centre("UN-TOTC", "UGA", kind="un_tot")
    instructor = make_person("UGA")
    existing = make_person("GHA", service_number="GHA-77", family_name="Mensah")
    make_person("KEN", service_number="KEN-88", family_name="Kamau")
    ids = dict(gha=existing.state_id, existing=existing.id)
    session = services.create_session(make_state("UGA").id, centre.id, "CPTM ToT",
                                      date(2025, 1, 13), date(2025, 1, 24), "en",
                                      [tot_standard.id], [instructor.id], is_tot=True)
    session_id = session.id
    login_as(make_user(Role.TOT_TRAINER, "UGA"))
    settle()

    def answer(lines):
        page = client.post(f"/training/tot/sessions/{session_id}/attendees", data={
            "state_id": str(ids["gha"]), "service_numbers": lines}, follow_redirects=True)
        text = page.get_data(as_text=True)
        start = text.index("nobody added") if "nobody added" in text else None
        return None if start is None else text[start:text.index("<", start)]

    number_only = answer("GHA-77")  # exists
    unknown_only = answer("GHA-78")
    wrong_name = answer("GHA-77, Mensa")
    unknown_with_name = answer("GHA-78, Mensah")
    other_state = answer("KEN-88, Kamau")  # exists, but in Kenya
    assert None not in (number_only, unknown_only, wrong_name, unknown_with_name, other_state)
    assert number_only.replace("77", "78") == unknown_only
    assert wrong_name.replace("77", "78") == unknown_with_name
    assert db.session.scalar(db.select(db.func.count()).select_from(SessionAttendee)) == 0
    page = client.post(f"/training/tot/sessions/{session_id}/attendees", data={
        "state_id": str(ids["gha"]), "service_numbers": "gha-77;mensah"}, follow_redirects=True)
    assert "1 attendees added" in page.get_data(as_text=True)
