"""A unit's languages on one page: its key appointments (or its whole roster) by language level,
as the language rule of its readiness profile asks. One form records an assessment for every row
given a level, with the person page's and the API's rule (app/units/services.py
`record_language`, each person checked like the API does): all of them or none, each refusal
shown in its row."""
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import or_, select

from app.auth.permissions import Action, can
from app.extensions import db
from app.pcrs.forms import UnitLanguagesForm
from app.readiness.matrix import UnitReadiness
from app.units import services
from app.units.errors import RecordError
from app.units.forms import LANGUAGE_CHOICES, LEVEL_CHOICES, options
from app.readiness.queries import on_roster
from app.units.models import LanguageProficiency, Membership, Person, Unit, display_name

SHARED = ("language", "assessed_by", "assessed_on", "valid_until")
LEVELS = dict(LEVEL_CHOICES)


@dataclass
class LanguageRow:
    person_id: int
    name: str
    service_number: str
    appointment: str | None
    is_key_appointment: bool
    language_ok: bool | None  # the profile's language rule: None when it does not apply
    records: list  # the person's language records, newest first
    level: int | None = None  # chosen on the form
    error: str | None = None


def rows_for(unit: Unit, readiness: UnitReadiness, on: date, everyone: bool
             ) -> list[LanguageRow]:
    """The people on the roster on `on` who hold a key appointment (everyone when asked), key
    appointments first, then by name, each with their language records and whether they meet
    the profile's language rule (readiness)."""
    key = or_(Membership.is_key_appointment.is_(True), Membership.is_commander.is_(True))
    query = (select(Membership.person_id, Membership.appointment, key.label("is_key_appointment"),
                    Person.rank, Person.given_name, Person.family_name, Person.service_number)
             .join(Person, Person.id == Membership.person_id)
             .where(Membership.unit_id == unit.id, on_roster(on))
             .order_by(key.desc(), Person.family_name, Person.given_name, Person.id))
    if not everyone:  # commanders are key appointments (app/readiness/rules.py in_group)
        query = query.where(key)
    people = db.session.execute(query).all()
    ids = [p.person_id for p in people]
    records: dict[int, list] = {}
    if ids:
        for row in db.session.scalars(select(LanguageProficiency)
                                      .where(LanguageProficiency.person_id.in_(ids))
                                      .order_by(LanguageProficiency.assessed_on.desc(),
                                                LanguageProficiency.id.desc())):
            records.setdefault(row.person_id, []).append(row)
    meets = {r.person_id: r.language_ok for r in readiness.rows}
    return [LanguageRow(p.person_id, display_name(p.rank, p.given_name, p.family_name),
                        p.service_number, p.appointment, p.is_key_appointment,
                        meets.get(p.person_id), records.get(p.person_id, []))
            for p in people]


def rule_of(readiness: UnitReadiness) -> tuple[str | None, int | None]:
    """(language, minimum level) the profile asks, or (None, None)."""
    profile = readiness.profile
    if readiness.verdict is None or not profile or not profile.language_min_level:
        return None, None
    return readiness.verdict.language, profile.language_min_level


def languages_form(readiness: UnitReadiness, mission_language: str, on: date,
                   rows: list[LanguageRow]) -> UnitLanguagesForm:
    """The form, with defaults for the common case: the rule's language (else the mission
    language), assessed today; a level pre-chosen (the rule's minimum) only for the people who
    lack it, on first showing the page."""
    language, minimum = rule_of(readiness)
    form = UnitLanguagesForm(language=language or mission_language, assessed_on=on,
                             assessed_by=_("Language test"))
    form.language.choices = options(LANGUAGE_CHOICES)
    if not form.is_submitted() and minimum:
        for row in rows:
            if row.language_ok is False:
                row.level = minimum
    return form


def read_levels(form_data, rows: list[LanguageRow]) -> list[LanguageRow]:
    """Each row's level as sent ("" = none); an unknown value is the row's error."""
    chosen = []
    for row in rows:
        raw = (form_data.get(f"level-{row.person_id}") or "").strip()
        if not raw:
            continue
        if raw not in {str(k) for k in LEVELS}:
            row.error = _("Choose UN I, II, III or IV, or nothing.")
        else:
            row.level = int(raw)
        chosen.append(row)
    return chosen


def record_all(form: UnitLanguagesForm, chosen: list[LanguageRow], actor) -> bool:
    """Record every chosen row, or none: True when all were recorded (not committed); else the
    session is rolled back, each refusal is on its row (or on the shared field it is about)."""
    people = {p.id: p for p in db.session.scalars(
        select(Person).where(Person.id.in_([r.person_id for r in chosen])))}
    for row in chosen:
        if row.error:
            continue
        person = people.get(row.person_id)
        if person is None or not can(actor, Action.PERSON_EDIT, person):
            row.error = _("Unknown person.")
            continue
        try:
            services.record_language(person, form.language.data, row.level,
                                     form.assessed_by.data, form.assessed_on.data,
                                     form.valid_until.data, actor=actor)
        except RecordError as error:
            if error.field in SHARED:
                field = getattr(form, error.field)
                if str(error) not in map(str, field.errors):
                    field.errors = list(field.errors) + [str(error)]
            else:
                row.error = str(error)
    failed = any(r.error for r in chosen) or any(getattr(form, f).errors for f in SHARED)
    if failed:
        db.session.rollback()
    return not failed
