"""Units, people, rosters, screening and language records.

Services take plain arguments (`actor` is a User or None for the CLI), validate, change rows,
append an audit event in the same transaction and only `flush()`; the caller commits. Refusals
raise `RecordError` with a reason users can read. Audit details carry ids and codes, never names
or service numbers.
"""
import re
import unicodedata
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.audit import services as audit
from app.catalogue.models import MemberState, TaxonomyTerm
from app.extensions import db
from app.timeutil import today
from app.units.errors import RecordError
from app.units.models import LanguageProficiency, Membership, Person, ScreeningAttestation, Unit

MISSION_LANGUAGES = ("en", "fr")
LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh")  # the six UN official languages
SCREENING_STATUSES = ("cleared", "pending", "not_cleared")
SEXES = ("F", "M")
SERVICE_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9/\-]{1,39}$")
ISO3 = re.compile(r"^[A-Z]{3}$")
UNIT_FIELDS = ("name", "unit_type", "authorised_strength", "mission", "mission_language",
               "pledge_capability", "pledged_on", "rotation", "deployable_days")
PERSON_FIELDS = ("given_name", "family_name", "rank", "sex", "personnel_category",
                 "nationality", "birth_on")


FIELD_LABELS = {
    "name": _l("Name"), "mission": _l("Mission"), "pledge_capability": _l("Pledged capability"),
    "given_name": _l("Given name"), "family_name": _l("Family name"), "rank": _l("Rank"),
    "personnel_category": _l("Personnel category"), "appointment": _l("Appointment"),
    "rotation": _l("Rotation"), "assessed_by": _l("How assessed"), "title": _l("Title"),
    "code": _l("Code"), "un_entity": _l("UN entity"), "donors": _l("Donors"),
    "reason": _l("Reason"),
}


def taxonomy_codes(kind: str) -> set[str]:
    """Codes of one taxonomy list (`unit_types`, `personnel_categories`); empty before the
    catalogue is loaded (then any code is accepted)."""
    singular = kind[:-1] if kind.endswith("s") else kind
    variants = {kind, singular, singular.replace("categorie", "category")}
    return set(db.session.scalars(select(TaxonomyTerm.code).where(TaxonomyTerm.kind.in_(variants))))


def _check_code(value: str, kind: str, field: str, reason) -> None:
    known = taxonomy_codes(kind)
    if known and value not in known:
        raise RecordError(f"unknown_{field}", reason, field)


def clean_text(value, field: str, max_len: int, required: bool = True) -> str | None:
    """Trimmed text, refused when required and empty or longer than `max_len`."""
    value = (value or "").strip()
    label = FIELD_LABELS.get(field, field)
    if not value:
        if required:
            raise RecordError("required", _l("%(field)s is required.", field=label), field)
        return None
    if len(value) > max_len:
        raise RecordError("too_long", _l("%(field)s is longer than %(n)d characters.",
                                         field=label, n=max_len), field)
    return value


# --- units ---------------------------------------------------------------------------------

def _validate_unit(values: dict) -> dict:
    values["name"] = clean_text(values.get("name"), "name", 200)
    _check_code(values["unit_type"], "unit_types", "unit_type",
                _l("Unknown unit type: %(code)s.", code=values["unit_type"]))
    strength = values.get("authorised_strength")
    if not isinstance(strength, int) or not 1 <= strength <= 20000:
        raise RecordError("bad_strength", _l("Authorised strength must be between 1 and 20,000."),
                          "authorised_strength")
    if values.get("mission_language") not in MISSION_LANGUAGES:
        raise RecordError("bad_language", _l("The mission language must be English or French."),
                          "mission_language")
    values["mission"] = clean_text(values.get("mission"), "mission", 100, required=False)
    values["pledge_capability"] = clean_text(values.get("pledge_capability"),
                                             "pledge_capability", 200, required=False)
    if values.get("deployable_days") not in (None, 30, 60, 90):
        raise RecordError("bad_days", _l("Deployable within must be 30, 60 or 90 days."),
                          "deployable_days")
    return values


def create_unit(state_id: int, name: str, unit_type: str, authorised_strength: int,
                mission: str | None, mission_language: str, pledge_capability: str | None,
                actor=None, *, pledged_on: date | None = None, rotation: str = "R1",
                deployable_days: int | None = None) -> Unit:
    """Register a pledged unit of a Member State. Its PCRS level starts at L1 and is changed only
    by UN decisions (app/readiness), never here."""
    if db.session.get(MemberState, state_id) is None:
        raise RecordError("unknown_state", _l("Unknown Member State."), "state_id")
    values = _validate_unit(dict(name=name, unit_type=unit_type,
                                 authorised_strength=authorised_strength, mission=mission,
                                 mission_language=mission_language,
                                 pledge_capability=pledge_capability, pledged_on=pledged_on,
                                 rotation=(rotation or "R1").strip()[:40],
                                 deployable_days=deployable_days))
    unit = Unit(state_id=state_id, **values)
    db.session.add(unit)
    db.session.flush()
    audit.append("unit.create", actor=actor, obj=unit, details={"unit_type": unit_type})
    return unit


