"""Roster import: people (by service number within the unit's Member State) and their place on
the unit's roster. Natural keys make a re-import change nothing: a person is (state, service
number), a membership is (unit, person).

Checked with set-based queries (a few per chunk, never one per row) and written in bulk; the
field rules are those of app/units/services.py (upsert_person, add_membership)."""
from sqlalchemy import insert, select, update

from app.extensions import db
from app.units.models import Membership, Person, Unit
from app.units.services import taxonomy_codes

PERSON_FIELDS = ("given_name", "family_name", "rank", "sex", "personnel_category",
                 "nationality", "birth_on")
MEMBER_FIELDS = ("appointment", "is_key_appointment", "is_nio", "is_commander", "start_on",
                 "end_on")


def _person_values(typed: dict, known: Person | None) -> dict:
    values = {f: typed.get(f) for f in PERSON_FIELDS}
    if values["birth_on"] is None and known is not None:
        values["birth_on"] = known.birth_on  # a file without birth dates keeps the known one
    return values


def _member_values(typed: dict) -> dict:
    return {"appointment": typed.get("appointment"),
            "is_key_appointment": bool(typed.get("key_appointment")),
            "is_nio": bool(typed.get("nio")), "is_commander": bool(typed.get("commander")),
            "start_on": typed.get("start_on"),
            "end_on": typed.get("end_on")}


def _lookup(unit: Unit, rows):
    numbers = sorted({typed["service_number"] for _line, typed in rows})
    people = {p.service_number: p for p in db.session.scalars(
        select(Person).where(Person.state_id == unit.state_id,
                             Person.service_number.in_(numbers)))} if numbers else {}
    ids = [p.id for p in people.values()]
    members = {m.person_id: m for m in db.session.scalars(
        select(Membership).where(Membership.unit_id == unit.id,
                                 Membership.person_id.in_(ids)))} if ids else {}
    return people, members


def check(unit: Unit, rows, categories: set[str] | None = None):
    """-> (problems, plan). `plan` counts what a commit would do."""
    categories = taxonomy_codes("personnel_categories") if categories is None else categories
    people, members = _lookup(unit, rows)
    problems, plan = [], dict(people_new=0, people_updated=0, people_same=0, members_new=0,
                              members_updated=0, members_same=0)
    for line, typed in rows:
        if categories and typed["personnel_category"] not in categories:
            problems.append((line, "personnel_category", "unknown_category",
                             {"value": typed["personnel_category"]}))
            continue
        person = people.get(typed["service_number"])
        if person is None:
            plan["people_new"] += 1
            plan["members_new"] += 1
            continue
        values = _person_values(typed, person)
        same = all(getattr(person, f) == values[f] for f in PERSON_FIELDS)
        plan["people_same" if same else "people_updated"] += 1
        member = members.get(person.id)
        if member is None:
            plan["members_new"] += 1
        else:
            member_values = _member_values(typed)
            same = all(getattr(member, f) == member_values[f] for f in MEMBER_FIELDS)
            plan["members_same" if same else "members_updated"] += 1
    return problems, plan


def write(unit: Unit, rows, actor=None, batch=None) -> dict:
    """Create or update every person and membership in the file (the caller has checked it)."""
    people, members = _lookup(unit, rows)
    new_people, changed_people = [], []
    for _line, typed in rows:
        person = people.get(typed["service_number"])
        values = _person_values(typed, person)
        if person is None:
            new_people.append(dict(state_id=unit.state_id,
                                   service_number=typed["service_number"], **values))
        elif any(getattr(person, f) != values[f] for f in PERSON_FIELDS):
            changed_people.append(dict(id=person.id, **values))
    if new_people:
        db.session.execute(insert(Person), new_people)
    if changed_people:
        db.session.execute(update(Person), changed_people)
    people, members = _lookup(unit, rows)
    new_members, changed_members = [], []
    for _line, typed in rows:
        person = people[typed["service_number"]]
        values = _member_values(typed)
        member = members.get(person.id)
        if member is None:
            new_members.append(dict(state_id=unit.state_id, unit_id=unit.id,
                                    person_id=person.id, **values))
        elif any(getattr(member, f) != values[f] for f in MEMBER_FIELDS):
            changed_members.append(dict(id=member.id, **values))
    if new_members:
        db.session.execute(insert(Membership), new_members)
    if changed_members:
        db.session.execute(update(Membership), changed_members)
    db.session.flush()
    return dict(people_new=len(new_people), people_updated=len(changed_people),
                members_new=len(new_members), members_updated=len(changed_members))
