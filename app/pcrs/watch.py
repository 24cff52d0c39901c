"""The watch list: units at Level 2 or above whose unit certificate for their level is about to
expire (within 30, 60 or 90 days), has lapsed, is suspended or revoked, or is missing.

The list only informs: a level is never changed automatically; a UN officer decides.
Rows are units and their certificates (hundreds), never people.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.catalogue.levels import LEVELS
from app.catalogue.models import RequirementProfile
from app.certification.kinds import CertificateKind, CertificateStatus
from app.certification.models import Certificate
from app.extensions import db
from app.pcrs import decisions as pcrs
from app.pcrs.rules import NOT_YET_VALID
from app.readiness.queries import DEPLOYMENT_WINDOWS
from app.units.models import Unit

S = CertificateStatus
EXPIRING, NO_CERTIFICATE = "expiring", "no_certificate"
SEVERITY = (S.REVOKED, S.EXPIRED, S.SUSPENDED, S.SUPERSEDED, NO_CERTIFICATE, NOT_YET_VALID,
            EXPIRING)


@dataclass(frozen=True)
class WatchItem:
    unit_id: int
    unit_name: str
    state_id: int
    state: str
    level: str
    profile: str | None
    serial: str | None
    expires_on: date | None
    status: str  # one of SEVERITY
    days_left: int | None
    window: int | None  # 30 | 60 | 90 for expiring certificates


def _window(days_left: int) -> int | None:
    return next((w for w in DEPLOYMENT_WINDOWS if days_left <= w), None)


def _item(unit: Unit, profile: RequirementProfile | None, certs: list[Certificate], on: date,
          locale: str) -> WatchItem | None:
    base = dict(unit_id=unit.id, unit_name=unit.name, state_id=unit.state_id,
                state=unit.state.name(locale), level=unit.pcrs_level,
                profile=profile.code if profile else None)
    if profile is None or not profile.requires_certificate:
        return None
    mine = [(c, pcrs.certificate_status(c, on)) for c in certs if c.profile_id == profile.id]
    valid = [c for c, status in mine if status == S.VALID]
    if valid:
        cert = max(valid, key=lambda c: c.expires_on)
        days_left = (cert.expires_on - on).days
        window = _window(days_left)
        if window is None:
            return None
        return WatchItem(**base, serial=cert.serial, expires_on=cert.expires_on,
                         status=EXPIRING, days_left=days_left, window=window)
    if not mine:
        return WatchItem(**base, serial=None, expires_on=None, status=NO_CERTIFICATE,
                         days_left=None, window=None)
    current = [(c, s) for c, s in mine if s != S.SUPERSEDED] or mine
    cert, status = current[0]  # newest first
    return WatchItem(**base, serial=cert.serial, expires_on=cert.expires_on,
                     status=status if status in SEVERITY else S.EXPIRED,
                     days_left=(cert.expires_on - on).days, window=None)


def watch_list(on: date, within: int = 90, locale: str = "en") -> list[WatchItem]:
    """Every unit at Level 2+ that needs attention on `on`; expiring certificates only when they
    expire within `within` days (30, 60 or 90)."""
    units = list(db.session.scalars(select(Unit).where(Unit.pcrs_level.in_(LEVELS[1:]))
                                    .options(selectinload(Unit.state)).order_by(Unit.name)))
    if not units:
        return []
    certificates: dict[int, list[Certificate]] = {}
    for cert in db.session.scalars(
            select(Certificate).where(Certificate.kind == CertificateKind.UNIT,
                                      Certificate.unit_id.in_([u.id for u in units]))
            .order_by(Certificate.issued_on.desc(), Certificate.id.desc())):
        certificates.setdefault(cert.unit_id, []).append(cert)
    profiles = pcrs.profiles_of(units, {unit.id: unit.pcrs_level for unit in units})
    items = []
    for unit in units:
        item = _item(unit, profiles[unit.id], certificates.get(unit.id, []), on, locale)
        if item and (item.status != EXPIRING or item.days_left <= within):
            items.append(item)
    return sorted(items, key=lambda i: (SEVERITY.index(i.status), i.days_left or 0, i.unit_name))
