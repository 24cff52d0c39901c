"""The shape of every entry in curricula/ (see curricula/README.md), as pydantic models.

Strict: a number written as a string, an unknown key or an empty title is an error, not a guess.
Rules that need more than one file (known category, existing standard) live in loader.py.
Pure module: neither Flask nor SQLAlchemy.
"""
from datetime import date
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, StringConstraints, model_validator

from app.catalogue.levels import LEVEL_CODES
from app.catalogue.provenance import DesignChoice, Entry, SourceEntry, Sourced  # noqa: F401
from app.catalogue.terms import TOT_CATEGORY, TOT_SIGN_OFF  # noqa: F401  (crossref uses both)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Code = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9-]+$", max_length=40)]
TermCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$", max_length=60)]
Version = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._-]+$", max_length=20)]
Ref = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9-]+@[A-Za-z0-9._-]+$", max_length=64)]
LessonNumber = Annotated[
    str,
    BeforeValidator(lambda v: str(v) if isinstance(v, int) and not isinstance(v, bool) else v),
    StringConstraints(strip_whitespace=True, min_length=1, max_length=20),
]

PCRS_LEVELS = LEVEL_CODES
GENDER_CATEGORIES = ("troops", "staff_officers_military_observers", "formed_police_units",
                     "individual_police")
TOT_CENTRE = TOT_SIGN_OFF


# --- taxonomy.toml ----------------------------------------------------------------------------

class Term(Entry):
    code: TermCode
    name_en: Text
    name_fr: Text


class Category(Term):
    order: int


class UnitType(Term, Sourced):
    kind: Literal["military", "police"]


class PersonnelCategory(Term):
    gender_category: Literal["troops", "staff_officers_military_observers",
                             "formed_police_units", "individual_police", "none"]


class PcrsLevel(Term):
    code: Literal[PCRS_LEVELS]
    order: int = Field(ge=1, le=4)
    description_en: LongText
    description_fr: LongText


class Edition(Term, Sourced):
    year: int | None = Field(default=None, ge=1945, le=2100)  # None: the sources give no year


TAXONOMY_KINDS = {
    "categories": Category,
    "unit_types": UnitType,
    "personnel_categories": PersonnelCategory,
    "pcrs_levels": PcrsLevel,
    "editions": Edition,
}


# --- standards/*.toml -------------------------------------------------------------------------

class Assessment(Entry):
    kind: Literal["none", "test", "practical", "oral", "observed"]
    pass_mark: int = Field(ge=0, le=100)

    @model_validator(mode="after")
    def _no_mark_without_assessment(self):
        if self.kind == "none" and self.pass_mark != 0:
            raise ValueError("pass_mark must be 0 when kind is 'none'")
        return self


class Lesson(Entry):
    number: LessonNumber
    title_en: Text
    title_fr: Text
    minutes: int | None = Field(default=None, gt=0)  # None: the source states no duration


class StandardEntry(Sourced):
    code: Code
    version: Version
    title_en: Text
    title_fr: Text
    summary_en: LongText
    summary_fr: LongText
    category: TermCode
    source_edition: TermCode
    audiences: list[TermCode] = Field(min_length=1)
    unit_types: list[TermCode]
    minimum_minutes: int | None = Field(default=None, gt=0)  # None: no duration in the sources
    assessment: Assessment
    validity_months: int = Field(gt=0)
    sign_off: Annotated[str, StringConstraints(pattern=r"^([A-Z0-9-]+|tot_centre)$", max_length=40)]
    effective_on: date
    retired_on: date | None = None
    supersedes: Ref | None = None
    lessons: list[Lesson] = []
    # the version was never a UN edition (or not as written): kept, retired, with a correction
    withdrawn: bool = False
    # standards that already teach this topic: a profile requires this one or those, not both
    covered_by: list[Code] = []

    @property
    def ref(self) -> str:
        return f"{self.code}@{self.version}"

    @model_validator(mode="after")
    def _consistent(self):
        if self.retired_on is not None and self.retired_on < self.effective_on:
            raise ValueError(f"retired_on ({self.retired_on}) is before effective_on "
                             f"({self.effective_on})")
        timed = [lesson.minutes for lesson in self.lessons if lesson.minutes is not None]
        if (self.lessons and len(timed) == len(self.lessons) and self.minimum_minutes is not None
                and sum(timed) != self.minimum_minutes):
            raise ValueError(f"minimum_minutes ({self.minimum_minutes}) must equal the sum of the "
                             f"lesson minutes ({sum(timed)})")
        numbers = [lesson.number for lesson in self.lessons]
        if len(numbers) != len(set(numbers)):
            raise ValueError("lesson numbers must be unique within a standard")
        if self.supersedes == self.ref:
            raise ValueError("a standard cannot supersede itself")
        if self.withdrawn and (self.retired_on is None or not self.corrections):
            raise ValueError("a withdrawn version needs retired_on and a correction saying why")
        if self.code in self.covered_by:
            raise ValueError("a standard cannot be covered by itself")
        return self

    def provenance(self) -> dict:
        return {**super().provenance(), "withdrawn": self.withdrawn,
                "covered_by": list(self.covered_by)}


