"""The world the access matrix runs in: two Member States A and B, one object of every kind in
each, and one signed-in user per role.

Whose object is "own" depends on the role (see `own_and_foreign`):
- state staff (registrar, certifying officer): own = state A's object, foreign = state B's;
- UN roles: own = A's, foreign = B's, and both are visible (they see every state);
- partner trainer (linked to partnership PA, whose trainee state is A): own session = PA's
  session, own person = its attendee; foreign = partnership PB's (state B);
- ToT trainer: own session = the ToT session, own person = its trainer/attendee; every trainer
  qualification is visible to the ToT centre, so qualifications have no foreign one.
Every kind's values carry the ids its URLs may need (e.g. a membership has unit_id too).
"""
import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta

import pyotp

from app.auth.models import ApiToken, Invitation, Role, User, UserPartnership
from app.auth.passwords import hash_password
from app.catalogue.models import MemberState, Standard, TrainingCentre
from app.certification.models import Certificate, Job
from app.pcrs.models import PcrsDecision
from app.timeutil import utcnow
from app.imports.models import ImportBatch
from app.training.models import (Completion, CourseSession, Partnership, PartnershipState,
                                 SessionAttendee, SessionStandard, SessionTrainer,
                                 TrainerQualification)
from app.units.models import Membership, Person, Unit

PASSWORD = "matrix world password 2026"
MISSING_INT = 987654
MISSING_STR = "missing-0000000000000000000000"


@dataclass
class World:
    users: dict = field(default_factory=dict)  # Role -> (email, totp secret or None)
    bearer: dict = field(default_factory=dict)  # Role -> personal API token for /api/ calls
    objects: dict = field(default_factory=dict)  # (kind, key) -> dict of URL values
    other_token_id: int = 0


def _add(db, obj):
    db.session.add(obj)
    db.session.flush()
    return obj


