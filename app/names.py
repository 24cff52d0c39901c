"""The names of the codes that pages show, in the reader's language: one place for all of them.

Catalogue codes (categories, unit types, personnel categories, PCRS levels, editions) are named
by the catalogue itself (curricula/taxonomy.toml, in English and French); the app's own codes
are named here. Pages call `code_name(kind, code)` (a template global); forms take their choices
from `choices(kind)`. A code without a name shows as itself, and the page conformance checks
(tests/browser/conformance/test_french.py) fail on it.
"""
from flask import g, has_request_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db

CATALOGUE_KINDS = ("categories", "unit_types", "personnel_categories", "pcrs_levels",
                   "editions")
APP_CODES = {
    "streams": {"engineering": _l("Engineering"), "medical": _l("Medical"), "c4isr": _l("C4ISR"),
                "other": _l("Other")},
    "languages": {"en": _l("English"), "fr": _l("French"), "es": _l("Spanish"),
                  "ar": _l("Arabic"), "ru": _l("Russian"), "zh": _l("Chinese")},
    "sexes": {"F": _l("Female"), "M": _l("Male")},
    "screening": {"cleared": _l("Cleared"), "pending": _l("Pending"),
                  "not_cleared": _l("Not cleared")},
    # the categories of the Uniformed Gender Parity Strategy's targets
    "gender_categories": {"troops": _l("Troops"),
                          "staff_officers_military_observers":
                              _l("Staff officers and military observers"),
                          "formed_police_units": _l("Formed police units"),
                          "individual_police": _l("Individual police officers")},
    # whom a profile requirement applies to besides a share of the roster (readiness rules)
    "appointment_groups": {"key_appointments": _l("every key appointment"),
                           "commanders": _l("every commander"),
                           "nios": _l("the National Investigation Officers counted")},
}


def _locale() -> str:
    return str(get_locale()) if has_request_context() else "en"


def catalogue_names(kind: str, locale: str | None = None) -> dict[str, str]:
    """code -> name of one catalogue list, in `locale` (the reader's by default); read once per
    request."""
    from app.catalogue.models import TaxonomyTerm

    locale = locale or _locale()
    cache = g.setdefault("_catalogue_names", {}) if has_request_context() else {}
    if (kind, locale) not in cache:
        terms = db.session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.kind == kind)
                                   .order_by(TaxonomyTerm.order, TaxonomyTerm.code))
        cache[kind, locale] = {t.code: t.name(locale) for t in terms}
    return cache[kind, locale]


def code_name(kind: str, code) -> str:
    """The name of `code` in the reader's language; the code itself when it has none."""
    if code is None or code == "":
        return ""
    if kind in APP_CODES:
        name = APP_CODES[kind].get(code)
        return str(name) if name is not None else str(code)
    if kind not in CATALOGUE_KINDS:
        raise KeyError(f"unknown code kind {kind!r}")
    return catalogue_names(kind).get(code, str(code))


def choices(kind: str) -> list[tuple[str, str]]:
    """(code, lazy name) pairs of one of the app's lists, for a form's select."""
    return list(APP_CODES[kind].items())


def all_codes() -> set[str]:
    """Every code of every list (for the checks that no page shows one raw)."""
    from app.catalogue.models import TaxonomyTerm

    codes = {code for names in APP_CODES.values() for code in names}
    codes |= set(db.session.scalars(select(TaxonomyTerm.code)))
    return {c for c in codes if len(c) > 2}  # "en", "F": too short to tell from a word
