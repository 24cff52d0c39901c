"""Rules that tie the curricula files together: every code a file uses must be defined once.

`check` yields (file, field, reason) for: unknown category, edition, audience, unit type, personnel
category or PCRS level; a sign-off that is not a ToT standard; a `supersedes` naming nothing; a
profile requiring an unknown standard, or one not open to its unit type or personnel category, or
one for NIOs without an NIO rule;
duplicates (code and version, profile code, term code, centre code, gender target year and
category). Sources are checked in provenance_checks. References to entries that could not be read
are not reported again (`excused`).
Pure module: neither Flask nor SQLAlchemy.
"""
from collections import defaultdict

from app.catalogue import provenance_checks
from app.catalogue.member_states import un_member_iso3
from app.catalogue.schema import TOT_CATEGORY, TOT_CENTRE

TERM_LABEL = {"categories": "category", "unit_types": "unit type",
              "personnel_categories": "personnel category", "pcrs_levels": "PCRS level",
              "editions": "edition"}


class _Known:
    """Valid codes per kind, plus codes (or whole kinds) that exist but failed to validate."""

    def __init__(self, taxonomy, standards, excused):
        self.terms = {kind: {x.entry.code for x in terms} for kind, terms in taxonomy.items()}
        self.standards = {x.entry.ref: x for x in standards}
        self.by_code = defaultdict(list)
        for x in standards:
            self.by_code[x.entry.code].append(x.entry)
        self.excused = excused

    def is_excused(self, kind: str, code: str) -> bool:
        return kind in self.excused.get("*", set()) or code in self.excused.get(kind, set())

    def is_unknown(self, kind: str, code: str) -> bool:
        pool = self.by_code if kind == "standards" else self.terms.get(kind, set())
        return code not in pool and not self.is_excused(kind, code)

    def term(self, kind, code, where, at):
        if self.is_unknown(kind, code):
            return (where.file, where.at(at),
                    f"unknown {TERM_LABEL[kind]} '{code}' (not in taxonomy.toml {kind})")
        return None


def check(taxonomy, standards, profiles, targets, centres, excused=None, sources=(), sets=()):
    known = _Known(taxonomy, standards, excused or {})
    yield from _duplicate_terms(taxonomy)
    yield from _duplicates(sources, lambda e: e.code, "code", lambda e: e.code)
    yield from provenance_checks.check(sources, [taxonomy.get("editions", []),
                                                 taxonomy.get("unit_types", []), standards,
                                                 profiles, targets, sets], known.excused)
    yield from _sets(known, sets)
    yield from _standards(known, standards)
    yield from _profiles(known, profiles)
    yield from _duplicates(targets, lambda e: (e.year, e.category), "year",
                           lambda e: f"{e.year} {e.category}")
    yield from _duplicates(centres, lambda e: e.code, "code", lambda e: e.code)
    members = un_member_iso3()
    for x in centres:
        if x.entry.state not in members:
            yield x.file, x.at("state"), f"'{x.entry.state}' is not a UN Member State (ISO 3166 alpha-3)"


def _duplicates(located, key, field_name, label):
    seen = {}
    for x in located:
        k = key(x.entry)
        if k in seen:
            first = seen[k]
            yield (x.file, x.at(field_name),
                   f"{label(x.entry)} is defined twice (first in {first.file} {first.at()})")
        else:
            seen[k] = x


def _duplicate_terms(taxonomy):
    for terms in taxonomy.values():
        yield from _duplicates(terms, lambda e: e.code, "code", lambda e: e.code)


def _standards(known, standards):
    yield from _duplicates(standards, lambda e: e.ref, "code", lambda e: e.ref)
    open_versions, seen = {}, set()
    for x in standards:
        s = x.entry
        if s.ref in seen:  # reported as a duplicate above
            continue
        seen.add(s.ref)
        problems = [known.term("categories", s.category, x, "category"),
                    known.term("editions", s.source_edition, x, "source_edition")]
        problems += [known.term("personnel_categories", a, x, f"audiences[{i}]")
                     for i, a in enumerate(s.audiences)]
        problems += [known.term("unit_types", u, x, f"unit_types[{i}]")
                     for i, u in enumerate(s.unit_types)]
        problems.append(_sign_off(known, x))
        if s.supersedes and s.supersedes not in known.standards and \
                not known.is_excused("standards", s.supersedes.split("@")[0]):
            problems.append((x.file, x.at("supersedes"),
                             f"'{s.supersedes}' is not in the catalogue (expected CODE@VERSION "
                             "of another standard)"))
        if s.retired_on is None:
            if s.code in open_versions:
                first = open_versions[s.code]
                problems.append((x.file, x.at("retired_on"),
                                 f"{s.code} has two versions without retired_on ({first.entry.ref} "
                                 f"in {first.file} and {s.ref}): retire the older one"))
            else:
                open_versions[s.code] = x
        yield from (p for p in problems if p)


