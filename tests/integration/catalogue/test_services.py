"""Loading the catalogue: one transaction, keyed upserts, a second run changes nothing,
whatever leaves the files is retired and never deleted."""
from datetime import date

from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.catalogue.models import (GenderTarget, MemberState, ProfileRequirement,
                                  RequirementProfile, Standard, TaxonomyTerm, TrainingCentre)
from tests.factories_catalogue import ON, copy_curricula, drop_entry, edit, load


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def snapshot(db):
    """Every catalogue row as plain values, to compare two states of the database."""
    tables = (Standard, RequirementProfile, ProfileRequirement, TaxonomyTerm, GenderTarget,
              TrainingCentre, MemberState)
    return {m.__tablename__: sorted(
        tuple(str(getattr(row, c.key)) for c in m.__table__.columns)
        for row in db.session.scalars(select(m))) for m in tables}


def test_first_load_adds_everything(db):
    report = load()
    assert report.is_changed
    assert report.tallies["standards"].added == 5
    assert report.tallies["profiles"].added == 2
    assert report.tallies["Member States"].added == 193
    assert count(db, MemberState) == 193
    assert count(db, TaxonomyTerm) == 15
    assert count(db, GenderTarget) == 3
    ssd = db.session.scalar(select(MemberState).filter_by(iso3="SSD"))
    assert (ssd.iso2, ssd.name_en, ssd.name_fr) == ("SS", "South Sudan", "Soudan du Sud")
    centre = db.session.scalar(select(TrainingCentre).filter_by(code="UN-TOTC"))
    assert centre.state.iso3 == "UGA" and centre.kind == "un_tot"
    core = db.session.scalar(select(Standard).filter_by(code="CORE-1", version="2025"))
    assert core.assessment_kind == "test" and core.pass_mark == 70
    assert core.lessons[0] == {"number": "1.1", "title_en": "Principles of peacekeeping",
                               "title_fr": "Principes du maintien de la paix", "minutes": 45}
    assert core.source_file == "standards/core.toml" and len(core.content_hash) == 64
    inf = db.session.scalar(select(RequirementProfile).filter_by(code="INF-L2"))
    assert (inf.language_applies_to, inf.language_min_level, inf.language_mission) == \
        ("key_appointments", 2, True)
    assert [(r.standard_code, r.share, r.applies_to) for r in inf.requirements] == \
        [("CORE-1", None, ["all", "key_appointments"]), ("SEA-1", 1.0, ["all", "key_appointments"]),
         ("SEA-CMD", None, ["key_appointments"])]
    level = db.session.scalar(select(TaxonomyTerm).filter_by(kind="pcrs_levels", code="RDL"))
    assert level.order == 4 and level.extra["description_fr"].startswith("Prêt")
    events = db.session.scalars(select(AuditEvent).filter_by(action="catalogue.load")).all()
    assert len(events) == 1 and events[0].details["standards"]["added"] == 5


def test_second_identical_load_changes_nothing(db):
    load()
    before = snapshot(db)
    report = load()
    assert not report.is_changed
    assert report.summary().startswith("No changes")
    assert report.tallies["standards"].unchanged == 5
    assert snapshot(db) == before
    assert count(db, AuditEvent) == 1  # no load event for a load that changed nothing


def test_member_state_made_elsewhere_gets_its_real_names(db, make_state):
    make_state("KEN")
    report = load()
    assert report.tallies["Member States"].changed == 1
    kenya = db.session.scalar(select(MemberState).filter_by(iso3="KEN"))
    assert (kenya.iso2, kenya.name_en, kenya.name_fr) == ("KE", "Kenya", "Kenya")


def test_changed_standard_is_updated_in_place(db, tmp_path):
    cur = copy_curricula(tmp_path)
    load(cur)
    row_id = db.session.scalar(select(Standard.id).filter_by(code="SEA-1"))
    edit(cur / "standards/sea.toml", "validity_months = 12", "validity_months = 6")
    report = load(cur)
    assert (report.tallies["standards"].changed, report.tallies["standards"].unchanged) == (1, 4)
    sea = db.session.get(Standard, row_id)
    assert sea.validity_months == 6
    assert count(db, Standard) == 5


def test_standard_removed_from_files_is_retired_not_deleted(db, tmp_path):
    cur = copy_curricula(tmp_path)
    load(cur)
    drop_entry(cur / "standards/sea.toml", "standards", 1)
    edit(cur / "profiles/units.toml",
         '\n[[profiles.requirements]]\nstandard = "SEA-CMD"\napplies_to = ["key_appointments"]\n',
         "")
    report = load(cur, on=date(2026, 4, 1))
    assert report.tallies["standards"].retired == 1
    assert report.tallies["profiles"].changed == 1
    gone = db.session.scalar(select(Standard).filter_by(code="SEA-CMD"))
    assert gone is not None and not gone.in_catalogue and gone.retired_on == date(2026, 4, 1)
    inf = db.session.scalar(select(RequirementProfile).filter_by(code="INF-L2", in_catalogue=True))
    assert [r.standard_code for r in inf.requirements] == ["CORE-1", "SEA-1"]
    assert inf.version == 2  # version 1 stays as it was, retired
    old = db.session.scalar(select(RequirementProfile).filter_by(code="INF-L2", version=1))
    assert [r.standard_code for r in old.requirements] == ["CORE-1", "SEA-1", "SEA-CMD"]
    assert not old.in_catalogue and old.retired_on == date(2026, 4, 1)
    assert not load(cur, on=date(2026, 5, 1)).is_changed  # retiring happens once
    assert gone.retired_on == date(2026, 4, 1)


def test_retired_on_already_set_is_kept_when_removed(db, tmp_path):
    cur = copy_curricula(tmp_path)
    load(cur)
    edit(cur / "standards/core.toml", 'supersedes = "CORE-1@2017"\n', "")
    drop_entry(cur / "standards/core.toml", "standards", 0)
    report = load(cur)
    assert report.tallies["standards"].retired == 1
    old = db.session.scalar(select(Standard).filter_by(code="CORE-1", version="2017"))
    assert not old.in_catalogue and old.retired_on == date(2024, 12, 31)


def test_profile_removed_is_retired_and_comes_back(db, tmp_path):
    cur = copy_curricula(tmp_path)
    load(cur)
    saved = (cur / "profiles/individuals.toml").read_text()
    (cur / "profiles/individuals.toml").unlink()
    assert load(cur, on=ON).tallies["profiles"].retired == 1
    so = db.session.scalar(select(RequirementProfile).filter_by(code="SO-L2"))
    assert not so.in_catalogue and so.retired_on == ON and len(so.requirements) == 2
    (cur / "profiles/individuals.toml").write_text(saved)
    assert load(cur).tallies["profiles"].changed == 1
    assert so.in_catalogue and so.retired_on is None


def test_removed_gender_target_and_term_go_away(db, tmp_path):
    cur = copy_curricula(tmp_path)
    load(cur)
    drop_entry(cur / "gender_targets.toml", "targets", 0)
    report = load(cur)
    assert report.tallies["gender targets"].retired == 1
    assert count(db, GenderTarget) == 2


def test_nothing_is_written_when_the_catalogue_is_invalid(db, runner, tmp_path):
    cur = copy_curricula(tmp_path)
    edit(cur / "standards/sea.toml", "pass_mark = 80", "pass_mark = 800")
    result = runner.invoke(args=["catalogue", "load", str(cur)])
    assert result.exit_code == 1
    assert count(db, Standard) == 0 and count(db, MemberState) == 0
