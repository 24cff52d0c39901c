"""Read-only questions about the catalogue, shared by the public pages and the JSON API.

"Current" means: still in the files, effective on the day asked, and not retired before it.
"""
import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_, select

from app.catalogue.models import (GenderTarget, ProfileRequirement, RequirementProfile, Standard,
                                  TaxonomyTerm)
from app.extensions import db


@dataclass(frozen=True)
class StandardFilter:
    category: str = ""
    audience: str = ""
    unit_type: str = ""
    edition: str = ""
    q: str = ""
    include_retired: bool = False


def fold(text: str) -> str:
    """Lower case without accents, so "securite" finds "Sécurité"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def is_current_clause(on: date):
    return and_(Standard.in_catalogue.is_(True), Standard.effective_on <= on,
                or_(Standard.retired_on.is_(None), Standard.retired_on >= on))


def terms(kind: str) -> list[TaxonomyTerm]:
    return list(db.session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.kind == kind)
                                   .order_by(TaxonomyTerm.order, TaxonomyTerm.code)))


def term_names(locale: str) -> dict[str, dict[str, str]]:
    """kind -> code -> name in `locale`."""
    names: dict[str, dict[str, str]] = {}
    for term in db.session.scalars(select(TaxonomyTerm)):
        names.setdefault(term.kind, {})[term.code] = term.name(locale)
    return names


def find_standards(wanted: StandardFilter, on: date, locale: str = "en") -> list[Standard]:
    """Standards matching every filter given; current versions only unless include_retired.
    A standard with no unit types listed is open to every unit type."""
    query = select(Standard)
    if not wanted.include_retired:
        query = query.where(is_current_clause(on))
    if wanted.category:
        query = query.where(Standard.category == wanted.category)
    if wanted.edition:
        query = query.where(Standard.source_edition == wanted.edition)
    found = db.session.scalars(query.order_by(Standard.code, Standard.effective_on)).all()
    needle = fold(wanted.q.strip())
    return [
        s for s in found
        if (not wanted.audience or wanted.audience in s.audiences)
        and (not wanted.unit_type or not s.unit_types or wanted.unit_type in s.unit_types)
        and (not needle or needle in fold(f"{s.code}\n{s.title(locale)}\n{s.summary(locale)}"))
    ]


def group_by_category(standards: list[Standard]) -> list[tuple[TaxonomyTerm | None, list]]:
    """(category term, standards) in the taxonomy's order; unknown categories last."""
    order = {t.code: t for t in terms("categories")}
    groups: dict[str, list] = {}
    for s in standards:
        groups.setdefault(s.category, []).append(s)
    keys = sorted(groups, key=lambda c: (c not in order, order[c].order if c in order else 0, c))
    return [(order.get(code), groups[code]) for code in keys]


def standard_versions(code: str) -> list[Standard]:
    """Every version of a standard, newest first."""
    return list(db.session.scalars(select(Standard).where(Standard.code == code)
                                   .order_by(Standard.effective_on.desc(), Standard.version.desc())))


def current_version(versions: list[Standard], on: date) -> Standard | None:
    return next((v for v in versions if v.in_catalogue and v.is_current(on)), None)


def profiles_requiring(code: str) -> list[tuple[RequirementProfile, ProfileRequirement]]:
    rows = db.session.execute(
        select(RequirementProfile, ProfileRequirement)
        .join(ProfileRequirement.profile)
        .where(ProfileRequirement.standard_code == code, RequirementProfile.in_catalogue.is_(True))
        .order_by(RequirementProfile.code)
    ).all()
    return [(p, r) for p, r in rows]


def profiles(include_retired: bool = False) -> list[RequirementProfile]:
    query = select(RequirementProfile).order_by(RequirementProfile.code)
    if not include_retired:
        query = query.where(RequirementProfile.in_catalogue.is_(True))
    return list(db.session.scalars(query))


def profile_by_code(code: str) -> RequirementProfile | None:
    return db.session.scalar(select(RequirementProfile).where(RequirementProfile.code == code))


def required_standards(profile: RequirementProfile, on: date) -> list[tuple]:
    """(requirement, current version of its standard or None) for each requirement."""
    codes = [r.standard_code for r in profile.requirements]
    current = {s.code: s for s in db.session.scalars(
        select(Standard).where(Standard.code.in_(codes), is_current_clause(on)))}
    return [(r, current.get(r.standard_code)) for r in profile.requirements]


def gender_targets() -> tuple[list[int], dict[tuple[int, str], GenderTarget]]:
    rows = db.session.scalars(select(GenderTarget).order_by(GenderTarget.year)).all()
    return sorted({t.year for t in rows}), {(t.year, t.category): t for t in rows}
