"""A short-lived cache of what the public verify page and status API show for a token.

Verification is the busiest public route and its answer rarely changes: the signed payload never
does; only the status (revoke, suspend, supersede) and, from one day to the next, expiry. So the
public record for (token, day), the status API's JSON body, and the verify page for visitors
without a session, are kept in the shared cache (Redis in production; Flask-Caching) for
VERIFY_CACHE_SECONDS.

Freshness: every committed change to a certificate row (any ORM path) replaces that token's
entries with a short-lived tombstone before the request that made it returns, so the very next
look-up reads the database again. Entries are only ever *added* (set-if-absent), never
overwritten, so a reader that fetched the old row just before the commit cannot put it back over
the tombstone. An ORM bulk UPDATE or DELETE on certificates clears the whole cache. Changes made
outside the application (raw SQL, psql) show after at most VERIFY_CACHE_SECONDS (twice that with
the near cache).

Unknown tokens are never cached (random guesses cannot fill the cache), and a cache that does not
answer is skipped: verification then reads the database as if there were no cache.

With Redis, each web process also keeps what it read in a near cache (app/certification/
near_cache.py), so a hit costs no round trip; the tombstones' keys are published to every process,
which drop them as the message arrives (milliseconds), the committing process at once.
"""
from datetime import date

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.certification.models import Certificate
from app.certification.verification.near_cache import EVERYTHING, NearCache
from app.extensions import cache

STALE = "stale"  # the tombstone value
TOMBSTONE_SECONDS = 180  # longer than any request that could still hold an old row


def _ttl() -> int:
    return int(current_app.config.get("VERIFY_CACHE_SECONDS", 120))


def record_key(token: str, on: date) -> str:
    return f"verify:r:{on.isoformat()}:{token}"


def page_key(token: str, on: date, locale: str) -> str:
    return f"verify:p:{on.isoformat()}:{locale}:{token}"


def api_key(token: str, on: date) -> str:
    """The status API's JSON body (the same for every caller)."""
    return f"verify:a:{on.isoformat()}:{token}"


def get(key: str):
    """The cached value, or None (absent, tombstoned, the cache is off (VERIFY_CACHE_SECONDS=0)
    or not answering)."""
    if _ttl() <= 0:
        return None
    near = _near()
    since = None
    if near is not None:
        value, since = near.get(key)
        if value is not None:
            return value
    try:
        value = cache.get(key)
    except Exception:  # a cache outage must never stop verification
        current_app.logger.warning("verify cache unavailable (get)", exc_info=True)
        return None
    if value is None or value == STALE:
        return None
    if near is not None:
        near.put(key, value, since)
    return value


def put(key: str, value) -> None:
    """Add `value` unless the key holds anything (a tombstone included)."""
    if _ttl() <= 0:
        return
    try:
        cache.add(key, value, timeout=_ttl())
    except Exception:
        current_app.logger.warning("verify cache unavailable (add)", exc_info=True)


def _tombstone(tokens: set[str]) -> None:
    on, locales = _today(), current_app.config["LANGUAGES"]
    stale = {}
    for token in tokens:
        stale[record_key(token, on)] = stale[api_key(token, on)] = STALE
        stale.update({page_key(token, on, loc): STALE for loc in locales})
    try:
        cache.set_many(stale, timeout=TOMBSTONE_SECONDS)
    except Exception:
        current_app.logger.error("verify cache: could not mark %d certificate(s) stale; "
                                 "they may show their old status for up to %s s",
                                 len(tokens), _ttl(), exc_info=True)
    _publish(list(stale))


def _clear() -> None:
    try:
        cache.clear()
    except Exception:
        current_app.logger.error("verify cache: could not clear after a bulk change",
                                 exc_info=True)
    _publish(EVERYTHING)


def _publish(keys) -> None:
    """Drop `keys` (or EVERYTHING) from every process's near cache, this one first."""
    near = _near()
    if near is None:
        return
    try:
        near.publish(keys)
    except Exception:
        current_app.logger.error("verify cache: could not tell the other processes; they may "
                                 "show old answers for up to %s s", _ttl(), exc_info=True)


def _near() -> NearCache | None:
    """This app's near cache (Redis only; VERIFY_NEAR_ENTRIES=0 turns it off), its listener
    started in this process."""
    config = current_app.config
    url = config.get("CACHE_REDIS_URL")
    size = int(config.get("VERIFY_NEAR_ENTRIES", 10000))
    if config.get("CACHE_TYPE") != "RedisCache" or not url or size <= 0 or _ttl() <= 0:
        return None
    held = current_app.extensions.get("verify_near_cache")
    if held is None or held[0] != url:
        if held is not None:
            held[1].stop()
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        held = current_app.extensions["verify_near_cache"] = (url, NearCache(client, size, _ttl()))
    held[1].start()
    return held[1]


def _today() -> date:
    from app.timeutil import today

    return today()


# -- invalidation, on the ORM session ---------------------------------------------------------

def _note_changed(session, _flush_context):
    changed = {obj.token for obj in (*session.dirty, *session.deleted)
               if isinstance(obj, Certificate) and obj.token}
    if changed:
        session.info.setdefault("verify_stale", set()).update(changed)


def _note_bulk(state):
    if (state.is_update or state.is_delete) and state.bind_mapper is not None \
            and state.bind_mapper.class_ is Certificate:
        state.session.info["verify_stale_all"] = True


def _invalidate(session):
    tokens = session.info.pop("verify_stale", None)
    everything = session.info.pop("verify_stale_all", False)
    if not (tokens or everything) or not has_app_context():
        return
    if everything:
        _clear()
    else:
        _tombstone(tokens)


def _forget(session):
    session.info.pop("verify_stale", None)
    session.info.pop("verify_stale_all", None)


HOOKS = (("after_flush", _note_changed), ("do_orm_execute", _note_bulk),
         ("after_commit", _invalidate), ("after_rollback", _forget))


def init_app(_app) -> None:
    """Keep the cache fresh: every ORM session notes the certificates it changes and, once
    committed, tombstones their entries (registered once per process)."""
    for name, hook in HOOKS:
        if not event.contains(Session, name, hook):
            event.listen(Session, name, hook)
