"""The world the conformance checks run in: the demo (`flask demo seed`: the real catalogue,
nine units up to 850 people, sessions, partnerships, issued certificates of every kind and status,
PCRS history), plus what the demo does not leave behind, made through the app's own services: an
open invitation, an upload waiting for confirmation per uploading role, a bulk job per role that
may start one.

`candidates(kind)` lists URL values of real objects of each kind (the object kinds of the access
policy, tests/access_policy_*.py); the crawl opens, for each page and role, the first one that
role may open.
"""
from datetime import timedelta

from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db

PASSWORD = "conformance demo password 2026"
# One demo login per role (the demo also has Ghana's registrar and certifying officer).
LOGINS = {Role.CENTRE_REGISTRAR: "registrar.ken@demo.example.org",
          Role.CERTIFYING_OFFICER: "certifier.ken@demo.example.org",
          Role.TOT_TRAINER: "tot.trainer@demo.example.org",
          Role.PARTNER_TRAINER: "partner.trainer@demo.example.org",
          Role.UN_OFFICER: "un.officer@demo.example.org",
          Role.UN_ADMIN: "un.admin@demo.example.org"}


def seed(app) -> tuple[dict, str]:
    """Seed the demo into the app's (empty) database; returns (role -> (email, TOTP secret),
    the open invitation's token)."""
    from app.demo.cli import PARTS
    from app.demo.context import DemoContext

    with app.app_context():
        ctx = DemoContext(password=PASSWORD)
        for part in PARTS:
            part.seed(ctx)
            db.session.flush()
        db.session.commit()
        secrets = {login["email"]: login.get("totp_secret") for login in ctx.logins}
        invite_token = _extras()
        db.session.commit()
        db.session.remove()
    return {role: (email, secrets[email]) for role, email in LOGINS.items()}, invite_token


def _user(role):
    from app.auth.models import User

    return db.session.scalar(select(User).where(User.email == LOGINS[role]))


def _extras() -> str:
    """An open invitation (its token returned); an upload waiting for confirmation for each
    uploading role; a bulk job for each role that may start one (state staff: a job is seen only
    by whoever started it)."""
    from app.auth import tokens
    from app.certification.models import Job
    from app.imports import services as imports
    from app.training.models import CourseSession
    from app.units.models import Unit

    admin = _user(Role.UN_ADMIN)
    _invitation, token = tokens.create_invitation("invitee@demo.example.org", Role.UN_OFFICER,
                             display_name="Invited officer", actor=admin)
    for role in (Role.CENTRE_REGISTRAR, Role.CERTIFYING_OFFICER):
        user = _user(role)
        unit = db.session.scalar(select(Unit).where(Unit.state_id == user.state_id)
                                 .order_by(Unit.id))
        roster = ("member_state,service_number,family_name,given_name,rank,sex,"
                  "personnel_category,nationality,appointment,key_appointment,nio\n"
                  f"KEN,KE-NEW-{role.value[:4]},Wanjiru,Grace,Cpl,F,military_contingent,KEN,"
                  "Medic,no,no\nKEN,,Kamau,Peter,Pte,M,military_contingent,KEN,Rifleman,no,no\n")
        imports.stage_upload("roster", unit, "roster.csv", roster.encode(), user)
        db.session.add(Job(state_id=user.state_id, user_id=user.id, kind="bulk_pdf",
                           status="running", done=120, total=850))
    partner = _user(Role.PARTNER_TRAINER)
    session = db.session.scalar(select(CourseSession).where(
        CourseSession.partnership_id.is_not(None)).order_by(CourseSession.id))
    results = ("member_state,service_number,standard,completed_on,result,score,signed_off_by\n"
               f"KEN,KE-UNKNOWN-1,HEE-1,{(session.start_on + timedelta(1)).isoformat()},"
               "pass,80,\n")
    imports.stage_upload("results", session, "results.csv", results.encode(), partner)
    return token


