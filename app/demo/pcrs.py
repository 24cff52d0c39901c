"""Demo part 4: PCRS levels and decision history, every decision through the real gate.

After it, the demo holds units at every level and a history to read:
  GHAFPU-1 - climbed Level 1 -> 2 -> 3 -> RDL over the past year (30-day commitment); its
             certificates lapse within 60 days, so it is on the watch list;
  KENFPU-1 - climbed to RDL, then went back down to Level 3 with a reason;
  KENFPU-2 - holds a valid Level 2 unit certificate but is still at Level 1 (no AAV yet);
  KENENGCOY (records part) - certified and decided Level 2 today, then its certificate was
             revoked: on the watch list as "revoked while at Level 2";
  GHANBATT (records part) - uncertified at Level 1; a refused Level 2 attempt is in the audit.
Certificates are issued through the certificates service by each state's demo certifying
officer; decisions by the demo UN officer. Parts that are missing are skipped.
"""
from datetime import timedelta

from sqlalchemy import select

from app.catalogue.levels import PcrsLevel
from app.catalogue.models import MemberState
from app.extensions import db
from app.pcrs import decisions as pcrs
from app.units.models import Unit

EVIDENCE = {
    "L2": lambda day: {"aav_on": day - timedelta(days=10), "aav_outcome": "successful"},
    "L3": lambda day: {"sur_aligned": True, "sur_aligned_on": day - timedelta(days=10),
                       "sur_reference": "SUR 2026/FPU rev. 2"},
    "RDL": lambda day: {"verification_visit_on": day - timedelta(days=10)},
}


class Story:
    def __init__(self, ctx):
        self.ctx, self.on = ctx, ctx.on
        users = ctx.objects.get("users") or {}
        self.officer = users.get("un_officer")
        self.certifiers = {u.state_id: u for u in users.values()
                           if u.role.value == "certifying_officer"}
        self.issued: list = []

    def certify(self, unit: Unit, level: str, day):
        """The unit's valid certificate for `level` on `day`, issued now if it has none."""
        from app.certification import services as certificates
        from app.certification.issuing import issue

        profile = pcrs.profile_for(unit, level)
        held = certificates.valid_unit_certificate(unit, profile, day) if profile else None
        if held is not None:
            return held, False
        cert = certificates.issue_unit(unit, level, self.certifiers.get(unit.state_id), day)
        self.issued.append(cert)
        self.ctx.certificates.append({"serial": cert.serial, "kind": cert.kind,
                                      "status": cert.status,
                                      "verify_url": issue.verify_url(cert.token)})
        return cert, True

    def climb(self, unit: Unit, steps, days: int | None = None):
        """(level, issued day, decided day) steps, each through the certification gate."""
        for level, issued_on, decided_on in steps:
            self.certify(unit, level, issued_on)
            evidence = EVIDENCE[level](decided_on)
            if level == PcrsLevel.RDL:
                evidence["deployable_days"] = days
            pcrs.record_decision(unit, level, decided_on, self.officer, None, evidence,
                                 today=self.on)


def _state(iso3: str):
    return db.session.scalar(select(MemberState).where(MemberState.iso3 == iso3))


def _records_unit(ctx, key: str) -> Unit | None:
    unit_id = (ctx.objects.get("units") or {}).get(key)
    return db.session.get(Unit, unit_id) if unit_id else None


def _attempt(story: Story, work) -> bool:
    """Run one unit's story in a savepoint: a refusal (not eligible, gate) skips that unit."""
    from app.certification.issuing.eligibility import NotEligible

    try:
        with db.session.begin_nested():
            work()
        return True
    except (NotEligible, pcrs.DecisionRefused):
        return False


def seed(ctx) -> None:
    from app.certification import services as certificates
    from app.demo.pcrs_units import build_ready_fpu

    story = Story(ctx)
    ken, gha = _state("KEN"), _state("GHA")
    if story.officer is None or ken is None or gha is None:
        return
    t = ctx.on

    def days(n):
        return t - timedelta(days=n)

    def ghana_fpu():
        unit = build_ready_fpu(gha, "Ghana Formed Police Unit 1 (GHAFPU-1)", "FPU1", 40,
                               trained_on=days(330), since=days(420))
        if unit is not None:
            story.climb(unit, [("L2", days(300), days(290)), ("L3", days(200), days(180)),
                               ("RDL", days(120), days(100))], days=30)

    def kenya_fpu():
        unit = build_ready_fpu(ken, "Kenya Formed Police Unit 1 (KENFPU-1)", "FPU1", 48,
                               trained_on=days(100), since=days(200))
        if unit is not None:
            story.climb(unit, [("L2", days(90), days(80)), ("L3", days(60), days(50)),
                               ("RDL", days(40), days(30))], days=60)
            pcrs.record_decision(unit, "L3", days(10), story.officer,
                                 "Strategic airlift for the 60-day commitment was not confirmed "
                                 "at the follow-up visit.", {}, today=t)

    def certified_at_level_1():
        unit = build_ready_fpu(ken, "Kenya Formed Police Unit 2 (KENFPU-2)", "FPU2", 36,
                               trained_on=days(45), since=days(150))
        if unit is not None:
            story.certify(unit, "L2", days(5))

    def engineers_revoked():
        unit = _records_unit(ctx, "ken_eng")
        if unit is None:
            return
        cert, issued_here = story.certify(unit, "L2", t)
        story.climb(unit, [("L2", t, t)])
        if issued_here:
            certificates.revoke(cert, "records_corrected", story.certifiers.get(unit.state_id))
            for entry in ctx.certificates:
                if entry["serial"] == cert.serial:
                    entry["status"] = cert.status

    for part in (ghana_fpu, kenya_fpu, certified_at_level_1, engineers_revoked):
        _attempt(story, part)
    uncertified = _records_unit(ctx, "gha_bn")
    if uncertified is not None:
        try:
            pcrs.record_decision(uncertified, "L2", t, story.officer, None, EVIDENCE["L2"](t),
                                 today=t)
        except pcrs.DecisionRefused as refused:
            pcrs.record_refusal(uncertified, "L2", story.officer, refused)
    ctx.objects["pcrs_certificates"] = [c.id for c in story.issued]