def _state_objects(db, world, key, state, standard, centre, registrar_id):
    today = date.today()
    unit = _add(db, Unit(state_id=state.id, name=f"Battalion {key}", unit_type="infantry_battalion",
                         authorised_strength=850))
    person = _add(db, Person(state_id=state.id, service_number=f"SN-{key}-1", given_name="Ada",
                             family_name=f"Person{key}", sex="F", personnel_category="military",
                             nationality=state.iso3))
    membership = _add(db, Membership(state_id=state.id, unit_id=unit.id, person_id=person.id))
    partnership = _add(db, Partnership(code=f"TPP-{key}", name=f"Partnership {key}",
                                       un_entity="DOS", stream="engineering", start_on=today))
    _add(db, PartnershipState(partnership_id=partnership.id, state_id=state.id, role="trainee"))
    session = _add(db, CourseSession(state_id=state.id, centre_id=centre.id, title=f"PDT {key}",
                                     start_on=today, end_on=today))
    psession = _add(db, CourseSession(state_id=state.id, title=f"TPP course {key}",
                                      start_on=today, end_on=today,
                                      partnership_id=partnership.id))
    tot = _add(db, CourseSession(state_id=state.id, title=f"ToT {key}", start_on=today,
                                 end_on=today, is_tot=True))
    for s in (session, psession, tot):
        _add(db, SessionStandard(session_id=s.id, standard_id=standard.id))
        _add(db, SessionAttendee(session_id=s.id, person_id=person.id))
    _add(db, SessionTrainer(session_id=tot.id, person_id=person.id))
    completion = _add(db, Completion(state_id=state.id, person_id=person.id,
                                     standard_id=standard.id, session_id=psession.id,
                                     completed_on=today, passed=True, score=90))
    qualification = _add(db, TrainerQualification(
        state_id=state.id, person_id=person.id, qualification_code="TOT-CPTM", valid_from=today,
        valid_until=today + timedelta(days=365), session_id=tot.id))
    batch = _add(db, ImportBatch(state_id=state.id, kind="results", filename="r.csv",
                                 sha256=hashlib.sha256(key.encode()).hexdigest(), row_count=1))
    certificate = _add(db, Certificate(
        serial=f"{state.iso3}-2026-00000{key}", token=f"token{key}" * 4, kind="individual",
        state_id=state.id, person_id=person.id, holder_name="Ada", issued_on=today,
        expires_on=today + timedelta(days=365), issuer_name="Centre", payload="{}",
        signature="x", kid="k", pdf_path="none.pdf", pdf_sha256="0" * 64))
    trainer_certificate = _add(db, Certificate(
        serial=f"{state.iso3}-2026-10000{key}", token=f"trainer{key}" * 4, kind="trainer",
        state_id=state.id, person_id=person.id, holder_name="Ada", issued_on=today,
        expires_on=today + timedelta(days=365), issuer_name="ToT centre", payload="{}",
        signature="x", kid="k", pdf_path="none.pdf", pdf_sha256="0" * 64))
    job = _add(db, Job(state_id=state.id, user_id=registrar_id, kind="bulk_pdf"))
    decision = _add(db, PcrsDecision(state_id=state.id, unit_id=unit.id, from_level="L1",
                                     to_level="L2", decided_on=today,
                                     decided_by_id=registrar_id))
    from app.certification.requests import CertificationRequest

    cert_request = _add(db, CertificationRequest(state_id=state.id, unit_id=unit.id, level="L2",
                                                 requested_by_id=registrar_id))
    target = _add(db, User(email=f"target.{key.lower()}@example.org", role=Role.CENTRE_REGISTRAR,
                           state_id=state.id, password_hash="x", display_name="Target"))
    o = world.objects
    o["unit", key] = {"unit_id": unit.id}
    o["person", key] = {"person_id": person.id, "unit_id": unit.id}
    o["membership", key] = {"unit_id": unit.id, "membership_id": membership.id,
                            "person_id": person.id}
    o["session", key] = {"session_id": session.id}
    o["partnership_session", key] = {"session_id": psession.id,
                                     "partnership_id": partnership.id}
    o["tot_session", key] = {"session_id": tot.id}
    o["attendee", key] = {"session_id": session.id, "person_id": person.id}
    o["partnership", key] = {"partnership_id": partnership.id}
    o["completion", key] = {"completion_id": completion.id, "person_id": person.id}
    o["qualification", key] = {"qualification_id": qualification.id, "person_id": person.id}
    o["trainer", key] = {"person_id": person.id}
    o["import_batch", key] = {"batch_id": batch.id, "import_id": batch.id}
    o["certificate", key] = {"certificate_id": certificate.id, "serial": certificate.serial,
                             "token": certificate.token}
    o["trainer_certificate", key] = {"certificate_id": trainer_certificate.id,
                                     "token": trainer_certificate.token}
    o["job", key] = {"job_id": job.id}
    o["pcrs_decision", key] = {"decision_id": decision.id, "unit_id": unit.id}
    o["user", key] = {"user_id": target.id}
    o["certification_request", key] = {"request_id": cert_request.id}
    return partnership


def _user(db, role, state_id, email):
    user = _add(db, User(email=email, role=role, state_id=state_id, display_name=email,
                         password_hash=hash_password(PASSWORD)))
    if role.requires_mfa:
        user.mfa_secret, user.mfa_enabled = pyotp.random_base32(), True
    return user


def _token(db, user, secret=None):
    secret = secret or f"pkt_revocable-{user.id}"
    return _add(db, ApiToken(user_id=user.id, name="t", token_hash=hashlib.sha256(
        secret.encode()).hexdigest(), prefix=secret[:12]))


