"""Which standards a person's units do not ask of them (app/readiness/services.py
`units_not_asking`, the results grid's "Absent" defaults): whom a requirement concerns is
`rules.asked_of`; a person on no unit whose profile holds the code is left out (nobody can tell);
memberships count on the date, both ends included; the profile is the one at the unit's target
level; a fixed number of queries whatever the number of people."""
from datetime import date, timedelta

from sqlalchemy import event

from app.readiness.services import units_not_asking
from app.units.models import Membership

ON = date(2026, 3, 6)
CODES = {"CD-1", "PSEA-CMD", "NIO-1"}


def world(readiness_world, size=4, **kw):
    """CD-1 asked of everyone, PSEA-CMD of commanders (person 0), NIO-1 of NIOs (person 1)."""
    return readiness_world(size=size, keys=1, commanders=1, nios=2 if size > 1 else 0,
                           codes=("CD-1",), commanders_only=("PSEA-CMD",), nio_only=("NIO-1",),
                           **kw)


def test_a_commander_and_a_non_commander_of_the_same_unit(db, readiness_world):
    w = world(readiness_world)
    ids = [p.id for p in w.people]
    got = units_not_asking(ids, CODES, ON)
    name = (w.unit.name,)
    assert got == {(ids[2], "PSEA-CMD"): name, (ids[3], "PSEA-CMD"): name,
                   (ids[1], "PSEA-CMD"): name,  # an NIO, not a commander
                   (ids[2], "NIO-1"): name, (ids[3], "NIO-1"): name}
    # CD-1 is asked of everyone: never listed; the commander, also an NIO, is asked all three
    assert not [pair for pair in got if pair[1] == "CD-1" or pair[0] == ids[0]]
    assert units_not_asking(ids, {"CD-1"}, ON) == {}  # only the codes asked about


def test_a_person_on_no_unit_is_left_out(db, readiness_world, make_person):
    w = world(readiness_world, size=2)
    loner = make_person(w.state.iso3)
    got = units_not_asking([loner.id, w.people[1].id], CODES, ON)
    assert got and {person for person, _code in got} == {w.people[1].id}


def test_memberships_count_on_the_date_both_ends_included(db, readiness_world):
    w = world(readiness_world)
    ended, ends_today, starts_tomorrow = w.memberships[1:]
    ended.end_on = ON - timedelta(days=1)
    ends_today.end_on = ON
    starts_tomorrow.start_on = ON + timedelta(days=1)
    db.session.flush()
    got = units_not_asking([p.id for p in w.people], {"PSEA-CMD"}, ON)
    assert set(got) == {(ends_today.person_id, "PSEA-CMD")}


def test_one_unit_asking_is_enough_and_every_unit_not_asking_is_named(db, readiness_world):
    w = world(readiness_world)
    # a second unit whose profile asks PSEA-CMD of everyone: person 2 is asked by it
    asks = readiness_world(size=1, codes=("PSEA-CMD",), unit_type="formed_police_unit")
    # a third whose profile asks it of key appointments only: person 3 is not asked by either
    also = readiness_world(size=1, codes=(), key_only=("PSEA-CMD",), unit_type="engineering")
    for unit, person in ((asks.unit, w.people[2]), (also.unit, w.people[3])):
        db.session.add(Membership(state_id=unit.state_id, unit_id=unit.id, person_id=person.id))
    db.session.flush()
    got = units_not_asking([w.people[2].id, w.people[3].id], {"PSEA-CMD"}, ON)
    assert got == {(w.people[3].id, "PSEA-CMD"): tuple(sorted((w.unit.name, also.unit.name)))}


def test_the_profile_at_the_units_target_level(db, readiness_world):
    w = world(readiness_world, level="L2")  # the unit is at L1: judged at L2
    ids = [p.id for p in w.people]
    assert units_not_asking(ids, {"PSEA-CMD"}, ON)
    w.unit.pcrs_level = "L2"  # now judged at L3, which has no profile here: nobody can tell
    db.session.flush()
    assert units_not_asking(ids, {"PSEA-CMD"}, ON) == {}


def _count_queries(db, fn):
    counter = {"n": 0}

    def before(*_args, **_kw):
        counter["n"] += 1

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    return counter["n"]


def test_a_fixed_number_of_queries_whatever_the_number_of_people(db, readiness_world):
    counts = []
    for size in (3, 60):
        w = world(readiness_world, size=size)
        db.session.commit()
        db.session.expire_all()
        ids = [p.id for p in w.people]
        counts.append(_count_queries(db, lambda: units_not_asking(ids, CODES, ON)))
    assert counts == [3, 3], counts
