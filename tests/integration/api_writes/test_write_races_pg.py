"""The same write sent several times at once with one Idempotency-Key, on a real PostgreSQL
server: one of them writes, every other gets its answer back (or a clean 409 to retry), none
a 500, and the roster holds each person once."""
import threading

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.extensions import db
from app.units.models import Membership, Person

pytestmark = pytest.mark.postgres
THREADS = 4


def test_one_key_sent_four_times_at_once_writes_once(app, api, make_unit, settle):
    from app.audit.models import AuditEvent

    unit_id = make_unit("KEN").id
    settle()
    client = api(Role.CENTRE_REGISTRAR)
    body = {"people": [dict(service_number=f"RACE-{n}", family_name="Race", given_name="Ada",
                            sex="F", personnel_category="military_contingent",
                            nationality="KEN") for n in range(50)]}
    barrier, answers, lock = threading.Barrier(THREADS), [], threading.Lock()

    def send():
        barrier.wait()
        response = client.post(f"/api/v1/units/{unit_id}/roster", body, key="race-key")
        with lock:
            answers.append((response.status_code, response.get_json()))

    pool = [threading.Thread(target=send) for _ in range(THREADS)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=120)
    statuses = sorted(status for status, _body in answers)
    print(f"\nstatuses of {THREADS} simultaneous sends: {statuses}")
    assert len(answers) == THREADS and set(statuses) <= {200, 409} and 200 in statuses
    written = [b for s, b in answers if s == 200]
    assert all(b == written[0] for b in written)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Person.id))) == 50
    assert db.session.scalar(select(func.count(Membership.id))) == 50
    assert db.session.scalar(select(func.count(AuditEvent.seq)).where(
        AuditEvent.action == "roster.push")) == 1