def update_unit(unit: Unit, actor=None, **changes) -> Unit:
    """Change a unit's allow-listed fields (never its state or PCRS level)."""
    unknown = set(changes) - set(UNIT_FIELDS)
    if unknown:
        raise RecordError("bad_field", _l("These fields cannot be changed here."), None)
    values = {f: getattr(unit, f) for f in UNIT_FIELDS}
    values.update(changes)
    values = _validate_unit(values)
    changed = sorted(f for f in UNIT_FIELDS if getattr(unit, f) != values[f])
    for f in changed:
        setattr(unit, f, values[f])
    if changed:
        db.session.flush()
        audit.append("unit.update", actor=actor, obj=unit, details={"fields": changed})
    return unit


# --- people --------------------------------------------------------------------------------

EARLIEST_BIRTH = date(1930, 1, 1)


def normalise_service_number(value: str) -> str:
    return re.sub(r"\s+", "", (value or "")).upper()


def folded_name(text: str) -> str:
    """Case, accents and spacing ignored: "  Ótieno " and "otieno" are the same name."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c))
                    .casefold().split())


def birth_problem(birth: date | None, on: date) -> str | None:
    """``future_birth``: a date of birth after `on` (today); ``bad_birth``: one before
    EARLIEST_BIRTH. The person form and the roster import both apply this rule."""
    if birth is None:
        return None
    if birth > on:
        return "future_birth"
    return "bad_birth" if birth < EARLIEST_BIRTH else None


def _validate_person(values: dict) -> dict:
    values["given_name"] = clean_text(values.get("given_name"), "given_name", 100)
    values["family_name"] = clean_text(values.get("family_name"), "family_name", 100)
    values["rank"] = clean_text(values.get("rank"), "rank", 60, required=False)
    values["sex"] = (values.get("sex") or "").strip().upper()
    if values["sex"] not in SEXES:
        raise RecordError("bad_sex", _l("Sex must be F or M."), "sex")
    category = (values.get("personnel_category") or "").strip()
    if not category:
        raise RecordError("required", _l("%(field)s is required.",
                                         field=FIELD_LABELS["personnel_category"]),
                          "personnel_category")
    _check_code(category, "personnel_categories", "personnel_category",
                _l("Unknown personnel category: %(code)s.", code=category))
    values["personnel_category"] = category
    values["nationality"] = (values.get("nationality") or "").strip().upper()
    if not ISO3.match(values["nationality"]):
        raise RecordError("bad_nationality",
                          _l("Nationality must be a three-letter ISO country code."), "nationality")
    if birth_problem(values.get("birth_on"), today()):
        raise RecordError("bad_birth", _l("The date of birth is not plausible."), "birth_on")
    return values


def find_person(state_id: int, service_number: str) -> Person | None:
    return db.session.scalar(select(Person).where(
        Person.state_id == state_id,
        Person.service_number == normalise_service_number(service_number)))


def upsert_person(state_id: int, service_number: str, given_name: str, family_name: str,
                  rank: str | None, sex: str, personnel_category: str, nationality: str,
                  actor=None, *, birth_on: date | None = None, audit_event: bool = True) -> Person:
    """Create the person with this service number in this state, or update their record.
    A service number is unique within a state. Running it twice with the same data changes
    nothing. `audit_event=False` is for bulk imports, which audit once per batch."""
    number = normalise_service_number(service_number)
    if not SERVICE_NUMBER.match(number):
        raise RecordError("bad_service_number", _l(
            "A service number has 2 to 40 letters, digits, '-' or '/'."), "service_number")
    values = _validate_person(dict(given_name=given_name, family_name=family_name, rank=rank,
                                   sex=sex, personnel_category=personnel_category,
                                   nationality=nationality, birth_on=birth_on))
    person = find_person(state_id, number)
    if person is None:
        if db.session.get(MemberState, state_id) is None:
            raise RecordError("unknown_state", _l("Unknown Member State."), "state_id")
        person = Person(state_id=state_id, service_number=number, **values)
        db.session.add(person)
        db.session.flush()
        if audit_event:
            audit.append("person.create", actor=actor, obj=person)
        return person
    if birth_on is None:
        values["birth_on"] = person.birth_on  # an import without birth dates keeps the known one
    changed = sorted(f for f in PERSON_FIELDS if getattr(person, f) != values[f])
    for f in changed:
        setattr(person, f, values[f])
    if changed:
        db.session.flush()
        if audit_event:
            audit.append("person.update", actor=actor, obj=person, details={"fields": changed})
    return person


# --- rosters -------------------------------------------------------------------------------

def add_membership(unit: Unit, person: Person, appointment: str | None,
                   is_key_appointment: bool = False, is_nio: bool = False,
                   start_on: date | None = None, actor=None, *, end_on: date | None = None,
                   audit_event: bool = True, is_commander: bool = False) -> Membership:
    """Place a person on a unit's roster, or update their appointment and flags if already there.
    Only the unit's own Member State's people can be on its roster."""
    if person.state_id != unit.state_id:
        raise RecordError("foreign_person",
                          _l("Only the unit's own Member State's people can be on its roster."),
                          "person")
    if start_on and end_on and end_on < start_on:
        raise RecordError("bad_dates", _l("The end date is before the start date."), "end_on")
    appointment = clean_text(appointment, "appointment", 120, required=False)
    membership = db.session.scalar(select(Membership).where(
        Membership.unit_id == unit.id, Membership.person_id == person.id))
    values = dict(appointment=appointment, is_key_appointment=bool(is_key_appointment),
                  is_nio=bool(is_nio), is_commander=bool(is_commander), start_on=start_on,
                  end_on=end_on)
    if membership is None:
        membership = Membership(state_id=unit.state_id, unit_id=unit.id, person_id=person.id,
                                **values)
        db.session.add(membership)
        action, changed = "membership.add", list(values)
    else:
        changed = sorted(k for k, v in values.items() if getattr(membership, k) != v)
        for k in changed:
            setattr(membership, k, values[k])
        action = "membership.update"
    db.session.flush()
    if changed and audit_event:
        audit.append(action, actor=actor, obj=membership,
                     details={"unit_id": unit.id, "person_id": person.id,
                              "key": membership.is_key_appointment, "nio": membership.is_nio,
                              "commander": membership.is_commander})
    return membership


def remove_membership(membership: Membership, actor=None) -> None:
    """Take a person off a unit's roster (the audit trail keeps the history)."""
    details = {"unit_id": membership.unit_id, "person_id": membership.person_id}
    audit.append("membership.remove", actor=actor, obj=membership, details=details)
    db.session.delete(membership)
    db.session.flush()