def build_world(db) -> World:
    world = World()
    a = _add(db, MemberState(iso3="AAA", iso2="AA", name_en="State A", name_fr="État A"))
    b = _add(db, MemberState(iso3="BBB", iso2="BB", name_en="State B", name_fr="État B"))
    standard = _add(db, Standard(
        code="CPTM-1", version="2017", title_en="Core", title_fr="Tronc", summary_en="s",
        summary_fr="s", category="core", source_edition="CPTM-2017", audiences=[],
        unit_types=[], minimum_minutes=60, assessment_kind="test", pass_mark=70,
        validity_months=12, sign_off="TOT-CPTM", effective_on=date(2017, 1, 1)))
    centre_a = _add(db, TrainingCentre(code="CA", name="Centre A", kind="national", state_id=a.id))
    centre_b = _add(db, TrainingCentre(code="CB", name="Centre B", kind="national", state_id=b.id))
    users = {}
    for role in Role:
        state_id = a.id if role in (Role.CENTRE_REGISTRAR, Role.CERTIFYING_OFFICER) else None
        users[role] = _user(db, role, state_id, f"{role.value}@matrix.example.org")
    other = _user(db, Role.CENTRE_REGISTRAR, b.id, "registrar.b@matrix.example.org")
    pa = _state_objects(db, world, "A", a, standard, centre_a, users[Role.CENTRE_REGISTRAR].id)
    _state_objects(db, world, "B", b, standard, centre_b, other.id)
    _add(db, UserPartnership(user_id=users[Role.PARTNER_TRAINER].id, partnership_id=pa.id))
    for role, user in users.items():
        world.objects["api_token", role.value] = {"token_id": _token(db, user).id}
        world.users[role] = (user.email, user.mfa_secret)
        world.bearer[role] = f"pkt_api-{user.id}"
        _token(db, user, world.bearer[role])
    world.other_token_id = _token(db, other).id
    _import_stages(db, world, users, other, a, b)
    for key in ("A", "B"):
        token = f"invite-token-{key}-" + "x" * 20
        _add(db, Invitation(email=f"invitee.{key.lower()}@example.org", role=Role.UN_OFFICER,
                            token_hash=hashlib.sha256(token.encode()).hexdigest(),
                            expires_at=utcnow() + timedelta(days=1)))
        world.objects["invite", key] = {"token": token}
    db.session.commit()
    return world


def _import_stages(db, world, users, other, a, b):
    """Uploads waiting for confirmation belong to their uploader: one per user (a roster for
    unit A; results for partnership session A for the partner trainer), one of registrar B."""
    from app.imports.models import ImportStage

    def stage(user, state, kind, target_id):
        return _add(db, ImportStage(user_id=user.id, state_id=state.id, kind=kind,
                                    target_id=target_id, filename="f.csv", sha256="0" * 64,
                                    rows=[], problems=[], summary={})).id

    unit_a, unit_b = world.objects["unit", "A"]["unit_id"], world.objects["unit", "B"]["unit_id"]
    psession_a = world.objects["partnership_session", "A"]["session_id"]
    for role, user in users.items():
        kind, target = ("results", psession_a) if role is Role.PARTNER_TRAINER else \
            ("roster", unit_a)
        world.objects["import_stage", role.value] = {"stage_id": stage(user, a, kind, target)}
    world.objects["import_stage", "other"] = {"stage_id": stage(other, b, "roster", unit_b)}


TOT_VISIBLE_ALL = {"qualification", "trainer", "tot_session"}


def own_and_foreign(world: World, kind: str, role: Role):
    """(own values, foreign values or None, whether the foreign one is visible to the role)."""
    if kind == "api_token":
        own = world.objects["api_token", role.value]
        return own, {"token_id": world.other_token_id}, False
    if kind == "import_stage":  # only the uploader sees an upload
        return (world.objects["import_stage", role.value],
                world.objects["import_stage", "other"], False)
    if (kind, "A") not in world.objects:
        raise KeyError(f"unknown object kind {kind!r}: add it to tests/integration/auth/"
                       "access_world.py")
    own_kind = kind
    if role is Role.PARTNER_TRAINER and kind == "session":
        own_kind = "partnership_session"
    if role is Role.TOT_TRAINER and kind == "session":
        return world.objects["tot_session", "A"], world.objects["session", "B"], False
    if role is Role.TOT_TRAINER and kind == "certificate":  # the ToT centre's are trainer ones
        return (world.objects["trainer_certificate", "A"], world.objects["certificate", "B"],
                False)
    if role is Role.TOT_TRAINER and kind in TOT_VISIBLE_ALL:
        return world.objects[kind, "A"], None, True
    visible = role.sees_all_states or kind in ("invite",)
    return world.objects[own_kind, "A"], world.objects[own_kind, "B"], visible


def missing(values: dict) -> dict:
    return {k: (MISSING_INT if isinstance(v, int) else MISSING_STR) for k, v in values.items()}
