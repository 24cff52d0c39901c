"""A batch of results for a session (app/imports/batch.py, behind the results grid and the write
API): the import's rules, entry by entry, at their boundaries; one refused entry writes nothing;
the same batch twice writes once."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.imports.batch import Entry, ResultsRefused, check_results, record_results
from app.readiness.services import unit_readiness
from app.timeutil import today
from app.training.models import (Completion, CourseSession, SessionAttendee, SessionStandard,
                                 SessionTrainer)
from tests.factories_readiness import ON

DAY = date(2026, 3, 5)


@pytest.fixture
def world(db, readiness_world):
    w = readiness_world(size=4, keys=1, codes=("CD-1", "SEA-1"), share=0.5)
    session = CourseSession(state_id=w.unit.state_id, title="PDT March", start_on=date(2026, 3, 2),
                            end_on=date(2026, 3, 6), language="en")
    session.standards = [SessionStandard(standard_id=s.id) for s in w.standards.values()]
    session.trainers = [SessionTrainer(person_id=w.trainer.id)]
    session.attendees = [SessionAttendee(person_id=p.id) for p in w.people]
    db.session.add(session)
    db.session.commit()
    w.session = session
    return w


def grid(w, score=80, on=DAY):
    return [Entry(p.id, s.id, on, True, score, w.trainer.id)
            for p in w.people for s in w.standards.values()]


def completions(db):
    return db.session.scalar(select(func.count()).select_from(Completion))


def test_a_batch_is_recorded_once_and_counts_for_readiness(db, world):
    w = world
    counts = record_results(w.session, grid(w), actor=None)
    db.session.commit()
    assert counts == {"results_new": 8, "results_same": 0}
    assert completions(db) == 8
    verdict = unit_readiness(w.unit, ON, profile=w.profile)
    assert verdict.coverage["CD-1"].holding == 4 and verdict.certifiable
    assert record_results(w.session, grid(w)) == {"results_new": 0, "results_same": 8}
    assert completions(db) == 8
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action == "session.results_record")).all()
    assert [e.details["results_new"] for e in events] == [8, 0]


@pytest.mark.parametrize("change, field, code", [
    ("score one below the pass mark", "score", "below_pass_mark"),
    ("score at the pass mark", None, None),
    ("a pass without a score", None, None),
    ("score over 100", "score", "bad_score"),
    ("a date after the session", "completed_on", "outside_session"),
    ("trainer's qualification expired the day before", "signed_off_by", "unqualified"),
    ("trainer's qualification valid until that day", None, None),
    ("signed by someone not a trainer of the session", "signed_off_by", "not_trainer"),
    ("a person not attending", "person", "not_attendee"),
    ("the same entry twice", "person", "duplicate_entry"),
])
def test_one_bad_entry_refuses_the_batch_and_names_its_cell(db, world, change, field, code):
    w = world
    entries = grid(w)
    mark = w.standards["CD-1"].pass_mark
    target = 5  # the third person's CD-1 ... any entry but the first
    e = entries[target]
    if change == "score one below the pass mark":
        entries[target] = e._replace(score=mark - 1)
    elif change == "score at the pass mark":
        entries[target] = e._replace(score=mark)
    elif change == "a pass without a score":
        entries[target] = e._replace(score=None)
    elif change == "score over 100":
        entries[target] = e._replace(score=101)
    elif change == "a date after the session":
        entries[target] = e._replace(completed_on=date(2026, 3, 7))
    elif change == "trainer's qualification expired the day before":
        w.qualification.valid_until = DAY - timedelta(days=1)
        entries = entries[target:target + 1]
        target = 0
    elif change == "trainer's qualification valid until that day":
        w.qualification.valid_until = DAY
    elif change == "signed by someone not a trainer of the session":
        entries[target] = e._replace(signer_id=w.people[0].id)
    elif change == "a person not attending":
        db.session.delete(db.session.get(SessionAttendee, (w.session.id, e.person_id)))
        db.session.flush()
    elif change == "the same entry twice":
        entries.append(entries[target])
        target = len(entries) - 1
    problems = check_results(w.session, entries)
    if code is None:
        assert problems == []
        record_results(w.session, entries)
        assert completions(db) == len(entries)
        return
    mine = [p for p in problems if p.index == target]
    assert [(p.field, p.code) for p in mine] == [(field, code)], problems
    with pytest.raises(ResultsRefused) as refused:
        record_results(w.session, entries)
    assert refused.value.problems == problems
    assert completions(db) == 0
    assert mine[0].message and mine[0].message != code


def test_a_date_in_the_future_is_refused_today_is_not(db, world):
    w = world
    day = today()
    w.session.start_on, w.session.end_on = day - timedelta(days=2), day + timedelta(days=2)
    db.session.flush()
    person, standard = w.people[0], w.standards["CD-1"]
    tomorrow = Entry(person.id, standard.id, day + timedelta(days=1), True, 80, w.trainer.id)
    problems = check_results(w.session, [tomorrow])
    assert [(p.field, p.code) for p in problems] == [("completed_on", "future_date")]
    with pytest.raises(ResultsRefused):
        record_results(w.session, [tomorrow])
    assert completions(db) == 0
    assert record_results(w.session, [tomorrow._replace(completed_on=day)])["results_new"] == 1


def test_a_different_result_already_recorded_is_refused(db, world):
    w = world
    record_results(w.session, grid(w)[:1])
    changed = grid(w)[0]._replace(passed=False, score=20)
    problems = check_results(w.session, [changed])
    assert [(p.field, p.code) for p in problems] == [("completed_on", "different_result")]


def test_a_failed_attempt_is_recorded_and_does_not_count(db, world):
    w = world
    entries = grid(w)
    entries[0] = entries[0]._replace(passed=False, score=30)
    record_results(w.session, entries)
    failed = db.session.scalar(select(Completion).where(Completion.passed.is_(False)))
    assert failed.score == 30
    verdict = unit_readiness(w.unit, ON, profile=w.profile)
    assert verdict.coverage["CD-1"].holding == 3
