"""Certificate test fixtures: a signing key and certificate folder per test, people with counted
completions, and readers for issued PDFs.

Use from a conftest: `from tests.factories_certification import *  # noqa: F401,F403`.
"""
import io
import json
from datetime import date
from types import SimpleNamespace

import pytest

from tests.factories_records import *  # noqa: F401,F403
from tests.factories_pcrs import make_profile  # noqa: F401

ON = date(2026, 3, 2)
CODES = ("CD-1", "SEA-1", "POC-1")


@pytest.fixture
def cert_env(app, tmp_path):
    """A fresh Ed25519 key and an empty certificate folder for this test."""
    from app.credentials.signing import generate_key

    app.config["CERTIFICATE_DIR"] = str(tmp_path / "certificates")
    app.config["SIGNING_KEY_PATH"] = str(tmp_path / "keys" / "signing_key.pem")
    app.config["PUBLIC_BASE_URL"] = "https://pkt.example.org"
    generate_key(app.config["SIGNING_KEY_PATH"])
    return SimpleNamespace(dir=tmp_path / "certificates", key=app.config["SIGNING_KEY_PATH"])


@pytest.fixture
def trainer(db, make_person, make_qualification):
    """A KEN trainer qualified TOT-CPTM 2024-01-01..2027-12-31."""
    person = make_person("KEN", given_name="Trainer", family_name="Qualified")
    make_qualification(person, "TOT-CPTM", date(2024, 1, 1), date(2027, 12, 31))
    return person


@pytest.fixture
def make_completion(db, make_standard, trainer):
    """make_completion(person, code, completed_on, passed=True, signer=trainer, version="2017")."""
    from app.training.models import Completion

    def make(person, code, completed_on, passed=True, signer=None, version="2017", **kw):
        standard = make_standard(code, version, **kw)
        row = Completion(state_id=person.state_id, person_id=person.id, standard_id=standard.id,
                         completed_on=completed_on, passed=passed, score=90 if passed else 10,
                         signed_off_by_id=(signer or trainer).id)
        db.session.add(row)
        db.session.flush()
        return row
    return make


@pytest.fixture
def trained(make_person, make_completion):
    """trained(codes=CODES, on=2025-06-01, state="KEN") -> a person holding every code."""
    def make(codes=CODES, completed_on=date(2025, 6, 1), state="KEN", **person):
        someone = make_person(state, **person)
        for code in codes:
            make_completion(someone, code, completed_on)
        return someone
    return make


def stored_pdf(app, cert) -> bytes:
    from pathlib import Path

    return (Path(app.config["CERTIFICATE_DIR"]) / cert.pdf_path).read_bytes()


def embedded_credential(pdf_bytes: bytes) -> dict:
    from pypdf import PdfReader

    attachments = PdfReader(io.BytesIO(pdf_bytes)).attachments
    assert list(attachments) == ["credential.json", "open-badge-credential.json"], \
        list(attachments)
    return json.loads(attachments["credential.json"][0])


def embedded_open_badge(pdf_bytes: bytes) -> dict:
    """The Open Badges credential embedded beside credential.json."""
    from pypdf import PdfReader

    attachments = PdfReader(io.BytesIO(pdf_bytes)).attachments
    assert list(attachments) == ["credential.json", "open-badge-credential.json"], \
        list(attachments)
    return json.loads(attachments["open-badge-credential.json"][0])


@pytest.fixture
def certifiable_unit(db, make_unit, make_profile, make_person, make_completion):
    """certifiable_unit(size=10, trained=size) -> namespace(unit, profile, people): an infantry
    battalion whose first member is a key appointment; `trained` members hold CD-1 and SEA-1
    (completed 30 days before today); the L2 profile needs 80 % of the roster on both."""
    from datetime import timedelta

    from app.catalogue.models import ProfileRequirement
    from app.timeutil import today
    from app.units.models import Membership

    def make(size=10, trained=None, completed_on=None, state="KEN"):
        trained = size if trained is None else trained
        completed_on = completed_on or today() - timedelta(days=30)
        unit = make_unit(state)
        profile = make_profile("L2", "infantry_battalion")
        if not profile.requirements:
            profile.requirements = [ProfileRequirement(standard_code="CD-1"),
                                    ProfileRequirement(standard_code="SEA-1")]
            db.session.flush()
        people = []
        for n in range(size):
            person = make_person(state)
            db.session.add(Membership(state_id=unit.state_id, unit_id=unit.id,
                                      person_id=person.id, appointment=f"Post {n}",
                                      is_key_appointment=(n == 0)))
            if n < trained:
                for code in ("CD-1", "SEA-1"):
                    make_completion(person, code, completed_on)
            people.append(person)
        db.session.flush()
        return SimpleNamespace(unit=unit, profile=profile, people=people)
    return make


def queued_bulk_job(db, unit, user, level="L2"):
    """A committed, queued bulk job for `unit`'s members at `level`, on today's date, as the
    start form makes it (run it with app.certification.issuing.jobs.run_bulk)."""
    from app.certification.models import Job
    from app.timeutil import today

    job = Job(state_id=unit.state_id, user_id=user.id, kind="bulk_individual",
              params=json.dumps({"unit_id": unit.id, "level": level,
                                 "on": today().isoformat()}))
    db.session.add(job)
    db.session.commit()
    return job


def issue_at_once(app, db, person_ids, codes=CODES, on=ON) -> list[Exception]:
    """Issue an individual certificate for each person in its own thread and session, all
    released together by a barrier (PostgreSQL: real concurrent transactions). Returns the
    errors raised."""
    import threading

    from app.certification import services
    from app.units.models import Person

    errors, barrier = [], threading.Barrier(len(person_ids))

    def issue(person_id):
        try:
            with app.app_context():
                person = db.session.get(Person, person_id)
                barrier.wait(timeout=30)
                services.issue_individual(person, codes, None, on)
                db.session.commit()
                db.session.remove()
        except Exception as exc:  # returned to the test
            errors.append(exc)

    threads = [threading.Thread(target=issue, args=(pid,)) for pid in person_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return errors


@pytest.fixture
def make_certificate(db, make_state):
    """make_certificate(kind, holder, *, person=None, unit=None, state="KEN", issued_on,
    expires_on, status="valid", serial=None) -> a certificate row with the given fields and no
    PDF (the lists and searches read fields only)."""
    import secrets
    from itertools import count

    from app.certification.models import Certificate

    numbers = count(1)

    def make(kind, holder, *, person=None, unit=None, state="KEN", issued_on=date(2025, 6, 1),
             expires_on=date(2027, 6, 1), status="valid", serial=None):
        n = next(numbers)
        cert = Certificate(
            serial=serial or f"{state}-2025-{kind[0].upper()}{n:05d}",
            token=secrets.token_urlsafe(16), kind=kind, state_id=make_state(state).id,
            person_id=getattr(person, "id", None), unit_id=getattr(unit, "id", None),
            holder_name=holder, issued_on=issued_on, expires_on=expires_on,
            issuer_name="Test issuer", payload="{}", signature="-", kid="test",
            pdf_path=f"test/{n}.pdf", pdf_sha256="0" * 64, status=status)
        db.session.add(cert)
        db.session.flush()
        return cert
    return make
