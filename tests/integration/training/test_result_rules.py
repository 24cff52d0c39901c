"""record_result: every refusal reason, at its boundary."""
from datetime import date

import pytest

from app.training import services
from app.training.models import Completion
from app.units.errors import SignOffRefused


def refused(course, code, **kw):
    args = dict(session=course.session, person=course.attendees[0], standard=course.standard,
                completed_on=date(2025, 3, 4), passed=True, score=80,
                signed_off_by=course.trainer)
    args.update(kw)
    with pytest.raises(SignOffRefused) as info:
        services.record_result(**args)
    assert info.value.code == code, info.value.code
    assert str(info.value)  # a readable reason
    return info.value


def record(course, **kw):
    args = dict(session=course.session, person=course.attendees[0], standard=course.standard,
                completed_on=date(2025, 3, 4), passed=True, score=80,
                signed_off_by=course.trainer)
    args.update(kw)
    return services.record_result(**args)


def test_valid_result_is_recorded_with_audit(db, course):
    from app.audit.models import AuditEvent

    completion = record(course)
    assert completion.id and completion.state_id == course.attendees[0].state_id
    assert completion.signed_off_by_id == course.trainer.id
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="completion.record"))
    assert event.object_id == str(completion.id)
    assert "Given" not in str(event.details)  # no personal values in the trail


def test_qualification_valid_until_the_day_itself(course):
    # the fixture's qualification ends 2025-03-05: that day is fine, the next is not
    assert record(course, completed_on=date(2025, 3, 5)).id
    error = refused(course, "unqualified", completed_on=date(2025, 3, 6),
                    person=course.attendees[1])
    assert "TOT-CPTM" in str(error)


def test_qualification_not_yet_valid(db, course):
    course.qualification.valid_from = date(2025, 3, 5)
    db.session.flush()
    refused(course, "unqualified", completed_on=date(2025, 3, 4))
    assert record(course, completed_on=date(2025, 3, 5)).id


def test_revoked_qualification(db, course):
    course.qualification.revoked_on = date(2025, 3, 4)
    db.session.flush()
    refused(course, "unqualified", completed_on=date(2025, 3, 4))
    assert record(course, completed_on=date(2025, 3, 3)).id  # signed before the revocation


def test_qualification_for_another_code_does_not_count(db, course, make_qualification):
    course.qualification.qualification_code = "TOT-SEA"
    db.session.flush()
    refused(course, "unqualified")


def test_standard_retired_the_day_before_is_refused(db, course):
    course.standard.retired_on = date(2025, 3, 3)
    db.session.flush()
    refused(course, "not_current", completed_on=date(2025, 3, 4))
    assert record(course, completed_on=date(2025, 3, 3)).id  # retired_on is the last valid day


def test_score_at_and_below_pass_mark(course):
    refused(course, "below_pass_mark", score=69)
    assert record(course, score=70).id
    assert record(course, score=None, person=course.attendees[1]).id  # the trainer's word
    refused(course, "bad_score", score=101, person=course.attendees[1])


def test_a_fail_below_pass_mark_is_recorded(course):
    completion = record(course, passed=False, score=40)
    assert completion.passed is False


def test_person_must_attend(course, make_person):
    refused(course, "not_attendee", person=make_person("KEN"))


def test_date_must_be_inside_the_session(course):
    refused(course, "outside_session", completed_on=date(2025, 3, 2))
    refused(course, "outside_session", completed_on=date(2025, 3, 8))
    assert record(course, completed_on=date(2025, 3, 3)).id


def test_signer_must_be_a_session_trainer(course, make_person, make_qualification):
    outsider = make_person("KEN")
    make_qualification(outsider)
    refused(course, "not_trainer", signed_off_by=outsider)


def test_standard_must_be_taught_in_the_session(course, make_standard):
    refused(course, "not_in_session", standard=make_standard("SEA-1", "2017", sign_off="TOT-SEA"))


def test_same_result_twice_is_one_row_and_a_different_one_is_refused(db, course):
    first = record(course)
    assert record(course).id == first.id
    assert db.session.scalar(db.select(db.func.count(Completion.id))) == 1
    refused(course, "duplicate", score=95)


def test_trainer_standards_only_in_tot_sessions(db, course, make_standard):
    tot = make_standard("TOT-CPTM", "2017", sign_off="tot_centre", category="tot")
    from app.training.models import SessionStandard

    course.session.standards.append(SessionStandard(standard_id=tot.id))
    db.session.flush()
    refused(course, "tot_only", standard=tot)
