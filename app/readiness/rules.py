"""Readiness rules, pure: facts in, verdict out. No Flask, no database; the date is passed in.

Rules (domain.md "Rules the product enforces", kept exactly as stated here):

* **Counting.** A completion counts only when it is a pass, the trainer who signed it off held a
  valid qualification for the standard on the completion date, and the standard version was
  current on the completion date. A failed attempt never counts; a later pass after a fail does.
  Completions dated after `on` are ignored (not done yet on that date).
* **Expiry.** A completion expires `validity_months` calendar months after its completion date.
  When the target month is shorter, the day is clamped to its last day: 31 Jan + 1 month = 28 Feb
  (29 Feb in a leap year); 29 Feb 2024 + 12 months = 28 Feb 2025. The expiry date is the last
  valid day: a completion that "expires today" is still valid today and expired tomorrow.
* **Status per person and standard** (first that applies):
  ``valid`` / ``expiring`` — a counting completion is valid on `on`; ``expiring`` when its expiry
  date falls within `expiring_days` days (on <= expires_on <= on + expiring_days);
  ``not_counted`` — a pass that would be valid on `on` is not counted (unqualified sign-off, or
  a version not current on its completion date);
  ``expired`` — only counting completions whose validity has lapsed;
  ``not_counted`` — only passes that never counted (and would have lapsed anyway);
  ``missing`` — no pass at all (nothing, or failed attempts only).
* **Unit.** Certifiable iff the roster is not empty and:
  each requirement says whom it applies to (``applies_to``: one or more of ``all``,
  ``key_appointments``, ``commanders``, ``nios``). One for ``all`` is held (valid or expiring)
  by at least ``ceil(share * N)`` of the N people on the roster (share exactly met passes, one
  short fails); one for key appointments or commanders is held by every one of them (commanders
  are key appointments); with ``nio_per`` = P > 0, a roster of N >= P people has at least
  ``ceil(N / P)`` National Investigation Officers (149 people with P = 150 need none, 150 need
  one, 151 need two), and an NIO counts only when the person holds the appointment and every
  requirement for ``nios`` (the NIO course); the language rule holds (each key appointment, or everyone, has the
  mission language, or the fixed language, at the minimum UN level, valid on `on`); and a
  screening attestation is on file when the profile requires it. Every failing rule is listed.
"""
import enum
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from functools import lru_cache
from operator import attrgetter
from typing import Iterable, Mapping, NamedTuple

from app.training.rules import add_months


class Status(str, enum.Enum):
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    MISSING = "missing"
    NOT_COUNTED = "not_counted"

    @property
    def holds(self) -> bool:
        """The person holds the standard on the date (valid, perhaps expiring soon)."""
        return self in HOLDING


HOLDING = frozenset((Status.VALID, Status.EXPIRING))


class CompletionFact(NamedTuple):
    """One completion as the rules see it (a named tuple: a unit has tens of thousands, and a
    tuple is built several times faster than a frozen dataclass)."""

    person_id: int
    standard_code: str
    version: str
    completed_on: date
    passed: bool
    signer_qualified: bool
    version_current_on_completion: bool
    validity_months: int

    @property
    def counts(self) -> bool:
        return self.passed and self.signer_qualified and self.version_current_on_completion

    @property
    def expires_on(self) -> date:
        return add_months(self.completed_on, self.validity_months)


@dataclass(frozen=True)
class LanguageFact:
    language: str  # "en" | "fr"
    level: int  # UN I-IV as 1-4
    valid_until: date | None = None  # None: no end date
    assessed_on: date | None = None


@dataclass(frozen=True)
class PersonFact:
    person_id: int
    is_key_appointment: bool = False
    is_nio: bool = False
    languages: tuple[LanguageFact, ...] = ()
    is_commander: bool = False


# Whom a requirement applies to: the whole roster (a share of it), or everyone in an appointment.
APPLIES_TO = ("all", "key_appointments", "commanders", "nios")
EVERYONE = ("all",)


def in_group(person, group: str) -> bool:
    """The person is in an appointment group; commanders are key appointments. `person` is
    anything with PersonFact's flags (a matrix row too)."""
    if group == "all":
        return True
    if group == "key_appointments":
        return bool(person.is_key_appointment or person.is_commander)
    if group == "commanders":
        return bool(person.is_commander)
    if group == "nios":
        return bool(person.is_nio)
    raise ValueError(f"unknown appointment group {group!r}")


