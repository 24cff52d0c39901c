"""Readiness from the database: statuses, roster dates, sign-offs, language, screening, and a
constant number of queries whatever the roster size."""
from datetime import date

import pytest
from sqlalchemy import event

from app.readiness.rules import Status
from app.readiness.services import profile_for, target_level, unit_readiness
from tests.factories_readiness import ON


def status(readiness, person, code):
    return readiness.per_person[person.id][code].status


def test_statuses_from_rows(db, readiness_world, make_standard):
    w = readiness_world(size=6, keys=0, codes=("CD-1",))
    a, b, c, d, e, f = w.people
    w.give(a, "CD-1", date(2025, 9, 1))                       # valid
    w.give(b, "CD-1", date(2025, 4, 20))                      # expires 2026-04-20: expiring
    w.give(c, "CD-1", date(2025, 3, 14))                      # expired yesterday
    w.give(d, "CD-1", date(2025, 9, 1), passed=False)         # failed only: missing
    outsider = readiness_world(size=1, keys=0, codes=("CD-1",)).trainer
    w.give(e, "CD-1", date(2025, 9, 1), signer=outsider)      # outsider's qualification: counts
    retired = make_standard("CD-1", "2017", retired_on=date(2025, 6, 30), validity_months=12)
    w.give(f, "CD-1", date(2025, 9, 1), standard=retired)     # retired version: not counted
    db.session.flush()
    r = unit_readiness(w.unit, ON, profile=w.profile)
    assert [status(r, p, "CD-1") for p in w.people] == [
        Status.VALID, Status.EXPIRING, Status.EXPIRED, Status.MISSING, Status.VALID,
        Status.NOT_COUNTED]
    assert r.per_person[f.id]["CD-1"].not_counted_because == ("version_not_current",)
    assert r.coverage["CD-1"].holding == 3 and r.coverage["CD-1"].required == 5
    assert not r.certifiable and [x.code for x in r.reasons] == ["coverage_short"]


def test_unqualified_or_revoked_signer_is_not_counted(db, readiness_world):
    w = readiness_world(size=3, keys=0, codes=("CD-1",))
    w.qualification.revoked_on = date(2025, 9, 1)
    w.give(w.people[0], "CD-1", date(2025, 8, 31))   # the day before revocation: counts
    w.give(w.people[1], "CD-1", date(2025, 9, 1))    # revoked that day: not counted
    w.give(w.people[2], "CD-1", date(2025, 9, 1), signer=None)
    db.session.flush()
    r = unit_readiness(w.unit, ON, profile=w.profile)
    assert [status(r, p, "CD-1") for p in w.people] == [
        Status.VALID, Status.NOT_COUNTED, Status.NOT_COUNTED]
    assert r.per_person[w.people[1].id]["CD-1"].not_counted_because == ("unqualified_signer",)


def test_expires_today_counts_and_tomorrow_does_not(db, readiness_world):
    w = readiness_world(size=1, keys=0, codes=("CD-1",), share=1.0)
    w.give(w.people[0], "CD-1", date(2025, 3, 15))
    db.session.flush()
    assert unit_readiness(w.unit, date(2026, 3, 15), profile=w.profile).certifiable
    assert not unit_readiness(w.unit, date(2026, 3, 16), profile=w.profile).certifiable


def test_only_memberships_active_on_the_date_count(db, readiness_world):
    w = readiness_world(size=3, keys=0, codes=("CD-1",), share=1.0)
    w.give_all()
    w.memberships[2].end_on = date(2026, 1, 1)
    w.memberships[1].start_on = date(2026, 4, 1)
    db.session.flush()
    r = unit_readiness(w.unit, ON, profile=w.profile)
    assert [row.person_id for row in r.rows] == [w.people[0].id]
    assert r.verdict.roster_size == 1 and r.certifiable


def test_key_appointments_language_nio_and_screening(db, readiness_world):
    from app.units.models import LanguageProficiency, ScreeningAttestation

    w = readiness_world(size=4, keys=1, codes=("CD-1",), key_only=("SEA-CMD",), share=0.5,
                        nio_per=4, language_level=2, screening_required=True,
                        mission_language="fr")
    w.give_all(["CD-1"])
    r = unit_readiness(w.unit, ON, profile=w.profile)
    assert {x.code for x in r.reasons} == {"key_appointment_incomplete", "nio_short",
                                           "language_short", "screening_missing"}
    key = w.people[0]
    w.give(key, "SEA-CMD")
    w.memberships[3].is_nio = True
    db.session.add(LanguageProficiency(state_id=key.state_id, person_id=key.id, language="fr",
                                       level=2, assessed_by="test", assessed_on=date(2025, 1, 1),
                                       valid_until=date(2026, 12, 31)))
    db.session.add(ScreeningAttestation(state_id=w.unit.state_id, unit_id=w.unit.id,
                                        rotation=w.unit.rotation, status="cleared",
                                        attested_on=date(2026, 1, 10)))
    db.session.flush()
    r = unit_readiness(w.unit, ON, profile=w.profile)
    assert r.certifiable, r.reasons
    # a later "pending" attestation for the same rotation replaces the clearance
    db.session.add(ScreeningAttestation(state_id=w.unit.state_id, unit_id=w.unit.id,
                                        rotation=w.unit.rotation, status="pending",
                                        attested_on=date(2026, 2, 1)))
    db.session.flush()
    assert [x.code for x in unit_readiness(w.unit, ON, profile=w.profile).reasons] == \
        ["screening_missing"]


