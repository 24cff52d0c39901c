"""A per-process copy of verify-cache entries (pages and records), kept coherent through Redis.

A hit in the shared Redis cache still costs a network round trip, most of a cached verify page
(docs/performance.md). So each web process keeps what it has read in a bounded, expiring map
(cachetools) and drops entries when Redis says so:

- whoever commits a certificate change writes the tombstones (public_cache) and then PUBLISHes
  their keys on CHANNEL; it drops them from its own copy at once;
- every process runs one listener thread (started lazily in the process that serves, so never in
  a preloading gunicorn master) SUBSCRIBEd to CHANNEL, which drops the named keys as messages
  arrive (milliseconds after the commit), or everything on "*" (a bulk change);
- a reader that fetched from Redis while an invalidation arrived does not keep what it fetched
  (generation check), so an old value cannot come back over a tombstone;
- the copy is used only while the listener is subscribed: when the subscription is lost, the copy
  is emptied and every read goes to Redis again until it is back. A silent connection is probed
  with PING and dropped when no answer comes.

Entries also expire after VERIFY_CACHE_SECONDS, like the Redis entries they copy, so a change
made outside the application (psql), which nobody publishes, shows within twice that time.
"""
import logging
import os
import threading
import time

from cachetools import TTLCache

CHANNEL = "pkt:verify:invalidate"
EVERYTHING = "*"
PING_EVERY = 10.0  # seconds without a message before probing the subscription
log = logging.getLogger(__name__)


class NearCache:
    def __init__(self, client, maxsize: int, ttl: float):
        self.client = client  # a redis.Redis
        self._lock = threading.Lock()
        self._entries = TTLCache(maxsize=maxsize, ttl=ttl)
        self._generation = 0
        self._live = False
        self._owner = None  # the pid of the process whose listener is running

    # -- reads and writes, from request code -------------------------------------------------

    def start(self) -> None:
        """Make sure this process runs the listener (cheap when it does). After a fork the
        child starts its own, with an empty copy."""
        owner = os.getpid()
        if self._owner == owner:
            return
        with self._lock:
            if self._owner == owner:
                return
            self._owner = owner
            self._reset(live=False)
        threading.Thread(target=self._listen, args=(owner,), daemon=True,
                         name="verify-near-cache").start()

    def get(self, key: str):
        """(value or None, generation): the generation to pass back to put()."""
        with self._lock:
            return (self._entries.get(key) if self._live else None), self._generation

    def put(self, key: str, value, since: int) -> None:
        """Keep `value` unless an invalidation arrived since get() (or the listener is down)."""
        with self._lock:
            if self._live and self._generation == since:
                self._entries[key] = value

    def drop(self, keys) -> None:
        """Forget `keys` (or everything, for EVERYTHING) in this process."""
        with self._lock:
            self._generation += 1
            if keys == EVERYTHING:
                self._entries.clear()
            else:
                for key in keys:
                    self._entries.pop(key, None)

    def publish(self, keys) -> None:
        """Drop `keys` here, then tell every other process (raises if Redis does not answer)."""
        self.drop(keys)
        self.client.publish(CHANNEL, EVERYTHING if keys == EVERYTHING else " ".join(keys))

    @property
    def live(self) -> bool:
        return self._live

    def stop(self) -> None:
        """End the listener (tests; a web process just exits)."""
        with self._lock:
            self._owner = None
            self._reset(live=False)

    # -- the listener thread -----------------------------------------------------------------

    def _reset(self, live: bool) -> None:
        self._generation += 1
        self._entries.clear()
        self._live = live

    def _listen(self, owner: int) -> None:
        delay = 0.5
        while self._owner == owner:
            pubsub = self.client.pubsub()
            try:
                pubsub.subscribe(CHANNEL)
                quiet_since, probed = time.monotonic(), False
                while self._owner == owner:
                    message = pubsub.get_message(timeout=1.0)
                    if message is None:
                        if time.monotonic() - quiet_since > PING_EVERY:
                            if probed:
                                raise ConnectionError("no answer to PING on the subscription")
                            pubsub.ping()
                            quiet_since, probed = time.monotonic(), True
                        continue
                    quiet_since, probed = time.monotonic(), False
                    if message["type"] == "subscribe":
                        with self._lock:
                            if self._owner == owner:
                                self._reset(live=True)
                        delay = 0.5
                    elif message["type"] == "message":
                        data = message["data"]
                        data = data.decode() if isinstance(data, bytes) else data
                        self.drop(EVERYTHING if data == EVERYTHING else data.split())
            except Exception:
                log.warning("verify near cache: subscription lost; reading from Redis until it "
                            "is back", exc_info=True)
            finally:
                with self._lock:
                    if self._owner == owner:
                        self._reset(live=False)
                try:
                    pubsub.close()
                except Exception:
                    log.debug("closing a broken subscription", exc_info=True)
            time.sleep(delay)
            delay = min(delay * 2, 30.0)
