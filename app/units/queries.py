"""Read-only queries for the unit and people pages (scoped by the tenancy hook like every ORM
SELECT). Aggregates are done in SQL; no query per person."""
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.training.models import Completion, SessionTrainer, TrainerQualification
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


def person_records(person: Person) -> dict:
    """Everything the person page shows: units, completions, languages, qualifications."""
    memberships = db.session.scalars(select(Membership).where(Membership.person_id == person.id)
                                     .options(joinedload(Membership.unit)))
    completions = db.session.scalars(
        select(Completion).where(Completion.person_id == person.id)
        .options(joinedload(Completion.standard), joinedload(Completion.signed_off_by))
        .order_by(Completion.completed_on.desc()))
    languages = db.session.scalars(select(LanguageProficiency).where(
        LanguageProficiency.person_id == person.id)
        .order_by(LanguageProficiency.assessed_on.desc()))
    qualifications = db.session.scalars(select(TrainerQualification).where(
        TrainerQualification.person_id == person.id)
        .order_by(TrainerQualification.valid_from.desc()))
    trained = db.session.scalar(select(func.count()).select_from(SessionTrainer).where(
        SessionTrainer.person_id == person.id))
    return dict(memberships=list(memberships), completions=list(completions),
                languages=list(languages), qualifications=list(qualifications),
                sessions_delivered=trained)


def unit_completions(unit: Unit, offset: int, limit: int):
    """(total, one page) of the completions of the unit's roster, newest first."""
    members = select(Membership.person_id).where(Membership.unit_id == unit.id)
    where = Completion.person_id.in_(members)
    total = db.session.scalar(select(func.count(Completion.id)).where(where))
    rows = db.session.scalars(select(Completion).where(where)
                              .options(joinedload(Completion.standard))
                              .order_by(Completion.completed_on.desc(), Completion.id)
                              .offset(offset).limit(limit))
    return total, list(rows)


def roster(unit: Unit):
    """The whole roster (memberships only; no person rows are loaded)."""
    return list(db.session.scalars(select(Membership).where(Membership.unit_id == unit.id)
                                   .order_by(Membership.id)))
