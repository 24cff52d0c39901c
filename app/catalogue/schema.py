"""The shape of every entry in curricula/ (see curricula/README.md), as pydantic models.

Strict: a number written as a string, an unknown key or an empty title is an error, not a guess.
Rules that need more than one file (known category, existing standard) live in loader.py.
Pure module: neither Flask nor SQLAlchemy.
"""
from datetime import date
from typing import Annotated, Literal

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints,
                      model_validator)

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

PCRS_LEVELS = ("L1", "L2", "L3", "RDL")
GENDER_CATEGORIES = ("troops", "staff_officers_military_observers", "formed_police_units",
                     "individual_police")
TOT_CENTRE = "tot_centre"
TOT_CATEGORY = "tot"


class Entry(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


# --- taxonomy.toml ----------------------------------------------------------------------------

class Term(Entry):
    code: TermCode
    name_en: Text
    name_fr: Text


class Category(Term):
    order: int


class UnitType(Term):
    kind: Literal["military", "police"]


class PersonnelCategory(Term):
    gender_category: Literal["troops", "staff_officers_military_observers",
                             "formed_police_units", "individual_police", "none"]


class PcrsLevel(Term):
    code: Literal["L1", "L2", "L3", "RDL"]
    order: int = Field(ge=1, le=4)
    description_en: LongText
    description_fr: LongText


class Edition(Term):
    year: int = Field(ge=1945, le=2100)


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
    minutes: int = Field(gt=0)


class StandardEntry(Entry):
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
    minimum_minutes: int = Field(gt=0)
    assessment: Assessment
    validity_months: int = Field(gt=0)
    sign_off: Annotated[str, StringConstraints(pattern=r"^([A-Z0-9-]+|tot_centre)$", max_length=40)]
    effective_on: date
    retired_on: date | None = None
    supersedes: Ref | None = None
    lessons: list[Lesson] = []

    @property
    def ref(self) -> str:
        return f"{self.code}@{self.version}"

    @model_validator(mode="after")
    def _consistent(self):
        if self.retired_on is not None and self.retired_on < self.effective_on:
            raise ValueError(f"retired_on ({self.retired_on}) is before effective_on "
                             f"({self.effective_on})")
        if self.lessons and sum(lesson.minutes for lesson in self.lessons) != self.minimum_minutes:
            raise ValueError(f"minimum_minutes ({self.minimum_minutes}) must equal the sum of the "
                             f"lesson minutes ({sum(x.minutes for x in self.lessons)})")
        numbers = [lesson.number for lesson in self.lessons]
        if len(numbers) != len(set(numbers)):
            raise ValueError("lesson numbers must be unique within a standard")
        if self.supersedes == self.ref:
            raise ValueError("a standard cannot supersede itself")
        return self


# --- profiles/*.toml --------------------------------------------------------------------------

class LanguageRule(Entry):
    applies_to: Literal["key_appointments", "all"]
    min_level: int = Field(ge=1, le=4)
    mission_language: bool = False


class Requirement(Entry):
    standard: Code
    share: float | None = Field(default=None, gt=0, le=1)
    key_appointments_only: bool = False


class ProfileEntry(Entry):
    code: Code
    title_en: Text
    title_fr: Text
    unit_type: TermCode | None = None
    personnel_category: TermCode | None = None
    pcrs_level: Literal["L1", "L2", "L3", "RDL"]
    requires_certificate: bool
    certificate_validity_months: int = Field(gt=0)
    roster_share: float = Field(gt=0, le=1)
    key_appointments_all: bool
    screening_required: bool
    nio_per: int = Field(ge=0)
    language: LanguageRule | None = None
    requirements: list[Requirement] = []

    @model_validator(mode="after")
    def _one_target(self):
        if (self.unit_type is None) == (self.personnel_category is None):
            raise ValueError("give exactly one of unit_type or personnel_category")
        return self

    @property
    def target(self) -> str:
        return self.unit_type or self.personnel_category or ""


# --- gender_targets.toml, centres.toml --------------------------------------------------------

class GenderTargetEntry(Entry):
    year: int = Field(ge=2000, le=2100)
    category: Literal["troops", "staff_officers_military_observers", "formed_police_units",
                      "individual_police"]
    target_percent: float = Field(ge=0, le=100)
    interpolated: bool
    source: Text


class CentreEntry(Entry):
    code: Code
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    state: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    kind: Literal["national", "regional", "un_tot"]
    city: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
