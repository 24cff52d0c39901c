"""Bring the database in line with a validated Catalogue, in the caller's single transaction.

Keys: standards by (code, version), profiles by code, taxonomy terms by (kind, code), gender
targets by (year, category), centres by code, Member States by ISO alpha-3. A content hash tells a
changed standard or profile from an unchanged one, so a second run with the same files changes
nothing. A standard or profile that left the files is retired (kept, `in_catalogue` false,
`retired_on` set if it had none), never deleted: completions and certificates still point at it.
"""
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from app.audit import services as audit
from app.catalogue.loader import Catalogue
from app.catalogue.member_states import un_member_states
from app.catalogue.models import (CatalogueSource, GenderTarget, MemberState,
                                  ProfileRequirement, RequirementProfile, RequirementSet,
                                  Standard, TaxonomyTerm, TrainingCentre)
from app.catalogue.schema import RULES
from app.catalogue.provenance import PROVENANCE_KEYS
from app.extensions import db


@dataclass
class Tally:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    retired: int = 0

    @property
    def is_changed(self) -> bool:
        return bool(self.added or self.changed or self.retired)


@dataclass
class LoadReport:
    tallies: dict[str, Tally] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # e.g. "profile INF-BN-L2: version 1 -> 2"

    def tally(self, kind: str) -> Tally:
        return self.tallies.setdefault(kind, Tally())

    @property
    def is_changed(self) -> bool:
        return any(t.is_changed for t in self.tallies.values())

    def as_dict(self) -> dict:
        return {kind: vars(t).copy() for kind, t in self.tallies.items()}

    def summary(self) -> str:
        if not self.is_changed:
            totals = ", ".join(f"{t.unchanged} {kind}" for kind, t in self.tallies.items())
            return f"No changes: the database already matches the catalogue ({totals})."
        lines = [f"{kind}: {t.added} added, {t.changed} changed, {t.unchanged} unchanged, "
                 f"{t.retired} retired" for kind, t in self.tallies.items()]
        return "\n".join(lines + [f"  {note}" for note in self.notes])


