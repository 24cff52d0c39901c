"""Readiness of a unit on a date: database rows turned into facts for app/readiness/rules.py.

The whole unit is loaded in a fixed number of queries, whatever its size: the profile (with its
requirements), the roster (memberships with people), the passes of those people on the required
standards (with the standard versions), the qualifications of the trainers who signed them, the
language records, the screening attestation, and the column titles. Never a query per person.

Whether a completion counts is judged by app/readiness/evidence.py (the result rules of
app/training/rules.py).
"""
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.catalogue import levels
from app.catalogue.levels import PcrsLevel
from app.catalogue.models import RequirementProfile, Standard
from app.catalogue.versions import version_current
from app.extensions import db
from app.gcpause import collector_paused
from app.readiness import evidence, rules
from app.readiness.matrix import (EXPIRING_DAYS, MATRIX_PAGE, Column, Row,  # noqa: F401
                                  UnitReadiness)
from app.readiness.rules import LanguageFact, LanguageRule, PersonFact, ProfileFact, Requirement
from app.units.models import (LanguageProficiency, Membership, Person, ScreeningAttestation, Unit,
                              display_name)

def target_level(unit: Unit) -> PcrsLevel:
    """The level a unit works towards: the one above its current level (RDL stays RDL)."""
    return levels.target_level(unit.pcrs_level)


def profile_for(unit: Unit, level: str) -> RequirementProfile | None:
    """The catalogue's requirement profile for the unit's type at a PCRS level."""
    return _profiles_for({(unit.unit_type, level)})[(unit.unit_type, level)]


def profiles_of(units, levels: dict[int, str] | None = None
                ) -> dict[int, RequirementProfile | None]:
    """unit id -> the catalogue's requirement profile for the unit's type at `levels[unit.id]`,
    by default the level above its own (`target_level`); one query whatever the number of units
    (homes, queues, the watch list, a results grid)."""
    levels = levels or {}
    keys = {u.id: (u.unit_type, levels.get(u.id) or target_level(u)) for u in units}
    profiles = _profiles_for(set(keys.values()))
    return {unit_id: profiles[key] for unit_id, key in keys.items()}


def _profiles_for(keys: set[tuple[str, str]]) -> dict[tuple[str, str],
                                                      RequirementProfile | None]:
    """(unit type, PCRS level) -> the catalogue's requirement profile for each, read in one
    query whatever the number of pairs."""
    found: dict[tuple[str, str], RequirementProfile | None] = dict.fromkeys(keys)
    if not keys:
        return found
    for profile in db.session.scalars(
            select(RequirementProfile)
            .where(RequirementProfile.unit_type.in_({t for t, _l in keys}),
                   RequirementProfile.pcrs_level.in_({level for _t, level in keys}),
                   RequirementProfile.in_catalogue.is_(True))
            .options(selectinload(RequirementProfile.requirements))
            .order_by(RequirementProfile.id)):
        key = (profile.unit_type, profile.pcrs_level)
        if key in found and found[key] is None:
            found[key] = profile
    return found


def profile_fact(profile: RequirementProfile) -> ProfileFact:
    language = None
    if profile.language_min_level:
        language = LanguageRule(applies_to=profile.language_applies_to or "key_appointments",
                                min_level=profile.language_min_level,
                                mission_language=bool(profile.language_mission),
                                language=None if profile.language_mission else "en")
    return ProfileFact(
        required=tuple(Requirement(r.standard_code, r.share, tuple(r.applies_to or rules.EVERYONE))
                       for r in profile.requirements),
        roster_share=profile.roster_share,
        nio_per=profile.nio_per or 0, language=language,
        screening_required=profile.screening_required)


def unit_readiness(unit: Unit, on: date, profile: RequirementProfile | None = None,
                   expiring_days: int = EXPIRING_DAYS) -> UnitReadiness:
    """Per person and required standard: valid / expiring / expired / missing / not counted; and
    whether the unit is certifiable on `on`, with every reason. Default profile: the unit type's
    profile for the level above the unit's current one."""
    with collector_paused():  # an 850-person unit: some 50,000 acyclic objects
        return _unit_readiness(unit, on, profile, expiring_days)


