"""The PCRS page and the dashboards in French, refusals included."""
from datetime import timedelta

from app.timeutil import today
from tests.factories_catalogue import ensure_translations


def test_refusal_and_dashboard_in_french(client, sign_in, world):
    ensure_translations()
    sign_in(world.officer)
    client.post("/lang/fr", data={"next": "/"})
    on = today()
    page = client.post(f"/readiness/units/{world.unit.id}/decisions", data={
        "to_level": "L2", "decided_on": on.isoformat(), "expected_from": "L1",
        "aav_on": (on - timedelta(days=3)).isoformat(), "aav_outcome": "successful"})
    html = page.get_data(as_text=True)
    assert page.status_code == 422
    assert "Décision refusée" in html
    assert "ne détient aucun certificat d&#39;unité couvrant le profil INF-L2" in html
    dashboard = client.get("/readiness").get_data(as_text=True)
    assert "Tableaux de bord de la préparation" in dashboard
    assert "Troupes et police par niveau du PCRS" in dashboard