def content_hash(entry, source_file: str) -> str:
    body = json.dumps({"entry": entry.model_dump(mode="json"), "file": source_file},
                      sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def load_catalogue(catalogue: Catalogue, on: date, actor=None) -> LoadReport:
    """Upsert everything in `catalogue`; retire what left it; audit the load if anything changed.
    Only flushes: the caller commits once."""
    report = LoadReport()
    _sync_member_states(report.tally("Member States"))
    _sync_sources(catalogue, report.tally("sources"))
    _sync_terms(catalogue, report.tally("taxonomy terms"))
    _sync_standards(catalogue, on, report.tally("standards"))
    _sync_sets(catalogue, report.tally("requirement sets"))
    _sync_profiles(catalogue, on, report.tally("profiles"), report.notes)
    _sync_gender_targets(catalogue, report.tally("gender targets"))
    _sync_centres(catalogue, report.tally("centres"))
    db.session.flush()
    if report.is_changed:
        audit.append("catalogue.load", actor=actor, object_type="Catalogue",
                     details=report.as_dict())
    return report


def _apply(row, values: dict, tally: Tally) -> None:
    """Set `values` on an existing row, counting it as changed only if something differs."""
    if all(getattr(row, name) == value for name, value in values.items()):
        tally.unchanged += 1
        return
    for name, value in values.items():
        setattr(row, name, value)
    tally.changed += 1


def _sync_member_states(tally: Tally) -> None:
    rows = {s.iso3: s for s in db.session.scalars(select(MemberState))}
    for state in un_member_states():
        values = {"iso2": state.iso2, "name_en": state.name_en, "name_fr": state.name_fr}
        if state.iso3 in rows:
            _apply(rows[state.iso3], values, tally)
        else:
            db.session.add(MemberState(iso3=state.iso3, **values))
            tally.added += 1
    db.session.flush()


def _sync_sources(catalogue: Catalogue, tally: Tally) -> None:
    """Sources are matched by code; one that left the file is deleted (entries cite by code, and
    the check refuses a citation of a source that is not in the file)."""
    rows = {s.code: s for s in db.session.scalars(select(CatalogueSource))}
    _mirror(CatalogueSource, rows, tally, (
        (entry.code, {"code": entry.code}, entry.model_dump(mode="python", exclude={"code"}))
        for entry in catalogue.sources))


def _mirror(model, rows: dict, tally: Tally, wanted) -> None:
    """Make `model`'s table hold what the file says: `wanted` gives (key, key columns, values)
    for each entry, matched against `rows` (key -> row); a missing row is added, a changed one
    updated, and a row whose entry left the file deleted (for tables nothing points at)."""
    for key, columns, values in wanted:
        row = rows.pop(key, None)
        if row is None:
            db.session.add(model(**columns, **values))
            tally.added += 1
        else:
            _apply(row, values, tally)
    for row in rows.values():
        db.session.delete(row)
        tally.retired += 1


def _term_values(kind: str, index: int, term) -> dict:
    data = term.model_dump(mode="json")
    extra = {k: v for k, v in data.items() if k not in ("code", "name_en", "name_fr", "order")}
    return {"name_en": term.name_en, "name_fr": term.name_fr,
            "order": getattr(term, "order", index + 1), "extra": extra}


def _sync_terms(catalogue: Catalogue, tally: Tally) -> None:
    """A term that left taxonomy.toml is deleted: labels only, nothing points at it."""
    rows = {(t.kind, t.code): t for t in db.session.scalars(select(TaxonomyTerm))}
    _mirror(TaxonomyTerm, rows, tally, (
        ((kind, term.code), {"kind": kind, "code": term.code}, _term_values(kind, index, term))
        for kind, terms in catalogue.taxonomy.items() for index, term in enumerate(terms)))


def _standard_values(entry, source_file: str) -> dict:
    skip = {"assessment", "lessons", "withdrawn", "covered_by", *PROVENANCE_KEYS}
    data = entry.model_dump(mode="python", exclude=skip)
    data.update(assessment_kind=entry.assessment.kind, pass_mark=entry.assessment.pass_mark,
                provenance=entry.provenance(),
                lessons=[lesson.model_dump(mode="json") for lesson in entry.lessons],
                source_file=source_file, in_catalogue=True,
                content_hash=content_hash(entry, source_file))
    return data


def _sync_standards(catalogue: Catalogue, on: date, tally: Tally) -> None:
    rows = {(s.code, s.version): s for s in db.session.scalars(select(Standard))}
    for entry in catalogue.standards:
        source = catalogue.standard_files.get(entry.ref, "")
        row = rows.pop((entry.code, entry.version), None)
        values = _standard_values(entry, source)
        if row is None:
            db.session.add(Standard(**values))
            tally.added += 1
        elif row.in_catalogue and row.content_hash == values["content_hash"]:
            tally.unchanged += 1
        else:
            for name, value in values.items():
                setattr(row, name, value)
            tally.changed += 1
    _retire(rows.values(), on, tally)


def _retire(rows, on: date, tally: Tally) -> None:
    for row in rows:
        if row.in_catalogue:
            row.in_catalogue = False
            row.retired_on = row.retired_on or on
            tally.retired += 1


def _profile_values(entry, source_file: str) -> dict:
    language = entry.language
    return {
        "title_en": entry.title_en, "title_fr": entry.title_fr, "unit_type": entry.unit_type,
        "personnel_category": entry.personnel_category, "pcrs_level": entry.pcrs_level,
        "requires_certificate": entry.requires_certificate,
        "certificate_validity_months": entry.certificate_validity_months,
        "roster_share": entry.roster_share,
        "screening_required": entry.screening_required, "nio_per": entry.nio_per,
        "language_applies_to": language.applies_to if language else None,
        "language_min_level": language.min_level if language else None,
        "language_mission": language.mission_language if language else False,
        "includes": list(entry.includes),
        "retired_on": None, "provenance": entry.provenance(), "source_file": source_file,
        "in_catalogue": True,
        "content_hash": content_hash(entry, source_file),
    }


def _sync_requirements(profile: RequirementProfile, entry) -> None:
    wanted = {r.standard: r for r in entry.requirements}
    for req in list(profile.requirements):
        if req.standard_code not in wanted:
            profile.requirements.remove(req)
    db.session.flush()  # deletes before inserts: (profile, standard) is unique
    have = {req.standard_code: req for req in profile.requirements}
    for code, r in wanted.items():
        req = have.get(code) or ProfileRequirement(standard_code=code)
        req.share, req.applies_to = r.share, list(r.applies_to)
        req.origin = r.origin
        req.provenance = r.model_dump(mode="json", include={"design_choice_en",
                                                             "design_choice_fr"})
        if code not in have:
            profile.requirements.append(req)


def _sync_profiles(catalogue: Catalogue, on: date, tally: Tally, notes: list[str]) -> None:
    """A profile whose content changed gets a new version; the previous one is retired and left
    as it was, with its requirements, for the certificates issued under it. A profile that left
    the files and comes back unchanged is its last version again."""
    versions: dict[str, list[RequirementProfile]] = {}
    for row in db.session.scalars(select(RequirementProfile).order_by(RequirementProfile.code,
                                                                      RequirementProfile.version)):
        versions.setdefault(row.code, []).append(row)
    for entry in catalogue.profiles:
        values = _profile_values(entry, catalogue.profile_files.get(entry.code, ""))
        latest = (versions.pop(entry.code, None) or [None])[-1]
        if latest is not None and latest.content_hash == values["content_hash"]:
            if latest.in_catalogue:
                tally.unchanged += 1
            else:
                latest.in_catalogue, latest.retired_on = True, None
                tally.changed += 1
            continue
        row = RequirementProfile(code=entry.code, version=latest.version + 1 if latest else 1,
                                 **values)
        db.session.add(row)
        if latest is None:
            tally.added += 1
        else:
            _retire([latest], on, Tally())
            tally.changed += 1
            notes.append(f"profile {entry.code}: version {latest.version} -> {row.version}")
        _sync_requirements(row, entry)
    _retire([row for rows in versions.values() for row in rows], on, tally)


def _sync_sets(catalogue: Catalogue, tally: Tally) -> None:
    """Sets are matched by code; one that left the file is deleted (profiles keep their own
    resolved requirements, so nothing points at a set row)."""
    rows = {s.code: s for s in db.session.scalars(select(RequirementSet))}
    wanted = []
    for entry in catalogue.sets:
        values = {"title_en": entry.title_en, "title_fr": entry.title_fr,
                  "rules": entry.model_dump(mode="json", include=set(RULES), exclude_none=True),
                  "requirements": [r.model_dump(mode="json", exclude={"origin"}, exclude_none=True)
                                   for r in entry.requirements],
                  "provenance": entry.provenance()}
        wanted.append((entry.code, {"code": entry.code}, values))
    _mirror(RequirementSet, rows, tally, wanted)


def _sync_gender_targets(catalogue: Catalogue, tally: Tally) -> None:
    """Reference figures only: a target removed from the file is deleted."""
    rows = {(t.year, t.category): t for t in db.session.scalars(select(GenderTarget))}
    _mirror(GenderTarget, rows, tally, (
        ((entry.year, entry.category), {"year": entry.year, "category": entry.category},
         {"target_percent": entry.target_percent, "interpolated": entry.interpolated,
          "provenance": entry.provenance()})
        for entry in catalogue.gender_targets))


def _sync_centres(catalogue: Catalogue, tally: Tally) -> None:
    """Centres are matched by code; one that left the file is kept (sessions refer to it)."""
    states = {s.iso3: s.id for s in db.session.scalars(select(MemberState))}
    rows = {c.code: c for c in db.session.scalars(select(TrainingCentre))}
    for entry in catalogue.centres:
        values = {"name": entry.name, "kind": entry.kind, "city": entry.city,
                  "state_id": states[entry.state]}
        if entry.code in rows:
            _apply(rows[entry.code], values, tally)
        else:
            db.session.add(TrainingCentre(code=entry.code, **values))
            tally.added += 1