# --- screening and language ------------------------------------------------------------------

def record_screening(unit: Unit, rotation: str, status: str, attested_on: date, actor=None,
                     *, on: date | None = None) -> ScreeningAttestation:
    """File the state's screening attestation for a rotation: status and date only, never any
    detail of allegations."""
    if status not in SCREENING_STATUSES:
        raise RecordError("bad_status", _l("Unknown screening status."), "status")
    if attested_on > (on or today()):
        raise RecordError("future_date", _l("An attestation cannot be dated in the future."),
                          "attested_on")
    rotation = clean_text(rotation, "rotation", 40)
    row = ScreeningAttestation(state_id=unit.state_id, unit_id=unit.id, rotation=rotation,
                               status=status, attested_on=attested_on,
                               recorded_by_id=getattr(actor, "id", None))
    db.session.add(row)
    db.session.flush()
    audit.append("screening.record", actor=actor, obj=row,
                 details={"unit_id": unit.id, "status": status})
    return row


def record_language(person: Person, language: str, level: int, assessed_by: str,
                    assessed_on: date, valid_until: date | None, actor=None,
                    *, on: date | None = None) -> LanguageProficiency:
    """Record a language assessment on the UN Language Framework (UN I to UN IV as 1-4)."""
    if language not in LANGUAGES:
        raise RecordError("bad_language", _l("Unknown language."), "language")
    if level not in (1, 2, 3, 4):
        raise RecordError("bad_level", _l("The level must be UN I, II, III or IV."), "level")
    assessed_by = clean_text(assessed_by, "assessed_by", 60)
    if assessed_on > (on or today()):
        raise RecordError("future_date", _l("An assessment cannot be dated in the future."),
                          "assessed_on")
    if valid_until is not None and valid_until < assessed_on:
        raise RecordError("bad_dates", _l("Valid until is before the assessment date."),
                          "valid_until")
    row = LanguageProficiency(state_id=person.state_id, person_id=person.id, language=language,
                              level=level, assessed_by=assessed_by, assessed_on=assessed_on,
                              valid_until=valid_until)
    db.session.add(row)
    db.session.flush()
    audit.append("language.record", actor=actor, obj=row,
                 details={"person_id": person.id, "language": language, "level": level})
    return row
