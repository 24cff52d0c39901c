"""Dashboard figures, aggregated in SQL (GROUP BY), read-only.

Every query is an ORM statement over tenant-scoped models, so the tenancy hook scopes it: UN staff
get every state, a state's staff their own state's figures only. Python only folds the few
grouped rows (levels x unit types, states x categories), never rows of people.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, distinct, exists, func, or_, select

from app.catalogue.levels import LEVELS
from app.catalogue.models import GenderTarget, MemberState, TaxonomyTerm
from app.extensions import db
from app.training.models import Completion, CourseSession, Partnership, TrainerQualification
from app.units.models import LanguageProficiency, Membership, Person, Unit

# Communiqué of the 2016 Defence Ministerial: troops and police at Level 3 (or RDL), and at RDL.
TARGET_LEVEL3 = 12_000
TARGET_RDL = 4_000
DEPLOYMENT_WINDOWS = (30, 60, 90)
LANGUAGE_MIN_LEVEL = 2  # UN II: a key appointment works in the mission language
GENDER_CATEGORIES = ("troops", "staff_officers_military_observers", "formed_police_units",
                     "individual_police")


def on_roster(on: date):
    """A membership counts on `on` when it has started and not ended."""
    return and_(or_(Membership.start_on.is_(None), Membership.start_on <= on),
                or_(Membership.end_on.is_(None), Membership.end_on >= on))


def _taxonomy_extra(kind: str, key: str) -> dict[str, str]:
    terms = db.session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.kind == kind))
    return {t.code: (t.extra or {}).get(key) for t in terms}


def unit_type_kinds() -> dict[str, str]:
    """unit type code -> military | police, from the catalogue's taxonomy."""
    return {code: kind for code, kind in _taxonomy_extra("unit_types", "kind").items() if kind}


def kind_of(unit_type: str, kinds: dict[str, str]) -> str:
    return kinds.get(unit_type) or ("police" if unit_type.startswith("formed_police") else
                                    "military")


@dataclass(frozen=True)
class LevelCount:
    level: str
    units: int
    troops: int
    police: int

    @property
    def total(self) -> int:
        return self.troops + self.police


def roster_sizes(on: date):
    """People on each unit's roster on `on`, per unit (a roster lists a person once), as a
    subquery: aggregating per unit first keeps the sums cheap at 400,000 memberships."""
    return (select(Membership.unit_id.label("unit_id"), func.count().label("people"))
            .where(on_roster(on)).group_by(Membership.unit_id).subquery("roster_sizes"))


def personnel_by_level(on: date) -> list[LevelCount]:
    """People on the rosters of units at each PCRS level on `on`, troops and police apart
    (someone on two rosters at once counts on each)."""
    sizes = roster_sizes(on)
    grouped = db.session.execute(
        select(Unit.pcrs_level, Unit.unit_type, func.count(Unit.id),
               func.coalesce(func.sum(sizes.c.people), 0))
        .select_from(Unit).outerjoin(sizes, sizes.c.unit_id == Unit.id)
        .group_by(Unit.pcrs_level, Unit.unit_type)).all()
    kinds = unit_type_kinds()
    sums = {level: {"units": 0, "military": 0, "police": 0} for level in LEVELS}
    for level, unit_type, units, people in grouped:
        if level in sums:
            sums[level]["units"] += units
            sums[level][kind_of(unit_type, kinds)] += int(people)
    return [LevelCount(level, s["units"], s["military"], s["police"]) for level, s in sums.items()]


@dataclass(frozen=True)
class DeployableCount:
    within_days: int
    units: int
    personnel: int


def deployable_units(on: date) -> list[DeployableCount]:
    """Units at Level 2 or above committed to deploy within 30, 60 or 90 days (cumulative:
    a 30-day unit is also deployable within 60 and 90), and the people on their rosters."""
    sizes = roster_sizes(on)
    grouped = db.session.execute(
        select(Unit.deployable_days, func.count(Unit.id),
               func.coalesce(func.sum(sizes.c.people), 0))
        .select_from(Unit).outerjoin(sizes, sizes.c.unit_id == Unit.id)
        .where(Unit.deployable_days.is_not(None), Unit.pcrs_level.in_(LEVELS[1:]))
        .group_by(Unit.deployable_days)).all()
    return [DeployableCount(window, sum(u for d, u, _p in grouped if d <= window),
                            sum(int(p) for d, _u, p in grouped if d <= window))
            for window in DEPLOYMENT_WINDOWS]


@dataclass(frozen=True)
class GenderShare:
    state_id: int
    state: str
    category: str
    people: int
    women: int
    target: float | None

    @property
    def percent(self) -> float:
        return 100.0 * self.women / self.people if self.people else 0.0

    @property
    def status(self) -> str:
        """DPO's colours: green meets the target, yellow has some women, red none."""
        if self.women == 0:
            return "red"
        return "green" if self.target is not None and self.percent >= self.target else "yellow"


