"""Issue 16, item 6: the same date rules for forms and imports. A birth date after today is
refused by the roster import as by the person form (today itself is accepted by both), and a
completion dated after today by the results import as by the per-row form (covered with the
result rule in test_result_rules_agree.py); one rule each: app/units/services.birth_problem and
app/training/rules.date_problem."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.timeutil import today
from app.units.models import Person
from tests.integration.imports.conftest import ROSTER_HEADER, roster_line


@pytest.fixture
def unit(make_unit, db):
    unit = make_unit("KEN")
    db.session.commit()
    return unit


def people(db):
    return db.session.scalar(select(func.count()).select_from(Person))


def form(client, birth_on, number):
    return client.post("/units/people/new", data={
        "service_number": number, "rank": "Maj", "given_name": "Achieng", "family_name": "Otieno",
        "sex": "F", "personnel_category": "staff_officer", "nationality": "KEN",
        "birth_on": birth_on.isoformat()})


def roster(flow, unit, birth_on, number):
    data = (f"{ROSTER_HEADER},birth_on\n"
            f"{roster_line(1, service_number=number)},{birth_on.isoformat()}\n").encode()
    stage = flow.stage_id(flow.upload(f"/imports/units/{unit.id}/roster", data))
    flow.check(stage)
    flow.confirm(stage)
    return flow.preview(stage)


@pytest.mark.parametrize("days, accepted", [(0, True), (1, False), (365 * 4, False)])
def test_birth_dates_after_today_are_refused_by_form_and_import(client, db, make_user, login_as,
                                                                unit, flow, days, accepted):
    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    birth = today() + timedelta(days=days)
    by_form = form(client, birth, f"KF-{days}")
    assert (by_form.status_code == 302) is accepted
    page = roster(flow, unit, birth, f"KI-{days}")
    assert ("Imported. All 1 rows were written." in page) is accepted
    if not accepted:
        assert f"the date of birth {birth.isoformat()} is in the future" in page
        assert "date of birth is not plausible" in by_form.get_data(as_text=True)
    assert people(db) == (2 if accepted else 0)
