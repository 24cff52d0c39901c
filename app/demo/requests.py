"""Demo part 5: the certification hand-off. A Kenyan formed police unit, trained and
certifiable, waits in the Kenyan certifying officer's queue (requested by the Kenyan
registrar); a Ghanaian request was declined with a reason its registrar reads."""
from datetime import timedelta

from app.audit import services as audit
from app.certification import requests as handoff
from app.demo.pcrs import _records_unit, _state
from app.demo.pcrs_units import build_ready_fpu


def seed(ctx) -> None:
    users = ctx.objects.get("users") or {}
    ken, registrar = _state("KEN"), users.get("registrar_ken")
    if ken is not None and registrar is not None:
        unit = build_ready_fpu(ken, "Kenya Formed Police Unit 3 (KENFPU-3)", "FPU3", 24,
                               trained_on=ctx.on - timedelta(days=20),
                               since=ctx.on - timedelta(days=60))
        if unit is not None:
            try:
                with _savepoint():
                    handoff.request_certification(unit, "L2", registrar, ctx.on)
            except handoff.RequestRefused:
                pass
    ghana, officer = _records_unit(ctx, "gha_bn"), users.get("certifier_gha")
    if ghana is not None and users.get("registrar_gha") is not None and officer is not None:
        found = handoff.CertificationRequest(state_id=ghana.state_id, unit_id=ghana.id,
                                             level="L2",
                                             requested_by_id=users["registrar_gha"].id)
        from app.extensions import db

        db.session.add(found)
        db.session.flush()
        audit.append("certification.request", actor=users["registrar_gha"], obj=found,
                     state_id=ghana.state_id, details={"unit_id": ghana.id, "level": "L2"})
        handoff.decline(found, "Not certifiable yet: the roster's C-IED training is missing. "
                        "Request again once the session's results are recorded.", officer)


def _savepoint():
    from app.extensions import db

    return db.session.begin_nested()