def gender_shares(on: date, locale: str = "en") -> list[GenderShare]:
    """Women's share of each state's personnel by Uniformed Gender Parity Strategy category,
    against the strategy's target for the year of `on`."""
    grouped = db.session.execute(
        select(Person.state_id, Person.personnel_category, func.count(Person.id),
               func.sum(case((Person.sex == "F", 1), else_=0)))
        .group_by(Person.state_id, Person.personnel_category)).all()
    categories = _taxonomy_extra("personnel_categories", "gender_category")
    targets = dict(db.session.execute(select(GenderTarget.category, GenderTarget.target_percent)
                                      .where(GenderTarget.year == on.year)).all())
    sums: dict[tuple[int, str], list[int]] = {}
    for state_id, personnel_category, people, women in grouped:
        category = categories.get(personnel_category)
        if category in GENDER_CATEGORIES:
            acc = sums.setdefault((state_id, category), [0, 0])
            acc[0] += people
            acc[1] += int(women or 0)
    names = _state_names({s for s, _c in sums}, locale)
    order = {c: i for i, c in enumerate(GENDER_CATEGORIES)}
    return sorted((GenderShare(s, names.get(s, "?"), c, p, w, targets.get(c))
                   for (s, c), (p, w) in sums.items()),
                  key=lambda g: (order[g.category], g.state))


def _state_names(ids, locale: str) -> dict[int, str]:
    if not ids:
        return {}
    return {s.id: s.name(locale) for s in db.session.scalars(
        select(MemberState).where(MemberState.id.in_(ids)))}


@dataclass(frozen=True)
class LanguageShare:
    state_id: int
    state: str
    language: str
    key_appointments: int
    meeting: int

    @property
    def percent(self) -> float:
        return 100.0 * self.meeting / self.key_appointments if self.key_appointments else 0.0


def language_shares(on: date, locale: str = "en") -> list[LanguageShare]:
    """Key appointments on rosters on `on`, and how many hold the unit's mission language
    (French for francophone missions) at UN II or above, valid on `on`."""
    speaks = exists().where(
        LanguageProficiency.person_id == Membership.person_id,
        LanguageProficiency.language == Unit.mission_language,
        LanguageProficiency.level >= LANGUAGE_MIN_LEVEL, LanguageProficiency.assessed_on <= on,
        or_(LanguageProficiency.valid_until.is_(None), LanguageProficiency.valid_until >= on))
    grouped = db.session.execute(
        select(Unit.state_id, Unit.mission_language, func.count(Membership.id),
               func.sum(case((speaks, 1), else_=0)))
        .select_from(Membership).join(Unit, Membership.unit_id == Unit.id)
        .where(Membership.is_key_appointment.is_(True), on_roster(on))
        .group_by(Unit.state_id, Unit.mission_language)).all()
    names = _state_names({row[0] for row in grouped}, locale)
    return sorted((LanguageShare(s, names.get(s, "?"), lang, n, int(m or 0))
                   for s, lang, n, m in grouped), key=lambda r: (r.language, r.state))


@dataclass(frozen=True)
class TrainerCount:
    qualification: str
    state_id: int
    state: str
    trainers: int


def certified_trainers(on: date, locale: str = "en") -> list[TrainerCount]:
    """Trainers holding a qualification valid on `on` (not revoked), per standard and state."""
    grouped = db.session.execute(
        select(TrainerQualification.qualification_code, TrainerQualification.state_id,
               func.count(distinct(TrainerQualification.person_id)))
        .where(TrainerQualification.valid_from <= on, TrainerQualification.valid_until >= on,
               or_(TrainerQualification.revoked_on.is_(None),
                   TrainerQualification.revoked_on > on))
        .group_by(TrainerQualification.qualification_code, TrainerQualification.state_id)).all()
    names = _state_names({row[1] for row in grouped}, locale)
    return sorted((TrainerCount(q, s, names.get(s, "?"), n) for q, s, n in grouped),
                  key=lambda r: (r.qualification, r.state))


@dataclass(frozen=True)
class PartnershipCount:
    code: str
    name: str
    stream: str
    completions: int
    passed: int
    people: int
    states: int


def partnership_completions(on: date) -> list[PartnershipCount]:
    """Completions recorded up to `on` in sessions delivered through each triangular
    partnership: results, passes, people trained and trainee states."""
    grouped = db.session.execute(
        select(CourseSession.partnership_id, func.count(Completion.id),
               func.sum(case((Completion.passed.is_(True), 1), else_=0)),
               func.count(distinct(Completion.person_id)), func.count(distinct(Completion.state_id)))
        .select_from(Completion).join(CourseSession, Completion.session_id == CourseSession.id)
        .where(CourseSession.partnership_id.is_not(None), Completion.completed_on <= on)
        .group_by(CourseSession.partnership_id)).all()
    partnerships = {p.id: p for p in db.session.scalars(
        select(Partnership).where(Partnership.id.in_([row[0] for row in grouped])))}
    return sorted((PartnershipCount(partnerships[pid].code, partnerships[pid].name,
                                    partnerships[pid].stream, total, int(passed or 0), people,
                                    states)
                   for pid, total, passed, people, states in grouped if pid in partnerships),
                  key=lambda c: c.code)