def test_profile_for_and_default_target_level(db, readiness_world):
    w = readiness_world(size=1, level="L2")
    assert target_level(w.unit) == "L2"
    assert profile_for(w.unit, "L2").id == w.profile.id
    assert profile_for(w.unit, "L3") is None
    r = unit_readiness(w.unit, ON)
    assert r.profile.id == w.profile.id
    w.unit.pcrs_level = "L2"  # next is L3: no profile in this catalogue
    r = unit_readiness(w.unit, ON)
    assert r.profile is None and r.verdict is None and not r.certifiable and r.rows == []


def _count_queries(db, fn):
    counter = {"n": 0}

    def before(*_args, **_kw):
        counter["n"] += 1

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return counter["n"]


@pytest.mark.parametrize("with_language", [False, True])
def test_query_count_is_constant_in_roster_size(db, readiness_world, with_language):
    counts = []
    for size in (10, 100):
        w = readiness_world(size=size, keys=3, codes=("CD-1", "SEA-1", "POC-1"),
                            language_level=2 if with_language else None)
        w.give_all()
        db.session.commit()
        db.session.expire_all()
        unit = w.unit
        n = _count_queries(db, lambda: unit_readiness(unit, ON))
        counts.append(n)
    assert counts[0] == counts[1], counts
    assert counts[0] <= 9, counts


def test_partner_state_trainer_counts_whoever_looks(app, db, readiness_world, make_user):
    """A GHA trainer's qualification is invisible to a KEN registrar's queries, yet the sign-off
    counts the same for them as for the UN: readiness must not depend on the viewer."""
    from flask import g

    from app.auth.models import Role
    from app.auth.scopes import scope_for

    w = readiness_world(size=2, keys=0, codes=("CD-1",), share=1.0)
    ghanaian = readiness_world(size=0, state="GHA", codes=("CD-1",)).trainer
    w.give(w.people[0], "CD-1", signer=ghanaian)
    w.give(w.people[1], "CD-1")
    db.session.commit()
    registrar = make_user(Role.CENTRE_REGISTRAR, state="KEN")
    with app.test_request_context():
        g.scope = scope_for(registrar)
        r = unit_readiness(w.unit, ON, profile=w.profile)
    assert r.certifiable and r.coverage["CD-1"].holding == 2


def test_collector_is_back_on_after_readiness_even_on_error(db, readiness_world, monkeypatch):
    import gc

    from app.readiness import services

    w = readiness_world(size=2)
    unit_readiness(w.unit, ON, profile=w.profile)
    assert gc.isenabled()

    def boom(*_a, **_k):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "_roster", boom)
    with pytest.raises(RuntimeError):
        unit_readiness(w.unit, ON, profile=w.profile)
    assert gc.isenabled()


def test_commanders_owe_their_course_and_an_nio_counts_only_with_the_nio_course(db, readiness_world):
    """Person 0 commands, 1 is another key appointment, 2 and 3 are appointed NIOs; 150 people
    need one NIO. Nobody but the commander is asked for CMD-1; NIO-1 only of the NIOs."""
    w = readiness_world(size=150, keys=2, commanders=1, codes=("CD-1",), share=0.5,
                        commanders_only=("CMD-1",), nio_only=("NIO-1",), nio_per=150,
                        keys_too=False)
    for m in w.memberships[2:4]:
        m.is_nio = True
    w.give_all(["CD-1"])
    db.session.flush()
    r = unit_readiness(w.unit, ON, profile=w.profile)
    assert [(x.code, x.have, x.need) for x in r.reasons] == [
        ("key_appointment_incomplete", None, None), ("nio_short", 0, 1)]
    assert r.reasons[0].people == (w.people[0].id,) and r.reasons[0].standards == ("CMD-1",)
    text = " ".join(r.reason_texts(show_names=False))
    assert "Appointed but not counted, without NIO-1: Post 2, Post 3." in text
    rows = {row.person_id: row for row in r.rows}
    cmd, nio = [c.code for c in r.columns].index("CMD-1"), [c.code for c in r.columns].index("NIO-1")
    assert r.asks(rows[w.people[0].id], cmd) and not r.asks(rows[w.people[1].id], cmd)
    assert r.asks(rows[w.people[2].id], nio) and not r.asks(rows[w.people[0].id], nio)
    assert rows[w.people[1].id].complete  # the other key appointment owes nothing more
    w.give(w.people[0], "CMD-1")
    w.give(w.people[3], "NIO-1")
    db.session.flush()
    r = unit_readiness(w.unit, ON, profile=w.profile)
    assert r.certifiable and r.verdict.nio_count == 1
    assert r.coverage["NIO-1"].holding == 1 and r.coverage["NIO-1"].required == 1
