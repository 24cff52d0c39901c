"""Roster import through the pages: preview with every problem, all-or-nothing commit, no
duplicates on a second run, another state's people refused whole, bad files refused clearly."""
import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.imports.models import ImportBatch
from app.units.models import Membership, Person
from tests.integration.imports.conftest import ROSTER_HEADER, roster_csv, roster_line


def count(db, model, **where):
    query = select(func.count()).select_from(model)
    for key, value in where.items():
        query = query.where(getattr(model, key) == value)
    return db.session.scalar(query)


@pytest.fixture
def unit(make_unit, db):
    unit = make_unit("KEN")
    db.session.commit()
    return unit


def url(unit):
    return f"/imports/units/{unit.id}/roster"


def test_upload_check_confirm_creates_people_and_roster(client, db, registrar, unit, flow):
    stage, response, page = flow.run(url(unit), roster_csv(25))
    assert response.status_code == 302
    assert "Imported. All 25 rows were written." in page
    assert count(db, Person) == 25 and count(db, Membership, unit_id=unit.id) == 25
    assert count(db, Membership, unit_id=unit.id, is_key_appointment=True) == 1
    batch = db.session.scalar(select(ImportBatch))
    assert (batch.kind, batch.row_count, batch.state_id) == ("roster", 25, unit.state_id)
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "import.commit"))
    (event,) = list(events)
    assert event.details["people_new"] == 25 and "Otieno" not in str(event.details)


def test_same_file_twice_creates_nothing_new(client, db, registrar, unit, flow):
    data = roster_csv(10)
    flow.run(url(unit), data)
    stage = flow.stage_id(flow.upload(url(unit), data))
    assert "already imported" in flow.preview(stage)
    assert flow.confirm(stage).status_code == 302
    assert count(db, Person) == 10 and count(db, Membership) == 10
    assert count(db, ImportBatch) == 1
    # the same people in a different file (one changed, two new): natural keys, no duplicates
    changed = roster_csv(12).replace(b"Otieno3,", b"Odhiambo3,")
    stage, _response, page = flow.run(url(unit), changed)
    assert count(db, Person) == 12 and count(db, Membership) == 12
    assert db.session.scalar(select(Person.family_name).where(
        Person.service_number == "KA-00003")) == "Odhiambo3"
    assert count(db, ImportBatch) == 2


def test_one_bad_row_in_a_thousand_writes_nothing_and_names_the_line(client, db, registrar,
                                                                     unit, flow):
    lines = [roster_line(i) for i in range(1000)]
    lines[636] = roster_line(636, sex="Q")  # file line 638 (header is line 1)
    data = ("\n".join([ROSTER_HEADER] + lines) + "\n").encode()
    stage = flow.stage_id(flow.upload(url(unit), data))
    calls, body = flow.check(stage)
    assert body["problems"] == 1 and calls == 1
    page = flow.preview(stage)
    assert "<td>638</td><td><code>sex</code></td>" in page and "use F or M" in page
    assert "Import 1000 rows" not in page
    response = flow.confirm(stage)
    assert response.status_code == 302
    assert count(db, Person) == 0 and count(db, Membership) == 0 and count(db, ImportBatch) == 0


def test_problem_found_only_against_the_records_also_blocks(client, db, registrar, unit, flow):
    data = roster_csv(3, extra=[roster_line(9, personnel_category="astronaut")])
    stage = flow.stage_id(flow.upload(url(unit), data))
    flow.check(stage)
    page = flow.preview(stage)
    assert "<td>5</td><td><code>personnel_category</code></td>" in page
    assert "unknown personnel category" in page
    flow.confirm(stage)
    assert count(db, Person) == 0


def test_another_states_people_refuse_the_whole_file(client, db, registrar, unit, flow):
    data = roster_csv(5, extra=[roster_line(7, state="GHA")])
    response = flow.upload(url(unit), data)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "another Member State" in text and "GHA" in text and "the whole file is refused" in text
    assert count(db, Person) == 0


