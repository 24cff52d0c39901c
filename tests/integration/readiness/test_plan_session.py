"""Planning a session from a unit's gaps (issue 18 item 4): the unit page's action, the form
pre-filled from readiness (standards short, in their versions in force; people lacking them),
one submission creating the session with its attendees or nothing, tenancy and roles."""
import re
from datetime import date, timedelta

from app.auth.models import Role
from app.catalogue.models import Standard
from app.timeutil import today
from app.training.models import CourseSession, SessionAttendee
from tests.factories_catalogue import ensure_translations


def gap_world(readiness_world, db):
    """5 people (person 0 the key appointment), CD-1 held by all (met), SEA-1 by people 0-2
    (3 of 4 needed: people 3 and 4 lack it), KA-1 asked of key appointments and held by none
    (person 0 lacks it); an older SEA-1 version retired last year."""
    w = readiness_world(size=5, keys=1, codes=("CD-1", "SEA-1"), key_only=("KA-1",), share=0.8)
    recent = today() - timedelta(days=10)
    w.give_all(["CD-1"], completed_on=recent)
    w.give_all(["SEA-1"], completed_on=recent, who=w.people[:3])
    old = Standard(code="SEA-1", version="2017", title_en="SEA-1 old title",
                   title_fr="SEA-1 ancien titre", summary_en="s", summary_fr="s",
                   category="core", source_edition="CPTM-2017", audiences=[], unit_types=[],
                   minimum_minutes=60, assessment_kind="test", pass_mark=70,
                   validity_months=12, sign_off="TOT-CPTM", effective_on=date(2017, 1, 1),
                   retired_on=date(2024, 12, 31))
    db.session.add(old)
    db.session.commit()
    w.old_sea = old
    return w


def ticked(html, name):
    """The values of the ticked checkboxes named `name`."""
    return {int(m.group(1)) for m in re.finditer(
        rf'<input class="form-check-input" type="checkbox" name="{name}" value="(\d+)"[^>]*checked',
        html)}


def form_data(html, **changes):
    data = {"title": "Gap course", "start_on": today().isoformat(),
            "end_on": today().isoformat(), "language": "en", "centre_id": "",
            "standard_ids": [str(i) for i in ticked(html, "standard_ids")],
            "attendee_ids": [str(i) for i in ticked(html, "attendee_ids")]}
    data.update(changes)
    return data


def test_unit_page_offers_the_plan_and_the_form_is_filled_from_the_gaps(
        client, db, make_user, login_as, readiness_world):
    w = gap_world(readiness_world, db)
    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    unit_page = client.get(f"/units/{w.unit.id}").get_data(as_text=True)
    link = f'/readiness/units/{w.unit.id}/plan-session'
    assert link in unit_page and "Plan a session for the gaps" in unit_page
    assert "2 standards short, 3 people lacking one" in unit_page
    assert link in client.get(f"/readiness/units/{w.unit.id}").get_data(as_text=True)

    html = client.get(link).get_data(as_text=True)
    assert ticked(html, "standard_ids") == {w.standards["SEA-1"].id, w.standards["KA-1"].id}
    assert ticked(html, "attendee_ids") == {w.people[i].id for i in (0, 3, 4)}
    assert "Family00001" not in html  # holds every standard asked of them: not offered
    assert "SEA-1 old title" not in html  # the retired version is not listed
    assert 'value="%d"' % w.standards["CD-1"].id in html  # met, listed, not ticked
    assert "3 of 4 hold it" in html and "0 of 1 hold it" in html


def test_one_submission_creates_the_session_with_its_attendees(client, db, make_user, login_as,
                                                               readiness_world):
    w = gap_world(readiness_world, db)
    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    link = f"/readiness/units/{w.unit.id}/plan-session"
    html = client.get(link).get_data(as_text=True)
    response = client.post(link, data=form_data(html, trainer_ids=[str(w.trainer.id)]))
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    session = db.session.scalar(db.select(CourseSession))
    assert response.headers["Location"].endswith(f"/training/sessions/{session.id}")
    assert session.state_id == w.unit.state_id and session.title == "Gap course"
    assert {s.standard_id for s in session.standards} == {w.standards["SEA-1"].id,
                                                          w.standards["KA-1"].id}
    assert {a.person_id for a in db.session.scalars(db.select(SessionAttendee))} == \
        {w.people[i].id for i in (0, 3, 4)}
    assert "Session created with 3 attendees." in client.get(
        response.headers["Location"]).get_data(as_text=True)


