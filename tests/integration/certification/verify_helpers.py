"""Shared by the verify-cache tests: an issued certificate, the status a visitor sees, and the
switch to this machine's real Redis (with each process's near cache)."""
import re
import secrets
import time
from datetime import timedelta

import pytest
import redis

from app.certification import services
from app.certification.verification import public_cache
from app.extensions import cache
from app.timeutil import today
from tests.factories_certification import CODES

REDIS_URL = "redis://127.0.0.1:6379/13"


def redis_answers() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


def wait_until(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.01)


def on_redis(app):
    """Switch `app` to the real Redis with the near cache (its listener subscribed); yields the
    near cache, then switches back."""
    if not redis_answers():
        pytest.skip("no Redis on 127.0.0.1:6379")
    app.config.update(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=REDIS_URL,
                      CACHE_KEY_PREFIX=f"pkt-test-{secrets.token_hex(4)}:")
    cache.init_app(app)
    near = public_cache._near()
    wait_until(lambda: near.live)
    yield near
    near.stop()
    cache.clear()
    app.config.update(CACHE_TYPE="SimpleCache", CACHE_REDIS_URL=None)
    cache.init_app(app)


@pytest.fixture
def issued(app, db, cert_env, trained, make_user):
    person = trained(completed_on=today() - timedelta(days=30), given_name="Amina",
                     family_name="Otieno")
    officer = make_user("certifying_officer", display_name="Officer Kenya")
    cert = services.issue_individual(person, CODES, officer, today())
    db.session.commit()
    return cert, officer


def status_of(client, token, **kw):
    response = client.get(f"/verify/{token}", **kw)
    found = re.search(r'data-status="(\w+)"', response.get_data(as_text=True))
    return found.group(1) if found else response.status_code


