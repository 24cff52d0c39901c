"""The worker in production: `python -m app.worker`. It runs the bulk certificate jobs (the
same queue and task code as the web process; app/certification/issuing/jobs.py) and, every
AUDIT_CHECKPOINT_MINUTES, signs the audit chain's head into the checkpoint file when it moved
(app/audit/checkpoints.py), so a quiet hour's events are checkpointed too."""
from datetime import datetime

from app import create_app
from app.audit import checkpoints
from app.certification.issuing import jobs

_scheduled = {}


def due(minutes: int, now: datetime) -> bool:
    """A checkpoint is due at each whole multiple of `minutes` since midnight (0: never)."""
    return minutes > 0 and (now.hour * 60 + now.minute) % minutes == 0


def checkpoint_now(app):
    """The scheduled checkpoint: sign the head into the file unless it is already there."""
    with app.app_context():
        try:
            return checkpoints.write_checkpoint(checkpoints.checkpoint_path(app.config),
                                                app.config, if_moved=True)
        except checkpoints.CheckpointKeyMissing as exc:
            app.logger.error("scheduled audit checkpoint not written: %s", exc)
            return None


def schedule(app):
    """Register the periodic checkpoint with the worker's Huey (once per process)."""
    if "task" in _scheduled:
        _scheduled.pop("task").unregister()
    minutes = int(app.config.get("AUDIT_CHECKPOINT_MINUTES") or 0)

    @jobs.huey.periodic_task(lambda now: due(minutes, now), name="audit.checkpoint")
    def audit_checkpoint():
        checkpoint_now(app)

    _scheduled["task"] = audit_checkpoint
    return audit_checkpoint


if __name__ == "__main__":
    application = create_app()
    schedule(application)
    jobs.serve(application)
