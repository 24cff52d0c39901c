"""Parallel issues in one state and year get distinct, gap-free serials (the counter row is
locked with SELECT ... FOR UPDATE). PostgreSQL only: SQLite has a single writer anyway."""
import threading

import pytest

from app.certification import services
from app.certification.models import Certificate
from tests.factories_certification import CODES, ON


@pytest.mark.postgres
def test_parallel_issues_get_distinct_serials(app, db, cert_env, trained):
    people = [trained().id for _ in range(6)]
    db.session.commit()
    errors, barrier = [], threading.Barrier(len(people))

    def issue(person_id):
        from app.units.models import Person
        try:
            with app.app_context():
                person = db.session.get(Person, person_id)
                barrier.wait(timeout=30)
                services.issue_individual(person, CODES, None, ON)
                db.session.commit()
                db.session.remove()
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=issue, args=(pid,)) for pid in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    serials = sorted(db.session.scalars(db.select(Certificate.serial)))
    assert serials == [f"KEN-{ON.year}-{n:06d}" for n in range(1, len(people) + 1)]