def _unit_readiness(unit, on, profile, expiring_days) -> UnitReadiness:
    profile = profile or profile_for(unit, target_level(unit))
    result = UnitReadiness(unit.id, on, unit.mission_language, profile,
                           expiring_days=expiring_days)
    if profile is None:
        return result
    fact = profile_fact(profile)
    codes = [r.standard_code for r in fact.required]
    roster = _roster(unit, on)
    ids = [m.person_id for m in roster]
    completions = _completions(unit, on, codes) if ids else []
    languages = _languages(unit) if fact.language and ids else {}
    people = [PersonFact(m.person_id, m.is_key_appointment, m.is_nio,
                         tuple(languages.get(m.person_id, ())), m.is_commander) for m in roster]
    facts = evidence.facts(completions)
    verdict = rules.assess_unit(fact, people, facts, _screening_ok(unit, on),
                                unit.mission_language, on, expiring_days)
    result.verdict = verdict
    codes = gaps_first(codes, verdict.coverage)
    titles = _standard_titles(codes, on)
    result.columns = [Column(code, *titles.get(code, (code, code)), verdict.coverage[code])
                      for code in codes]
    by_code = {r.standard_code: r for r in fact.required}
    failing_language = set(verdict.language_failing)
    holding = rules.HOLDING
    rows = result.rows
    for m in roster:
        found = verdict.per_person[m.person_id]
        cells = tuple(found[code] for code in codes)
        complete = all(cell.status in holding for code, cell in zip(codes, cells)
                       if rules.asked_of(by_code[code], m))
        applies = fact.language is not None and rules.in_group(m, fact.language.applies_to)
        rows.append(Row(m.person_id, display_name(m.rank, m.given_name, m.family_name), m.rank,
                        m.appointment, m.is_key_appointment or m.is_commander, m.is_nio, cells,
                        complete, (m.person_id not in failing_language) if applies else None,
                        m.is_commander))
    return result


def units_not_asking(person_ids: list[int], codes: set[str], on: date
                     ) -> dict[tuple[int, str], tuple[str, ...]]:
    """(person, standard code) -> the names of the person's units whose profiles (at each unit's
    target level) hold the code without asking it of them (`rules.asked_of`), for each pair no
    unit of theirs asks of them. A pair is left out when one of their units asks it, or when none
    of their units' profiles holds the code (nobody can tell). Units are those the person is on
    on `on`. Three queries whatever the number of people."""
    if not person_ids or not codes:
        return {}
    rows = db.session.execute(
        select(Membership.person_id, Membership.is_key_appointment, Membership.is_nio,
               Membership.is_commander, Unit)
        .join(Unit, Unit.id == Membership.unit_id)
        .where(Membership.person_id.in_(person_ids), *_active(on))
        .order_by(Unit.name, Unit.id)).all()
    profiles = profiles_of({row.Unit.id: row.Unit for row in rows}.values())
    facts = {unit_id: profile_fact(profile)
             for unit_id, profile in profiles.items() if profile}
    asked, covering = set(), {}
    for row in rows:
        fact = facts.get(row.Unit.id)
        for requirement in fact.required if fact else ():
            pair = (row.person_id, requirement.standard_code)
            if requirement.standard_code not in codes:
                continue
            if rules.asked_of(requirement, row):
                asked.add(pair)
            else:
                covering.setdefault(pair, []).append(row.Unit.name)
    return {pair: tuple(names) for pair, names in covering.items() if pair not in asked}


def gaps_first(codes: list[str], coverage) -> list[str]:
    """The matrix's column order: standards short of their share first, then those nobody is
    asked to hold, then those met; the profile's order within each group."""
    def rank(code):
        found = coverage[code]
        return 2 if found.met else (1 if not found.counts_anyone else 0)
    return sorted(codes, key=rank)


def _active(on: date):
    return (or_(Membership.start_on.is_(None), Membership.start_on <= on),
            or_(Membership.end_on.is_(None), Membership.end_on >= on))


def _roster(unit: Unit, on: date):
    """Memberships active on `on` with the names of their people: key appointments first, then
    by name (columns only: no ORM objects for hundreds of people)."""
    return db.session.execute(
        select(Membership.person_id, Membership.appointment, Membership.is_key_appointment,
               Membership.is_nio, Membership.is_commander, Person.rank, Person.given_name,
               Person.family_name)
        .join(Person, Person.id == Membership.person_id)
        .where(Membership.unit_id == unit.id, *_active(on))
        .order_by(Membership.is_key_appointment.desc(), Membership.is_nio.desc(),
                  Person.family_name, Person.given_name, Person.id)).all()


def _completions(unit: Unit, on: date, codes: list[str]):
    """Passes on the required standards by people on the roster, up to `on`."""
    members = select(Membership.person_id).where(Membership.unit_id == unit.id, *_active(on))
    return evidence.passes_up_to(members, codes, on)


def _languages(unit: Unit) -> dict[int, list[LanguageFact]]:
    return languages_of(select(Membership.person_id).where(Membership.unit_id == unit.id))


def languages_of(members) -> dict[int, list[LanguageFact]]:
    """Each person's language records, for the people the select `members` names."""
    found: dict[int, list[LanguageFact]] = {}
    for row in db.session.execute(
            select(LanguageProficiency.person_id, LanguageProficiency.language,
                   LanguageProficiency.level, LanguageProficiency.valid_until,
                   LanguageProficiency.assessed_on)
            .where(LanguageProficiency.person_id.in_(members))):
        found.setdefault(row.person_id, []).append(
            LanguageFact(row.language, row.level, row.valid_until, row.assessed_on))
    return found


