"""The watch list: units at Level 2+ whose certificate for their level expires within 30/60/90
days, has lapsed, is suspended or revoked, or is missing. Levels never change by themselves."""
import csv
import io
from datetime import timedelta

import pytest

from app.auth.models import Role
from app.pcrs.watch import watch_list
from tests.integration.dashboards.conftest import D


@pytest.fixture
def watched(db, make_unit, make_ladder, make_unit_certificate):
    ladder = make_ladder("infantry_battalion")
    made = {}

    def unit(name, level, state="KEN", *certs):
        u = make_unit(state, name=name, pcrs_level=level)
        for profile_level, expires, status in certs:
            make_unit_certificate(u, ladder[profile_level], issued_on=D - timedelta(200),
                                  expires_on=D + timedelta(expires), status=status)
        made[name] = u

    unit("exp30", "L2", "KEN", ("L2", 10, "valid"))
    unit("exp60", "L3", "KEN", ("L3", 45, "valid"))
    unit("exp90", "L2", "KEN", ("L2", 90, "valid"))  # day 90 is inside the 90-day window
    unit("far", "L2", "KEN", ("L2", 91, "valid"))
    unit("lapsed", "L2", "KEN", ("L2", -1, "valid"))
    unit("revoked", "L3", "KEN", ("L3", 100, "revoked"))
    unit("suspended", "RDL", "KEN", ("RDL", 100, "suspended"))
    unit("renewed", "L2", "KEN", ("L2", -30, "valid"), ("L2", 200, "valid"))
    unit("none", "L2", "KEN")
    unit("wrong", "L3", "KEN", ("L2", 200, "valid"))
    unit("level1", "L1", "KEN", ("L2", -5, "valid"))
    unit("ghana", "L2", "GHA", ("L2", -3, "valid"))
    db.session.commit()
    return made


def test_watch_list_statuses_windows_and_order(watched):
    items = [(i.unit_name, i.status, i.days_left, i.window) for i in watch_list(D)]
    assert items == [
        ("revoked", "revoked", 100, None),
        ("ghana", "expired", -3, None),
        ("lapsed", "expired", -1, None),
        ("suspended", "suspended", 100, None),
        ("none", "no_certificate", None, None),
        ("wrong", "no_certificate", None, None),
        ("exp30", "expiring", 10, 30),
        ("exp60", "expiring", 45, 60),
        ("exp90", "expiring", 90, 90),
    ]


def test_narrower_window_keeps_every_problem(watched):
    names = [i.unit_name for i in watch_list(D, within=30)]
    assert "exp60" not in names and "exp90" not in names
    assert {"exp30", "revoked", "lapsed", "none"} <= set(names)


def test_the_level_is_never_changed(watched, db):
    watch_list(D)
    db.session.expire_all()
    assert watched["lapsed"].pcrs_level == "L2" and watched["revoked"].pcrs_level == "L3"


def test_certifying_officers_see_their_state_with_export(client, sign_in, make_user, watched):
    sign_in(make_user(Role.CERTIFYING_OFFICER, state="KEN"))
    html = client.get(f"/readiness/watchlist?on={D.isoformat()}").get_data(as_text=True)
    assert "lapsed" in html and "ghana" not in html
    response = client.get(f"/readiness/watchlist.csv?on={D.isoformat()}&within=60")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert table[0][:3] == ["Unit", "State", "Level"]
    names = [row[0] for row in table[1:]]
    assert "ghana" not in names and "exp60" in names and "exp90" not in names


def test_un_staff_see_every_state(client, sign_in, make_user, watched):
    sign_in(make_user(Role.UN_OFFICER))
    html = client.get(f"/readiness/watchlist?on={D.isoformat()}").get_data(as_text=True)
    assert "ghana" in html and "lapsed" in html


def test_registrars_do_not_get_the_watch_list(client, sign_in, make_user):
    sign_in(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    assert client.get("/readiness/watchlist").status_code == 403
    assert client.get("/readiness/watchlist.csv").status_code == 403
