"""A new unit with its roster file in one submission (imports.unit_with_roster): the unit and the
staged roster in one transaction, so a refused file or a refused unit field creates nothing; a
small file is checked as it uploads (at most one check chunk), a bigger one is left to the
page's progress script; a confirmed import returns to the unit's page."""
import io

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.imports import services
from app.imports.models import ImportStage
from app.units.models import Membership, Unit
from tests.integration.imports.conftest import roster_csv

URL = "/imports/units/new"
FIELDS = {"name": "1 KENFPU", "unit_type": "formed_police_unit", "authorised_strength": "140",
          "mission": "MINUSCA", "mission_language": "en", "rotation": "R1"}


def post(client, data: bytes | None, **over):
    values = dict(FIELDS, **over)
    if data is not None:
        values["file"] = FileStorage(io.BytesIO(data), "roster.csv")
    boundary, body = encode_multipart(values)
    return client.post(URL, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_page_names_every_field(client, registrar):
    page = client.get(URL).get_data(as_text=True)
    for label in ("Name", "Unit type", "Authorised strength", "Roster file (.csv or .xlsx)"):
        assert f">{label}</label>" in page
    assert 'enctype="multipart/form-data"' in page


def test_one_submission_creates_the_unit_and_a_checked_roster(client, db, registrar, flow):
    response = post(client, roster_csv(30))
    stage_id = flow.stage_id(response)
    unit = db.session.scalar(select(Unit))
    assert (unit.name, unit.unit_type, unit.state_id) == ("1 KENFPU", "formed_police_unit",
                                                          registrar.state_id)
    stage = db.session.get(ImportStage, stage_id)
    assert (stage.kind, stage.target_id, stage.status, stage.checked) == ("roster", unit.id,
                                                                          "checked", 30)
    assert "Every row checks out." in flow.preview(stage_id)
    confirmed = flow.confirm(stage_id)
    assert confirmed.headers["Location"].endswith(f"/units/{unit.id}#readiness-h")
    assert db.session.scalar(select(func.count()).select_from(Membership).where(
        Membership.unit_id == unit.id)) == 30


@pytest.mark.parametrize("data, over, message", [
    (None, {}, "Choose a file to upload."),
    (roster_csv(3, state="GHA"), {}, "GHA"),  # another state's people: the file is refused
    (b"not,a,roster\n1,2,3\n", {}, "The header does not match the template."),
    (roster_csv(3), {"authorised_strength": "0"}, "between 1 and 20000"),
    (roster_csv(3), {"name": ""}, "This field is required."),
])
def test_a_refused_file_or_field_creates_no_unit(client, db, registrar, make_state, data, over,
                                                 message):
    make_state("GHA")
    db.session.commit()
    response = post(client, data, **over)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(db, Unit) == 0 and count(db, ImportStage) == 0


def test_only_a_file_within_one_check_chunk_is_checked_as_it_uploads(client, db, registrar,
                                                                      flow, make_unit,
                                                                      monkeypatch):
    monkeypatch.setattr(services, "CHUNK", 4)
    unit = make_unit("KEN")
    db.session.commit()
    at_limit = flow.stage_id(flow.upload(f"/imports/units/{unit.id}/roster", roster_csv(4)))
    over = flow.stage_id(flow.upload(f"/imports/units/{unit.id}/roster", roster_csv(5, 10)))
    assert db.session.get(ImportStage, at_limit).status == "checked"
    assert (db.session.get(ImportStage, over).status,
            db.session.get(ImportStage, over).checked) == ("uploaded", 0)
    assert 'id="import-check"' in flow.preview(over)  # the progress script checks the rest


def test_partner_trainers_may_not_create_units(client, make_user, login_as):
    from app.auth.models import Role

    login_as(make_user(Role.PARTNER_TRAINER, state="JPN"))
    assert client.get(URL).status_code == 403
    assert post(client, roster_csv(3)).status_code == 403
