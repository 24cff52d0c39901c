"""A whole session's results on one page (app/imports/grid.py through the test client): the
grid's defaults, a score at the pass mark counts and one below is a fail, one bad cell writes
nothing and is shown in its cell, a future date is refused, the signer once with a per-standard
override, tenancy, and a partnership session whose trainer is of another state."""
import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.timeutil import today
from app.training.models import (Completion, CourseSession, SessionAttendee, SessionStandard,
                                 SessionTrainer)

DAY = date(2026, 3, 6)


@pytest.fixture
def world(db, readiness_world, settle):
    w = readiness_world(size=3, keys=1, codes=("CD-1", "SEA-1"), share=1.0)
    session = CourseSession(state_id=w.unit.state_id, title="PDT March", start_on=date(2026, 3, 2),
                            end_on=DAY, language="en")
    session.standards = [SessionStandard(standard_id=s.id) for s in w.standards.values()]
    session.trainers = [SessionTrainer(person_id=w.trainer.id)]
    session.attendees = [SessionAttendee(person_id=p.id) for p in w.people]
    db.session.add(session)
    db.session.flush()
    ids = SimpleNamespace(
        session=session.id, unit=w.unit.id, trainer=w.trainer.id, state=w.state.iso3,
        people=[p.id for p in w.people], numbers=[p.service_number for p in w.people],
        cd1=w.standards["CD-1"].id, sea1=w.standards["SEA-1"].id)
    settle()
    return ids


def url(w):
    return f"/training/sessions/{w.session}/results/grid"


def cells(w, score="80", **over):
    """Every cell with a score: over = {"<person index>-<CD-1|SEA-1>": (choice, score)}."""
    data = {"completed_on": DAY.isoformat(), "signed_off_by": str(w.trainer)}
    for i, pid in enumerate(w.people):
        for code, sid in (("CD-1", w.cd1), ("SEA-1", w.sea1)):
            choice, value = over.get(f"{i}-{code}", ("pass", score))
            data[f"r-{pid}-{sid}"], data[f"s-{pid}-{sid}"] = choice, value
    return data


def results(db, w):
    return {(c.person_id, c.standard_id): (c.passed, c.score, c.signed_off_by_id)
            for c in db.session.scalars(select(Completion).where(
                Completion.session_id == w.session))}


def count(db):
    return db.session.scalar(select(func.count()).select_from(Completion))


def test_the_grid_shows_attendees_standards_pass_marks_and_defaults(client, registrar, world):
    w = world
    html = client.get(url(w)).get_data(as_text=True)
    assert "PDT March" in html and "pass mark 70" in html and "CD-1@2025" in html
    for number in w.numbers:
        assert number in html
    assert f'id="completed_on" value="{DAY.isoformat()}"' in html
    assert re.search(rf'<option value="{w.trainer}" selected>', html)  # the only trainer
    key = f"{w.people[0]}-{w.cd1}"
    assert f'<label class="visually-hidden" for="r-{key}">Result: ' in html
    assert f'<label class="visually-hidden" for="s-{key}">Score: ' in html
    assert '<option value="pass" selected>Pass</option>' in html
    assert 'role="region"' in html and "<legend" in html
    page = client.get(f"/training/sessions/{w.session}").get_data(as_text=True)
    assert f'href="{url(w)}"' in page and 'id="results-grid-link"' in page


def test_a_score_at_the_pass_mark_passes_one_below_fails_absent_records_nothing(
        client, db, registrar, world):
    w = world
    response = client.post(url(w), data=cells(w, **{"0-CD-1": ("pass", "70"),
                                                    "1-CD-1": ("pass", "69"),
                                                    "1-SEA-1": ("pass", ""),
                                                    "2-SEA-1": ("absent", ""),
                                                    "2-CD-1": ("fail", "90")}))
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    assert response.headers["Location"].endswith(f"/training/sessions/{w.session}#next-step")
    got = results(db, w)
    assert got[(w.people[0], w.cd1)] == (True, 70, w.trainer)
    assert got[(w.people[1], w.cd1)] == (False, 69, w.trainer)
    assert got[(w.people[1], w.sea1)] == (True, None, w.trainer)  # a pass on the trainer's word
    assert got[(w.people[2], w.cd1)] == (False, 90, w.trainer)
    assert (w.people[2], w.sea1) not in got
    assert len(got) == 5
    page = client.get(f"/training/sessions/{w.session}").get_data(as_text=True)
    assert "5 results recorded." in page
    assert 'id="next-step"' in page and f"/units/{w.unit}#readiness-h" in page
    # recorded cells are shown, not edited; the absent one is still open
    html = client.get(url(w)).get_data(as_text=True)
    assert f'id="r-{w.people[0]}-{w.cd1}"' not in html and "Pass 70" in html
    assert f'id="r-{w.people[2]}-{w.sea1}"' in html


