"""The import pages, problems and the readiness matrix read in French."""
from app.timeutil import today
from tests.factories_catalogue import ensure_translations
from tests.integration.imports.conftest import roster_csv, roster_line


def french(client):
    ensure_translations()
    client.post("/lang/fr")


def test_import_refusal_and_problems_in_french(client, db, registrar, make_unit, flow):
    unit = make_unit("KEN")
    db.session.commit()
    french(client)
    page = client.get(f"/imports/units/{unit.id}/roster").get_data(as_text=True)
    assert "Importer un effectif dans" in page and "Téléverser et vérifier" in page
    response = flow.upload(f"/imports/units/{unit.id}/roster", b"", "vide.csv")
    assert "Le fichier est vide." in response.get_data(as_text=True)
    stage = flow.stage_id(flow.upload(f"/imports/units/{unit.id}/roster",
                                      roster_csv(2, extra=[roster_line(5, sex="Q")])))
    flow.check(stage)
    page = flow.preview(stage)
    assert "« Q » : indiquez F ou M" in page and "Problèmes par ligne" in page


def test_matrix_in_french(client, db, registrar, readiness_world):
    w = readiness_world(size=3, keys=1, codes=("CD-1",), share=1.0)
    w.give_all(completed_on=today().replace(day=1), who=w.people[:2])
    db.session.commit()
    french(client)
    html = client.get(f"/units/{w.unit.id}").get_data(as_text=True)
    assert "Non certifiable." in html
    assert "CD-1 : 2 personnes sur 3 la détiennent ; il en faut 3." in html
    assert "Légende :" in html
