"""Kept verdicts (app/readiness/verdict_cache.py): the homes and the certification queue show what
a unit's readiness would say now, after every kind of change a verdict reads, through the ORM's
unit of work and its bulk statements alike; a rolled-back change is never shown; a verdict read
twice is judged once, and judged anew it reads the profiles once."""
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import event, insert, update

from app.readiness import services, verdict_cache
from app.timeutil import today


RECENT = today() - timedelta(days=10)


def summary(unit):
    return verdict_cache.summaries([unit], today())[unit.id][1]


def certifiable(unit) -> bool:
    return summary(unit).certifiable


class Statements:
    """The SQL statements run inside the block."""

    def __init__(self, db):
        self.engine, self.seen = db.engine, []

    def _note(self, _conn, _cursor, statement, *_args):
        self.seen.append(statement)

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._note)
        return self

    def __exit__(self, *_exc):
        event.remove(self.engine, "before_cursor_execute", self._note)

    def reading(self, table: str) -> int:
        return sum(bool(re.search(rf"\b(FROM|JOIN)\s+{table}\b", s)) for s in self.seen)


def test_every_table_a_verdict_reads_is_watched(app, db, readiness_world):
    world = readiness_world(size=4, keys=1, nios=1, codes=("CD-1", "SEA-1"), nio_per=2,
                            screening_required=True, language_level=2)
    world.give_all(completed_on=RECENT)
    db.session.commit()
    with Statements(db) as statements:  # what a kept verdict is judged from
        services.unit_verdicts([world.unit], today(), screened={world.unit.id})
    read = {t for s in statements.seen for t in re.findall(r"\b(?:FROM|JOIN)\s+(\w+)", s)}
    watched = {model.__tablename__ for model in verdict_cache.WATCHED}
    assert {"completions", "memberships", "language_proficiencies"} <= read
    assert read - watched == set(), "a verdict reads a table whose changes keep no stamp"


def test_a_verdict_read_twice_is_judged_once_reading_its_profile_once(app, db,
                                                                      readiness_world):
    world = readiness_world(size=3, codes=("CD-1",), share=1.0)
    world.give_all(completed_on=RECENT)
    db.session.commit()
    with Statements(db) as first:
        assert certifiable(world.unit)
    with Statements(db) as second:
        assert certifiable(world.unit)
    assert first.reading("completions") >= 1 and second.reading("completions") == 0
    # judged anew, the profile is read once, not once more by the verdict it asks for
    assert first.reading("requirement_profiles") == 1
    assert first.reading("profile_requirements") == 1
    assert second.reading("screening_attestations") == 1  # read on every visit, never kept


def test_a_screening_shows_at_once_and_keeps_the_rest_of_the_verdict(app, db, readiness_world):
    from app.units.models import Unit

    world = readiness_world(size=3, codes=("CD-1",), share=1.0, screening_required=True)
    world.give_all(completed_on=RECENT)
    db.session.commit()
    before = summary(world.unit)
    assert not before.certifiable and [r.code for r in before.reasons] == ["screening_missing"]
    stamp = world.unit.verdict_stamp
    attest_screening(db, world)
    db.session.commit()
    with Statements(db) as after:
        assert certifiable(world.unit)
    assert after.reading("completions") == 0
    assert db.session.scalar(db.select(Unit.verdict_stamp).where(Unit.id == world.unit.id)) \
        == stamp


def add_completions(db, world):  # the per-row form's path: one row through the ORM
    world.give(world.people[-1], "CD-1", completed_on=today())


def add_completions_in_bulk(db, world):  # the results import's path: one INSERT statement
    from app.training.models import Completion

    db.session.execute(insert(Completion), [dict(
        state_id=p.state_id, person_id=p.id, standard_id=world.standards["CD-1"].id,
        completed_on=today(), passed=True, score=90, signed_off_by_id=world.trainer.id)
        for p in world.people])


def end_a_membership(db, world):
    world.memberships[-1].end_on = today() - timedelta(days=1)


def end_memberships_in_bulk(db, world):  # the roster import's path: UPDATE by primary key
    from app.units.models import Membership

    db.session.execute(update(Membership), [dict(id=m.id, end_on=today() - timedelta(days=1))
                                            for m in world.memberships[1:]])


def end_memberships_by_criteria(db, world):
    from app.units.models import Membership

    db.session.execute(update(Membership).where(Membership.unit_id == world.unit.id)
                       .values(end_on=today() - timedelta(days=1)))


def remove_a_membership(db, world):
    db.session.delete(world.memberships[-1])


def attest_screening(db, world):
    from app.units.models import ScreeningAttestation

    db.session.add(ScreeningAttestation(state_id=world.state.id, unit_id=world.unit.id,
                                        rotation=world.unit.rotation, status="cleared",
                                        attested_on=today()))


def record_language(db, world):
    from app.units.models import LanguageProficiency

    db.session.add(LanguageProficiency(state_id=world.state.id, person_id=world.people[0].id,
                                       language="en", level=3, assessed_by="test",
                                       assessed_on=today() - timedelta(days=1)))


def end_the_trainers_qualification(db, world):
    world.qualification.valid_until = date(2024, 6, 30)  # before every sign-off


def move_the_standards_start(db, world):
    world.standards["CD-1"].effective_on = today() + timedelta(days=1)


