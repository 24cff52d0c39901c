"""From records to a certificate draft, or a refusal listing everything missing.

Individual: the person's completions of the chosen standards (app/certification/rules.py).
Trainer: a trainer qualification and the standards it signs off. Unit: the readiness verdict for
the unit against the level's requirement profile (app.readiness.services), plus the roster annex.

Already held (`already_held`, the one place that decides it): an individual or trainer draft whose
holder already holds a certificate valid on the issue date for the same standards: an individual
certificate of the same person covering exactly the same standard codes (any versions), or a
trainer certificate of the same person for the same qualification. `apply_choice` then skips such
drafts (IssueChoice.MISSING, the default) or makes each supersede what its holder holds
(IssueChoice.SUPERSEDE).
"""
import hashlib
import json
from dataclasses import dataclass
from datetime import date

import rfc8785
from sqlalchemy import select

from app.catalogue.models import MemberState, RequirementProfile, Standard
from app.certification import facts, rules
from app.certification.kinds import CertificateKind, CertificateStatus, IssueChoice
from app.certification.issuing.issue import Draft, lock_serials
from app.certification.models import Certificate
from app.certification.standing import effective_status
from app.extensions import db
from app.readiness.rules import owes
from app.training.models import TrainerQualification
from app.units.models import Person, Unit


class NotEligible(Exception):
    """The rules refuse this certificate; `refusals` name every reason."""

    def __init__(self, refusals):
        self.refusals = tuple(refusals)
        super().__init__("; ".join(r.code for r in self.refusals))


def _standard_rows(covered) -> list[dict]:
    return [{"code": c.code, "version": c.version, "title_en": c.title_en,
             "title_fr": c.title_fr, "date": c.completed_on.isoformat()} for c in covered]


def individual_draft(person: Person, codes, on: date) -> Draft:
    """A completion certificate for `person` covering the standard `codes` on `on`."""
    codes = list(dict.fromkeys(codes))
    known = set(db.session.scalars(select(Standard.code).where(Standard.code.in_(codes))))
    done = facts.completions([person.id], codes, on)
    held = {code: [rules.Held(d.fact, d.title_en, d.title_fr) for d in done.get((person.id, code), [])]
            for code in codes}
    verdict = rules.assess_individual(codes, held, on, known=known)
    if not verdict.eligible:
        raise NotEligible(verdict.refusals)
    return Draft(kind=CertificateKind.INDIVIDUAL, state=db.session.get(MemberState, person.state_id),
                 holder=person.display_name, expires_on=verdict.expires_on,
                 standards=_standard_rows(verdict.covered), person_id=person.id)


def _same_standards_key(kind: str, standards, qualification: str | None):
    """What makes two certificates 'for the same standards' (see the module docstring)."""
    if kind == CertificateKind.TRAINER:
        return (kind, qualification)
    return (kind, frozenset(s["code"] for s in standards))


def _key_of_draft(draft: Draft):
    return _same_standards_key(draft.kind, draft.standards,
                               draft.signed_extra.get("qualification", {}).get("code"))


def _key_of_certificate(cert: Certificate):
    payload = json.loads(cert.payload)
    return _same_standards_key(cert.kind, payload.get("standards", ()),
                               (payload.get("qualification") or {}).get("code"))


HELD_KINDS = (CertificateKind.INDIVIDUAL, CertificateKind.TRAINER)


def already_held(drafts: list[Draft], on: date) -> list[list[Certificate]]:
    """For each draft, the certificates (newest first) its holder already holds that are valid on
    `on` and are for the same standards; [] for none (and for unit drafts)."""
    people = sorted({d.person_id for d in drafts if d.kind in HELD_KINDS and d.person_id})
    held: dict[tuple, list[Certificate]] = {}
    for part in range(0, len(people), 900):  # below every database's bound-parameter limit
        for cert in db.session.scalars(select(Certificate).where(
                Certificate.person_id.in_(people[part:part + 900]),
                Certificate.kind.in_(HELD_KINDS), Certificate.issued_on <= on,
                Certificate.status == CertificateStatus.VALID,
                Certificate.superseded_by_id.is_(None))
                .order_by(Certificate.issued_on.desc(), Certificate.id.desc())):
            if effective_status(cert, on) is CertificateStatus.VALID:
                held.setdefault((cert.person_id, _key_of_certificate(cert)), []).append(cert)
    return [held.get((d.person_id, _key_of_draft(d)), []) if d.kind in HELD_KINDS else []
            for d in drafts]


