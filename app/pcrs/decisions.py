"""Recording PCRS level decisions: the gate between training certification and readiness.

Only a UN officer records a decision. A level goes up one step at a time and down only with a
reason. A decision up to a level whose requirement profile demands certification is refused
unless the unit holds a valid unit certificate (not expired, suspended, revoked or superseded)
covering that level's profile on the decision date. Every refusal names what is missing. The page
and the API both call `record_decision`, so they give the same answer.
"""
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.audit import services as audit
from app.auth.permissions import Action, can
from app.catalogue.levels import PcrsLevel
from app.catalogue.models import RequirementProfile
from app.certification.kinds import CertificateKind, CertificateStatus
from app.certification.models import Certificate
from app.certification.services import effective_status, valid_unit_certificate
from app.extensions import db
from app.pcrs import rules
from app.readiness import services as readiness_services
from app.pcrs.models import PcrsDecision
from app.pcrs.rules import CertificateFact, Problem
from app.timeutil import today as _today
from app.units.models import Unit

MESSAGES = {
    "not_un_officer": _l("Only a UN officer may record a PCRS decision."),
    "unknown_level": _l("%(level)s is not a PCRS level."),
    "level_changed": _l("The unit's level changed from %(expected)s to %(level)s since you "
                        "opened the page; review it and decide again."),
    "same_level": _l("The unit is already at %(level)s."),
    "one_step": _l("Levels go up one step at a time: from %(from)s the next level is %(next)s, "
                   "not %(to)s."),
    "reason_required": _l("Going down from %(from)s to %(to)s needs a reason."),
    "date_in_future": _l("The decision date %(date)s is in the future."),
    "date_before_last": _l("The decision date %(date)s is before the unit's latest decision "
                           "(%(last)s)."),
    "evidence_after_decision": _l("The evidence date %(date)s is after the decision date."),
    "aav_missing": _l("Level 2 needs the date of the Assessment and Advisory Visit (AAV)."),
    "aav_not_successful": _l("Level 2 needs a successful Assessment and Advisory Visit; the "
                             "outcome given is %(outcome)s."),
    "sur_missing": _l("Level 3 needs the date the unit was aligned with its Statement of Unit "
                      "Requirements (SUR)."),
    "sur_not_aligned": _l("Level 3 needs the unit's alignment with the Statement of Unit "
                          "Requirements confirmed."),
    "rdl_visit_missing": _l("The Rapid Deployment Level needs the date of the RDL verification "
                            "visit."),
    "rdl_days": _l("The Rapid Deployment Level needs a commitment to deploy within 30, 60 or 90 "
                   "days."),
    "no_profile": _l("The catalogue has no requirement profile for %(unit_type)s at %(level)s, "
                     "so the certificate it needs is unknown."),
    "no_certificate": _l("The unit holds no unit certificate covering profile %(profile)s."),
    "certificate_expired": _l("Certificate %(serial)s (profile %(profile)s) expired on "
                              "%(date)s."),
    "certificate_suspended": _l("Certificate %(serial)s (profile %(profile)s) is suspended."),
    "certificate_revoked": _l("Certificate %(serial)s (profile %(profile)s) is revoked."),
    "certificate_superseded": _l("Certificate %(serial)s (profile %(profile)s) is superseded."),
    "certificate_not_yet_valid": _l("Certificate %(serial)s (profile %(profile)s) was not yet "
                                    "issued on the decision date."),
    "certificate_not_valid": _l("Certificate %(serial)s (profile %(profile)s) is not valid."),
    "wrong_profile": _l("Certificate %(serial)s covers profile %(other)s, not %(profile)s."),
}


def describe(problem: Problem) -> str:
    """The problem in the user's language."""
    template = MESSAGES.get(problem.code)
    return str(template) % problem.params if template is not None else problem.code


class DecisionRefused(Exception):
    """The decision breaks a PCRS rule; `problems` say which, and what is missing."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.code for p in problems))
        self.problems = tuple(problems)

    @property
    def messages(self) -> list[str]:
        return [describe(p) for p in self.problems]


# --- sources of truth owned by other parts: the catalogue profile, the certificate status -----

def profile_for(unit: Unit, level: str) -> RequirementProfile | None:
    """The requirement profile of the unit's type at `level` (the readiness part decides)."""
    return readiness_services.profile_for(unit, level)


def profiles_of(units: list[Unit], levels: dict[int, str]) -> dict[int, RequirementProfile | None]:
    """unit id -> the requirement profile of the unit's type at `levels[unit.id]`, for many at
    once (the readiness part decides)."""
    return readiness_services.profiles_of(units, levels)


def certificate_status(cert: Certificate, on: date) -> str:
    """valid | expired | suspended | revoked | superseded on `on` (the certificates part is the
    one source of truth), or not_yet_valid for a certificate issued after `on`."""
    if on < cert.issued_on:
        return rules.NOT_YET_VALID
    return effective_status(cert, on)


# --- the service -------------------------------------------------------------------------------

def unit_certificates(unit_id: int) -> list[Certificate]:
    """The unit's unit certificates, newest first."""
    return list(db.session.scalars(
        select(Certificate).where(Certificate.unit_id == unit_id,
                                  Certificate.kind == CertificateKind.UNIT)
        .order_by(Certificate.issued_on.desc(), Certificate.id.desc())))


def _certificate_facts(unit: Unit, on: date) -> list[CertificateFact]:
    certificates = unit_certificates(unit.id)
    profiles = {p.id: p.code for p in db.session.scalars(select(RequirementProfile).where(
        RequirementProfile.id.in_({c.profile_id for c in certificates if c.profile_id})))}
    serials = {c.id: c.serial for c in certificates}
    return [CertificateFact(serial=c.serial, profile_code=profiles.get(c.profile_id),
                            status=certificate_status(c, on), expires_on=c.expires_on,
                            superseded_by=serials.get(c.superseded_by_id))
            for c in certificates]