def require_another_standard(db, world):
    from app.catalogue.models import ProfileRequirement, Standard

    other = Standard(code="LANG-X", version="2025", title_en="x", title_fr="x",
                     summary_en="s", summary_fr="s", category="core", source_edition="x",
                     audiences=[], unit_types=[], minimum_minutes=60, assessment_kind="test",
                     pass_mark=70, validity_months=12, sign_off="TOT-CPTM",
                     effective_on=date(2025, 1, 1), retired_on=None)
    db.session.add(other)
    world.profile.requirements.append(ProfileRequirement(standard_code="LANG-X",
                                                         applies_to=["all"]))


def change_the_mission_language(db, world):
    world.unit.mission_language = "fr"  # the key appointment's English no longer counts


# (setup, change, certifiable before, certifiable after)
CHANGES = [
    (dict(give=False, size=1), add_completions, False, True),
    (dict(give=False), add_completions_in_bulk, False, True),
    (dict(partial=True), end_a_membership, False, True),
    (dict(partial=True), remove_a_membership, False, True),
    (dict(partial=True), end_memberships_in_bulk, False, True),
    (dict(), end_memberships_by_criteria, True, False),  # an empty roster meets nothing
    (dict(screening_required=True), attest_screening, False, True),
    (dict(language_level=2), record_language, False, True),
    (dict(), end_the_trainers_qualification, True, False),
    (dict(), move_the_standards_start, True, False),
    (dict(), require_another_standard, True, False),
    (dict(language_level=2, with_language=True), change_the_mission_language, True, False),
]


@pytest.mark.parametrize("setup,change,before,after", CHANGES,
                         ids=[c[1].__name__ for c in CHANGES])
def test_every_change_a_verdict_reads_shows_at_once(app, db, readiness_world, setup, change,
                                                    before, after):
    setup = dict(setup)
    give, partial = setup.pop("give", True), setup.pop("partial", False)
    with_language = setup.pop("with_language", False)
    world = readiness_world(**(dict(size=3, keys=1, codes=("CD-1",), share=1.0) | setup))
    if give:
        world.give_all(completed_on=RECENT, who=world.people[:-1] if partial else None)
    if with_language:
        record_language(db, world)
    db.session.commit()
    assert certifiable(world.unit) is before
    assert certifiable(world.unit) is before  # now kept

    change(db, world)
    db.session.commit()

    assert certifiable(world.unit) is after
    assert certifiable(world.unit) is services.unit_readiness(world.unit, today()).verdict \
        .certifiable


def test_a_rolled_back_change_is_never_shown(app, db, readiness_world):
    """The transaction that gave the results saw the unit certifiable and rolled back; later
    changes (renames) brought the stamp to the number it had seen: the unit is still blocked."""
    from app.units.models import Unit

    world = readiness_world(size=2, codes=("CD-1",), share=1.0)
    db.session.commit()
    unit_id = world.unit.id
    assert not certifiable(world.unit)

    world.give_all(completed_on=RECENT)  # flushed: the stamp goes up inside this transaction
    seen = db.session.scalar(db.select(Unit.verdict_stamp).where(Unit.id == unit_id))
    assert certifiable(world.unit)
    db.session.rollback()

    unit = db.session.get(Unit, unit_id)
    while unit.verdict_stamp < seen:
        unit.name = f"Renamed battalion {unit.verdict_stamp}"
        db.session.commit()
    assert unit.verdict_stamp == seen
    assert not certifiable(unit)


def test_another_units_change_keeps_this_units_verdict(app, db, readiness_world):
    this = readiness_world(size=2, codes=("CD-1",), share=1.0, unit_type="t_this")
    other = readiness_world(size=2, codes=("CD-1",), share=1.0, unit_type="t_other")
    db.session.commit()
    stamps = this.unit.verdict_stamp, other.unit.verdict_stamp
    other.give_all(completed_on=RECENT)
    db.session.commit()
    assert this.unit.verdict_stamp == stamps[0] and other.unit.verdict_stamp > stamps[1]


def test_the_home_shows_the_new_verdict_after_results_are_recorded(client, db, make_user,
                                                                    login_as, readiness_world):
    from app.auth.models import Role

    world = readiness_world(size=2, codes=("CD-1",), share=1.0)
    db.session.commit()
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))

    def row():
        html = client.get("/home").get_data(as_text=True)
        return html.split(f'/units/{world.unit.id}"', 1)[1].split("</tr>", 1)[0]

    assert "Blocked" in row()
    world.give_all(completed_on=RECENT)
    db.session.commit()
    assert "Certifiable" in row()


def test_kept_verdicts_with_screening_equal_the_verdicts_judged_whole(app, db, readiness_world):
    worlds = [readiness_world(size=5, keys=2, nios=1, codes=("CD-1", "SEA-1"), share=0.6,
                              nio_per=3, screening_required=True, language_level=2,
                              unit_type="t_a"),
              readiness_world(size=3, codes=("CD-1",), share=1.0, screening_required=True,
                              unit_type="t_b"),
              readiness_world(size=2, codes=("CD-1",), share=1.0, unit_type="t_c")]
    worlds[0].give_all(["CD-1"], completed_on=RECENT)
    for world in worlds[1:]:
        world.give_all(completed_on=RECENT)
    attest_screening(db, worlds[1])
    db.session.commit()
    units = [w.unit for w in worlds]
    whole = services.unit_verdicts(units, today())
    for _ in range(2):  # judged, then kept
        kept = verdict_cache.summaries(units, today())
        assert {u.id: (kept[u.id][1].certifiable, kept[u.id][1].reasons) for u in units} == \
            {u.id: (whole[u.id][1].certifiable, whole[u.id][1].reasons) for u in units}
    assert [whole[u.id][1].certifiable for u in units] == [False, True, True]
    assert whole[units[0].id][1].reasons[-1].code == "screening_missing"
