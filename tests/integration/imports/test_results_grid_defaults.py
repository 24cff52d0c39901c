"""The results grid's defaults follow what each attendee's unit asks of them (app/imports/grid.py,
app/readiness/services.py `units_not_asking`): PSEA-CMD, asked of commanders only, starts
"Absent" for the others and says why in the cell and at the top; a standard asked of everyone,
a person on no unit and a membership ended before the session's last day start "Pass"; any
cell can be overridden and what is posted is recorded as before."""
import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.training.models import (Completion, CourseSession, SessionAttendee, SessionStandard,
                                 SessionTrainer)

DAY = date(2026, 3, 6)


@pytest.fixture
def world(db, readiness_world, make_person, settle):
    """Five attendees: the unit's commander, two of its other members (one whose membership ends
    on the session's last day), one whose membership ended the day before, one on no unit."""
    w = readiness_world(size=4, keys=1, commanders=1, codes=("CD-1",),
                        commanders_only=("PSEA-CMD",), share=1.0)
    w.memberships[2].end_on = DAY
    w.memberships[3].end_on = DAY - timedelta(days=1)
    loner = make_person(w.state.iso3, family_name="Zulu")
    session = CourseSession(state_id=w.unit.state_id, title="Gaps", start_on=DAY, end_on=DAY,
                            language="en")
    session.standards = [SessionStandard(standard_id=s.id) for s in w.standards.values()]
    session.trainers = [SessionTrainer(person_id=w.trainer.id)]
    session.attendees = [SessionAttendee(person_id=p.id) for p in [*w.people, loner]]
    db.session.add(session)
    db.session.flush()
    people = [p.id for p in w.people]
    ids = SimpleNamespace(
        session=session.id, trainer=w.trainer.id, unit=w.unit.name, commander=people[0],
        member=people[1], ends_today=people[2], ended=people[3], loner=loner.id,
        cd1=w.standards["CD-1"].id, psea=w.standards["PSEA-CMD"].id)
    settle()
    return ids


def url(w):
    return f"/training/sessions/{w.session}/results/grid"


def chosen(html, key):
    """The option selected in a cell's result menu."""
    menu = re.search(rf'<select name="r-{key}"[^>]*>(.*?)</select>', html, re.S)
    return re.search(r'<option value="(\w+)" selected>', menu.group(1)).group(1)


def test_each_cell_starts_as_the_persons_unit_asks(client, registrar, world):
    w = world
    html = client.get(url(w)).get_data(as_text=True)
    everyone = (w.commander, w.member, w.ends_today, w.ended, w.loner)
    assert [chosen(html, f"{p}-{w.cd1}") for p in everyone] == ["pass"] * 5  # asked of all
    assert [chosen(html, f"{p}-{w.psea}") for p in everyone] == [
        "pass", "absent", "absent", "pass", "pass"]
    for person in (w.member, w.ends_today):
        key = f"{person}-{w.psea}"
        assert re.search(rf'<select name="r-{key}"[^>]*aria-describedby="n-{key}"', html)
        assert re.search(rf'<select name="r-{key}"(?:(?!>).)*aria-invalid', html) is None
        hint = re.search(rf'id="n-{key}">([^<]*)<', html).group(1)
        assert hint == f"Not asked of this person by {w.unit}&#39;s profile."
    for person in (w.commander, w.ended, w.loner):
        assert f'id="n-{person}-{w.psea}"' not in html
    notice = re.search(r'<div class="alert alert-info" id="preset-absent">(.*?)</div>', html,
                       re.S).group(1)
    assert '2 cells below start as "Absent" (nothing recorded)' in notice
    assert f"PSEA-CMD@2025: 2 attendees (not asked by {w.unit})" in notice


def test_the_defaults_record_what_was_asked_and_any_cell_can_be_overridden(client, db,
                                                                           registrar, world):
    w = world
    html = client.get(url(w)).get_data(as_text=True)
    # what the browser sends for the page as it comes: every menu at its default
    data = {"completed_on": DAY.isoformat(), "signed_off_by": str(w.trainer)}
    for key in re.findall(r'<select name="r-(\d+-\d+)"', html):
        data[f"r-{key}"] = chosen(html, key)
    data[f"r-{w.member}-{w.psea}"] = "pass"  # overridden: the person took it all the same
    response = client.post(url(w), data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    got = {(c.person_id, c.standard_id) for c in db.session.scalars(
        select(Completion).where(Completion.session_id == w.session))}
    assert len(got) == 5 + 3 + 1
    assert (w.member, w.psea) in got and (w.ends_today, w.psea) not in got
    # the one left open still starts "Absent", still saying why; recorded cells say nothing
    html = client.get(url(w)).get_data(as_text=True)
    assert chosen(html, f"{w.ends_today}-{w.psea}") == "absent"
    assert '1 cell below starts as "Absent"' in html
    assert f'id="n-{w.member}-{w.psea}"' not in html


def test_a_refused_grid_keeps_what_was_posted_and_the_reason(client, db, registrar, world):
    w = world
    data = {"completed_on": DAY.isoformat(), "signed_off_by": str(w.trainer),
            f"r-{w.member}-{w.psea}": "pass", f"s-{w.member}-{w.psea}": "abc"}
    response = client.post(url(w), data=data)  # the other cells unsent: "pass", as before
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    key = f"{w.member}-{w.psea}"
    assert chosen(html, key) == "pass"
    assert re.search(rf'<select name="r-{key}"[^>]*aria-invalid="true" '
                     rf'aria-describedby="e-{key} n-{key}"', html)
    assert chosen(html, f"{w.ends_today}-{w.psea}") == "pass"  # what was posted, not the preset
    assert db.session.scalar(select(Completion.id)) is None


def test_the_grid_says_why_in_french(client, registrar, world):
    from tests.factories_catalogue import ensure_translations

    ensure_translations()
    client.post("/lang/fr")
    html = client.get(url(world)).get_data(as_text=True)
    assert f"Non demandée à cette personne par le profil de {world.unit}." in html
    assert "2 cases ci-dessous commencent à « Absent »" in html
    assert f"2 participants (non demandée par {world.unit})" in html
    assert "par son unité commence à « Absent » et le dit." in html  # the grid's help
