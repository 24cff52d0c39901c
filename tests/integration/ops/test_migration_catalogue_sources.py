"""The catalogue-sources revision carries existing rows across: a gender target keeps its old
source text, standards and profiles get an empty provenance, and a load then fills them."""
from datetime import date

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app.extensions import db
from tests.factories_catalogue import FIXTURE_CURRICULA, load


def test_existing_rows_survive_the_upgrade_and_the_downgrade(empty_database_url, app_on):
    app = app_on(empty_database_url)
    with app.app_context():
        upgrade(revision="openbadge")
        with db.engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO gender_targets (year, category, target_percent, interpolated, source) "
                "VALUES (2025, 'troops', 12.0, false, 'Uniformed Gender Parity Strategy')"))
            conn.execute(sa.text(
                "INSERT INTO standards (code, version, title_en, title_fr, summary_en, summary_fr, "
                "category, source_edition, audiences, unit_types, minimum_minutes, assessment_kind, "
                "pass_mark, validity_months, sign_off, effective_on, lessons, source_file, "
                "in_catalogue, content_hash, updated_at) VALUES ('X-1', '2017', 't', 't', 's', 's', "
                "'core', 'E', '[]', '[]', 60, 'test', 70, 12, 'tot_centre', :on, '[]', '', true, '', "
                ":on)"), {"on": date(2017, 1, 1)})
        upgrade(revision="catsrc01")
        with db.engine.connect() as conn:
            provenance = conn.execute(sa.text("SELECT provenance FROM gender_targets")).scalar_one()
            standard = conn.execute(sa.text(
                "SELECT provenance, minimum_minutes FROM standards")).one()
        assert _json(provenance) == {"legacy_source": "Uniformed Gender Parity Strategy"}
        assert _json(standard[0]) == {} and standard[1] == 60
        downgrade(revision="openbadge")
        with db.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT source FROM gender_targets")).scalar_one() == \
                "Uniformed Gender Parity Strategy"
        upgrade()
        load(FIXTURE_CURRICULA)  # the load fills in the provenance
        with db.engine.connect() as conn:
            filled = conn.execute(sa.text(
                "SELECT provenance FROM gender_targets WHERE year = 2025 AND category = 'troops'"
            )).scalar_one()
        assert _json(filled)["sources"] == ["FIX-PCRS"]


def _json(value):
    import json
    return json.loads(value) if isinstance(value, str) else value


PROFILE = ("INSERT INTO requirement_profiles (code, {extra}title_en, title_fr, unit_type, pcrs_level, "
           "requires_certificate, certificate_validity_months, roster_share, key_appointments_all, "
           "screening_required, nio_per, language_mission, includes, provenance, source_file, "
           "in_catalogue, content_hash) VALUES ('INF-L2', {values}'t', 't', 'infantry_battalion', "
           "'L2', true, 12, 0.9, true, true, 150, false, '[]', '{{}}', '', {current}, '')")


def test_profiles_become_version_1_and_a_downgrade_keeps_the_newest(empty_database_url, app_on):
    app = app_on(empty_database_url)
    with app.app_context():
        upgrade(revision="jobtitle")
        with db.engine.begin() as conn:
            conn.execute(sa.text(PROFILE.format(extra="", values="", current="true")))
        upgrade(revision="profver01")
        with db.engine.begin() as conn:
            assert conn.execute(sa.text("SELECT version FROM requirement_profiles")).scalar_one() == 1
            conn.execute(sa.text("UPDATE requirement_profiles SET in_catalogue = false"))
            conn.execute(sa.text(PROFILE.format(extra="version, ", values="2, ", current="true")))
        downgrade(revision="jobtitle")
        with db.engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT code, in_catalogue FROM requirement_profiles")).all()
        assert [(code, bool(current)) for code, current in rows] == [("INF-L2", True)]
