"""API writes are rate-limited per user (API_WRITE_LIMIT): the write after the limit is
answered 429 with Retry-After and writes nothing; another user of the same address is not
affected. Limits are off in TestConfig, so this test turns them on in its own app."""
from datetime import date

import pytest
from sqlalchemy import func, select

from app import create_app
from app.config import TestConfig
from app.extensions import db


@pytest.fixture(autouse=True)
def _taxonomy():
    """This test builds its own app: no `app` fixture (and its database) beside it; on
    PostgreSQL the two would share one database and lock each other."""


@pytest.fixture
def limited_app():
    config = type("Limited", (TestConfig,), {"RATELIMIT_ENABLED": True,
                                             "RATELIMIT_STORAGE_URI": "memory://",
                                             "API_WRITE_LIMIT": "3 per minute"})
    app = create_app(config)
    with app.app_context():
        db.drop_all()
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_the_write_after_the_limit_is_429(limited_app):
    from app.auth.models import Role
    from app.auth.services import create_user
    from app.auth.tokens import create_api_token
    from app.catalogue.models import MemberState
    from app.units.models import ScreeningAttestation, Unit

    state = MemberState(iso3="KEN", iso2="KE", name_en="Kenya", name_fr="Kenya")
    db.session.add(state)
    db.session.flush()
    unit = Unit(state_id=state.id, name="KENBATT", unit_type="infantry_battalion",
                authorised_strength=850)
    db.session.add(unit)
    secrets = []
    for n in (1, 2):
        user = create_user(f"registrar{n}@example.org", Role.CENTRE_REGISTRAR,
                           "correct horse battery staple 42", state_id=state.id)
        secrets.append(create_api_token(user, "t")[1])
    db.session.commit()
    client, url = limited_app.test_client(), f"/api/v1/units/{unit.id}/screenings"
    body = {"rotation": "R1", "status": "cleared", "attested_on": date.today().isoformat()}

    def post(secret, key):
        return client.post(url, json=body, headers={"Authorization": f"Bearer {secret}",
                                                    "Idempotency-Key": key})

    assert [post(secrets[0], f"k{n}").status_code for n in range(3)] == [201, 201, 201]
    refused = post(secrets[0], "k3")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert refused.get_json()["status"] == 429
    assert post(secrets[1], "k3").status_code == 201
    assert db.session.scalar(select(func.count(ScreeningAttestation.id))) == 4
