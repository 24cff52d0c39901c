"""Fill a database to the design scale, fast: the data every benchmark and the load test use.

At --scale 1: 120 Member States, 500 units, 400,000 people (and their roster memberships),
about 10,000,000 completions, 1,000,000 certificates, plus course sessions, trainer
qualifications, PCRS decisions and a few sign-in accounts. The real catalogue is loaded from
curricula/ through the catalogue service; everything large is written with COPY (PostgreSQL) or
executemany (SQLite), never through the ORM. Certificates are really signed, so every token in
the database verifies.

    .venv/bin/python bench/datagen.py --database-url postgresql://postgres@127.0.0.1/pkt_bench \
        --scale 1 --reset
    .venv/bin/python bench/datagen.py --scale 0.01 --reset        # SQLite file in bench/out/

From another benchmark: `from bench.datagen import fill` inside an app context.
"""
import argparse
import json
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from bench import OUT  # noqa: E402
from bench import datagen_rows as rows  # noqa: E402
from bench.bulk import BulkWriter  # noqa: E402

DESIGN = {"states": 120, "units": 500, "people": 400_000, "certificates": 1_000_000}
BENCH_PASSWORD = "bench load password 7 not for production"


@dataclass
class FillReport:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    logins: list[dict] = field(default_factory=list)
    state_ids: list[int] = field(default_factory=list)
    unit_ids: list[int] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def sizes(scale: float) -> dict[str, int]:
    return {"states": max(2, round(DESIGN["states"] * scale)),
            "units": max(2, round(DESIGN["units"] * scale)),
            "people": max(20, round(DESIGN["people"] * scale)),
            "certificates": max(10, round(DESIGN["certificates"] * scale))}


def fill(scale: float = 0.01, seed: int = 1, logins: int = 5, report=print) -> FillReport:
    """Fill the app's (empty, migrated) database. Call inside an app context."""
    from flask import current_app

    from app.extensions import db

    started = time.perf_counter()
    rng = random.Random(seed)
    want = sizes(scale)
    result = FillReport()
    report(f"Filling {db.engine.url.render_as_string(hide_password=True)} at scale {scale}: "
           + ", ".join(f"{n:,} {k}" for k, n in want.items()))
    world = _catalogue_world(want["states"])
    result.logins = _accounts(world, logins)
    decided_by = result.logins[0]["id"]
    db.session.commit()
    signer = _signer(current_app.config["SIGNING_KEY_PATH"])
    tables = db.metadata.tables
    with db.engine.connect() as conn:
        writer = BulkWriter(conn, report)
        writer.fast_mode()
        steps = (
            ("units", ("id", "state_id", "name", "unit_type", "authorised_strength", "mission",
                       "mission_language", "pledge_capability", "pledged_on", "pcrs_level",
                       "deployable_days", "rotation"),
             lambda: rows.unit_rows(world, want["units"], want["people"], rng)),
            ("course_sessions", ("id", "state_id", "title", "start_on", "end_on", "language",
                                 "is_tot"), lambda: rows.session_rows(world, rng)),
            ("session_standards", ("session_id", "standard_id"),
             lambda: rows.session_standard_rows(world)),
            ("people", ("id", "state_id", "service_number", "given_name", "family_name", "rank",
                        "sex", "personnel_category", "nationality", "birth_on"),
             lambda: rows.person_rows(world, rng)),
            ("memberships", ("id", "state_id", "unit_id", "person_id", "appointment",
                             "is_key_appointment", "is_nio", "start_on"),
             lambda: rows.membership_rows(world, rng)),
            ("trainer_qualifications", ("id", "state_id", "person_id", "qualification_code",
                                        "valid_from", "valid_until"),
             lambda: rows.qualification_rows(world)),
            ("session_trainers", ("session_id", "person_id"),
             lambda: rows.session_trainer_rows(world)),
            ("completions", ("id", "state_id", "person_id", "standard_id", "session_id",
                             "completed_on", "passed", "score", "signed_off_by_id"),
             lambda: rows.completion_rows(world, rng)),
            ("certificates", ("id", "serial", "token", "kind", "state_id", "person_id", "unit_id",
                              "profile_id", "holder_name", "issued_on", "expires_on",
                              "issued_by_id", "issuer_name", "payload", "signature", "kid",
                              "pdf_path", "pdf_sha256", "status", "status_reason",
                              "status_changed_at", "supersedes_id", "superseded_by_id"),
             lambda: rows.certificate_rows(world, want["certificates"], signer, rng)),
            ("pcrs_decisions", ("id", "state_id", "unit_id", "from_level", "to_level",
                                "decided_on", "decided_by_id", "reason", "evidence"),
             lambda: rows.decision_rows(world, decided_by, rng)),
        )
        for name, columns, make in steps:
            with writer.without_indexes(tables[name]):
                result.counts[name] = writer.write(tables[name], columns, make())
            conn.commit()
        _finish(conn, writer, world, tables)
        conn.commit()
    _audit(result)
    db.session.commit()
    result.state_ids = [s for s, _iso in world.states]
    result.unit_ids = [u[0] for u in world.units]
    result.seconds = time.perf_counter() - started
    report(f"Done: {result.rows:,} rows in {result.seconds:.1f} s "
           f"({result.rows / result.seconds:,.0f} rows/s overall)")
    return result


