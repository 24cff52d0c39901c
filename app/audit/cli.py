"""`flask --app wsgi audit verify`: walk the hash chain, then check it against the signed
checkpoints; exit 1 naming the first problem.
`flask --app wsgi audit checkpoint`: sign the chain's head into the checkpoint file now.
`flask --app wsgi audit key generate|show`: the checkpoint key (app/audit/checkpoints.py)."""
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app import keyfiles
from app.audit import checkpoints
from app.audit.services import verify_chain

FILE_HELP = "Checkpoint file (default: AUDIT_CHECKPOINT_PATH, else INSTANCE_DIR/audit-checkpoints.txt)."


def _path(file):
    return Path(file) if file else checkpoints.checkpoint_path(current_app.config)


@click.group("audit")
def audit():
    """The tamper-evident audit trail."""


@audit.command("verify")
@click.option("--checkpoints", "file", default=None, help=FILE_HELP)
@click.option("--public-key", "pinned", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Trust only checkpoints signed by this public key (PEM, as `audit key show` "
                   "prints it; kept apart from the machine). Repeat for retired keys.")
@with_appcontext
def verify(file, pinned):
    """Check every event follows the one before it (edited, deleted, inserted or reordered
    rows break the chain), then that every signed checkpoint is ours and its head is still
    there (rows cut off the end, or a chain recomputed after an edit)."""
    report = verify_chain()
    if not report.ok:
        click.echo(f"Audit chain BROKEN at seq {report.bad_seq}: {report.reason} "
                   f"({report.checked} events verified before it).", err=True)
        raise SystemExit(1)
    config, path = current_app.config, _path(file)
    if not path.is_file():
        click.echo(f"Audit chain OK: {report.checked} events verified. WARNING: no checkpoint "
                   f"file ({path}): rows cut off the end or a recomputed chain go unnoticed.")
        return
    checked = checkpoints.check_checkpoints(path, config, [Path(p) for p in pinned])
    if checked.problem:
        click.echo(f"Audit chain BROKEN: {checked.problem}.", err=True)
        raise SystemExit(1)
    note = f" {checked.checked} checkpoints match"
    if checked.legacy:
        note += f" ({checked.legacy} legacy HMAC)"
    if checked.last is not None:
        last = checked.last
        note += (f"; the latest vouches for {last.seq} events at {last.at}"
                 + (f", key {last.kid}" if last.kid else ""))
    every = int(config.get("AUDIT_CHECKPOINT_EVERY") or 0)
    behind = checked.last is None or checked.last.seq <= report.checked - every
    if every and report.checked >= every and behind:
        note += (f". WARNING: no checkpoint of the last {every} events (is the checkpoint key "
                 f"at {checkpoints.key_path(config)}?)")
    click.echo(f"Audit chain OK: {report.checked} events verified.{note}.")


@audit.command("checkpoint")
@click.option("--file", "file", default=None, help=FILE_HELP)
@click.option("--if-moved", is_flag=True,
              help="Write nothing when the latest checkpoint already has this head (cron).")
@with_appcontext
def checkpoint(file, if_moved):
    """Sign the chain's current head into the checkpoint file (also written by itself every
    AUDIT_CHECKPOINT_EVERY events, and by the worker every AUDIT_CHECKPOINT_MINUTES)."""
    path = _path(file)
    try:
        written = checkpoints.write_checkpoint(path, current_app.config, if_moved=if_moved)
    except checkpoints.CheckpointKeyMissing as exc:
        raise click.ClickException(f"{exc} (create it with `flask audit key generate`)") from exc
    if written is None:
        click.echo("Nothing to checkpoint: the audit trail is empty or its head is checkpointed.")
        return
    click.echo(f"Checkpoint written: seq {written.seq} {written.head[:16]}… key {written.kid} "
               f"to {path}")


@audit.group("key")
def key():
    """The Ed25519 key that signs audit checkpoints (AUDIT_CHECKPOINT_KEY_PATH)."""


@key.command("generate")
@click.option("--if-missing", is_flag=True, help="Do nothing when the key already exists.")
@with_appcontext
def key_generate(if_missing):
    """Create the checkpoint key (mode 0600); never overwrites one."""
    path = checkpoints.key_path(current_app.config)
    try:
        created, kid = checkpoints.generate_key(current_app.config, if_missing=if_missing)
    except FileExistsError as exc:
        raise click.ClickException(str(exc)) from exc
    if created:
        click.echo(f"Audit checkpoint key written to {path} (kid {kid}). Keep `flask audit key "
                   "show`'s public key apart from this machine.")
    else:
        click.echo(f"Audit checkpoint key already present at {path} (kid {kid}).")


@key.command("show")
@with_appcontext
def key_show():
    """Print the checkpoint key's kid and public key (PEM): enough to check any checkpoint."""
    try:
        public = checkpoints.public_key(current_app.config)
    except checkpoints.CheckpointKeyMissing as exc:
        raise click.ClickException(f"{exc} (create it with `flask audit key generate`)") from exc
    click.echo(f"kid {keyfiles.kid_for(public)}")
    click.echo(checkpoints.public_pem(public), nl=False)
