"""Parallel decisions on one unit: the unit row is locked (SELECT ... FOR UPDATE), so exactly one
of them wins and the others see the level it set and are refused."""
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.pcrs.models import PcrsDecision
from app.timeutil import today

WORKERS = 8


@pytest.mark.postgres
def test_parallel_decisions_give_one_winner(app, db, world, make_unit_certificate):
    from app.auth.models import User
    from app.pcrs.decisions import DecisionRefused, record_decision
    from app.units.models import Unit

    on = today()
    make_unit_certificate(world.unit, world.profiles["L2"], issued_on=on - timedelta(30),
                          expires_on=on + timedelta(300))
    db.session.commit()
    unit_id, officer_id = world.unit.id, world.officer.id
    barrier = threading.Barrier(WORKERS)
    outcomes = []

    def attempt():
        with app.app_context():
            unit = db.session.get(Unit, unit_id)
            officer = db.session.get(User, officer_id)
            barrier.wait()
            try:
                record_decision(unit, "L2", on, officer, None,
                                {"aav_on": on - timedelta(5), "aav_outcome": "successful"})
                db.session.commit()
                outcomes.append("ok")
            except DecisionRefused as refused:
                db.session.rollback()
                outcomes.append(refused.problems[0].code)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["ok"] + ["same_level"] * (WORKERS - 1)
    assert db.session.scalar(select(func.count(PcrsDecision.id))) == 1
