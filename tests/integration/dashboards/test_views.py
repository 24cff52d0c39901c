"""Dashboards over HTTP: charts with their tables and CSV exports; UN staff see every state,
a state's staff only their own (the tenancy hook scopes the GROUP BY queries too)."""
import csv
import io

import pytest

from app.auth.models import Role
from tests.integration.dashboards.conftest import D

ON = f"on={D.isoformat()}"


def rows(client, key):
    response = client.get(f"/readiness/dashboard/{key}.csv?{ON}")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))[1:]


def test_un_officer_sees_every_chart_with_its_table(client, sign_in, make_user, dash):
    sign_in(make_user(Role.UN_OFFICER))
    html = client.get(f"/readiness?{ON}").get_data(as_text=True)
    assert html.count("<svg") == 8  # one chart per panel, two for the gender panel
    assert html.count('role="img"') == 8 and html.count("<table") == 7
    for chart in ("chart-levels", "chart-deployable", "chart-gender", "chart-gender-states",
                  "chart-language", "chart-trainers", "chart-partnerships", "chart-individuals"):
        assert f'id="{chart}"' in html
    assert "target 12,000" in html and "target 4,000" in html
    assert "<script" not in html.split("<main", 1)[1]


def test_un_figures_cover_all_states(client, sign_in, make_user, dash):
    sign_in(make_user(Role.UN_OFFICER))
    assert rows(client, "levels") == [
        ["Level 1", "2", "2", "0", "2", ""], ["Level 2", "1", "4", "0", "4", ""],
        ["Level 3", "1", "5", "0", "5", ""], ["Rapid Deployment Level", "2", "1", "3", "4", "4000"],
        ["Level 3 and RDL together", "3", "6", "3", "9", "12000"]]
    assert rows(client, "deployable") == [["30", "2", "5"], ["60", "3", "8"], ["90", "3", "8"]]
    assert [r[0] for r in rows(client, "gender")] == ["GHA", "KEN", "KEN", "KEN"]
    assert rows(client, "partnerships") == [
        ["TPP-HEE", "Heavy engineering", "Engineering", "4", "3", "4", "2"]]


@pytest.mark.parametrize("role", [Role.CENTRE_REGISTRAR, Role.CERTIFYING_OFFICER])
def test_state_staff_see_only_their_state(client, sign_in, make_user, dash, role):
    sign_in(make_user(role, state="KEN"))
    assert rows(client, "levels") == [
        ["Level 1", "2", "2", "0", "2", ""], ["Level 2", "0", "0", "0", "0", ""],
        ["Level 3", "1", "5", "0", "5", ""], ["Rapid Deployment Level", "1", "0", "3", "3", "4000"],
        ["Level 3 and RDL together", "2", "5", "3", "8", "12000"]]
    assert rows(client, "deployable") == [["30", "0", "0"], ["60", "1", "3"], ["90", "1", "3"]]
    assert {r[0] for r in rows(client, "gender")} == {"KEN"}
    assert {r[0] for r in rows(client, "language")} == {"KEN"}
    assert rows(client, "trainers") == [["TOT-CPTM", "KEN", "1"], ["TOT-SEA", "KEN", "1"]]
    assert rows(client, "partnerships") == [
        ["TPP-HEE", "Heavy engineering", "Engineering", "3", "2", "3", "1"]]
    html = client.get(f"/readiness?{ON}").get_data(as_text=True)
    assert "GHA" not in html


def test_gender_table_writes_the_status_out(client, sign_in, make_user, dash):
    sign_in(make_user(Role.UN_OFFICER))
    statuses = {(r[0], r[1]): r[6] for r in rows(client, "gender")}
    assert statuses[("KEN", "Troops")] == "meets target"
    assert statuses[("GHA", "Troops")] == "below target, some women"
    assert statuses[("KEN", "Staff officers and military observers")] == "no women"
    html = client.get(f"/readiness?{ON}").get_data(as_text=True)
    for badge, label in (("badge-valid", "meets target"), ("badge-amber", "below target, some "
                         "women"), ("badge-red", "no women")):
        assert f'<span class="badge {badge}">{label}</span>' in html


def test_csv_cells_that_look_like_formulas_are_neutralised(client, sign_in, make_user, dash, db):
    from app.training.models import Partnership

    partnership = db.session.scalar(db.select(Partnership).filter_by(code="TPP-HEE"))
    partnership.name = '=HYPERLINK("http://evil.example","x")'
    db.session.commit()
    sign_in(make_user(Role.UN_OFFICER))
    [row] = rows(client, "partnerships")
    assert row[1] == "'" + '=HYPERLINK("http://evil.example","x")'
    assert row[3] == "4"  # numbers unchanged


def test_unknown_dashboard_and_bad_date(client, sign_in, make_user, dash):
    sign_in(make_user(Role.UN_OFFICER))
    assert client.get("/readiness/dashboard/nope.csv").status_code == 404
    assert client.get("/readiness?on=not-a-date").status_code == 200  # falls back to today


@pytest.mark.parametrize("role", [Role.TOT_TRAINER, Role.PARTNER_TRAINER])
def test_trainers_have_no_dashboards(client, sign_in, make_user, role):
    sign_in(make_user(role, state=None))
    assert client.get("/readiness").status_code == 403
    assert client.get("/readiness/dashboard/levels.csv").status_code == 403
