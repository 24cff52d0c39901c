"""The applies-to revision carries existing profiles and rosters across: a profile version keeps
its meaning (every key appointment still owes what `key_appointments_all` asked of them), and a
key appointment that names a command becomes a commander; the downgrade gives the flags back."""
import json

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app.extensions import db

PROFILE = ("INSERT INTO requirement_profiles (id, code, version, title_en, title_fr, unit_type, "
           "pcrs_level, requires_certificate, certificate_validity_months, roster_share, "
           "key_appointments_all, screening_required, nio_per, language_mission, includes, "
           "provenance, source_file, in_catalogue, content_hash) VALUES (:id, :code, 1, 't', 't', "
           "'infantry_battalion', 'L2', true, 12, 0.9, :all, true, 150, false, '[]', '{}', '', "
           "true, '')")
REQUIREMENT = ("INSERT INTO profile_requirements (profile_id, standard_code, key_appointments_only, "
               "provenance) VALUES (:profile, :code, :only, '{}')")


def _groups(value):
    return value if isinstance(value, list) else json.loads(value)


def test_profiles_keep_their_meaning_and_commanders_are_found(empty_database_url, app_on):
    app = app_on(empty_database_url)
    with app.app_context():
        upgrade(revision="jobskip01")
        with db.engine.begin() as conn:
            conn.execute(sa.text(PROFILE), {"id": 1, "code": "INF-L2", "all": True})
            conn.execute(sa.text(PROFILE), {"id": 2, "code": "ENG-L2", "all": False})
            for profile, code, only in ((1, "CPTM", False), (1, "NIO", True), (2, "CPTM", False),
                                        (2, "CMD", True)):
                conn.execute(sa.text(REQUIREMENT), {"profile": profile, "code": code,
                                                    "only": only})
            conn.execute(sa.text("INSERT INTO member_states (id, iso3, iso2, name_en, name_fr) "
                                 "VALUES (1, 'KEN', 'KE', 'Kenya', 'Kenya')"))
            conn.execute(sa.text(
                "INSERT INTO units (id, state_id, name, unit_type, authorised_strength, "
                "mission_language, pcrs_level, rotation, created_at) VALUES (1, 1, 'KENBATT', "
                "'infantry_battalion', 10, 'en', 'L1', 'R1', '2026-01-01 00:00:00')"))
            for n, (appointment, key) in enumerate((("Commanding Officer", True),
                                                   ("Company Commander", False),
                                                   ("Operations Officer", True), (None, False))):
                conn.execute(sa.text(
                    "INSERT INTO people (id, state_id, service_number, given_name, family_name, "
                    "sex, personnel_category, nationality, created_at) VALUES (:n, 1, :sn, 'A', "
                    "'B', 'F', 'military_contingent', 'KEN', '2026-01-01 00:00:00')"),
                    {"n": n + 1, "sn": f"SN{n}"})
                conn.execute(sa.text(
                    "INSERT INTO memberships (state_id, unit_id, person_id, appointment, "
                    "is_key_appointment, is_nio) VALUES (1, 1, :n, :appointment, :key, false)"),
                    {"n": n + 1, "appointment": appointment, "key": key})
        upgrade(revision="appliesto01")
        with db.engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT profile_id, standard_code, applies_to FROM "
                                        "profile_requirements ORDER BY id")).all()
            commanders = conn.execute(sa.text(
                "SELECT person_id FROM memberships WHERE is_commander = :yes ORDER BY person_id"),
                {"yes": True}).scalars().all()
        assert [(p, c, _groups(g)) for p, c, g in rows] == [
            (1, "CPTM", ["all", "key_appointments"]), (1, "NIO", ["key_appointments"]),
            (2, "CPTM", ["all"]), (2, "CMD", ["key_appointments"])]
        assert commanders == [1]  # a company commander not marked a key appointment stays as is
        downgrade(revision="jobskip01")
        with db.engine.connect() as conn:
            flags = conn.execute(sa.text(
                "SELECT p.code, p.key_appointments_all, r.standard_code, r.key_appointments_only "
                "FROM profile_requirements r JOIN requirement_profiles p ON p.id = r.profile_id "
                "ORDER BY r.id")).all()
        assert [(p, bool(a), c, bool(o)) for p, a, c, o in flags] == [
            ("INF-L2", True, "CPTM", False), ("INF-L2", True, "NIO", True),
            ("ENG-L2", False, "CPTM", False), ("ENG-L2", False, "CMD", True)]


def test_individual_profiles_lose_their_pcrs_level_and_get_it_back(empty_database_url, app_on):
    app = app_on(empty_database_url)
    with app.app_context():
        upgrade(revision="appliesto01")
        with db.engine.begin() as conn:
            for code, unit_type, category in (("INF-L2", "infantry_battalion", None),
                                              ("SO-L2", None, "staff_officer")):
                conn.execute(sa.text(
                    "INSERT INTO requirement_profiles (code, version, title_en, title_fr, "
                    "unit_type, personnel_category, pcrs_level, requires_certificate, "
                    "certificate_validity_months, roster_share, screening_required, nio_per, "
                    "language_mission, includes, provenance, source_file, in_catalogue, "
                    "content_hash) VALUES (:code, 1, 't', 't', :unit_type, :category, 'L2', true, "
                    "12, 1.0, true, 0, false, '[]', '{}', '', true, '')"),
                    {"code": code, "unit_type": unit_type, "category": category})
        upgrade(revision="indiv01")
        with db.engine.connect() as conn:
            levels = conn.execute(sa.text("SELECT code, pcrs_level FROM requirement_profiles "
                                          "ORDER BY code")).all()
        assert [tuple(r) for r in levels] == [("INF-L2", "L2"), ("SO-L2", None)]
        downgrade(revision="appliesto01")
        with db.engine.connect() as conn:
            levels = conn.execute(sa.text("SELECT code, pcrs_level FROM requirement_profiles "
                                          "ORDER BY code")).all()
        assert [tuple(r) for r in levels] == [("INF-L2", "L2"), ("SO-L2", "L2")]
