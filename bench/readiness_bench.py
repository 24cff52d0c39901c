"""Readiness of one 850-person unit against a database of at least 1,000,000 completions.

Fills a SQLite file (default bench/out/readiness_bench.db) through the shared generator
bench/datagen.py (real catalogue from curricula/, units of ~800 people, ~25 completions each, bulk
inserts) to about --completions rows, then adds the measured Kenyan unit of 850 people through
SQLAlchemy Core executemany (never the ORM) with a realistic mix (valid, expiring, expired,
failed, unqualified sign-offs, a retired version, gaps) against the real INF-BN-L2 profile
(its standards, key appointments, NIO rule, language rule, screening).

Then it times, in alternated pairs (bench/pairs.py), each run on a fresh ORM session:
* `unit_readiness(unit, on)`: the service the unit page and certification use, with the number of
  SQL statements it ran (the same for every run, whatever the roster size);
* against its baseline: a bare SQL fetch (text() on a plain connection) of the same rows (the
  roster with people, and the passes of those people on the required standards);
and then the rendering of the matrix partial (templates/readiness/_matrix.html) for that unit.
No target is stated for these: the table shows them as "info".

    .venv/bin/python bench/readiness_bench.py                 # fill if needed, then measure
    .venv/bin/python bench/readiness_bench.py --reset --completions 1000000 --min-pairs 7
"""
import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from bench.pairs import add_arguments, alternate, timed  # noqa: E402
from bench.verdicts import OUT, Recorder  # noqa: E402

UNIT_SIZE = 850
PER_PERSON = 20
CHUNK = 50_000
ON = date(2026, 6, 1)
BASELINE_SQL = """
SELECT m.id, m.person_id, m.is_key_appointment, m.is_nio, p.family_name, p.given_name, p.rank
FROM memberships m JOIN people p ON p.id = m.person_id WHERE m.unit_id = :unit;
SELECT c.person_id, c.completed_on, c.passed, c.signed_off_by_id, s.code, s.version,
       s.validity_months, s.effective_on, s.retired_on, s.sign_off
FROM completions c JOIN standards s ON s.id = c.standard_id
WHERE c.person_id IN (SELECT person_id FROM memberships WHERE unit_id = :unit)
  AND s.code IN ({codes}) AND c.passed = 1 AND c.completed_on <= :on
"""


def make_app(path: Path):
    from app import create_app
    from app.config import TestConfig

    class BenchConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{path}"
        SQLALCHEMY_ENGINE_OPTIONS = {}
        SIGNING_KEY_PATH = str(path.with_suffix(".signing_key.pem"))  # datagen signs with it

    return create_app(BenchConfig)


