"""The single catalogue: member states, centres, standards, requirement profiles, gender targets."""
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, and_, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.catalogue.versions import version_current
from app.extensions import db
from app.timeutil import utcnow


class MemberState(db.Model):
    __tablename__ = "member_states"
    id: Mapped[int] = mapped_column(primary_key=True)
    iso3: Mapped[str] = mapped_column(String(3), unique=True)
    iso2: Mapped[str] = mapped_column(String(2))
    name_en: Mapped[str] = mapped_column(String(120))
    name_fr: Mapped[str] = mapped_column(String(120))

    def name(self, locale: str = "en") -> str:
        return self.name_fr if locale == "fr" else self.name_en


class TrainingCentre(db.Model):
    __tablename__ = "training_centres"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # national | regional | un_tot
    city: Mapped[str | None] = mapped_column(String(120))
    state_id: Mapped[int] = mapped_column(ForeignKey("member_states.id"), index=True)
    state: Mapped[MemberState] = relationship()


class CatalogueSource(db.Model):
    """A public document the catalogue relies on (curricula/sources.toml)."""

    __tablename__ = "catalogue_sources"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    issuer: Mapped[str] = mapped_column(String(300))
    issued: Mapped[str | None] = mapped_column(String(10))  # YYYY[-MM[-DD]]; None: undated
    reference: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(500))
    checked_on: Mapped[date]
    note_en: Mapped[str | None] = mapped_column(Text)
    note_fr: Mapped[str | None] = mapped_column(Text)

    def note(self, locale: str = "en") -> str | None:
        return self.note_fr if locale == "fr" else self.note_en


