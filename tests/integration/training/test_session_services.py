"""Sessions, attendees, qualifications and partnerships: refusals at their boundaries."""
from datetime import date

import pytest

from app.training import services
from app.training.models import TrainerQualification
from app.units.errors import RecordError


def refused(code, call, *args, **kw):
    with pytest.raises(RecordError) as info:
        call(*args, **kw)
    assert info.value.code == code, info.value.code
    return info.value


def test_create_session_refusals(db, make_state, make_standard, make_person):
    ken = make_state("KEN")
    cd1 = make_standard("CD-1", "2017", retired_on=date(2025, 6, 30))
    tot = make_standard("TOT-CPTM", "2017", sign_off="tot_centre", category="tot")
    trainer = make_person("KEN")
    args = dict(state_id=ken.id, centre_id=None, title="PDT", start_on=date(2025, 3, 3),
                end_on=date(2025, 3, 7), language="en", standard_ids=[cd1.id],
                trainer_person_ids=[trainer.id])
    assert services.create_session(**args).id
    refused("bad_dates", services.create_session, **args | {"end_on": date(2025, 3, 2)})
    refused("no_standards", services.create_session, **args | {"standard_ids": []})
    refused("tot_mismatch", services.create_session, **args | {"standard_ids": [tot.id]})
    refused("tot_mismatch", services.create_session, **args | {"is_tot": True})
    refused("unknown_trainer", services.create_session, **args | {"trainer_person_ids": [999]})
    # retired 2025-06-30: a session starting that day is fine, the day after is not
    on_last_day = args | {"start_on": date(2025, 6, 30), "end_on": date(2025, 7, 2)}
    assert services.create_session(**on_last_day).id
    refused("not_current", services.create_session,
            **args | {"start_on": date(2025, 7, 1), "end_on": date(2025, 7, 2)})


def test_partnership_sessions_train_only_trainee_states(db, make_state, make_standard,
                                                       make_person):
    ken, jpn, gha = make_state("KEN"), make_state("JPN"), make_state("GHA")
    hee = make_standard("HEE-BASIC", "2015", sign_off="TOT-TPP")
    refused("state_both", services.create_partnership, "P1", "P", "DOS", "engineering", None,
            date(2024, 1, 1), None, [ken.id], [ken.id])
    refused("states_required", services.create_partnership, "P1", "P", "DOS", "engineering",
            None, date(2024, 1, 1), None, [], [jpn.id])
    refused("bad_stream", services.create_partnership, "P1", "P", "DOS", "cooking", None,
            date(2024, 1, 1), None, [ken.id], [jpn.id])
    p = services.create_partnership("p-1", "P", "DOS", "engineering", "Japan", date(2024, 1, 1),
                                    date(2025, 12, 31), [ken.id], [jpn.id])
    refused("duplicate", services.create_partnership, "P-1", "P", "DOS", "engineering", None,
            date(2024, 1, 1), None, [ken.id], [jpn.id])
    args = dict(state_id=ken.id, centre_id=None, title="HEE", start_on=date(2025, 5, 5),
                end_on=date(2025, 5, 30), language="en", standard_ids=[hee.id],
                trainer_person_ids=[make_person("JPN").id], partnership_id=p.id)
    session = services.create_session(**args)
    refused("not_trainee", services.create_session, **args | {"state_id": gha.id})
    refused("outside_partnership", services.create_session,
            **args | {"end_on": date(2026, 1, 1)})
    refused("foreign_attendee", services.add_attendees, session, [make_person("GHA").id])
    assert services.add_attendees(session, [make_person("KEN").id]) == 1


def test_grant_qualification_rules(db, course, make_standard, make_person):
    make_standard("TOT-CPTM", "2017", sign_off="tot_centre", category="tot",
                  validity_months=36)
    person = course.attendees[0]
    refused("not_tot_code", services.grant_qualification, person, "CD-1", date(2025, 1, 1))
    refused("not_tot_session", services.grant_qualification, person, "TOT-CPTM",
            date(2025, 1, 1), None, course.session)
    refused("bad_dates", services.grant_qualification, person, "TOT-CPTM", date(2025, 1, 1),
            date(2024, 12, 31))
    q = services.grant_qualification(person, "TOT-CPTM", date(2024, 2, 29))
    assert q.valid_until == date(2027, 2, 27)  # 36 months from a leap day, inclusive
    refused("duplicate", services.grant_qualification, person, "TOT-CPTM", date(2024, 2, 29))
    services.revoke_qualification(q, date(2025, 1, 1), "Withdrawn")
    refused("already_revoked", services.revoke_qualification, q, date(2025, 1, 2), "Again")
    assert db.session.get(TrainerQualification, q.id).revoked_reason == "Withdrawn"


def test_attendee_with_results_cannot_be_withdrawn(db, course):
    person = course.attendees[0]
    services.record_result(course.session, person, course.standard, date(2025, 3, 4), True,
                           80, course.trainer)
    refused("has_results", services.remove_attendee, course.session, person)
    services.remove_attendee(course.session, course.attendees[1])


def test_trainer_cannot_sign_off_own_result(db, course):
    from app.training.models import SessionAttendee

    db.session.add(SessionAttendee(session_id=course.session.id, person_id=course.trainer.id))
    db.session.flush()
    refused("self_sign_off", services.record_result, course.session, course.trainer,
            course.standard, date(2025, 3, 4), True, 80, course.trainer)