@dataclass
class Choice:
    """What `apply_choice` made of some drafts: those to issue, and those skipped with the
    certificates their holders hold."""

    drafts: list[Draft]
    skipped: list[tuple[Draft, list[Certificate]]]
    superseding: int  # drafts that supersede a certificate held


def apply_choice(drafts: list[Draft], choice: str, on: date) -> Choice:
    """IssueChoice.MISSING: keep the drafts whose holder holds no valid certificate for the same
    standards, skip the others. IssueChoice.SUPERSEDE: keep them all, each superseding what its
    holder holds."""
    choice = IssueChoice(choice)
    keep, skipped, superseding = [], [], 0
    for draft, held in zip(drafts, already_held(drafts, on)):
        if not held:
            keep.append(draft)
        elif choice is IssueChoice.SUPERSEDE:
            draft.supersedes, draft.supersedes_more = held[0], held[1:]
            keep.append(draft)
            superseding += 1
        else:
            skipped.append((draft, held))
    return Choice(keep, skipped, superseding)


def one_unless_held(draft: Draft, choice: str, on: date) -> Draft:
    """One draft through `apply_choice`; NotEligible ('already_held', naming the valid
    certificate) when it is skipped. The state's serial counter is locked first (held until
    the issuing transaction ends), so the same certificate issued twice at once is issued
    once."""
    lock_serials(draft.state, on.year)
    made = apply_choice([draft], choice, on)
    if made.skipped:
        cert = made.skipped[0][1][0]
        raise NotEligible([rules.Refusal("already_held", {
            "serial": cert.serial, "until": cert.expires_on, "certificate_id": cert.id})])
    return made.drafts[0]


def signed_off_by(code: str, on: date) -> list[Standard]:
    """The catalogue standards (versions current on `on`) a qualification `code` signs off."""
    rows = db.session.scalars(select(Standard).where(Standard.sign_off == code)
                              .order_by(Standard.code, Standard.effective_on))
    return [s for s in rows if s.is_current(on)]


def trainer_draft(q: TrainerQualification, on: date) -> Draft:
    """A trainer qualification certificate for `q` on `on`."""
    standards = signed_off_by(q.qualification_code, on)
    verdict = rules.assess_trainer(
        rules.QualificationFact(q.qualification_code, q.valid_from, q.valid_until, q.revoked_on),
        [s.code for s in standards], on)
    if not verdict.eligible:
        raise NotEligible(verdict.refusals)
    person = db.session.get(Person, q.person_id)
    rows = [{"code": s.code, "version": s.version, "title_en": s.title_en, "title_fr": s.title_fr,
             "date": s.effective_on.isoformat()} for s in standards[:rules.MAX_STANDARDS]]
    return Draft(kind=CertificateKind.TRAINER, state=db.session.get(MemberState, person.state_id),
                 holder=person.display_name, expires_on=verdict.expires_on, standards=rows,
                 person_id=person.id,
                 signed_extra={"qualification": {"code": q.qualification_code,
                                                 "valid_from": q.valid_from.isoformat()}},
                 printed_extra={"qualification": q.qualification_code,
                                "valid_from": q.valid_from.isoformat()})


def _readiness():
    from app.readiness import services

    return services


def unit_profile(unit: Unit, level: str) -> RequirementProfile | None:
    return _readiness().profile_for(unit, level)