class TaxonomyTerm(db.Model):
    """Named codes from curricula/taxonomy.toml: categories, unit types, personnel categories,
    PCRS levels, editions."""

    __tablename__ = "taxonomy_terms"
    __table_args__ = (UniqueConstraint("kind", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    code: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(200))
    name_fr: Mapped[str] = mapped_column(String(200))
    order: Mapped[int] = mapped_column(default=0)
    extra: Mapped[dict] = mapped_column(JSON, default=dict)

    def name(self, locale: str = "en") -> str:
        return self.name_fr if locale == "fr" else self.name_en


class Standard(db.Model):
    """One version of a training standard. Never deleted: removed from the files means retired."""

    __tablename__ = "standards"
    __table_args__ = (UniqueConstraint("code", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[str] = mapped_column(String(20))
    title_en: Mapped[str] = mapped_column(String(300))
    title_fr: Mapped[str] = mapped_column(String(300))
    summary_en: Mapped[str] = mapped_column(Text)
    summary_fr: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(40), index=True)
    source_edition: Mapped[str] = mapped_column(String(60))
    audiences: Mapped[list] = mapped_column(JSON, default=list)
    unit_types: Mapped[list] = mapped_column(JSON, default=list)
    minimum_minutes: Mapped[int | None]  # None: no duration stated in the sources
    assessment_kind: Mapped[str] = mapped_column(String(20))
    pass_mark: Mapped[int] = mapped_column(default=0)
    validity_months: Mapped[int]
    sign_off: Mapped[str] = mapped_column(String(40))
    effective_on: Mapped[date]
    retired_on: Mapped[date | None]
    supersedes: Mapped[str | None] = mapped_column(String(64))
    lessons: Mapped[list] = mapped_column(JSON, default=list)
    # sources, unsourced reason, design choice, corrections (app/catalogue/provenance.py)
    provenance: Mapped[dict] = mapped_column(JSON, default=dict)
    source_file: Mapped[str] = mapped_column(String(200), default="")
    in_catalogue: Mapped[bool] = mapped_column(default=True)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def ref(self) -> str:
        return f"{self.code}@{self.version}"

    def title(self, locale: str = "en") -> str:
        return self.title_fr if locale == "fr" else self.title_en

    def summary(self, locale: str = "en") -> str:
        return self.summary_fr if locale == "fr" else self.summary_en

    def is_current(self, on: date) -> bool:
        return version_current(self.effective_on, self.retired_on, on)

    @classmethod
    def current_on(cls, on: date):
        """`is_current` as an SQL condition."""
        return and_(cls.effective_on <= on, or_(cls.retired_on.is_(None), cls.retired_on >= on))


class RequirementSet(db.Model):
    """Requirements and rules several profiles share, written once (requirement_sets.toml). The
    profiles hold their own resolved copy; this row shows where a requirement comes from."""

    __tablename__ = "requirement_sets"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title_en: Mapped[str] = mapped_column(String(300))
    title_fr: Mapped[str] = mapped_column(String(300))
    rules: Mapped[dict] = mapped_column(JSON, default=dict)  # the rules it states
    requirements: Mapped[list] = mapped_column(JSON, default=list)
    provenance: Mapped[dict] = mapped_column(JSON, default=dict)

    def title(self, locale: str = "en") -> str:
        return self.title_fr if locale == "fr" else self.title_en


class RequirementProfile(db.Model):
    """What a unit type (or personnel category) must complete for one PCRS level. One row per
    version: a change in the files adds a version and retires the previous one, which stays as
    it was for the certificates issued under it."""

    __tablename__ = "requirement_profiles"
    __table_args__ = (UniqueConstraint("code", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(default=1)
    title_en: Mapped[str] = mapped_column(String(300))
    title_fr: Mapped[str] = mapped_column(String(300))
    unit_type: Mapped[str | None] = mapped_column(String(60), index=True)
    personnel_category: Mapped[str | None] = mapped_column(String(60))
    # a unit type's PCRS level; None for individually deployed personnel (cleared for deployment
    # by their own profile, never pledged at a level)
    pcrs_level: Mapped[str | None] = mapped_column(String(4))
    requires_certificate: Mapped[bool]
    certificate_validity_months: Mapped[int]
    roster_share: Mapped[float]
    screening_required: Mapped[bool]
    nio_per: Mapped[int] = mapped_column(default=0)
    language_applies_to: Mapped[str | None] = mapped_column(String(20))
    language_min_level: Mapped[int | None]
    language_mission: Mapped[bool] = mapped_column(default=False)
    includes: Mapped[list] = mapped_column(JSON, default=list)  # requirement set codes
    retired_on: Mapped[date | None]
    provenance: Mapped[dict] = mapped_column(JSON, default=dict)
    source_file: Mapped[str] = mapped_column(String(200), default="")
    in_catalogue: Mapped[bool] = mapped_column(default=True)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    requirements: Mapped[list["ProfileRequirement"]] = relationship(
        back_populates="profile", cascade="all, delete-orphan", order_by="ProfileRequirement.id"
    )

    def title(self, locale: str = "en") -> str:
        return self.title_fr if locale == "fr" else self.title_en


class ProfileRequirement(db.Model):
    __tablename__ = "profile_requirements"
    __table_args__ = (UniqueConstraint("profile_id", "standard_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("requirement_profiles.id"), index=True)
    standard_code: Mapped[str] = mapped_column(String(40), index=True)
    share: Mapped[float | None]
    # whom it applies to: "all" (a share of the roster), "key_appointments", "commanders", "nios"
    applies_to: Mapped[list] = mapped_column(JSON, default=lambda: ["all"])
    origin: Mapped[str | None] = mapped_column(String(40))  # the requirement set it comes from
    provenance: Mapped[dict] = mapped_column(JSON, default=dict)  # design choice, if any
    profile: Mapped[RequirementProfile] = relationship(back_populates="requirements")


class GenderTarget(db.Model):
    __tablename__ = "gender_targets"
    __table_args__ = (UniqueConstraint("year", "category"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    category: Mapped[str] = mapped_column(String(60))
    target_percent: Mapped[float]
    interpolated: Mapped[bool]
    provenance: Mapped[dict] = mapped_column(JSON, default=dict)
