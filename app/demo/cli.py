"""`flask --app wsgi demo seed [--json] [--if-empty]`: a realistic demo, marked as demo.

Each domain contributes one part (a module in this package with `seed(ctx)`), run in order.
Refused in production (`DEMO_ALLOWED` is only set by the development and test configs).
"""
import json
import os
import secrets

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from app.demo import certificates, pcrs, records, requests, users
from app.demo.context import DemoContext
from app.extensions import db

PARTS = (users, records, certificates, pcrs, requests)  # in order: each part uses what earlier ones made


@click.group("demo")
def demo():
    """Demo data (never in production)."""


@demo.command("seed")
@click.option("--json", "as_json", is_flag=True, help="Print logins, API tokens and verify URLs as JSON.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has users.")
@with_appcontext
def seed(as_json, if_empty):
    """Create demo states' users, units, rosters, sessions, certificates and PCRS history."""
    from app.auth.models import User

    if not current_app.config.get("DEMO_ALLOWED"):
        raise click.ClickException("demo data is never created in production (APP_ENV=production)")
    if db.session.scalar(select(User.id).limit(1)) is not None:
        if if_empty:
            click.echo("Database already has users: demo not seeded.")
            return
        raise click.ClickException("the database already has users; demo seed needs an empty one")
    password = os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(12)
    ctx = DemoContext(password=password)
    for part in PARTS:
        part.seed(ctx)
        db.session.flush()
    db.session.commit()
    if as_json:
        click.echo(json.dumps(ctx.as_json(), indent=2))
    else:
        click.echo(ctx.as_text())
