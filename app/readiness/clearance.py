"""Clearance for deployment of individually deployed personnel (staff officers, military
observers, individual police officers, civilians): database rows turned into facts for
app/readiness/rules.py `assess_person`, against the current profile of the person's personnel
category. They are not pledged units: no PCRS level, no unit, no roster share.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.catalogue.models import RequirementProfile
from app.extensions import db
from app.readiness import evidence, rules
from app.readiness.services import languages_of, profile_fact
from app.units.models import Person


@dataclass(frozen=True)
class PersonClearance:
    person_id: int
    on: date
    profile: RequirementProfile
    verdict: rules.Clearance

    @property
    def cleared(self) -> bool:
        return self.verdict.cleared


def profile_for_person(category: str) -> RequirementProfile | None:
    """The catalogue's current profile for individually deployed personnel of `category`;
    None for categories that deploy with their unit (contingent members, formed police)."""
    return db.session.scalar(
        select(RequirementProfile)
        .where(RequirementProfile.personnel_category == category,
               RequirementProfile.unit_type.is_(None),
               RequirementProfile.in_catalogue.is_(True))
        .order_by(RequirementProfile.version.desc())
        .options(selectinload(RequirementProfile.requirements)).limit(1))


def person_clearance(person: Person, on: date) -> PersonClearance | None:
    """Whether `person` is cleared for deployment on `on` by their category's profile; None
    when the category has no profile of its own."""
    profile = profile_for_person(person.personnel_category)
    if profile is None:
        return None
    fact = profile_fact(profile)
    codes = [r.standard_code for r in fact.required]
    members = select(Person.id).where(Person.id == person.id)
    completions = evidence.facts(evidence.passes_up_to(members, codes, on))
    languages = tuple(languages_of(members).get(person.id, ()))
    verdict = rules.assess_person(fact, rules.PersonFact(person.id, languages=languages),
                                  completions, on)
    return PersonClearance(person.id, on, profile, verdict)


@dataclass(frozen=True)
class ClearedCount:
    state_id: int
    category: str
    people: int
    cleared: int


def cleared_counts(on: date) -> list[ClearedCount]:
    """Per Member State and personnel category with a profile of its own: how many people are
    cleared for deployment on `on` (the rules of `person_clearance`, for everyone in scope at
    once, in a fixed number of queries)."""
    profiles = {}
    for profile in db.session.scalars(
            select(RequirementProfile)
            .where(RequirementProfile.personnel_category.is_not(None),
                   RequirementProfile.unit_type.is_(None),
                   RequirementProfile.in_catalogue.is_(True))
            .order_by(RequirementProfile.version)
            .options(selectinload(RequirementProfile.requirements))):
        profiles[profile.personnel_category] = profile
    if not profiles:
        return []
    facts = {category: profile_fact(p) for category, p in profiles.items()}
    chosen = select(Person.id).where(Person.personnel_category.in_(list(profiles)))
    people = db.session.execute(select(Person.id, Person.state_id, Person.personnel_category)
                                .where(Person.personnel_category.in_(list(profiles)))).all()
    codes = sorted({r.standard_code for f in facts.values() for r in f.required})
    done: dict[int, list] = {}
    for fact in evidence.facts(evidence.passes_up_to(chosen, codes, on)):
        done.setdefault(fact.person_id, []).append(fact)
    languages = languages_of(chosen)
    tally: dict[tuple[int, str], list[int]] = {}
    for person in people:
        verdict = rules.assess_person(
            facts[person.personnel_category],
            rules.PersonFact(person.id, languages=tuple(languages.get(person.id, ()))),
            done.get(person.id, []), on)
        counts = tally.setdefault((person.state_id, person.personnel_category), [0, 0])
        counts[0] += 1
        counts[1] += verdict.cleared
    return [ClearedCount(state, category, n, cleared)
            for (state, category), (n, cleared) in sorted(tally.items())]
