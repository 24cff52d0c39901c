"""Exports and uploads are rate-limited per user (anti-automation), with a 429 page."""
import pytest

from app import create_app
from app.auth.models import Role
from app.config import TestConfig
from app.extensions import db as _db
from tests.conftest import PASSWORD


class LimitedConfig(TestConfig):
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"


@pytest.fixture
def limited_app(db):
    db.session.commit()  # the suite's own app (autouse fixtures) must hold no locks meanwhile
    app = create_app(LimitedConfig)
    with app.app_context():
        _db.drop_all()
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


def test_exports_answer_429_past_the_hourly_limit(limited_app):
    from app.auth.services import create_user
    from app.catalogue.models import MemberState
    from app.imports.blueprint import EXPORT_LIMIT
    from app.units.models import Unit

    state = MemberState(iso3="KEN", iso2="KE", name_en="Kenya", name_fr="Kenya")
    _db.session.add(state)
    _db.session.flush()
    unit = Unit(state_id=state.id, name="U", unit_type="infantry_battalion",
                authorised_strength=10)
    _db.session.add(unit)
    user = create_user("limits@example.org", Role.CENTRE_REGISTRAR, PASSWORD, state_id=state.id)
    _db.session.commit()
    client = limited_app.test_client()
    assert client.post("/auth/login", data={"email": user.email,
                                            "password": PASSWORD}).status_code == 302
    allowed = int(EXPORT_LIMIT.split()[0])
    codes = [client.get(f"/exports/units/{unit.id}/roster.csv").status_code
             for _ in range(allowed + 1)]
    assert codes[:allowed] == [200] * allowed and codes[-1] == 429