def _catalogue_world(n_states: int) -> rows.World:
    from app.catalogue.loader import read_catalogue
    from app.catalogue.models import MemberState, RequirementProfile, Standard, TaxonomyTerm
    from app.catalogue.services import load_catalogue
    from app.extensions import db
    from app.timeutil import today
    from flask import current_app

    load_catalogue(read_catalogue(current_app.config["CURRICULA_DIR"]), on=today())
    db.session.flush()
    states = db.session.execute(sa.select(MemberState.id, MemberState.iso3, MemberState.name_en,
                                          MemberState.name_fr)
                                .order_by(MemberState.iso3).limit(n_states)).all()
    current = {}
    for s in db.session.scalars(sa.select(Standard).where(Standard.retired_on.is_(None))
                                .order_by(Standard.code, Standard.effective_on)):
        current[s.code] = (s.id, s.version, s.validity_months)
    profiles = {}
    for p in db.session.scalars(sa.select(RequirementProfile)):
        if p.unit_type:
            profiles[(p.unit_type, p.pcrs_level)] = (p.id, [r.standard_code for r in p.requirements])
    unit_types = sorted({t for t, _level in profiles})
    categories = sorted(db.session.scalars(sa.select(TaxonomyTerm.code).where(
        TaxonomyTerm.kind.in_(("personnel_category", "personnel_categories")))).all()) \
        or ["military"]
    sign_offs = sorted({s.sign_off for s in db.session.scalars(sa.select(Standard))})
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/verify/"
    return rows.World(today=today(), states=[(s.id, s.iso3) for s in states],
                      unit_types=unit_types, categories=categories, standards=current,
                      profiles=profiles, sign_offs=sign_offs, verify_base=base,
                      state_names={s.id: {"iso3": s.iso3, "name_en": s.name_en,
                                          "name_fr": s.name_fr} for s in states})


def _accounts(world: rows.World, count: int) -> list[dict]:
    """A UN officer (decision maker) and registrars of the first states, for load tests."""
    from app.auth.models import Role
    from app.auth.services import create_user

    password = os.environ.get("BENCH_PASSWORD", BENCH_PASSWORD)
    made = [create_user("bench.un-officer@example.org", Role.UN_OFFICER, password)]
    for state_id, iso3 in world.states[:count]:
        made.append(create_user(f"bench.registrar.{iso3.lower()}@example.org",
                                Role.CENTRE_REGISTRAR, password, state_id=state_id))
    return [{"id": u.id, "email": u.email, "role": u.role.value, "state_id": u.state_id,
             "password": password} for u in made]


def _signer(key_path: str) -> rows.Signer:
    from app.credentials.signing import _load_private, generate_key, kid_for

    generate_key(key_path, if_missing=True)
    key = _load_private(Path(key_path))
    return rows.Signer(key, kid_for(key.public_key()))


def _finish(conn, writer: BulkWriter, world: rows.World, tables) -> None:
    """Serial counters past every generated serial, id sequences, planner statistics."""
    writer.write(tables["serial_counters"], ("state_id", "year", "last"),
                 ((state_id, year, last) for (state_id, year), last in world.serial_last.items()))
    writer.reset_sequences(*(tables[name] for name in writer.totals))
    writer.analyze() if writer.dialect == "postgresql" else conn.exec_driver_sql("ANALYZE")


def _audit(result: FillReport) -> None:
    from app.audit import services as audit

    audit.append("bench.datagen", object_type="Database", details={"counts": result.counts})


def reset_schema(app) -> None:
    """Drop every table and migrate an empty schema to the latest revision. When the app's
    certificate folder is the benchmarks' own (under bench/out/), the PDFs it issued there go
    too: their rows are gone, and the refilled database's serials start again (the app refuses
    to overwrite an existing file). Any other folder is left alone."""
    from flask_migrate import upgrade

    from app.extensions import db

    folder = Path(app.config["CERTIFICATE_DIR"]).resolve()
    if folder.is_dir() and folder.is_relative_to(OUT.resolve()):
        for stale in folder.glob("*.pdf"):
            stale.unlink()
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "postgresql":
            with engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        else:
            db.drop_all()
            with engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()


_reset = reset_schema  # the name bench/dashboard_bench.py uses


def bench_app(database_url: str, key_path: str | None = None):
    """An app bound to `database_url` with the bench signing key (bench/out/signing_key.pem)."""
    from app import create_app
    from app.config import DevelopmentConfig, database_url as normalise

    class BenchData(DevelopmentConfig):
        SQLALCHEMY_DATABASE_URI = normalise(database_url)
        SIGNING_KEY_PATH = key_path or str(OUT / "signing_key.pem")
        CERTIFICATE_DIR = str(OUT / "certificates")
        DEMO_ALLOWED = False

    return create_app(BenchData)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{OUT / 'bench.db'}"))
    parser.add_argument("--scale", type=float, default=0.01, help="1 = design scale")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reset", action="store_true", help="drop every table first")
    parser.add_argument("--signing-key", help="default bench/out/signing_key.pem")
    parser.add_argument("--logins-file", default=str(OUT / "logins.json"))
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    app = bench_app(args.database_url, args.signing_key)
    if args.reset:
        reset_schema(app)
    with app.app_context():
        from app.extensions import db
        from app.units.models import Person

        if db.session.scalar(sa.select(Person.id).limit(1)) is not None:
            print("The database already holds people: use --reset to refill it.", file=sys.stderr)
            return 1
        result = fill(args.scale, args.seed)
    Path(args.logins_file).write_text(json.dumps(result.logins, indent=2))
    print(f"Sign-in accounts for load tests: {args.logins_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