BAD_FILES = [
    ("latin1.csv", roster_csv(2).replace(b"Grace", "Grâce".encode("latin-1")), "is not UTF-8"),
    ("utf16.csv", roster_csv(2).decode().encode("utf-16"), "UTF-16"),
    ("empty.csv", b"", "The file is empty"),
    ("header.csv", (ROSTER_HEADER + "\n").encode(), "no data rows"),
    ("wrong.csv", b"name,surname\nA,B\n", "does not match the template"),
    ("huge.csv", roster_csv(1, extra=["KEN,KA-9," + "x" * 140_000 + ",G,Pte,F,m,KEN,,no,no"]),
     "longer than 131072 characters"),
    ("old.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "Old Excel files"),
    ("broken.xlsx", b"PK\x03\x04not really a zip", "cannot be read as an Excel workbook"),
    ("notes.pdf", b"%PDF-1.4", "Only .csv and .xlsx"),
]


@pytest.mark.parametrize("name, data, message", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_get_a_clear_error_never_a_500(client, db, registrar, unit, flow, name,
                                                  data, message):
    response = flow.upload(url(unit), data, name)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(db, Person) == 0


def test_too_many_rows(client, db, registrar, unit, flow):
    response = flow.upload(url(unit), roster_csv(10_001))
    assert response.status_code == 422
    assert "more than 10000 data rows" in response.get_data(as_text=True)


def test_xlsx_roster(client, db, registrar, unit, flow):
    book = Workbook()
    sheet = book.active
    sheet.append(ROSTER_HEADER.split(","))
    for i in range(3):
        sheet.append(roster_line(i).split(","))
    out = io.BytesIO()
    book.save(out)
    _stage, _response, page = flow.run(url(unit), out.getvalue(), "roster.xlsx")
    assert "Imported." in page and count(db, Membership, unit_id=unit.id) == 3


def test_no_file_and_missing_target(client, db, registrar, unit):
    response = client.post(url(unit), data={}, content_type="multipart/form-data")
    assert response.status_code == 422 and "Choose a file" in response.get_data(as_text=True)
    assert client.get("/imports/units/999999/roster").status_code == 404


def test_someone_elses_upload_is_not_found(client, db, registrar, unit, flow, make_user,
                                           login_as):
    from app.auth.models import Role

    stage = flow.stage_id(flow.upload(url(unit), roster_csv(2)))
    client.post("/auth/logout")
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    assert client.get(f"/imports/{stage}").status_code == 404
    assert client.post(f"/imports/{stage}/confirm").status_code == 404


def test_discard_keeps_nothing(client, db, registrar, unit, flow):
    stage = flow.stage_id(flow.upload(url(unit), roster_csv(2)))
    assert client.post(f"/imports/{stage}/discard").status_code == 302
    assert "discarded" in flow.preview(stage)
    assert flow.confirm(stage).status_code == 302 and count(db, Person) == 0


def test_no_script_fallback_checks_every_row_at_once(client, db, registrar, unit, flow):
    stage = flow.stage_id(flow.upload(url(unit), roster_csv(3)))
    assert client.post(f"/imports/{stage}/check", data={"all": "1"}).status_code == 302
    assert "Every row checks out" in flow.preview(stage)


def test_unit_page_links_to_import_and_exports(client, db, registrar, unit):
    html = client.get(f"/units/{unit.id}").get_data(as_text=True)
    assert f"/imports/units/{unit.id}/roster" in html
    assert f"/exports/units/{unit.id}/roster.xlsx" in html
    assert f"/exports/units/{unit.id}/completions.csv" in html


def test_stale_uploads_are_removed_at_the_next_upload(client, db, registrar, unit, flow):
    from datetime import timedelta

    from app.imports.models import ImportStage
    from app.timeutil import utcnow

    old = flow.stage_id(flow.upload(url(unit), roster_csv(2)))
    stage = db.session.get(ImportStage, old)
    stage.created_at = utcnow() - timedelta(days=2)
    db.session.commit()
    assert flow.upload(url(unit), roster_csv(3)).status_code == 302
    db.session.expire_all()
    stages = list(db.session.scalars(select(ImportStage)))
    assert len(stages) == 1 and stages[0].created_at > utcnow() - timedelta(hours=1)


def test_the_commander_column_is_optional_and_marks_commanders(client, db, registrar, unit, flow):
    """A file without the column (the format before commanders) still imports; one with it
    marks the commander, whom the readiness rules count as a key appointment too."""
    flow.run(url(unit), roster_csv(3))
    assert count(db, Membership, unit_id=unit.id, is_commander=True) == 0
    header = ROSTER_HEADER + ",commander"
    lines = [header] + [roster_line(i) + ("," + ("yes" if i == 1 else "no")) for i in range(3)]
    stage, response, page = flow.run(url(unit), ("\n".join(lines) + "\n").encode())
    assert response.status_code == 302
    commanders = db.session.scalars(select(Person.service_number).join(
        Membership, Membership.person_id == Person.id).where(Membership.is_commander.is_(True)))
    assert list(commanders) == ["KA-00001"]
