"""Shared set-up for the certificate benchmarks (bench/cert_*.py): a throw-away app on a SQLite
file in a temp folder, its own signing and audit checkpoint keys and certificate folder, and
synthetic records (a Member State, 19 standards, a qualified trainer, people with counted passes,
a unit and its L2 profile; the bulk rows through bench/bulk.py, the shared generator's writer).
Nothing touches instance/ or the network."""
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

STANDARDS = 19
ON = date.today()


def make_app():
    from app import create_app
    from app.audit import checkpoints
    from app.credentials.signing import generate_key
    from app.config import TestConfig
    from app.extensions import db

    folder = Path(tempfile.mkdtemp(prefix="pkt-cert-bench-"))

    class BenchConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder / 'bench.db'}"
        CERTIFICATE_DIR = str(folder / "certificates")
        SIGNING_KEY_PATH = str(folder / "signing_key.pem")
        INSTANCE_DIR = str(folder)
        DEMO_ALLOWED = False
        CERT_RENDER_ISOLATED = True  # the production path: renders in time-limited workers
        CERT_RENDER_PROCESSES = 0  # up to 2, by CPUs (bench/cert_bulk.py sets --processes)

    app = create_app(BenchConfig)
    generate_key(BenchConfig.SIGNING_KEY_PATH)
    checkpoints.generate_key(app.config)  # as `make run` does: a checkpoint every 100 events
    with app.app_context():
        db.create_all()
    return app


def seed(people: int, unit: bool = False):
    """KEN, 19 standards (CD-1 ... ), a qualified trainer, `people` soldiers holding every
    standard (passed 30 days ago); with `unit`, all of them on one battalion with an L2 profile
    asking every member for every standard (80 % share). Returns (person ids, unit id)."""
    from app.catalogue.models import (MemberState, ProfileRequirement, RequirementProfile,
                                      Standard)
    from app.extensions import db
    from app.training.models import Completion, TrainerQualification
    from app.units.models import Membership, Person, Unit
    from bench.bulk import BulkWriter

    ken = MemberState(iso3="KEN", iso2="KE", name_en="Kenya", name_fr="Kenya")
    db.session.add(ken)
    db.session.flush()
    standards = [Standard(
        code=f"STD-{n:02d}", version="2025", title_en=f"Pre-deployment standard number {n} "
        "(protection of civilians)", title_fr=f"Norme préalable au déploiement numéro {n} "
        "(protection des civils)", summary_en="s", summary_fr="s", category="core",
        source_edition="CPTM-2025", audiences=[], unit_types=[], minimum_minutes=60,
        assessment_kind="test", pass_mark=70, validity_months=12, sign_off="TOT-CPTM",
        effective_on=date(2020, 1, 1)) for n in range(1, STANDARDS + 1)]
    trainer = Person(state_id=ken.id, service_number="KE-T-1", given_name="Grace",
                     family_name="Trainer", rank="Maj", sex="F",
                     personnel_category="military_contingent", nationality="KEN")
    db.session.add_all(standards + [trainer])
    db.session.flush()
    db.session.add(TrainerQualification(state_id=ken.id, person_id=trainer.id,
                                        qualification_code="TOT-CPTM",
                                        valid_from=date(2020, 1, 1),
                                        valid_until=ON + timedelta(days=900)))
    db.session.flush()
    # The bulk rows go through the shared generator's writer (bench/bulk.py), in this session's
    # transaction: people, their passes and (below) memberships.
    writer = BulkWriter(db.session.connection(), report=lambda line: None)
    soldiers = list(range(trainer.id + 1, trainer.id + 1 + people))
    writer.write(Person.__table__, ("id", "state_id", "service_number", "given_name",
                                    "family_name", "rank", "sex", "personnel_category",
                                    "nationality"),
                 ((pid, ken.id, f"KE-{n:06d}", "Amani", f"Wanjiru-Kamau {n}", "Pte", "M",
                   "military_contingent", "KEN") for n, pid in enumerate(soldiers)))
    done = ON - timedelta(days=30)
    writer.write(Completion.__table__, ("state_id", "person_id", "standard_id", "completed_on",
                                        "passed", "score", "signed_off_by_id"),
                 ((ken.id, pid, s.id, done, True, 90, trainer.id)
                  for pid in soldiers for s in standards))
    unit_id = None
    if unit:
        battalion = Unit(state_id=ken.id, name="1st Kenya Infantry Battalion (KENBATT-1)",
                         unit_type="infantry_battalion", authorised_strength=people,
                         mission="UNMISS", mission_language="en")
        profile = RequirementProfile(
            code="INF-BN-L2", title_en="Infantry battalion — Level 2",
            title_fr="Bataillon d'infanterie — Niveau 2", unit_type="infantry_battalion",
            pcrs_level="L2", requires_certificate=True, certificate_validity_months=12,
            roster_share=0.8, screening_required=False, nio_per=0)
        profile.requirements = [ProfileRequirement(standard_code=s.code) for s in standards]
        db.session.add_all([battalion, profile])
        db.session.flush()
        writer.write(Membership.__table__, ("state_id", "unit_id", "person_id", "appointment",
                                            "is_key_appointment", "is_nio"),
                     ((ken.id, battalion.id, pid, "Rifleman, B Company, 3rd platoon", n < 12,
                       False) for n, pid in enumerate(soldiers)))
        unit_id = battalion.id
    db.session.commit()
    return soldiers, unit_id


def bare_render(html: str, naive: bool = False) -> bytes:
    """The baseline: WeasyPrint alone on the same HTML, with the same locked-down fetcher, the
    same parsed stylesheet and font configuration (naive: parse the stylesheet every time)."""
    from weasyprint import CSS, HTML

    from app.certification.rendering import pdf

    fetcher, fonts, css, base_url = pdf._renderer()
    if naive:
        from weasyprint.text.fonts import FontConfiguration
        fonts = FontConfiguration()
        css = CSS(filename=str(ROOT / "static" / pdf.STYLESHEET), font_config=fonts,
                  url_fetcher=fetcher)
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        stylesheets=[css], font_config=fonts).write_pdf()
