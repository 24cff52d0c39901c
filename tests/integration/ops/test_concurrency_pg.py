"""Races on a real PostgreSQL server (security.md item 9): threads with their own sessions and
connections, released together by a barrier.

- parallel serial allocations and parallel issues give unique, gap-free serials and unique tokens
  (re-issues of the same people's certificates: each supersedes the one held just then);
- parallel PCRS decisions moving one unit give exactly one winner, the others a clean refusal.
"""
import threading

import pytest
import sqlalchemy as sa

from app.extensions import db
from tests.factories_certification import *  # noqa: F401,F403
from tests.factories_certification import CODES, ON
from tests.factories_pcrs import *  # noqa: F401,F403

pytestmark = pytest.mark.postgres


def race(app, threads: int, work) -> tuple[list, list]:
    """Run work(index) in `threads` threads, each in its own app context (own session and
    connection), all starting at once. Returns (results, errors)."""
    barrier = threading.Barrier(threads)
    results, errors, lock = [], [], threading.Lock()

    def run(index):
        with app.app_context():
            barrier.wait()
            try:
                value = work(index)
            except Exception as exc:  # collected: the test decides which are expected
                db.session.rollback()
                with lock:
                    errors.append(exc)
            else:
                with lock:
                    results.append(value)

    pool = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=120)
    return results, errors


def test_parallel_serial_allocation_is_unique_and_gap_free(app, make_state):
    from app.catalogue.models import MemberState
    from app.certification.issuing.issue import next_serial

    state_id = make_state("KEN").id
    db.session.commit()

    def allocate(_index):
        serials = []
        for _ in range(100):
            serials.append(next_serial(db.session.get(MemberState, state_id), 2026))
            db.session.commit()
        return serials

    results, errors = race(app, 8, allocate)
    assert errors == []
    serials = [s for batch in results for s in batch]
    assert len(serials) == 800 == len(set(serials))
    assert sorted(serials) == [f"KEN-2026-{n:06d}" for n in range(1, 801)]


def test_parallel_issues_give_unique_serials_and_tokens(app, cert_env, trained, make_user):
    from app.auth.models import User
    from app.certification import services
    from app.certification.kinds import IssueChoice
    from app.certification.models import Certificate
    from app.units.models import Person

    people = [trained().id for _ in range(4)]
    officer = make_user("certifying_officer").id
    db.session.commit()

    def issue(index):
        issued = []
        for round_ in range(3):
            person = db.session.get(Person, people[(index + round_) % len(people)])
            cert = services.issue_individual(person, CODES, db.session.get(User, officer), ON,
                                             choice=IssueChoice.SUPERSEDE)
            db.session.commit()
            issued.append((cert.serial, cert.token))
        return issued

    results, errors = race(app, 6, issue)
    assert errors == []
    issued = [pair for batch in results for pair in batch]
    serials = {serial for serial, _token in issued}
    assert len(issued) == 18 == len(serials) == len({token for _serial, token in issued})
    assert serials == {f"KEN-2026-{n:06d}" for n in range(1, 19)}
    db.session.expire_all()
    stored = db.session.scalars(sa.select(Certificate)).all()
    assert len(stored) == 18
    assert all((cert_env.dir / c.pdf_path).is_file() for c in stored)
    # each re-issue superseded the one certificate its person held just then (issue 16 item 7)
    assert sorted(c.person_id for c in stored if c.superseded_by_id is None) == sorted(people)
    assert len({c.supersedes_id for c in stored if c.supersedes_id}) == 14


def test_parallel_pcrs_decisions_on_one_unit_have_one_winner(app, world, make_unit_certificate):
    from app.auth.models import User
    from app.audit.services import verify_chain
    from app.pcrs.models import PcrsDecision
    from app.pcrs.decisions import DecisionRefused, record_decision
    from app.units.models import Unit
    from tests.integration.pcrs.conftest import D, L2_EVIDENCE

    make_unit_certificate(world.unit, world.profiles["L2"])
    unit_id, officer_id = world.unit.id, world.officer.id
    db.session.commit()

    def decide(_index):
        decision = record_decision(db.session.get(Unit, unit_id), "L2", D,
                                   db.session.get(User, officer_id), None, dict(L2_EVIDENCE),
                                   expected_from="L1", today=D)
        db.session.commit()
        return decision.id

    results, errors = race(app, 8, decide)
    assert len(results) == 1, errors
    assert len(errors) == 7 and all(isinstance(e, DecisionRefused) for e in errors), errors
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(PcrsDecision.id))) == 1
    assert db.session.get(Unit, unit_id).pcrs_level == "L2"
    assert verify_chain().ok


@pytest.fixture
def world(db, make_unit, make_ladder, make_user):
    """A Kenyan infantry battalion at Level 1 with profiles L1..RDL and a UN officer."""
    from types import SimpleNamespace

    from app.auth.models import Role

    profiles = make_ladder("infantry_battalion")
    unit = make_unit("KEN", name="1 KENBATT")
    officer = make_user(Role.UN_OFFICER)
    db.session.commit()
    return SimpleNamespace(unit=unit, profiles=profiles, officer=officer)
