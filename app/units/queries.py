"""Read-only queries for the unit and people pages (scoped by the tenancy hook like every ORM
SELECT). Aggregates are done in SQL; no query per person."""
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.units.models import LanguageProficiency, Membership, Person, ScreeningAttestation, Unit

PAGE = 100


def units_with_counts():
    """(unit, roster size) for every visible unit, by state and name."""
    counts = (select(Membership.unit_id, func.count(Membership.id).label("n"))
              .group_by(Membership.unit_id).subquery())
    rows = db.session.execute(
        select(Unit, func.coalesce(counts.c.n, 0)).outerjoin(counts, counts.c.unit_id == Unit.id)
        .options(joinedload(Unit.state)).order_by(Unit.state_id, Unit.name))
    return rows.all()


def roster_page(unit: Unit, page: int):
    """One page of the roster, key appointments first, then by family name; and the total."""
    total = db.session.scalar(select(func.count(Membership.id)).where(
        Membership.unit_id == unit.id))
    rows = db.session.scalars(
        select(Membership).where(Membership.unit_id == unit.id)
        .options(joinedload(Membership.person))
        .join(Person, Person.id == Membership.person_id)
        .order_by(Membership.is_key_appointment.desc(), Membership.is_nio.desc(),
                  Person.family_name, Person.given_name, Person.id)
        .limit(PAGE).offset((page - 1) * PAGE))
    return list(rows), total


def roster_summary(unit: Unit) -> dict:
    """Counts for the unit header: people, women, key appointments, NIOs."""
    row = db.session.execute(
        select(func.count(Membership.id),
               func.count(Membership.id).filter(Person.sex == "F"),
               func.count(Membership.id).filter(Membership.is_key_appointment.is_(True)),
               func.count(Membership.id).filter(Membership.is_nio.is_(True)))
        .join(Person, Person.id == Membership.person_id)
        .where(Membership.unit_id == unit.id)).one()
    return dict(people=row[0], women=row[1], key=row[2], nio=row[3])


def screenings(unit: Unit):
    return list(db.session.scalars(select(ScreeningAttestation).where(
        ScreeningAttestation.unit_id == unit.id).order_by(ScreeningAttestation.attested_on.desc())))


def search_people(text: str, by_number: bool, limit: int = 50):
    """People whose name (or, for those allowed to see it, service number) contains `text`."""
    query = select(Person).order_by(Person.family_name, Person.given_name).limit(limit)
    text = (text or "").strip()
    if text:
        like = f"%{text.lower()}%"
        clauses = [func.lower(Person.family_name).like(like),
                   func.lower(Person.given_name).like(like)]
        if by_number:
            clauses.append(func.lower(Person.service_number).like(like))
        query = query.where(or_(*clauses))
    return list(db.session.scalars(query))


def units_of(people) -> dict[int, list[Unit]]:
    """person id -> the units whose roster they are on (one query for a page of people)."""
    ids = [p.id for p in people]
    found: dict[int, list[Unit]] = {i: [] for i in ids}
    if ids:
        for person_id, unit in db.session.execute(
                select(Membership.person_id, Unit).join(Unit, Unit.id == Membership.unit_id)
                .where(Membership.person_id.in_(ids)).order_by(Unit.name)):
            found[person_id].append(unit)
    return found


def person_records(person: Person) -> dict:
    """The person page's unit records: units and languages (the training records are added by
    the training part: app/training/queries.py `training_records`)."""
    memberships = db.session.scalars(select(Membership).where(Membership.person_id == person.id)
                                     .options(joinedload(Membership.unit)))
    languages = db.session.scalars(select(LanguageProficiency).where(
        LanguageProficiency.person_id == person.id)
        .order_by(LanguageProficiency.assessed_on.desc()))
    return dict(memberships=list(memberships), languages=list(languages))


def roster(unit: Unit):
    """The whole roster (memberships only; no person rows are loaded)."""
    return list(db.session.scalars(select(Membership).where(Membership.unit_id == unit.id)
                                   .order_by(Membership.id)))
