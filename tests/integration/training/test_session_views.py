"""Session pages through the client: national sessions, refusals shown, own vs foreign."""
from datetime import date

from app.auth.models import Role
from app.training.models import Completion, CourseSession, SessionAttendee
from app.units.models import Membership


def test_registrar_runs_a_session_end_to_end(client, db, make_user, login_as, make_standard,
                                             make_person, make_qualification, make_unit,
                                             make_centre):
    registrar = make_user(Role.CENTRE_REGISTRAR, "KEN")
    standard = make_standard("CD-1", "2017")
    trainer = make_person("KEN")
    make_qualification(trainer, "TOT-CPTM", date(2024, 1, 1), date(2026, 12, 31))
    unit = make_unit("KEN")
    people = [make_person("KEN") for _ in range(3)]
    db.session.add_all([Membership(state_id=unit.state_id, unit_id=unit.id, person_id=p.id)
                        for p in people])
    centre = make_centre()
    db.session.commit()
    login_as(registrar)
    form = client.get("/training/sessions/new").get_data(as_text=True)
    assert trainer.family_name in form and "CD-1@2017" in form
    response = client.post("/training/sessions/new", data={
        "title": "PDT March", "centre_id": str(centre.id), "start_on": "2025-03-03",
        "end_on": "2025-03-07", "language": "en", "standard_ids": [str(standard.id)],
        "trainer_ids": [str(trainer.id)]})
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    session = db.session.scalar(db.select(CourseSession))
    response = client.post(f"/training/sessions/{session.id}/attendees",
                           data={"unit_id": str(unit.id), "state_id": str(unit.state_id)})
    assert response.status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(SessionAttendee)) == 3
    ok = {"person_id": str(people[0].id), "standard_id": str(standard.id), "passed": "1",
          "score": "85", "completed_on": "2025-03-07", "signed_off_by": str(trainer.id)}
    page = client.post(f"/training/sessions/{session.id}/results", data=ok,
                       follow_redirects=True).get_data(as_text=True)
    assert "Result recorded" in page
    low = ok | {"person_id": str(people[1].id), "score": "50"}
    page = client.post(f"/training/sessions/{session.id}/results", data=low,
                       follow_redirects=True).get_data(as_text=True)
    assert "refused" in page and "below the pass mark" in page
    assert db.session.scalar(db.select(db.func.count(Completion.id))) == 1
    detail = client.get(f"/training/sessions/{session.id}").get_data(as_text=True)
    assert "CD-1 pass 85" in detail


def test_foreign_session_is_404_and_invisible(client, db, make_user, login_as, course, settle):
    session_id = course.session.id
    settle()
    login_as(make_user(Role.CENTRE_REGISTRAR, "GHA"))
    assert client.get(f"/training/sessions/{session_id}").status_code == 404
    assert client.post(f"/training/sessions/{session_id}/results", data={}).status_code == 404
    assert client.post(f"/training/sessions/{session_id}/attendees", data={}).status_code == 404
    assert "PDT course" not in client.get("/training/sessions").get_data(as_text=True)


def test_cannot_enrol_another_states_person(client, db, make_user, login_as, course,
                                            make_person):
    stranger = make_person("GHA", service_number="GHA-9")
    db.session.commit()
    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    page = client.post(f"/training/sessions/{course.session.id}/attendees",
                       data={"state_id": str(course.state.id), "service_numbers": "GHA-9"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Unknown service numbers" in page
    assert db.session.get(SessionAttendee, (course.session.id, stranger.id)) is None


def test_un_officer_reads_sessions_but_records_nothing(client, db, make_user, login_as, course):
    db.session.commit()
    login_as(make_user(Role.UN_OFFICER))
    assert client.get(f"/training/sessions/{course.session.id}").status_code == 200
    assert client.post(f"/training/sessions/{course.session.id}/results",
                       data={}).status_code == 403
    assert client.get("/training/sessions/new").status_code == 403


def test_each_attendees_fields_have_their_own_labels(client, db, make_user, login_as, course):
    """Two attendees with the same name: every field of every row names its attendee by name
    and service number, so no two fields of the page share a label."""
    from tests.labels import label_problems

    for person in course.attendees:
        person.given_name, person.family_name, person.rank = "John", "Kamau", "Pte"
    session_id, number = course.session.id, course.attendees[0].service_number
    db.session.commit()
    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    html = client.get(f"/training/sessions/{session_id}").get_data(as_text=True)
    assert f"Score <span>Pte John Kamau ({number})</span>" in html
    assert label_problems(html) == []
