"""What a UN officer needs on one page to decide a unit's PCRS level: the certification gate for
the next level, readiness against that level's profile, certificates, decision history,
screening and National Investigation Officers. Read-only; counts are done in SQL."""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import case, func, select

from app.auth.models import User
from app.catalogue.levels import LEVELS, next_level
from app.catalogue.models import RequirementProfile, TaxonomyTerm
from app.certification.kinds import STATUSES
from app.certification.words import certificate_status_label
from app.extensions import db
from app.pcrs import decisions as pcrs
from app.pcrs.rules import NOT_YET_VALID
from app.readiness.queries import on_roster
from app.readiness.services import unit_readiness
from app.pcrs.watch import EXPIRING, NO_CERTIFICATE, WatchItem
from app.units.models import Membership, ScreeningAttestation, Unit


def level_choices():
    return [(code, pcrs.level_name(code)) for code in LEVELS]


def roster_counts(unit: Unit, on: date) -> dict:
    people, key, nio = db.session.execute(
        select(func.count(Membership.id),
               func.coalesce(func.sum(case((Membership.is_key_appointment.is_(True), 1),
                                           else_=0)), 0),
               func.coalesce(func.sum(case((Membership.is_nio.is_(True), 1), else_=0)), 0))
        .where(Membership.unit_id == unit.id, on_roster(on))).one()
    return {"people": people, "key_appointments": int(key), "nio": int(nio)}


def context(unit: Unit, on: date, locale: str) -> dict:
    target = next_level(unit.pcrs_level) or unit.pcrs_level
    problems, certificate, profile = pcrs.check_gate(unit, target, on)
    certificates = pcrs.unit_certificates(unit.id)
    profile_codes = dict(db.session.execute(select(RequirementProfile.id, RequirementProfile.code)
                                            .where(RequirementProfile.id.in_(
                                                {c.profile_id for c in certificates}))).all())
    decisions = pcrs.decisions_for(unit.id)
    deciders = dict(db.session.execute(select(User.id, User.display_name).where(
        User.id.in_({d.decided_by_id for d in decisions}))).all())
    screening = db.session.scalar(select(ScreeningAttestation)
                                  .where(ScreeningAttestation.unit_id == unit.id)
                                  .order_by(ScreeningAttestation.attested_on.desc(),
                                            ScreeningAttestation.id.desc()).limit(1))
    return {
        "target_level": target, "gate_problems": [pcrs.describe(p) for p in problems],
        "gate_certificate": certificate, "target_profile": profile,
        "readiness": unit_readiness(unit, on, profile=profile) if profile else None,
        "certificates": [(c, pcrs.certificate_status(c, on), profile_codes.get(c.profile_id))
                         for c in certificates],
        "decisions": [(d, deciders.get(d.decided_by_id, "?")) for d in decisions],
        "screening": screening, "roster": roster_counts(unit, on),
        "state_name": unit.state.name(locale), "level_name": pcrs.level_name,
        "unit_type_name": _term_name("unit_types", unit.unit_type, locale),
        "watch_status_label": watch_status_label, "evidence_items": evidence_items,
    }


def _term_name(kind: str, code: str, locale: str) -> str:
    term = db.session.scalar(select(TaxonomyTerm).where(TaxonomyTerm.kind == kind,
                                                        TaxonomyTerm.code == code))
    return term.name(locale) if term else code


def evidence_items(evidence: dict) -> list[tuple[str, str]]:
    """A decision's stored evidence as (label, value) lines, in the user's language."""
    labels = {"aav_on": _("AAV date"), "aav_outcome": _("AAV outcome"),
              "sur_aligned": _("Aligned with the Statement of Unit Requirements"),
              "sur_aligned_on": _("SUR alignment date"), "sur_reference": _("SUR reference"),
              "verification_visit_on": _("RDL verification visit"),
              "deployable_days": _("Deployable within (days)")}
    words = {"successful": _("successful"), "unsuccessful": _("unsuccessful"), True: _("yes"),
             False: _("no")}
    items = [(labels[k], str(words.get(v, v) if isinstance(v, (str, bool)) else v))
             for k, v in (evidence or {}).items() if k in labels]
    checked = (evidence or {}).get("certificate") or {}
    if checked.get("serial"):
        items.append((_("Certificate checked"), _(
            "%(serial)s (profile %(profile)s), valid until %(date)s", serial=checked["serial"],
            profile=checked.get("profile", "?"), date=checked.get("expires_on", "?"))))
    elif checked.get("profile"):
        items.append((_("Certificate"), _("not required by profile %(profile)s",
                                          profile=checked["profile"])))
    return items


def decided_message(decision) -> str:
    return _("PCRS decision recorded: %(from)s to %(to)s.", **{
        "from": pcrs.level_name(decision.from_level), "to": pcrs.level_name(decision.to_level)})


def watch_status_label(status: str) -> str:
    """A unit certificate's standing on the watch list and the unit's PCRS page: a certificate
    status (app/certification/words.py), or expiring soon, not yet valid, no certificate."""
    if status in STATUSES:
        return certificate_status_label(status)
    return {EXPIRING: _("expiring"), NOT_YET_VALID: _("not yet valid"),
            NO_CERTIFICATE: _("no certificate")}.get(status, status)


def watch_columns():
    return (_("Unit"), _("State"), _("Level"), _("Profile"), _("Certificate"), _("Expires on"),
            _("Status"), _("Days left"), _("Window (days)"))


def watch_row(item: WatchItem) -> tuple:
    return (item.unit_name, item.state, pcrs.level_name(item.level), item.profile or "",
            item.serial or "", item.expires_on.isoformat() if item.expires_on else "",
            watch_status_label(item.status), item.days_left if item.days_left is not None else "",
            item.window or "")