def test_the_button_counts_who_is_left_and_a_page_with_nothing_left_says_so(
        client, db, registrar, world):
    w = world
    response = client.post(url(w), data=cells(w, **{"2-SEA-1": ("absent", "")}))
    assert response.status_code == 302
    html = client.get(url(w)).get_data(as_text=True)
    assert ">Record the results of 1 attendee<" in html and 'id="all-recorded"' not in html
    assert client.post(url(w), data=cells(w)).status_code == 302  # the last open cell
    assert len(results(db, w)) == 6
    html = client.get(url(w)).get_data(as_text=True)
    assert 'id="all-recorded"' in html and f"/training/sessions/{w.session}#next-step" in html
    assert 'id="grid-submit"' not in html and 'name="signed_off_by"' not in html
    assert html.count("Pass 80") == 6  # still shown, read-only


@pytest.mark.parametrize("cell, message", [
    (("pass", "101"), "the score is a whole number from 0 to 100"),
    (("pass", "abc"), "the score is a whole number from 0 to 100"),
    (("absent", "80"), "an absent attendee has no score"),
])
def test_one_bad_cell_writes_nothing_and_is_shown_in_its_cell(client, db, registrar, world,
                                                              cell, message):
    w = world
    response = client.post(url(w), data=cells(w, **{"1-SEA-1": cell}))
    assert response.status_code == 422
    assert count(db) == 0
    html = response.get_data(as_text=True)
    key = f"{w.people[1]}-{w.sea1}"
    error = re.search(rf'<div class="invalid-feedback d-block" id="e-{key}">([^<]*)</div>', html)
    assert error and message in error.group(1).replace("&#34;", '"')
    assert re.search(rf'id="r-{key}"[^>]*aria-describedby="e-{key}"', html)
    anchor = f"r-{key}" if cell[0] == "absent" else f"s-{key}"
    assert f'<a class="alert-link" href="#{anchor}">' in html and 'id="error-summary"' in html
    assert html.count('class="invalid-feedback d-block"') == 1  # only that cell
    assert f'value="{cell[1]}"' in html  # what was typed is kept


def test_a_future_date_is_refused_today_is_not(client, db, registrar, world):
    w = world
    session = db.session.get(CourseSession, w.session)
    session.start_on, session.end_on = today() - timedelta(days=2), today() + timedelta(days=2)
    db.session.commit()
    html = client.get(url(w)).get_data(as_text=True)  # still running: today by default
    assert f'id="completed_on" value="{today().isoformat()}"' in html
    tomorrow = cells(w) | {"completed_on": (today() + timedelta(days=1)).isoformat()}
    response = client.post(url(w), data=tomorrow)
    assert response.status_code == 422 and count(db) == 0
    html = response.get_data(as_text=True)
    assert re.search(r'id="completed_on-error">[^<]*is in the future', html)
    assert re.search(rf'id="r-{w.people[0]}-{w.cd1}"[^>]*aria-describedby="completed_on-error"',
                     html)
    response = client.post(url(w), data=cells(w) | {"completed_on": today().isoformat()})
    assert response.status_code == 302 and count(db) == 6


def test_signer_once_with_an_override_per_standard(client, db, registrar, world, make_person,
                                                   make_qualification, settle):
    w = world
    second = make_person(w.state)
    make_qualification(second, "TOT-CPTM", date(2024, 1, 1), date(2027, 12, 31))
    db.session.add(SessionTrainer(session_id=w.session, person_id=second.id))
    second_id = second.id
    settle()
    html = client.get(url(w)).get_data(as_text=True)
    # two trainers qualified for everything: no default, the blank choice shows
    assert f'<option value="{w.trainer}" selected>' not in html
    assert f'<option value="{second_id}" selected>' not in html
    data = cells(w) | {"signed_off_by": ""}
    response = client.post(url(w), data=data)
    assert response.status_code == 422 and count(db) == 0
    html = response.get_data(as_text=True)
    assert f'id="signer-{w.cd1}-error"' in html and "name the trainer who signed off" in html
    assert "<details open" in html
    data = cells(w) | {"signed_off_by": str(w.trainer), f"signer-{w.cd1}": str(second_id)}
    assert client.post(url(w), data=data).status_code == 302
    signers = {(sid, signer) for (_p, sid), (_ok, _s, signer) in results(db, w).items()}
    assert signers == {(w.cd1, second_id), (w.sea1, w.trainer)}


def test_an_unqualified_signer_is_shown_at_the_standard_and_in_its_cells(client, db, registrar,
                                                                         world):
    w = world
    from app.training.models import TrainerQualification

    q = db.session.scalar(select(TrainerQualification).where(
        TrainerQualification.person_id == w.trainer))
    q.valid_until = DAY - timedelta(days=1)  # expired the day before
    db.session.commit()
    response = client.post(url(w), data=cells(w))
    assert response.status_code == 422 and count(db) == 0
    html = response.get_data(as_text=True)
    assert re.search(rf'id="signer-{w.cd1}-error">[^<]*held no valid TOT-CPTM', html)
    assert re.search(rf'id="s-{w.people[2]}-{w.sea1}"[^>]*aria-describedby="signer-{w.sea1}-error"',
                     html)