def unit_draft(unit: Unit, level: str, on: date, show_names: bool = False) -> Draft:
    """A unit pre-deployment training certificate for `unit` against the profile of `level`:
    only when readiness says the unit is certifiable on `on` (its reasons otherwise)."""
    profile = unit_profile(unit, level)
    if profile is None:
        raise NotEligible([rules.Refusal("no_profile", {"level": level,
                                                         "unit_type": unit.unit_type})])
    readiness = _readiness().unit_readiness(unit, on, profile=profile)
    if not readiness.certifiable:
        raise NotEligible([rules.Refusal("readiness", {"text": text})
                           for text in readiness.reason_texts(show_names)])
    requirements = list(profile.requirements)
    if len(requirements) > rules.MAX_STANDARDS:
        raise NotEligible([rules.Refusal("too_many_standards",
                                         {"count": len(requirements), "max": rules.MAX_STANDARDS})])
    annex = [_annex_row(row) for row in readiness.rows]
    expires_on = rules.unit_expiry(on, profile.certificate_validity_months,
                                   _covers(requirements, readiness))
    titles = facts.standard_titles([r.standard_code for r in requirements], on)
    standards = [{"code": r.standard_code, "version": _version(titles, r.standard_code),
                  "title_en": getattr(titles.get(r.standard_code), "title_en", ""),
                  "title_fr": getattr(titles.get(r.standard_code), "title_fr", ""),
                  "date": _share_label(profile, r)} for r in requirements]
    roster_hash = sha256_json([[a["name"], a["appointment"], a["until"]] for a in annex])
    return Draft(
        kind=CertificateKind.UNIT, state=db.session.get(MemberState, unit.state_id), holder=unit.name,
        expires_on=expires_on, standards=standards, unit_id=unit.id, profile_id=profile.id,
        signed_extra={"profile": {"code": profile.code, "version": profile.version,
                                  "level": profile.pcrs_level},
                      "unit": {"type": unit.unit_type, "mission": unit.mission,
                               "rotation": unit.rotation},
                      "roster": {"size": len(annex), "sha256": roster_hash}},
        printed_extra={"profile_code": profile.code, "profile_version": profile.version,
                       "profile_en": profile.title_en,
                       "profile_fr": profile.title_fr, "level": profile.pcrs_level,
                       "mission": unit.mission, "rotation": unit.rotation,
                       "roster_size": len(annex), "roster": annex})


def sha256_json(value) -> str:
    return hashlib.sha256(rfc8785.dumps(value)).hexdigest()


def _annex_row(row) -> dict:
    """One roster line: name, appointment (marked [C] commander, [K] other key appointment,
    [NIO] investigator), and the last day the person holds everything asked of them ("—" when
    they do not)."""
    marks = ("[C] " if row.is_commander else ("[K] " if row.is_key_appointment else "")) + \
        ("[NIO] " if row.is_nio else "")
    days = [rules.last_valid_day(c.expires_on) for c in row.cells
            if c.status.holds and c.expires_on is not None]
    until = min(days).isoformat() if row.complete and days else "—"
    return {"name": row.name, "appointment": marks + (row.appointment or ""), "until": until}


def _covers(requirements, readiness) -> list[rules.RequirementCover]:
    """Per requirement: the days of those who hold it towards a count (the roster for a share,
    the appointed NIOs for the NIO course) and of everyone who owes it in person."""
    verdict = readiness.verdict
    everyone = [r.person_id for r in readiness.rows]
    nios = [r.person_id for r in readiness.rows if r.is_nio]

    def days(people, code):
        cells = (verdict.per_person[pid][code] for pid in people)
        return tuple(rules.last_valid_day(c.expires_on) for c in cells
                     if c.status.holds and c.expires_on is not None)

    covers = []
    for r in requirements:
        code, groups = r.standard_code, r.applies_to
        counted = everyone if "all" in groups else (nios if "nios" in groups else [])
        owing = [row.person_id for row in readiness.rows if owes(r, row)]
        covers.append(rules.RequirementCover(
            code, days(counted, code), verdict.coverage[code].required if counted else 0,
            days(owing, code)))
    return covers


def _version(titles, code) -> str:
    """The version in force on the issue date (what the profile requires)."""
    return titles[code].version if code in titles else "?"


# What a unit certificate prints for a requirement asked of appointments, in both languages.
GROUP_LABELS = {"key_appointments": "key appts / postes clés",
                "commanders": "commanders / commandants", "nios": "NIOs / enquêteurs nat."}


def _share_label(profile, requirement) -> str:
    if "all" not in requirement.applies_to:
        return ", ".join(GROUP_LABELS[g] for g in requirement.applies_to)
    share = requirement.share if requirement.share is not None else profile.roster_share
    return f"{round(share * 100)} %"
