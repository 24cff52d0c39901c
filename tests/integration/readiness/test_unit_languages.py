"""A unit's key appointments' languages on one page (issue 18 item 6): the rule's language and
today by default, the rule's minimum level pre-chosen for those who lack it, one submission
recording every row with the person page's rules (units/services.py record_language), all or
nothing with each refusal in its row; tenancy, roles, links, French."""
import re
from datetime import date, timedelta

from app.auth.models import Role
from app.timeutil import today
from app.units.models import LanguageProficiency
from tests.factories_catalogue import ensure_translations


def world(readiness_world, db):
    """6 people, the first three key appointments; the profile asks for the mission language
    (English) at UN II of key appointments; person 0 already has English UN III."""
    w = readiness_world(size=6, keys=3, codes=("CD-1",), share=0.5, language_level=2)
    db.session.add(LanguageProficiency(state_id=w.unit.state_id, person_id=w.people[0].id,
                                       language="en", level=3, assessed_by="Test",
                                       assessed_on=date(2025, 1, 1)))
    db.session.commit()
    return w


def selected(html, person_id):
    select = html.split(f'id="level-{person_id}"', 1)[1].split("</select>", 1)[0]
    found = re.search(r'<option value="(\d)" selected', select)
    return int(found.group(1)) if found else None


def records():
    from app.extensions import db
    return db.session.scalar(db.select(db.func.count(LanguageProficiency.id)))


def test_defaults_and_one_submission_records_every_row(client, db, make_user, login_as,
                                                       readiness_world):
    w = world(readiness_world, db)
    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    unit_page = client.get(f"/units/{w.unit.id}").get_data(as_text=True).replace("&#39;", "'")
    link = f"/readiness/units/{w.unit.id}/languages"
    assert unit_page.count(f'href="{link}"') == 2  # the hub's link and the language gap's
    assert "Record key appointments' languages" in unit_page
    html = client.get(link).get_data(as_text=True)
    assert "The unit's profile asks for English at UN II or above" in html.replace("&#39;", "'")
    assert w.people[3].service_number not in html  # key appointments only by default
    assert [selected(html, w.people[i].id) for i in range(3)] == [None, 2, 2]
    assert '<option selected value="en">' in html and f'value="{today().isoformat()}"' in html
    assert "Language test" in html
    response = client.post(link, data={
        "language": "en", "assessed_by": "Language test", "assessed_on": today().isoformat(),
        f"level-{w.people[1].id}": "2", f"level-{w.people[2].id}": "3"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/units/{w.unit.id}#readiness-h")
    assert records() == 3
    got = {(r.person_id, r.level) for r in db.session.scalars(db.select(LanguageProficiency))}
    assert {(w.people[1].id, 2), (w.people[2].id, 3)} <= got
    page = client.get(f"/units/{w.unit.id}").get_data(as_text=True).replace("&#39;", "'")
    assert "2 language records saved." in page
    assert f'href="{link}"' in page and "Record key appointments' languages" not in page


def test_one_bad_cell_saves_nothing_and_shows_in_its_row(client, db, make_user, login_as,
                                                          readiness_world):
    w = world(readiness_world, db)
    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    link = f"/readiness/units/{w.unit.id}/languages"
    base = {"language": "en", "assessed_by": "Language test",
            "assessed_on": today().isoformat()}
    page = client.post(link, data=base | {f"level-{w.people[1].id}": "2",
                                          f"level-{w.people[2].id}": "5"}).get_data(as_text=True)
    row = page.split(f'id="level-{w.people[2].id}"', 1)[1].split("</td>", 1)[0]
    assert "Choose UN I, II, III or IV, or nothing." in row
    assert "Nothing was saved" in page
    assert selected(page, w.people[1].id) == 2  # what was sent comes back
    assert records() == 1
    # a shared field the rules refuse: shown at the field, nothing saved
    tomorrow = (today() + timedelta(days=1)).isoformat()
    page = client.post(link, data=base | {"assessed_on": tomorrow,
                                          f"level-{w.people[1].id}": "2"}).get_data(as_text=True)
    field = page.split('id="assessed_on"', 1)[1].split('class="mb-3"', 1)[0]
    assert "An assessment cannot be dated in the future." in field
    assert records() == 1
    # valid until before the assessment; and nobody chosen
    page = client.post(link, data=base | {"valid_until": "2020-01-01",
                                          f"level-{w.people[1].id}": "2"}).get_data(as_text=True)
    assert "Valid until is before the assessment date." in page
    page = client.post(link, data=base).get_data(as_text=True)
    assert "Choose a level for at least one person." in page
    # a person of this state who is not on the page (not a key appointment) is ignored
    client.post(link, data=base | {f"level-{w.people[4].id}": "2",
                                   f"level-{w.people[1].id}": "4"})
    assert {r.person_id for r in db.session.scalars(db.select(LanguageProficiency))} == \
        {w.people[0].id, w.people[1].id}


def test_whole_roster_on_request(client, db, make_user, login_as, readiness_world):
    w = world(readiness_world, db)
    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    link = f"/readiness/units/{w.unit.id}/languages?all=1"
    html = client.get(link).get_data(as_text=True)
    assert all(p.service_number in html for p in w.people)
    response = client.post(link, data={"language": "fr", "assessed_by": "Test",
                                       "assessed_on": today().isoformat(),
                                       f"level-{w.people[5].id}": "1"})
    assert response.status_code == 302
    assert db.session.scalar(db.select(LanguageProficiency).where(
        LanguageProficiency.person_id == w.people[5].id)).language == "fr"


def test_other_state_404_un_officer_403(client, db, make_user, login_as, readiness_world,
                                        settle):
    w = world(readiness_world, db)
    unit_id, person_id = w.unit.id, w.people[1].id
    settle()
    link = f"/readiness/units/{unit_id}/languages"
    login_as(make_user(Role.CENTRE_REGISTRAR, "GHA"))
    assert client.get(link).status_code == 404
    assert client.post(link, data={"language": "en", "assessed_by": "x",
                                   "assessed_on": today().isoformat(),
                                   f"level-{person_id}": "2"}).status_code == 404
    client.post("/auth/logout")
    login_as(make_user(Role.UN_OFFICER))
    assert client.get(link).status_code == 403
    assert link not in client.get(f"/units/{unit_id}").get_data(as_text=True)
    assert records() == 1


def test_languages_page_in_french(client, db, make_user, login_as, readiness_world):
    ensure_translations()
    w = world(readiness_world, db)
    login_as(make_user(Role.CENTRE_REGISTRAR, "KEN"))
    client.post("/lang/fr")
    html = client.get(f"/readiness/units/{w.unit.id}/languages").get_data(as_text=True)
    assert "Langues des postes clés" in html and "Enregistrer les langues" in html
    assert "Test de langue" in html
