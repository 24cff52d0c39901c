"""The signed-in homes (app/main/home.py): each role's waiting work, each item linking to the
page that resolves it; only the caller's Member State; the many-unit verdicts equal the unit
page's."""
from datetime import date, timedelta

from app.auth.models import Role
from app.timeutil import today


def home(client):
    response = client.get("/home")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_sign_in_lands_on_the_home(client, db, make_user):
    from tests.conftest import PASSWORD

    user = make_user(Role.CENTRE_REGISTRAR, state="KEN")

    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/home")
    assert client.get("/auth/login").headers["Location"].endswith("/home")


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/home")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_registrar_sees_own_units_state_and_not_another_states(client, db, make_user, login_as,
                                                               readiness_world):
    # one unit type each: a type has one profile per level
    ready = readiness_world(size=3, keys=1, codes=("CD-1",), share=1.0, unit_type="t_ready")
    ready.give_all(completed_on=today() - timedelta(days=300))  # valid 12 months: lapses soon
    blocked = readiness_world(size=4, keys=0, codes=("CD-1", "SEA-1"), share=1.0,
                              unit_type="t_blocked")
    blocked.give_all(["CD-1"], completed_on=today().replace(day=1))
    empty = readiness_world(size=0, keys=0, codes=("CD-1",), unit_type="t_empty")
    foreign = readiness_world(size=2, state="GHA", unit_type="t_foreign")
    db.session.commit()
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    html = home(client)
    section = html.split('id="home-units"', 1)[1].split("</section>", 1)[0]
    assert foreign.unit.name not in html
    row = lambda w: section.split(f'/units/{w.unit.id}"', 1)[1].split("</tr>", 1)[0]  # noqa: E731
    assert "Certifiable" in row(ready) and f"/certificates/units/{ready.unit.id}" in row(ready)
    assert "3 completions" in row(ready)  # three people's CD-1 lapses within 90 days
    assert "Blocked" in row(blocked) and "SEA-1: 0 of 4" in row(blocked)
    assert f'/units/{blocked.unit.id}#readiness-h' in row(blocked)
    assert "nobody on the roster" in row(empty) and "Certifiable" not in row(empty)


def test_many_unit_verdicts_equal_the_unit_page(app, db, readiness_world):
    """unit_verdicts (homes) and unit_readiness (the unit page) judge with the same rules."""
    from app.readiness import services

    worlds = [readiness_world(size=5, keys=2, nios=1, codes=("CD-1", "SEA-1"), share=0.6,
                              nio_per=3, screening_required=True, language_level=2,
                              unit_type="t_a"),
              readiness_world(size=3, keys=1, codes=("CD-1",), share=1.0, unit_type="t_b"),
              readiness_world(size=0, unit_type="t_c")]
    worlds[0].give_all(["CD-1"], completed_on=today().replace(day=1))
    worlds[1].give_all(completed_on=today() - timedelta(days=400))  # lapsed
    db.session.flush()
    on = today()
    units = [w.unit for w in worlds]
    many = services.unit_verdicts(units, on)
    for unit in units:
        one = services.unit_readiness(unit, on).verdict
        _profile, verdict = many[unit.id]
        assert (verdict.certifiable, verdict.reasons, verdict.coverage) == \
            (one.certifiable, one.reasons, one.coverage)


def test_sessions_with_results_to_record(client, db, make_user, login_as, course):
    from app.training.models import Completion

    first, second = course.attendees
    db.session.add(Completion(state_id=course.state.id, person_id=first.id,
                              standard_id=course.standard.id, session_id=course.session.id,
                              completed_on=date(2025, 3, 7), passed=True,
                              signed_off_by_id=course.trainer.id))
    course.session.end_on = today() - timedelta(days=2)
    db.session.commit()
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    section = home(client).split('id="home-sessions"', 1)[1].split("</section>", 1)[0]
    assert f"/training/sessions/{course.session.id}" in section and "1 result missing" in section


def test_un_admin_sees_invitations_waiting(client, db, make_user, login_as):
    from app.auth.tokens import create_invitation

    admin = make_user(Role.UN_ADMIN)
    create_invitation("new.officer@example.org", Role.UN_OFFICER, display_name="Noor Officer",
                      actor=admin)
    db.session.commit()
    login_as(admin)
    section = home(client).split('id="home-accounts"', 1)[1].split("</section>", 1)[0]
    assert "Noor Officer" in section and "new.officer@example.org" in section
    assert "/admin/users" in section


def test_every_role_has_a_home_in_both_languages(client, db, make_user, login_as):
    for role in Role:
        client.post("/auth/logout")
        with client.session_transaction() as s:
            s.clear()
        login_as(make_user(role, state="KEN"))
        assert "My work" in home(client)
        client.post("/lang/fr", data={"next": "/home"})
        assert "Mon travail" in home(client)
        client.post("/lang/en", data={"next": "/home"})
