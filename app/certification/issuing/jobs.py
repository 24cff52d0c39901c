"""Background jobs (Huey): bulk individual certificates for a unit, with progress.

One Huey instance, the same task code everywhere: RedisHuey when REDIS_URL is set, else SqliteHuey
in INSTANCE_DIR/huey.db. HUEY_IMMEDIATE=True (tests) runs a task at once, in the caller. Otherwise
(development, `make run`) the first enqueue starts an in-process consumer (Huey's own Consumer,
thread workers, no signal handlers) inside the web process, so no extra worker is needed. In
production (or with HUEY_IN_PROCESS=False) jobs wait for a separate worker:
`python -m app.worker` (same queue, same task code).
"""
import json
import os
import threading
from datetime import date
from pathlib import Path

from flask import current_app, g
from huey import RedisHuey, SqliteHuey
from huey.consumer import Consumer

from app.certification.kinds import IssueChoice
from app.extensions import db

_redis = os.environ.get("REDIS_URL")
huey = (RedisHuey("pkt", url=_redis, immediate=True) if _redis
        else SqliteHuey("pkt", filename="huey.db", immediate=True))
_state = {"app": None, "consumer": None}
_lock = threading.Lock()


class InProcessConsumer(Consumer):
    """Huey's consumer run from a non-main thread: no signal handlers."""

    def _set_signal_handlers(self):
        pass


def _use_queue(app) -> None:
    """Point Huey at the configured storage (leaving immediate mode)."""
    if not _redis:
        Path(app.config["INSTANCE_DIR"]).mkdir(parents=True, exist_ok=True)
        huey.storage_kwargs["filename"] = str(Path(app.config["INSTANCE_DIR"]) / "huey.db")
    huey.immediate = False


def enqueue_bulk(job_id: int) -> None:
    """Queue a bulk job (call after committing the Job row)."""
    app = current_app._get_current_object()
    _state["app"] = app
    if app.config.get("HUEY_IMMEDIATE"):
        huey.immediate = True
    else:
        with _lock:
            if huey.immediate:
                _use_queue(app)
            in_process = app.config.get("HUEY_IN_PROCESS", app.config["ENV_NAME"] != "production")
            if _state["consumer"] is None and in_process:
                consumer = InProcessConsumer(huey, workers=1, worker_type="thread",
                                             check_worker_health=False)
                consumer.start()
                _state["consumer"] = consumer
    bulk_task(job_id)


def stop_in_process_consumer() -> None:
    """Stop the in-process consumer's threads (tests; the web process just exits)."""
    with _lock:
        consumer = _state["consumer"]
        if consumer is not None:
            consumer.stop(graceful=True)
            for _name, worker in consumer.worker_threads:
                worker.join(timeout=5)
            consumer.scheduler.join(timeout=5)
            _state["consumer"] = None


def _app():
    return _state["app"]  # set by enqueue_bulk (in-process) or serve (the standalone worker)


@huey.task()
def bulk_task(job_id: int):
    """Run a bulk job in its own application context, unrestricted by tenancy (the job was
    authorised when it was queued: the unit is in the requester's scope)."""
    from app.tenancy import UNRESTRICTED

    with _app().app_context():
        g.scope = UNRESTRICTED
        try:
            run_bulk(job_id)
        finally:
            db.session.remove()


def run_bulk(job_id: int) -> None:
    """Plan, then issue chunk by chunk (a commit per chunk, progress after each), then write
    the merged PDF and the ZIP of the individual PDFs."""
    from app.auth.models import User
    from app.certification.rendering import storage
    from app.certification.issuing import bulk
    from app.certification.issuing.issue import record_failure
    from app.certification.models import Job
    from app.timeutil import utcnow
    from app.units.models import Unit

    job = db.session.get(Job, job_id)
    if job is None or job.status != "queued":
        return
    params = json.loads(job.params)
    on = date.fromisoformat(params["on"])
    actor = db.session.get(User, job.user_id)
    job.status = "running"
    db.session.commit()
    try:
        choice = params.get("choice", IssueChoice.MISSING)
        plan = bulk.plan(db.session.get(Unit, params["unit_id"]), params["level"], on, choice)
        job.total, job.skipped = len(plan.drafts), plan.skipped
        db.session.commit()
        out = storage.directory() / "jobs"
        out.mkdir(parents=True, exist_ok=True)
        outputs = bulk.Outputs(out / f"job-{job.id}.zip", out / f"job-{job.id}.pdf")
        try:
            for start in range(0, len(plan.drafts), bulk.CHUNK):
                chunk = bulk.still_to_issue(plan.drafts[start:start + bulk.CHUNK], choice, on)
                job.skipped += len(chunk.skipped)  # issued one since the plan
                job.total -= len(chunk.skipped)
                certs, rendered = bulk.issue_chunk(chunk.drafts, actor, on) \
                    if chunk.drafts else ([], [])
                job.done += len(certs)
                db.session.commit()
                outputs.add(rendered, [c.serial for c in certs])
            written = outputs.finish()
        except BaseException:
            outputs.discard()
            raise
        job.result_path = f"job-{job.id}" if written else None
        job.status, job.finished_at = "done", utcnow()
        db.session.commit()
    except BaseException as exc:  # includes WeasyPrint's FatalURLFetchingError
        db.session.rollback()
        job = db.session.get(Job, job_id)
        job.status, job.finished_at = "failed", utcnow()
        job.error = type(exc).__name__
        record_failure(exc, db.session.get(User, job.user_id))
        db.session.commit()
        current_app.logger.exception("bulk job %s failed", job_id)
        if not isinstance(exc, Exception):
            raise


def serve(app) -> None:
    """Run queued jobs for `app` until stopped: the standalone worker (app/worker.py)."""
    _state["app"] = app
    _use_queue(app)
    huey.create_consumer(workers=int(os.environ.get("HUEY_WORKERS", "1")),
                         worker_type="thread").run()
