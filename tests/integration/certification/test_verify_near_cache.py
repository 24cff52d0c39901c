"""Each web process's near copy of the verify cache (app/certification/verification/
near_cache.py), on the real Redis of this machine: what another process commits reaches it, a value read while an
invalidation arrived is not kept, and a lost subscription empties it."""
import subprocess
import sys
from pathlib import Path

import pytest
import redis

from app.certification.verification import public_cache
from app.timeutil import today
from tests.integration.certification.verify_helpers import (
    REDIS_URL,
    on_redis,
    status_of,
    wait_until,
)


@pytest.fixture
def near(app):
    yield from on_redis(app)


OTHER_PROCESS = """
import sys
from app import create_app
from app.certification.verification import public_cache
from app.config import TestConfig
from app.extensions import cache
app = create_app(TestConfig)
app.config.update(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=sys.argv[1], CACHE_KEY_PREFIX=sys.argv[2])
cache.init_app(app)
with app.app_context():
    public_cache._tombstone({sys.argv[3]})  # what its after_commit does for a changed certificate
"""


def test_a_change_committed_by_another_process_reaches_this_process(app, db, client, issued,
                                                                    near):
    """Another web process revokes: it tombstones and publishes, and this process's near copy,
    which would otherwise go on answering "valid", drops the entries as the message arrives."""
    cert, _officer = issued
    for _ in range(2):  # the first visit fills Redis, the second this process's copy
        assert status_of(client, cert.token) == "valid"
    key = public_cache.page_key(cert.token, today(), "en")
    assert near.get(key)[0] is not None
    # the other process's change reaches the shared database without this process's session
    db.session.execute(db.text("UPDATE certificates SET status = 'revoked', "
                               "status_reason = 'other' WHERE id = :id"), {"id": cert.id})
    db.session.commit()
    assert status_of(client, cert.token) == "valid"  # still the copy: nothing told us yet
    subprocess.run([sys.executable, "-c", OTHER_PROCESS, REDIS_URL,
                    app.config["CACHE_KEY_PREFIX"], cert.token],
                   check=True, cwd=Path(__file__).resolve().parents[3], timeout=60)
    wait_until(lambda: near.get(key)[0] is None, seconds=2)
    assert status_of(client, cert.token) == "revoked"


def test_a_value_read_while_an_invalidation_arrived_is_not_kept(near):
    value, since = near.get("k")
    assert value is None
    near.drop(["k"])  # the listener handles a message while the reader waits on Redis
    near.put("k", "old", since)
    assert near.get("k")[0] is None
    value, since = near.get("k")
    near.put("k", "fresh", since)
    assert near.get("k")[0] == "fresh"


def test_a_lost_subscription_empties_the_copy_until_it_is_back(client, issued, near):
    """Messages sent while the listener was away are lost, so what it held cannot be trusted:
    the copy is emptied, and it is used again only once subscribed again."""
    cert, _officer = issued
    for _ in range(2):
        status_of(client, cert.token)
    key = public_cache.page_key(cert.token, today(), "en")
    held, before = near.get(key)
    assert held is not None
    killed = redis.Redis.from_url(REDIS_URL).client_kill_filter(_type="pubsub")
    assert killed >= 1
    wait_until(lambda: near.get(key)[1] > before and near.live)
    assert near.get(key)[0] is None
    assert status_of(client, cert.token) == "valid"
