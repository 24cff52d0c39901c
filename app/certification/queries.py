"""Read-only lists the certificate pages show (scoped by the tenancy hook like every query)."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, func, or_, select

from app.catalogue.models import Standard
from app.certification.kinds import CertificateStatus
from app.certification.models import Certificate, Job
from app.extensions import db
from app.readiness.queries import on_roster
from app.training.models import Completion, TrainerQualification
from app.units.models import Membership, Person, Unit


def passed_codes(person: Person, locale: str = "en") -> list[tuple[str, str]]:
    """(code, title in `locale`) of every standard the person has passed at least once."""
    rows = db.session.execute(
        select(Standard.code, Standard.title_en, Standard.title_fr)
        .join(Completion, Completion.standard_id == Standard.id)
        .where(Completion.person_id == person.id, Completion.passed.is_(True))
        .distinct().order_by(Standard.code)).all()
    seen = {}
    for code, title_en, title_fr in rows:
        seen.setdefault(code, title_fr if locale == "fr" else title_en)
    return list(seen.items())


def certificates_of(*, person_id=None, unit_id=None, kind=None) -> list[Certificate]:
    query = select(Certificate).order_by(Certificate.issued_on.desc(), Certificate.id.desc())
    if person_id is not None:
        query = query.where(Certificate.person_id == person_id)
    if unit_id is not None:
        query = query.where(Certificate.unit_id == unit_id)
    if kind is not None:
        query = query.where(Certificate.kind == kind)
    return list(db.session.scalars(query.limit(200)))


def status_is(status: CertificateStatus, on: date):
    """The certificates that read as `status` on `on`: app/certification/rules.py
    `lifecycle_status` as a where-clause (superseded first, then revoked and suspended as
    stored, then expired after the last valid day; tests/unit/certification hold the two to
    the same table)."""
    S, c = CertificateStatus, Certificate
    current = c.superseded_by_id.is_(None)
    if status == S.SUPERSEDED:
        return c.superseded_by_id.is_not(None)
    if status in (S.REVOKED, S.SUSPENDED):
        return and_(current, c.status == status.value)
    held = and_(current, c.status.not_in((S.REVOKED.value, S.SUSPENDED.value)))
    return and_(held, c.expires_on < on) if status == S.EXPIRED else and_(held, c.expires_on >= on)


@dataclass(frozen=True)
class CertificateSearch:
    """What the certificates list asks for: `text` in the serial, the holder's name, the unit's
    name (its unit certificates and its members' certificates) or, for those who may see it,
    the holder's service number; a kind and a status on `on`."""

    text: str = ""
    kind: str | None = None
    status: CertificateStatus | None = None
    by_number: bool = False


COUNT_CAP = 10_000


def search_certificates(search: CertificateSearch, on: date, page: int,
                        per_page: int) -> tuple[list[Certificate], int]:
    """One page of the certificates found (newest first: by id, the primary key's order) and
    how many there are, counted up to COUNT_CAP + 1 (a million certificates are not counted
    on every page view)."""
    where = []
    if search.kind:
        where.append(Certificate.kind == search.kind)
    if search.status:
        where.append(status_is(search.status, on))
    text = " ".join(search.text.split()).lower()
    if text:
        like = f"%{text}%"
        units = select(Unit.id).where(func.lower(Unit.name).like(like))
        members = select(Membership.person_id).where(Membership.unit_id.in_(units))
        found = [func.lower(Certificate.serial).like(like),
                 func.lower(Certificate.holder_name).like(like),
                 Certificate.unit_id.in_(units), Certificate.person_id.in_(members)]
        if search.by_number:
            found.append(exists().where(Person.id == Certificate.person_id,
                                        func.lower(Person.service_number).like(like)))
        where.append(or_(*found))
    total = db.session.scalar(select(func.count()).select_from(
        select(Certificate.id).where(*where).limit(COUNT_CAP + 1).subquery()))
    rows = db.session.scalars(select(Certificate).where(*where).order_by(Certificate.id.desc())
                              .offset((page - 1) * per_page).limit(per_page))
    return list(rows), total


def qualifications_valid_on(on: date, limit: int = 100) -> list[tuple[TrainerQualification, Person]]:
    """Trainer qualifications valid on `on` (newest first), with their trainer."""
    rows = db.session.execute(
        select(TrainerQualification, Person).join(Person, Person.id == TrainerQualification.person_id)
        .where(TrainerQualification.valid_from <= on, TrainerQualification.valid_until >= on,
               TrainerQualification.revoked_on.is_(None))
        .order_by(TrainerQualification.valid_from.desc(), TrainerQualification.id.desc())
        .limit(limit))
    return list(rows)


def units(limit: int = 500) -> list[Unit]:
    return list(db.session.scalars(select(Unit).order_by(Unit.name).limit(limit)))


def roster_choices(unit: Unit, on: date) -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(Person.id, Person.rank, Person.given_name, Person.family_name)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.unit_id == unit.id, on_roster(on))
        .order_by(Person.family_name, Person.given_name)).all()
    return [(r.id, f"{r.family_name}, {r.given_name}" + (f" ({r.rank})" if r.rank else ""))
            for r in rows]


def jobs_for(user_id: int, unit_id: int | None = None, limit: int = 10) -> list[Job]:
    query = select(Job).where(Job.user_id == user_id).order_by(Job.id.desc()).limit(limit)
    return list(db.session.scalars(query))


def roster(unit: Unit, on: date) -> list[tuple[Membership, Person]]:
    """(membership, person) on the unit's roster on `on`: key appointments first, then by name."""
    return list(db.session.execute(
        select(Membership, Person).join(Person, Person.id == Membership.person_id)
        .where(Membership.unit_id == unit.id, on_roster(on))
        .order_by(Membership.is_key_appointment.desc(), Person.family_name, Person.given_name,
                  Person.id)).all())