def _screening_ok(unit: Unit, on: date) -> bool:
    """The latest attestation for the unit's current rotation, dated by `on`, says cleared."""
    latest = db.session.scalar(
        select(ScreeningAttestation.status)
        .where(ScreeningAttestation.unit_id == unit.id,
               ScreeningAttestation.rotation == unit.rotation,
               ScreeningAttestation.attested_on <= on)
        .order_by(ScreeningAttestation.attested_on.desc(), ScreeningAttestation.id.desc())
        .limit(1))
    return latest == "cleared"


def _standard_titles(codes: list[str], on: date) -> dict[str, tuple[str, str]]:
    """Code -> (English, French) title of the version current on `on` (else the newest)."""
    titles: dict[str, tuple[str, str]] = {}
    current: set[str] = set()
    rows = db.session.execute(select(Standard.code, Standard.title_en, Standard.title_fr,
                                     Standard.effective_on, Standard.retired_on)
                              .where(Standard.code.in_(codes))
                              .order_by(Standard.effective_on)).all()
    for row in rows:
        if row.code in current:
            continue
        titles[row.code] = (row.title_en, row.title_fr)
        if version_current(row.effective_on, row.retired_on, on):
            current.add(row.code)
    return titles


def unit_verdicts(units: list[Unit], on: date, expiring_days: int = EXPIRING_DAYS,
                  screened: set[int] | None = None,
                  profiles: dict[int, RequirementProfile | None] | None = None
                  ) -> dict[int, tuple[RequirementProfile | None, rules.UnitVerdict | None]]:
    """unit id -> (profile, verdict) for many units at once (homes, queues): the same rules as
    `unit_readiness`, read in a fixed number of queries whatever the number of units (rosters,
    passes, languages and screenings of all of them together). `profiles`: each unit's profile
    as `profiles_of` gives it, when the caller has read them already; by default each unit is
    judged at the level above its own. `screened`: the units to take as cleared by screening
    instead of reading their attestations (`cleared_units`)."""
    with collector_paused():  # a state's units: some 100,000 rows and facts, all acyclic
        return _unit_verdicts(units, on, expiring_days, screened,
                              profiles_of(units) if profiles is None else profiles)


def _unit_verdicts(units, on, expiring_days, screened, profiles):
    found: dict[int, tuple] = {u.id: (profiles[u.id], None) for u in units}
    judged = [u for u in units if found[u.id][0] is not None]
    if not judged:
        return found
    ids = [u.id for u in judged]
    codes = sorted({r.standard_code for u in judged
                    for r in found[u.id][0].requirements})
    rosters: dict[int, list] = {}
    for row in db.session.execute(
            select(Membership.unit_id, Membership.person_id, Membership.is_key_appointment,
                   Membership.is_nio, Membership.is_commander)
            .where(Membership.unit_id.in_(ids), *_active(on))):
        rosters.setdefault(row.unit_id, []).append(row)
    members = select(Membership.person_id).where(Membership.unit_id.in_(ids), *_active(on))
    by_person: dict[int, list] = {}
    for fact in evidence.facts(evidence.passes_up_to(members, codes, on)):
        by_person.setdefault(fact.person_id, []).append(fact)
    languages = languages_of(members)
    cleared = cleared_units(judged, on) if screened is None else screened
    for unit in judged:
        profile = found[unit.id][0]
        roster = {m.person_id: m for m in rosters.get(unit.id, ())}.values()
        people = [PersonFact(m.person_id, m.is_key_appointment, m.is_nio,
                             tuple(languages.get(m.person_id, ())), m.is_commander)
                  for m in roster]
        facts = [f for p in people for f in by_person.get(p.person_id, ())]
        found[unit.id] = (profile, rules.assess_unit(
            profile_fact(profile), people, facts, unit.id in cleared, unit.mission_language, on,
            expiring_days))
    return found


def cleared_units(units: list[Unit], on: date) -> set[int]:
    """Units whose latest attestation for their current rotation, dated by `on`, says cleared
    (the rule of `_screening_ok`, for many units in one query)."""
    rotation = {u.id: u.rotation for u in units}
    latest: dict[int, str] = {}
    for row in db.session.execute(
            select(ScreeningAttestation.unit_id, ScreeningAttestation.rotation,
                   ScreeningAttestation.status)
            .where(ScreeningAttestation.unit_id.in_(list(rotation)),
                   ScreeningAttestation.attested_on <= on)
            .order_by(ScreeningAttestation.attested_on, ScreeningAttestation.id)):
        if row.rotation == rotation[row.unit_id]:
            latest[row.unit_id] = row.status
    return {uid for uid, status in latest.items() if status == "cleared"}
