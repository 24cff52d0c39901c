"""What each signed-in role finds on its home page: the work waiting for it, each item with the
page that resolves it. Read-only; every query is scoped by app/tenancy.py, and each list is read
in a fixed number of queries whatever the number of units or sessions."""
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import selectinload

from app.auth.models import Invitation, Role
from app.auth.permissions import Action, can
from app.catalogue.levels import LEVELS, rank
from app.catalogue.models import RequirementProfile
from app.certification import requests as handoff
from app.certification.requests import QueueLine, certification_queue
from app.certification.kinds import CertificateKind, CertificateStatus
from app.certification.models import Certificate
from app.extensions import db
from app.imports.models import ImportStage
from app.readiness import services as readiness, verdict_cache
from app.training.models import Completion, CourseSession, SessionAttendee, SessionStandard
from app.units.models import Unit

SOON_DAYS = 90  # "expiring within 90 days"
UNITS_SHOWN = 50
SESSIONS_SHOWN = 20
SESSIONS_LOOKBACK_DAYS = 365


@dataclass(frozen=True)
class UnitLine:
    unit_id: int
    name: str
    level: str
    target: str
    has_profile: bool
    certifiable: bool
    reasons: tuple = ()  # app.readiness.rules.Reason
    certificate_until: date | None = None
    expiring: int = 0  # a person's standard that lapses within SOON_DAYS, counted once each
    request: object = None  # the unit's newest certification request, if any


@dataclass(frozen=True)
class SessionLine:
    session_id: int
    title: str
    end_on: date
    missing: int  # attendee x standard pairs without a recorded result


@dataclass
class Home:
    role: Role
    units: list[UnitLine] = field(default_factory=list)
    more_units: int = 0
    imports: list[ImportStage] = field(default_factory=list)
    sessions: list[SessionLine] = field(default_factory=list)
    awaiting_decision: list = field(default_factory=list)  # (Unit, Certificate)
    lapsing: list = field(default_factory=list)  # app.pcrs.watch.WatchItem
    invitations: list[Invitation] = field(default_factory=list)
    queue: list[QueueLine] = field(default_factory=list)
    requests: list = field(default_factory=list)  # recent CertificationRequest rows


def build(user, on: date, locale: str) -> Home:
    """The home of `user` on `on`."""
    home = Home(user.role)
    if user.role in (Role.CENTRE_REGISTRAR, Role.CERTIFYING_OFFICER):
        home.units, home.more_units = units(on)
    if user.role is Role.CERTIFYING_OFFICER:
        home.queue = certification_queue(on)
    if user.role in (Role.CENTRE_REGISTRAR, Role.CERTIFYING_OFFICER, Role.TOT_TRAINER,
                     Role.PARTNER_TRAINER):
        home.imports = waiting_imports(user.id)
        home.sessions = sessions_to_record(on, user)
    if user.role is Role.UN_OFFICER:
        from app.pcrs.watch import watch_list

        home.awaiting_decision = awaiting_decision(on)
        home.requests = handoff.recent()
        home.lapsing = watch_list(on, SOON_DAYS, locale)
    if user.role is Role.UN_ADMIN:
        home.invitations = waiting_invitations()
    return home


def units(on: date) -> tuple[list[UnitLine], int]:
    """The units in the caller's scope with their state on `on`: certifiable or what blocks
    them, the unit certificate valid longest, the standards lapsing within SOON_DAYS."""
    total = db.session.scalar(select(func.count()).select_from(Unit))
    found = list(db.session.scalars(select(Unit).order_by(Unit.name, Unit.id)
                                    .limit(UNITS_SHOWN)))
    verdicts = verdict_cache.summaries(found, on, expiring_days=SOON_DAYS)
    until = certificates_valid_until([u.id for u in found], on)
    latest = latest_requests([u.id for u in found])
    lines = []
    for unit in found:
        profile, verdict = verdicts[unit.id]
        lines.append(UnitLine(
            unit.id, unit.name, unit.pcrs_level, readiness.target_level(unit),
            profile is not None, bool(verdict and verdict.certifiable),
            verdict.reasons if verdict else (), until.get(unit.id),
            verdict.expiring if verdict else 0, latest.get(unit.id)))
    return lines, max(total - len(found), 0)


def latest_requests(unit_ids: list[int]) -> dict:
    """unit id -> its newest certification request."""
    newest = (select(func.max(handoff.CertificationRequest.id))
              .where(handoff.CertificationRequest.unit_id.in_(unit_ids))
              .group_by(handoff.CertificationRequest.unit_id))
    return {r.unit_id: r for r in db.session.scalars(
        select(handoff.CertificationRequest)
        .where(handoff.CertificationRequest.id.in_(newest)))} if unit_ids else {}


