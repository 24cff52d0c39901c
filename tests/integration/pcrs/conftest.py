from datetime import date, timedelta

import pytest

from tests.factories_pcrs import *  # noqa: F401,F403
from tests.factories_records import *  # noqa: F401,F403

D = date(2025, 6, 1)  # the decision date used throughout
L2_EVIDENCE = {"aav_on": D - timedelta(days=20), "aav_outcome": "successful"}
L3_EVIDENCE = {"sur_aligned": True, "sur_aligned_on": D - timedelta(days=5)}
RDL_EVIDENCE = {"verification_visit_on": D - timedelta(days=3), "deployable_days": 60}


@pytest.fixture
def world(db, make_unit, make_ladder, make_user):
    """A Kenyan infantry battalion at Level 1 with profiles L1..RDL and a UN officer."""
    from types import SimpleNamespace

    from app.auth.models import Role

    profiles = make_ladder("infantry_battalion")
    unit = make_unit("KEN", name="1 KENBATT")
    officer = make_user(Role.UN_OFFICER)
    db.session.commit()
    return SimpleNamespace(unit=unit, profiles=profiles, officer=officer)
