"""Unit, roster, screening and people pages through the client: own vs foreign, personal data."""
import re
from datetime import date

from app.auth.models import Role
from app.units.models import LanguageProficiency, Membership, ScreeningAttestation, Unit


def test_registrar_creates_unit_and_builds_roster(client, db, make_user, login_as, make_person):
    registrar = make_user(Role.CENTRE_REGISTRAR, "KEN")
    login_as(registrar)
    response = client.post("/units/new", data={
        "name": "KENBATT 1", "unit_type": "infantry_battalion", "authorised_strength": "850",
        "mission": "UNMISS", "mission_language": "en", "pledge_capability": "Infantry",
        "rotation": "R1", "deployable_days": "60"})
    assert response.status_code == 302, response.get_data(as_text=True)
    unit = db.session.scalar(db.select(Unit))
    assert unit.state_id == registrar.state_id and unit.pcrs_level == "L1"
    person = make_person("KEN", service_number="KA-100")
    db.session.commit()
    response = client.post(f"/units/{unit.id}/members", data={
        "m-service_number": "ka-100", "m-appointment": "Commanding officer",
        "m-is_key_appointment": "y", "m-start_on": "2025-01-01"})
    assert response.status_code == 302
    membership = db.session.scalar(db.select(Membership))
    assert membership.person_id == person.id and membership.is_key_appointment
    page = client.get(f"/units/{unit.id}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Commanding officer" in body and person.family_name in body
    assert page.headers["Cache-Control"] == "no-store"
    response = client.post(f"/units/{unit.id}/screening", data={
        "s-rotation": "R1", "s-status": "cleared", "s-attested_on": "2025-01-02"})
    assert response.status_code == 302
    assert db.session.scalar(db.select(ScreeningAttestation)).status == "cleared"
    response = client.post(f"/units/{unit.id}/members/{membership.id}/remove")
    assert response.status_code == 302
    assert db.session.scalar(db.select(Membership)) is None


def test_removing_from_the_roster_asks_first(app, client, db, make_user, login_as,
                                             make_unit, make_person):
    """Each roster line links to a confirmation page (no JavaScript needed) saying who leaves
    which roster; only its button, with its CSRF token (CSRF on, as in production), removes."""
    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    unit = make_unit("KEN")
    people = [make_person("KEN") for _ in range(3)]
    for person in people:
        db.session.add(Membership(state_id=unit.state_id, unit_id=unit.id, person_id=person.id))
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    body = client.get(f"/units/{unit.id}").get_data(as_text=True)
    links = re.findall(rf'href="(/units/{unit.id}/members/(\d+)/remove)"', body)
    assert len(links) == 3
    path, membership_id = links[1]
    confirm = client.get(path)
    assert confirm.status_code == 200 and db.session.scalar(
        db.select(db.func.count(Membership.id))) == 3  # opening the page removes nobody
    page = confirm.get_data(as_text=True)
    removed = db.session.get(Membership, int(membership_id)).person
    assert f"({removed.service_number}) leaves the roster of {unit.name}" in page
    assert f'href="/units/{unit.id}#roster-h"' in page  # Cancel
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post(path).status_code == 400
    assert client.post(path, data={"csrf_token": token}).status_code == 302
    left = set(db.session.scalars(db.select(Membership.id)))
    assert len(left) == 2 and int(membership_id) not in left


def test_foreign_unit_and_person_are_404(client, db, make_user, login_as, make_unit, make_person,
                                         settle):
    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    unit, person = make_unit("GHA", name="Ghana battalion"), make_person("GHA")
    unit_id, person_id = unit.id, person.id
    settle()
    for url in (f"/units/{unit_id}", f"/units/{unit_id}/edit", f"/units/people/{person_id}",
                f"/units/people/{person_id}/edit"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/units/{unit_id}/screening", data={}).status_code == 404
    assert client.post(f"/units/people/{person_id}/languages", data={}).status_code == 404
    assert "Ghana battalion" not in client.get("/units").get_data(as_text=True)


def test_roster_refuses_another_states_person(client, db, make_user, login_as, make_unit,
                                              make_person):
    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    unit = make_unit("KEN")
    make_person("GHA", service_number="GH-1")
    db.session.commit()
    response = client.post(f"/units/{unit.id}/members", data={"m-service_number": "GH-1"},
                           follow_redirects=True)
    assert "No person with this service number" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(Membership)) is None


def test_personal_data_only_for_state_staff(client, db, make_user, login_as, make_person):
    person = make_person("KEN", service_number="SECRET-77", birth_on=date(1988, 2, 29))
    db.session.commit()
    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    body = client.get(f"/units/people/{person.id}").get_data(as_text=True)
    assert "SECRET-77" in body and "1988-02-29" in body
    client.post("/auth/logout")
    login_as(make_user(Role.UN_OFFICER))
    response = client.get(f"/units/people/{person.id}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and person.family_name in body
    assert "SECRET-77" not in body and "1988-02-29" not in body
    found = client.get("/units/people?q=SECRET").get_data(as_text=True)
    assert person.family_name not in found  # no search by service number without the right


def test_person_new_edit_and_language(client, db, make_user, login_as):
    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    data = {"service_number": "ke 555", "rank": "Maj", "given_name": "Achieng",
            "family_name": "Otieno", "sex": "F", "personnel_category": "staff_officer",
            "nationality": "ken", "birth_on": "1985-05-05"}
    response = client.post("/units/people/new", data=data)
    assert response.status_code == 302
    from app.units.models import Person

    person = db.session.scalar(db.select(Person))
    assert person.service_number == "KE555" and person.nationality == "KEN"
    assert client.post("/units/people/new", data=data).status_code == 200  # duplicate number
    response = client.post(f"/units/people/{person.id}/edit", data=data | {"rank": "Lt Col"})
    assert response.status_code == 302 and person.rank == "Lt Col"
    response = client.post(f"/units/people/{person.id}/languages", data={
        "l-language": "fr", "l-level": "3", "l-assessed_by": "Oral test",
        "l-assessed_on": "2025-01-10", "l-valid_until": "2027-01-09"})
    assert response.status_code == 302
    assert db.session.scalar(db.select(LanguageProficiency)).level == 3


def test_un_officer_reads_but_cannot_edit(client, db, make_user, login_as, make_unit):
    unit = make_unit("GHA")
    db.session.commit()
    login_as(make_user(Role.UN_OFFICER))
    assert client.get(f"/units/{unit.id}").status_code == 200
    assert client.get(f"/units/{unit.id}/edit").status_code == 403
    assert client.get("/units/new").status_code == 403


def test_people_list_tells_namesakes_apart_by_service_number_and_unit(client, db, make_user,
                                                                      login_as, make_person,
                                                                      make_unit):
    """Many people share a name: the list shows each one's service number (to those who may see
    it) and units."""
    from app.units.models import Membership

    first = make_person("KEN", given_name="John", family_name="Kamau", service_number="KE-1")
    second = make_person("KEN", given_name="John", family_name="Kamau", service_number="KE-2")
    unit = make_unit("KEN", name="Kenya Battalion 9")
    db.session.add(Membership(state_id=unit.state_id, unit_id=unit.id, person_id=first.id))
    db.session.commit()
    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    html = client.get("/units/people?q=kamau").get_data(as_text=True)
    rows = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0].split("<tr>")[1:]
    assert len(rows) == 2
    by_number = {("KE-1" in r): r for r in rows}
    assert "<td>KE-1</td>" in by_number[True] and "Kenya Battalion 9" in by_number[True]
    assert "<td>KE-2</td>" in by_number[False] and "Kenya Battalion 9" not in by_number[False]
    assert ">Service number<" in html and ">Unit<" in html
    client.post("/auth/logout")
    login_as(make_user(Role.UN_OFFICER))
    html = client.get("/units/people?q=kamau").get_data(as_text=True)
    assert "KE-1" not in html and ">Service number<" not in html and "Kenya Battalion 9" in html
