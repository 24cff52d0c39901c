"""Read-only queries for the training pages. Sessions, people, completions and qualifications are
scoped by the tenancy hook; partnerships are not tenant rows, so `visible_partnerships` applies
the partnership rule itself."""
import re
from collections import defaultdict

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.auth.models import Role, User, UserPartnership
from app.catalogue.models import MemberState, Standard, TrainingCentre
from app.extensions import db
from app.tenancy import UNRESTRICTED
from app.training.models import (Completion, CourseSession, Partnership, PartnershipState,
                                 SessionAttendee, SessionTrainer, TrainerQualification)
from app.training.rules import qualification_valid_on
from app.units.models import Membership, Person, Unit
from app.units.services import folded_name, normalise_service_number

PAGE = 50


def visible_partnerships(user):
    """UN staff see every partnership; a partner trainer those it is linked to; a state's staff
    those their state takes part in."""
    query = select(Partnership).order_by(Partnership.start_on.desc(), Partnership.code)
    if user.role.sees_all_states:
        return query
    if user.role is Role.PARTNER_TRAINER:
        linked = select(UserPartnership.partnership_id).where(UserPartnership.user_id == user.id)
        return query.where(Partnership.id.in_(linked))
    if user.state_id is None:
        return query.where(Partnership.id.is_(None))
    taking_part = select(PartnershipState.partnership_id).where(
        PartnershipState.state_id == user.state_id)
    return query.where(Partnership.id.in_(taking_part))


def partnership_or_none(user, partnership_id: int):
    return db.session.scalar(visible_partnerships(user).where(Partnership.id == partnership_id))


def sessions_with_counts(limit: int = 300):
    """Visible sessions, newest first, with attendee and result counts."""
    attendees = (select(SessionAttendee.session_id, func.count().label("n"))
                 .group_by(SessionAttendee.session_id).subquery())
    rows = db.session.execute(
        select(CourseSession, func.coalesce(attendees.c.n, 0))
        .outerjoin(attendees, attendees.c.session_id == CourseSession.id)
        .options(joinedload(CourseSession.centre), joinedload(CourseSession.partnership),
                 selectinload(CourseSession.standards))
        .order_by(CourseSession.start_on.desc(), CourseSession.id.desc()).limit(limit))
    return rows.all()


def attendee_page(session: CourseSession, page: int):
    """One page of attendees (by family name) with their results in this session."""
    total = db.session.scalar(select(func.count()).select_from(SessionAttendee).where(
        SessionAttendee.session_id == session.id))
    people = list(db.session.scalars(
        select(Person).join(SessionAttendee, SessionAttendee.person_id == Person.id)
        .where(SessionAttendee.session_id == session.id)
        .order_by(Person.family_name, Person.given_name, Person.id)
        .limit(PAGE).offset((page - 1) * PAGE)))
    results = defaultdict(list)
    for c in db.session.scalars(select(Completion).where(
            Completion.session_id == session.id,
            Completion.person_id.in_([p.id for p in people]))
            .options(joinedload(Completion.standard)).order_by(Completion.completed_on)):
        results[c.person_id].append(c)
    return people, results, total


def qualifications_in_session(session: CourseSession) -> dict:
    """person id -> qualifications granted from this (ToT) session."""
    found = defaultdict(list)
    for q in db.session.scalars(select(TrainerQualification).where(
            TrainerQualification.session_id == session.id)):
        found[q.person_id].append(q)
    return found


def centres(kind: str | None = None):
    query = select(TrainingCentre).order_by(TrainingCentre.name)
    if kind:
        query = query.where(TrainingCentre.kind == kind)
    return list(db.session.scalars(query))


def states(ids=None):
    query = select(MemberState).order_by(MemberState.name_en)
    if ids is not None:
        query = query.where(MemberState.id.in_(ids))
    return list(db.session.scalars(query))


def standards(tot: bool):
    """Catalogue standards a session may deliver: trainer standards for ToT, others otherwise."""
    query = select(Standard).order_by(Standard.code, Standard.version)
    query = query.where(Standard.category == "tot") if tot else \
        query.where(Standard.category != "tot")
    return list(db.session.scalars(query))


def qualified_trainers(state_ids):
    """People of these states who hold a trainer qualification that is not revoked."""
    holders = select(TrainerQualification.person_id).where(
        TrainerQualification.revoked_on.is_(None))
    return list(db.session.scalars(
        select(Person).where(Person.id.in_(holders), Person.state_id.in_(state_ids))
        .order_by(Person.family_name, Person.given_name)))


def valid_qualification_codes(person_ids, on) -> dict[int, list[str]]:
    """person id -> the codes of their trainer qualifications valid on `on` (the rule:
    training/rules.py `qualification_valid_on`), among those the caller may see."""
    rows = db.session.scalars(select(TrainerQualification).where(
        TrainerQualification.person_id.in_(sorted(set(person_ids))),
        TrainerQualification.valid_from <= on, TrainerQualification.valid_until >= on)
        .order_by(TrainerQualification.qualification_code))
    codes: dict[int, list[str]] = defaultdict(list)
    for q in rows:
        if qualification_valid_on(q, on) and q.qualification_code not in codes[q.person_id]:
            codes[q.person_id].append(q.qualification_code)
    return dict(codes)