def owes(requirement, person) -> bool:
    """The person must hold the standard themselves: it applies to key appointments or
    commanders and they are one. (A requirement for `all` asks a share of the roster; one for
    `nios` is met through the NIO count.)"""
    return any(in_group(person, g) for g in requirement.applies_to
               if g not in ("all", "nios"))


def asked_of(requirement, person) -> bool:
    """The requirement concerns the person (their matrix row, their individual certificate): it
    applies to everyone or to an appointment they hold."""
    return any(in_group(person, g) for g in requirement.applies_to)


@dataclass(frozen=True)
class Requirement:
    standard_code: str
    share: float | None = None  # None: the profile's roster_share
    applies_to: tuple[str, ...] = EVERYONE

    @property
    def roster_wide(self) -> bool:
        """Asked of a share of the whole roster."""
        return "all" in self.applies_to


@dataclass(frozen=True)
class LanguageRule:
    applies_to: str = "key_appointments"  # "key_appointments" | "all"
    min_level: int = 1
    mission_language: bool = True  # True: the unit's mission language
    language: str | None = None  # a fixed language when mission_language is False


@dataclass(frozen=True)
class ProfileFact:
    required: tuple[Requirement, ...]
    roster_share: float = 1.0
    nio_per: int = 0
    language: LanguageRule | None = None
    screening_required: bool = False


@dataclass(frozen=True)
class Cell:
    """One person's standing on one standard."""

    status: Status
    expires_on: date | None = None  # of the completion the status rests on
    not_counted_because: tuple[str, ...] = ()  # "unqualified_signer" | "version_not_current"


MISSING = Cell(Status.MISSING)


@dataclass(frozen=True)
class Coverage:
    holding: int
    required: int
    share: float
    applies_to: tuple[str, ...] = EVERYONE

    @property
    def counts_anyone(self) -> bool:
        """False when nobody is asked (an empty roster, or no key appointments for a standard
        asked of key appointments only): there is nothing to meet, and nothing is met."""
        return self.required > 0

    @property
    def met(self) -> bool:
        """Enough people hold the standard; never true when nobody is asked (an empty roster
        meets nothing)."""
        return self.counts_anyone and self.holding >= self.required


@dataclass(frozen=True)
class Reason:
    """Why a unit is not certifiable. `code` is stable; the UI translates it with the fields."""

    code: str  # empty_roster | coverage_short | key_appointment_incomplete | nio_short |
    #            language_short | screening_missing
    standard: str | None = None
    people: tuple[int, ...] = ()
    standards: tuple[str, ...] = ()
    have: int | None = None
    need: int | None = None
    language: str | None = None


@dataclass(frozen=True)
class UnitVerdict:
    certifiable: bool
    reasons: tuple[Reason, ...]
    per_person: Mapping[int, Mapping[str, Cell]]
    coverage: Mapping[str, Coverage]
    roster_size: int = 0
    nio_required: int = 0
    nio_count: int = 0  # NIOs who count: the appointment and the NIO course
    language: str | None = None
    language_failing: tuple[int, ...] = field(default=())


@lru_cache(maxsize=4096)  # pure; the dashboard asks it for every individual (a roster of one)
def required_count(share: float, roster_size: int) -> int:
    """People needed for a share of a roster, exact for decimal shares (0.07 x 100 = 7, not 8)."""
    return math.ceil(Fraction(str(share)) * roster_size)


