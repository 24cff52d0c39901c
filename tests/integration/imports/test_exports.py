"""Templates and exports: the right columns, formula-safe cells, numbers as numbers, personal
columns only for those allowed, scoped like the pages; an export re-imports as "no change"."""
import csv
import io
from datetime import date

from openpyxl import load_workbook

from app.auth.models import Role
from tests.integration.imports.conftest import roster_csv, roster_line

HOSTILE = '=HYPERLINK("http://evil.example","x")'


def rows_of(response):
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_templates_have_the_import_header(client, registrar):
    roster = rows_of(client.get("/imports/templates/roster.csv"))
    assert roster == [["member_state", "service_number", "family_name", "given_name", "rank",
                       "sex", "personnel_category", "nationality", "birth_on", "appointment",
                       "key_appointment", "nio", "commander", "start_on", "end_on"]]
    results = rows_of(client.get("/imports/templates/results.csv"))
    assert results[0][:3] == ["member_state", "service_number", "standard"]
    book = load_workbook(io.BytesIO(client.get("/imports/templates/results.xlsx").get_data()))
    assert book.sheetnames == ["results", "help", "codes"]
    assert [c.value for c in book["results"][1]][:2] == ["member_state", "service_number"]
    assert client.get("/imports/templates/other.csv").status_code == 404
    assert client.get("/imports/templates/roster.exe").status_code == 404


def test_roster_export_is_formula_safe_and_reimports_unchanged(client, db, registrar, make_unit,
                                                               flow):
    unit = make_unit("KEN")
    db.session.commit()
    data = roster_csv(3, extra=[roster_line(5, family_name=HOSTILE.replace(",", ";"))])
    flow.run(f"/imports/units/{unit.id}/roster", data)
    exported = client.get(f"/exports/units/{unit.id}/roster.csv")
    rows = rows_of(exported)
    assert rows[0][:3] == ["member_state", "service_number", "family_name"]
    hostile = next(r for r in rows if "HYPERLINK" in r[2])
    assert hostile[2].startswith("'=")
    book = load_workbook(io.BytesIO(client.get(f"/exports/units/{unit.id}/roster.xlsx").get_data()))
    cells = [c.value for row in book.active.iter_rows() for c in row]
    assert any(isinstance(v, str) and v.startswith("'=HYPERLINK") for v in cells)
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)
    # the export of clean rows goes back in as "unchanged"
    clean = "\n".join(",".join(r) for r in rows if "HYPERLINK" not in r[2]) + "\n"
    stage = flow.stage_id(flow.upload(f"/imports/units/{unit.id}/roster", clean.encode(),
                                      "back.csv"))
    flow.check(stage)
    page = flow.preview(stage)
    assert 'data-key="people_same">3<' in page and 'data-key="members_same">3<' in page


def test_completion_exports_and_un_officer_sees_no_personal_columns(
        client, db, make_user, login_as, readiness_world, settle):
    w = readiness_world(size=2, codes=("CD-1",))
    w.give_all()
    unit_id = w.unit.id
    settle()
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    rows = rows_of(client.get(f"/exports/units/{unit_id}/completions.csv"))
    assert rows[0][:4] == ["member_state", "service_number", "family_name", "given_name"]
    assert len(rows) == 3 and rows[1][8] == "80"
    book = load_workbook(io.BytesIO(client.get(
        f"/exports/units/{unit_id}/completions.xlsx").get_data()))
    assert book.active["I2"].value == 80 and book.active["I2"].data_type == "n"
    client.post("/auth/logout")
    login_as(make_user(Role.UN_OFFICER))
    rows = rows_of(client.get(f"/exports/units/{unit_id}/completions.csv"))
    assert rows[0][0] == "person_id" and "service_number" not in rows[0]
    roster = rows_of(client.get(f"/exports/units/{unit_id}/roster.csv"))
    assert "family_name" not in roster[0] and len(roster) == 3


def test_exports_are_scoped(client, db, make_user, login_as, readiness_world, settle):
    w = readiness_world(size=1, state="GHA")
    unit_id = w.unit.id
    settle()
    login_as(make_user(Role.CENTRE_REGISTRAR, state="KEN"))
    assert client.get(f"/exports/units/{unit_id}/roster.csv").status_code == 404
    assert client.get(f"/exports/units/{unit_id}/completions.xlsx").status_code == 404


def test_templates_list_the_codes_with_their_names_and_the_pass_marks(client, db, registrar,
                                                                      make_standard, course):
    make_standard("SEA-1", "2025", pass_mark=0, effective_on=date(2025, 1, 1))
    db.session.commit()
    book = load_workbook(io.BytesIO(client.get("/imports/templates/results.xlsx").get_data()))
    assert book.sheetnames == ["results", "help", "codes"]
    rows = [[c.value for c in row] for row in book["codes"].iter_rows()]
    assert rows[0] == ["Column", "Code", "Name", "Pass mark", "Note"]
    standards = {r[1]: r for r in rows if r[0] == "standard"}
    assert standards["SEA-1"][3] == "none"  # current today; CD-1@2017 of `course` is retired
    assert "CD-1" not in standards
    assert ["result", "pass", "Pass"] == rows[[r[1] for r in rows].index("pass")][:3]
    assert [r[:2] for r in rows if r[0] == "member_state"] == [["member_state", "KEN"]]
    # for one session: its standards, their pass marks and sign-off, its trainers
    session = course.session.id
    book = load_workbook(io.BytesIO(client.get(
        f"/imports/templates/results.xlsx?session_id={session}").get_data()))
    rows = [[c.value for c in row] for row in book["codes"].iter_rows()]
    cd1 = [r for r in rows if r[0] == "standard"]
    assert [(r[1], r[3]) for r in cd1] == [("CD-1", 70)]
    assert "TOT-CPTM" in cd1[0][4] and "2017" in cd1[0][4]
    assert [r[1] for r in rows if r[0] == "signed_off_by"] == [course.trainer.service_number]
    assert client.get("/imports/templates/results.xlsx?session_id=999999").status_code == 404
    assert client.get("/imports/templates/results.xlsx?session_id=99999999999").status_code == 404
    roster = load_workbook(io.BytesIO(client.get("/imports/templates/roster.xlsx").get_data()))
    columns = {r[0].value for r in roster["codes"].iter_rows()}
    assert {"sex", "personnel_category", "key_appointment", "nationality"} <= columns
    # the upload page shows them too (the CSV template cannot)
    page = client.get(f"/imports/sessions/{session}/results").get_data(as_text=True)
    assert '<code>standard</code></td><td><code lang="en">CD-1</code></td>' in page
    assert f"session_id={session}" in page


def test_another_states_session_template_is_a_404(client, db, course, make_user, login_as,
                                                   settle):
    session = course.session.id
    login_as(make_user(Role.CENTRE_REGISTRAR, state="GHA"))
    settle()
    response = client.get(f"/imports/templates/results.xlsx?session_id={session}")
    assert response.status_code == 404
