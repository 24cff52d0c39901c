"""Finding a certificate from its printed serial and the holder's surname (/verify/lookup)."""
from datetime import timedelta

import pytest

from app.certification import services
from app.timeutil import today
from tests.factories_certification import CODES


@pytest.fixture
def issued(app, db, cert_env, trained, make_user):
    person = trained(completed_on=today() - timedelta(days=30), given_name="Amina",
                     family_name="Ótieno Wanjiru")
    cert = services.issue_individual(person, CODES, make_user("certifying_officer"), today())
    db.session.commit()
    return cert


def lookup(client, serial, surname):
    return client.post("/verify/lookup", data={"serial": serial, "surname": surname})


@pytest.mark.parametrize("surname", ["Ótieno Wanjiru", "otieno wanjiru", "  OTIENO   WANJIRU ",
                                     "Wanjiru"])
def test_serial_and_surname_lead_to_the_verify_page(client, issued, surname):
    response = lookup(client, issued.serial.lower(), surname)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/verify/{issued.token}")
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("serial, surname", [
    ("{serial}", "Otieno"),         # not the end of the name
    ("{serial}", "Amina"),          # a given name
    ("{serial}", "jiru"),           # part of a word
    ("{other}", "Wanjiru"),         # another serial
])
def test_every_miss_gets_the_same_answer(client, issued, serial, surname):
    number = int(issued.serial.rsplit("-", 1)[1])
    other = f"{issued.serial.rsplit('-', 1)[0]}-{number + 1:06d}"
    response = lookup(client, serial.format(serial=issued.serial, other=other), surname)
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "No certificate matches this serial and surname." in body
    assert issued.token not in body and issued.holder_name not in body


def test_malformed_input_is_explained(client, issued):
    response = lookup(client, "KEN 2026 123", "")
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "A serial looks like KEN-2026-000123." in body and "Enter the holder" in body


def test_the_lookup_form_in_french(client, issued):
    page = client.get("/verify", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Retrouver un certificat par son numéro de série" in page
    miss = client.post("/verify/lookup", data={"serial": issued.serial, "surname": "Nobody"},
                       headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Aucun certificat ne correspond à ce numéro de série et à ce nom." in miss