def nio_required(roster_size: int, nio_per: int) -> int:
    """NIOs needed: none below `nio_per` people, else ceil(N / nio_per)."""
    if nio_per <= 0 or roster_size < nio_per:
        return 0
    return -(-roster_size // nio_per)


def cell_for(completions: Iterable[CompletionFact], on: date, expiring_days: int = 60) -> Cell:
    """The status of one person on one standard code, from all their completions of it."""
    live = lapsed = None  # latest expiry among counting passes still valid / already lapsed
    live_uncounted, uncounted = [], []
    for c in completions:
        if not c.passed or c.completed_on > on:
            continue
        expires = c.expires_on
        if c.counts:
            if on <= expires:
                live = expires if live is None or expires > live else live
            else:
                lapsed = expires if lapsed is None or expires > lapsed else lapsed
        else:
            (live_uncounted if on <= expires else uncounted).append(c)
    if live is not None:
        soon = live <= on + timedelta(days=expiring_days)
        return Cell(Status.EXPIRING if soon else Status.VALID, live)
    if live_uncounted:
        return _not_counted(live_uncounted)
    if lapsed is not None:
        return Cell(Status.EXPIRED, lapsed)
    if uncounted:
        return _not_counted(uncounted)
    return MISSING


# Everything cell_for reads of a completion, in order: equal histories get equal cells.
_history = attrgetter("completed_on", "passed", "signer_qualified", "version_current_on_completion",
                      "validity_months")


def _not_counted(completions: list[CompletionFact]) -> Cell:
    latest = max(completions, key=lambda c: (c.completed_on, c.expires_on))
    why = []
    if not latest.signer_qualified:
        why.append("unqualified_signer")
    if not latest.version_current_on_completion:
        why.append("version_not_current")
    return Cell(Status.NOT_COUNTED, latest.expires_on, tuple(why))


def language_ok(person: PersonFact, language: str, min_level: int, on: date) -> bool:
    """The person has `language` at `min_level` or above, assessed by and valid on `on`."""
    return any(
        fact.language == language and fact.level >= min_level
        and (fact.valid_until is None or on <= fact.valid_until)
        and (fact.assessed_on is None or fact.assessed_on <= on)
        for fact in person.languages
    )


def language_check(rule: LanguageRule | None, people: list[PersonFact], mission_language: str,
                   on: date) -> tuple[str | None, tuple[int, ...], Reason | None]:
    """The profile's language rule on a roster: (the language asked, who fails it, the reason
    when someone does)."""
    if rule is None:
        return None, (), None
    language = mission_language if rule.mission_language else rule.language
    subject = [p for p in people if in_group(p, rule.applies_to)]
    failing = tuple(p.person_id for p in subject
                    if not language_ok(p, language, rule.min_level, on))
    short = Reason("language_short", people=failing, language=language,
                   have=len(subject) - len(failing), need=len(subject)) if failing else None
    return language, failing, short


def screening_reason(required: bool, screening_ok: bool) -> Reason | None:
    """The profile asks for a cleared screening of the rotation and there is none: always the
    last of a verdict's reasons."""
    return Reason("screening_missing") if required and not screening_ok else None


def assess_unit(profile: ProfileFact, people: Iterable[PersonFact],
                completions: Iterable[CompletionFact], screening_ok: bool,
                mission_language: str, on: date, expiring_days: int = 60) -> UnitVerdict:
    """Assess a unit's roster (the people on it on `on`, each once) against a requirement
    profile."""
    people = list(people)
    codes = [r.standard_code for r in profile.required]
    wanted = set(codes)
    by_key: dict[tuple[int, str], list[CompletionFact]] = {}
    for c in completions:
        if c.standard_code in wanted:
            by_key.setdefault((c.person_id, c.standard_code), []).append(c)
    # Everyone starts "missing" on everything (one shared, immutable cell); only the (person,
    # standard) pairs with completions are judged, and each distinct history once: people
    # trained together have the same one. Who holds what is collected on the way.
    per_person = {p.person_id: dict.fromkeys(codes, MISSING) for p in people}
    holders: dict[str, set[int]] = {code: set() for code in codes}
    judged: dict[tuple, Cell] = {}
    for (person_id, code), found in by_key.items():
        cells = per_person.get(person_id)
        if cells is None:
            continue
        history = tuple(map(_history, found))
        cell = judged.get(history)
        if cell is None:
            cell = judged[history] = cell_for(found, on, expiring_days)
        cells[code] = cell
        if cell.status in HOLDING:
            holders[code].add(person_id)
    reasons: list[Reason] = []
    size = len(people)
    if size == 0:
        reasons.append(Reason("empty_roster"))
    nio_need = nio_required(size, profile.nio_per)
    nio_courses = tuple(r.standard_code for r in profile.required if "nios" in r.applies_to)
    appointed = [p.person_id for p in people if p.is_nio]
    trained = {pid for pid in appointed
               if all(per_person[pid][code].status in HOLDING for code in nio_courses)}

    coverage: dict[str, Coverage] = {}
    for req in profile.required:
        code = req.standard_code
        if req.roster_wide:
            share = profile.roster_share if req.share is None else req.share
            holding = len(holders[code])
            coverage[code] = Coverage(holding, required_count(share, size), share, req.applies_to)
            if holding < coverage[code].required:
                reasons.append(Reason("coverage_short", standard=code, have=holding,
                                      need=coverage[code].required))
        elif req.applies_to == ("nios",):
            coverage[code] = Coverage(len(holders[code] & set(appointed)), nio_need, 1.0,
                                      req.applies_to)
        else:
            asked = {p.person_id for p in people if owes(req, p)}
            coverage[code] = Coverage(len(holders[code] & asked), len(asked), 1.0,
                                      req.applies_to)

    for person in people:
        cells = per_person[person.person_id]
        lacking = tuple(r.standard_code for r in profile.required
                        if owes(r, person) and cells[r.standard_code].status not in HOLDING)
        if lacking:
            reasons.append(Reason("key_appointment_incomplete", people=(person.person_id,),
                                  standards=lacking))

    nios = len(trained)
    if nios < nio_need:
        reasons.append(Reason("nio_short", have=nios, need=nio_need, standards=nio_courses,
                              people=tuple(pid for pid in appointed if pid not in trained)))

    language, failing, short = language_check(profile.language, people, mission_language, on)
    if short is not None:
        reasons.append(short)

    short = screening_reason(profile.screening_required, screening_ok)
    if short is not None:
        reasons.append(short)

    return UnitVerdict(
        certifiable=not reasons, reasons=tuple(reasons), per_person=per_person,
        coverage=coverage, roster_size=size, nio_required=nio_need, nio_count=nios,
        language=language, language_failing=failing,
    )


@dataclass(frozen=True)
class TrainingGaps:
    """What training would close a verdict's gaps: the standards short of their share, lacking
    in a key appointment or commander, or lacking in the appointed NIOs, and the people who are
    asked to hold one and do not."""

    standards: tuple[str, ...]
    people: tuple[int, ...]


def training_gaps(verdict: UnitVerdict, codes: Iterable[str]) -> TrainingGaps:
    """The standards the verdict finds short (``coverage_short``, ``key_appointment_incomplete``,
    ``nio_short`` with appointed NIOs lacking the NIO course), in the order of `codes`, and who
    lacks them: for a standard short of its share, everyone on the roster who does not hold it;
    for a key appointment's or commander's gap, that person; for the NIO course, the appointed
    NIOs without it (too few NIOs appointed is not closed by training)."""
    short: set[str] = set()
    people: set[int] = set()
    for reason in verdict.reasons:
        if reason.code == "coverage_short":
            short.add(reason.standard)
            people.update(pid for pid, cells in verdict.per_person.items()
                          if not cells[reason.standard].status.holds)
        elif reason.code == "key_appointment_incomplete" or (
                reason.code == "nio_short" and reason.people):
            short.update(reason.standards)
            people.update(reason.people)
    return TrainingGaps(tuple(c for c in codes if c in short), tuple(sorted(people)))


MISSION_LANGUAGES = ("en", "fr")


@dataclass(frozen=True)
class Clearance:
    """Whether an individually deployed person is cleared for deployment on a date."""

    cleared: bool
    languages: tuple[str, ...]  # the mission languages the person is cleared for
    missing: tuple[str, ...]  # required standards the person does not hold
    cells: Mapping[str, Cell]
    reasons: tuple[Reason, ...]  # of the first mission language tried (the standards' gaps)


def assess_person(profile: ProfileFact, person: PersonFact,
                  completions: Iterable[CompletionFact], on: date, screening_ok: bool = False,
                  expiring_days: int = 60) -> Clearance:
    """An individually deployed person (staff officer, military observer, individual police
    officer, civilian) is cleared for deployment by their own profile, never by a PCRS level:
    they are a roster of one, judged by the unit rules (`assess_unit`: every required standard
    held, the language rule, screening when the profile asks for it). With a language rule on
    the mission's language, they are cleared for the missions working in each of English and
    French that they meet."""
    first = assess_unit(profile, [person], completions, screening_ok, MISSION_LANGUAGES[0], on,
                        expiring_days)
    # only the language rule reads the mission's language: the rest of the verdict is judged once
    rest = [r for r in first.reasons if r.code != "language_short"]
    cleared = () if rest else tuple(
        language for language in MISSION_LANGUAGES
        if language_check(profile.language, [person], language, on)[2] is None)
    missing = tuple(r.standard_code for r in profile.required
                    if first.per_person[person.person_id][r.standard_code].status not in HOLDING)
    return Clearance(bool(cleared), cleared, missing, first.per_person[person.person_id],
                     first.reasons)
