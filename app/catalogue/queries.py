"""Read-only questions about the catalogue, shared by the public pages and the JSON API.

"Current" means: still in the files, effective on the day asked, and not retired before it.
"""
import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, select

from app.catalogue.models import (CatalogueSource, GenderTarget, ProfileRequirement,
                                  RequirementProfile, RequirementSet, Standard, TaxonomyTerm)
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
    return and_(Standard.in_catalogue.is_(True), Standard.current_on(on))


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
    """The version in force on `on`. Two versions overlap only when one was withdrawn (kept
    current up to its withdrawal for the completions that cite it): the other one wins, then the
    most recent."""
    current = [v for v in versions if v.in_catalogue and v.is_current(on)]
    return max(current, key=lambda v: (not (v.provenance or {}).get("withdrawn"), v.effective_on),
               default=None)


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


def profile_versions(code: str) -> list[RequirementProfile]:
    """Every version of a profile, newest first."""
    return list(db.session.scalars(select(RequirementProfile)
                                   .where(RequirementProfile.code == code)
                                   .order_by(RequirementProfile.version.desc())))


def profile_by_code(code: str, version: int | None = None) -> RequirementProfile | None:
    """The given version of a profile; without one, the version in the catalogue (else the
    newest: a profile that left the files)."""
    found = profile_versions(code)
    if version is not None:
        return next((p for p in found if p.version == version), None)
    return next((p for p in found if p.in_catalogue), found[0] if found else None)


def required_standards(profile: RequirementProfile, on: date) -> list[tuple]:
    """(requirement, current version of its standard or None) for each requirement."""
    codes = [r.standard_code for r in profile.requirements]
    current = {s.code: s for s in db.session.scalars(
        select(Standard).where(Standard.code.in_(codes), is_current_clause(on)))}
    return [(r, current.get(r.standard_code)) for r in profile.requirements]


def gender_targets() -> tuple[list[int], dict[tuple[int, str], GenderTarget]]:
    rows = db.session.scalars(select(GenderTarget).order_by(GenderTarget.year)).all()
    return sorted({t.year for t in rows}), {(t.year, t.category): t for t in rows}


def sources() -> list[CatalogueSource]:
    return list(db.session.scalars(select(CatalogueSource).order_by(CatalogueSource.code)))


def sources_by_code() -> dict[str, CatalogueSource]:
    return {s.code: s for s in sources()}


def requirement_sets() -> dict[str, RequirementSet]:
    return {s.code: s for s in db.session.scalars(select(RequirementSet))}


@dataclass(frozen=True)
class Citation:
    kind: str  # standard | profile | set | term | gender_target
    label: str
    endpoint: str | None = None
    params: tuple = ()
    category: str | None = None  # a gender target's category code (the page names it)


def _cited_codes(provenance: dict) -> set[str]:
    codes = set((provenance or {}).get("sources", []))
    for correction in (provenance or {}).get("corrections", []):
        codes.update(correction.get("sources", []))
    return codes


def citations(locale: str) -> dict[str, list[Citation]]:
    """Source code -> the catalogue entries that cite it (the catalogue is small: read it all)."""
    found: dict[str, list[Citation]] = {}

    def add(provenance, citation):
        for code in _cited_codes(provenance):
            found.setdefault(code, []).append(citation)

    for s in db.session.scalars(select(Standard).where(Standard.in_catalogue.is_(True))
                                .order_by(Standard.code, Standard.version)):
        add(s.provenance, Citation("standard", f"{s.code}@{s.version}", "catalogue.standard_detail",
                                   (("code", s.code), ("version", s.version))))
    for p in profiles():
        add(p.provenance, Citation("profile", p.code, "catalogue.profile_detail",
                                   (("code", p.code),)))
    for rs in requirement_sets().values():
        add(rs.provenance, Citation("set", rs.code))
    terms = select(TaxonomyTerm).order_by(TaxonomyTerm.kind, TaxonomyTerm.code)
    for t in db.session.scalars(terms):
        add(t.extra, Citation("term", t.name(locale)))
    for g in db.session.scalars(select(GenderTarget).order_by(GenderTarget.category,
                                                              GenderTarget.year)):
        add(g.provenance, Citation("gender_target", str(g.year), "catalogue.gender_targets",
                                   category=g.category))
    return found