def test_bad_input_is_shown_in_its_field_and_saves_nothing(client, db, make_user, login_as,
                                                           readiness_world):
    w = gap_world(readiness_world, db)
    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    link = f"/readiness/units/{w.unit.id}/plan-session"
    html = client.get(link).get_data(as_text=True)
    yesterday = (today() - timedelta(days=1)).isoformat()
    page = client.post(link, data=form_data(html, end_on=yesterday)).get_data(as_text=True)
    end_field = page.split('id="end_on"', 1)[1].split('class="mb-3"', 1)[0]
    assert "The end date is before the start date." in end_field
    # a person who is no gap of this unit cannot be slipped in
    page = client.post(link, data=form_data(html, attendee_ids=[str(w.people[1].id)])
                       ).get_data(as_text=True)
    attendees = page.split('id="attendee_ids"', 1)[1].split("</fieldset>", 1)[0]
    assert "is not a valid choice" in attendees
    # the retired version, sent anyway, is refused for the session's dates and listed, marked
    page = client.post(link, data=form_data(html, standard_ids=[str(w.old_sea.id)])
                       ).get_data(as_text=True)
    picker = page.split('id="standard_ids"', 1)[1].split("versions only</a>", 1)[0]
    assert "SEA-1@2017 is not current during the session." in picker
    assert "SEA-1 old title" in picker and "retired" in picker
    assert db.session.scalar(db.select(db.func.count(CourseSession.id))) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(SessionAttendee)) == 0


def test_a_refused_attendee_leaves_no_session(app, db, make_user, readiness_world, make_person):
    """Creating the session and enrolling are one (training/viewhelpers.py create_from_form):
    when enrolling is refused (here a person of another Member State, whom the page never
    offers), the session is not created either and the refusal shows on the form."""
    from flask_login import login_user

    from app.training.forms import PlannedSessionForm
    from app.training.viewhelpers import create_from_form

    w = gap_world(readiness_world, db)
    stranger = make_person("GHA")
    registrar = make_user(Role.CENTRE_REGISTRAR, "KEN")
    db.session.commit()
    data = {"title": "Gap course", "start_on": today().isoformat(),
            "end_on": today().isoformat(), "language": "en",
            "standard_ids": [str(w.standards["SEA-1"].id)]}
    with app.test_request_context(method="POST", data=data):
        login_user(registrar)
        form = PlannedSessionForm(meta={"csrf": False})
        form.standard_ids.choices = [(w.standards["SEA-1"].id, "SEA-1")]
        form.trainer_ids.choices = form.attendee_ids.choices = []
        form.centre_id.choices = [("", "-")]
        assert create_from_form(form, w.unit.state_id,
                                attendee_ids=[w.people[3].id, stranger.id]) is None
        assert [str(e) for e in form.attendee_ids.errors] == [
            "Only people of the Member States this session trains can attend it."]
    assert db.session.scalar(db.select(db.func.count(CourseSession.id))) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(SessionAttendee)) == 0


def test_other_state_404_un_officer_403_certifiable_unit_has_nothing_to_plan(
        client, db, make_user, login_as, readiness_world, settle):
    w = gap_world(readiness_world, db)
    done = readiness_world(size=2, keys=0, codes=("CD-1",), share=1.0,
                           unit_type="engineer_company")
    done.give_all(completed_on=today() - timedelta(days=3))
    unit_id, done_id = w.unit.id, done.unit.id
    settle()
    link = f"/readiness/units/{unit_id}/plan-session"
    login_as(make_user(Role.CENTRE_REGISTRAR, "GHA"))
    assert client.get(link).status_code == 404
    assert client.post(link, data={}).status_code == 404
    client.post("/auth/logout")
    login_as(make_user(Role.UN_OFFICER))
    assert client.get(link).status_code == 403
    assert "Plan a session for the gaps" not in client.get(
        f"/units/{unit_id}").get_data(as_text=True)
    client.post("/auth/logout")
    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    assert "Plan a session for the gaps" not in client.get(
        f"/units/{done_id}").get_data(as_text=True)
    page = client.get(f"/readiness/units/{done_id}/plan-session").get_data(as_text=True)
    assert "The unit is certifiable: no standard is short." in page
    client.post(f"/readiness/units/{done_id}/plan-session", data={"title": "x"})
    assert db.session.scalar(db.select(db.func.count(CourseSession.id))) == 0


def test_plan_page_in_french(client, db, make_user, login_as, readiness_world):
    ensure_translations()
    w = gap_world(readiness_world, db)
    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    client.post("/lang/fr")
    assert "Planifier une session pour les lacunes" in client.get(
        f"/units/{w.unit.id}").get_data(as_text=True)
    html = client.get(f"/readiness/units/{w.unit.id}/plan-session").get_data(as_text=True)
    assert "Créer la session avec ces participants" in html
    assert "Trouver une norme (code ou titre)" in html
    assert "Afficher aussi les versions retirées" in html
