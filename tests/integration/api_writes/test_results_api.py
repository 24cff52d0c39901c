"""POST /api/v1/sessions/<id>/results: the results import's validation (the one result rule),
the whole batch or nothing, each refusal naming the item; scoped like the pages."""
from datetime import date

import pytest

from app.auth.models import Role
from app.training.models import Completion


@pytest.fixture
def setup(course, make_person, make_standard, settle):
    """The `course` session (KEN, 2025-03-03..07, CD-1@2017 pass mark 70, one trainer qualified
    until 2025-03-05, two attendees), a KEN person not enrolled, a GHA person."""
    from types import SimpleNamespace

    ids = SimpleNamespace(session=course.session.id, trainer=course.trainer.id,
                          people=[p.id for p in course.attendees],
                          newcomer=make_person("KEN").id, gha=make_person("GHA").id)
    settle()
    return ids


def result(person, **kw):
    values = dict(person_id=person, standard="CD-1", completed_on="2025-03-04",
                  result="pass", score=85)
    values.update(kw)
    return values


def push(client, setup, *items, **kw):
    return client.post(f"/api/v1/sessions/{setup.session}/results", {"results": list(items)},
                       **kw)


def test_push_results_and_retry(api, setup, count, audit_actions):
    client = api(Role.CENTRE_REGISTRAR)
    items = [result(setup.people[0]), result(setup.people[1], result="fail", score=40)]
    first = push(client, setup, *items, key="r-1")
    assert first.status_code == 200, first.get_json()
    assert first.get_json() == {"session_id": setup.session, "results_new": 2,
                                "results_same": 0}
    assert push(client, setup, *items, key="r-1").get_json() == first.get_json()
    same = push(client, setup, *items).get_json()  # a new key: recognised, nothing new
    assert (same["results_new"], same["results_same"]) == (0, 2)
    assert count(Completion) == 2
    assert audit_actions() == ["session.results_record", "session.results_record"]


@pytest.mark.parametrize("item, field, code", [
    (dict(score=69), "score", "below_pass_mark"),
    (dict(completed_on="2025-03-06"), "signed_off_by", "unqualified"),  # qualification ended
    (dict(completed_on="2025-03-08"), "completed_on", "outside_session"),
    (dict(completed_on="2025-03-02"), "completed_on", "outside_session"),
    (dict(standard="CD-9"), "standard", "not_in_session"),
    (dict(version="2025"), "version", "unknown_version"),
    (dict(signed_off_by=987654), "signed_off_by", "not_trainer"),
    (dict(person_id=987654), "person_id", "not_attendee"),
    ("newcomer", "person_id", "not_attendee"),  # of the session's state, but not enrolled
    ("gha", "person_id", "not_attendee"),
])
def test_one_bad_result_refuses_the_batch(api, setup, count, audit_actions, item, field, code):
    client = api(Role.CENTRE_REGISTRAR)
    bad = result(getattr(setup, item)) if isinstance(item, str) else \
        result(setup.people[1], **item)
    response = push(client, setup, result(setup.people[0]), bad)
    assert response.status_code == 422, response.get_json()
    assert [(p["item"], p["field"], p["code"]) for p in response.get_json()["problems"]] == \
        [(1, field, code)]
    assert count(Completion) == 0 and audit_actions() == []


@pytest.mark.parametrize("item", [dict(score=70), dict(score=None), dict(completed_on="2025-03-05"),
                                  dict(completed_on="2025-03-03", score=100),
                                  dict(result="fail", score=0)])
def test_boundaries_that_pass(api, setup, count, item):
    client = api(Role.CENTRE_REGISTRAR)
    assert push(client, setup, result(setup.people[0], **item)).status_code == 200
    assert count(Completion) == 1


def test_duplicates_and_conflicts(api, setup, count):
    client = api(Role.CENTRE_REGISTRAR)
    twice = push(client, setup, result(setup.people[0]), result(setup.people[0], score=90))
    assert [(p["item"], p["code"], p["message"]) for p in twice.get_json()["problems"]] == \
        [(1, "duplicate_entry", "the same result is already item 0")]
    assert push(client, setup, result(setup.people[0])).status_code == 200
    other = push(client, setup, result(setup.people[0], score=90))
    assert [(p["item"], p["code"]) for p in other.get_json()["problems"]] == \
        [(0, "different_result")]
    assert count(Completion) == 1


def test_shape_and_size(api, setup, count):
    client = api(Role.CENTRE_REGISTRAR)
    for bad in (dict(score=101), dict(score=-1), dict(result="passed"),
                dict(completed_on="2025-02-30"), dict(standard=""), dict(person_id="x"),
                dict(person_id=2**31), dict(person_id=0), dict(signed_off_by=2**63)):
        assert push(client, setup, result(setup.people[0], **bad)).status_code == 400, bad
    largest = push(client, setup, result(2**31 - 1))
    assert largest.status_code == 422 and largest.get_json()["problems"][0]["code"] == \
        "not_attendee"
    many = [result(setup.people[0], completed_on=f"2025-03-{d:02d}") for d in range(1, 8)] * 143
    assert push(client, setup, *many).status_code == 400  # 1001 items
    assert count(Completion) == 0


def test_tenancy_and_roles(api, setup, count, audit_actions):
    body = [result(setup.people[0])]
    assert push(api(Role.CENTRE_REGISTRAR, "GHA"), setup, *body).status_code == 404
    assert push(api(Role.PARTNER_TRAINER), setup, *body).status_code == 404  # not its session
    for role in (Role.UN_OFFICER, Role.UN_ADMIN):
        assert push(api(role), setup, *body).status_code == 403
    assert count(Completion) == 0 and set(audit_actions()) <= {"access.denied"}
    assert push(api(Role.CERTIFYING_OFFICER), setup, *body).status_code == 200


def test_the_signer_is_named_when_the_session_has_several_trainers(api, setup, db, make_person,
                                                                   make_qualification, count):
    from app.training.models import SessionTrainer

    second = make_person("KEN")
    make_qualification(second, "TOT-CPTM")
    db.session.add(SessionTrainer(session_id=setup.session, person_id=second.id))
    db.session.commit()
    client = api(Role.CENTRE_REGISTRAR)
    response = push(client, setup, result(setup.people[0]))
    assert [(p["item"], p["field"], p["code"]) for p in response.get_json()["problems"]] == \
        [(0, "signed_off_by", "signer_required")]
    assert push(client, setup, result(setup.people[0], signed_off_by=second.id)).status_code \
        == 200
    assert count(Completion) == 1