def lock_unit(unit_id: int) -> Unit:
    """Reload the unit under a row lock (SELECT ... FOR UPDATE on PostgreSQL), so that two
    decisions on one unit run one after the other and the second sees the first's level."""
    return db.session.scalars(select(Unit).where(Unit.id == unit_id).with_for_update()
                              .execution_options(populate_existing=True)).one()


def check_gate(unit: Unit, to_level: str, on: date) -> tuple[list[Problem], Certificate | None,
                                                            RequirementProfile | None]:
    """The certification gate alone: (problems, the valid certificate, the level's profile)."""
    profile = profile_for(unit, to_level)
    if profile is None:
        return [Problem("no_profile", {"unit_type": unit.unit_type, "level": to_level})], \
            None, None
    if not profile.requires_certificate:
        return [], None, profile
    certificate = valid_unit_certificate(unit, profile, on)
    if certificate is not None:
        return [], certificate, profile
    return rules.explain_certificate(profile.code, _certificate_facts(unit, on)), None, profile


def clean_text(value, limit: int) -> str | None:
    """Free text as stored: control characters (NUL included) dropped, trimmed, cut to `limit`."""
    text = "".join(c for c in str(value or "") if c in "\n\t" or ord(c) >= 32).strip()
    return text[:limit] or None


def _evidence_json(to_level: str, evidence: dict) -> dict:
    keys = {PcrsLevel.L2: ("aav_on", "aav_outcome"),
            PcrsLevel.L3: ("sur_aligned", "sur_aligned_on", "sur_reference"),
            PcrsLevel.RDL: ("verification_visit_on", "deployable_days")}.get(to_level, ())
    kept = {k: evidence.get(k) for k in keys if evidence.get(k) not in (None, "")}
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in kept.items()}


def record_decision(unit: Unit, to_level: str, decided_on: date, actor, reason: str | None = None,
                    evidence: dict | None = None, *, expected_from: str | None = None,
                    today: date | None = None) -> PcrsDecision:
    """Record a UN decision moving `unit` to `to_level` on `decided_on`, or raise
    DecisionRefused naming everything that is missing. Flushes; the caller commits."""
    evidence = dict(evidence or {})
    reason = clean_text(reason, 500)
    if evidence.get("sur_reference") is not None:
        evidence["sur_reference"] = clean_text(evidence["sur_reference"], 100)
    if not can(actor, Action.PCRS_DECIDE):
        raise DecisionRefused([Problem("not_un_officer")])
    unit = lock_unit(unit.id)
    from_level = unit.pcrs_level
    problems = rules.check_move(from_level, to_level, reason, expected_from)
    if problems:
        raise DecisionRefused(problems)
    last = db.session.scalar(select(func.max(PcrsDecision.decided_on))
                             .where(PcrsDecision.unit_id == unit.id))
    problems = rules.check_dates(decided_on, today or _today(), last)
    certificate = profile = None
    going_up = rules.is_up(from_level, to_level)
    if going_up:
        problems += rules.check_evidence(to_level, evidence, decided_on)
        gate, certificate, profile = check_gate(unit, to_level, decided_on)
        problems += gate
    if problems:
        raise DecisionRefused(problems)
    stored = _evidence_json(to_level, evidence) if going_up else {}
    if certificate is not None:
        stored["certificate"] = {"id": certificate.id, "serial": certificate.serial,
                                 "profile": profile.code, "expires_on":
                                 certificate.expires_on.isoformat(),
                                 "status": CertificateStatus.VALID.value,
                                 "checked_on": decided_on.isoformat()}
    elif profile is not None:
        stored["certificate"] = {"required": False, "profile": profile.code}
    decision = PcrsDecision(state_id=unit.state_id, unit_id=unit.id, from_level=from_level,
                            to_level=to_level, decided_on=decided_on, decided_by_id=actor.id,
                            reason=reason, evidence=stored,
                            certificate_id=certificate.id if certificate else None)
    unit.pcrs_level = to_level
    if to_level == PcrsLevel.RDL:
        unit.deployable_days = int(evidence["deployable_days"])
    elif from_level == PcrsLevel.RDL:
        unit.deployable_days = None
    db.session.add(decision)
    db.session.flush()
    audit.append("pcrs.decision", actor=actor, obj=decision, state_id=unit.state_id,
                 details={"unit_id": unit.id, "from": from_level, "to": to_level,
                          "decided_on": decided_on.isoformat(),
                          "certificate_id": decision.certificate_id})
    return decision


def record_refusal(unit: Unit, to_level: str, actor, refused: DecisionRefused) -> None:
    """Keep a trace of a refused decision (codes only); the caller commits."""
    audit.append("pcrs.decision_refused", actor=actor, obj=unit, state_id=unit.state_id,
                 details={"unit_id": unit.id, "to": str(to_level)[:4],
                          "problems": [p.code for p in refused.problems]})


def decisions_for(unit_id: int) -> list[PcrsDecision]:
    """The unit's PCRS history, latest first."""
    return list(db.session.scalars(select(PcrsDecision).where(PcrsDecision.unit_id == unit_id)
                                   .order_by(PcrsDecision.decided_on.desc(),
                                             PcrsDecision.id.desc())))


def level_name(level: str) -> str:
    names = {PcrsLevel.L1: _l("Level 1"), PcrsLevel.L2: _l("Level 2"),
             PcrsLevel.L3: _l("Level 3"), PcrsLevel.RDL: _l("Rapid Deployment Level")}
    return str(names.get(level, level))

