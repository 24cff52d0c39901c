"""Results import: each refusal of the result rules appears in the preview with its line; good
files enrol missing attendees, write completions once, and change readiness."""
from datetime import date

import pytest
from sqlalchemy import func, select

from app.readiness.services import unit_readiness
from app.training.models import Completion, CourseSession, SessionAttendee, SessionStandard, \
    SessionTrainer
from tests.factories_readiness import ON

HEADER = "member_state,service_number,standard,completed_on,result,score,signed_off_by"


@pytest.fixture
def world(db, readiness_world):
    w = readiness_world(size=6, keys=1, codes=("CD-1", "SEA-1"), share=0.5)
    session = CourseSession(state_id=w.unit.state_id, title="PDT March", start_on=date(2026, 3, 2),
                            end_on=date(2026, 3, 6), language="en")
    session.standards = [SessionStandard(standard_id=s.id) for s in w.standards.values()]
    session.trainers = [SessionTrainer(person_id=w.trainer.id)]
    db.session.add(session)
    db.session.commit()
    w.session = session
    return w


def results_csv(rows):
    return ("\n".join([HEADER] + [",".join(map(str, r)) for r in rows]) + "\n").encode()


def good_rows(w, code="CD-1", people=None):
    return [["KEN", p.service_number, code, "2026-03-05", "pass", 80, w.trainer.service_number]
            for p in (people or w.people)]


def completions(db):
    return db.session.scalar(select(func.count()).select_from(Completion))


def test_results_import_enrols_writes_and_changes_readiness(client, db, registrar, world, flow):
    w = world
    before = unit_readiness(w.unit, ON, profile=w.profile)
    assert before.coverage["CD-1"].holding == 0
    rows = good_rows(w, "CD-1") + good_rows(w, "SEA-1", w.people[:3])
    stage, _response, page = flow.run(f"/imports/sessions/{w.session.id}/results",
                                      results_csv(rows))
    assert "Imported. All 9 rows were written." in page
    assert completions(db) == 9
    assert db.session.scalar(select(func.count()).select_from(SessionAttendee)) == 6
    after = unit_readiness(w.unit, ON, profile=w.profile)
    assert after.coverage["CD-1"].holding == 6 and after.coverage["SEA-1"].holding == 3
    assert after.certifiable
    # the same rows again in a new file (another order): nothing new
    stage, _response, page = flow.run(f"/imports/sessions/{w.session.id}/results",
                                      results_csv(list(reversed(rows))))
    assert completions(db) == 9


def test_each_result_rule_refuses_its_row(client, db, registrar, world, flow, make_standard):
    w = world
    p = w.people
    rows = [
        ["KEN", p[0].service_number, "CD-1", "2026-03-05", "pass", 80, w.trainer.service_number],
        ["KEN", "NOBODY-1", "CD-1", "2026-03-05", "pass", 80, ""],                    # line 3
        ["KEN", p[1].service_number, "POC-1", "2026-03-05", "pass", 80, ""],          # line 4
        ["KEN", p[2].service_number, "CD-1", "2026-04-01", "pass", 80, ""],           # line 5
        ["KEN", p[3].service_number, "CD-1", "2026-03-05", "pass", 101, ""],          # line 6
        ["KEN", p[4].service_number, "CD-1", "2026-03-05", "pass", 50, ""],           # line 7
        ["KEN", p[5].service_number, "CD-1", "2026-03-05", "pass", 80, "SOMEONE"],    # line 8
        ["KEN", w.trainer.service_number, "SEA-1", "2026-03-05", "pass", 90, ""],     # line 9
        ["KEN", p[0].service_number, "CD-1", "2026-03-05", "fail", 10, ""],           # line 10
    ]
    stage = flow.stage_id(flow.upload(f"/imports/sessions/{w.session.id}/results",
                                      results_csv(rows)))
    flow.check(stage)
    page = flow.preview(stage)
    expected = {3: "no person with this service number", 4: "is not taught in this session",
                5: "outside the session", 6: "the score is a whole number from 0 to 100",
                7: "below the pass mark", 8: "is not one of the session",
                9: "cannot sign off their own results", 10: "the same entry is already on line 2"}
    for line, text in expected.items():
        assert f"<td>{line}</td>" in page and text in page, (line, text)
    assert "<td>2</td>" not in page
    flow.confirm(stage)
    assert completions(db) == 0


