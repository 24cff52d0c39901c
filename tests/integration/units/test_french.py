"""French pages and refusal reasons for the records."""
from datetime import date

from app.auth.models import Role
from tests.factories_catalogue import ensure_translations


def test_unit_page_and_refusal_in_french(client, db, make_user, login_as, make_unit, course):
    ensure_translations()
    unit = make_unit("KEN")
    db.session.commit()
    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    client.post("/lang/fr")
    page = client.get(f"/units/{unit.id}").get_data(as_text=True)
    assert "Attestations de vérification" in page and "Postes clés" in page
    response = client.post(f"/training/sessions/{course.session.id}/results", data={
        "person_id": str(course.attendees[0].id), "standard_id": str(course.standard.id),
        "passed": "1", "score": "50", "completed_on": date(2025, 3, 4).isoformat(),
        "signed_off_by": str(course.trainer.id)}, follow_redirects=True)
    body = response.get_data(as_text=True)
    assert "Résultat refusé pour" in body
    assert "inférieure au seuil de réussite de 70" in body
