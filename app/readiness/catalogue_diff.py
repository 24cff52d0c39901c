"""What loading a catalogue would change for the units, before it takes effect.

`flask catalogue diff [DIR]` loads the catalogue inside a savepoint, asks readiness about every
unit before and after, and rolls the savepoint back: nothing is written. It prints the
catalogue's own changes (what `catalogue load` would report) and each unit whose verdict on its
next PCRS level would change: certifiable or not, and the reasons that appear or go.
"""
from dataclasses import dataclass
from datetime import date

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from app.extensions import db
from app.readiness import services
from app.units.models import Unit


@dataclass(frozen=True)
class Standing:
    """A unit's verdict on its next level, reduced to what a catalogue change can alter."""

    level: str
    profile: str | None  # "CODE v2", or None when the unit type has no profile for the level
    certifiable: bool
    reasons: frozenset[str]

    def words(self) -> str:
        if self.profile is None:
            return "no requirement profile"
        return f"{self.profile}: {'certifiable' if self.certifiable else 'not certifiable'}"


@dataclass(frozen=True)
class Change:
    unit_id: int
    state: str
    unit: str
    before: Standing
    after: Standing

    @property
    def gained(self) -> list[str]:
        return sorted(self.after.reasons - self.before.reasons)

    @property
    def lost(self) -> list[str]:
        return sorted(self.before.reasons - self.after.reasons)


def _reason(reason) -> str:
    """One refusal in words stable enough to compare (no personal data)."""
    parts = [reason.code]
    if reason.standard:
        parts.append(reason.standard)
    if reason.standards:
        parts.append("+".join(reason.standards))
    if reason.need is not None:
        parts.append(f"need {reason.need}")
    if reason.people:
        parts.append(f"{len(reason.people)} people")
    return " ".join(parts)


def _differs(before: Standing, after: Standing) -> bool:
    return (before.certifiable != after.certifiable or before.reasons != after.reasons
            or (before.profile is None) != (after.profile is None))


def standings(on: date) -> dict[int, Standing]:
    """Every unit's standing on its next level on `on` (all Member States: a CLI view)."""
    found = {}
    for unit in db.session.scalars(select(Unit).order_by(Unit.id)):
        level = services.target_level(unit)
        profile = services.profile_for(unit, level)
        if profile is None:
            found[unit.id] = Standing(level, None, False, frozenset())
            continue
        readiness = services.unit_readiness(unit, on, profile=profile)
        found[unit.id] = Standing(level, f"{profile.code} v{profile.version}",
                                  readiness.certifiable,
                                  frozenset(_reason(r) for r in readiness.reasons))
    return found


def verdict_changes(apply, on: date) -> tuple[object, list[Change]]:
    """(what `apply()` returned, units whose standing changes): `apply` runs inside a savepoint
    that is always rolled back."""
    before = standings(on)
    names = {u.id: (u.state.iso3, u.name) for u in db.session.scalars(select(Unit))}
    savepoint = db.session.begin_nested()
    try:
        result = apply()
        db.session.flush()
        after = standings(on)
    finally:
        savepoint.rollback()
    changes = [Change(uid, *names[uid], before[uid], after[uid]) for uid in before
               if uid in after and _differs(before[uid], after[uid])]
    return result, changes


@click.command("diff")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@with_appcontext
def diff(directory):
    """Show what loading DIR would change, and which units' verdicts: nothing is written."""
    from app.catalogue.cli import checked
    from app.catalogue.services import load_catalogue
    from app.timeutil import today

    directory, found = checked(directory)
    on = today()
    report, changes = verdict_changes(lambda: load_catalogue(found, on=on), on)
    click.echo(f"Loading {directory} would change (nothing written):")
    click.echo(report.summary())
    if not changes:
        click.echo("No unit's verdict on its next PCRS level would change.")
        return
    click.echo(f"Units whose verdict on their next PCRS level would change ({len(changes)}):")
    for change in changes:
        click.echo(f"  {change.state} {change.unit} (level {change.after.level}): "
                   f"{change.before.words()} -> {change.after.words()}")
        for reason in change.gained:
            click.echo(f"      + {reason}")
        for reason in change.lost:
            click.echo(f"      - {reason}")