def test_unqualified_signer_is_refused(client, db, registrar, world, flow):
    w = world
    w.qualification.valid_until = date(2026, 3, 4)
    db.session.commit()
    rows = [["KEN", w.people[0].service_number, "CD-1", "2026-03-04", "pass", 80, ""],
            ["KEN", w.people[1].service_number, "CD-1", "2026-03-05", "pass", 80, ""]]
    stage = flow.stage_id(flow.upload(f"/imports/sessions/{w.session.id}/results",
                                      results_csv(rows)))
    flow.check(stage)
    page = flow.preview(stage)
    assert "<td>3</td><td><code>signed_off_by</code></td>" in page and "TOT-CPTM" in page
    assert "<td>2</td>" not in page


def test_another_states_people_refuse_the_results_file(client, db, registrar, world, flow):
    w = world
    rows = good_rows(w)[:2] + [["GHA", "GH-1", "CD-1", "2026-03-05", "pass", 80, ""]]
    response = flow.upload(f"/imports/sessions/{w.session.id}/results", results_csv(rows))
    assert response.status_code == 422
    assert "another Member State" in response.get_data(as_text=True)


def test_different_result_already_recorded(client, db, registrar, world, flow):
    w = world
    flow.run(f"/imports/sessions/{w.session.id}/results", results_csv(good_rows(w)[:1]))
    changed = [["KEN", w.people[0].service_number, "CD-1", "2026-03-05", "pass", 95, ""]]
    stage = flow.stage_id(flow.upload(f"/imports/sessions/{w.session.id}/results",
                                      results_csv(changed)))
    flow.check(stage)
    assert "a different result for this standard on this date" in flow.preview(stage)


def test_partner_trainer_imports_for_its_partnership_session_only(
        client, db, readiness_world, make_user, login_as, flow, settle):
    """A Japanese partner trainer records results for the Kenyan attendees of its partnership's
    session; Kenyans who are not attendees are invisible to it (unknown person)."""
    from app.auth.models import Role, UserPartnership
    from app.training.models import Partnership, PartnershipState

    w = readiness_world(size=3, keys=0, codes=("CD-1",))
    japan = readiness_world(size=0, state="JPN", codes=("CD-1",))
    partnership = Partnership(code="TPP-1", name="TPP", un_entity="DOS", stream="engineering",
                              start_on=date(2026, 1, 1))
    db.session.add(partnership)
    db.session.flush()
    db.session.add_all([
        PartnershipState(partnership_id=partnership.id, state_id=w.state.id, role="trainee"),
        PartnershipState(partnership_id=partnership.id, state_id=japan.state.id,
                         role="partner")])
    session = CourseSession(state_id=w.state.id, title="TPP course", start_on=date(2026, 3, 2),
                            end_on=date(2026, 3, 6), language="en", partnership_id=partnership.id)
    session.standards = [SessionStandard(standard_id=w.standards["CD-1"].id)]
    session.trainers = [SessionTrainer(person_id=japan.trainer.id)]
    session.attendees = [SessionAttendee(person_id=p.id) for p in w.people[:2]]
    db.session.add(session)
    trainer_user = make_user(Role.PARTNER_TRAINER, state="JPN")
    db.session.add(UserPartnership(user_id=trainer_user.id, partnership_id=partnership.id))
    session_id, numbers = session.id, [p.service_number for p in w.people]
    signer = japan.trainer.service_number
    settle()
    login_as(trainer_user)
    rows = [["KEN", n, "CD-1", "2026-03-05", "pass", 80, signer] for n in numbers]
    stage = flow.stage_id(flow.upload(f"/imports/sessions/{session_id}/results",
                                      results_csv(rows)))
    flow.check(stage)
    page = flow.preview(stage)
    assert "<td>4</td><td><code>service_number</code></td>" in page and "no person with this service" in page
    stage, _response, page = flow.run(f"/imports/sessions/{session_id}/results",
                                      results_csv(rows[:2]))
    assert "Imported. All 2 rows were written." in page
    assert completions(db) == 2