def fill(app, completions_wanted: int, seed: int = 7) -> dict:
    """Create the catalogue, one state, units of 850, people, trainers and completions."""
    from app.catalogue.loader import read_catalogue
    from app.catalogue.models import MemberState, RequirementProfile, Standard
    from app.catalogue.services import load_catalogue
    from app.extensions import db
    from app.training.models import Completion, TrainerQualification
    from app.units.models import (LanguageProficiency, Membership, Person, ScreeningAttestation,
                                  Unit)

    from bench import datagen

    rng = random.Random(seed)
    started = time.perf_counter()
    db.create_all()
    background = datagen.fill(scale=max(0.0, completions_wanted - UNIT_SIZE * PER_PERSON)
                              * 1.05 / 10_000_000, seed=seed, logins=1)  # 5% over: never short
    load_catalogue(read_catalogue(ROOT / "curricula"), on=ON)
    db.session.commit()
    profile = db.session.scalar(sa.select(RequirementProfile).where(
        RequirementProfile.code == "INF-BN-L2"))
    codes = [r.standard_code for r in profile.requirements]
    standards = db.session.execute(sa.select(Standard.id, Standard.code, Standard.version,
                                             Standard.effective_on, Standard.retired_on,
                                             Standard.sign_off)).all()
    current = {s.code: s for s in standards if s.effective_on <= ON and
               (s.retired_on is None or ON <= s.retired_on)}
    retired = {s.code: s for s in standards if s.retired_on is not None}
    others = [s for s in standards if s.code not in codes]
    conn = db.session.connection()
    state_id = db.session.scalar(sa.select(MemberState.id).where(MemberState.iso3 == "KEN"))
    if state_id is None:
        state_id = conn.execute(sa.insert(MemberState.__table__).values(
            iso3="KEN", iso2="KE", name_en="Kenya", name_fr="Kenya")).inserted_primary_key[0]
    units = 1  # the measured unit; datagen filled the rest
    unit_ids = [conn.execute(sa.insert(Unit.__table__).values(
        state_id=state_id, name=f"Battalion {u}", unit_type="infantry_battalion",
        authorised_strength=UNIT_SIZE, mission="MINUSCA", mission_language="fr",
        pcrs_level="L1", rotation="R1")).inserted_primary_key[0] for u in range(units)]
    people = [dict(state_id=state_id, service_number=f"KA-{n:07d}", given_name="Given",
                   family_name=f"Family{n:07d}", rank="Pte", sex="F" if n % 6 == 0 else "M",
                   personnel_category="military_contingent", nationality="KEN")
              for n in range(units * UNIT_SIZE + 20)]
    for i in range(0, len(people), CHUNK):
        conn.execute(sa.insert(Person.__table__), people[i:i + CHUNK])
    person_ids = [r[0] for r in conn.execute(
        sa.text("SELECT id FROM people WHERE state_id = :s ORDER BY id"), {"s": state_id})]
    trainers, soldiers = person_ids[:20], person_ids[20:]
    sign_offs = sorted({s.sign_off for s in standards})
    conn.execute(sa.insert(TrainerQualification.__table__), [
        dict(state_id=state_id, person_id=t, qualification_code=q, valid_from=date(2020, 1, 1),
             valid_until=date(2030, 12, 31)) for t in trainers[:18] for q in sign_offs])
    members = [dict(state_id=state_id, unit_id=unit_ids[k // UNIT_SIZE], person_id=p,
                    appointment=f"Post {k % UNIT_SIZE}",
                    is_key_appointment=k % UNIT_SIZE < 40, is_nio=40 <= k % UNIT_SIZE < 46)
               for k, p in enumerate(soldiers)]
    for i in range(0, len(members), CHUNK):
        conn.execute(sa.insert(Membership.__table__), members[i:i + CHUNK])
    key_people = [m["person_id"] for m in members if m["is_key_appointment"]]
    conn.execute(sa.insert(LanguageProficiency.__table__), [
        dict(state_id=state_id, person_id=p, language="fr", level=rng.choice((1, 2, 2, 3)),
             assessed_by="test", assessed_on=date(2025, 1, 1), valid_until=date(2027, 1, 1))
        for p in key_people])
    conn.execute(sa.insert(ScreeningAttestation.__table__), [
        dict(state_id=state_id, unit_id=u, rotation="R1", status="cleared",
             attested_on=date(2026, 1, 10)) for u in unit_ids])
    batch, total = [], 0
    for p in soldiers:
        for code in codes:
            roll = rng.random()
            if roll < 0.04:
                continue  # never trained: missing
            standard = retired[code] if (roll < 0.06 and code in retired) else current[code]
            done_on = ON - timedelta(days=rng.randint(5, 420))
            batch.append(dict(
                state_id=state_id, person_id=p, standard_id=standard.id, completed_on=done_on,
                passed=roll > 0.08, score=85, signed_off_by_id=trainers[rng.randint(0, 19)]))
        for extra in range(PER_PERSON - len(codes)):
            standard = others[rng.randrange(len(others))]
            batch.append(dict(state_id=state_id, person_id=p, standard_id=standard.id,
                              completed_on=ON - timedelta(days=700 + extra), passed=True,
                              score=80, signed_off_by_id=trainers[0]))
        if len(batch) >= CHUNK:
            conn.execute(sa.insert(Completion.__table__), batch)
            total += len(batch)
            batch = []
    if batch:
        conn.execute(sa.insert(Completion.__table__), batch)
        total += len(batch)
    db.session.commit()
    conn = db.session.connection()
    conn.execute(sa.text("ANALYZE"))
    db.session.commit()
    return {"units": units + background.counts["units"],
            "people": len(people) + background.counts["people"],
            "completions": total + background.counts["completions"],
            "seconds": time.perf_counter() - started}


def measure(app, args, record) -> None:
    from flask import render_template

    from app.extensions import db
    from app.readiness.services import profile_for, target_level, unit_readiness
    from app.units.models import Unit

    unit_id = db.session.scalar(sa.select(Unit.id).where(Unit.name == "Battalion 0"))
    unit = db.session.get(Unit, unit_id)
    profile = profile_for(unit, target_level(unit))
    codes = ", ".join(f"'{r.standard_code}'" for r in profile.requirements)  # catalogue codes
    statements = [s for s in BASELINE_SQL.format(codes=codes).split(";") if s.strip()]
    counter = {"n": 0}
    queries, seen = set(), {}

    def count(*_args, **_kw):
        counter["n"] += 1

    def readiness() -> float:
        db.session.remove()
        unit = db.session.get(Unit, unit_id)
        counter["n"] = 0
        sa.event.listen(db.engine, "before_cursor_execute", count)
        try:
            seconds = timed(lambda: seen.update(verdict=unit_readiness(unit, ON)))
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", count)
        queries.add(counter["n"])
        return seconds

    def bare_fetch() -> float:
        with db.engine.connect() as conn:
            return timed(lambda: seen.update(rows=sum(
                len(conn.execute(sa.text(s), {"unit": unit_id, "on": ON}).all())
                for s in statements)))

    pairs = alternate(readiness, bare_fetch, min_pairs=args.min_pairs,
                      max_pairs=args.max_pairs, max_seconds=args.max_seconds)
    verdict = seen["verdict"]
    record.add(f"readiness of one unit, {len(verdict.rows)} people x {len(verdict.columns)} "
               "standards", pairs=pairs,
               note=f"bare SQL fetch of the same {seen['rows']:,} rows; SQL statements per run "
                    f"{sorted(queries)}; certifiable={verdict.certifiable}")
    with app.test_request_context("/"):
        html = render_template("readiness/_matrix.html", readiness=verdict)
        rendered = [timed(lambda: render_template("readiness/_matrix.html", readiness=verdict))
                    for _ in range(max(3, args.min_pairs // 2))]
    record.add("readiness matrix partial, rendered", value=statistics.median(rendered),
               runs=len(rendered), spread=[min(rendered), max(rendered)],
               note=f"{len(html) / 1024:.0f} KiB of HTML")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default=str(OUT / "readiness_bench.db"))
    parser.add_argument("--completions", type=int, default=1_000_000)
    add_arguments(parser, min_pairs=7, max_pairs=7)
    parser.add_argument("--reset", action="store_true")
    args = parser.parse_args(argv)
    record = Recorder("readiness")
    path = Path(args.db)
    path.parent.mkdir(parents=True, exist_ok=True)
    if args.reset and path.exists():
        path.unlink()
    app = make_app(path)
    with app.app_context():
        from app.extensions import db

        fresh = not path.exists() or not sa.inspect(db.engine).has_table("completions")
        if not fresh:
            fresh = db.session.scalar(sa.text("SELECT count(*) FROM completions")) < \
                args.completions
            if fresh:
                db.session.remove()
                db.engine.dispose()
                path.unlink()
        if fresh:
            report = fill(app, args.completions)
            print(f"filled {path}: {report['units']} units, {report['people']:,} people, "
                  f"{report['completions']:,} completions in {report['seconds']:.0f} s")
        total = db.session.scalar(sa.text("SELECT count(*) FROM completions"))
        print(f"database: {total:,} completions (SQLite file {path})")
        measure(app, args, record)
    return record.finish()


if __name__ == "__main__":
    sys.exit(main())