def test_another_states_registrar_gets_404(client, db, world, make_user, login_as):
    w = world
    login_as(make_user(Role.CENTRE_REGISTRAR, state="GHA"))
    assert client.get(url(w)).status_code == 404
    assert client.post(url(w), data=cells(w)).status_code == 404
    assert count(db) == 0


def test_a_un_officer_may_not_record(client, db, world, make_user, login_as):
    login_as(make_user(Role.UN_OFFICER))
    assert client.get(url(world)).status_code == 403


def test_partnership_session_with_a_trainer_of_another_state(client, db, registrar, make_state,
                                                             make_person, make_qualification,
                                                             make_standard, settle):
    from app.training import services

    ken, jpn = make_state("KEN"), make_state("JPN")
    standard = make_standard("HEE-BASIC", "2015", sign_off="TOT-TPP", pass_mark=0,
                             effective_on=date(2015, 1, 1))
    trainer = make_person("JPN")
    make_qualification(trainer, "TOT-TPP", date(2024, 1, 1), date(2027, 1, 1))
    partnership = services.create_partnership(
        "TPP-HEE-KEN", "Heavy engineering equipment, Kenya", "UN DOS", "engineering", "Japan",
        date(2024, 1, 1), None, [ken.id], [jpn.id])
    sappers = [make_person("KEN"), make_person("KEN")]
    session = CourseSession(state_id=ken.id, title="HEE basic", start_on=date(2025, 5, 5),
                            end_on=date(2025, 5, 30), language="en", partnership_id=partnership.id)
    session.standards = [SessionStandard(standard_id=standard.id)]
    session.trainers = [SessionTrainer(person_id=trainer.id)]
    session.attendees = [SessionAttendee(person_id=p.id) for p in sappers]
    db.session.add(session)
    db.session.flush()
    ids = dict(session=session.id, trainer=trainer.id, standard=standard.id,
               sappers=[p.id for p in sappers])
    settle()
    grid_url = f"/training/sessions/{ids['session']}/results/grid"
    html = client.get(grid_url).get_data(as_text=True)
    assert "Trainer from another Member State" in html
    assert re.search(rf'<option value="{ids["trainer"]}" selected>', html)
    assert "no pass mark" in html
    data = {"completed_on": "2025-05-30", "signed_off_by": str(ids["trainer"]),
            f"r-{ids['sappers'][0]}-{ids['standard']}": "pass",
            f"r-{ids['sappers'][1]}-{ids['standard']}": "fail"}
    response = client.post(grid_url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    got = {c.person_id: (c.passed, c.signed_off_by_id) for c in db.session.scalars(
        select(Completion).where(Completion.session_id == ids["session"]))}
    assert got == {ids["sappers"][0]: (True, ids["trainer"]),
                   ids["sappers"][1]: (False, ids["trainer"])}


def test_the_grid_in_french(client, registrar, world):
    from tests.factories_catalogue import ensure_translations

    ensure_translations()
    client.post("/lang/fr")
    html = client.get(url(world)).get_data(as_text=True)
    assert "Résultats : " in html or "Résultats de" in html
    assert ">Réussite</option>" in html


def test_a_large_session_comes_in_pages_each_recorded_on_its_own(client, db, registrar,
                                                                 readiness_world, settle):
    from app.imports.grid import PAGE

    w = readiness_world(size=PAGE + 1, keys=1, codes=("SEA-0",), share=1.0)
    standard = w.standards["SEA-0"]
    standard.pass_mark = 0
    session = CourseSession(state_id=w.unit.state_id, title="Big", start_on=date(2026, 3, 2),
                            end_on=DAY, language="en")
    session.standards = [SessionStandard(standard_id=standard.id)]
    session.trainers = [SessionTrainer(person_id=w.trainer.id)]
    session.attendees = [SessionAttendee(person_id=p.id) for p in w.people]
    db.session.add(session)
    db.session.flush()
    last = sorted(w.people, key=lambda p: (p.family_name, p.given_name, p.id))[-1].id
    session_id, trainer = session.id, w.trainer.id
    settle()
    grid_url = f"/training/sessions/{session_id}/results/grid"
    first = client.get(grid_url).get_data(as_text=True)
    assert first.count('name="r-') == PAGE and f'name="r-{last}-' not in first
    second = client.get(grid_url + "?page=2").get_data(as_text=True)
    assert second.count('name="r-') == 1 and "page 2 of 2" in second
    assert client.get(grid_url + "?page=3").status_code == 404
    response = client.post(grid_url + "?page=2", data={
        "completed_on": DAY.isoformat(), "signed_off_by": str(trainer)})
    assert response.status_code == 302 and count(db) == 1  # the cells of that page only
