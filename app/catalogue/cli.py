"""`flask catalogue check [DIR]` and `flask catalogue load [DIR]` (DIR defaults to CURRICULA_DIR).
`flask catalogue diff [DIR]` (app/readiness/catalogue_diff.py) shows, before a load, which units'
verdicts it would change."""
import click
from flask import current_app
from flask.cli import with_appcontext

from app.catalogue.loader import check_catalogue
from app.catalogue.services import load_catalogue
from app.extensions import db
from app.timeutil import today


@click.group("catalogue")
def catalogue():
    """Validate and load the catalogue of standards in curricula/."""


def checked(directory):
    """The validated catalogue, or exit 1 after printing every problem as `file: field: reason`."""
    directory = directory or current_app.config["CURRICULA_DIR"]
    found, problems = check_catalogue(directory)
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(problems)} problem(s) in {directory}; nothing loaded.", err=True)
        raise SystemExit(1)
    return directory, found


@catalogue.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@with_appcontext
def check(directory):
    """Validate every file; exit 1 naming file, field and reason for each problem."""
    directory, found = checked(directory)
    counts = ", ".join(f"{n} {kind}" for kind, n in found.counts().items())
    click.echo(f"{directory}: valid ({counts}).")


@catalogue.command("load")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@with_appcontext
def load(directory):
    """Validate, then upsert everything in one transaction (nothing is written on any error).
    Run `flask catalogue diff` first to see which units' verdicts the load would change."""
    _directory, found = checked(directory)
    try:
        report = load_catalogue(found, on=today())
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    click.echo(report.summary())
