"""Parallel issues in one state and year get distinct, gap-free serials (the counter row is
locked with SELECT ... FOR UPDATE). PostgreSQL only: SQLite has a single writer anyway."""
import pytest

from app.certification.models import Certificate
from tests.factories_certification import ON, issue_at_once


@pytest.mark.postgres
def test_parallel_issues_get_distinct_serials(app, db, cert_env, trained):
    people = [trained().id for _ in range(6)]
    db.session.commit()
    errors = issue_at_once(app, db, people)
    assert errors == []
    serials = sorted(db.session.scalars(db.select(Certificate.serial)))
    assert serials == [f"KEN-{ON.year}-{n:06d}" for n in range(1, len(people) + 1)]