def tot_instructors(user):
    """Who may teach a ToT session: the ToT centre's own people and earlier ToT instructors."""
    earlier = select(SessionTrainer.person_id).join(CourseSession).where(
        CourseSession.is_tot.is_(True))
    clauses = [Person.id.in_(earlier)]
    if user.state_id:
        clauses.append(Person.state_id == user.state_id)
    return list(db.session.scalars(select(Person).where(or_(*clauses))
                                   .order_by(Person.family_name, Person.given_name)))


def people_by_service_numbers(state_id: int, numbers):
    """(found people, unknown numbers) for service numbers of one state, within the caller's
    scope."""
    wanted = {normalise_service_number(n) for n in numbers if n.strip()}
    people = list(db.session.scalars(select(Person).where(
        Person.state_id == state_id, Person.service_number.in_(wanted))))
    return people, sorted(wanted - {p.service_number for p in people})


def nominees(state_id: int, lines):
    """(found people, lines that match nobody) for ToT nominees given as "service number,
    family name" lines (comma, semicolon or tab between). This is the deliberate cross-tenant
    lookup a ToT trainer needs to enrol another state's nominees, so a number alone is never
    enough: a line matches only when both parts match, and a miss looks the same whether the
    number is unknown or the name differs (existing numbers cannot be told from unknown ones)."""
    wanted: dict[str, set[str]] = {}
    misses = []
    for line in lines:
        if not line.strip():
            continue
        number, name = (re.split(r"[,;\t]", line, maxsplit=1) + [""])[:2]
        number, name = normalise_service_number(number), folded_name(name)
        if not number or not name:
            misses.append(line.strip())
            continue
        wanted.setdefault(number, set()).add(name)
    found = {p.service_number: p for p in db.session.scalars(
        select(Person).where(Person.state_id == state_id,
                             Person.service_number.in_(set(wanted)))
        .execution_options(scope=UNRESTRICTED))}
    people = []
    for number, names in sorted(wanted.items()):
        person = found.get(number)
        if person is not None and names == {folded_name(person.family_name)}:
            people.append(person)
        else:
            misses.append(number)
    return people, misses


def roster_person_ids(unit_id: int):
    from app.units.models import Membership

    return list(db.session.scalars(select(Membership.person_id).where(
        Membership.unit_id == unit_id)))


def units_of(state_ids):
    return list(db.session.scalars(select(Unit).where(Unit.state_id.in_(state_ids))
                                   .order_by(Unit.name)))


def partner_trainers(partnership: Partnership):
    return list(db.session.scalars(
        select(User).join(UserPartnership, UserPartnership.user_id == User.id)
        .where(UserPartnership.partnership_id == partnership.id).order_by(User.email)))


def partnership_sessions(partnership: Partnership):
    return list(db.session.scalars(select(CourseSession).where(
        CourseSession.partnership_id == partnership.id).order_by(CourseSession.start_on.desc())))


def trainer_list():
    """Visible qualifications grouped by holder: [(person, [qualification, ...])]."""
    rows = db.session.scalars(select(TrainerQualification)
                              .options(joinedload(TrainerQualification.person))
                              .order_by(TrainerQualification.person_id,
                                        TrainerQualification.qualification_code))
    grouped: dict[int, tuple] = {}
    for q in rows:
        if q.person is None:  # holder outside the caller's scope
            continue
        grouped.setdefault(q.person_id, (q.person, []))[1].append(q)
    return sorted(grouped.values(), key=lambda pair: (pair[0].family_name, pair[0].given_name))


def trainer_record(person: Person):
    quals = list(db.session.scalars(select(TrainerQualification).where(
        TrainerQualification.person_id == person.id).order_by(
        TrainerQualification.valid_from.desc())))
    delivered = list(db.session.scalars(
        select(CourseSession).join(SessionTrainer).where(SessionTrainer.person_id == person.id)
        .order_by(CourseSession.start_on.desc())))
    signed = db.session.scalar(select(func.count(Completion.id)).where(
        Completion.signed_off_by_id == person.id))
    return quals, delivered, signed


def training_records(person: Person) -> dict:
    """What the person page shows of training: completions, trainer qualifications and the number
    of sessions delivered."""
    completions = db.session.scalars(
        select(Completion).where(Completion.person_id == person.id)
        .options(joinedload(Completion.standard), joinedload(Completion.signed_off_by))
        .order_by(Completion.completed_on.desc()))
    qualifications = db.session.scalars(select(TrainerQualification).where(
        TrainerQualification.person_id == person.id)
        .order_by(TrainerQualification.valid_from.desc()))
    trained = db.session.scalar(select(func.count()).select_from(SessionTrainer).where(
        SessionTrainer.person_id == person.id))
    return dict(completions=list(completions), qualifications=list(qualifications),
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
