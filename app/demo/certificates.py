"""Demo part 3: certificates of every kind, through the real services (signed, stored PDFs).

- the unit pre-deployment training certificate of KENBATT-1 (850 people, the roster annex at full
  size) for its next PCRS level, by the Kenyan certifying officer;
- individual certificates for four of its members from one rendered document, as the bulk job
  does: one stays valid, one is revoked (issued in error), one is corrected (revoked and
  re-issued: superseded, with the new one valid), one is suspended (under review);
- a trainer qualification certificate from the UN ToT Centre for a trainer it certified.
The signing key is created first if there is none. Parts that are missing are skipped.
"""
from flask import current_app
from sqlalchemy import select

from app.certification import services
from app.credentials import signing
from app.certification.issuing import bulk, issue
from app.extensions import db
from app.readiness.services import target_level
from app.training.models import TrainerQualification
from app.units.models import Unit

INDIVIDUALS = 4


def _add(ctx, cert) -> None:
    ctx.certificates.append({"serial": cert.serial, "kind": cert.kind,
                             "status": services.effective_status(cert, ctx.on),
                             "verify_url": issue.verify_url(cert.token)})


def _refresh(ctx) -> None:
    """Statuses change after issue (revoke, correct, suspend): list them as they end up."""
    from app.certification.models import Certificate

    serials = [c["serial"] for c in ctx.certificates]
    rows = {c.serial: c for c in db.session.scalars(
        select(Certificate).where(Certificate.serial.in_(serials)))}
    for entry in ctx.certificates:
        entry["status"] = services.effective_status(rows[entry["serial"]], ctx.on)


def seed(ctx) -> None:
    signing.generate_key(current_app.config["SIGNING_KEY_PATH"], if_missing=True)
    users = ctx.objects.get("users") or {}
    officers = {u.state_id: u for u in users.values() if u.role.value == "certifying_officer"}
    unit_id = ctx.objects.get("ready_unit_id")
    unit = db.session.get(Unit, unit_id) if unit_id else None
    if unit is not None and unit.state_id in officers:
        officer, level = officers[unit.state_id], target_level(unit)
        _unit_certificate(ctx, unit, level, officer)
        _individuals(ctx, unit, level, officer)
    _trainer(ctx, users.get("tot_trainer"))
    _refresh(ctx)


def _unit_certificate(ctx, unit, level, officer) -> None:
    try:
        _add(ctx, services.issue_unit(unit, level, officer, ctx.on))
    except services.NotEligible as refused:
        current_app.logger.warning("demo: %s not certifiable: %s", unit.name, refused)


def _individuals(ctx, unit, level, officer) -> None:
    drafts = bulk.plan(unit, level, ctx.on).drafts[:INDIVIDUALS]
    if len(drafts) < INDIVIDUALS:
        return
    certs, _documents = bulk.issue_chunk(drafts, officer, ctx.on)
    for cert in certs:
        _add(ctx, cert)
    _valid, wrong, corrected, queried = certs
    services.revoke(wrong, "issued_in_error", officer)
    _add(ctx, services.correct(corrected, officer, ctx.on))
    services.suspend(queried, "under_review", officer)


def _trainer(ctx, tot_user) -> None:
    ids = ctx.objects.get("trainer_person_ids") or []
    if tot_user is None or not ids:
        return
    for q in db.session.scalars(select(TrainerQualification).where(
            TrainerQualification.person_id.in_(ids)).order_by(TrainerQualification.id)):
        try:
            _add(ctx, services.issue_trainer(q, tot_user, ctx.on))
            return
        except services.NotEligible:
            continue
