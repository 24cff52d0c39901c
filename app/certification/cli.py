"""`flask --app wsgi keys generate [--if-missing]`: the certificate signing key."""
import click
from flask import current_app
from flask.cli import with_appcontext

from app.credentials.signing import generate_key


@click.group("keys")
def keys():
    """Certificate signing key (Ed25519)."""


@keys.command("generate")
@click.option("--if-missing", is_flag=True, help="Do nothing when a key already exists.")
@with_appcontext
def generate(if_missing):
    """Create the Ed25519 signing key at SIGNING_KEY_PATH (mode 0600); never overwrites one."""
    path = current_app.config["SIGNING_KEY_PATH"]
    try:
        created, kid = generate_key(path, if_missing=if_missing)
    except FileExistsError as exc:
        raise click.ClickException(str(exc)) from exc
    if created:
        click.echo(f"Signing key written to {path} (kid {kid}). Back it up separately from the database.")
    else:
        click.echo(f"Signing key already present at {path} (kid {kid}).")
