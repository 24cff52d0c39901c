"""`flask --app wsgi audit verify`: walk the hash chain; exit 1 naming the first bad row.
`flask --app wsgi audit checkpoint`: append a signed checkpoint of the chain's head to a file."""
import os
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.audit.checkpoints import check_checkpoints, write_checkpoint
from app.audit.services import verify_chain
from app.timeutil import utcnow

FILE_HELP = "Checkpoint file (default: AUDIT_CHECKPOINT_PATH from the environment/config)."


def _path(file):
    value = file or current_app.config.get("AUDIT_CHECKPOINT_PATH") or \
        os.environ.get("AUDIT_CHECKPOINT_PATH")
    return Path(value) if value else None


@click.group("audit")
def audit():
    """The tamper-evident audit trail."""


@audit.command("verify")
@click.option("--checkpoints", "file", default=None, help=FILE_HELP)
@with_appcontext
def verify(file):
    """Check every event follows the one before it (edited, deleted, inserted or reordered
    rows break the chain) and that every checkpointed head is still there (rows cut off the
    end or a recomputed chain)."""
    report = verify_chain()
    if not report.ok:
        click.echo(f"Audit chain BROKEN at seq {report.bad_seq}: {report.reason} "
                   f"({report.checked} events verified before it).", err=True)
        raise SystemExit(1)
    path, note = _path(file), ""
    if path is not None and path.exists():
        count, problem = check_checkpoints(path, current_app.config)
        if problem:
            click.echo(f"Audit chain BROKEN: {problem}.", err=True)
            raise SystemExit(1)
        note = f" {count} checkpoints match."
    click.echo(f"Audit chain OK: {report.checked} events verified.{note}")


@audit.command("checkpoint")
@click.option("--file", "file", default=None, help=FILE_HELP)
@with_appcontext
def checkpoint(file):
    """Append the chain's current head, signed, to the checkpoint file."""
    path = _path(file)
    if path is None:
        raise click.ClickException("no checkpoint file: pass --file or set AUDIT_CHECKPOINT_PATH")
    written = write_checkpoint(path, current_app.config,
                               utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"))
    if written is None:
        click.echo("The audit trail is empty: nothing to checkpoint.")
        return
    click.echo(f"Checkpoint written: seq {written.seq} {written.head[:16]}… to {path}")