def certificates_valid_until(unit_ids: list[int], on: date) -> dict[int, date]:
    """unit id -> the latest expiry among its unit certificates valid on `on`."""
    if not unit_ids:
        return {}
    rows = db.session.execute(
        select(Certificate.unit_id, func.max(Certificate.expires_on))
        .where(Certificate.unit_id.in_(unit_ids), Certificate.kind == CertificateKind.UNIT,
               Certificate.status == CertificateStatus.VALID,
               Certificate.superseded_by_id.is_(None),
               Certificate.issued_on <= on, Certificate.expires_on >= on)
        .group_by(Certificate.unit_id))
    return dict(rows.all())


def waiting_imports(user_id: int) -> list[ImportStage]:
    """The user's uploaded files not yet confirmed or discarded, newest first."""
    return list(db.session.scalars(
        select(ImportStage).where(ImportStage.user_id == user_id,
                                  ImportStage.status.in_(("uploaded", "checked")))
        .order_by(ImportStage.created_at.desc()).limit(10)))


def sessions_to_record(on: date, user=None) -> list[SessionLine]:
    """Sessions in scope that have ended (within the last year) with attendees who have no
    result yet on one of the session's standards, and (given `user`) whose results that user
    may record; the most recent first. Counted per session (attendees x standards, less the
    distinct attendee-standard pairs with a result), never a look-up per attendee."""
    recent = {row.id: row for row in db.session.execute(
        select(CourseSession.id, CourseSession.title, CourseSession.end_on,
               CourseSession.state_id, CourseSession.partnership_id, CourseSession.is_tot)
        .where(CourseSession.end_on <= on,
               CourseSession.end_on >= on - timedelta(days=SESSIONS_LOOKBACK_DAYS)))
        if user is None or can(user, Action.RESULT_RECORD, row)}
    if not recent:
        return []
    ids = list(recent)
    attendees = _per_session(SessionAttendee, ids)
    standards = _per_session(SessionStandard, ids)
    pairs = (select(Completion.session_id, Completion.person_id, Completion.standard_id)
             .join(SessionAttendee, and_(SessionAttendee.session_id == Completion.session_id,
                                         SessionAttendee.person_id == Completion.person_id))
             .join(SessionStandard, and_(SessionStandard.session_id == Completion.session_id,
                                         SessionStandard.standard_id == Completion.standard_id))
             .where(Completion.session_id.in_(ids)).distinct().subquery())
    recorded = dict(db.session.execute(
        select(pairs.c.session_id, func.count()).group_by(pairs.c.session_id)).all())
    lines = []
    for session_id, row in recent.items():
        missing = attendees.get(session_id, 0) * standards.get(session_id, 0) \
            - recorded.get(session_id, 0)
        if missing > 0:
            lines.append(SessionLine(session_id, row.title, row.end_on, missing))
    lines.sort(key=lambda line: (line.end_on, line.session_id), reverse=True)
    return lines[:SESSIONS_SHOWN]


def _per_session(model, session_ids) -> dict[int, int]:
    return dict(db.session.execute(
        select(model.session_id, func.count()).where(model.session_id.in_(session_ids))
        .group_by(model.session_id)).all())


def awaiting_decision(on: date) -> list[tuple[Unit, Certificate]]:
    """Units holding a unit certificate, valid on `on`, for a level above their current one:
    the UN has a PCRS decision to take."""
    rows = db.session.execute(
        select(Unit, Certificate, RequirementProfile.pcrs_level)
        .join(Certificate, and_(Certificate.unit_id == Unit.id,
                                Certificate.kind == CertificateKind.UNIT))
        .join(RequirementProfile, RequirementProfile.id == Certificate.profile_id)
        .where(Certificate.status == CertificateStatus.VALID,
               Certificate.superseded_by_id.is_(None),
               Certificate.issued_on <= on, Certificate.expires_on >= on)
        .options(selectinload(Unit.state))
        .order_by(Certificate.issued_on, Unit.name)).all()
    found, seen = [], set()
    for unit, cert, level in rows:
        if unit.id in seen or level not in LEVELS or unit.pcrs_level not in LEVELS:
            continue
        if rank(level) > rank(unit.pcrs_level):
            seen.add(unit.id)
            found.append((unit, cert))
    return found


def waiting_invitations() -> list[Invitation]:
    """Invitations sent and not yet accepted (expired ones too: they need sending again)."""
    return list(db.session.scalars(
        select(Invitation).where(Invitation.used_at.is_(None))
        .options(selectinload(Invitation.state))
        .order_by(Invitation.expires_at.desc()).limit(50)))