def _sign_off(known, x):
    s = x.entry
    if s.sign_off == TOT_CENTRE:
        if s.category != TOT_CATEGORY:
            return (x.file, x.at("sign_off"),
                    f"'{TOT_CENTRE}' signs off only '{TOT_CATEGORY}' standards; name the ToT "
                    "standard whose holders may sign this one off")
        return None
    if known.is_unknown("standards", s.sign_off):
        return x.file, x.at("sign_off"), f"unknown ToT standard '{s.sign_off}'"
    versions = known.by_code.get(s.sign_off, [])
    if versions and all(v.category != TOT_CATEGORY for v in versions):
        return (x.file, x.at("sign_off"),
                f"'{s.sign_off}' is not a ToT standard (category '{versions[0].category}', "
                f"expected '{TOT_CATEGORY}')")
    return None


def _sets(known, sets):
    """Requirement sets: unique codes, known standards (their fit to each unit type or personnel
    category is checked on the profiles that include them)."""
    yield from _duplicates(sets, lambda e: e.code, "code", lambda e: e.code)
    for x in sets:
        seen = set()
        for i, req in enumerate(x.entry.requirements):
            at = f"requirements[{i}].standard"
            if req.standard in seen:
                yield x.file, x.at(at), f"'{req.standard}' is required twice in {x.entry.code}"
            seen.add(req.standard)
            if known.is_unknown("standards", req.standard):
                yield x.file, x.at(at), f"unknown standard '{req.standard}'"


def _current(versions):
    """The version a profile requirement points at: the open-ended one, else the latest."""
    open_ended = [v for v in versions if v.retired_on is None]
    return (open_ended or sorted(versions, key=lambda v: v.effective_on))[-1]


def _profiles(known, profiles):
    yield from _duplicates(profiles, lambda e: e.code, "code", lambda e: e.code)
    yield from _duplicates(profiles, lambda e: (e.target, e.pcrs_level), "pcrs_level",
                           lambda e: f"a profile for {e.target}"
                           + (f" at {e.pcrs_level}" if e.pcrs_level else ""))
    for x in profiles:
        p = x.entry
        checks = []
        if p.unit_type:
            checks.append(known.term("pcrs_levels", p.pcrs_level, x, "pcrs_level"))
            checks.append(known.term("unit_types", p.unit_type, x, "unit_type"))
        else:
            checks.append(known.term("personnel_categories", p.personnel_category, x,
                                     "personnel_category"))
        yield from (c for c in checks if c)
        required = {req.standard for req in p.requirements}
        seen = set()
        for i, req in enumerate(p.requirements):
            at = f"requirements[{i}].standard"
            via = f" (from set {req.origin})" if req.origin else ""
            if req.standard in seen:
                yield x.file, x.at(at), f"'{req.standard}' is required twice in {p.code}{via}"
                continue
            seen.add(req.standard)
            if "nios" in req.applies_to and not p.nio_per:
                yield (x.file, x.at(f"requirements[{i}].applies_to"),
                       f"'{req.standard}' applies to NIOs, but {p.code} has no NIO rule "
                       f"(nio_per = 0): nobody would be asked for it{via}")
            if known.is_unknown("standards", req.standard):
                if not req.origin:  # a set's unknown standard is reported once, at the set
                    yield x.file, x.at(at), f"unknown standard '{req.standard}'"
                continue
            versions = known.by_code.get(req.standard)
            if not versions:
                continue
            current = _current(versions)
            if p.unit_type and current.unit_types and p.unit_type not in current.unit_types:
                yield (x.file, x.at(at), f"{current.ref} is not open to unit type "
                       f"'{p.unit_type}' (its unit_types: {', '.join(current.unit_types)}){via}")
            if p.personnel_category and p.personnel_category not in current.audiences:
                yield (x.file, x.at(at), f"{current.ref} is not open to '{p.personnel_category}' "
                       f"(its audiences: {', '.join(current.audiences)}){via}")
            twice = sorted(required & set(current.covered_by))
            if twice:
                yield (x.file, x.at(at), f"{current.ref} is taught inside {', '.join(twice)}, "
                       f"which {p.code} also requires: require the topic once{via}")
