"""Certificate services: issue each kind, suspend / reinstate / revoke / correct, and the status
on a date (the one source of truth the PCRS gate uses). Services flush; the caller commits once.
"""
from datetime import date

from sqlalchemy import select

from app.audit import services as audit
from app.catalogue.models import RequirementProfile
from app.certification.issuing import issue as issuing
from app.certification.issuing.eligibility import (NotEligible, individual_draft,
                                                   one_unless_held, trainer_draft, unit_draft)
from app.certification.kinds import CertificateKind, CertificateStatus, IssueChoice
from app.certification.models import Certificate
from app.certification.standing import authentic, effective_status  # noqa: F401  (callers)
from app.extensions import db
from app.tenancy import UNRESTRICTED
from app.timeutil import utcnow
from app.training.models import TrainerQualification
from app.units.models import Person, Unit

__all__ = ["NotEligible", "LifecycleError", "effective_status", "valid_unit_certificate",
           "issue_individual", "issue_trainer", "issue_unit", "suspend", "reinstate", "revoke",
           "correct", "REVOKE_REASONS", "SUSPEND_REASONS"]

# Public reasons, shown on the verify page (codes; the pages translate them). Free text is not
# accepted: it could carry personal data onto a public page.
REVOKE_REASONS = ("issued_in_error", "records_corrected", "records_withdrawn",
                  "qualification_withdrawn", "other")
SUSPEND_REASONS = ("under_review", "records_query", "other")


class LifecycleError(Exception):
    """A status change the lifecycle does not allow (`code`: not_valid, not_suspended,
    already_revoked, bad_reason, not_authentic)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def valid_unit_certificate(unit, profile, on: date) -> Certificate | None:
    """The most recent unit certificate for `unit` against `profile` (any version of it: a
    certificate keeps the version it was issued under) that was issued on or before `on` and
    reads as valid on `on`; None when there is none."""
    versions = select(RequirementProfile.id).where(RequirementProfile.code == profile.code)
    candidates = db.session.scalars(
        select(Certificate).where(
            Certificate.kind == CertificateKind.UNIT, Certificate.unit_id == unit.id,
            Certificate.profile_id.in_(versions), Certificate.issued_on <= on,
            Certificate.status == CertificateStatus.VALID, Certificate.superseded_by_id.is_(None),
        ).order_by(Certificate.issued_on.desc(), Certificate.id.desc()))
    for cert in candidates:
        if effective_status(cert, on) is CertificateStatus.VALID:
            return cert
    return None


def issue_individual(person: Person, codes, actor, on: date, key: str | None = None,
                     choice: str = IssueChoice.MISSING) -> Certificate:
    """Issue a completion certificate for `person` covering `codes` (NotEligible if not).
    `key`: the issuing form's idempotency key, if any (see made_with). When the person already
    holds a valid certificate for these standards: refused ('already_held', naming it), or with
    IssueChoice.SUPERSEDE issued, superseding it."""
    draft = one_unless_held(individual_draft(person, codes, on), choice, on)
    return issuing.issue(draft, actor, on, key)


def issue_trainer(qualification: TrainerQualification, actor, on: date, key: str | None = None,
                  choice: str = IssueChoice.MISSING) -> Certificate:
    """Issue a trainer qualification certificate (NotEligible if the qualification is not
    valid on `on`; already held: as issue_individual)."""
    draft = one_unless_held(trainer_draft(qualification, on), choice, on)
    return issuing.issue(draft, actor, on, key)


def issue_unit(unit: Unit, level: str, actor, on: date, show_names: bool = False,
               key: str | None = None) -> Certificate:
    """Issue the unit's pre-deployment training certificate for PCRS `level` (NotEligible
    unless readiness says the unit is certifiable against that level's profile; its reasons
    name people only when `show_names`)."""
    return issuing.issue(unit_draft(unit, level, on, show_names), actor, on, key)


def made_with(model, key: str):
    """The certificate or job (`model`) an issuing form with this idempotency key already
    produced, whoever sent it (callers compare the sender; keys are unique across states),
    else None."""
    return db.session.scalar(select(model).where(model.idempotency_key == key)
                             .execution_options(scope=UNRESTRICTED))


def _change(cert: Certificate, status: str, reason: str | None, actor, action: str) -> None:
    cert.status, cert.status_reason, cert.status_changed_at = status, reason, utcnow()
    db.session.flush()
    audit.append(action, actor=actor, obj=cert, details={"serial": cert.serial, "reason": reason})


def suspend(cert: Certificate, reason: str, actor) -> None:
    """Suspend a valid certificate (reversible) with a public reason."""
    if reason not in SUSPEND_REASONS:
        raise LifecycleError("bad_reason")
    if cert.status != CertificateStatus.VALID or cert.superseded_by_id is not None:
        raise LifecycleError("not_valid")
    _change(cert, CertificateStatus.SUSPENDED, reason, actor, "certificate.suspend")


def reinstate(cert: Certificate, actor) -> None:
    """Lift a suspension."""
    if cert.status != CertificateStatus.SUSPENDED:
        raise LifecycleError("not_suspended")
    _change(cert, CertificateStatus.VALID, None, actor, "certificate.reinstate")


def revoke(cert: Certificate, reason: str, actor) -> None:
    """Revoke a certificate for good, with a public reason. Revoking twice is refused."""
    if reason not in REVOKE_REASONS:
        raise LifecycleError("bad_reason")
    if cert.status == CertificateStatus.REVOKED:
        raise LifecycleError("already_revoked")
    _change(cert, CertificateStatus.REVOKED, reason, actor, "certificate.revoke")


def correct(cert: Certificate, actor, on: date) -> Certificate:
    """A correction: revoke `cert` and issue a new one for the same subject from the records as
    they are now, linked both ways (supersedes / superseded by). Refused (NotEligible) when the
    subject is no longer eligible; nothing changes then."""
    if cert.status == CertificateStatus.REVOKED:
        raise LifecycleError("already_revoked")
    if not authentic(cert):
        raise LifecycleError("not_authentic")
    draft = _redraft(cert, on)
    draft.supersedes = cert
    revoke(cert, "records_corrected", actor)
    return issuing.issue(draft, actor, on)


def _redraft(cert: Certificate, on: date):
    import json

    payload = json.loads(cert.payload)
    if cert.kind == CertificateKind.INDIVIDUAL:
        person = db.session.get(Person, cert.person_id)
        return individual_draft(person, [s["code"] for s in payload["standards"]], on)
    if cert.kind == CertificateKind.TRAINER:
        code = payload["qualification"]["code"]
        rows = db.session.scalars(select(TrainerQualification).where(
            TrainerQualification.person_id == cert.person_id,
            TrainerQualification.qualification_code == code)
            .order_by(TrainerQualification.valid_until.desc()))
        qualification = next(iter(rows), None)
        if qualification is None:
            from app.certification.rules import Refusal

            raise NotEligible([Refusal("qualification_missing", {"qualification": code})])
        return trainer_draft(qualification, on)
    profile = db.session.get(RequirementProfile, cert.profile_id)
    return unit_draft(db.session.get(Unit, cert.unit_id), profile.pcrs_level, on)
