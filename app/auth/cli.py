"""`flask --app wsgi users create EMAIL --role ROLE [--state ISO3]`.

The password comes from the PASSWORD environment variable or a hidden prompt (typed twice);
it is never a command-line argument (it would land in the shell history and `ps`).
"""
import os

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from app.auth.models import Role
from app.auth.services import AccountError, create_user
from app.extensions import db

ROLES = [r.value for r in Role]


@click.group("users")
def users():
    """User accounts."""


@users.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(ROLES), help="The user's role.")
@click.option("--state", "iso3", default=None, help="ISO 3166 alpha-3 code of the Member State.")
@click.option("--name", "display_name", default="", help="Display name (default: the email).")
@with_appcontext
def create(email, role, iso3, display_name):
    """Create a user. Password from $PASSWORD, or asked for."""
    from app.catalogue.models import MemberState

    state_id = None
    if iso3:
        state_id = db.session.scalar(select(MemberState.id).where(
            MemberState.iso3 == iso3.strip().upper()))
        if state_id is None:
            raise click.ClickException(f"unknown Member State {iso3!r} (load the catalogue "
                                       "first: flask --app wsgi catalogue load)")
    password = os.environ.get("PASSWORD") or click.prompt(
        "Password (12 to 128 characters)", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(email, Role(role), password, state_id=state_id,
                           display_name=display_name)
    except AccountError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    needs = " Two-step verification will be set up at first sign-in." \
        if user.role.requires_mfa else ""
    click.echo(f"Created {user.role.value} {user.email} (id {user.id}).{needs}")