# --- profiles/*.toml --------------------------------------------------------------------------

class LanguageRule(Entry):
    applies_to: Literal["key_appointments", "all"]
    min_level: int = Field(ge=1, le=4)
    mission_language: bool = False


AppointmentGroup = Literal["all", "key_appointments", "commanders", "nios"]


class Requirement(DesignChoice):
    standard: Code
    share: float | None = Field(default=None, gt=0, le=1)
    # whom it applies to: a share of the whole roster ("all"), and/or everyone in an appointment
    applies_to: list[AppointmentGroup] = Field(default=["all"], min_length=1)
    origin: Code | None = None  # set by the loader: the requirement set it comes from

    @model_validator(mode="after")
    def _groups(self):
        if len(set(self.applies_to)) != len(self.applies_to):
            raise ValueError("applies_to names a group twice")
        if "nios" in self.applies_to and len(self.applies_to) > 1:
            raise ValueError("a requirement for NIOs is met through the NIO rule: give 'nios' "
                             "alone")
        if self.share is not None and "all" not in self.applies_to:
            raise ValueError("a share is of the whole roster: give it only with applies_to 'all'")
        return self


class ProfileRules(Sourced):
    """The rules a profile states, or inherits from the requirement sets it includes: each rule
    is stated once, by the profile or by one of its sets (see app/catalogue/resolve.py)."""

    requires_certificate: bool | None = None
    certificate_validity_months: int | None = Field(default=None, gt=0)
    roster_share: float | None = Field(default=None, gt=0, le=1)
    screening_required: bool | None = None
    nio_per: int | None = Field(default=None, ge=0)
    language: LanguageRule | None = None
    requirements: list[Requirement] = []


RULES = ("requires_certificate", "certificate_validity_months", "roster_share",
         "screening_required", "nio_per", "language")
REQUIRED_RULES = RULES[:-1]  # `language` may stay unset: no language rule


class RequirementSetEntry(ProfileRules):
    """A named group of requirements and rules several profiles include (requirement_sets.toml)."""

    code: Code
    title_en: Text
    title_fr: Text


class ProfileEntry(ProfileRules):
    code: Code
    title_en: Text
    title_fr: Text
    unit_type: TermCode | None = None
    personnel_category: TermCode | None = None
    # a pledged unit's PCRS level; individually deployed personnel have none (they are cleared
    # for deployment by their own profile)
    pcrs_level: Literal[PCRS_LEVELS] | None = None
    includes: list[Code] = []

    @model_validator(mode="after")
    def _one_target(self):
        if (self.unit_type is None) == (self.personnel_category is None):
            raise ValueError("give exactly one of unit_type or personnel_category")
        if self.unit_type is not None and self.pcrs_level is None:
            raise ValueError("a unit type's profile needs its pcrs_level")
        if self.personnel_category is not None and self.pcrs_level is not None:
            raise ValueError("individually deployed personnel are not pledged units and have no "
                             "PCRS level: leave pcrs_level out of a personnel category's profile")
        if len(set(self.includes)) != len(self.includes):
            raise ValueError("a requirement set is included twice")
        return self

    @property
    def target(self) -> str:
        return self.unit_type or self.personnel_category or ""


# --- gender_targets.toml, centres.toml --------------------------------------------------------

class GenderTargetEntry(Sourced):
    year: int = Field(ge=2000, le=2100)
    category: Literal["troops", "staff_officers_military_observers", "formed_police_units",
                      "individual_police"]
    target_percent: float = Field(ge=0, le=100)
    interpolated: bool


class CentreEntry(Entry):
    code: Code
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    state: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    kind: Literal["national", "regional", "un_tot"]
    city: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
