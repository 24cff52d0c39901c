"""Units, people, rosters, screening and language services: what they refuse, and idempotence."""
from datetime import date

import pytest

from app.audit.models import AuditEvent
from app.units import services
from app.units.errors import RecordError
from app.units.models import Membership, Person


def refused(code, call, *args, **kw):
    with pytest.raises(RecordError) as info:
        call(*args, **kw)
    assert info.value.code == code, info.value.code
    assert str(info.value)
    return info.value


def person_args(state_id, **kw):
    args = dict(state_id=state_id, service_number="KA-1", given_name="Jane", family_name="Doe",
                rank="Capt", sex="F", personnel_category="staff_officer", nationality="KEN")
    args.update(kw)
    return args


def test_create_unit_validates_and_starts_at_level_1(db, make_state):
    ken = make_state("KEN")
    unit = services.create_unit(ken.id, "KENBATT", "infantry_battalion", 850, "UNMISS", "en",
                                "Infantry")
    assert unit.pcrs_level == "L1"
    refused("unknown_unit_type", services.create_unit, ken.id, "X", "spaceship", 10, None,
            "en", None)
    refused("bad_strength", services.create_unit, ken.id, "X", "infantry_battalion", 0, None,
            "en", None)
    refused("bad_language", services.create_unit, ken.id, "X", "infantry_battalion", 10, None,
            "es", None)
    refused("required", services.create_unit, ken.id, "  ", "infantry_battalion", 10, None,
            "en", None)
    refused("bad_field", services.update_unit, unit, pcrs_level="RDL")
    services.update_unit(unit, mission="MINUSCA", mission_language="fr")
    assert (unit.mission, unit.mission_language) == ("MINUSCA", "fr")


def test_upsert_person_is_idempotent_and_unique_per_state(db, make_state):
    ken, gha = make_state("KEN"), make_state("GHA")
    first = services.upsert_person(**person_args(ken.id, service_number=" ka-1 "))
    assert first.service_number == "KA-1"
    events = db.session.scalar(db.select(db.func.count(AuditEvent.seq)))
    again = services.upsert_person(**person_args(ken.id))
    assert again.id == first.id
    assert db.session.scalar(db.select(db.func.count(AuditEvent.seq))) == events  # no change
    services.upsert_person(**person_args(ken.id, rank="Maj"))
    assert first.rank == "Maj"
    other = services.upsert_person(**person_args(gha.id, nationality="GHA"))
    assert other.id != first.id  # the same number in another state is another person
    assert db.session.scalar(db.select(db.func.count(Person.id))) == 2
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="person.create"))
    assert "Doe" not in str(event.details) and "KA-1" not in str(event.details)


@pytest.mark.parametrize("field,value,code", [
    ("service_number", "K", "bad_service_number"),
    ("service_number", "KA 1; DROP", "bad_service_number"),
    ("sex", "X", "bad_sex"),
    ("nationality", "KE", "bad_nationality"),
    ("personnel_category", "wizard", "unknown_personnel_category"),
    ("given_name", "x" * 101, "too_long"),
    ("birth_on", date(1900, 1, 1), "bad_birth"),
])
def test_upsert_person_refusals(db, make_state, field, value, code):
    refused(code, services.upsert_person, **person_args(make_state("KEN").id, **{field: value}))


def test_membership_rules(db, make_unit, make_person):
    unit, own, foreign = make_unit("KEN"), make_person("KEN"), make_person("GHA")
    refused("foreign_person", services.add_membership, unit, foreign, "Rifleman")
    refused("bad_dates", services.add_membership, unit, own, None, start_on=date(2025, 2, 1),
            end_on=date(2025, 1, 1))
    first = services.add_membership(unit, own, "Adjutant", True, False, date(2025, 1, 1))
    again = services.add_membership(unit, own, "Adjutant", False, True, date(2025, 1, 1))
    assert first.id == again.id and (again.is_key_appointment, again.is_nio) == (False, True)
    services.remove_membership(again)
    assert db.session.scalar(db.select(Membership)) is None


def test_screening_and_language(db, make_unit, make_person):
    unit, person = make_unit("KEN"), make_person("KEN")
    on = date(2025, 6, 1)
    refused("bad_status", services.record_screening, unit, "R1", "maybe", on, on=on)
    refused("future_date", services.record_screening, unit, "R1", "cleared", date(2025, 6, 2),
            on=on)
    assert services.record_screening(unit, "R1", "cleared", on, on=on).status == "cleared"
    refused("bad_level", services.record_language, person, "fr", 5, "test", on, None, on=on)
    refused("bad_language", services.record_language, person, "xx", 2, "test", on, None, on=on)
    refused("bad_dates", services.record_language, person, "fr", 2, "test", on,
            date(2025, 5, 31), on=on)
    row = services.record_language(person, "fr", 2, "Oral test", on, on, on=on)
    assert row.state_id == person.state_id and row.valid_until == on
