"""Fixtures for PCRS and dashboard tests: requirement profiles, unit certificate rows, and a
signed-in client that completes two-step verification when the role needs it.

Use from a conftest: `from tests.factories_pcrs import *  # noqa: F401,F403`.
"""
import secrets
from datetime import date
from itertools import count

import pytest

_seq = count(1)


@pytest.fixture
def make_profile(db):
    """make_profile(level="L2", unit_type="infantry_battalion", requires_certificate=None)."""
    from app.catalogue.models import RequirementProfile

    def make(level="L2", unit_type="infantry_battalion", requires_certificate=None, code=None):
        code = code or f"{unit_type[:3].upper()}-{level}"
        existing = db.session.scalar(db.select(RequirementProfile).filter_by(code=code))
        if existing:
            return existing
        profile = RequirementProfile(
            code=code, title_en=f"{code} profile", title_fr=f"Profil {code}", unit_type=unit_type,
            pcrs_level=level, requires_certificate=(level != "L1") if requires_certificate is None
            else requires_certificate, certificate_validity_months=12, roster_share=0.8,
            screening_required=False, nio_per=150)
        db.session.add(profile)
        db.session.flush()
        return profile
    return make


@pytest.fixture
def make_ladder(make_profile):
    """Profiles L1..RDL for a unit type (L1 needs no certificate, the others do)."""
    def make(unit_type="infantry_battalion"):
        return {level: make_profile(level, unit_type) for level in ("L1", "L2", "L3", "RDL")}
    return make


@pytest.fixture
def make_unit_certificate(db):
    """A unit certificate row with the given lifecycle fields (no PDF: the gate reads fields)."""
    from app.certification.models import Certificate

    def make(unit, profile, *, issued_on=date(2025, 1, 10), expires_on=date(2026, 1, 9),
             status="valid", superseded_by=None):
        n = next(_seq)
        cert = Certificate(
            serial=f"TST-U-{n:05d}", token=secrets.token_urlsafe(16), kind="unit",
            state_id=unit.state_id, unit_id=unit.id, profile_id=profile.id,
            holder_name=unit.name, issued_on=issued_on, expires_on=expires_on,
            issuer_name="Test issuer", payload="{}", signature="-", kid="test",
            pdf_path=f"test/{n}.pdf", pdf_sha256="0" * 64, status=status)
        db.session.add(cert)
        db.session.flush()
        if superseded_by is not None:
            cert.superseded_by_id = superseded_by.id
            db.session.flush()
        return cert
    return make


def complete_mfa(client, user):
    """Give `user` an authenticator (if needed) and pass the second sign-in step."""
    from app.auth import totp
    from app.extensions import db
    from app.timeutil import utcnow

    if not user.mfa_enabled:
        user.mfa_secret, user.mfa_enabled = totp.new_secret(), True
        db.session.commit()
    step = max(totp.step_at(utcnow().timestamp()), (user.mfa_last_step or 0) + 1)
    response = client.post("/auth/mfa", data={"code": totp.code_at(user.mfa_secret, step)})
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:300]
    return response


@pytest.fixture
def sign_in(client, login_as):
    """sign_in(user): the real login form, then the TOTP step when the role requires it."""
    from app.auth.services import needs_mfa

    def sign(user):
        response = login_as(user)
        if needs_mfa(user) and "/auth/mfa" in response.headers.get("Location", ""):
            complete_mfa(client, user)
        return user
    return sign


@pytest.fixture
def bearer(db):
    """bearer(user) -> headers carrying a fresh personal API token of `user`."""
    from app.auth.tokens import create_api_token

    def make(user):
        _token, secret = create_api_token(user, "tests")
        db.session.commit()
        return {"Authorization": f"Bearer {secret}"}
    return make