def candidates(kind: str, invite_token: str) -> list[dict]:
    """URL values of real objects of `kind`, most telling first (e.g. the biggest unit)."""
    from app.auth.models import Invitation, User
    from app.certification.models import Certificate, Job
    from app.imports.models import ImportStage
    from app.training.models import (CourseSession, Partnership, SessionAttendee, SessionTrainer,
                                     TrainerQualification)
    from app.units.models import Membership, Person, Unit

    def ids(query):
        return list(db.session.scalars(query))

    if kind == "unit":
        return [{"unit_id": i} for i in ids(select(Unit.id).order_by(Unit.id))]
    if kind == "person":
        # a soldier of each state's first unit, a partnership course's attendee, a trainer
        people = [ids(select(Membership.person_id).join(Unit, Unit.id == Membership.unit_id)
                      .where(Unit.state_id == state).order_by(Unit.id, Membership.id).limit(1))
                  for state in ids(select(Unit.state_id).distinct())]
        people.append(ids(select(SessionAttendee.person_id).join(CourseSession).where(
            CourseSession.partnership_id.is_not(None)).limit(1)))
        people.append(ids(select(SessionTrainer.person_id).limit(1)))
        people.append(ids(select(Person.id).order_by(Person.id).limit(1)))
        return [{"person_id": i} for i in dict.fromkeys(sum(people, []))]
    if kind == "membership":
        rows = db.session.execute(select(Membership.unit_id, Membership.id)
                                  .order_by(Membership.unit_id, Membership.id).limit(3)).all()
        return [{"unit_id": u, "membership_id": m} for u, m in rows]
    if kind == "trainer":
        people = ids(select(SessionTrainer.person_id).order_by(SessionTrainer.session_id)) + \
            ids(select(TrainerQualification.person_id).order_by(TrainerQualification.id))
        return [{"person_id": i} for i in dict.fromkeys(people)]
    if kind == "qualification":
        return [{"qualification_id": i} for i in ids(select(TrainerQualification.id)
                                                     .order_by(TrainerQualification.id))]
    if kind == "session":
        return [{"session_id": i} for i in ids(select(CourseSession.id).order_by(
            CourseSession.is_tot.desc(), CourseSession.partnership_id.is_(None),
            CourseSession.id))]
    if kind == "partnership":
        return [{"partnership_id": i} for i in ids(select(Partnership.id))]
    if kind == "certificate":
        rows = db.session.execute(select(Certificate.id, Certificate.token)
                                  .order_by(Certificate.id)).all()
        return [{"certificate_id": i, "token": t} for i, t in rows]
    if kind == "user":
        return [{"user_id": i} for i in ids(select(User.id).order_by(User.id))]
    if kind == "job":
        return [{"job_id": i} for i in ids(select(Job.id).order_by(Job.id))]
    if kind == "import_stage":
        return [{"stage_id": i} for i in ids(select(ImportStage.id).order_by(ImportStage.id))]
    if kind == "invite":
        return [{"token": invite_token}]
    if kind == "api_token":  # each demo user's own token (another's answers 404)
        from app.auth.models import ApiToken

        return [{"token_id": i} for i in ids(select(ApiToken.id).where(
            ApiToken.revoked_at.is_(None)).order_by(ApiToken.id))]
    if kind == "certification_request":
        from app.certification.requests import CertificationRequest

        return [{"request_id": i} for i in ids(select(CertificationRequest.id).order_by(
            (CertificationRequest.status == "waiting").desc(), CertificationRequest.id))]
    raise KeyError(f"no demo objects for kind {kind!r}: add them to "
                   "tests/browser/conformance/world.py")


def catalogue_codes(kind: str) -> list[str]:
    """Standard or profile codes, the longest French title first (the worst case for layout)."""
    from sqlalchemy import func

    from app.catalogue.models import RequirementProfile, Standard

    model = {"standard": Standard, "profile": RequirementProfile}[kind]
    return list(db.session.scalars(select(model.code).order_by(
        func.length(model.title_fr).desc(), model.code).limit(3)))
